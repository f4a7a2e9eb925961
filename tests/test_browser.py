"""The web app in headless Chromium (Debian's, driven by playwright-core): chat, citation, widget, embedding, XSS."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.web_support import ROOT, LiveServer, free_port

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_DIR = ROOT / "tests" / "browser"
ARTIFACTS = ROOT / "artifacts" / "browser"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and NODE and (BROWSER_DIR / "node_modules" / "playwright-core").is_dir()),
    reason="headless Chromium or playwright-core missing: run tests/browser/setup.sh")


class Quiet(SimpleHTTPRequestHandler):
    """A static file handler that does not log every request."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        """Say nothing."""
        pass


@pytest.fixture(scope="module")
def host_page() -> Iterator[str]:
    """examples/ served on another port (another origin), as a portal would host the example page."""
    server = ThreadingHTTPServer(("127.0.0.1", free_port()),
                                 functools.partial(Quiet, directory=str(ROOT / "examples")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/embed.html"
    server.shutdown()


def drive(app_url: str, out: Path, mode: str = "checks", host: str = "") -> dict:
    """Run tests/browser/drive.js against the app; what it saw, as a dict."""
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([NODE, str(BROWSER_DIR / "drive.js"), app_url, str(out), mode, host],
                          capture_output=True, text=True, timeout=400, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_chat_widget_embedding_and_hostile_report(web_server: LiveServer, host_page: str) -> None:
    """Chat, citation, hostile report, widget and the three embeddings, in Chromium."""
    seen = drive(web_server.url, ARTIFACTS, "checks", host_page)
    # a figure question: the number, its unit and a citation that opens onto the cell and the highlighted line
    assert (seen["value"], seen["unit"]) == ("2", "件")
    assert "wangwu-2020.txt 第128行" in seen["citation"]
    assert "本年新收政府信息公开申请数量 › 总计 = 2 件" in seen["citation"]
    assert seen["hit_line"].startswith("128") and "一、本年新收政府信息公开申请数量" in seen["hit_line"]
    # a report holding <script> and <img onerror>: shown as text in the chat, the reports view and the text page
    assert "<script>window.__xss = 'script';</script>" in seen["hostile_citation"]
    assert "onerror=" in seen["hostile_citation"] and seen["chat_markup"] == 0
    assert "<script>window.__xss" in seen["report_text"] and seen["report_markup"] == 0
    assert "<img src=x onerror=" in seen["page_text"]
    assert seen["xss"] is None and seen["xss_report_page"] is None and "dialog" not in seen
    # the look-up follows a change of table without the "not in the list of choices" error
    assert "行政复议" in seen["lookup_result"] and not seen["lookup_error"]
    # the widget answers ?q= on arrival, and holds just the chat
    assert seen["widget_value"] == "2" and seen["widget_tabs"] == 0
    # the example host page on another origin: web component, iframe with ?q=, floating button
    assert seen["web_component"] and seen["iframe_value"] == "2" and seen["button_value"] == "2"
    for shot in ("chat.png", "hostile-chat.png", "hostile-report.png", "widget.png", "embed-host-page.png"):
        assert (ARTIFACTS / shot).stat().st_size > 10_000
