"""Scanned PDFs: OCR into cells and lines, OCR scores on the figures, the rules deciding what is answerable."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.load import LoadError, load_text
from indexer.load.common import place_lines
from indexer.load.ocr import OcrLine, _round_zero
from indexer.model import Fact, Report
from indexer.ocr_trust import apply_ocr, cell_score
from indexer.read import read_report
from tests.synth import generate
from tests.synth.scan import can_scan, scan_pdf

needs_font = pytest.mark.skipif(not can_scan(), reason="the CJK font scans are drawn with is not installed")

_REVIEW = ["upheld", "corrected", "other_result", "pending", "total"]
_REVIEW_ROWS = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"]


def _review_report(values: list[int]) -> tuple[Report, tuple[tuple[int, OcrLine], ...]]:
    """A report whose review table (one line, 15 figures) was read by OCR, every cell scored 0.9x."""
    cells = tuple((str(v), 0.9 + i / 1000) for i, v in enumerate(values))
    line = OcrLine("\t".join(str(v) for v in values), cells)
    facts = [Fact("review", r, c, values[5 * i + j], None, 12) for i, r in enumerate(_REVIEW_ROWS)
             for j, c in enumerate(_REVIEW)]
    facts.append(Fact("active", "licensing", "decisions", 805, None, 7))  # a line with no OCR: stays as it is
    return Report("scan.pdf", "scan.pdf", "", facts=facts), ((12, line),)


def test_consistent_ocr_table_is_answerable_with_scores() -> None:
    rep, ocr = _review_report([3, 31, 0, 15, 49, 16, 8, 0, 28, 52, 19, 3, 6, 34, 62])
    apply_ocr(rep, ocr)
    review = [f for f in rep.facts if f.table == "review"]
    assert all(f.confidence == "high" for f in review) and not rep.notes
    assert [f.ocr_score for f in review][:3] == [0.9, 0.901, 0.902]
    corrected = next(f for f in review if (f.row, f.column) == ("litigation_direct", "corrected"))
    assert corrected.ocr_score == 0.906  # the cell printing 8, not another cell of the line
    untouched = next(f for f in rep.facts if f.table == "active")
    assert untouched.ocr_score is None and untouched.confidence == "high"


def test_ocr_table_breaking_a_rule_is_low_confidence() -> None:
    rep, ocr = _review_report([3, 31, 0, 15, 49, 16, 3, 0, 28, 52, 19, 3, 6, 34, 62])  # 8 misread as 3
    apply_ocr(rep, ocr)
    review = [f for f in rep.facts if f.table == "review"]
    assert all(f.confidence == "low" for f in review)  # the whole table, not only the row that breaks
    assert rep.notes == ["review: read by OCR and breaks a consistency rule: 15 figures low confidence"]


def test_ocr_figure_no_rule_covers_is_low_confidence() -> None:
    rep = Report("scan.pdf", "scan.pdf", "", facts=[Fact("active", "licensing", "decisions", 805, None, 3)])
    apply_ocr(rep, ((3, OcrLine("行政许可\t805", (("行政许可", 0.99), ("805", 0.97)))),))
    assert rep.facts[0].confidence == "low" and rep.facts[0].ocr_score == 0.97


@pytest.mark.parametrize(("values", "answer"), [([3, 31, 0, 15, 49, 16, 8, 0, 28, 52, 19, 3, 6, 34, 62], 49),
                                               ([3, 31, 0, 15, 49, 16, 3, 0, 28, 52, 19, 3, 6, 34, 62], None)])
def test_stored_ocr_figures_answered_only_when_confirmed(tmp_path: Path, values: list[int], answer: int | None) -> None:
    from app.lookup import compute
    from app.understand.fields import Field
    from indexer.store import Store

    rep, ocr = _review_report(values)
    rep.body, rep.year, rep.template = "金清街道办事处", 2023, "2021"
    apply_ocr(rep, ocr)
    store = Store(tmp_path / "facts.sqlite")
    store.add_report(rep, "x", [])
    store.commit()
    facts = store.facts(report="scan.pdf", table="review")
    assert [f.ocr_score for f in facts][:2] == [0.9, 0.901] and facts[0].to_dict()["ocr_score"] == 0.9
    fig = compute(store.reports()[0], Field("review", "reconsideration", "total"), facts)
    assert fig.value == answer and fig.problem == (None if answer else "low_confidence")


def test_cell_score_without_a_matching_cell_takes_the_lowest() -> None:
    fact = Fact("requests", "new_received", "total", 1382, None, 1)
    assert cell_score(fact, [("一、本年新收", 0.99), ("1,382", 0.91)]) == 0.91
    assert cell_score(fact, [("一、本年新收", 0.99), ("1 38", 0.8)]) == 0.8


def test_a_lone_round_glyph_in_a_ruled_cell_reads_zero() -> None:
    assert [_round_zero(t, 0.9) for t in ("。", "o", "〇")] == [("0", 0.9)] * 3
    assert [_round_zero(t, 0.9)[0] for t in ("口", "D", "。。", "10", "")] == ["口", "D", "。。", "10", ""]


def test_place_lines_follows_normalisation() -> None:
    raw = ["", "", "标题  ", "", "", "", "", "a\tb\t", "x"]
    text = "标题\n\n\na\tb\t\nx\n"
    assert place_lines(raw, [(2, "t"), (7, "row"), (8, "x")], text) == ((1, "t"), (4, "row"), (5, "x"))


@needs_font
def test_ocr_bounded_by_pages_and_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.load import pdf

    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(generate(1, "pdf", parts=(4,)).data, 100, seed=1))
    monkeypatch.setattr(pdf, "MAX_OCR_PAGES", 0)
    with pytest.raises(LoadError, match=r"scan\.pdf: scanned PDF with more than 0 pages to OCR"):
        load_text(path)
    monkeypatch.setattr(pdf, "MAX_OCR_PAGES", 5)
    monkeypatch.setattr(pdf, "OCR_SECONDS", -1.0)
    with pytest.raises(LoadError, match=r"scan\.pdf: OCR took longer than -1 s \(0 pages read\)"):
        load_text(path)


@needs_font
def test_scanned_report_figures(tmp_path: Path) -> None:
    """One scanned page (tables 2 and 4 of a synthetic report) at 150 dpi, turned 0.5-1°: every figure exact.
    (300 dpi and whole reports: bench/ocr.py; OCR is too slow for more here.)"""
    dpi, parts = 150, (2, 4)
    rep = generate(1, "pdf", parts=parts)
    path = tmp_path / f"scan{dpi}.pdf"
    path.write_bytes(scan_pdf(rep.data, dpi, seed=dpi))
    got = read_report(path)
    facts = {f.key(): f for f in got.facts}
    assert {k: f.value for k, f in facts.items()} == {k: v for k, (v, _) in rep.expected.items()}
    assert all(f.ocr_score is not None and 0.5 <= f.ocr_score <= 1 for f in got.facts)
    assert got.body == rep.body and got.year == rep.year
    review = [f for f in got.facts if f.table == "review"]
    assert len(review) == 15 and all(f.confidence == "high" for f in review)  # rule 4 confirms every figure
    active = [f for f in got.facts if f.table == "active"]
    assert len(active) == 10 and all(f.confidence == "low" for f in active)  # no rule covers table 2

