"""Tokens of one table section -> facts: anchor each national row label, give it its figures.

The fixed row labels are the anchors: each row is found by its keys, in printed order, and the
figures between its label and the next row's label are its cells. Where a row's window does not
hold exactly its number of cells (labels wrapped after their numbers, a header over the figures),
consecutive doubtful rows are pooled and filled in order when the count fits exactly. A row that
still does not fit yields no facts and a note; the consistency rules only choose between
alignments, they never change a printed figure.
"""

from __future__ import annotations

import re

from indexer.model import Fact
from indexer.parse import collapse
from indexer.parse.anchors import Anchor, find_anchors
from indexer.parse.glued import glued_readings
from indexer.parse.headers import headers_before, named_columns
from indexer.parse.tokens import Token
from indexer.schema import Row, Table


def _values(tokens: list[Token]) -> list[Token]:
    """The figure tokens of a window: numbers and printed blanks."""
    return [t for t in tokens if t.kind in ("num", "blank")]


def _fit(window: list[Token], n: int) -> list[Token] | None:
    """Exactly n cells from a window: its figures, else with the empty cells among or right after them taken
    as blank cells when that makes exactly n, else (nothing after them) the empty cells before them that stand
    in the table's figure columns; None when nothing fits."""
    idx = [i for i, t in enumerate(window) if t.kind in ("num", "blank")]
    if len(idx) == n:
        return [window[i] for i in idx]
    if len(idx) >= n or not idx:
        return None
    first, last = idx[0], idx[-1]
    inner = [i for i in range(first, last + 1) if i in idx or window[i].kind == "gap"]
    if len(inner) == n:
        return [window[i] for i in inner]
    tail: list[int] = []
    for i in range(last + 1, len(window)):
        t = window[i]
        if t.kind == "text":
            break
        if (t.kind == "empty" and t.soft and t.line == window[last].line) or t.kind == "gap":
            tail.append(i)
    lead = [i for i in range(first) if window[i].lead and window[i].line == window[first].line]
    if lead and tail:
        return None  # a blank at either end would fit: which one is not printed
    if len(idx) < n <= len(idx) + len(tail):
        return [window[i] for i in idx + tail[: n - len(idx)]]
    lead = [i for i in lead if window[i].in_figures]
    if len(idx) + len(lead) == n:
        return [window[i] for i in lead + idx]  # blank first figures, in the table's figure columns
    return None


def _row_ok(row: Row, cells: list[Token]) -> bool:
    """The row's own rule (total = sum of the parts) holds, or the row has none."""
    ids = row.column_ids
    if "total" not in ids:
        return True
    vals = dict(zip(ids, cells, strict=True))
    if any(vals[c].kind != "num" for c in ids):
        return True
    parts = sum(vals[c].value for c in ids if c != "total")  # type: ignore[misc]
    return abs(parts - vals["total"].value) < 1e-6  # type: ignore[operator]


def _choose_surplus(row: Row, hard: list[Token]) -> tuple[list[Token], str] | None:
    """Too many figures in a row: keep the first or last n if only one reading is consistent."""
    n = len(row.columns)
    if len(hard) > n + 2:
        return None  # more than an extra empty column or two: not this row's figures
    first, last = hard[:n], hard[-n:]
    same = [t.value for t in first] == [t.value for t in last] and all(t.kind == "num" for t in hard)
    if same:
        return first, "high"
    ok = [c for c in (first, last) if _row_ok(row, c)]
    if len(ok) == 1 and "total" in row.column_ids:
        return ok[0], "low"
    return None


def _facts(table: Table, row: Row, cells: list[Token], confidence: str) -> list[Fact]:
    """Facts of one row's cells; blank cells hold no figure and give none."""
    out = []
    for col, tok in zip(row.columns, cells, strict=True):
        if tok.kind != "num":
            continue
        unit = tok.unit or col.unit
        out.append(Fact(table.id, row.id, col.id, tok.value, unit, tok.line, confidence))  # type: ignore[arg-type]
    return out


