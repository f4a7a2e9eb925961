"""A table's facts -> generated Chinese sentences stating its figures (the 'figures' passages)."""

from __future__ import annotations

import re

from indexer.model import Fact
from indexer.schema import TABLES, Row

MAX_CHARS = 270  # a requests table longer than this is said in two passages (the chunk size less a margin)


def sentences(table: str, facts: list[Fact], template: str) -> list[str]:
    """The sentences stating one table's figures."""
    return {"active": _active, "requests": _requests, "review": _review}[table](facts, template)


def _num(v: int | float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}" if abs(v) < 1e15 else str(v)


def _cells(facts: list[Fact]) -> dict[tuple[str, str], Fact]:
    return {(f.row, f.column): f for f in facts}


def _short(label: str) -> str:
    """A column label without its parenthesis and trailing 数量/件数: 本年新制作数量 -> 本年新制作."""
    label = re.sub(r"[（(].*?[）)]", "", label)
    return re.sub(r"(件数|数量)$", "", re.sub(r"(总|项目)数量$", r"\1数", label))


def _measure(column: str, fact: Fact) -> str:
    if fact.unit:
        return fact.unit
    return {"prev_count": "项", "change": "项", "projects": "个"}.get(column, "件")


def _active(facts: list[Fact], template: str) -> list[str]:
    """主动公开 figures: each row's columns, in printed order."""
    cells = _cells(facts)
    parts = []
    for row in TABLES[template]["active"].rows:
        said = [f"{_short(c.label)}{_num(cells[row.id, c.id].value)}{_measure(c.id, cells[row.id, c.id])}"
                for c in row.columns if (row.id, c.id) in cells]
        if said:
            parts.append(f"{row.label}{'、'.join(said)}")
    return ["主动公开政府信息情况：" + "；".join(parts) + "。"] if parts else []


def _total(cells: dict[tuple[str, str], Fact], row: str) -> str | None:
    f = cells.get((row, "total"))
    return f"{_num(f.value)}件" if f else None


def _group(cells: dict[tuple[str, str], Fact], rows: list[Row], name: str) -> str | None:
    """（三）不予公开 and the like: '不予公开0件' when every printed sub-row is zero, else the non-zero ones."""
    printed = [(r, cells[r.id, "total"]) for r in rows if (r.id, "total") in cells]
    if not printed:
        return None
    nonzero = [f"{re.sub(r'^[0-9.．、]+', '', r.label)}{_num(f.value)}件" for r, f in printed if f.value]
    return f"{name}：" + "、".join(nonzero) if nonzero else f"{name}0件"


def _requests(facts: list[Fact], template: str) -> list[str]:
    """依申请公开 figures: received (by applicant), carried over, each outcome, total handled, carried forward;
    the reasons for not granting in a second passage when one would run past the chunk size."""
    cells = _cells(facts)
    table = TABLES[template]["requests"]
    rows = list(table.rows) + [r for r in TABLES["2019"]["requests"].rows if r.id == "other"]
    head, reasons, tail = [], [], []
    new = _total(cells, "new_received")
    if new:
        who = [f"{c.label}{_num(cells['new_received', c.id].value)}件" for c in table.rows[0].columns
               if c.id != "total" and ("new_received", c.id) in cells and cells["new_received", c.id].value]
        head.append(f"本年新收政府信息公开申请{new}" + (f"（{'、'.join(who)}）" if who else ""))
    for row_id, words in (("carried_over", "上年结转"), ("granted", "予以公开"), ("partially_granted", "部分公开")):
        if _total(cells, row_id):
            head.append(f"{words}{_total(cells, row_id)}")
    for prefix, name in (("denied.", "不予公开"), ("unable.", "无法提供"), ("not_processed.", "不予处理"),
                         ("other.", "其他处理")):
        g = _group(cells, [r for r in rows if r.id.startswith(prefix)], name)
        if g:
            reasons.append(g)
    if _total(cells, "other"):
        reasons.append(f"其他处理{_total(cells, 'other')}")
    for row_id, words in (("handled_total", "办理结果总计"), ("carried_forward", "结转下年度继续办理")):
        if _total(cells, row_id):
            tail.append(f"{words}{_total(cells, row_id)}")
    title = "收到和处理政府信息公开申请情况："
    whole = "，".join(head + reasons + tail)
    if len(whole) + len(title) <= MAX_CHARS or not reasons or not head + tail:
        return [f"{title}{whole}。"] if whole else []
    return [f"{title}{'，'.join(head + tail)}。", f"{title}办理结果中，{'，'.join(reasons)}。"]


def _review(facts: list[Fact], template: str) -> list[str]:
    """行政复议、行政诉讼 figures: each row's total with its non-zero results."""
    cells = _cells(facts)
    names = {"reconsideration": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
             "litigation_after_reconsideration": "行政诉讼（复议后起诉）"}
    said = []
    for row in TABLES[template]["review"].rows:
        total = cells.get((row.id, "total"))
        detail = [f"{c.label}{_num(cells[row.id, c.id].value)}件" for c in row.columns
                  if c.id != "total" and (row.id, c.id) in cells and cells[row.id, c.id].value]
        if total is None and not detail:
            continue
        head = f"{names[row.id]}{_num(total.value)}件" if total else names[row.id]
        said.append(head + (f"（{'、'.join(detail)}）" if detail else ""))
    return ["政府信息公开行政复议、行政诉讼情况：" + "；".join(said) + "。"] if said else []
