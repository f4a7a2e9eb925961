"""Figures glued together in flattened web text (`规范性文件898989`): split only where certain.

A run of digits is cut into the row's number of cells in every way the printed digits allow
(no leading zeros, signs and decimals kept whole); the rows' own rules (total = sum of the
parts) filter the readings. Only a single surviving reading is taken; otherwise the row is left
out, because a wrong figure is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from indexer.parse.values import parse_number
from indexer.schema import Row

MAX_READINGS = 20000
MAX_STEPS = 50_000  # cuts tried in all (real reports need a few thousand): a long digit run must not hang
MAX_CELL = 15  # characters of one figure (sign, digits, decimals, unit); a longer piece is no printed figure
_PART = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?$")

Cell = tuple[int | float, str | None]


class _Exhausted(Exception):
    """The search tried more cuts than MAX_STEPS."""


class _Budget:
    """Counts the cuts tried; raises _Exhausted past the limit."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _Exhausted


def _pieces(run: str, pos: int) -> Iterator[tuple[int, str]]:
    """(end, piece) for each valid number that starts at pos in the run: no leading zeros, signs and
    decimals kept whole, a unit only at the run's end."""
    for end in range(pos + 1, min(len(run), pos + MAX_CELL) + 1):
        piece = run[pos:end]
        if not _PART.match(piece):
            continue
        if end < len(run) and (piece.endswith((".", "万", "元")) or run[end] == "."):
            continue
        yield end, piece


def _readings(runs: list[str], rows: list[Row], budget: _Budget) -> Iterator[list[Cell]]:
    """Every way to cut the runs into the rows' cells (each run giving at least one) where each row's
    own rule holds; a row is checked as soon as its last cell is cut."""
    sizes = [len(r.columns) for r in rows]
    total = sum(sizes)
    row_ends = {sum(sizes[: i + 1]): row for i, row in enumerate(rows)}

    def search(ri: int, pos: int, cells: list[Cell]) -> Iterator[list[Cell]]:
        if ri == len(runs):
            if len(cells) == total:
                yield cells
            return
        run = runs[ri]
        for end, piece in _pieces(run, pos):
            budget.spend()
            number = parse_number(piece)
            if number is None:
                continue
            new = [*cells, number]
            row = row_ends.get(len(new))
            if row is not None and not _row_rule_holds(row, [c[0] for c in new[-len(row.columns):]]):
                continue
            needed = total - len(new)
            left = [len(run) - end, *(len(r) for r in runs[ri + 1 :])]  # characters still to cut, per run
            if not sum(-(-n // MAX_CELL) for n in left) <= needed <= sum(left):
                continue  # the cells left cannot hold what is left of the runs
            yield from search(ri, end, new) if end < len(run) else search(ri + 1, 0, new)

    yield from search(0, 0, [])


def _row_rule_holds(row: Row, values: list[int | float]) -> bool:
    """The row's total equals the sum of its parts (true for rows without a total)."""
    ids = row.column_ids
    if "total" not in ids:
        return True
    by_id = dict(zip(ids, values, strict=True))
    return abs(sum(v for k, v in by_id.items() if k != "total") - by_id["total"]) < 1e-6


Cells = list[list[Cell]]


def glued_readings(runs: list[str], rows: list[Row], most: int = 64) -> list[Cells] | None:
    """Every reading of the runs as the rows' cells that the rows' rules allow (None: too many, or a
    search too long to finish)."""
    sizes = [len(r.columns) for r in rows]
    if not runs or sum(len(run) for run in runs) > MAX_CELL * sum(sizes):
        return None if runs else []
    found: list[Cells] = []
    try:
        for count, reading in enumerate(_readings(runs, rows, _Budget(MAX_STEPS))):
            if count >= MAX_READINGS:
                return None
            cells, k = [], 0
            for n in sizes:
                cells.append(reading[k : k + n])
                k += n
            if cells not in found:
                found.append(cells)
            if len(found) > most:
                return None
    except _Exhausted:
        return None
    return found


def split_glued(runs: list[str], rows: list[Row]) -> Cells | None:
    """The single reading of the runs as the rows' cells that the rows' rules allow, or None."""
    found = glued_readings(runs, rows)
    return found[0] if found and len(found) == 1 else None
