"""Follow-ups that compute with the conversation's figures: 两年合计呢？ (the last two), 比2021年呢？ (this one against
another year), 两者相差多少？, 洪泽区呢？ after a rate (the same computation again) — or no figure when unclear."""

from __future__ import annotations

import re
from typing import Any

from app import operations
from app.query import Kind, Operation, Query
from app.understand.fields import Field

_SUM = re.compile(r"合计|加起来|加在一起|一共|总共|共计|总和|之和|\bboth\b|\bcombined\b|\bin total\b|\baltogether\b|"
                  r"\btogether\b|\bsum\b", re.I)
_DIFF = re.compile(r"相差|差多少|差距|差额|多多少|少多少|(?:多|少|增加|减少|增长|下降|变化)了?(?:多少|几)|"
                   r"(?<!占)比(?![例率重])|\bdifference\b|how many (?:more|fewer)|\bincrease|\bdecrease|\bchange\b",
                   re.I)
_SHARE = re.compile(r"占比|比例|比重|百分之几|\bshare\b|\bfraction\b|\bpercentage\b|\bproportion\b", re.I)
_FEWER = re.compile(r"(?<!多)少(?!多少)|减少|下降|fewer|decrease", re.I)
_OTHER = re.compile(r"同比|环比|倍|率|百分|%|比例|占比|\bpercent|\brate\b|\bshare\b|\bgrowth\b|year on year", re.I)
_MANY = re.compile(r"[三四五六七八九十]|以上|上述|全部|所有|这几|这些|各项|\ball\b|\bthree\b|\bfour\b|\bfive\b", re.I)
_MEAN = re.compile(r"平均|均值|\baverage\b|\bmean\b", re.I)
_TWO = re.compile(r"两年|两者|两个|两项|两家|两局|\bboth\b", re.I)


def one_figure(state: dict) -> dict | None:
    """The single figure (one body, one year, one cell) a conversation state stands for, if it does."""
    if state.get("kind") != str(Kind.FIGURE) or len(state.get("bodies") or []) != 1 or \
            len(state.get("years") or []) != 1 or not isinstance(state.get("field"), dict):
        return None
    return {"bodies": state["bodies"], "years": state["years"], "field": state["field"]}


