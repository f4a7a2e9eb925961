"""Bodies side by side for the same year(s) (and their difference), and one body's figure over its years."""

from __future__ import annotations

from app.corpus import Corpus
from app.kinds import clarify
from app.kinds.table import facts_of, lines_of, one_each, rows_of
from app.lookup import Figure, number
from app.phrasing import amount, field_label, join, say
from app.query import Kind, Operation, Query
from app.reply import Answered, reply


def common_year(c: Corpus, q: Query) -> tuple[list[int], Query]:
    """The years to compare: those asked, else the latest year every body has (said so)."""
    if q.years:
        return list(q.years), q
    ents = [e for e in (c.entity(b) for b in q.bodies) if e]
    common = set.intersection(*(set(e.years) for e in ents)) if ents else set()
    if not common:
        return [], q
    year = max(common)
    if any(len(e.years) > 1 for e in ents):
        q = q.assuming(f"未指明年份，按共同的最新年份{year}年比较", f"no year given: comparing {year}")
    return [year], q


def compare(c: Corpus, q: Query) -> Answered:
    """Two or more bodies side by side for the same year(s); their difference when asked for."""
    years, q = common_year(c, q)
    assert q.cell is not None
    figs: list[Figure] = []
    absent = []
    table = []  # a row per body and year, in order: the figure's, or one saying there is no report
    for key in q.bodies:
        ent = c.entity(key)
        for year in years or (ent.years[-1:] if ent else []):
            got = one_each([c.figure_of(ent, year, q.cell) if ent else None])
            figs += got
            absent += [] if got else [f"{key} {year}"]
            table += [{**r, "key": key} for r in rows_of(got)] or [
                {"report": None, "body": key, "year": year, "value": None, "unit": None, "line": None,
                 "problem": "no_report", "key": key}]
    if not figs:
        return reply(say(q.lang, f"已收录的年报中没有{join(absent, 'zh')}年的年报。",
                         f"There are no reports for {join(absent, 'en')} in the index."), Kind.ABSENT,
                     table=table), q
    label = field_label(q.cell, figs[0].report.template, q.lang)
    text = say(q.lang, f"“{label}”比较：", f"“{label}” compared:") + "\n" + lines_of(figs, q.lang)
    if absent:
        text += say(q.lang, f"\n没有收录：{join(absent, 'zh')}年。", f"\nNot indexed: {join(absent, 'en')}.")
    value = None
    if len(figs) == 2 and all(g.value is not None for g in figs):
        x, y = figs
        diff = number(x.value - y.value)  # type: ignore[operator]
        text += say(q.lang, f"\n{x.report.body}比{y.report.body}{'多' if diff >= 0 else '少'} "
                            f"{amount(abs(diff), x, 'zh')}。",
                    f"\n{x.report.body} has {amount(abs(diff), x, 'en')} {'more' if diff >= 0 else 'fewer'} than "
                    f"{y.report.body}.")
        value = diff if q.operation is Operation.DIFFERENCE else None
    return reply(text, Kind.COMPARE, value=value, facts=facts_of(figs), table=table, years=years), q


def trend(c: Corpus, q: Query) -> Answered:
    """One body's figure over its indexed years (or the years asked)."""
    ent = c.entity(q.bodies[0])
    assert q.cell is not None
    if ent is None:
        return clarify.absent_year(c, None, q)
    years = [y for y in (q.years or ent.years) if y in ent.years]
    skipped = [y for y in q.years if y not in ent.years]
    if not years:
        return clarify.absent_year(c, ent, q)
    figs = one_each([c.figure_of(ent, year, q.cell) for year in years])
    label = field_label(q.cell, figs[0].report.template, q.lang)
    text = say(q.lang, f"{ent.key}历年“{label}”：", f"{ent.key}, “{label}” by year:") + "\n" + lines_of(figs, q.lang)
    ok = [g for g in figs if g.value is not None]
    if len(ok) >= 2:
        first, last = ok[0], ok[-1]
        diff = number(last.value - first.value)  # type: ignore[operator]
        text += say(q.lang, f"\n{last.report.year}年比{first.report.year}年{'增加' if diff >= 0 else '减少'} "
                            f"{amount(abs(diff), last, 'zh')}。",
                    f"\nFrom {first.report.year} to {last.report.year} it {'rose' if diff >= 0 else 'fell'} by "
                    f"{amount(abs(diff), last, 'en')}.")
        top = max(ok, key=lambda g: g.value)  # type: ignore[arg-type,return-value]
        text += say(q.lang, f"最多的是{top.report.year}年（{amount(top.value, top, 'zh')}）。",
                    f" The most was in {top.report.year} ({amount(top.value, top, 'en')}).")
    if skipped:
        text += say(q.lang, f"\n没有收录{ent.key}{join([str(y) for y in skipped], 'zh')}年的年报。",
                    f"\nNo report of {ent.key} for {join([str(y) for y in skipped], 'en')} is indexed.")
    value = ok[0].value if len(figs) == 1 and ok else None
    return reply(text, Kind.TREND, value=value, facts=facts_of(figs), table=rows_of(figs), years=years,
                 body=ent.key), q
