"""Hostile reports and questions in Chromium: markup in a body's name, a file's name, the prose, the table and the
questions renders inert in the chat, the look-up, the compare table, the reports view, the report pages and the
widget (tests/browser/hostile.js drives the pages; tests/hostile.py writes the reports)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator

import pytest

from tests import hostile
from tests.test_browser import BROWSER_DIR, NODE, pytestmark  # noqa: F401 - the same skip when Chromium is missing
from tests.web_support import ROOT, LiveServer

ARTIFACTS = ROOT / "artifacts" / "browser"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, index_encoder: object) -> Iterator[LiveServer]:
    """The real app over an index of the two hostile reports."""
    from app.engine import QA
    from app.web import build_app

    index = hostile.build_hostile_index(tmp_path_factory.mktemp("hostile") / "index", index_encoder)
    with LiveServer(build_app(index, engine_factory=lambda d: QA(d, encoder=index_encoder))) as server:
        yield server


@pytest.fixture(scope="module")
def seen(hostile_server: LiveServer) -> dict:
    """What Chromium saw in every view."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    config = {"figure": hostile.FIGURE_QUESTION, "markup": hostile.MARKUP_QUESTION, "follow": hostile.FOLLOW_UP,
              "passage": hostile.PASSAGE_QUESTION, "files": [hostile.FILE_2020, hostile.FILE_2021]}
    done = subprocess.run([NODE, str(BROWSER_DIR / "hostile.js"), hostile_server.url, str(ARTIFACTS),
                           json.dumps(config, ensure_ascii=False)], capture_output=True, text=True, timeout=400,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    (ARTIFACTS / "hostile-seen.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return result


def inert(view: dict) -> bool:
    """No element or attribute in the view that could run script."""
    return not view.get("missing") and view["markup"] == 0 and view["attrs"] == 0


def test_nothing_ran_anywhere(seen: dict) -> None:
    """No payload ran: window.__xss was never set and no dialog opened, in any page."""
    assert seen["xss_main"] is None and seen["xss_widget"] is None and seen["dialogs"] == []
    assert [p["xss"] for p in seen["report_pages"]] == [None, None]


def test_chat_and_widget_show_markup_as_text(seen: dict) -> None:
    """The chat (figure, markup, follow-up and passage questions) and the widget: the markup is shown as text."""
    for view in (seen["chat"], seen["widget"]):
        assert inert(view), view
        assert "安乐镇<img/src/onerror=window.__xss='body'//人民政府" in view["text"]
        assert "<img src=x onerror=window.__xss='question'>" in view["text"] and "](javascript:" in view["text"]
    # the follow-up's citation names the report as people do (body and year); its hostile file name is only in
    # the link's address and title, both inert (the reports view shows it as text)
    assert "安乐镇<img/src/onerror=window.__xss='body'//人民政府 2021年年报" in seen["chat"]["text"]


def test_lookup_and_compare_show_the_hostile_body_as_text(seen: dict) -> None:
    """The look-up result, its body choices and the compare table."""
    for name in ("lookup", "lookup_choices", "compare"):
        assert inert(seen[name]), (name, seen[name])
    assert "<img/src/onerror=window.__xss='body'" in seen["lookup"]["text"]
    assert "<img/src/onerror=window.__xss='body'" in seen["compare"]["text"]


def test_reports_view_and_report_pages_show_the_text(seen: dict) -> None:
    """The reports table, the picker, each report in the view and on its own page (/report/<file>)."""
    for view in (seen["reports_table"], seen["reports_pick"], *seen["reports_detail"]):
        assert inert(view), view
    assert hostile.FILE_2021 in seen["reports_table"]["text"]
    for page in seen["report_pages"]:
        assert page["status"] == 200 and inert(page), page
        assert "<script>window.__xss='script'</script>" in page["text"] and "](javascript:" in page["text"]
    for view in seen["reports_detail"]:
        assert "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>" in view["text"]
