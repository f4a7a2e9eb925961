"""Figures from the facts store: one cell, a sum of cells, the same figure across reports; units and findings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.understand.fields import Field
from app.understand.lexicon import ORG_COLUMNS
from indexer.schema import TABLES, default_column, unit_words
from indexer.store import Store, StoredFact, StoredReport

Cell = tuple[str, str, str]


@dataclass
class Figure:
    """One report's answer to a field: the value (None unless every cell is printed with confidence)."""

    report: StoredReport
    field: Field
    value: int | float | None = None
    facts: list[StoredFact] = dataclasses.field(default_factory=list)
    cells: list[Cell] = dataclasses.field(default_factory=list)
    converted: list[StoredFact] = dataclasses.field(default_factory=list)  # facts printed in 元, converted to 万元
    problem: str | None = None  # 'no_tables', 'not_in_template', 'unclear', 'missing', 'low_confidence'
    choices: list[Field] = dataclasses.field(default_factory=list)
    findings: list[dict] = dataclasses.field(default_factory=list)  # consistency findings touching these cells

    @property
    def units(self) -> tuple[str, str]:
        """(zh, en) unit of the figure: 万元, 件, 个, 项 (its column's, or its first cell's)."""
        return unit_words(self.field.table, self.field.column or (self.cells[0][2] if self.cells else None))


def template_rows(table: str, template: str) -> list[str]:
    """Row ids of a table in a template."""
    return [r.id for r in TABLES[template][table].rows] if template in TABLES else []


def resolve_cells(f: Field, template: str, printed_rows: set[str]) -> tuple[list[Cell], list[Field], str | None]:
    """The cells whose sum answers f in a report of this template: (cells, choices, problem)."""
    if template not in TABLES:
        return [], [], "no_tables"
    rows_here = template_rows(f.table, template)
    if f.is_group:
        if f.row == "litigation":
            rows = ["litigation_direct", "litigation_after_reconsideration"]
        elif f.row == "other" and ("other" in printed_rows or "other" in rows_here):
            rows = ["other"]
        else:
            rows = [r for r in rows_here if r.startswith(f.row + ".")]
    elif f.row in rows_here or (f.row == "other" and "other" in printed_rows):
        rows = [f.row]
    else:
        return [], [], "not_in_template"
    table = TABLES[template][f.table]
    columns = table.row(rows[0]).column_ids if rows[0] in rows_here else table.row(rows_here[0]).column_ids
    col = f.column or default_column(f.table, rows[0], template)
    if col is None:
        return [], [Field(f.table, f.row, c) for c in columns][:3], "unclear"
    cols = list(ORG_COLUMNS) if col == "organisations" else [col]
    if any(c not in columns for c in cols):
        return [], [Field(f.table, f.row, c) for c in columns][:3], "not_in_template"
    return [(f.table, r, c) for r in rows for c in cols], [], None


def number(v: float) -> int | float:
    """A sum as printed: int where integral, else rounded to 10 decimals (float noise off, printed digits kept)."""
    v = round(float(v), 10)
    return int(v) if v.is_integer() else v


def touching(findings: list[dict], cells: list[Cell]) -> list[dict]:
    """The consistency findings that involve any of these cells."""
    wanted = set(cells)
    return [f for f in findings if any((f.get("table"), c.get("row"), c.get("column")) in wanted
                                       for c in f.get("cells") or ())]


def compute(report: StoredReport, f: Field, facts: list[StoredFact]) -> Figure:
    """The figure of one report from its facts of the field's table."""
    printed = {x.row for x in facts}
    cells, choices, problem = resolve_cells(f, report.template, printed)
    fig = Figure(report, f, cells=cells, choices=choices, problem=problem)
    if problem:
        return fig
    by_cell = {(x.table, x.row, x.column): x for x in facts}
    got = [by_cell.get(c) for c in cells]
    fig.facts = [x for x in got if x is not None]
    fig.findings = touching(report.findings, cells)
    if any(x is None for x in got):
        fig.problem = "missing"
    elif any(x.confidence == "low" for x in fig.facts):  # "medium": the one reading the rules leave (said so)
        fig.problem = "low_confidence"
    else:
        total = 0.0
        for x in fig.facts:
            if x.unit == "元":
                fig.converted.append(x)
                total += x.value / 10000
            else:
                total += x.value
        fig.value = number(total)
    return fig


class Lookup:
    """Facts queries over the store for one field: in one report, or in many."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def figure(self, report: StoredReport, f: Field) -> Figure:
        """The field's figure in one report."""
        facts = [x for x in self.store.facts(body=report.body, year=report.year, table=f.table)
                 if x.report == report.report]
        return compute(report, f, facts)

    def across(self, reports: list[StoredReport], f: Field) -> list[Figure]:
        """The field's figure in each of these reports (one query per cell, not per report)."""
        if len(reports) <= 3:
            return [self.figure(r, f) for r in reports]
        wanted = {r.report for r in reports}
        years = {r.year for r in reports}
        year = years.pop() if len(years) == 1 else None
        cells: set[Cell] = set()
        for template in {r.template for r in reports if r.template in TABLES}:
            for extra in ((), ("other",)):
                got, _, _ = resolve_cells(f, template, set(extra))
                cells.update(got)
        facts: dict[str, list[StoredFact]] = {}
        for table, row, col in sorted(cells):
            for x in self.store.facts(year=year, table=table, row=row, column=col):
                if x.report in wanted:
                    facts.setdefault(x.report, []).append(x)
        out = []
        for r in reports:
            mine = facts.get(r.report, [])
            fig = compute(r, f, mine)
            if fig.problem == "missing" and f.row == "other":  # printed undivided or split: look at the rows
                fig = self.figure(r, f)
            out.append(fig)
        return out
