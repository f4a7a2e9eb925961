"""The one answering engine: a typed Query in, the answer JSON out; `QA(index_dir)` opens an index for it.

The chat, `app ask`, the look-up and compare tabs, the widget and the API all end here, so the same cell gives
the same figure, unit, confidence rule, citation and wording everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app import operations, parts
from app.conversation import clean_state, to_query
from app.corpus import Corpus
from app.follow_calc import computation_again, one_figure, two_figures
from app.kinds import across, calc, clarify, figure, passage, sidebyside
from app.kinds.smalltalk import help_reply
from app.limits import MAX_QUESTION_CHARS
from app.phrasing import field_label, join, say
from app.query import Kind, Operation, Query, without
from app.reply import Answered
from app.understand.exclusion import LEAVES_OUT
from app.understand.intent import Understander
from app.understand.smalltalk import is_small_talk, strip_courtesy
from app.understand.text import normalise
from app.understand.years import today_setting
from indexer.manifest import check_index_versions
from indexer.pg import is_url
from indexer.store import Store

Handler = Callable[[Corpus, Query], Answered]
HANDLERS: dict[Operation, Handler] = {
    Operation.FIGURE: figure.figure, Operation.RATE: figure.rate, Operation.SUM: across.aggregate,
    Operation.RANK: across.rank, Operation.COMPARE: sidebyside.compare, Operation.DIFFERENCE: sidebyside.compare,
    Operation.TREND: sidebyside.trend, Operation.PASSAGE: passage.passage, Operation.CALC: calc.calc,
}
CLARIFY: dict[Kind, Handler] = {Kind.ABSENT: clarify.absent_body, Kind.AMBIGUOUS: clarify.ambiguous,
                                Kind.UNCLEAR: clarify.unclear, Kind.PASSAGE: passage.passage}
CARRIED_WORDS = {"body": ("机关", "body"), "year": ("年份", "year"), "field": ("指标", "figure"),
                 "question": ("问题", "question"), "column": ("列", "column")}


class IndexNotFound(FileNotFoundError):
    """The index folder has no facts store."""


_PLACE_SCOPE = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:市|县|区)?(?:的|各|所有|全部|下属)"
                          r"(?:局|委|办|机关|单位|部门|乡镇|镇|街道)|"
                          r"([\u4e00-\u9fff]{2,6}?)(?:市|县|区)?(?:以外|之外)的")  # a place's bodies, or the others
_PART_OF_YEAR = re.compile(r"上半年|下半年|第?[一二三四1-4]季度|"
                           r"(?<![\d至到-])(?:1[0-2]|0?[1-9]|[一二三四五六七八九十]|十[一二])月份?(?!\d*日)|"
                           r"\bfirst half\b|\bsecond half\b|\bquarter\b|\bQ[1-4]\b", re.I)
_N = "[一二两三四五六七八九十\\d]+"
_SCALED = re.compile(rf"的{_N}倍(?!数)|一半|半数|{_N}分之{_N}|\bhalf\b|\btwice\b|\bdouble\b|\btriple\b",
                     re.I)  # a figure scaled (的两倍, 一半)
# words that name a figure these reports cannot give (上半年; 的两倍; 去掉第3项 with nothing read to leave out)
_NOT_COMPUTED = ((_PART_OF_YEAR, "part_of_year"), (_SCALED, operations.UNCLEAR), (LEAVES_OUT, operations.DIFFERENCE))
_WHICH_YEAR = re.compile(r"哪一?年|\bwhich year\b|\bin which year\b", re.I)


def _kept_exclusion(u: Any, state: dict) -> bool:
    """予以公开呢？ after 除了自然人以外新收了多少件: the follow-up's row, with what the question before left out
    (put into u); False when the follow-up is no such question."""
    kept = [tuple(x.split(":")) for x in state.get("excluded") or [] if x.count(":") == 2]
    if not kept or not u.elliptical or u.fields.excluded or not u.fields.rows or u.fields.columns:
        return False
    u.fields.excluded = [(a, b, c) for a, b, c in kept]
    return True


class Engine:
    """Answers queries over one corpus; reads questions (with the conversation so far) into queries."""

    def __init__(self, store: Store, retriever: Any = None, today: dt.date | None = None) -> None:
        self.corpus = Corpus(store, retriever)
        self.understander = Understander(self.corpus.bodies)
        self.reference_year = (today or today_setting() or dt.date.today()).year

    def read(self, question: str, state: dict | None = None) -> Query:
        """The query of a question (the first MAX_QUESTION_CHARS characters), given the previous answer's state."""
        text = clean_question(question)
        u = self.understander.read(strip_courtesy(text[:MAX_QUESTION_CHARS]), self.reference_year)
        clean = clean_state(state or {})
        both = two_figures(u, clean)
        if both:  # 2021年 … 2025年呢？ … 两年合计呢？: the sum of the two figures just given
            return both
        again = computation_again(u, clean)
        if again:  # 纠正率是多少 … 洪泽区呢？: the same computation for the new body or year
            left_out = {"excluded": clean["excluded"]} if clean.get("excluded") else None
            return self.read(again, left_out).with_(carried=("question",))  # (with what it left out, if anything)
        kept = _kept_exclusion(u, clean)
        q = to_query(u, state, self.corpus.bodies)
        if kept:
            q = q.assuming("沿用上文的排除条件", "leaving out what the question before left out")
        if u.years.unreadable and not q.years:
            q = q.with_(unreadable=tuple(u.years.unreadable))
        if u.fields.excluded and q.kind not in (Kind.ABSENT, Kind.AMBIGUOUS) and (q.cells or q.choices):
            return self._leaving_out(u, q)
        if q.kind in (Kind.AGGREGATE, Kind.RANK) and self._place_scope(u.question):  # 莆田的局…哪个最多
            return q.with_(operation=Operation.CALC, calc="place_scope", terms=())
        if q.cells and q.kind not in (Kind.ABSENT, Kind.AMBIGUOUS):
            calc_kind = next((k for rx, k in _NOT_COMPUTED if rx.search(u.question)), None)
            if calc_kind:  # no figure, said why (calc's reply for the kind)
                return q.with_(operation=Operation.CALC, calc=calc_kind, terms=())
        which = parts.which_part(u)
        if which and q.cells and len(q.bodies) == 1 and len(q.years) <= 1:  # 不予处理里哪类最多: the parts ranked
            return q.with_(operation=Operation.CALC, calc=which, terms=parts.part_terms(u, q))
        kind = None if _WHICH_YEAR.search(u.question) else operations.detect(u)  # 哪一年更多: the years listed
        if kind and operations.year_on_year(u) and len(q.years) == 1 and len(q.bodies) == 1:
            year = q.years[0]
            q = q.with_(years=(year, year - 1)).assuming(f"“同比”按{year}年与{year - 1}年相比",
                                                         f"year on year: {year} against {year - 1}")
        if kind == operations.SUM and len(q.bodies) == 1 and not q.years and _EVERY_YEAR.search(u.question):
            ent = self.corpus.entity(q.bodies[0])  # 历年合计: every year of the body indexed
            if ent is not None and len(ent.years) >= 2:
                q = q.with_(years=tuple(ent.years)).assuming(
                    f"“历年”按已收录的{'、'.join(map(str, ent.years))}年计算",
                    f"every year indexed: {', '.join(map(str, ent.years))}")
        if kind == operations.AVERAGE and (len(q.years) >= 2 or len(q.bodies) >= 2):
            kind = operations.MEAN  # 两年平均: the mean of the figures named
        if kind and q.kind not in (Kind.ABSENT, Kind.AMBIGUOUS, Kind.PASSAGE):
            terms = operations.terms(kind, u, q)
            several = len(q.bodies) >= 2 or len(q.years) >= 2  # a sum or difference of several: never one of them
            if kind == operations.SUM and operations.counted(u) and operations.counted(u) != len(terms):
                terms, several = (), True  # 三项合计 with two figures found: no sum of the wrong count
            if terms or kind in (operations.RATIO, operations.GROWTH, operations.AVERAGE, operations.PER_MONTH,
                                 operations.MEAN,
                                 operations.UNCLEAR, operations.TIMES, operations.TIMES_MORE) or \
                    (several and kind in (operations.SUM, operations.DIFFERENCE)):
                # (a share or a mean is never answered with a count)
                q = q.with_(operation=Operation.CALC, calc=kind, terms=terms, cells=q.cells or q.choices[:1],
                            text=without(u.question, u.bodies.spans + u.years.spans))
                whole = terms[-1][3] if terms and kind == operations.RATIO else None
                if whole and whole.row == "handled_total" and ("row", "requests", "handled_total") not in u.fields.rows:
                    q = q.assuming("按占办理结果总计的比例计算", "taken as a share of all requests handled")
        if len(text) > MAX_QUESTION_CHARS:
            q = q.assuming(f"问题过长，只读了前{MAX_QUESTION_CHARS}个字",
                           f"the question is long: only its first {MAX_QUESTION_CHARS} characters were read")
        return q

    def _place_scope(self, question: str) -> bool:
        """Whether a sum or ranking is limited to one place's bodies (莆田的局, 平潭以外的机关): a place that is
        part of an indexed body's name or a real province, city or county, before 的局 / 以外的…."""
        from app.understand.places import major_places

        for m in _PLACE_SCOPE.finditer(question):
            words = m.group(1) or m.group(2)
            if any(self.corpus.bodies.containing(words[i:]) or words[i:] in major_places()
                   for i in range(len(words) - 1)):
                return True
        return False

    @staticmethod
    def _leaving_out(u, q: Query) -> Query:
        """A question that leaves cells out (除了自然人以外): the whole minus them, said how; else no figure."""
        if q.cell and q.cell.column == "organisations" and {t[2] for t in u.fields.excluded} == {"natural_person"}:
            return q  # 法人或其他组织（自然人以外）: the exclusion says what the group is
        terms = operations.complement(u, q)
        kind = operations.detect(u)
        if q.cell and q.cell.column not in (None, "total", "other_org", "organisations") and not terms:
            if kind not in (None, operations.SUM, operations.DIFFERENCE):  # 纠正占已审结复议的比例: not a count
                return q.with_(operation=Operation.CALC, calc=kind, terms=(), cells=q.cells)
            return q  # 除了自然人以外，商业企业有几件: the cell named is the answer
        if kind not in (None, operations.SUM, operations.DIFFERENCE, operations.RATIO) or \
                (kind and operations.year_on_year(u)):  # 除了自然人以外的申请比上年增长多少: not computed here
            return q.with_(operation=Operation.CALC, calc=kind, terms=(), cells=q.cells or q.choices[:1])  # said
        share = kind == operations.RATIO  # 自然人之外的占比: (whole − what is left out) / whole
        return q.with_(operation=Operation.CALC, calc=operations.SHARE_LEFT if share else operations.DIFFERENCE,
                       terms=terms, cells=q.cells or q.choices[:1],  # text: what 洪泽区呢？ asks again
                       text=without(u.question, u.bodies.spans + u.years.spans),
                       excluded=tuple(":".join(t) for t in u.fields.excluded)).assuming(
            "按“（总数 − 所排除的部分）÷ 总数”计算" if share else "按“总数减去所排除的部分”计算",
            "computed as (the whole − what is left out) / the whole" if share else
            "computed as the whole minus what is left out")

    def ask(self, question: str, state: dict | None = None) -> dict:
        """The answer JSON (interfaces.md, plus kind, citation, choices, state…) for one question."""
        if is_small_talk(clean_question(question)):
            return help_reply(self.corpus, clean_question(question), state)
        out = self.answer(self.read(question, state))
        before = one_figure(clean_state(state or {}))
        if before and isinstance(out.get("state"), dict):
            out["state"]["before"] = before  # the figure before this one: 两年合计呢？ adds them
        return out

    def answer(self, q: Query) -> dict:
        """The answer JSON of one query: what it asks, what was assumed, and the state a follow-up needs."""
        if q.unreadable:
            return clarify.unreadable_year(self.corpus, q)
        if q.kind is Kind.UNCLEAR and len(q.choices) == 1 and q.operation is not Operation.CALC:
            label = field_label(q.choices[0], None, q.lang)  # one choice is never asked back: answered, said how read
            q = q.with_(cells=q.choices, choices=(), operation=Operation.FIGURE).assuming(f"按“{label}”理解",
                                                                                         f"read as “{label}”")
        kind = q.kind
        handler = HANDLERS[q.operation] if q.operation is Operation.CALC else CLARIFY.get(kind) or HANDLERS[q.operation]
        out, done = handler(self.corpus, q)
        notes = assumed_line(done)
        if notes:
            out["answer"] = notes + "\n" + out["answer"]
        out.setdefault("kind", str(kind))
        out.setdefault("lang", done.lang)
        out.setdefault("field", done.cell.to_dict() if done.cell else None)
        out.setdefault("body", done.bodies[0] if len(done.bodies) == 1 else None)
        out.setdefault("year", done.years[0] if len(done.years) == 1 else None)
        out.setdefault("state", done.state(kind))
        out["understood"] = {"bodies": list(done.bodies), "years": list(done.years), "carried": list(done.carried),
                             "typos": [list(t) for t in done.typos],
                             "cells": [t[3].to_dict() for t in done.terms] or [f.to_dict() for f in done.cells],
                             "operation": out.pop("operation", None) or str(done.operation),
                             "assumptions": [n[0] if done.lang == "zh" else n[1] for n in done.assumed]}
        return out