def _digit_group(window: list[Token]) -> list[str] | None:
    """The first run of figures in a window when they look glued together (flattened text), else None."""
    group: list[Token] = []
    for tok in window:
        if tok.kind in ("num", "glued"):
            group.append(tok)
        elif group and tok.kind == "text":
            break
    glued = any(t.kind == "glued" or re.match(r"^-?0\d", t.text) for t in group)
    return [t.text for t in group] if group and glued else None


def _glued_facts(table: Table, anchors: list[Anchor], windows: list[list[Token]],
                 pending: dict | None = None) -> list[Fact] | None:
    """Facts of rows whose figures are glued together, when exactly one reading is possible; a single
    row with a few readings is put in `pending` for the column rules to choose."""
    runs: list[str] = []
    line = 0
    for w in windows:
        group = _digit_group(w)
        if group:
            runs += group
            line = line or next(t.line for t in w if t.kind in ("num", "glued"))
    if not runs:
        return None
    readings = glued_readings(runs, [a.row for a in anchors])
    if not readings:
        return None
    if len(readings) > 1:
        if pending is not None and len(anchors) == 1:
            pending[anchors[0].row.id] = ([r[0] for r in readings], line)
        return None
    cells = readings[0]
    out = []
    for a, row_cells in zip(anchors, cells, strict=True):
        toks = [Token("num", "", line, v, u) for v, u in row_cells]
        out += _facts(table, a.row, toks, "high")
    return out


def parse_table(tokens: list[Token], table: Table, pending: dict | None = None,
                mode: str | None = None) -> tuple[list[Fact], list[str]]:
    """Facts of one table from its section's tokens, and notes on what could not be placed; rows of
    glued figures that read several ways go into `pending` (row id -> (readings, line)).
    mode: the report's dump mode (see _dump_mode), read from these tokens when not given."""
    anchors = find_anchors(tokens, table)
    if not anchors:
        return [], [f"{table.id}: no row label found"]
    placed = {a.row.id for a in anchors}
    notes = [f"{table.id}: row {r.id} not found" for r in table.rows if r.id not in placed]
    bounds = [a.end + 1 for a in anchors] + [len(tokens)]
    windows = [tokens[bounds[i] : anchors[i + 1].start] if i + 1 < len(anchors) else tokens[bounds[i] :]
               for i in range(len(anchors))]
    mode = dump_mode(tokens) if mode is None else mode
    before = _before(tokens[: anchors[0].start], bool(mode))
    mode = "" if before else mode
    facts: list[Fact] = []
    fitted: list[list[Fact] | None] = []
    heads = headers_before(tokens, [a.start for a in anchors]) if table.id == "active" else []
    for k, (anchor, window) in enumerate(zip(anchors, windows, strict=True)):
        if heads and not before and (sub := _named_fit(table, anchor.row, window, heads[k])):
            fitted.append(sub)
            continue
        if mode and k and not _values(windows[k - 1]):
            fitted.append(None)  # a dump's row after one with no figures: its figures may be theirs, pool them
            continue
        cells = _fit(window, len(anchor.row.columns)) if not before else None
        if cells is not None:
            fitted.append(_facts(table, anchor.row, cells, "high"))
        elif mode:
            row_facts, note = _dump_row(table, anchor.row, window, mode, pending)
            fitted.append(row_facts)
            notes += [note] if note else []
        elif not before:
            fitted.append(_glued_facts(table, [anchor], [window], pending))
        else:
            fitted.append(None)
    i = 0
    while i < len(anchors):
        if fitted[i] is not None:
            facts += fitted[i]  # type: ignore[operator]
            i += 1
            continue
        j = i
        while j < len(anchors) and fitted[j] is None:
            j += 1
        facts_run, note = _pool(table, anchors[i:j], windows[i:j], before if i == 0 else [], mode == "collapsed")
        facts += facts_run
        notes += note
        i = j
    return facts, notes


