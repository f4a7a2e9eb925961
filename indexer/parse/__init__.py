"""Report text -> Report: metadata, the six parts, the template, and the facts of its three tables."""

from __future__ import annotations

import re

from indexer.check import check_facts
from indexer.model import Fact, Report
from indexer.parse.cellrows import lone_rows, place_rows, shattered
from indexer.parse.metadata import body_and_year, canonical_body, header_block, header_date, signing_date
from indexer.parse.resolve import agreed, resolve_by_columns
from indexer.parse.sections import part_spans, virtual_lines
from indexer.parse.tables import dump_mode, parse_table
from indexer.parse.tokens import Token, tokenize
from indexer.parse.values import norm
from indexer.schema import REQUESTS_2019, REQUESTS_2021, TABLES, Table

_MARKERS_2021 = ("本年制发件数", "制发件数", "现行有效件数", "本年废止", "本年收费金额", "逾期不补正", "缴纳费用")
_MARKERS_2019 = ("本年新制作数量", "新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量")
_TABLE_MARKERS = ("本年新收", "上年结转", "予以公开", "结转下年度") + _MARKERS_2019 + _MARKERS_2021


def detect_template(text: str, year: int | None) -> str:
    """'2019' or '2021' from the tables' own header words, else from the year; 'other' without tables."""
    flat = norm(text).replace(" ", "").replace("\t", "")
    if not any(m in flat for m in _TABLE_MARKERS):
        return "other"
    if any(m in flat for m in _MARKERS_2021):
        return "2021"
    if any(m in flat for m in _MARKERS_2019):
        return "2019"
    if year is None:
        return "other"
    if year < 2019:
        return "other"
    return "2021" if year >= 2021 else "2019"



def _requests_table(template: str, section_text: str) -> Table:
    """The requests table as printed: （六）其他处理 split into three rows, or undivided."""
    flat = norm(section_text).replace(" ", "")
    split = any(k in flat for k in ("不补正", "缴纳费用", "收费通知"))
    return REQUESTS_2021 if split else REQUESTS_2019


def parse_text(text: str, report: str, path: str = "") -> Report:
    """Parse a report's normalised text into a Report with its facts and notes."""
    lines = text.split("\n")
    body, year, _ = body_and_year(lines)
    head = header_block(lines)
    publisher = head.get("发布机构") or head.get("发文机关") or None
    body = body or publisher
    vlines = virtual_lines(lines)
    spans = part_spans(vlines)
    parts = {p: (vlines[a][0], vlines[c][0]) for p, (a, _, c) in spans.items()}
    template = detect_template(text, year)
    if year is not None and year < 2019:
        template = "other"
    rep = Report(report=report, path=path, text=text, body=body, year=year, template=template,
                 signed=signing_date(lines), parts=parts, publisher=publisher,
                 published=header_date(head.get("发布时间") or head.get("发布日期") or ""),
                 canonical_body=canonical_body(body, publisher))
    if body is None:
        rep.notes.append("title not found: issuing body unknown")
    if year is None:
        rep.notes.append("title not found: year unknown")
    if template == "other":
        rep.notes.append("no standard tables (older or free layout): metadata and prose only")
        return rep
    sections = {}
    flat = ""
    for table in TABLES[template].values():
        if table.part not in spans:
            rep.notes.append(f"{table.id}: part {table.part} heading not found; table not read")
            flat = flat or norm(text).replace(" ", "")
            if any(k in flat for r in table.rows[:3] for k in r.keys):
                rep.cells_left_out += sum(len(r.columns) for r in table.rows)
            continue
        _, head_end, last = spans[table.part]
        section = vlines[head_end + 1 : last + 1]
        sections[table.id] = (section, tokenize(section))
    mode = dump_mode([t for _, toks in sections.values() for t in toks])
    for table in TABLES[template].values():
        if table.id not in sections:
            continue
        section, tokens = sections[table.id]
        if table.id == "requests":
            table = _requests_table(template, "\n".join(t for _, t in section))
        pending: dict = {}
        facts, notes = parse_table(tokens, table, pending, mode)
        if pending and table.id == "requests":
            resolved = resolve_by_columns(facts, pending)
        else:  # no column rules to choose with: the cells every expansion of a collapsed run agrees on
            resolved = facts + [f for r, (readings, *rest) in pending.items() if len(rest) == 2
                                for f in agreed(table, r, readings, *rest)]
        notes = _partly_read(notes, table, resolved, {f.row for f in resolved} - {f.row for f in facts})
        facts = resolved
        facts, notes = _with_placed_rows(facts, notes, section, tokens, table)
        facts, notes = _with_lone_rows(facts, notes, section, table)
        rep.facts.extend(facts)
        rep.notes.extend(notes)
        rep.cells_left_out += _left_out(table, notes, "".join(t.text for t in tokens if t.kind == "text"))
    return rep


