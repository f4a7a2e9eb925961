"""A table shattered into many small tables (PDF-to-markdown): rows of cells, some without their label.

The label of a row may be printed away from its figures (wrapped text between the small tables), leaving a
row of figures alone. The rows that do carry a label anchor their template rows, in order; between two
anchors, the rows of figures alone fill the template rows no labelled row took, in order, when their count
is exactly the count of those rows and each holds exactly the row's cells. Otherwise nothing is placed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.model import Fact
from indexer.parse.tokens import Token
from indexer.parse.values import norm, parse_number
from indexer.schema import Row, Table

CONFIDENCE = "medium"
_FIGURE_FIRST = re.compile(r"^[\s|]*[-+]?[\d０-９]")  # a row of cells whose first cell is a figure


@dataclass
class _CellRow:
    """One printed row of cells: its label text (may be empty) and its figure cells."""

    label: str
    cells: list[Token]


def _cell_rows(section: list[tuple[int, str]], tokens: list[Token]) -> list[_CellRow]:
    """The section's pipe- or tab-separated rows that hold figures, each with its label and figure cells
    (from the section's tokens, grouped by line)."""
    cell_lines = {n for n, raw in section if "|" in raw or "\t" in raw}
    by_line: dict[int, list[Token]] = {}
    for t in tokens:
        if t.line in cell_lines:
            by_line.setdefault(t.line, []).append(t)
    out = []
    for toks in by_line.values():
        values = [t for t in toks if t.kind in ("num", "blank", "empty")]
        if not any(t.kind == "num" for t in values):
            continue
        first = next(i for i, t in enumerate(toks) if t.kind in ("num", "blank"))
        if any(t.kind == "text" for t in toks[first:]):
            continue  # text among the figures: not a plain row
        label = "".join(t.text for t in toks[:first] if t.kind == "text")
        out.append(_CellRow(label, [t for t in toks[first:] if t.kind in ("num", "blank", "empty")]))
    return out


def _row_of(label: str, rows: tuple[Row, ...], start: int) -> int | None:
    """Index of the first template row at or after start whose key the label holds."""
    flat = norm(label).replace(" ", "")
    for i in range(start, len(rows)):
        if any(norm(k).replace(" ", "") in flat for k in rows[i].keys):
            return i
    return None


def shattered(section: list[tuple[int, str]], tokens: list[Token]) -> bool:
    """True when the table is printed as rows of cells of which some carry no label (their label printed
    elsewhere): the rows' order, not the labels' places, then tells which row is which."""
    if not any(_FIGURE_FIRST.match(raw) for _, raw in section):
        return False
    printed = _cell_rows(section, tokens)
    return sum(1 for r in printed if r.label) >= 3 and any(not r.label for r in printed)


def place_rows(section: list[tuple[int, str]], tokens: list[Token], table: Table) -> list[Fact]:
    """Facts of the rows of figures whose labels stand elsewhere, placed by the labelled rows around them."""
    printed = _cell_rows(section, tokens)
    if not any(r.label for r in printed):
        return []
    rows = table.rows
    seq: list[tuple[int | None, _CellRow]] = []
    pos = 0
    for r in printed:
        if r.label:
            idx = _row_of(r.label, rows, pos)
            if idx is None:
                return []  # a labelled row out of order: the order cannot be trusted
            seq.append((idx, r))
            pos = idx + 1
        else:
            seq.append((None, r))
    out: list[Fact] = []
    prev = -1
    gap: list[_CellRow] = []
    for idx, r in [*seq, (len(rows), None)]:
        if idx is None:
            gap.append(r)  # type: ignore[arg-type]
            continue
        if r is not None:
            out += _row_facts(table, rows[idx], r, "high")
        missing = list(range(prev + 1, idx))
        if gap and len(gap) == len(missing):
            for ri, cr in zip(missing, gap, strict=True):
                out += _row_facts(table, rows[ri], cr, CONFIDENCE)
        gap, prev = [], idx
    return out


def _row_facts(table: Table, row: Row, printed: _CellRow, confidence: str) -> list[Fact]:
    """The facts of one printed row given to a template row, when it holds exactly the row's cells."""
    cells = list(printed.cells)
    while len(cells) > len(row.columns) and cells[-1].kind == "empty":
        cells.pop()  # empty cells after the row's last: the table's (or the converter's) padding
    if len(cells) != len(row.columns):
        return []
    return [Fact(table.id, row.id, col.id, t.value, t.unit or col.unit, t.line, confidence)  # type: ignore[arg-type]
            for col, t in zip(row.columns, cells, strict=True) if t.kind == "num"]


def lone_rows(section: list[tuple[int, str]], table: Table, missing: set[str]) -> list[Fact]:
    """Rows not found in the table's order, printed whole on a line of their own elsewhere in the part (a
    converter that moved 行政许可 97 above the table): a line that is exactly one of the row's labels and as many
    figures as the row has cells, the only such line for that row."""
    out: list[Fact] = []
    for row in (r for r in table.rows if r.id in missing):
        keys = {norm(k).replace(" ", "") for k in (row.label, *row.keys) if k}
        hits = []
        for line_no, text in section:
            parts = norm(text).split()
            if len(parts) == len(row.columns) + 1 and parts[0] in keys:
                values = [parse_number(p) for p in parts[1:]]
                if all(v is not None for v in values):
                    hits.append((line_no, values))
        if len(hits) == 1:
            line_no, values = hits[0]
            out += [Fact(table.id, row.id, col.id, v[0], v[1] or col.unit, line_no, "high")  # type: ignore[index]
                    for col, v in zip(row.columns, values, strict=True)]
    return out
