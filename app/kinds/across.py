"""A figure across every report of the years asked: their sum, or the bodies ranked by it."""

from __future__ import annotations

import re

from app.corpus import Corpus
from app.kinds import clarify
from app.kinds.table import facts_of, lines_of, rows_of
from app.lookup import Figure, number
from app.phrasing import amount, field_label, fmt, join, say
from app.query import Kind, Query
from app.reply import Answered, reply


def pick_years(c: Corpus, q: Query) -> Query:
    """The query with its years: those asked, or the latest year indexed (said so)."""
    if q.years:
        return q
    years = sorted({r.year for r in c.year_reports(c.years, q.scope) if r.year is not None})
    if len(years) > 1:
        q = q.assuming(f"未指明年份，按最新的{years[-1]}年回答",
                       f"no year given: answering for the latest, {years[-1]}")
    return q.with_(years=tuple(years[-1:]))


def collect(c: Corpus, q: Query) -> tuple[list[Figure], Query, Answered | None]:
    """The cell's figure in each report of the years asked (or an answer saying why there are none)."""
    q = pick_years(c, q)
    reports = c.year_reports(list(q.years), q.scope)
    if not reports:
        asked = join([str(y) for y in q.years], q.lang) or "—"
        have = join([str(y) for y in c.years], q.lang)
        return [], q, (reply(say(q.lang, f"已收录的年报中没有{asked}年的相应年报；已收录的年份：{have}。",
                                 f"There are no matching reports for {asked} in the index; indexed years: {have}."),
                             Kind.ABSENT, reason="year_not_indexed"), q)
    assert q.cell is not None
    figs = c.lookup.across(reports, q.cell)
    if all(g.problem == "unclear" for g in figs):
        return [], q, clarify.unclear(c, q.with_(choices=tuple(figs[0].choices)), figs[0].report)
    return figs, q, None


def aggregate(c: Corpus, q: Query) -> Answered:
    """A sum across reports, with the per-report figures; no total unless every report prints the figure."""
    figs, q, early = collect(c, q)
    if early:
        return early
    ok = [g for g in figs if g.value is not None]
    total = number(sum(g.value for g in ok)) if ok else None  # type: ignore[misc]
    value = total if ok and len(ok) == len(figs) else None
    label = field_label(figs[0].field, figs[0].report.template, q.lang)
    years = join([str(y) for y in q.years], q.lang)
    n = len(figs)
    if value is not None:
        head = say(q.lang, f"{years}年已收录的{n}份年报“{label}”合计 {amount(value, figs[0], 'zh')}（各报告相加）。",
                   f"In {years}, “{label}” adds up to {amount(value, figs[0], 'en')} over the {n} indexed reports.")
    else:
        head = say(q.lang, f"{years}年已收录{n}份年报，其中{n - len(ok)}份没有印出“{label}”或无法确定，因此不给出合计；"
                           f"印出的{len(ok)}份相加为 {fmt(total)}。",
                   f"Of the {n} reports indexed for {years}, {n - len(ok)} do not print “{label}” or it is uncertain, "
                   f"so no total is given; the {len(ok)} that print it add up to {fmt(total)}.")
    return reply(head + "\n" + lines_of(figs, q.lang), Kind.AGGREGATE, value=value, facts=facts_of(figs),
                 table=rows_of(figs), derived=True), q


def rank(c: Corpus, q: Query) -> Answered:
    """The body with the most (or least) of a figure in a year, with the full ranking."""
    figs, q, early = collect(c, q)
    if early:
        return early
    ok = sorted((g for g in figs if g.value is not None), key=lambda g: g.value, reverse=q.order == "desc")
    missing = [g for g in figs if g.value is None]
    label = field_label(figs[0].field, figs[0].report.template, q.lang)
    years = join([str(y) for y in q.years], q.lang)
    if not ok:
        return reply(say(q.lang, f"{years}年没有一份年报印出“{label}”。", f"No report of {years} prints “{label}”."),
                     Kind.RANK, table=rows_of(figs), reason="missing"), q
    nth = _nth(q.question)
    if nth > 1:
        return _nth_place(ok, missing, nth, label, years, q, figs)
    lead = [g for g in ok if g.value == ok[0].value] if q.top == 1 else ok[:q.top]
    names = join([g.report.body or g.report.report for g in lead], q.lang)
    most = say(q.lang, "最高" if q.order == "desc" else "最低", "highest" if q.order == "desc" else "lowest")
    head = say(q.lang, f"{years}年“{label}”{most}的是{names}：{amount(lead[0].value, lead[0], 'zh')}。",
               f"In {years}, the {most} “{label}” was {names}'s: {amount(lead[0].value, lead[0], 'en')}.")
    if len(lead) > 1 and q.top == 1:
        head += say(q.lang, f"（{len(lead)}个并列）", f" ({len(lead)} tied)")
    if missing:
        head += say(q.lang, f"\n另有{len(missing)}份年报没有印出此数，排名未计入。",
                    f"\n{len(missing)} more reports do not print it and are left out of the ranking.")
    value = lead[0].value if not missing and q.top == 1 else None
    return reply(head + "\n" + lines_of(ok + missing, q.lang), Kind.RANK, value=value,
                 facts=facts_of(lead) + facts_of([g for g in ok if g not in lead]), table=rows_of(ok + missing)), q


_NTH = re.compile(r"第([二三四五六七八九十\d]+)(?:(?:多|少|高|低|大|小|名|位)|个?(?=$|呢|的|是|[？?，,。]))|"
                  r"\b(second|third|fourth|fifth)(?:[- ](?:most|highest|largest|fewest|lowest|least|place)|"
                  r"(?=\s*(?:one)?\s*\??$))", re.I)  # 第二多, 第二呢？, the second one?
_ORDINALS = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "second": 2,
             "third": 3, "fourth": 4, "fifth": 5}


def _nth(question: str) -> int:
    """第二多 / second most: the place asked for (1 when none)."""
    m = _NTH.search(question)
    if not m:
        return 1
    raw = (m.group(1) or m.group(2)).lower()
    return int(raw) if raw.isdigit() else _ORDINALS.get(raw, 0)


def _nth_place(ok: list, missing: list, nth: int, label: str, years: str, q: Query, figs: list) -> Answered:
    """The body in the nth place of the ranking, when the ranking is complete and that place is not shared."""
    place = ok[nth - 1] if 0 < nth <= len(ok) else None
    shared = place is not None and sum(1 for g in ok if g.value == place.value) > 1
    if place is None or missing or shared:
        head = say(q.lang, f"{years}年“{label}”的第{nth}名无法确定（并列、数字未印出或年报不足），排名如下：",
                   f"The place {nth} for “{label}” in {years} cannot be told (ties, unprinted figures or too few "
                   "reports); the ranking:")
        return reply(head + "\n" + lines_of(ok + missing, q.lang), Kind.RANK, table=rows_of(ok + missing)), q
    name = place.report.body or place.report.report
    head = say(q.lang, f"{years}年“{label}”排第{nth}的是{name}：{amount(place.value, place, 'zh')}。",
               f"In {years}, place {nth} for “{label}” was {name}: {amount(place.value, place, 'en')}.")
    return reply(head + "\n" + lines_of(ok, q.lang), Kind.RANK, value=place.value, facts=facts_of([place]),
                 table=rows_of(ok)), q
