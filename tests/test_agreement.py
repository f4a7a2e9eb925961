"""The chat and the look-up agree: every cell of every seed and real report, asked both ways, same answer."""

from __future__ import annotations

import hashlib

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
