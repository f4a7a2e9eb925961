"""One cell of one body's report of one year (and a rate of two cells): the value with its source, or why not."""

from __future__ import annotations

import re
from decimal import Decimal

from app.corpus import Corpus
from app.kinds import clarify
from app.lookup import Figure
from app.phrasing import amount, body_year, column_label, field_label, fmt, join, problem_text, row_label, say, unit
from app.query import Kind, Query
from app.reply import Answered, reply
from app.understand.bodies import Entity
from app.understand.lexicon import clean_label
from indexer.check import describe
from indexer.schema import table_heading

_IN_YI = re.compile(r"亿元|亿|hundred million", re.I)
_PER_WAN = {"元": Decimal(10000), "亿元": Decimal("0.0001")}
_IN_YUAN = re.compile(r"折合成?元|换算成?元|合多少元|多少元|以元为单位|单位(?:为|是)?元|in yuan|how many yuan", re.I)


def citation(c: Corpus, fig: Figure) -> dict:
    """Where the deciding figure stands: report, table, row and column as printed, line and its text."""
    fact = fig.facts[0]
    tpl = fig.report.template
    row = row_label(fact.table, fact.row, tpl)
    return {"report": fact.report, "body": fact.body, "year": fact.year, "table": table_heading(fact.table),
            "row": row, "column": column_label(fact.table, fact.row, fact.column, tpl), "line": fact.line,
            "template": tpl,
            "line_text": c.short_line(fact.report, fact.line, clean_label(row_label(fact.table, fact.row, tpl,
                                                                                    group=False)))}


def explain(fig: Figure, lang: str) -> str:
    """How a derived figure was computed, a unit conversion, and findings touching the figure."""
    out = []
    if len(fig.facts) > 1:
        tpl = fig.report.template
        rows, cols = {x.row for x in fig.facts}, {x.column for x in fig.facts}
        parts = [(column_label(x.table, x.row, x.column, tpl, lang) if len(rows) == 1 else
                  row_label(x.table, x.row, tpl, lang, group=False) if len(cols) == 1 else
                  f"{row_label(x.table, x.row, tpl, lang, group=False)}·"
                  f"{column_label(x.table, x.row, x.column, tpl, lang)}")
                 + f" {fmt(x.value)}" for x in fig.facts]
        out.append(say(lang, f"该数为{len(parts)}项之和：{' + '.join(parts)}。",
                       f"This is the sum of {len(parts)} figures: {' + '.join(parts)}."))
    for x in fig.converted:
        out.append(say(lang, f"报告印作 {fmt(x.value)} 元（第{x.line}行），按 1 万元 = 10000 元折算。",
                       f"The report prints {fmt(x.value)} yuan (line {x.line}); converted at 10,000 yuan = "
                       "1 万元."))
    for finding in fig.findings:
        words = describe(finding, fig.report.template, lang)
        out.append(say(lang, f"注意：该报告此处的勾稽关系不一致（{words}），所引为报告印刷的数字。",
                       f"Note: the report's own totals disagree here ({words}); the figure quoted is the one printed."))
    return "\n".join(out)


def default_year(ent: Entity, q: Query) -> tuple[int, Query]:
    """The year to answer when none was given: the body's latest (said when there are several)."""
    year = ent.years[-1]
    if len(ent.years) > 1:
        q = q.assuming(f"未指明年份，按最新的{year}年回答；已收录{join([str(y) for y in ent.years], 'zh')}年",
                       f"no year given: answering for the latest, {year}; indexed: {', '.join(map(str, ent.years))}")
    return year, q


def one_body_year(c: Corpus, q: Query) -> tuple[Entity | None, int | None, Query, Answered | None]:
    """The body and year a figure or a rate is about (the only body, the latest year), or the answer why not."""
    if not q.bodies:
        if len(c.bodies.entities) != 1:
            return None, None, q, clarify.which_body(c, q)
        q = q.with_(bodies=(c.bodies.entities[0].key,))
    ent = c.entity(q.bodies[0])
    if ent is None or not ent.years:
        return None, None, q, clarify.absent_year(c, ent, q)
    if q.years:
        year = q.years[0]
    else:
        year, q = default_year(ent, q)
    return ent, year, q.with_(years=(year,)), None


def figure(c: Corpus, q: Query) -> Answered:
    """One body, one year, one cell: the value with its source, or why there is none."""
    ent, year, q, early = one_body_year(c, q)
    if early:
        return early
    assert ent is not None and year is not None and q.cell is not None
    exact = q.exact if q.exact in ent.names else None
    got = c.figure_of(ent, year, q.cell, exact)
    if got is None:
        return clarify.absent_year(c, ent, q)
    if isinstance(got, list):
        return several_reports(got, q)
    return one_figure(c, got, q)


