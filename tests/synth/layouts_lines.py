"""Text as it comes out of a PDF: pdf_text (seed 000), narrow (seed 003), page_breaks."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from .document import Cell, Doc, Grid
from .layouts_text import wrap


@dataclass
class _Pen:
    """Output lines and the state of one rendering."""

    mode: str  # pdf_text | narrow | page_breaks
    rng: random.Random
    lines: list[str] = field(default_factory=list)
    page: int = 1
    pages: int = 6
    since_break: int = 0
    sub_width: int = 7

    def put(self, *lines: str) -> None:
        """Append lines; page_breaks inserts a page footer/header every so many lines of prose."""
        self.lines.extend(lines)
        self.since_break += len(lines)

    def page_break(self) -> None:
        """A page-number line between two pages."""
        self.page += 1
        n = self.page - 1
        mark = self.rng.choice((f"- {n} -", f"第 {n} 页", f"— {n} —", f"第{n}页 共{self.pages}页"))
        self.lines.extend(["", mark, ""])
        self.since_break = 0


def _label_width(cell: Cell, pen: _Pen, table: str) -> int:
    """How many characters of a label fit on one line of its column."""
    if table == "active":
        return 10 if pen.mode == "narrow" else 12
    if cell.colspan == 3:
        return pen.rng.randint(12, 14) if pen.mode == "narrow" else 17
    if cell.colspan == 2:
        return pen.rng.randint(9, 11) if pen.mode == "narrow" else pen.rng.randint(11, 13)
    return pen.sub_width


def _head_width(cell: Cell, pen: _Pen, table: str) -> int:
    """Line width of a header cell in its column: narrow columns break words (自然\n人)."""
    rng, narrow = pen.rng, pen.mode == "narrow"
    if cell.kind == "note":
        return rng.randint(12, 14) if narrow else rng.randint(13, 16)
    if cell.colspan > 1 or len(cell.text) <= 2:
        return 20
    if table == "active":
        return rng.randint(4, 5) if narrow else rng.choice((4, 5, 20))
    if table == "review":
        return 1 if narrow or rng.random() < 0.6 else rng.choice((2, 4))
    return rng.choice((1, 2)) if narrow else rng.choice((2, 3, 20))


def _header(rows: Grid, pen: _Pen, table: str) -> list[str]:
    """Header rows with words broken over lines (自然\n人, 结\n果\n维\n持); sections whole."""
    rng, out = pen.rng, []
    for row in rows:
        cells = [c for c in row if c.text and c.kind in ("head", "note", "section")]
        if cells and cells[0].kind == "section":
            out.append(cells[0].text)
            continue
        if pen.mode != "narrow" and sum(len(c.text) for c in cells) <= 36 and rng.random() < 0.6:
            out.append(" ".join(c.text for c in cells))
            continue
        for cell in cells:
            out += wrap(cell.text, _head_width(cell, pen, table))
            if rng.random() < 0.4:
                out.append("")
    return out


def _group_pieces(text: str, rng: random.Random) -> list[str]:
    """A merged group label broken into short lines: 三、本\n年度办\n理结果, （三）\n不予公\n开."""
    m = re.match(r"^([（(][一二三四五六七八九][）)] ?)(.+)$", text)
    if m:
        return [m.group(1).strip()] + wrap(m.group(2), rng.choice((2, 3)))
    return wrap(text, rng.choice((2, 3)))


def _data_row(row: list[Cell], pen: _Pen, table: str, pending: list[str]) -> list[str]:
    """One data row: group labels broken, then the label wrapped before or after its numbers."""
    rng, out = pen.rng, []
    carried = pending[:]  # pieces of a merged group label left over by the row above (narrow)
    pending.clear()
    values = " ".join(c.text for c in row if c.kind == "value")
    labels = [c for c in row if c.kind == "label"]
    for group in (c for c in labels if c.rowspan > 1):
        pieces = _group_pieces(group.text, rng)
        if pen.mode == "narrow" and group.rowspan > 10 and len(pieces) > 3:
            out += pieces[:2]
            pending[:] = pieces[2:]
        else:
            out += pieces
    own = [c for c in labels if c.rowspan == 1]
    text = "".join(c.text for c in own)
    pieces = wrap(text, _label_width(own[0], pen, table)) if own else []
    if not own:
        out.append(values)
    elif len(pieces) == 1:
        out.append(f"{text} {values}")
    elif pen.mode == "page_breaks" or carried:
        return out + [f"{pieces[0]} {values}"] + carried + pieces[1:]
    elif pen.mode == "narrow" and len(pieces[-1]) <= 2 and rng.random() < 0.5:
        out += pieces[:-1] + [f"{pieces[-1]} {values}"]
    else:
        out += pieces + ([""] if pen.mode == "pdf_text" and rng.random() < 0.7 else []) + [values]
    return carried + out


def _table(grid: Grid, name: str, pen: _Pen) -> None:
    """Render one table; page_breaks splits the requests table and repeats its header."""
    first_data = next(i for i, r in enumerate(grid) if any(c.kind == "value" for c in r))
    header = _header(grid[:first_data], pen, name) if name != "active" else []
    pen.put(*header)
    break_at = pen.rng.randint(first_data + 6, len(grid) - 6) if name == "requests" else -1
    repeat = pen.rng.random() < 0.8
    pending: list[str] = []
    for i, row in enumerate(grid):
        if i < first_data and name != "active":
            continue
        if pen.mode == "page_breaks" and i == break_at:
            pen.page_break()
            pen.put(*(header if repeat else []))
        if row[0].kind == "section" or all(c.kind in ("head", "pad") for c in row):
            if pen.mode == "page_breaks" and row[0].kind == "section" and pen.rng.random() < 0.15:
                pen.page_break()
            pen.put(*_header([row], pen, name))
            continue
        pen.put(*_data_row(row, pen, name, pending))
    if pending:
        pen.put(*pending)


def _paragraph(text: str, pen: _Pen) -> None:
    """Prose wrapped at a page width, first line sometimes indented."""
    width = 26 if pen.mode == "narrow" else pen.rng.randint(36, 42)
    indent = "　　" if pen.rng.random() < 0.3 else ""
    lines = wrap(indent + text, width)
    for i, line in enumerate(lines):
        if pen.mode == "page_breaks" and pen.since_break > 28 and i:
            pen.page_break()
        pen.put(line)
    if pen.mode != "narrow" or pen.rng.random() < 0.5:
        pen.put("")


def _render(doc: Doc, rng: random.Random, mode: str) -> bytes:
    """Shared line renderer of the three PDF-text layouts."""
    pen = _Pen(mode, rng, sub_width=rng.randint(4, 6) if mode == "narrow" else rng.randint(7, 9))
    pen.put("", *doc.title, "")
    for block in doc.blocks:
        if block.kind == "heading":
            if mode == "page_breaks" and (pen.since_break > 20 or rng.random() < 0.2):
                pen.page_break()
            pen.put(("　　" if rng.random() < 0.1 else "") + block.text, "")
        elif block.kind == "para":
            _paragraph(block.text, pen)
        else:
            _table(block.grid, block.name, pen)
            pen.put("")
    pen.put("", *doc.signature)
    if mode == "page_breaks":
        pen.page_break()
    if mode == "narrow":
        text = "".join(line + ("\n" if not line or rng.random() < 0.3 else "\n\n") for line in pen.lines)
    else:
        text = "\n".join(pen.lines) + "\n"
    return text.encode("utf-8")


def render_pdf_text(doc: Doc, rng: random.Random) -> bytes:
    """Seed-000 style: one row a line, long labels wrapped above their numbers."""
    return _render(doc, rng, "pdf_text")


def render_narrow(doc: Doc, rng: random.Random) -> bytes:
    """Seed-003 style: labels cut every few characters, a merged cell interleaved with its rows."""
    return _render(doc, rng, "narrow")


def render_page_breaks(doc: Doc, rng: random.Random) -> bytes:
    """PDF text with page-number lines, a repeated table header, labels wrapped after numbers."""
    return _render(doc, rng, "page_breaks")
