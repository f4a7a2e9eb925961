"""Rows of glued figures that read several ways: let the table's column rules (勾稽) choose.

A reading is taken only when every column of the row can be checked against rule 2 or rule 3
with all other figures printed, every check holds, and no other reading passes as well.
"""

from __future__ import annotations

from itertools import combinations, product

from indexer.check import check_facts
from indexer.model import Fact
from indexer.schema import APPLICANT_COLUMNS, OUTCOME_ROW_PREFIXES, REQUESTS_2019, REQUESTS_2021, Table

Cells = list[tuple[int | float, str | None]]
_RULE2_ROWS = ("new_received", "carried_over", "handled_total", "carried_forward")


def _checkable(row: str, table: Table, present: set[tuple[str, str]]) -> bool:
    """Every column of the row is covered by a rule whose other figures are all printed."""
    outcome = [r.id for r in table.rows if r.id.startswith(OUTCOME_ROW_PREFIXES)]
    for col in (c.id for c in APPLICANT_COLUMNS):
        rule3 = (row in outcome or row == "handled_total") and all(
            (r, col) in present for r in [*outcome, "handled_total"])
        rule2 = row in _RULE2_ROWS and all((r, col) in present for r in _RULE2_ROWS)
        if not (rule3 or rule2):
            return False
    return True


def _trial(row, cells: Cells, line: int, confidence: str = "high", table: str = "requests") -> list[Fact]:
    return [Fact(table, row.id, c.id, v, u, line, confidence)
            for c, (v, u) in zip(row.columns, cells, strict=True)]


def agreed(table: Table, row_id: str, readings: list[Cells], line: int, confidence: str = "high") -> list[Fact]:
    """The cells of a row that every reading left gives the same figure (a collapsed `1 / 9` over three cells
    reads 1,1,9 or 1,9,9: the first and the last are certain, the middle is not)."""
    row = table.row(row_id)
    out = []
    for j, col in enumerate(row.columns):
        values = {cells[j] for cells in readings}
        if len(values) == 1:
            value, unit = values.pop()
            out.append(Fact(table.id, row.id, col.id, value, unit, line, confidence))
    return out


def resolve_by_columns(facts: list[Fact], pending: dict[str, tuple]) -> list[Fact]:
    """The facts plus the pending `requests` rows (one at a time, or two together) that exactly one
    combination of readings fits; pending: row id -> (readings, line[, confidence])."""
    table = REQUESTS_2021 if any(f.row.startswith("other.") for f in facts) or any(
        r.startswith("other.") for r in pending) else REQUESTS_2019
    facts = list(facts)
    todo = dict(pending)
    for size in (1, 2, 1):
        progress = True
        while todo and progress:
            progress = False
            for group in combinations(sorted(todo), size):
                present = {(f.row, f.column) for f in facts if f.table == "requests"}
                present |= {(r, c.id) for r in group for c in table.row(r).columns}
                if not all(_checkable(r, table, present) for r in group):
                    continue
                fits = []
                for choice in product(*(todo[r][0] for r in group)):
                    trial = [f for r, cells in zip(group, choice, strict=True)
                             for f in _trial(table.row(r), cells, *todo[r][1:])]
                    if not [f for f in check_facts(facts + trial) if f.rule in (2, 3)]:
                        fits.append(trial)
                    if len(fits) > 1:
                        break
                if len(fits) == 1:
                    facts += fits[0]
                    for r in group:
                        del todo[r]
                    progress = True
                    break
    return facts + (_settled(facts, todo, table) if todo else [])


MAX_COMBINATIONS = 2000


def _settled(facts: list[Fact], todo: dict[str, tuple], table: Table) -> list[Fact]:
    """The pending rows that read the same way in every combination of all pending readings under which the
    column rules (2 and 3) hold, when there are few enough combinations to try them all."""
    rows = sorted(todo)
    size = 1
    for r in rows:
        size *= len(todo[r][0])
    if size > MAX_COMBINATIONS:
        return []
    passing: list[tuple] = []
    for choice in product(*(range(len(todo[r][0])) for r in rows)):
        trial = [f for r, i in zip(rows, choice, strict=True)
                 for f in _trial(table.row(r), todo[r][0][i], *todo[r][1:])]
        if not [f for f in check_facts(facts + trial) if f.rule in (2, 3)]:
            passing.append(choice)
    if not passing:
        return []
    out: list[Fact] = []
    for k, r in enumerate(rows):
        picks = sorted({c[k] for c in passing})
        out += agreed(table, r, [todo[r][0][i] for i in picks], *todo[r][1:])
    return out
