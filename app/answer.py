"""One question -> the answer JSON of interfaces.md: figures exactly with their source, prose from passages."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from app import across, operations, prose
from app.conversation import ABSENT, AMBIGUOUS, PASSAGE, UNCLEAR, Plan, plan
from app.lookup import Figure, Lookup
from app.phrasing import (
    amount,
    body_year,
    column_label,
    field_label,
    fmt,
    join,
    problem_text,
    row_label,
    say,
    table_label,
    unit,
)
from app.understand.bodies import BodyIndex, Entity
from app.understand.fields import Field
from app.understand.intent import AGGREGATE, COMPARE, FIGURE, RANK, TREND, Understander, Understanding
from app.understand.lexicon import clean_label
from app.understand.smalltalk import is_latin, is_small_talk, strip_courtesy
from app.understand.text import MASK, mask
from indexer.store import Store, StoredReport

MAX_QUESTION_CHARS = 500  # understanding is linear in length; no real question is longer


def result(answer: str, **extra: Any) -> dict:
    """The answer JSON: the four keys of interfaces.md first, then the extras for the web app."""
    out = {"answer": answer, "value": extra.pop("value", None), "facts": extra.pop("facts", []),
           "passages": extra.pop("passages", [])}
    out.update(extra)
    return out


class Answerer:
    """Answers questions over one facts store (and a passage retriever, when there is one)."""

    def __init__(self, store: Store, retriever: Any = None, today: dt.date | None = None) -> None:
        self.store = store
        self.retriever = retriever
        self.reports = store.reports()
        self.by_report = {r.report: r for r in self.reports}
        self.bodies = BodyIndex([(r.report, r.body, r.year) for r in self.reports])
        self.understander = Understander(self.bodies)
        self.lookup = Lookup(store)
        self.reference_year = (today or dt.date.today()).year
        self.years = sorted({r.year for r in self.reports if r.year is not None})
        self._lines = lru_cache(maxsize=64)(self._read_lines)

    # ---- entry ---------------------------------------------------------------------------------

    def answer(self, question: str, state: dict | None = None) -> dict:
        """The answer to one question, given the conversation state of the previous answer (or None)."""
        long = len(question) > MAX_QUESTION_CHARS
        if is_small_talk(question):
            return self.help(question, state)
        u = self.understander.read(strip_courtesy(question[:MAX_QUESTION_CHARS]), self.reference_year)
        p = plan(u, state, self.bodies)
        if long:
            p.notes.append((f"问题过长，只读了前{MAX_QUESTION_CHARS}个字", f"the question is long: only its first "
                                                                    f"{MAX_QUESTION_CHARS} characters were read"))
        if u.years.unreadable and not p.years:
            return self.unreadable_year(u, p)
        out = self.operation(u, p)
        if out is None:
            out = self.dispatch(u, p)
        notes = self.notes(p)
        if notes:
            out["answer"] = notes + "\n" + out["answer"]
        out.setdefault("kind", p.kind)
        out.setdefault("lang", p.lang)
        out.setdefault("field", p.field.to_dict() if p.field else None)
        out.setdefault("body", p.entities[0].key if len(p.entities) == 1 else None)
        out.setdefault("year", p.years[0] if len(p.years) == 1 else None)
        out.setdefault("state", p.state())
        out["understood"] = {"bodies": [e.key for e in p.entities], "years": p.years, "carried": p.carried,
                             "typos": [list(t) for t in u.fields.typos],
                             "cells": out.pop("cells", None) or ([p.field.to_dict()] if p.field else []),
                             "operation": out.pop("operation", None),
                             "assumptions": [n[0] if p.lang == "zh" else n[1] for n in p.notes]}
        return out

    def help(self, question: str, state: dict | None) -> dict:
        """Small talk (你好, 谢谢, an emoji, a bare '?'): a short help with example questions; the state is kept."""
        lang = "en" if is_latin(question) else "zh"
        ent = max(self.bodies.entities, key=lambda e: (len(e.years), e.years[-1] if e.years else 0), default=None)
        year = ent.years[-1] if ent and ent.years else None
        name = ent.key if ent else "某机关"
        examples = [say(lang, f"{name}{year}年新收了多少件政府信息公开申请？",
                        f"How many new requests did {name} receive in {year}?"),
                    say(lang, f"{name}{year}年行政复议结果被纠正的有几件？", f"{name} {year}: reconsideration cases "
                                                                  f"corrected?"),
                    say(lang, f"{name}{year}年予以公开占办理结果总计的比例是多少？", f"What share of {name}'s {year} "
                                                                       f"requests were granted?")]
        text = say(lang, "您好！我可以回答政府信息公开工作年度报告里的问题（数字会注明出处）。例如：\n",
                   "Hello! I answer questions about the government information disclosure annual reports (every "
                   "figure with its source). For example:\n") + "\n".join(f"- {q}" for q in examples)
        return result(text, kind="help", lang=lang, state=state or {},
                      choices=[{"label": q, "question": q} for q in examples],
                      understood={"bodies": [], "years": [], "carried": [], "typos": [], "cells": [],
                                  "operation": None, "assumptions": []})

    def operation(self, u: Understanding, p: Plan) -> dict | None:
        """A sum, difference or ratio of figures, computed; None for a plain look-up."""
        kind = operations.detect(u)
        if not kind or p.kind in (ABSENT, AMBIGUOUS, PASSAGE) or not (u.fields.rows or u.fields.columns):
            return None
        calc = operations.Calculator(self)
        op = calc.plan(kind, u, p)
        if op is None:
            if kind != operations.RATIO:
                return None  # a plain look-up or a list answers it, never with a computed value
            return result(say(p.lang, "问的是比例，但没能确定分子和分母分别是哪一项，请写明"
                                      "（如“予以公开占办理结果总计的比例”）。",
                              "This asks for a share, but which figures are the part and the whole is unclear; "
                              "please name both."), kind=UNCLEAR, reason="unclear_ratio", operation=kind)
        text, value, facts = calc.answer(op, p)
        return result(text, value=value, facts=facts, kind="operation", operation=op.kind,
                      cells=operations.labels(op), unit="%" if op.kind == operations.RATIO else None)

    def dispatch(self, u: Understanding, p: Plan) -> dict:
        """The answer of the plan's kind."""
        handlers = {ABSENT: self.absent_body, AMBIGUOUS: self.ambiguous, UNCLEAR: self.unclear, PASSAGE: self.passage,
                    FIGURE: self.figure, COMPARE: partial(across.compare, self), TREND: partial(across.trend, self),
                    RANK: partial(across.rank, self), AGGREGATE: partial(across.aggregate, self)}
        return handlers[p.kind](u, p)

    def notes(self, p: Plan) -> str:
        """What was assumed or carried over from the conversation, in one line."""
        out = [n[0] if p.lang == "zh" else n[1] for n in p.notes]
        carried = {"body": ("机关", "body"), "year": ("年份", "year"), "field": ("指标", "figure"),
                   "question": ("问题", "question"), "column": ("列", "column")}
        if p.carried:
            what = [carried[c][0 if p.lang == "zh" else 1] for c in p.carried if c in carried]
            out.append(say(p.lang, f"沿用上文的{join(what, 'zh')}", f"same {', '.join(what)} as before"))
        if not out:
            return ""
        return say(p.lang, f"（{'；'.join(out)}）", f"({'; '.join(out)})")

    # ---- helpers -------------------------------------------------------------------------------

    def _read_lines(self, report: str) -> list[str]:
        return (self.store.report_text(report) or "").split("\n")

    def line_text(self, report: str, line: int) -> str:
        lines = self._lines(report)
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def context(self, report: str, line: int) -> dict:
        """The lines around a figure, as a passage (the figure's line marked by 'line')."""
        lines = self._lines(report)
        first = max(1, line - 3)
        chunk = [t.rstrip() if len(t) <= 300 else t.strip()[:300] + "…" for t in lines[first - 1:line + 1]]
        return {"report": report, "text": "\n".join(chunk), "line": first, "score": 1.0, "figure_line": line,
                "body": self.by_report[report].body, "year": self.by_report[report].year}

    def short_line(self, report: str, line: int, label: str) -> str:
        """A figure's line, cut around its row label where the line is long (flattened web pages)."""
        text = self.line_text(report, line)
        if len(text) <= 160:
            return text
        at = max(text.find(label), 0)
        return ("…" if at > 20 else "") + text[max(0, at - 20):at + 120] + "…"

    def citation(self, fig: Figure) -> dict:
        """Where the deciding figure stands: report, table, row and column as printed, line and its text."""
        fact = fig.facts[0]
        tpl = fig.report.template
        return {"report": fact.report, "body": fact.body, "year": fact.year, "table": table_label(fact.table),
                "row": row_label(fact.table, fact.row, tpl), "column": column_label(fact.table, fact.row,
                                                                                    fact.column, tpl),
                "line": fact.line, "template": tpl,
                "line_text": self.short_line(fact.report, fact.line, clean_label(row_label(fact.table, fact.row, tpl,
                                                                                        group=False)))}

    def reports_of(self, ent: Entity, year: int, exact: str | None = None) -> list[StoredReport]:
        """An entity's reports of one year (those printed exactly as the question wrote the name, if any)."""
        entries = ent.reports.get(year, [])
        if exact and any(name == exact for _, name in entries):
            entries = [e for e in entries if e[1] == exact]
        return [self.by_report[r] for r, _ in entries]

    def figure_of(self, ent: Entity, year: int, f: Field, exact: str | None = None) -> Figure | list[Figure] | None:
        """The figure of one body and year: one Figure, a list when several reports disagree, None if absent."""
        figs = [self.lookup.figure(r, f) for r in self.reports_of(ent, year, exact)]
        if not figs:
            return None
        values = {fig.value for fig in figs}
        if len(figs) == 1 or (len(values) == 1 and None not in values):
            return figs[0]
        return figs

    def default_year(self, ent: Entity, p: Plan) -> int:
        """The year to answer when none was given: the body's latest (said when there are several)."""
        year = ent.years[-1]
        if len(ent.years) > 1:
            p.notes.append((f"未指明年份，按最新的{year}年回答；已收录{join([str(y) for y in ent.years], 'zh')}年",
                            f"no year given: answering for the latest, {year}; indexed: "
                            f"{', '.join(map(str, ent.years))}"))
        return year

    def explain(self, fig: Figure, lang: str) -> str:
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
            out.append(say(lang, f"注意：该报告此处的勾稽关系不一致（{finding.get('message', '')}），"
                                 "所引为报告印刷的数字。",
                           f"Note: the report's own totals disagree here ({finding.get('message', '')}); the figure "
                           "quoted is the one printed."))
        return "\n".join(out)

    # ---- kinds ---------------------------------------------------------------------------------

    def figure(self, u: Understanding, p: Plan) -> dict:
        """One body, one year, one field: the value with its source, or why there is none."""
        f = p.field
        assert f is not None
        if not p.entities:
            if len(self.bodies.entities) != 1:
                return self.which_body(u, p)
            p.entities = list(self.bodies.entities)
        ent = p.entities[0]
        if not ent.years:
            return self.absent_year(ent, p)
        year = p.years[0] if p.years else self.default_year(ent, p)
        p.years = [year]
        exact = p.exact if p.exact in ent.names else None
        got = self.figure_of(ent, year, f, exact)
        if got is None:
            return self.absent_year(ent, p)
        if isinstance(got, list):
            return self.several_reports(got, p)
        return self.one_figure(got, p)

    def one_figure(self, fig: Figure, p: Plan) -> dict:
        """The answer for one report's figure (or why it has none)."""
        lang, tpl = p.lang, fig.report.template
        if fig.problem == "unclear" and len(fig.choices) == 1:  # one choice is never asked: answer, say how read
            label = field_label(fig.choices[0], tpl, lang)
            p.notes.append((f"按“{label}”理解", f"read as “{label}”"))
            p.field = fig.choices[0]
            return self.one_figure(self.lookup.figure(fig.report, fig.choices[0]), p)
        if fig.problem == "unclear":
            p.choices = fig.choices
            return self.unclear(None, p, fig.report)
        if fig.value is None:
            extra = {"choices": self.field_choices(fig.choices, p, fig.report)} if fig.choices else {}
            return result(problem_text(fig, lang), reason=fig.problem, **extra)
        shown = fig.cells[0][2] if fig.field.column is None and len({c[2] for c in fig.cells}) == 1 else None
        label = field_label(fig.field, tpl, lang, column=shown)
        where = body_year(fig.report.body, fig.report.year, lang)
        head = say(lang, f"{where}“{label}”为 {amount(fig.value, fig, lang)}。",
                   f"{where}: “{label}” was {amount(fig.value, fig, lang)}.")
        cite = self.citation(fig)
        source = say(lang, f"出处：{cite['report']} 第{cite['line']}行，{cite['table']}表“{cite['row']}”行"
                           f"“{cite['column']}”列。",
                     f"Source: {cite['report']}, line {cite['line']}, table “{cite['table']}”, row “{cite['row']}”, "
                     f"column “{cite['column']}”.")
        text = "\n".join(t for t in (head, self.explain(fig, lang), source) if t)
        return result(text, value=fig.value, facts=[x.to_dict() for x in fig.facts],
                      passages=[self.context(cite["report"], cite["line"])], unit=unit(fig, "zh"), citation=cite,
                      derived=len(fig.facts) > 1, converted=bool(fig.converted), findings=fig.findings,
                      body=fig.report.body, year=fig.report.year, report=fig.report.report)

    def several_reports(self, figs: list[Figure], p: Plan) -> dict:
        """Several reports of the same body and year that disagree: list them, no value."""
        rows = [f"{fig.report.report}（{fig.report.body}）：{fmt(fig.value)}" for fig in figs]
        return result(say(p.lang, "同一机关同一年份有多份年报，数字不一致，不给出确定值：\n" + "\n".join(rows),
                          "Several reports of this body and year disagree, so no value is given:\n" + "\n".join(rows)),
                      kind=AMBIGUOUS, facts=[x.to_dict() for fig in figs for x in fig.facts])

    def which_body(self, u: Understanding, p: Plan) -> dict:
        """A figure question naming no body: ask which, listing the bodies (of the year asked, if any)."""
        ents = [e for e in self.bodies.entities if not p.years or set(p.years) & set(e.years)] or self.bodies.entities
        choices = [{"label": f"{e.key}（{join([str(y) for y in e.years], 'zh')}）", "body": e.key,
                    "question": self.with_body(u.question, e.key, p.lang)} for e in ents[:20]]
        names = join([e.key for e in ents[:20]], p.lang) + (say(p.lang, f"等{len(ents)}个", f" and others "
                                                                f"({len(ents)} in all)") if len(ents) > 20 else "")
        return result(say(p.lang, f"请问是哪个机关？已收录的机关有：{names}。",
                          f"Which body do you mean? The indexed bodies are: {names}."),
                      kind=AMBIGUOUS, choices=choices, reason="no_body")

    @staticmethod
    def with_body(question: str, body: str, lang: str) -> str:
        return f"{body}{question}" if lang == "zh" else f"{body}: {question}"

    def ambiguous(self, u: Understanding, p: Plan) -> dict:
        """A name that fits several bodies: ask which one, with the question rewritten for each."""
        m = p.ambiguous[0]
        choices = []
        for e in sorted(m.entities, key=lambda e: not set(p.years) & set(e.years)):
            q = u.question[:m.span[0]] + e.key + u.question[m.span[1]:]
            choices.append({"label": f"{e.key}（{join([str(y) for y in e.years], 'zh')}）", "body": e.key,
                            "question": q})
        names = join([c["label"] for c in choices], p.lang)
        return result(say(p.lang, f"“{m.written}”可能指以下机关，请问是哪一个？{names}",
                          f"“{m.written}” could mean several bodies; which one? {names}"),
                      choices=choices, reason="ambiguous_body")

    def field_choices(self, fields: list[Field], p: Plan, report: StoredReport | None = None) -> list[dict]:
        """Closest fields as clickable choices, each with a question that names it exactly."""
        ent = p.entities[0].key if len(p.entities) == 1 else ""
        year = p.years[0] if len(p.years) == 1 else None
        tpl = report.template if report else None
        out = []
        for f in fields:
            label = field_label(f, tpl, "zh")
            q = f"{ent}{year}年{label}是多少？" if ent and year else f"{ent}{label}是多少？"
            out.append({"label": field_label(f, tpl, p.lang), "field": f.to_dict(), "question": q})
        return out

    def unclear(self, u: Understanding | None, p: Plan, report: StoredReport | None = None) -> dict:
        """The wording fits several figures: offer the two or three closest, value null."""
        if u is not None and len(p.choices) == 1 and not u.fields.rows[1:]:  # never ask back with one choice
            label = field_label(p.choices[0], None, p.lang)
            p.notes.append((f"按“{label}”理解", f"read as “{label}”"))
            p.field, p.choices, p.kind = p.choices[0], [], FIGURE
            return self.figure(u, p)
        choices = self.field_choices(p.choices[:3], p, report)
        names = join([f"“{c['label']}”" for c in choices], p.lang)
        return result(say(p.lang, f"您问的是哪一项？可选：{names}。", f"Which figure do you mean: {names}?"),
                      kind=UNCLEAR, choices=choices, reason="unclear_field")

    def absent_body(self, u: Understanding, p: Plan) -> dict:
        """A body that is not indexed: say so and what is there."""
        names = [e.key for e in self.bodies.entities]
        shown = join(names[:15], p.lang) + (say(p.lang, f"等{len(names)}个", f" … ({len(names)} in all)")
                                            if len(names) > 15 else "")
        asked = join(p.unknown, p.lang)
        near: list[Entity] = []
        for e in (e for name in p.unknown for e in self.bodies.closest(name)):
            if all(e is not x for x in near):
                near.append(e)
        choices = [{"label": e.key, "body": e.key, "question": u.question.replace(p.unknown[0], e.key, 1)}
                   for e in near]
        text = say(p.lang, f"已收录的年报中没有“{asked}”的年报。已收录的机关有：{shown or '无'}。",
                   f"“{asked}” is not in the indexed reports. The indexed bodies are: {shown or 'none'}.")
        if choices:
            text += say(p.lang, f"\n您是否指：{join([c['label'] for c in choices], 'zh')}？",
                        f"\nDid you mean: {join([c['label'] for c in choices], 'en')}?")
        return result(text, kind=ABSENT, reason="body_not_indexed", choices=choices)

    def unreadable_year(self, u: Understanding, p: Plan) -> dict:
        """A year-like word that cannot be read (2O23年, 202年): ask which year, never assume the latest."""
        word = u.years.unreadable[0]
        years = join([str(y) for y in self.years], p.lang)
        return result(say(p.lang, f"没能读懂“{word}”是哪一年，请写明年份（如2023年）。已收录的年份：{years}。",
                          f"Which year is “{word}”? Please write the year (e.g. 2023). Indexed years: {years}."),
                      kind=UNCLEAR, reason="unreadable_year", lang=p.lang, state=p.state())

    def absent_year(self, ent: Entity, p: Plan) -> dict:
        """A body indexed, but not for the year asked: say which years there are."""
        years = join([str(y) for y in ent.years], p.lang)
        asked = join([str(y) for y in p.years], p.lang)
        return result(say(p.lang, f"已收录的年报中没有{ent.key}{asked}年的年报；该机关已收录的年份：{years or '无'}。",
                          f"There is no {asked} report of {ent.key} in the indexed reports; its indexed years: "
                          f"{years or 'none'}."),
                      kind=ABSENT, reason="year_not_indexed", body=ent.key)

    def passage(self, u: Understanding, p: Plan) -> dict:
        """A prose question: the best passages, highlighted, and one sentence where it clearly answers."""
        for ent in p.entities:
            missing = [y for y in p.years if y not in ent.years]
            if missing and not any(y in ent.years for y in p.years):
                return self.absent_year(ent, p)
        if self.retriever is None or not getattr(self.retriever, "available", True):
            return result(say(p.lang, "回答这个问题需要检索报告正文，但该索引没有正文段落。",
                              "This question needs the reports' text, but this index has no passages to search."),
                          reason="no_passages")
        query = p.query or u.question
        if "question" not in p.carried:
            p.query = re.sub(r"\s+", " ", mask(u.question, u.bodies.spans).replace(MASK, "")).strip()
        names = [n for e in p.entities for n in e.names]
        focus = re.sub(r"\s+", " ", mask(query, self.understander.bodies.find(query).spans).replace(MASK, ""))
        found = prose.search(self.retriever, query, names, p.years, p.part, focus=focus)
        if not found.passages:
            return result(say(p.lang, "在已收录的年报中没有找到相关内容。", "Nothing relevant was found in the indexed "
                                                                 "reports."), reason="nothing_found")
        return across.prose_answer(self, found, p)


__all__ = ["Answerer", "answer", "result"]


_ENGINES: dict[str, Any] = {}


def answer(question: str, state: dict | None = None, index_dir: str | Path | None = None) -> dict:
    """Answer one question with the engine of index_dir (default: $GOVQA_INDEX, else index/), opened once."""
    from app.engine import QA

    key = str(index_dir or os.environ.get("GOVQA_INDEX") or "index")
    if key not in _ENGINES:
        _ENGINES[key] = QA(key)
    return _ENGINES[key].ask(question, state)
