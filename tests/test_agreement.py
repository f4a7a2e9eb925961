"""The chat and the look-up agree: every cell of every seed and real report, asked both ways, same answer."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.kinds.clarify import cell_question
from app.understand.fields import Field
from app.web.backend import Backend
from app.web.lookup import lookup
from indexer.check import check_report
from indexer.read import LoadError, NotAReport, find_reports, read_report
from indexer.schema import TABLES, row_columns
from indexer.store import Store
from tests.conftest import REAL, need_shared
from tests.test_answer import REPORTS

SAME = ("answer", "value", "facts", "unit", "citation", "findings", "kind", "reason", "choices")


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Backend:
    need_shared(REAL)
    folder = tmp_path_factory.mktemp("agree")
    store = Store(folder / "facts.sqlite")
    for path in find_reports([REPORTS, REAL]):
        try:
            rep = read_report(path)
        except (LoadError, NotAReport):  # the corpus's README
            continue
        store.add_report(rep, hashlib.sha256(path.read_bytes()).hexdigest(), check_report(rep))
    store.commit()
    store.close()
    return Backend(folder)


def cells(template: str) -> list[Field]:
    """Every cell of a template's three tables (a template of none: those of the 2021 template)."""
    tables = TABLES.get(template, TABLES["2021"])
    return [Field(t, r.id, c.id) for t in tables for r in tables[t].rows for c in row_columns(t, r.id, template)]


def test_every_cell_the_same_by_chat_and_look_up(backend: Backend) -> None:
    """Each cell's question (as the chat's own choices word it) and its look-up get the same answer."""
    asked, differ = 0, []
    for rep in backend.reports():
        if not rep.body or not rep.year:
            continue
        for f in cells(rep.template):
            chat = backend.ask(cell_question(rep.body, rep.year, f, rep.template))
            staff = lookup(backend, rep.body, rep.year, f.table, f.row, f.column)
            asked += 1
            got = {k: (chat.get(k), staff.get(k)) for k in SAME if chat.get(k) != staff.get(k)}
            if got:
                differ.append((rep.report, f, got))
    assert asked > 1000 and not differ, f"{len(differ)} of {asked} differ, e.g. {differ[:3]}"


def test_look_up_defaults_to_the_column_the_report_prints(backend: Backend) -> None:
    """A 2021-template report: 行政许可 and 行政事业性收费 default to the columns it prints, with the chat's figures."""
    from app.web.lookup import cell_pickers
    from app.web.staff import template_for

    body = "淮安市洪泽区人民政府"
    assert template_for(backend.corpus(), body, 2024) == "2021"
    rows, cols = cell_pickers("2021", "active", "licensing", "prev_count")
    assert rows["value"] == "licensing" and cols["value"] == "decisions"
    assert [c for _, c in cols["choices"]] == ["decisions"]  # only the columns this template prints
    rows, _ = cell_pickers("2021", "active", "other_services", None)
    assert "other_services" not in [r for _, r in rows["choices"]] and rows["value"] == "regulations"
    for row, value, unit in (("licensing", 9487, "件"), ("fees", 7545, "万元")):
        got = lookup(backend, body, 2024, "active", row, cols["value"] if row == "licensing" else "amount")
        chat = backend.ask(f"洪泽区2024年{'行政许可' if row == 'licensing' else '行政事业性收费'}是多少？")
        assert (got["value"], got["unit"]) == (chat["value"], chat["unit"]) == (value, unit)


def test_unknown_cell_is_an_error_naming_what_is_allowed(backend: Backend) -> None:
    from app.web.staff import CellError

    with pytest.raises(CellError, match="new_received") as err:
        lookup(backend, "王屋镇人民政府", 2020, "requests", "new_recieved", "total")
    assert "granted" in err.value.allowed
    with pytest.raises(CellError, match="amount"):
        lookup(backend, "王屋镇人民政府", 2020, "active", "regulations", "amount")


def test_compare_tells_no_report_from_blank_and_links_each_figure(backend: Backend) -> None:
    """No report, printed figures (linked to their line) and a cell the report leaves blank, told apart; the
    CSV has the screen's layout, Chinese headers and a BOM."""
    from app.web.lookup import compare
    from app.web.render import render_compare
    from app.web.staff import pivot, write_csv

    got = compare(backend, ["王屋镇人民政府", "沭阳县发展和改革局"], [2020, 2023], "requests", "new_received",
                  "commercial")
    cells = {(r["key"], r["year"]): r for r in got["rows"]}
    assert cells[("王屋镇人民政府", 2020)]["value"] == 0 and cells[("王屋镇人民政府", 2023)]["problem"] == "no_report"
    assert cells[("沭阳县发展和改革局", 2023)]["problem"] == "missing"  # printed blank on the portal page
    field = Field("requests", "new_received", "commercial")
    header, lines = pivot(got["rows"], field)
    html = render_compare(header, lines, "http://x")
    assert 'href="http://x/report/wangwu-2020.txt#L128"' in html and "无此年报" in html and "空白" in html
    raw = Path(write_csv(got["rows"], field)).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = raw.decode("utf-8-sig").splitlines()
    assert rows[1] == "机关,2020年（件）,2023年（件）" and rows[2].startswith("王屋镇人民政府,0,无此年报")
