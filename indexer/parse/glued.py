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
_PART = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?$")


def _cuts(run: str, parts: int) -> Iterator[list[str]]:
    """Every way to cut a run of digits into `parts` valid numbers, in order."""
    if parts == 1:
        if _PART.match(run):
            yield [run]
        return
    for i in range(1, len(run)):
        head = run[:i]
        if not _PART.match(head) or head.endswith("."):
            continue
        if run[i] == "." or head.endswith(("万", "元")):
            continue
        for rest in _cuts(run[i:], parts - 1):
            yield [head, *rest]


def _readings(runs: list[str], total: int) -> Iterator[list[str]]:
    """Every way to read the runs as `total` numbers, each run giving at least one."""
    if not runs:
        if total == 0:
            yield []
        return
    run, rest = runs[0], runs[1:]
    digits = len(re.sub(r"[^\d]", "", run))
    for m in range(1, min(digits, total - len(rest)) + 1):
        for head in _cuts(run, m):
            for tail in _readings(rest, total - m):
                yield head + tail


def _row_rule_holds(row: Row, values: list[int | float]) -> bool:
    """The row's total equals the sum of its parts (true for rows without a total)."""
    ids = row.column_ids
    if "total" not in ids:
        return True
    by_id = dict(zip(ids, values, strict=True))
    return abs(sum(v for k, v in by_id.items() if k != "total") - by_id["total"]) < 1e-6


Cells = list[list[tuple[int | float, str | None]]]


def glued_readings(runs: list[str], rows: list[Row], most: int = 64) -> list[Cells] | None:
    """Every reading of the runs as the rows' cells that the rows' rules allow (None: too many)."""
    sizes = [len(r.columns) for r in rows]
    found: list[Cells] = []
    for count, reading in enumerate(_readings(runs, sum(sizes))):
        if count >= MAX_READINGS:
            return None
        parsed = [parse_number(p) for p in reading]
        if any(p is None for p in parsed):
            continue
        cells: Cells = []
        k = 0
        for row, n in zip(rows, sizes, strict=True):
            chunk = parsed[k : k + n]
            k += n
            if not _row_rule_holds(row, [c[0] for c in chunk]):  # type: ignore[index]
                break
            cells.append(chunk)  # type: ignore[arg-type]
        else:
            if cells not in found:
                found.append(cells)
            if len(found) > most:
                return None
    return found


def split_glued(runs: list[str], rows: list[Row]) -> Cells | None:
    """The single reading of the runs as the rows' cells that the rows' rules allow, or None."""
    found = glued_readings(runs, rows)
    return found[0] if found and len(found) == 1 else None