_EVERY_YEAR = re.compile(r"历年|各年|每年|所有年份|全部年份|这几年|all (?:the )?years|every year|each year", re.I)


def assumed_line(q: Query) -> str:
    """What was assumed or carried over from the conversation, in one line."""
    zh = q.lang == "zh"
    out = [n[0] if zh else n[1] for n in q.assumed]
    if q.carried:
        what = [CARRIED_WORDS[c][0 if zh else 1] for c in q.carried if c in CARRIED_WORDS]
        out.append(say(q.lang, f"沿用上文的{join(what, 'zh')}", f"same {', '.join(what)} as before"))
    if not out:
        return ""
    return say(q.lang, f"（{'；'.join(out)}）", f"({'; '.join(out)})")


def clean_question(question: object) -> str:
    """A question as text the tokenisers accept: a string, without lone surrogates (JSON can carry them)."""
    text = question if isinstance(question, str) else ("" if question is None else str(question))
    return text.encode("utf-8", "ignore").decode("utf-8")


def open_store(index: str | Path) -> Any:
    """The facts store of an index: the SQLite file of a folder, or the current generation of a database."""
    if is_url(index):
        from indexer.pg.store import PgStore

        return PgStore(str(index))
    path = Path(index) / "facts.sqlite"
    if not path.is_file():
        raise IndexNotFound(f"no index at {index} (facts.sqlite missing): "
                            f"build it with `python -m indexer build reports --index {index}`")
    check_index_versions(index)  # an older parser's facts may be wrong where it changed: rebuild
    return Store(path, readonly=True)


