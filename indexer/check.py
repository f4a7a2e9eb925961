"""The consistency rules (勾稽关系) of schema.md, run over one report's facts; breaks are findings, said in words."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.model import Fact, Report
from indexer.schema import (
    APPLICANT_COLUMNS,
    OUTCOME_ROW_PREFIXES,
    REQUESTS_2019,
    REQUESTS_2021,
    REVIEW,
    find_row,
    format_value,
    row_columns,
)

_APPLICANTS = tuple(c.id for c in APPLICANT_COLUMNS if c.id != "total")
_COLUMNS = tuple(c.id for c in APPLICANT_COLUMNS)
_ROW_ORDER = list(dict.fromkeys([r.id for r in REQUESTS_2021.rows] + [r.id for r in REQUESTS_2019.rows]))

Cell = tuple[str, str, float | None]  # (row, column, value)


@dataclass(frozen=True)
class Finding:
    """One broken rule: which, in which table and row or column, the printed total, what the parts add up to."""

    rule: int
    table: str
    where: str  # the row (rules 1, 4) or the column (rules 2, 3) the rule was checked on
    printed: float  # the total as printed (rule 2: the two printed totals added)
    expected: float  # what the parts add up to
    totals: tuple[Cell, ...]  # the printed total's cell(s)
    parts: tuple[Cell, ...]  # the parts' cells

    def to_dict(self) -> dict:
        """The finding as stored and sent: structured cells, no text to parse back."""
        cells = [{"row": r, "column": c, "value": v, "role": role}
                 for role, group in (("total", self.totals), ("part", self.parts)) for r, c, v in group]
        return {"rule": self.rule, "table": self.table, "where": self.where, "printed": self.printed,
                "expected": self.expected, "cells": cells}


def _sum_rule(rule: int, table: str, where: str, totals: list[Cell], parts: list[Cell]) -> Finding | None:
    """A finding when every figure is printed and the parts do not add up to the total."""
    if any(v is None for _, _, v in totals + parts):
        return None
    printed = sum(v for _, _, v in totals)  # type: ignore[misc]
    expected = sum(v for _, _, v in parts)  # type: ignore[misc]
    if abs(expected - printed) < 1e-6:
        return None
    return Finding(rule, table, where, printed, expected, tuple(totals), tuple(parts))


def check_facts(facts: list[Fact]) -> list[Finding]:
    """Every broken rule among these facts (rules whose figures are not all printed are skipped)."""
    v = {f.key(): f.value for f in facts}
    req_rows = sorted({r for (t, r, _c) in v if t == "requests"}, key=_row_order)

    def cell(table: str, row: str, col: str) -> Cell:
        return (row, col, v.get((table, row, col)))

    out: list[Finding | None] = []
    for row in req_rows:  # rule 1
        out.append(_sum_rule(1, "requests", row, [cell("requests", row, "total")],
                             [cell("requests", row, c) for c in _APPLICANTS]))
    split = any(r.startswith("other.") for r in req_rows)
    shape = REQUESTS_2021 if split else REQUESTS_2019
    outcome_rows = [r.id for r in shape.rows if r.id.startswith(OUTCOME_ROW_PREFIXES)]
    for col in _COLUMNS:
        if req_rows:  # rule 2
            out.append(_sum_rule(2, "requests", col, [cell("requests", "handled_total", col),
                                                      cell("requests", "carried_forward", col)],
                                 [cell("requests", "new_received", col), cell("requests", "carried_over", col)]))
        if outcome_rows:  # rule 3
            out.append(_sum_rule(3, "requests", col, [cell("requests", "handled_total", col)],
                                 [cell("requests", r, col) for r in outcome_rows]))
    for row in REVIEW.rows:  # rule 4
        parts = [cell("review", row.id, c) for c in ("upheld", "corrected", "other_result", "pending")]
        if any(p[2] is not None for p in parts):
            out.append(_sum_rule(4, "review", row.id, [cell("review", row.id, "total")], parts))
    return [f for f in out if f is not None]


def _row_order(row: str) -> int:
    return _ROW_ORDER.index(row) if row in _ROW_ORDER else len(_ROW_ORDER)


def check_report(report: Report) -> list[Finding]:
    """The consistency findings of one parsed report."""
    return check_facts(report.facts)


# ---- in words -----------------------------------------------------------------------------------

def _label(table: str, row: str, column: str | None, template: str | None, lang: str) -> str:
    """A cell's row or column label as printed (its English name), numbering dropped."""
    r = find_row(table, row, template)
    if column is None:
        return (r.label if lang == "zh" else r.en) if r else row
    c = next((c for c in row_columns(table, row, template) if c.id == column), None)
    return (c.label if lang == "zh" else c.en) if c else column


def describe(finding: dict, template: str | None = None, lang: str = "zh") -> str:
    """A finding in words: 表中“行政复议”行“总计”印的是0，但各项相加为11（结果维持10、结果纠正1）."""
    table, cells = finding.get("table", ""), finding.get("cells") or []
    rows = {c["row"] for c in cells}
    one_row = len(rows) == 1

    def name(c: dict) -> str:
        return _label(table, c["row"], c["column"] if one_row else None, template, lang)

    totals = [c for c in cells if c.get("role") == "total"]
    parts = [c for c in cells if c.get("role") == "part" and c.get("value")]
    sep, plus = ("、", "加") if lang == "zh" else (", ", " plus ")
    shown = sep.join(f"{name(c)}{'' if lang == 'zh' else ' '}{format_value(c['value'])}" for c in parts)
    total = plus.join(f"“{name(c)}”" for c in totals)
    printed, expected = format_value(finding.get("printed")), format_value(finding.get("expected"))
    if lang != "zh":
        where = f"in row “{_label(table, next(iter(rows)), None, template, lang)}”, " if one_row else \
            f"in column “{_label(table, totals[0]['row'], totals[0]['column'], template, lang)}”, " if totals else ""
        return f"{where}{total} is printed as {printed}, but its parts add up to {expected}" + \
            (f" ({shown})" if shown else "")
    where = f"“{_label(table, next(iter(rows)), None, template, lang)}”行" if one_row else \
        f"“{_label(table, totals[0]['row'], totals[0]['column'], template, lang)}”列" if totals else ""
    return f"表中{where}{total}印的是{printed}，但各项相加为{expected}" + (f"（{shown}）" if shown else "")
