"""Answers across reports (a sum, a ranking, bodies compared, a body's years) and answers from passages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.conversation import ABSENT, Plan
from app.lookup import Figure, number
from app.phrasing import amount, field_label, fmt, join, say, unit
from app.prose import Found
from app.understand.intent import AGGREGATE, PASSAGE, Understanding
from indexer.store import StoredReport

if TYPE_CHECKING:
    from app.answer import Answerer

MAX_ROWS = 20


def _result(answer: str, **extra: object) -> dict:
    from app.answer import result

    return result(answer, **extra)


def year_reports(a: Answerer, years: list[int], scope: tuple[str, ...]) -> list[StoredReport]:
    """One report per printed body and year among these years (and body kinds), the fullest where there are two."""
    chosen: dict[tuple[str, int | None], StoredReport] = {}
    for r in sorted(a.reports, key=lambda r: (r.status != "parsed", -r.n_facts, r.report)):
        if r.year not in years:
            continue
        ent = a.bodies.by_printed.get(r.body or "")
        if scope and (ent is None or ent.kind not in scope):
            continue
        chosen.setdefault((r.body or r.report, r.year), r)
    return sorted(chosen.values(), key=lambda r: (r.year or 0, r.body or "", r.report))


def pick_years(a: Answerer, p: Plan) -> list[int]:
    """The years asked, or the latest year indexed (said so)."""
    if p.years:
        return p.years
    years = sorted({r.year for r in year_reports(a, a.years, p.scope) if r.year is not None})
    if not years:
        return []
    if len(years) > 1:
        p.notes.append((f"未指明年份，按最新的{years[-1]}年回答",
                        f"no year given: answering for the latest, {years[-1]}"))
    return years[-1:]


def rows_of(figs: list[Figure], lang: str) -> list[dict]:
    """The per-report table behind a figure across reports."""
    out = []
    for g in figs:
        out.append({"report": g.report.report, "body": g.report.body, "year": g.report.year, "value": g.value,
                    "unit": unit(g, "zh") if g.value is not None else None,
                    "line": g.facts[0].line if g.facts and g.value is not None else None, "problem": g.problem})
    return out


def lines_of(figs: list[Figure], lang: str, limit: int = MAX_ROWS) -> str:
    """The per-report table in words, one line each."""
    out = []
    for g in figs[:limit]:
        where = f"{g.report.body or g.report.report} {g.report.year}" + ("年" if lang == "zh" else "")
        if g.value is None:
            why = say(lang, "未印出或无法确定", "not printed or uncertain")
            out.append(f"- {where}：{why}" if lang == "zh" else f"- {where}: {why}")
        else:
            src = f"{g.report.report} 第{g.facts[0].line}行" if lang == "zh" else f"{g.report.report}, line " \
                                                                                  f"{g.facts[0].line}"
            out.append(f"- {where}：{amount(g.value, g, lang)}（{src}）" if lang == "zh"
                       else f"- {where}: {amount(g.value, g, lang)} ({src})")
    if len(figs) > limit:
        out.append(say(lang, f"……共{len(figs)}份", f"… {len(figs)} in all"))
    return "\n".join(out)


def _facts(figs: list[Figure]) -> list[dict]:
    return [x.to_dict() for g in figs if g.value is not None for x in g.facts]


def _collect(a: Answerer, u: Understanding, p: Plan) -> tuple[list[Figure], dict | None]:
    """The field's figure in each report of the years asked (or an answer saying why there are none)."""
    years = pick_years(a, p)
    p.years = years
    reports = year_reports(a, years, p.scope)
    if not reports:
        asked = join([str(y) for y in years], p.lang) or "—"
        have = join([str(y) for y in a.years], p.lang)
        return [], _result(say(p.lang, f"已收录的年报中没有{asked}年的相应年报；已收录的年份：{have}。",
                               f"There are no matching reports for {asked} in the index; indexed years: {have}."),
                           kind=ABSENT, reason="year_not_indexed")
    figs = a.lookup.across(reports, p.field)
    if all(g.problem == "unclear" for g in figs):
        p.choices = figs[0].choices
        return [], a.unclear(u, p, figs[0].report)
    return figs, None


