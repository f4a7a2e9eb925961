"""The web app in headless Chromium (Debian's, driven by playwright-core): chat, citation, widget, embedding, XSS."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.web_support import ROOT, LiveServer, free_port

CHROMIUM = Path("/usr/bin/chromium")
DOCS_SHOTS = ROOT / "docs" / "screenshots"
UPDATE_DOCS = "UPDATE_DOCS_SCREENSHOTS"  # set (make screenshots): the tests' best screenshots go to docs/screenshots
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


def keep_for_docs(shots: dict[str, str]) -> None:
    """Copy these screenshots (artifact name: docs name) to docs/screenshots when $UPDATE_DOCS_SCREENSHOTS is set."""
    if os.environ.get(UPDATE_DOCS):
        for artifact, name in shots.items():
            shutil.copyfile(ARTIFACTS / artifact, DOCS_SHOTS / name)


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
    assert "王屋镇人民政府 2020年年报 第128行" in seen["citation"] and "wangwu-2020.txt" not in seen["citation"]
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


def walk(app_url: str, host: str) -> dict:
    """Run tests/browser/walk.js (desktop and phone); what it saw, also kept as artifacts/browser/walk-seen.json."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([NODE, str(BROWSER_DIR / "walk.js"), app_url, str(ARTIFACTS), host],
                          capture_output=True, text=True, timeout=500, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    (ARTIFACTS / "walk-seen.json").write_text(json.dumps(seen, ensure_ascii=False, indent=2), encoding="utf-8")
    return seen


def test_citizens_and_webmasters_at_desktop_and_phone_sizes(web_server: LiveServer, host_page: str) -> None:
    """Examples the index answers, sources named once, scroll, long pastes, the embed tab, phone layout, the panel."""
    seen = walk(web_server.url, host_page)
    # examples: chosen from the index and answered (the first one clicked gives a figure)
    assert 2 <= len(seen["examples"]) <= 4 and seen["example_value"].isdigit()
    # the source named once, as the report (body and year), not as a file name
    assert "wangwu-2020.txt" not in seen["answer_text"] and "出处" not in seen["answer_text"]
    assert seen["citation_summary"].endswith("王屋镇人民政府 2020年年报 第128行")
    assert seen["chat_box"]["y"] <= seen["answer_box"]["y"] < seen["chat_box"]["bottom"]  # in view when shot
    assert "打开报告全文" in seen["citation_links"]
    # the user scrolled up; the next answer is in view, its question and figure inside the chat
    s = seen["scrolled"]
    assert s["chat_top"] <= s["question_top"] < s["value_bottom"] <= s["chat_bottom"]
    # a 2,000-character paste: counted against the limit, kept in the box, refused naming the limit
    assert seen["counter"].startswith("2000 / 300") and seen["box_length"] == 2000 == seen["box_after"]
    assert "300" in seen["long_reply"]
    # the paste shown in the chat only begun, with its length; the counter above 新对话, not over it
    assert seen["long_question"] == "请问" * 30 + "……（共 2000 字）"
    assert seen["count_box"]["h"] > 0 and seen["count_box"]["bottom"] <= seen["new_box"]["y"]
    # the embed tab: this server's address, data-q and data-label, no HOST placeholder or repository file
    assert f'{web_server.url}/embed.js' in seen["embed_help"] and "HOST" not in seen["embed_help"]
    assert "data-q" in seen["embed_help"] and "data-label" in seen["embed_help"]
    assert "docs/" not in seen["embed_help"] and "examples/" not in seen["embed_help"]
    assert "max-width:480px" in seen["embed_help"] and 'width="420"' not in seen["embed_help"]
    # a Chinese browser: Gradio's own words in Chinese, and the help names the footer's link as it shows
    assert "通过 API 使用" in seen["footer"] and "Built with" not in seen["footer"]
    assert "通过 API 使用" in seen["embed_help"]
    # the phone: the input above the fold on landing, nothing wider than the screen
    assert seen["phone_input"]["bottom"] <= 844 and seen["phone_width"] <= 390
    w = seen["widget"]
    assert w["input"]["x"] <= 16 and w["input"]["w"] >= 0.7 * 390 and w["send"]["w"] <= 0.2 * 390
    assert w["new"]["bottom"] <= 844 and w["scroll_height"] <= 844 and w["value"]["y"] >= 0
    assert "王屋镇" in w["placeholder"]
    for fit in (seen["phone_placeholder"], w["placeholder_fit"]):  # the placeholder's lines whole, not cut off
        assert fit["need"] <= fit["room"] + 0.5, fit
    # the floating panel: orange, a title bar with ×, tall enough (新对话 inside), figure in view, × and Escape close
    for tag in ("desktop", "phone"):
        p = seen[tag]
        assert p["button_colour"] == "rgb(249, 115, 22)" and p["value"] == "2"
        assert "×" in p["title"] and p["closed_by_x"] and p["closed_by_escape"]
        assert p["new_in_frame"]["bottom"] <= p["frame_height"] and p["value_in_frame"]["y"] >= 0
    assert seen["desktop"]["dialog"]["h"] >= 640
    # on a phone the panel fills the screen; the fluid iframe does not widen the page
    assert seen["phone"]["dialog"] == {"x": 0, "y": 0, "w": 390, "h": 844, "bottom": 844}
    assert seen["phone"]["page_width"] <= 390 and seen["phone"]["button"]["x"] + seen["phone"]["button"]["w"] <= 390
    for shot in ("desktop-chat.png", "desktop-scrolled.png", "phone-home.png", "phone-widget.png",
                 "phone-embed-panel.png", "desktop-embed-panel.png", "desktop-lookup.png", "phone-lookup.png",
                 "desktop-compare.png", "phone-compare.png"):
        assert (ARTIFACTS / shot).stat().st_size > 10_000
    staff_pickers(seen)
    keep_for_docs({"desktop-chat.png": "chat.png", "desktop-lookup.png": "lookup.png",
                   "desktop-compare.png": "compare.png", "phone-widget.png": "phone-widget.png",
                   "phone-embed-panel.png": "phone-embed-panel.png", "phone-lookup-long-row.png": "phone-lookup.png"})


