"""Rows printed by a crawler that collapsed runs of identical consecutive lines: expand only where certain.

A page dump with one cell a line, where the crawler printed a run of equal lines once, shows a seven-cell
row 5,0,0,0,0,0,5 as `5 / 0 / 5` and an all-zero table as a single `0`. Every way to stretch the printed
values back over the row's cells (each printed value standing for one or more consecutive cells, in order)
is enumerated; the rows' own rules (total = sum of the parts) filter them. Exactly one surviving expansion
is read (confidence "medium"); several are left out or handed to the column rules (resolve.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from math import comb

from indexer.parse.tokens import Token
from indexer.parse.values import parse_number
from indexer.schema import Row

MAX_EXPANSIONS = 60_000  # compositions tried in all; past this the row is left out
CONFIDENCE = "medium"


def one_per_line(tokens: list[Token]) -> bool:
    """True when the section reads as a one-cell-a-line dump: (nearly) every figure stands alone on its
    line, and there are enough of them to tell."""
    per_line: dict[int, int] = {}
    for t in tokens:
        if t.kind in ("text", "num", "blank", "glued"):
            per_line[t.line] = per_line.get(t.line, 0) + 1
    figures = [t for t in tokens if t.kind in ("num", "blank")]
    if len(figures) < 3:
        return False
    alone = sum(1 for t in figures if per_line[t.line] == 1)
    return alone >= 0.9 * len(figures)


def collapsed(tokens: list[Token]) -> bool:
    """True when a one-cell-a-line section shows no two equal figures in a row (the crawler's collapse
    leaves none, an uncollapsed dump of these tables nearly always has some) and some row is short."""
    if not one_per_line(tokens):
        return False
    prev: Token | None = None
    for t in tokens:
        if t.kind in ("num", "blank"):
            if prev is not None and prev.kind == t.kind and prev.text == t.text:
                return False
            prev = t
        elif t.kind == "text":
            prev = None
    return True


def _compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every way to write total as an ordered sum of `parts` positive integers."""
    for cuts in combinations(range(1, total), parts - 1):
        bounds = (0, *cuts, total)
        yield tuple(b - a for a, b in zip(bounds, bounds[1:], strict=False))


def _row_holds(row: Row, cells: list[Token]) -> bool:
    """The row's rule (total = sum of the parts) holds, or cannot be checked (a blank cell, no total)."""
    ids = row.column_ids
    if "total" not in ids or any(c.kind != "num" for c in cells):
        return True
    by_id = dict(zip(ids, cells, strict=True))
    parts = sum(by_id[c].value for c in ids if c != "total")  # type: ignore[misc]
    return abs(parts - by_id["total"].value) < 1e-6  # type: ignore[operator]


def expansions(values: list[Token], rows: list[Row], most: int = 64) -> list[list[list[Token]]] | None:
    """Every expansion of the printed values over the rows' cells that the rows' rules allow, as cells per
    row; None when the values cannot be a collapsed print (two equal neighbours, more values than cells)
    or there are too many to try."""
    sizes = [len(r.columns) for r in rows]
    need, k = sum(sizes), len(values)
    if not values or k > need:
        return None
    if any(a.kind == b.kind and a.text == b.text for a, b in zip(values, values[1:], strict=False)):
        return None
    if comb(need - 1, k - 1) > MAX_EXPANSIONS:
        return None
    found: list[list[list[Token]]] = []
    for lengths in _compositions(need, k):
        cells = [v for v, n in zip(values, lengths, strict=True) for _ in range(n)]
        split, pos, ok = [], 0, True
        for row, n in zip(rows, sizes, strict=True):
            part = cells[pos : pos + n]
            pos += n
            if not _row_holds(row, part):
                ok = False
                break
            split.append(part)
        if ok:
            found.append(split)
            if len(found) > most:
                return None
    return found


def contiguous_values(window: list[Token]) -> list[Token] | None:
    """The figures of a window when they stand together (no label text between them), else None."""
    idx = [i for i, t in enumerate(window) if t.kind in ("num", "blank")]
    if not idx or any(t.kind == "glued" for t in window):
        return None  # a figure glued to text (`8.175万`) stands there too: what the row prints is unclear
    if any(window[i].kind == "text" for i in range(idx[0], idx[-1] + 1)):
        return None
    return [window[i] for i in idx]


def _joined(pieces: list[Token]) -> Token | None:
    """Figures split across lines (`1` / `62`) as one figure, when the pieces make a well-formed number."""
    if any(p.kind != "num" or p.unit for p in pieces[:-1]) or pieces[-1].kind != "num":
        return None
    if any(p.text.startswith(("-", "+")) or "." in p.text or "," in p.text for p in pieces[1:]):
        return None
    if len(pieces[0].text.lstrip("-+")) > 1 and pieces[0].text.lstrip("-+").startswith("0"):
        return None
    if pieces[0].text.lstrip("-+") == "0":
        return None  # 0 / 62 is no split number
    text = "".join(p.text for p in pieces)
    number = parse_number(text)
    if number is None:
        return None
    return Token("num", text, pieces[0].line, number[0], number[1])


def rejoinings(values: list[Token], row: Row, most: int = 8) -> list[list[Token]] | None:
    """Every way to re-join too many one-a-line figures into the row's cells (adjacent pieces only) under
    which the row's rule holds; only rows with a total are tried (None otherwise, or too many ways)."""
    n, k = len(row.columns), len(values)
    if "total" not in row.column_ids or k <= n or comb(k - 1, n - 1) > MAX_EXPANSIONS:
        return None
    found: list[list[Token]] = []
    for lengths in _compositions(k, n):
        cells, pos = [], 0
        for m in lengths:
            tok = values[pos] if m == 1 else _joined(values[pos : pos + m])
            pos += m
            if tok is None:
                break
            cells.append(tok)
        if len(cells) == n and all(c.kind == "num" for c in cells) and _row_holds(row, cells):
            found.append(cells)
            if len(found) > most:
                return None
    return found
