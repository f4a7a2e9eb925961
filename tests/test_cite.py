"""Citations: a flattened report (the whole table on one line) highlights the figure's row, not the line;
sources named as the report (body and year) with its original address where the text gives one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.web.cite import origin_url, report_name, row_span
from app.web.render import render_answer, render_citation
from indexer.read import read_report

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
FLAT = REAL / "010_pingtan_2020.txt"  # 平潭 2020: the report's text run together on one line
PORTAL = REAL / "015_putian_hyyyj_2023.txt"  # a portal crawl with 原始链接 in its header block


def as_dict(rep: object, fact: object) -> dict:
    """A fact as the engine's JSON gives it."""
    return {"report": rep.report, "body": rep.body, "year": rep.year, "template": rep.template, "table": fact.table,
            "row": fact.row, "column": fact.column, "value": fact.value, "unit": fact.unit, "line": fact.line}


@pytest.mark.skipif(not FLAT.exists(), reason="no real reports in ../shared/corpus/real")
def test_flattened_report_highlights_the_row_not_the_line() -> None:
    """平潭 2020's granted-in-full row: the mark holds its label and numbers, a few dozen characters of a long line."""
    rep = read_report(FLAT)
    fact = next(f for f in rep.facts if (f.table, f.row, f.column) == ("requests", "unable.not_held", "total"))
    line = rep.text.split("\n")[fact.line - 1]
    assert len(line) > 3000  # the flattened line
    html = render_citation(as_dict(rep, fact), lambda _: rep.text, open_=True)
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", html)
    assert len(marked) == 1 and marked[0].startswith("1.本机关不掌握相关政府信息")
    assert marked[0].endswith(str(fact.value)) and len(marked[0]) < 40
    shown = re.search(r'<div class="qa-context">(.*?)</div></div>', html).group(1)
    assert len(re.sub(r"<[^>]+>", "", shown)) < 250  # a window around the row, not the 5,900-character line
    assert "平潭综合实验区 2020年年报 第" in html and FLAT.name not in re.sub(r'="[^"]*"', "", html)


def test_row_span_skips_the_next_rows_number() -> None:
    """Run-together cells: the row's numbers end before the next row's "3." label."""
    line = "前文1.本机关不掌握相关政府信息40000042.没有现成信息需要另行制作20000023.补正后申请内容仍不明确3000003"
    start, end = row_span(line, "requests", "unable.needs_creation", 2)
    assert line[start:end] == "2.没有现成信息需要另行制作2000002"


@pytest.mark.skipif(not PORTAL.exists(), reason="no real reports in ../shared/corpus/real")
def test_original_address_shown_where_the_report_has_one() -> None:
    """A crawled page's 原始链接 becomes the citation's 原文链接; a seed report without one shows none."""
    rep = read_report(PORTAL)
    assert origin_url(rep.text).startswith("https://www.putian.gov.cn/")
    fact = rep.facts[0]
    html = render_citation(as_dict(rep, fact), lambda _: rep.text)
    assert 'class="qa-origin">原文链接</a>' in html and "https://www.putian.gov.cn/" in html
    seed = Path(__file__).resolve().parent.parent / "reports" / "wangwu-2020.txt"
    assert origin_url(seed.read_text(encoding="utf-8")) is None


def test_answer_names_the_source_once() -> None:
    """The engine's "出处：file 第N行" line is dropped from the text when the citation below names the source."""
    fact = {"report": "wangwu-2020.txt", "body": "王屋镇人民政府", "year": 2020, "template": "2021",
            "table": "requests", "row": "new_received", "column": "total", "value": 2, "unit": None, "line": 128}
    result = {"answer": "王屋镇人民政府2020年为 2 件。\n出处：wangwu-2020.txt 第128行，三表", "value": 2,
              "facts": [fact], "passages": []}
    html = render_answer(result, "王屋镇2020年收到多少申请？", lambda _: None)
    assert html.count("第128行") == 1 and "出处：wangwu" not in html
    assert report_name("王屋镇人民政府", 2020) + " 第128行" in html