def two_figures(u: Any, state: dict) -> Query | None:
    """A follow-up that computes with the conversation's figure and one other, naming no new cell: the sum or
    difference (formula, both figures and their sources), or a CALC with no terms (no figure) when it asks for
    another computation (同比呢？) or the other figure is unclear; None when it is no such follow-up."""
    now = one_figure(state)
    text = u.question
    wants_sum, wants_diff, other_op = _SUM.search(text), _DIFF.search(text), _OTHER.search(text)
    if not now or not (wants_sum or wants_diff or other_op or _TWO.search(text)) or u.fields.rows or \
            set(u.fields.columns) - {"total", "change"} or u.fields.choices or u.fields.excluded:
        return None
    lang = state.get("lang", "zh")
    if (wants_sum or _MEAN.search(text)) and _MANY.search(text):  # 三项合计 / 以上合计: more than the two kept
        return Query(Operation.CALC, lang, calc=operations.UNCLEAR, question=text, carried=("question",))
    share = _share_of_before(now, state.get("before"), text) if other_op else None
    if share:  # 收到多少申请？ … 其中律师呢？ … 占比多少？: the second figure over the first
        return Query(Operation.CALC, lang, bodies=tuple(now["bodies"]), years=tuple(now["years"]),
                     cells=(share[0][3],), calc=operations.RATIO, terms=share, question=text, carried=("question",))
    if other_op and not wants_sum and not _plain_difference(text):  # 同比呢？ / 增长了几倍？: never the figure again
        return Query(Operation.CALC, lang, calc=operations.UNCLEAR, question=text, carried=("question",))
    years = list(u.years.years)
    if not years and u.years.step is not None:
        years = [now["years"][0] + u.years.step]  # 比上年多多少
    if len(years) > 1 or len(u.bodies.mentions) > 1 or any(len(m.entities) != 1 for m in u.bodies.mentions):
        return None
    if years or u.bodies.mentions:  # 比2021年呢？ / 和2025年合计呢？ / 和洪泽区加起来呢？
        other = {"bodies": [u.bodies.mentions[0].entities[0].key] if u.bodies.mentions else now["bodies"],
                 "years": years or now["years"], "field": now["field"]}
        if not (wants_sum or wants_diff or other_op):
            return None  # 2023年呢？: a plain follow-up
        pair = (now, other) if wants_diff else (other, now)
    elif isinstance(state.get("before"), dict) and state["before"] != now:
        pair = (state["before"], now)
    else:
        return None
    a, b = pair
    if wants_diff and not wants_sum and a["years"] != b["years"] and not years:  # later minus earlier (多/增加)
        a, b = sorted(pair, key=lambda f: f["years"][0], reverse=not _FEWER.search(text))
    kind = operations.DIFFERENCE if wants_diff and not wants_sum else operations.SUM
    if _MEAN.search(text):  # 两年平均呢？: the mean of the two, not their sum
        if wants_diff or re.search(r"每个?月|月均|month", text, re.I):  # 平均增加了多少？: no figure
            return Query(Operation.CALC, lang, calc=operations.UNCLEAR, question=text, carried=("question",))
        kind = operations.MEAN
    terms = tuple((side if kind == operations.DIFFERENCE else "a", f["bodies"][0], f["years"][0],
                   Field.from_dict(f["field"])) for side, f in (("a", a), ("b", b)))
    return Query(Operation.CALC, lang, bodies=tuple(dict.fromkeys(t[1] for t in terms)),
                 years=tuple(dict.fromkeys(t[2] for t in terms)), cells=(terms[-1][3],), calc=kind,
                 terms=terms, question=text, carried=("question",))


def _share_of_before(now: dict, before: Any, text: str) -> tuple | None:
    """A share asked after a whole and then a part of it (same body, year and row; the whole's column the total)."""
    if not _SHARE.search(text) or not isinstance(before, dict) or before["bodies"] != now["bodies"] or \
            before["years"] != now["years"]:
        return None
    whole, part = Field.from_dict(before["field"]), Field.from_dict(now["field"])
    if (whole.table, whole.row) != (part.table, part.row) or whole.column not in (None, "total") or \
            part.column in (None, "total"):
        return None
    body, year = now["bodies"][0], now["years"][0]
    return (("a", body, year, part), ("b", body, year, Field(whole.table, whole.row, "total")))


def _plain_difference(text: str) -> bool:
    """比2021年呢 names a comparison, not a rate (比 alone is also the 比 of 比例)."""
    return bool(re.search(r"(?<!占)比[^例率重]", text)) and not re.search(r"同比|环比|倍|率|百分|%", text)


def computation_again(u: Any, state: dict) -> str:
    """A follow-up naming only another body or year after a computed answer (a rate, a sum…): the computation's
    question for them; '' when the follow-up is something else."""
    if not state or state.get("kind") != str(Kind.CALC) or not state.get("query") or not u.elliptical or \
            u.fields.rows or u.fields.columns or u.fields.choices or u.fields.excluded:
        return ""
    if not u.bodies.mentions and not u.years.years and u.years.step is None:
        return ""
    bodies = [m.written for m in u.bodies.mentions] or [state.get("exact") or (state.get("bodies") or [""])[0]]
    years = list(u.years.years)
    if u.years.step is not None and not years and len(state.get("years") or []) == 1:
        years = [state["years"][0] + u.years.step]
    years = years or list(state.get("years") or [])
    return f"{'和'.join(bodies)}{'和'.join(f'{y}年' for y in years)}{state['query']}"
