"""Operations on figures: sum, difference, ratio (share, rate): the value, its formula, every figure's source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from app.conversation import Plan
from app.lookup import Figure
from app.phrasing import body_year, field_label, fmt, join, say
from app.understand.fields import Field, in_group, row_columns
from app.understand.intent import Understanding

SUM, DIFFERENCE, RATIO = "sum", "difference", "ratio"
_RATIO = re.compile(r"比例|占比|比重|百分之|百分比|%|纠错率|维持率|公开率|[^效]率|percentage|\bshare\b|"
                    r"proportion|\brate\b|\bpercent", re.I)
_SUM = re.compile(r"加起来|加上|一共|总共|合计|共计|总和|之和|两家|[^增]加(?!了|起)|\bcombined\b|\bin total\b|"
                  r"\baltogether\b|\bsum\b|\bplus\b", re.I)
_MORE = re.compile(r"多了?多少|增加了?多少|增长了?多少|高了?多少|上升了?多少|\bmore\b|\bincrease", re.I)
_LESS = re.compile(r"少了?多少|减少了?多少|下降了?多少|低了?多少|降低了?多少|\bfewer\b|\bless\b|\bdecrease", re.I)
_WHOLE_ROWS = ("handled_total", "new_received")  # rows that are the whole others are part of


@dataclass
class Term:
    """One figure of an operation: body, year, cell, and the figure looked up."""

    fig: Figure | None
    label: str
    where: str
    value: int | float | None = None


@dataclass
class Operation:
    """What to compute: the kind and the figures on each side."""

    kind: str
    parts: list[Term] = field(default_factory=list)  # summed (numerator for a ratio, minuend for a difference)
    others: list[Term] = field(default_factory=list)  # denominator / subtrahend


def detect(u: Understanding) -> str | None:
    """The operation a question asks for, from its cue words (None: a plain look-up)."""
    text = u.question
    if _RATIO.search(text):
        return RATIO
    if (_MORE.search(text) or _LESS.search(text)) and (len(u.years.years) == 2 or
                                                                     len(u.entities) == 2):
        return DIFFERENCE
    if _SUM.search(text):
        return SUM
    return None


def _cells(u: Understanding) -> tuple[list[tuple[str, str]], list[str]]:
    """The rows (table, id) and the non-total columns the question names, groups dropped beside their members."""
    tiers = u.fields.row_tiers or [2.0] * len(u.fields.rows)
    floor = 1.5 if max(tiers, default=0) >= 1.5 else max(tiers, default=0)
    rows = [(t[1], t[2]) for t, tier in zip(u.fields.rows, tiers, strict=False) if t[0] in ("row", "group")
            and tier >= floor]
    rows = list(dict.fromkeys(rows))
    rows = [r for r in rows if not any(o != r and in_group(o[1], ("group", r[0], r[1])) for o in rows)]
    cols = [c for c in dict.fromkeys(u.fields.columns) if c != "total"]
    if rows and all(t == "review" for t, _ in rows):  # 其他 beside review outcomes is the other result
        cols = list(dict.fromkeys("other_result" if c == "other_org" else c for c in cols))
    if len(rows) == 1:
        cols = [c for c in cols if c in row_columns(*rows[0])]
    return rows, cols


class Calculator:
    """Computes operations over an Answerer's figures."""

    def __init__(self, qa: Any) -> None:
        self.qa = qa

    def term(self, ent: Any, year: int, f: Field, lang: str) -> Term:
        got = self.qa.figure_of(ent, year, f)
        fig = got if isinstance(got, Figure) else None
        label = field_label(f, fig.report.template if fig else None, lang)
        where = body_year(fig.report.body if fig else ent.key, year, lang)
        return Term(fig, label, where, fig.value if fig else None)

    def plan(self, kind: str, u: Understanding, p: Plan) -> Operation | None:
        """The figures of the operation, or None when the question does not say them clearly."""
        ents, years = p.entities, p.years
        if not ents:
            return None
        rows, cols = _cells(u)
        if kind in (SUM, DIFFERENCE) and p.field and (len(years) >= 2 or len(ents) >= 2) and len(rows) <= 1:
            pairs = [(e, y) for e in ents for y in years] if len(ents) == 1 or len(years) == 1 else []
            if len(pairs) < 2:
                return None
            terms = [self.term(e, y, p.field, p.lang) for e, y in pairs]
            if kind == SUM:
                return Operation(SUM, terms)
            if len(terms) != 2:
                return None
            first, second = terms
            return Operation(DIFFERENCE, [second], [first]) if _LESS.search(u.question) else \
                Operation(DIFFERENCE, [first], [second])
        if len(ents) != 1 or len(years) > 1:
            return None
        ent = ents[0]
        year = years[0] if years else self.qa.default_year(ent, p)
        p.years = [year]
        if kind == SUM:
            if len(rows) >= 2 and len({r[0] for r in rows}) == 1 and len(cols) <= 1:
                col = cols[0] if cols else None
                return Operation(SUM, [self.term(ent, year, Field(t, r, col), p.lang) for t, r in rows])
            if len(rows) == 1 and len(cols) >= 2 and all(c in row_columns(*rows[0]) for c in cols):
                return Operation(SUM, [self.term(ent, year, Field(rows[0][0], rows[0][1], c), p.lang) for c in cols])
            return None
        if kind != RATIO:
            return None
        if len(rows) == 1 and len(cols) == 1 and cols[0] in row_columns(*rows[0]):
            t, r = rows[0]
            return Operation(RATIO, [self.term(ent, year, Field(t, r, cols[0]), p.lang)],
                             [self.term(ent, year, Field(t, r, "total" if t != "active" else None), p.lang)])
        whole = [x for x in rows if x[1] in _WHOLE_ROWS or x == ("review", "reconsideration")]
        parts = [x for x in rows if x not in whole]
        if len(whole) == 1 and parts and len(cols) <= 1 and all(x[0] == whole[0][0] for x in parts):
            col = cols[0] if cols else None
            return Operation(RATIO, [self.term(ent, year, Field(t, r, col), p.lang) for t, r in parts],
                             [self.term(ent, year, Field(whole[0][0], whole[0][1], col), p.lang)])
        return None

    def answer(self, op: Operation, p: Plan) -> tuple[str, int | float | None, list[dict]]:
        """(text, value, facts) of a computed operation; value None when a figure is missing."""
        lang = p.lang
        terms = op.parts + op.others
        missing = [t for t in terms if t.value is None]
        lines = [f"- {t.where}“{t.label}”：{fmt(t.value) if t.value is not None else '未印出'}"
                 + (f"（{t.fig.facts[0].report} 第{t.fig.facts[0].line}行）" if t.fig and t.fig.facts else "")
                 for t in terms]
        facts = [x.to_dict() for t in terms if t.fig for x in t.fig.facts]
        if missing:
            text = say(lang, "计算所需的数字没有全部印出，不给出结果：\n", "Not every figure needed is printed, so no "
                                                               "result is given:\n") + "\n".join(lines)
            return text, None, facts
        a = sum(t.value for t in op.parts)
        b = sum(t.value for t in op.others)
        names = " + ".join(fmt(t.value) for t in op.parts)
        if op.kind == SUM:
            value, formula = a, f"{names} = {fmt(a)}"
        elif op.kind == DIFFERENCE:
            value = round(a - b, 6)
            formula = f"{names} − {fmt(b)} = {fmt(value)}"
        else:
            if not b:
                return say(lang, "分母为0，无法计算比例：\n", "The denominator is 0: no ratio:\n") + "\n".join(lines), \
                    None, facts
            value = round(a / b * 100, 1)
            formula = f"({names}) / {fmt(b)} × 100% = {value}%"
        head = {SUM: ("合计", "Sum"), DIFFERENCE: ("差额", "Difference"), RATIO: ("比例", "Share")}[op.kind]
        text = say(lang, f"{head[0]}：{formula}\n计算所用数字：\n", f"{head[1]}: {formula}\nFigures used:\n")
        return text + "\n".join(lines), value, facts


def labels(op: Operation) -> list[str]:
    """The cells of an operation, for the answer's 'understood' field."""
    return [f"{t.where}{t.label}" for t in op.parts + op.others]


__all__ = ["Calculator", "detect", "labels", "join"]
