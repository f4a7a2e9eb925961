"""Figures read by OCR: each gets its cell's OCR score, and stays answerable only where the consistency rules
confirm it (its table breaks no rule, and a rule that holds would break were the figure misread)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from indexer.check import check_facts
from indexer.model import Fact, Report

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _cell_number(text: str) -> float | None:
    """The number a cell prints (thousands separators and spaces dropped), else None."""
    flat = text.replace(",", "").replace("，", "").replace(" ", "")
    m = _NUMBER.search(flat)
    return float(m.group()) if m else None


def cell_score(fact: Fact, cells: Iterable[tuple[str, float]]) -> float:
    """The OCR score of the cell a figure was read from: the lowest among the line's cells printing its value
    (the lowest of the line when none prints it as such)."""
    cells = list(cells)
    same = [score for text, score in cells if _cell_number(text) == float(fact.value)]
    return min(same or [score for _, score in cells] or [0.0])


def _confirmed(fact: Fact, facts: list[Fact]) -> bool:
    """Whether some rule that holds involves this figure: changing it breaks a rule."""
    trial = [replace(f, value=f.value + 1) if f is fact else f for f in facts]
    return bool(check_facts(trial))


def apply_ocr(report: Report, ocr: Iterable[tuple[int, Any]]) -> None:
    """Give each figure read from an OCR line its score; figures the rules do not confirm become low confidence."""
    by_line = {line: tag.cells for line, tag in ocr}
    scored = [replace(f, ocr_score=round(cell_score(f, by_line[f.line]), 4)) if f.line in by_line else f
              for f in report.facts]
    broken = {finding.table for finding in check_facts(scored)}
    out, lowered = [], {}
    for f in scored:
        read = f.ocr_score is not None and f.confidence == "high"
        if read and (f.table in broken or not _confirmed(f, [x for x in scored if x.table == f.table])):
            f = replace(f, confidence="low")
            lowered[f.table] = lowered.get(f.table, 0) + 1
        out.append(f)
    report.facts = out
    for table, n in lowered.items():
        why = "breaks a consistency rule" if table in broken else "has figures no consistency rule confirms"
        report.notes.append(f"{table}: read by OCR and {why}: {n} figures low confidence")
