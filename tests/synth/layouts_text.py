"""Plain-text layouts that keep table cells apart: tabs, cell_per_line, markdown."""

from __future__ import annotations

import random

from .document import Block, Cell, Doc, Grid, expand


def _head_text(cell: Cell, rng: random.Random, sep: str, p: float) -> str:
    """A header cell's text, sometimes broken in two by sep (社会公益 组织, 结果\\n纠正)."""
    if cell.kind == "head" and len(cell.text) >= 4 and rng.random() < p:
        cut = rng.randint(2, len(cell.text) - 2)
        return cell.text[:cut] + sep + cell.text[cut:]
    return cell.text


def _title_lines(doc: Doc, rng: random.Random) -> list[str]:
    """Title lines, sometimes preceded by a blank line."""
    return ([""] if rng.random() < 0.5 else []) + doc.title + [""]


def _prose(block: Block) -> list[str]:
    """A heading or paragraph as lines followed by a blank line."""
    return [block.text, ""]


def tab_table(grid: Grid, rng: random.Random) -> list[str]:
    """One line per grid row, cells joined by tabs, merged positions left empty (seed 001)."""
    lines = []
    broken = rng.random() < 0.3
    for row in expand(grid):
        texts = [_head_text(c, rng, " ", 0.15) if tag == "cell" else "" for tag, c in row]
        is_data = any(c.kind == "value" for _, c in row) and any(c.kind == "label" for _, c in row)
        if broken and is_data and texts[0] == "" and rng.random() < 0.15:
            lead = next(i for i, t in enumerate(texts) if t)
            texts = texts[lead:] + [""] * lead
            broken = False
        lines.append("\t".join(texts))
    return lines


def render_tabs(doc: Doc, rng: random.Random) -> bytes:
    """Seed-001 style: prose paragraphs and tab-separated tables."""
    lines = _title_lines(doc, rng)
    for block in doc.blocks:
        if block.kind == "table":
            lines += tab_table(block.grid, rng) + [""]
        else:
            lines += _prose(block)
    lines += [""] + doc.signature
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_cell_per_line(doc: Doc, rng: random.Random) -> bytes:
    """Seed-002 style: each cell on its own line behind a tab, a blank line between rows."""
    lines = _title_lines(doc, rng)
    for block in doc.blocks:
        if block.kind != "table":
            lines += _prose(block)
            continue
        for row in expand(block.grid):
            for tag, cell in row:
                if tag == "cell":
                    lines.append("\t" + _head_text(cell, rng, "\n", 0.4))
                elif tag == "v":
                    lines.append("\t")
            lines.append("")
        lines += ["", ""]
    lines += doc.signature
    return ("\n".join(lines) + "\n").encode("utf-8")


def _md_heading(text: str, rng: random.Random) -> str:
    """A part heading as a markdown heading, sometimes bold, sometimes deeper than ##."""
    hashes = rng.choice(("##", "##", "##", "###", "####"))
    return f"{hashes} **{text}**" if rng.random() < 0.15 else f"{hashes} {text}"


def _md_para(text: str, rng: random.Random) -> str:
    """A paragraph; a leading （一）xxx。 sentence is sometimes bold."""
    if text.startswith("（") and "。" in text and rng.random() < 0.6:
        head, rest = text.split("。", 1)
        return f"**{head}。**{rest}"
    return text


def md_table(grid: Grid, rng: random.Random, bold: bool) -> list[str]:
    """A pipe table: first grid row as header, merged positions empty."""
    lines = []
    for i, row in enumerate(expand(grid)):
        texts = []
        for tag, cell in row:
            text = cell.text if tag == "cell" else ""
            if bold and cell.kind == "label" and text and tag == "cell":
                text = f"**{text}**"
            texts.append(text.replace("|", "｜"))
        lines.append("| " + " | ".join(texts) + " |")
        if i == 0:
            lines.append("|" + "|".join(["---"] * len(row)) + "|")
    return lines


def render_markdown(doc: Doc, rng: random.Random) -> bytes:
    """Markdown: # title, ## part headings, pipe tables."""
    lines = ["", "# " + " ".join(doc.title), ""]
    bold = rng.random() < 0.4
    for block in doc.blocks:
        if block.kind == "heading":
            lines += [_md_heading(block.text, rng), ""]
        elif block.kind == "para":
            lines += [_md_para(block.text, rng), ""]
        else:
            if block.name == "active" and rng.random() < 0.5:
                lines += _md_split_active(block.grid, rng, bold)
            else:
                lines += md_table(block.grid, rng, bold) + [""]
    lines += doc.signature
    return ("\n".join(lines) + "\n").encode("utf-8")


def _md_split_active(grid: Grid, rng: random.Random, bold: bool) -> list[str]:
    """Table `active` as one pipe table per 第二十条 section, the section name as a line above."""
    lines: list[str] = []
    part: Grid = []
    for row in grid + [[Cell("", "section")]]:
        if row[0].kind == "section":
            if part:
                lines += md_table(part, rng, bold) + [""]
            if row[0].text:
                lines += [f"**{row[0].text}**" if rng.random() < 0.5 else row[0].text, ""]
            part = []
        else:
            part.append(row)
    return lines


def wrap(text: str, width: int) -> list[str]:
    """Text cut into lines of width characters."""
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]



def _md_shattered_requests(grid: Grid, rng: random.Random) -> list[str]:
    """Table `requests` as a PDF-to-markdown converter shatters it: the header as plain lines, one small pipe
    table per row, some rows' labels printed as wrapped text below their figures (002 上海市科委)."""
    lines: list[str] = []
    for row in expand(grid):
        cells = [c for tag, c in row if tag == "cell" and (c.text or c.kind == "value")]
        values = [c.text for c in cells if c.kind == "value"]
        labels = [c.text for c in cells if c.kind == "label"]
        if not values:
            lines += [c.text for c in cells] + [""]
            continue
        if labels and rng.random() < 0.35:  # the label wrapped below its figures, as 002 prints it
            lines += ["| " + " | ".join(values) + " |", "|" + "---|" * len(values), ""]
            lines += wrap("".join(labels), rng.randint(8, 12))
        else:
            texts = labels + values
            lines += ["| " + " | ".join(texts) + " |", "|" + "---|" * len(texts), ""]
    return lines


def render_md_shattered(doc: Doc, rng: random.Random) -> bytes:
    """Converted markdown whose table 3 is shattered into a small table a row, labels detached."""
    lines = ["# " + " ".join(doc.title), ""]
    for block in doc.blocks:
        if block.kind == "heading":
            lines += ["## " + block.text, ""]
        elif block.kind == "para":
            lines += [block.text, ""]
        elif block.name == "requests":
            lines += _md_shattered_requests(block.grid, rng)
        else:
            lines += md_table(block.grid, rng, False) + [""]
    lines += doc.signature
    return ("\n".join(lines) + "\n").encode("utf-8")