LONG_ROW = "（六）其他处理 › 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"


def staff_pickers(seen: dict) -> None:
    """The look-up and compare at both sizes: every picker's label readable, the source named as the report."""
    for tag, width in (("desktop", 1280), ("phone", 390)):
        lk = seen[f"{tag}_lookup"]
        assert lk["width"] <= width and lk["compare_width"] <= width
        # each picker shows its label whole, inside the screen; the open list wraps long labels
        for picker in ("body", "year", "table", "row", "column"):
            assert not lk[picker]["cut"] and lk[picker]["right"] <= width, (tag, picker, lk[picker])
        assert len(lk["options"]) == 25 and not [o for o in lk["options"] if o["cut"] or o["right"] > width]
        # the longest row: whole in its box on a desktop; on a phone cut in the box but whole above it
        long = lk["long_row"]
        assert long["value"] == LONG_ROW and long["info"] == ("" if tag == "desktop" else LONG_ROW)
        assert long["cut"] == (tag == "phone")
        assert "逾期不补正" in lk["result"]
        # the figure: its source named once, as the report, no file name; English ids nowhere
        assert lk["figure"].startswith("2\n件") and "王屋镇人民政府 2020年年报 第128行" in lk["figure"]
        assert "wangwu-2020.txt" not in lk["figure"] and "出处：" not in lk["figure"]
        assert "（natural persons）" not in lk["figure"] and "自然人 = 2 件" in lk["figure"]
        # compare: the cell compared named above the table, a body a line; the CSV named in words
        assert lk["compare"].startswith("三、收到和处理政府信息公开申请情况 › 一、本年新收政府信息公开申请数量 › 总计")
        assert "王屋镇人民政府\t2\t" in lk["compare"] and lk["compare_box"]["x"] + lk["compare_box"]["w"] <= width
        assert "对比_一本年新收政府信息公开申请数量_总计.csv" in lk["csv"].replace("\n", "") and "new_" not in lk["csv"]