class QA(Engine):
    """The engine over an index folder, opened once: `QA(index_dir).ask(question, state)` or `.answer(query)`."""

    def __init__(self, index_dir: str | Path, encoder: Any = None, today: dt.date | None = None,
                 retriever: Any = None) -> None:
        """Open the index (a folder, or a postgresql:// URL: indexer/pg); the passage retriever (and its model)
        loads on the first prose question, or warm()."""
        from app.searcher import LazyRetriever

        self.index_dir = index_dir if is_url(index_dir) else Path(index_dir)
        self.store = open_store(self.index_dir)
        self.retriever = LazyRetriever(self.index_dir, encoder, retriever, store=self.store)
        super().__init__(self.store, self.retriever, today)

    def stale(self) -> bool:
        """Whether the index has a newer generation than the one this engine answers from (PostgreSQL)."""
        stale = getattr(self.store, "stale", None)
        return bool(stale and stale())

    def warm(self) -> QA:
        """Load the retriever and its model now, and run one search (the web app calls this at start-up); read the
        administrative-division data the question reader checks place names against."""
        from app.understand.places import major_places, real_places

        major_places(), real_places()
        if self.retriever.available:
            self.retriever.search("政府信息公开", k=1)
            from app.prose import terms

            terms("政府信息公开")
        return self

    def close(self) -> None:
        self.store.close()


__all__ = ["QA", "Engine", "IndexNotFound", "normalise"]
