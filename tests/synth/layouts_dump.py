"""A portal crawl's page dump: header block, one cell or text run a line, runs of equal lines printed once.

Like the 莆田市 department reports of ../shared/corpus/real (015-029): the crawler's header block
(标题/发布时间/发布机构/正文), an introduction listing the six part names, headings and header words broken
over lines (`二` / `、` / `主动…`, `自` / `然` / `人`), row labels split after their number (`1.` / `属于国家秘密`),
and consecutive identical lines collapsed, so a row 5,0,0,0,0,0,5 prints `5` / `0` / `5`.
"""

from __future__ import annotations

import random

from indexer.schema import APPLICANT_COLUMNS, PART_NAMES, REVIEW_COLUMNS, TABLES

from .document import CN, Cell, Doc, expand
from .figures import Key, Value

_APPS = [c.id for c in APPLICANT_COLUMNS if c.id != "total"]


def sparse_figures(rng: random.Random, template: str, figs: dict[Key, Value]) -> dict[Key, Value]:
    """The figures of a small body: few requests, mostly zero rows, repeated values (consistent, rules 1-4)."""
    out = dict(figs)
    table = TABLES[template]["requests"]
    for row in table.rows:
        for c in APPLICANT_COLUMNS:
            out[("requests", row.id, c.id)] = 0
    outcome_rows = [r.id for r in table.rows if r.id.startswith(("granted", "unable.", "denied.", "other"))]
    picks = rng.sample(outcome_rows, rng.randint(1, 3))
    for col in _APPS:
        n = rng.choice((0, 0, 0, 1, 2, 3, 5, 9)) if col in ("natural_person", "commercial", "other_org") else 0
        carried = rng.choice((0, 0, 0, 1)) if n else 0
        forward = rng.choice((0, 0, 1)) if n + carried > 1 else 0
        out[("requests", "new_received", col)] = n
        out[("requests", "carried_over", col)] = carried
        out[("requests", "carried_forward", col)] = forward
        handled = n + carried - forward
        out[("requests", "handled_total", col)] = handled
        left = handled
        for r in picks[:-1]:
            take = rng.randint(0, left)
            out[("requests", r, col)] = take
            left -= take
        out[("requests", picks[-1], col)] = left
    for row in table.rows:
        out[("requests", row.id, "total")] = sum(out[("requests", row.id, c)] for c in _APPS)
    for i, row in enumerate(TABLES[template]["review"].rows):
        vals = [0, 0, 0, 0]
        if i == 0 and rng.random() < 0.5:
            vals = [rng.randint(0, 3), 0, rng.choice((0, 1)), rng.randint(1, 2)]
        for c, v in zip(REVIEW_COLUMNS, [*vals, sum(vals)], strict=True):
            out[("review", row.id, c.id)] = v
    first = TABLES[template]["active"].rows[0]
    for c in first.columns:  # 规章: all zero, printed as one `0`
        out[("active", first.id, c.id)] = 0
    return out


def _split(text: str, rng: random.Random, p: float) -> list[str]:
    """A run of text, sometimes broken into pieces a line each (a crawl of styled spans)."""
    if len(text) < 4 or rng.random() >= p:
        return [text]
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(1, 3))))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def _cell_lines(cell: Cell, rng: random.Random) -> list[str]:
    """One table cell as dump lines: header words sometimes one character a line, numbered labels split."""
    text = cell.text
    if not text:
        return []
    if cell.kind == "head" and len(text) <= 4 and rng.random() < 0.4:
        return list(text)
    if cell.kind == "label" and text[:1].isdigit() and "." in text[:3] and rng.random() < 0.5:
        head, _, rest = text.partition(".")
        return [head + ".", rest]
    if cell.kind == "head":
        return _split(text, rng, 0.3)
    return [text]


def _heading_lines(text: str, rng: random.Random) -> list[str]:
    """A part heading, sometimes broken after its number (`二` / `、` / `主动…`)."""
    roll = rng.random()
    if roll < 0.25:
        return [text[0], text[1], text[2:]]
    if roll < 0.5:
        return [text[:2], text[2:]]
    return [text]


def _intro(rng: random.Random) -> list[str]:
    """An introduction naming the six parts, one a line or in a sentence."""
    names = [PART_NAMES[p] for p in range(1, 7)]
    if rng.random() < 0.5:
        return ["本报告由", names[0], *[f"、{n}" for n in names[1:]], "六个部分组成。"]
    return ["本报告由" + "、".join(names) + "等六个部分组成。"]


def render_dump(doc: Doc, rng: random.Random) -> bytes:
    """The report as a crawler's page dump with collapsed runs of equal lines."""
    title = "".join(doc.title)
    lines = [f"标题: {title}", f"发布时间: {rng.randint(2020, 2026)}-01-{rng.randint(10, 28)} 11:12", "文号: ",
             "发布机构: ", "栏目: 政府信息公开年报",
             "原始链接: https://www.example.gov.cn/zfxxgk/nb/t1.htm", "正文:"]
    lines += _intro(rng)
    for block in doc.blocks:
        if block.kind == "heading":
            lines += _heading_lines(block.text, rng)
        elif block.kind == "para":
            lines += _split(block.text, rng, 0.3)
        else:
            for row in expand(block.grid):
                for tag, cell in row:
                    if tag == "cell" and cell.kind != "pad":
                        lines += _cell_lines(cell, rng)
    lines += doc.signature
    out: list[str] = []
    for line in lines:
        if line.strip() and (not out or out[-1] != line):
            out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


__all__ = ["CN", "render_dump", "sparse_figures"]
