"""The logical report: style choices, blocks of prose and tables as grids with merged cells."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from indexer.schema import APPLICANT_COLUMNS, PART_NAMES, REVIEW_COLUMNS, TABLES, Row

from .figures import BLANK_MARKS, Key, Value, fmt_value, unit_of
from .prose import Body, part_paragraphs, signature

CN = "一二三四五六七八九"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS = "三、本年度办理结果"
_SECTIONS = {
    "2019": (("（一）", ("regulations", "normative_documents")), ("（五）", ("licensing", "other_services")),
             ("（六）", ("penalty", "enforcement")), ("（八）", ("fees",)), ("（九）", ("procurement",))),
    "2021": (("（一）", ("regulations", "normative_documents")), ("（五）", ("licensing",)),
             ("（六）", ("penalty", "enforcement")), ("（八）", ("fees",))),
}


@dataclass
class Cell:
    """One table cell; kind is label, head, section, note, value or pad."""

    text: str
    kind: str = "label"
    rowspan: int = 1
    colspan: int = 1


Grid = list[list[Cell]]


@dataclass
class Block:
    """A piece of the report body: a part heading, a paragraph or a table."""

    kind: str  # heading | para | table
    text: str = ""
    grid: Grid = field(default_factory=list)
    name: str = ""  # table id, for tables


@dataclass
class Style:
    """Per-report printing choices shared by all layouts."""

    numbering: str = "."
    ascii_paren: bool = False
    stray: dict[str, int] = field(default_factory=dict)  # row id -> where a stray space goes
    thousands: bool = False
    unit_in_cell: bool = False
    fullwidth_p: float = 0.0
    blank_marks: tuple[str, ...] = BLANK_MARKS
    part_names: dict[int, str] = field(default_factory=dict)
    amount_head: str = "采购总金额"


@dataclass
class Doc:
    """A whole report: title lines, body blocks, signature lines."""

    title: list[str]
    blocks: list[Block]
    signature: list[str]
    style: Style
    template: str


def make_style(rng: random.Random, template: str, *, allow_empty_blank: bool, fullwidth_ok: bool) -> Style:
    """Draw the printing choices of one report."""
    rows = [r.id for r in TABLES[template]["requests"].rows] + [r.id for r in TABLES[template]["active"].rows]
    stray = {}
    if rng.random() < 0.3:
        for rid in rng.sample(rows, rng.randint(1, 2)):
            stray[rid] = rng.randint(2, 5)
    fullwidth_p = rng.choice((0.0, 0.0, 0.0, 0.3, 1.0))
    names = dict(PART_NAMES)
    names[1] = rng.choice(("总体情况", "总体情况", "工作开展情况", "工作基本情况"))
    names[5] = rng.choice(("存在的主要问题及改进情况", "存在的主要问题及改进情况", "存在主要问题及改进情况"))
    return Style(
        numbering=rng.choice((".", ".", "、", "．")),
        ascii_paren=rng.random() < 0.25,
        stray=stray,
        thousands=rng.random() < 0.5,
        unit_in_cell=rng.random() < 0.25,
        fullwidth_p=fullwidth_p if fullwidth_ok else 0.0,
        blank_marks=BLANK_MARKS if allow_empty_blank else BLANK_MARKS[1:],
        part_names=names,
        amount_head=rng.choice(("采购总金额", "采购总金额（单位：万元）", "采购总金额（单位：万元，保留4位小数）")),
    )


def label_variant(label: str, style: Style, row_id: str = "") -> str:
    """A printed label with the report's numbering, parentheses and stray-space quirks."""
    label = re.sub(r"^(\d)\.", rf"\g<1>{style.numbering}", label)
    if style.ascii_paren:
        label = re.sub(r"^（([一二三四五六七八九])）", r"(\1) ", label)
    pos = style.stray.get(row_id)
    if pos is not None and len(label) > pos + 1 and " " not in label[-pos - 1:-pos + 1]:
        label = label[:-pos] + " " + label[-pos:]
    return label


def _value(key: Key, figs: dict[Key, Value], blanks: dict[Key, str], style: Style,
           rng: random.Random, template: str, colspan: int = 1) -> Cell:
    """The value cell of one figure (or its blank mark)."""
    if key in blanks:
        return Cell(blanks[key], "value", colspan=colspan)
    text = fmt_value(figs[key], unit_of(key, template), rng, thousands=style.thousands,
                     unit_in_cell=style.unit_in_cell, fullwidth_p=style.fullwidth_p)
    return Cell(text, "value", colspan=colspan)