def _with_placed_rows(facts: list[Fact], notes: list[str], section: list[tuple[int, str]],
                      tokens: list[Token], table: Table) -> tuple[list[Fact], list[str]]:
    """Add the rows of figures printed away from their labels (a shattered table) that place_rows can place,
    when they agree with every figure read already and break no consistency rule that held before."""
    if shattered(section, tokens):  # labels away from their figures: a label's place says nothing, the rows' order does
        placed = place_rows(section, tokens, table)
        got = {f.row for f in placed}
        return placed, [f"{table.id}: row {r.id}: printed away from its label, not placed; left out"
                        for r in table.rows if r.id not in got]
    if not notes:
        return facts, notes
    placed = place_rows(section, tokens, table)
    have = {f.key(): f.value for f in facts}
    if not placed or any(have.get(f.key(), f.value) != f.value for f in placed):
        return facts, notes
    new = [f for f in placed if f.key() not in have]
    before = {(x.rule, x.where) for x in check_facts(facts)}
    if not new or any((x.rule, x.where) not in before for x in check_facts(facts + new)):
        return facts, notes
    rows = {f.row for f in new}
    return facts + new, [n for n in notes if not any(f"row {r}:" in n or n.endswith(f"row {r} not found")
                                                      for r in rows)]


def _with_lone_rows(facts: list[Fact], notes: list[str], section: list[tuple[int, str]],
                    table: Table) -> tuple[list[Fact], list[str]]:
    """Add rows not found in order but printed whole on a line of their own (lone_rows), when they break no
    consistency rule that held before."""
    missing = {r.id for r in table.rows if any(n == f"{table.id}: row {r.id} not found" for n in notes)}
    new = lone_rows(section, table, missing) if missing else []
    before = {(x.rule, x.where) for x in check_facts(facts)}
    if not new or any((x.rule, x.where) not in before for x in check_facts(facts + new)):
        return facts, notes
    rows = {f.row for f in new}
    return facts + new, [n for n in notes if not any(n == f"{table.id}: row {r} not found" for r in rows)]


def _partly_read(notes: list[str], table: Table, facts: list[Fact], done: set[str]) -> list[str]:
    """Notes of rows now read: dropped when every cell was, else saying how many cells are left out."""
    out = []
    for note in notes:
        row = next((r for r in done if note.startswith(f"{table.id}: row {r}:")), None)
        if row is None:
            out.append(note)
            continue
        missing = len(table.row(row).columns) - sum(1 for f in facts if f.row == row)
        if missing:
            out.append(f"{note.split('; left out')[0]}; the cells every reading agrees on read, {missing} "
                       f"{'cell' if missing == 1 else 'cells'} left out")
    return out


def _left_out(table: Table, notes: list[str], section: str) -> int:
    """Cells of the rows the notes say were printed but left out, or not found though their label stands in
    the table's part (section: its label text)."""
    rows = {r.id: len(r.columns) for r in table.rows}
    out = 0
    for note in notes:
        head, _, rest = note.partition(": row ")
        row = rest.split(":", 1)[0]
        if head == table.id and row in rows and "left out" in rest:
            part = re.search(r"(\d+) cells? left out", rest)
            out += int(part.group(1)) if part else rows[row]
        elif head == table.id and rest.endswith(" not found") and rest[: -len(" not found")] in rows:
            keys = table.row(rest[: -len(" not found")]).keys
            out += rows[rest[: -len(" not found")]] if any(norm(k).replace(" ", "") in section for k in keys) else 0
        elif note == f"{table.id}: no row label found":
            out += sum(rows.values())
    return out