def aggregate(a: Answerer, u: Understanding, p: Plan) -> dict:
    """A sum across reports, with the per-report figures; no total unless every report prints the figure."""
    figs, early = _collect(a, u, p)
    if early:
        return early
    ok = [g for g in figs if g.value is not None]
    total = number(sum(g.value for g in ok)) if ok else None
    value = total if ok and len(ok) == len(figs) else None
    label = field_label(p.field, figs[0].report.template, p.lang)
    years = join([str(y) for y in p.years], p.lang)
    n = len(figs)
    if value is not None:
        head = say(p.lang, f"{years}年已收录的{n}份年报“{label}”合计 {amount(value, figs[0], 'zh')}（各报告相加）。",
                   f"In {years}, “{label}” adds up to {amount(value, figs[0], 'en')} over the {n} indexed reports.")
    else:
        head = say(p.lang, f"{years}年已收录{n}份年报，其中{n - len(ok)}份没有印出“{label}”或无法确定，因此不给出合计；"
                           f"印出的{len(ok)}份相加为 {fmt(total)}。",
                   f"Of the {n} reports indexed for {years}, {n - len(ok)} do not print “{label}” or it is uncertain, "
                   f"so no total is given; the {len(ok)} that print it add up to {fmt(total)}.")
    return _result(head + "\n" + lines_of(figs, p.lang), value=value, facts=_facts(figs), kind=AGGREGATE,
                   table=rows_of(figs, p.lang), derived=True)


def rank(a: Answerer, u: Understanding, p: Plan) -> dict:
    """The body with the most (or least) of a figure in a year, with the full ranking."""
    figs, early = _collect(a, u, p)
    if early:
        return early
    ok = sorted((g for g in figs if g.value is not None), key=lambda g: g.value, reverse=p.order == "desc")
    missing = [g for g in figs if g.value is None]
    label = field_label(p.field, figs[0].report.template, p.lang)
    years = join([str(y) for y in p.years], p.lang)
    if not ok:
        return _result(say(p.lang, f"{years}年没有一份年报印出“{label}”。", f"No report of {years} prints “{label}”."),
                       table=rows_of(figs, p.lang), reason="missing")
    lead = [g for g in ok if g.value == ok[0].value] if p.top == 1 else ok[:p.top]
    names = join([g.report.body or g.report.report for g in lead], p.lang)
    most = say(p.lang, "最高" if p.order == "desc" else "最低", "highest" if p.order == "desc" else "lowest")
    head = say(p.lang, f"{years}年“{label}”{most}的是{names}：{amount(lead[0].value, lead[0], 'zh')}。",
               f"In {years}, the {most} “{label}” was {names}'s: {amount(lead[0].value, lead[0], 'en')}.")
    if len(lead) > 1 and p.top == 1:
        head += say(p.lang, f"（{len(lead)}个并列）", f" ({len(lead)} tied)")
    if missing:
        head += say(p.lang, f"\n另有{len(missing)}份年报没有印出此数，排名未计入。",
                    f"\n{len(missing)} more reports do not print it and are left out of the ranking.")
    value = lead[0].value if not missing and p.top == 1 else None
    return _result(head + "\n" + lines_of(ok + missing, p.lang), value=value,
                   facts=_facts(lead) + _facts([g for g in ok if g not in lead]), table=rows_of(ok + missing, p.lang))


