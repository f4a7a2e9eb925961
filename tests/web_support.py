"""Shared by the web and browser tests: a real index of the bundled reports plus a hostile one, a live server."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
HOSTILE = "anle-2020.txt"  # a report whose text carries markup that must render inert
SCRIPT_LINE = "<script>window.__xss = 'script';</script>"
IMG_LINE = "<img src=x onerror=\"window.__xss = 'img'\">"
ADMIN_TOKEN = "test-admin-token"


def hostile_report(folder: Path) -> Path:
    """Write a copy of the 王屋镇 report as 安乐镇, with a <script> and an <img onerror> in its prose and table."""
    text = (REPORTS / "wangwu-2020.txt").read_text(encoding="utf-8").replace("王屋", "安乐")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[at:at] = [SCRIPT_LINE, IMG_LINE]
    first = next(i for i, line in enumerate(lines) if line.startswith("一、总体情况"))
    lines[first + 1:first + 1] = [f"安乐镇公开渠道说明{SCRIPT_LINE}以及{IMG_LINE}均以门户网站为准。"]
    path = folder / HOSTILE
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def build_test_index(dest: Path) -> Path:
    """A real index (facts, passages, vectors) of reports/ plus the hostile report, built by the indexer."""
    from indexer.build import build_index

    sources = dest.parent / f"{dest.name}-sources"
    sources.mkdir(parents=True, exist_ok=True)
    for p in REPORTS.glob("*.txt"):
        (sources / p.name).write_bytes(p.read_bytes())
    hostile_report(sources)
    build_index([sources], dest, progress=False)
    return dest


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real app served by uvicorn in a thread, on a free port."""

    def __init__(self, app: object) -> None:
        """Configure uvicorn on a free port."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        """Start serving; wait until /health answers."""
        self.thread.start()
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the web app did not start")

    def __exit__(self, *exc: object) -> None:
        """Stop serving."""
        self.server.should_exit = True
        self.thread.join(timeout=10)



@pytest.fixture(scope="session")
def web_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real index for the web and browser tests (reports/ plus the hostile report), built once."""
    return build_test_index(tmp_path_factory.mktemp("web") / "index")


@pytest.fixture(scope="session")
def web_server(web_index: Path) -> Iterator[LiveServer]:
    """The real web app (real engine, admin token set) served over web_index."""
    from app.web import build_app

    with LiveServer(build_app(web_index, admin_token=ADMIN_TOKEN)) as server:
        yield server
