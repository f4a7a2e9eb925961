"""The one answering engine: a typed Query in, the answer JSON out; `QA(index_dir)` opens an index for it.

The chat, `app ask`, the look-up and compare tabs, the widget and the API all end here, so the same cell gives
the same figure, unit, confidence rule, citation and wording everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.conversation import to_query
from app.corpus import Corpus
from app.kinds import across, clarify, figure, passage, sidebyside
from app.limits import MAX_QUESTION_CHARS
from app.phrasing import join, say
from app.query import Kind, Operation, Query
from app.reply import Answered
from app.understand.intent import Understander
from app.understand.text import normalise
from indexer.manifest import check_index_versions
from indexer.pg import is_url
from indexer.store import Store

Handler = Callable[[Corpus, Query], Answered]
HANDLERS: dict[Operation, Handler] = {
    Operation.FIGURE: figure.figure, Operation.RATE: figure.rate, Operation.SUM: across.aggregate,
    Operation.RANK: across.rank, Operation.COMPARE: sidebyside.compare, Operation.DIFFERENCE: sidebyside.compare,
    Operation.TREND: sidebyside.trend, Operation.PASSAGE: passage.passage,
}
CLARIFY: dict[Kind, Handler] = {Kind.ABSENT: clarify.absent_body, Kind.AMBIGUOUS: clarify.ambiguous,
                                Kind.UNCLEAR: clarify.unclear, Kind.PASSAGE: passage.passage}
CARRIED_WORDS = {"body": ("机关", "body"), "year": ("年份", "year"), "field": ("指标", "figure"),
                 "question": ("问题", "question")}


class IndexNotFound(FileNotFoundError):
    """The index folder has no facts store."""


class Engine:
    """Answers queries over one corpus; reads questions (with the conversation so far) into queries."""

    def __init__(self, store: Store, retriever: Any = None, today: dt.date | None = None) -> None:
        self.corpus = Corpus(store, retriever)
        self.understander = Understander(self.corpus.bodies)
        self.reference_year = (today or dt.date.today()).year

    def read(self, question: str, state: dict | None = None) -> Query:
        """The query of a question (the first MAX_QUESTION_CHARS characters), given the previous answer's state."""
        text = clean_question(question)
        u = self.understander.read(text[:MAX_QUESTION_CHARS], self.reference_year)
        q = to_query(u, state, self.corpus.bodies)
        if len(text) > MAX_QUESTION_CHARS:
            q = q.assuming(f"问题过长，只读了前{MAX_QUESTION_CHARS}个字",
                           f"the question is long: only its first {MAX_QUESTION_CHARS} characters were read")
        return q

    def ask(self, question: str, state: dict | None = None) -> dict:
        """The answer JSON (interfaces.md, plus kind, citation, choices, state…) for one question."""
        return self.answer(self.read(question, state))

    def answer(self, q: Query) -> dict:
        """The answer JSON of one query: what it asks, what was assumed, and the state a follow-up needs."""
        kind = q.kind
        handler = CLARIFY.get(kind) or HANDLERS[q.operation]
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
                             "typos": [list(t) for t in done.typos]}
        return out


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
        """Load the retriever and its model now, and run one search (the web app calls this at start-up)."""
        if self.retriever.available:
            self.retriever.search("政府信息公开", k=1)
            from app.prose import terms

            terms("政府信息公开")
        return self

    def close(self) -> None:
        self.store.close()


__all__ = ["QA", "Engine", "IndexNotFound", "normalise"]
