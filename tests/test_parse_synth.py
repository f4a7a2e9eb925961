"""The parser over generated reports in nine layouts: every figure exact, with its unit and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.parse.values import norm
from indexer.read import read_report
from tests.synth import LAYOUTS, generate, write

SEEDS = range(270)  # 30 reports of each layout, both templates


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, object]]:
    folder = tmp_path_factory.mktemp("synth")
    out = []
    for seed in SEEDS:
        rep = generate(seed)
        out.append((rep, read_report(write(rep, folder))))
    return out


def test_every_layout_is_generated(parsed: list) -> None:
    assert {rep.layout for rep, _ in parsed} == set(LAYOUTS)
    assert {rep.template for rep, _ in parsed} == {"2019", "2021"}


def test_every_figure_exact(parsed: list) -> None:
    wrong = []
    for rep, got in parsed:
        facts = {f.key(): (f.value, f.unit) for f in got.facts}
        if facts != rep.expected:
            diff = {k for k in set(facts) | set(rep.expected) if facts.get(k) != rep.expected.get(k)}
            wrong.append((rep.filename, sorted(diff)[:3], got.notes[:2]))
    assert wrong == []
    assert sum(len(rep.expected) for rep, _ in parsed) > 40000


def test_metadata_exact(parsed: list) -> None:
    wrong = [(rep.filename, got.body, got.year, got.template) for rep, got in parsed
             if (got.body, got.year, got.template) != (rep.body, rep.year, rep.template)]
    assert wrong == []


def test_figures_are_mostly_nonzero(parsed: list) -> None:
    values = [v for rep, _ in parsed for v, _ in rep.expected.values()]
    assert sum(1 for v in values if v != 0) / len(values) > 0.8


def test_blank_cells_are_absent_not_zero(parsed: list) -> None:
    blanked = [(rep, got) for rep, got in parsed if len(rep.expected) < len(rep.figures)]
    assert len(blanked) >= 10
    for rep, got in blanked:
        keys = {f.key() for f in got.facts}
        assert keys == set(rep.expected)


def test_line_of_each_figure_holds_it(parsed: list) -> None:
    """In text layouts the cited line shows the figure as printed."""
    for rep, got in parsed:
        if Path(rep.filename).suffix not in (".txt", ".md"):
            continue
        lines = got.text.split("\n")
        for f in got.facts:
            shown = norm(lines[f.line - 1]).replace(",", "")
            assert str(f.value) in shown, (rep.filename, f)


@pytest.mark.parametrize("seed", [270, 943])
def test_blank_first_figure_read_from_the_tables_figure_columns(seed: int, tmp_path: Path) -> None:
    """A row whose first figure is blank (an empty cell right after its label) is read in full when the
    table's other rows show that column holds figures: tab-separated text (270) and a real PDF (943)."""
    rep = generate(seed)
    got = read_report(write(rep, tmp_path))
    assert {f.key(): (f.value, f.unit) for f in got.facts} == rep.expected and got.notes == []


@pytest.mark.parametrize("seed", [342, 639])
def test_blank_at_either_end_of_a_short_row_is_left_out_not_guessed(seed: int, tmp_path: Path) -> None:
    """Six figures for seven cells with an empty cell both after the label and after the last figure: either
    could be the blank one, so the row is left out with a note; every figure given is right (the parser once
    shifted these rows by a column)."""
    rep = generate(seed)
    got = read_report(write(rep, tmp_path))
    facts = {f.key(): (f.value, f.unit) for f in got.facts}
    assert all(rep.expected.get(k) == v for k, v in facts.items())
    missed = {k[1] for k in set(rep.expected) - set(facts)}
    assert missed and all(any(f"row {row}: expected 7 figures, found 6" in n for n in got.notes) for row in missed)