def one_figure(c: Corpus, fig: Figure, q: Query) -> Answered:
    """The answer for one report's figure (or why it has none)."""
    lang, tpl = q.lang, fig.report.template
    if fig.problem == "unclear" and len(fig.choices) == 1:  # one choice is never asked back: answered, said how read
        label = field_label(fig.choices[0], tpl, lang)
        return one_figure(c, c.lookup.figure(fig.report, fig.choices[0]),
                          q.with_(cells=(fig.choices[0],)).assuming(f"按“{label}”理解", f"read as “{label}”"))
    if fig.problem == "unclear":
        return clarify.unclear(c, q.with_(choices=tuple(fig.choices)), fig.report)
    if fig.value is None:
        extra = {"choices": clarify.field_choices(fig.choices, q, fig.report)} if fig.choices else {}
        return reply(problem_text(fig, lang), Kind.FIGURE, reason=fig.problem, **extra), q
    shown = fig.cells[0][2] if fig.field.column is None and len({x[2] for x in fig.cells}) == 1 else None
    label = field_label(fig.field, tpl, lang, column=shown)
    where = body_year(fig.report.body, fig.report.year, lang)
    head = say(lang, f"{where}“{label}”为 {amount(fig.value, fig, lang)}。",
               f"{where}: “{label}” was {amount(fig.value, fig, lang)}.")
    cite = citation(c, fig)
    source = say(lang, f"出处：{cite['report']} 第{cite['line']}行，{cite['table']}表“{cite['row']}”行"
                       f"“{cite['column']}”列。",
                 f"Source: {cite['report']}, line {cite['line']}, table “{cite['table']}”, row “{cite['row']}”, "
                 f"column “{cite['column']}”.")
    inferred = say(lang, "（表中此处排版不完整（重复的数字只印一次或表格被拆散），"
                         "该数字是唯一符合表内勾稽关系的读法。）",
                   "(The table is printed incompletely here; this is the only reading its consistency rules allow.)"
                   ) if any(x.confidence == "medium" for x in fig.facts) else ""
    value, shown_unit = fig.value, unit(fig, "zh")
    asked = "亿元" if _IN_YI.search(q.question) else "元" if _IN_YUAN.search(q.question) else None
    if shown_unit == "万元" and asked:  # 折合成元 / 多少亿元: the amount in the unit asked, said how
        exact = Decimal(str(fig.value)) * _PER_WAN[asked]  # decimal: every printed digit kept
        value, shown_unit = (int(exact) if exact == exact.to_integral_value() else float(exact)), asked
        rate = "1 万元 = 10000 元" if asked == "元" else "1 亿元 = 10000 万元"
        head += say(lang, f"折合 {fmt(value)} {asked}（按 {rate} 换算）。", f" That is {fmt(value)} {asked} ({rate}).")
    text = "\n".join(t for t in (head, explain(fig, lang), inferred, source) if t)
    return reply(text, Kind.FIGURE, value=value, facts=[x.to_dict() for x in fig.facts],
                 passages=[c.context(cite["report"], cite["line"])], unit=shown_unit, citation=cite,
                 derived=len(fig.facts) > 1, converted=bool(fig.converted), findings=fig.findings,
                 body=fig.report.body, year=fig.report.year, report=fig.report.report), q


def several_reports(figs: list[Figure], q: Query) -> Answered:
    """Several reports of the same body and year that disagree: list them, no value."""
    rows = [f"{fig.report.report}（{fig.report.body}）：{fmt(fig.value)}" for fig in figs]
    return reply(say(q.lang, "同一机关同一年份有多份年报，数字不一致，不给出确定值：\n" + "\n".join(rows),
                     "Several reports of this body and year disagree, so no value is given:\n" + "\n".join(rows)),
                 Kind.AMBIGUOUS, facts=[x.to_dict() for fig in figs for x in fig.facts]), q


def rate(c: Corpus, q: Query) -> Answered:
    """cells[0] as a percentage of cells[1] in one body's report of one year, with both figures cited."""
    ent, year, q, early = one_body_year(c, q)
    if early:
        return early
    assert ent is not None and year is not None
    exact = q.exact if q.exact in ent.names else None
    got = [c.figure_of(ent, year, f, exact) for f in q.cells[:2]]
    if any(g is None for g in got):
        return clarify.absent_year(c, ent, q)
    figs = [g[0] if isinstance(g, list) else g for g in got]  # type: ignore[index]
    missing = next((g for g in figs if g.value is None), None)
    if missing is not None or len(figs) < 2:
        return one_figure(c, missing or figs[0], q.with_(cells=q.cells[:1]))
    part, whole = figs
    labels = [field_label(g.field, g.report.template, q.lang) for g in figs]
    if not whole.value:
        return reply(say(q.lang, f"“{labels[1]}”为0，无法计算比例。", f"“{labels[1]}” is 0: no rate can be given."),
                     Kind.RATE, reason="zero"), q
    value = round(100 * part.value / whole.value, 2)  # type: ignore[operator]
    where = body_year(part.report.body, part.report.year, q.lang)
    text = say(q.lang, f"{where}“{labels[0]}”占“{labels[1]}”的 {fmt(value)}%"
                       f"（{amount(part.value, part, 'zh')} ÷ {amount(whole.value, whole, 'zh')}）。",
               f"{where}: “{labels[0]}” is {fmt(value)}% of “{labels[1]}” "
               f"({amount(part.value, part, 'en')} / {amount(whole.value, whole, 'en')}).")
    cite = citation(c, part)
    return reply(text, Kind.RATE, value=value, facts=[x.to_dict() for g in figs for x in g.facts], unit="%",
                 citation=cite, passages=[c.context(cite["report"], cite["line"])], derived=True,
                 body=part.report.body, year=part.report.year, report=part.report.report), q
