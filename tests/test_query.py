"""The typed query: what the question reader builds, what the staff tools build, and the engine answering it."""

from __future__ import annotations

import pytest

from app.engine import QA
from app.query import Kind, Operation, Query
from app.understand.fields import Field
from tests.test_answer import REPORTS, store_index

QUESTION = "王屋镇2020年收到多少件政府信息公开申请？"
WANGWU = "王屋镇人民政府"


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    return QA(store_index(tmp_path_factory.mktemp("query"), [REPORTS]))


def fact(qa: QA, row: str, column: str = "total", body: str = WANGWU, year: int = 2020) -> float:
    return qa.store.facts(body=body, year=year, table="requests", row=row, column=column)[0].value


def test_the_reader_and_a_built_query_get_the_same_answer(qa: QA) -> None:
    read = qa.read(QUESTION)
    assert (read.operation, read.bodies, read.years, read.cells) == (
        Operation.FIGURE, (WANGWU,), (2020,), (Field("requests", "new_received"),))
    built = Query(Operation.FIGURE, bodies=(WANGWU,), years=(2020,), cells=(Field("requests", "new_received"),))
    assert qa.answer(built) == qa.ask(QUESTION)


def test_state_is_the_query_answered(qa: QA) -> None:
    """A default year the engine chose is in the state, and the follow-up keeps body and figure."""
    got = qa.answer(Query(Operation.FIGURE, bodies=(WANGWU,), cells=(Field("requests", "granted"),)))
    assert got["state"]["years"] == [2020] and got["state"]["kind"] == Kind.FIGURE
    follow = qa.ask("自然人呢？", got["state"])
    assert follow["field"] == {"table": "requests", "row": "granted", "column": "natural_person"}
    assert follow["value"] == fact(qa, "granted", "natural_person")


def test_rate_is_a_share_of_two_cells_with_both_cited(qa: QA) -> None:
    part, whole = Field("requests", "granted", "total"), Field("requests", "new_received", "total")
    got = qa.answer(Query(Operation.RATE, bodies=(WANGWU,), years=(2020,), cells=(part, whole)))
    expected = round(100 * fact(qa, "granted") / fact(qa, "new_received"), 2)
    assert got["kind"] == Kind.RATE and got["value"] == expected and got["unit"] == "%"
    assert {(f["row"], f["column"]) for f in got["facts"]} == {("granted", "total"), ("new_received", "total")}


def test_sum_over_the_reports_of_a_year(qa: QA) -> None:
    got = qa.answer(Query(Operation.SUM, years=(2020,), cells=(Field("requests", "new_received", "total"),)))
    printed = [r for r in got["table"] if r["value"] is not None]
    assert got["kind"] == Kind.AGGREGATE and len(printed) == len(got["table"]) >= 3
    assert got["value"] == sum(r["value"] for r in printed)


def test_difference_of_two_bodies(qa: QA) -> None:
    other = "盐池县王乐井乡"
    cell = Field("requests", "new_received", "total")
    got = qa.answer(Query(Operation.DIFFERENCE, bodies=(WANGWU, other), years=(2020,), cells=(cell,)))
    assert got["kind"] == Kind.COMPARE
    assert got["value"] == fact(qa, "new_received") - fact(qa, "new_received", body=other)