def _pool(table: Table, anchors: list[Anchor], windows: list[list[Token]],
          before: list[Token], collapsed: bool = False) -> tuple[list[Fact], list[str]]:
    """Rows whose windows did not fit: fill them in order from their pooled figures if the count fits
    (in a collapsed dump: if exactly one expansion of them fits)."""
    need = sum(len(a.row.columns) for a in anchors)
    pooled = list(before) + [t for w in windows for t in w]
    hard = _fit(pooled, need)
    confidence = "high"
    if hard is None and collapsed and not before:
        values = collapse.contiguous_values(pooled)
        found = collapse.expansions(values, [a.row for a in anchors]) if values else None
        if found and len(found) == 1:
            hard, confidence = [c for row in found[0] for c in row], collapse.CONFIDENCE
    if hard is not None:
        out: list[Fact] = []
        k = 0
        for a in anchors:
            n = len(a.row.columns)
            out += _facts(table, a.row, hard[k : k + n], confidence)
            k += n
        return out, []
    glued = _glued_facts(table, anchors, windows) if not before else None
    if glued is not None:
        return glued, []
    out, notes = [], []
    for a, w in zip(anchors, windows, strict=True):
        row_hard = _values(w)
        chosen = _choose_surplus(a.row, row_hard) if len(row_hard) > len(a.row.columns) else None
        if chosen:
            out += _facts(table, a.row, chosen[0], chosen[1])
        else:
            notes.append(f"{table.id}: row {a.row.id}: expected {len(a.row.columns)} figures, "
                         f"found {len(row_hard)}; left out")
    return out, notes


def dump_mode(tokens: list[Token]) -> str:
    """'collapsed' (a one-cell-a-line dump whose runs of equal lines were printed once), 'lines' (one cell a
    line) or '' (cells side by side)."""
    if collapse.collapsed(tokens):
        return "collapsed"
    return "lines" if collapse.one_per_line(tokens) else ""


def _dump_row(table: Table, row: Row, window: list[Token], mode: str,
              pending: dict | None) -> tuple[list[Fact] | None, str]:
    """A row of a one-cell-a-line dump that did not fit: its collapsed run expanded or its split figures
    re-joined where exactly one reading keeps the row's rule; (None, note) when that cannot be told."""
    values = collapse.contiguous_values(window)
    n = len(row.columns)
    if not values:
        return None, ""
    if len(values) > n:
        found = collapse.rejoinings(values, row)
        if found and len(found) == 1:
            return _facts(table, row, found[0], collapse.CONFIDENCE), ""
        if found:
            return [], f"{table.id}: row {row.id}: figures split across lines re-join {len(found)} ways; left out"
        return None, ""
    expanded = collapse.expansions(values, [row]) if mode == "collapsed" else []
    if not expanded:
        return None, ""
    if len(expanded) == 1:
        return _facts(table, row, expanded[0][0], collapse.CONFIDENCE), ""
    if pending is not None and all(v.kind == "num" for v in values):
        readings = [[(c.value, c.unit) for c in e[0]] for e in expanded]
        pending[row.id] = (readings, values[0].line, collapse.CONFIDENCE)
    return [], (f"{table.id}: row {row.id}: {len(values)} figures printed for {n} cells (a collapsed run) "
                f"expand {len(expanded)} ways; left out")


def _before(head: list[Token], dump: bool) -> list[Token]:
    """The figures before a table's first row label; in a page dump, not those of a sentence there (a figure
    followed by text that ends a sentence before the label)."""
    out: list[Token] = []
    for i, t in enumerate(head):
        if t.kind != "num":
            continue
        if dump and any(u.kind == "text" and re.search("[。！？；：:]", u.text) for u in head[i + 1 :]):
            continue
        out.append(t)
    return out


def _named_fit(table: Table, row: Row, window: list[Token], header: str) -> list[Fact] | None:
    """A row of a table printed with fewer columns than the template (a two-column table 2): its figures in
    the columns its group's header names, when their count is exactly that; None otherwise."""
    cols = named_columns(header, row)
    if cols is None or _fit(window, len(row.columns)) is not None:
        return None
    cells = _fit(window, len(cols))
    if cells is None:
        return None
    return [Fact(table.id, row.id, c.id, t.value, t.unit or c.unit, t.line, "medium")  # type: ignore[arg-type]
            for c, t in zip(cols, cells, strict=True) if t.kind == "num"]
