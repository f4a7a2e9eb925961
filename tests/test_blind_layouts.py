"""The blind layout corpus (bench/blind_layouts: 28 reports in layouts of other portals, written with their truth
by a session that never saw the parser): every printed cell read exactly, no wrong or extra figure, and each
report's body and year from its title. bench/truth.py prints the same per report."""

from __future__ import annotations

import pytest

from bench.truth import DEFAULT, Score, load_meta, score_folder

TOTAL_CELLS = 5413  # printed, non-blank cells in truth.tsv
EXACT = 5413  # read exactly today (before issue 12's unseen-layout work: 4813)


@pytest.fixture(scope="module")
def scores() -> list[Score]:
    return score_folder(DEFAULT)


def test_no_wrong_or_extra_figure(scores: list[Score]) -> None:
    assert [(s.report, s.wrong) for s in scores if s.wrong] == []
    assert [(s.report, s.extra) for s in scores if s.extra] == []


def test_cells_read_exactly(scores: list[Score]) -> None:
    assert len(scores) == 28
    assert sum(s.cells for s in scores) == TOTAL_CELLS
    assert sum(s.exact for s in scores) == EXACT
    assert [s.status for s in scores] == [f"read ({s.cells} cells)" for s in scores]


def test_body_and_year_of_every_report(scores: list[Score]) -> None:
    meta = load_meta(DEFAULT)
    assert len(meta) == 28
    assert [(s.report, meta[s.report]["body"], meta[s.report]["year"]) for s in scores if not (s.body and s.year)] == []
