"""Tests of the synthetic report generator (tests/synth), not of the parser."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest

from indexer.schema import TABLES
from tests.synth import LAYOUTS, SynthReport, generate, write
from tests.synth.figures import check_consistency

SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "markdown": ".md"}


def _text(report: SynthReport) -> str:
    """The report's text content for text and HTML layouts."""
    if report.filename.endswith(".html"):
        return lxml.html.document_fromstring(report.data).text_content()
    return report.data.decode("utf-8")


def test_layouts_listed() -> None:
    """At least the nine layouts of the brief, each picked by some seed."""
    required = {"tabs", "cell_per_line", "pdf_text", "narrow", "markdown", "page_breaks", "html", "pdf", "docx"}
    assert required <= set(LAYOUTS)
    assert {generate(s).filename.split("-", 2)[2].rsplit(".", 1)[0] for s in range(len(LAYOUTS))} == set(LAYOUTS)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_deterministic(layout: str) -> None:
    """The same seed gives the same bytes and facts."""
    a, b = generate(7, layout), generate(7, layout)
    assert a.data == b.data and a.expected == b.expected and a.filename == b.filename


def test_figures_do_not_depend_on_layout() -> None:
    """A seed's figures, body and year are the same whatever the layout."""
    reports = [generate(11, layout) for layout in LAYOUTS]
    assert len({(r.body, r.year, r.template, tuple(sorted(r.expected.items()))) for r in reports}) == 1


@pytest.mark.parametrize("layout", LAYOUTS)
def test_file_opens(layout: str, tmp_path: Path) -> None:
    """Every layout writes a file that exists and opens in its format; the title holds the body."""
    for seed in (1, 2, 30):
        report = generate(seed, layout)
        path = write(report, tmp_path)
        assert path.exists() and path.read_bytes() == report.data
        assert path.suffix == SUFFIX.get(layout, ".txt")
        assert str(seed).zfill(4) in report.filename
        if layout == "pdf":
            assert report.data.startswith(b"%PDF") and report.data.count(b"/Type /Page\n") >= 2
        elif layout == "docx":
            assert zipfile.is_zipfile(io.BytesIO(report.data))
            document = docx.Document(io.BytesIO(report.data))
            assert len(document.tables) >= 3
            assert report.body in "".join(p.text for p in document.paragraphs[:3]).replace("\n", "")
        else:
            text = _text(report)
            assert report.body in text.replace(" ", "") or report.body in text
            assert str(report.year) in text and "政府信息公开" in text
        if layout == "html":
            root = lxml.html.document_fromstring(report.data)
            assert len(root.xpath("//table")) >= 3 and root.xpath("//td[@rowspan]")


@pytest.mark.parametrize("seed", range(60))
def test_consistent_figures(seed: int) -> None:
    """All four consistency rules hold for the figures before blanking."""
    report = generate(seed)
    assert report.figures is not None
    assert check_consistency(report.figures, report.template) == []
    if len(report.expected) == len(report.figures):
        assert {k: v for k, (v, _) in report.expected.items()} == report.figures


def test_expected_covers_every_cell_once() -> None:
    """expected names every figure cell of the template, minus blanked cells, with units."""
    for seed in range(40):
        report = generate(seed)
        cells = {(t.id, r.id, c.id) for t in TABLES[report.template].values() for r in t.rows
                 for c in r.columns}
        assert set(report.expected) <= cells
        assert len(cells) - len(report.expected) <= 4
        for (_, _, col), (value, unit) in report.expected.items():
            assert (unit == "万元") == (col == "amount")
            assert isinstance(value, float) == (col == "amount")


def test_mostly_non_zero_and_varied() -> None:
    """At least 80% of figures are non-zero, and applicant columns differ across a row."""
    values = [v for s in range(50) for v, _ in generate(s).expected.values()]
    assert sum(1 for v in values if v != 0) >= 0.8 * len(values)
    report = generate(5)
    row = [report.figures[("requests", "new_received", c)] for c in ("natural_person", "commercial", "research")]
    assert len(set(row)) == 3


def test_templates_years_blanks() -> None:
    """Both templates appear in seeds 0..49 with their years; some reports blank a few cells."""
    reports = [generate(s) for s in range(50)]
    assert {r.template for r in reports} == {"2019", "2021"}
    for r in reports:
        assert r.year in ((2019, 2020) if r.template == "2019" else range(2021, 2026))
    blanked = [r for r in (generate(s) for s in range(100)) if len(r.expected) < len(r.figures or {})]
    assert 3 <= len(blanked) <= 25
    forced = generate(3, template="2019")
    assert forced.template == "2019" and ("requests", "other", "total") in forced.figures
    forced = generate(3, template="2021")
    assert ("requests", "other.no_fee", "total") in forced.figures


def test_negative_change_and_decimal_amounts() -> None:
    """The 2019 template shows negative 本年增/减 somewhere and decimal amounts in 万元."""
    reports = [generate(s, "tabs", "2019") for s in range(20)]
    assert any(v < 0 for r in reports for (t, _, c), (v, _) in r.expected.items() if c == "change")
    amounts = [v for r in reports for (_, _, c), (v, _) in r.expected.items() if c == "amount"]
    assert amounts and any(v != int(v) for v in amounts)


def test_text_layouts_print_the_figures() -> None:
    """Text layouts print the report's distinctive figures (sanity of rendering, not parsing)."""
    for layout in ("tabs", "cell_per_line", "pdf_text", "narrow", "markdown", "page_breaks"):
        report = generate(4, layout)
        text = _text(report).translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace(",", "")
        for key in (("requests", "handled_total", "total"), ("review", "reconsideration", "total")):
            if key in report.expected:
                assert str(report.expected[key][0]) in text


def test_speed() -> None:
    """200 reports of all layouts generate well under a minute."""
    start = time.perf_counter()
    for seed in range(200):
        generate(seed)
    assert time.perf_counter() - start < 45