def compare(a: Answerer, u: Understanding, p: Plan) -> dict:
    """Two or more bodies side by side for the same year(s)."""
    years = p.years
    if not years:
        common = set.intersection(*(set(e.years) for e in p.entities)) if p.entities else set()
        years = [max(common)] if common else []
        if common and any(len(e.years) > 1 for e in p.entities):
            p.notes.append((f"未指明年份，按共同的最新年份{years[0]}年比较", f"no year given: comparing {years[0]}"))
    figs: list[Figure] = []
    absent = []
    for ent in p.entities:
        for year in years or ent.years[-1:]:
            got = a.figure_of(ent, year, p.field)
            if got is None:
                absent.append(f"{ent.key} {year}")
            else:
                figs.append(got[0] if isinstance(got, list) else got)
    if not figs:
        return _result(say(p.lang, f"已收录的年报中没有{join(absent, 'zh')}年的年报。",
                           f"There are no reports for {join(absent, 'en')} in the index."), kind=ABSENT)
    label = field_label(p.field, figs[0].report.template, p.lang)
    text = say(p.lang, f"“{label}”比较：", f"“{label}” compared:") + "\n" + lines_of(figs, p.lang)
    if absent:
        text += say(p.lang, f"\n没有收录：{join(absent, 'zh')}年。", f"\nNot indexed: {join(absent, 'en')}.")
    value = None
    if len(figs) == 2 and all(g.value is not None for g in figs):
        x, y = figs
        diff = number(x.value - y.value)
        text += say(p.lang, f"\n{x.report.body}比{y.report.body}{'多' if diff >= 0 else '少'} "
                            f"{amount(abs(diff), x, 'zh')}。",
                    f"\n{x.report.body} has {amount(abs(diff), x, 'en')} {'more' if diff >= 0 else 'fewer'} than "
                    f"{y.report.body}.")
        value = diff if p.difference else None
    return _result(text, value=value, facts=_facts(figs), table=rows_of(figs, p.lang), years=years)


def trend(a: Answerer, u: Understanding, p: Plan) -> dict:
    """One body's figure over its indexed years (or the years asked)."""
    ent = p.entities[0]
    years = [y for y in (p.years or ent.years) if y in ent.years]
    skipped = [y for y in p.years if y not in ent.years]
    if not years:
        return a.absent_year(ent, p)
    figs = []
    for year in years:
        got = a.figure_of(ent, year, p.field)
        if got is not None:
            figs.append(got[0] if isinstance(got, list) else got)
    label = field_label(p.field, figs[0].report.template, p.lang)
    text = say(p.lang, f"{ent.key}历年“{label}”：", f"{ent.key}, “{label}” by year:") + "\n" + lines_of(figs, p.lang)
    ok = [g for g in figs if g.value is not None]
    if len(ok) >= 2:
        first, last = ok[0], ok[-1]
        diff = number(last.value - first.value)
        text += say(p.lang, f"\n{last.report.year}年比{first.report.year}年{'增加' if diff >= 0 else '减少'} "
                            f"{amount(abs(diff), last, 'zh')}。",
                    f"\nFrom {first.report.year} to {last.report.year} it {'rose' if diff >= 0 else 'fell'} by "
                    f"{amount(abs(diff), last, 'en')}.")
        top = max(ok, key=lambda g: g.value)
        text += say(p.lang, f"最多的是{top.report.year}年（{amount(top.value, top, 'zh')}）。",
                    f" The most was in {top.report.year} ({amount(top.value, top, 'en')}).")
    if skipped:
        text += say(p.lang, f"\n没有收录{ent.key}{join([str(y) for y in skipped], 'zh')}年的年报。",
                    f"\nNo report of {ent.key} for {join([str(y) for y in skipped], 'en')} is indexed.")
    value = ok[0].value if len(figs) == 1 and ok else None
    return _result(text, value=value, facts=_facts(figs), table=rows_of(figs, p.lang), years=years,
                   body=ent.key)


def prose_answer(a: Answerer, found: Found, p: Plan) -> dict:
    """The answer text for a prose question: the extracted sentence with its source, or the best passages."""
    lang = p.lang
    if found.sentence and found.sentence_of:
        src = found.sentence_of
        text = say(lang, f"报告原文：{found.sentence}\n出处：{src['report']}（{src.get('body') or ''} "
                         f"{src.get('year') or ''}年）第{src['line']}行起。",
                   f"From the report (in Chinese): {found.sentence}\nSource: {src['report']} "
                   f"({src.get('body') or ''} {src.get('year') or ''}), from line {src['line']}.")
    else:
        shown = "\n".join(f"- {h['report']} 第{h['line']}行：{h['text'][:90]}…" if lang == "zh" else
                          f"- {h['report']}, line {h['line']}: {h['text'][:90]}…" for h in found.passages)
        text = say(lang, "没有一句话能直接回答；以下是已收录年报中最相关的段落：\n",
                   "No single sentence answers this directly; the most relevant passages of the indexed reports "
                   "are:\n") + shown
    return _result(text, passages=found.passages, terms=found.terms, extract=found.sentence, kind=PASSAGE)
