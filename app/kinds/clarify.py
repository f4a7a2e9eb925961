"""Answers that ask back or say what is missing: which body, which figure, a body or year not indexed."""

from __future__ import annotations

from app.corpus import Corpus
from app.phrasing import field_label, join, say
from app.query import Kind, Query
from app.reply import Answered, reply
from app.understand.bodies import Entity
from app.understand.fields import Field
from app.understand.lexicon import clean_label
from indexer.schema import find_row
from indexer.store import StoredReport

MAX_NAMED = 20  # bodies listed when asking which one
MAX_LISTED = 15  # bodies listed when the one asked for is not indexed


def years_label(ent: Entity) -> str:
    """王屋镇人民政府（2019、2020）."""
    return f"{ent.key}（{join([str(y) for y in ent.years], 'zh')}）"


def with_body(question: str, body: str, lang: str) -> str:
    """The question with a body's name in front."""
    return f"{body}{question}" if lang == "zh" else f"{body}: {question}"


def which_body(c: Corpus, q: Query) -> Answered:
    """A figure question naming no body: ask which, listing the bodies (of the year asked, if any)."""
    ents = [e for e in c.bodies.entities if not q.years or set(q.years) & set(e.years)] or c.bodies.entities
    choices = [{"label": years_label(e), "body": e.key, "question": with_body(q.question, e.key, q.lang)}
               for e in ents[:MAX_NAMED]]
    names = join([e.key for e in ents[:MAX_NAMED]], q.lang) + (
        say(q.lang, f"等{len(ents)}个", f" and others ({len(ents)} in all)") if len(ents) > MAX_NAMED else "")
    return reply(say(q.lang, f"请问是哪个机关？已收录的机关有：{names}。",
                     f"Which body do you mean? The indexed bodies are: {names}."),
                 Kind.AMBIGUOUS, choices=choices, reason="no_body"), q


def ambiguous(c: Corpus, q: Query) -> Answered:
    """A name that fits several bodies: ask which one, with the question rewritten for each."""
    m = q.ambiguous[0]
    choices = []
    for e in sorted(m.entities, key=lambda e: not set(q.years) & set(e.years)):
        rewritten = q.question[:m.span[0]] + e.key + q.question[m.span[1]:]
        choices.append({"label": years_label(e), "body": e.key, "question": rewritten})
    names = join([ch["label"] for ch in choices], q.lang)
    return reply(say(q.lang, f"“{m.written}”可能指以下机关，请问是哪一个？{names}",
                     f"“{m.written}” could mean several bodies; which one? {names}"),
                 Kind.AMBIGUOUS, choices=choices, reason="ambiguous_body"), q


def field_choices(fields: list[Field] | tuple[Field, ...], q: Query, report: StoredReport | None = None) -> list[dict]:
    """Closest fields as clickable choices, each with a question that names it exactly."""
    ent = q.bodies[0] if len(q.bodies) == 1 else ""
    year = q.years[0] if len(q.years) == 1 else None
    tpl = report.template if report else None
    out = []
    for f in fields:
        out.append({"label": field_label(f, tpl, q.lang), "field": f.to_dict(),
                    "question": cell_question(ent, year, f, tpl)})
    return out


def cell_question(body: str, year: int | None, f: Field, template: str | None = None) -> str:
    """A question that names one cell exactly: 王屋镇人民政府2020年本年新收政府信息公开申请数量（总计）是多少？"""
    label = field_label(f, template, "zh")
    group, _, _ = f.row.partition(".")
    own = find_row(f.table, f.row, template)
    if own and group != f.row and find_row(f.table, group) and len(clean_label(own.label)) > 2:
        # （六）其他处理 is also a row (printed undivided): naming it would name that row, so the row's own words
        label = field_label(f, template, "zh").replace(clean_label(own.group) + " ", "", 1)
    return f"{body}{year}年{label}是多少？" if body and year else f"{body}{label}是多少？"


def unclear(c: Corpus, q: Query, report: StoredReport | None = None) -> Answered:
    """The wording fits several figures: offer the two or three closest, value null."""
    choices = field_choices(q.choices[:3], q, report)
    names = join([f"“{ch['label']}”" for ch in choices], q.lang)
    return reply(say(q.lang, f"您问的是哪一项？可选：{names}。", f"Which figure do you mean: {names}?"),
                 Kind.UNCLEAR, choices=choices, reason="unclear_field"), q


def absent_body(c: Corpus, q: Query) -> Answered:
    """A body that is not indexed: say so and what is there."""
    names = [e.key for e in c.bodies.entities]
    shown = join(names[:MAX_LISTED], q.lang) + (say(q.lang, f"等{len(names)}个", f" … ({len(names)} in all)")
                                                if len(names) > MAX_LISTED else "")
    asked = join(list(q.unknown), q.lang)
    near: list[Entity] = []
    for e in (e for name in q.unknown for e in c.bodies.closest(name)):
        if all(e is not x for x in near):
            near.append(e)
    choices = [{"label": e.key, "body": e.key, "question": q.question.replace(q.unknown[0], e.key, 1)}
               for e in near]
    text = say(q.lang, f"已收录的年报中没有“{asked}”的年报。已收录的机关有：{shown or '无'}。",
               f"“{asked}” is not in the indexed reports. The indexed bodies are: {shown or 'none'}.")
    if choices:
        text += say(q.lang, f"\n您是否指：{join([ch['label'] for ch in choices], 'zh')}？",
                    f"\nDid you mean: {join([ch['label'] for ch in choices], 'en')}?")
    return reply(text, Kind.ABSENT, reason="body_not_indexed", choices=choices), q


def absent_year(c: Corpus, ent: Entity | None, q: Query) -> Answered:
    """A body indexed, but not for the year asked: say which years there are."""
    key = ent.key if ent else (q.bodies[0] if q.bodies else "")
    years = join([str(y) for y in ent.years], q.lang) if ent else ""
    asked = join([str(y) for y in q.years], q.lang)
    return reply(say(q.lang, f"已收录的年报中没有{key}{asked}年的年报；该机关已收录的年份：{years or '无'}。",
                     f"There is no {asked} report of {key} in the indexed reports; its indexed years: "
                     f"{years or 'none'}."),
                 Kind.ABSENT, reason="year_not_indexed", body=key), q