def active_grid(figs: dict[Key, Value], blanks: dict[Key, str], style: Style, rng: random.Random,
                template: str) -> Grid:
    """Table `active` as one 4-column grid with a section row per 第二十条 item."""
    table = TABLES[template]["active"]
    grid: Grid = []
    for item, row_ids in _SECTIONS[template]:
        grid.append([Cell(f"第二十条第{item}项", "section", colspan=4)])
        cols = table.row(row_ids[0]).columns
        heads = [Cell(style.amount_head if c.id == "amount" and template == "2019" else c.label, "head")
                 for c in cols]
        if len(cols) == 1:
            heads[0].colspan = 3
        grid.append([Cell("信息内容", "head"), *heads] + [Cell("", "pad")] * (3 - len(cols) if len(cols) > 1 else 0))
        for rid in row_ids:
            row = table.row(rid)
            span = 3 if len(cols) == 1 else 1
            cells = [_value(("active", rid, c.id), figs, blanks, style, rng, template, span) for c in cols]
            pad = [Cell("", "pad") for _ in range(3 - len(cols))] if len(cols) > 1 else []
            grid.append([Cell(label_variant(row.label, style, rid)), *cells, *pad])
    return grid


def requests_grid(figs: dict[Key, Value], blanks: dict[Key, str], style: Style, rng: random.Random,
                  template: str) -> Grid:
    """Table `requests`: three label columns (merged) and seven applicant columns."""
    rows: tuple[Row, ...] = TABLES[template]["requests"].rows
    grid: Grid = [
        [Cell(NOTE, "note", rowspan=3, colspan=3), Cell("申请人情况", "head", colspan=7)],
        [Cell("自然人", "head", rowspan=2), Cell("法人或其他组织", "head", colspan=5),
         Cell("总计", "head", rowspan=2)],
        [Cell(c.label, "head") for c in APPLICANT_COLUMNS[1:6]],
    ]
    n_results = sum(1 for r in rows if r.id not in ("new_received", "carried_over", "carried_forward"))
    seen_groups: set[str] = set()
    for i, row in enumerate(rows):
        label = label_variant(row.label, style, row.id)
        cells: list[Cell] = []
        if row.id in ("new_received", "carried_over", "carried_forward"):
            cells.append(Cell(label, colspan=3))
        else:
            if rows[i - 1].id == "carried_over":
                cells.append(Cell(RESULTS, rowspan=n_results))
            if row.group:
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    size = sum(1 for r in rows if r.group == row.group)
                    cells.append(Cell(label_variant(row.group, style), rowspan=size))
                cells.append(Cell(label))
            else:
                cells.append(Cell(label, colspan=2))
        cells += [_value(("requests", row.id, c.id), figs, blanks, style, rng, template)
                  for c in APPLICANT_COLUMNS]
        grid.append(cells)
    return grid


def review_grid(figs: dict[Key, Value], blanks: dict[Key, str], style: Style, rng: random.Random,
                template: str) -> Grid:
    """Table `review`: a three-row header over one row of fifteen figures."""
    heads = [c.label for c in REVIEW_COLUMNS]
    rows = TABLES[template]["review"].rows
    return [
        [Cell("行政复议", "head", colspan=5), Cell("行政诉讼", "head", colspan=10)],
        [*[Cell(h, "head", rowspan=2) for h in heads], Cell("未经复议直接起诉", "head", colspan=5),
         Cell("复议后起诉", "head", colspan=5)],
        [Cell(h, "head") for h in heads * 2],
        [_value(("review", r.id, c.id), figs, blanks, style, rng, template) for r in rows for c in REVIEW_COLUMNS],
    ]


def build_doc(rng: random.Random, template: str, year: int, body: Body, title: list[str],
              figs: dict[Key, Value], blank_keys: set[Key], style: Style) -> Doc:
    """Assemble title, the six parts with prose and tables, and the signature."""
    blanks = {k: rng.choice(BLANK_MARKS) for k in sorted(blank_keys)}
    blanks = {k: v if v in style.blank_marks else "—" for k, v in blanks.items()}
    blocks: list[Block] = []
    if rng.random() < 0.4:
        blocks.append(Block("para", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条规定，"
                                    f"现公布{body.short}{year}年政府信息公开工作年度报告。"))
    builders = {2: ("active", active_grid), 3: ("requests", requests_grid), 4: ("review", review_grid)}
    for part in range(1, 7):
        blocks.append(Block("heading", f"{CN[part - 1]}、{style.part_names[part]}"))
        blocks += [Block("para", p) for p in part_paragraphs(rng, part, body, year)]
        if part in builders:
            name, build = builders[part]
            blocks.append(Block("table", grid=build(figs, blanks, style, rng, template), name=name))
    return Doc(title, blocks, signature(rng, body, year), style, template)


def expand(grid: Grid) -> list[list[tuple[str, Cell]]]:
    """Every grid position: ('cell', c) for an anchor, ('h'|'v'|'vh', c) where a merge covers it."""
    occ: dict[tuple[int, int], tuple[str, Cell]] = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    tag = "cell" if dr == dc == 0 else "h" if dr == 0 else "v" if dc == 0 else "vh"
                    occ[(r + dr, c + dc)] = (tag, cell)
            c += cell.colspan
    width = max(c for _, c in occ) + 1
    return [[occ.get((r, c), ("cell", Cell("", "pad"))) for c in range(width)] for r in range(len(grid))]

