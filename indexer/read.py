"""One report file -> parsed Report: load its text, then parse it."""

from __future__ import annotations

from pathlib import Path

from indexer.load import LoadError, load_text
from indexer.model import Report
from indexer.ocr_trust import apply_ocr
from indexer.parse import parse_text

REPORT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
# Bump when a change to load/ or parse/ changes the text, parts or facts read from a file: an index built by an
# older parser must then be rebuilt (its reports are re-read, not reused).
PARSER_VERSION = 7  # 3: collapsed runs, one-cell-a-line dumps, headings told from mentions, header-block metadata;
# 4: scanned PDFs read by OCR; 5: parts numbered 1. / 1．, no row label in prose, a title wrapped in 年度报告;
# 6: cells every expansion of a collapsed run agrees on; 7: rows printed whole on a line of their own, out of order


class NotAReport(Exception):
    """The file was read but holds no recognisable annual report."""


def read_report(path: str | Path) -> Report:
    """Load and parse one report; raises LoadError or NotAReport with a message naming the file."""
    p = Path(path)
    loaded = load_text(p)
    report = parse_text(loaded.text, p.name, str(p))
    if loaded.ocr:
        apply_ocr(report, loaded.ocr)
    if report.year is None and report.body is None and not report.facts and not report.parts:
        raise NotAReport(f"{p}: no annual report found (no title with a year, no part headings, no tables)")
    return report


def find_reports(paths: list[str | Path]) -> list[Path]:
    """Report files under the given files or folders, sorted, by suffix."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES
                          and not f.name.startswith("."))
        else:
            out.append(p)
    return out


__all__ = ["LoadError", "NotAReport", "find_reports", "read_report"]
