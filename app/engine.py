"""QA: one index folder opened once (facts store, bodies, lexicon; the retriever on first need), asked many times."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any

from app.answer import Answerer
from indexer.manifest import check_index_versions
from indexer.pg import is_url
from indexer.store import Store

log = logging.getLogger(__name__)
# Torch threads for encoding one query: 1 keeps a query at ~15-40 ms on a busy 2-core machine, where 2 threads
# contending with another process took ~1 s (bench/qa.py); the web app answers two questions at once anyway.
QUERY_THREADS = int(os.environ.get("GOVQA_QUERY_THREADS", "1"))


class IndexNotFound(FileNotFoundError):
    """The index folder has no facts store."""


class QA:
    """The question-answering engine the CLI and the web app share: `QA(index_dir).ask(question, state)`."""

    def __init__(self, index_dir: str | Path, encoder: Any = None, today: dt.date | None = None,
                 retriever: Any = None) -> None:
        """Open the index (a folder, or a postgresql:// URL: indexer/pg); the passage retriever (and its model)
        loads on the first prose question, or warm()."""
        self.index_dir = index_dir if is_url(index_dir) else Path(index_dir)
        self.store = open_store(self.index_dir)
        self.encoder = encoder
        self._retriever = retriever
        self._lock = threading.Lock()
        self.answerer = Answerer(self.store, _LazyRetriever(self), today)

    @property
    def retriever(self) -> Any:
        """The passage retriever (app.retrieve.Retriever), loaded once; None when the index has none."""
        with self._lock:
            if self._retriever is None:
                self._retriever = load_retriever(self.index_dir, self.encoder, self.store)
            return self._retriever or None

    def stale(self) -> bool:
        """Whether the index has a newer generation than the one this engine answers from (PostgreSQL)."""
        stale = getattr(self.store, "stale", None)
        return bool(stale and stale())

    def warm(self) -> QA:
        """Load the retriever and its model now, and run one search (the web app calls this at start-up)."""
        if self.retriever is not None:
            _LazyRetriever(self).search("政府信息公开", k=1)
            from app.prose import terms

            terms("政府信息公开")
        return self

    def ask(self, question: str, state: dict | None = None) -> dict:
        """The answer JSON (interfaces.md, plus kind, citation, choices, state…) for one question."""
        return self.answerer.answer(clean_question(question), state)

    def close(self) -> None:
        self.store.close()


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


def clean_question(question: object) -> str:
    """A question as text the tokenisers accept: a string, without lone surrogates (JSON can carry them)."""
    text = question if isinstance(question, str) else ("" if question is None else str(question))
    return text.encode("utf-8", "ignore").decode("utf-8")


# The passage-search backends: the manifest's "search_backend" (absent: "faiss") -> the module whose
# Retriever(index_dir, encoder=) opens it. A Retriever has the one method app.prose.Searcher names: another
# backend (a vector engine shared by many replicas, docs/scaling.md) is a new module here, nothing else changes.
SEARCH_BACKENDS = {"faiss": "app.retrieve"}


def load_retriever(index_dir: Path | str, encoder: Any = None, store: Any = None) -> Any:
    """The passage retriever of the index's backend, or False where the index or the module has none."""
    try:
        from indexer.manifest import IndexMismatch, IndexUnusable, read_manifest
    except ImportError:
        return False
    try:
        if is_url(index_dir):  # PostgreSQL: searches the generation the facts store pinned
            from app.pg_retrieve import PgRetriever

            return PgRetriever(store or str(index_dir), encoder=encoder)
        backend = read_manifest(index_dir).get("search_backend", "faiss")
        if backend not in SEARCH_BACKENDS:
            raise IndexMismatch(f"index {index_dir} is searched by {backend!r}, a backend unknown to this code")
        module = importlib.import_module(SEARCH_BACKENDS[backend])
        return module.Retriever(index_dir, encoder=encoder)
    except (FileNotFoundError, ImportError, IndexUnusable, IndexMismatch) as exc:
        log.warning("passage search unavailable: %s", exc)
        return False


class _LazyRetriever:
    """Stands in for the retriever until a prose question needs it."""

    def __init__(self, qa: QA) -> None:
        self.qa = qa

    @property
    def available(self) -> bool:
        """Whether the index has passages to search (loads the retriever)."""
        return self.qa.retriever is not None

    def search(self, query: str, k: int = 5, body: str | None = None, year: int | None = None,
               part: int | None = None, mode: str = "hybrid") -> list:
        real = self.qa.retriever
        if real is None:
            return []
        limit_threads(QUERY_THREADS)
        hits = real.search(query, k=k, body=body, year=year, part=part, mode=mode)
        limit_threads(QUERY_THREADS)  # the model, loaded by the first search, set its own
        return hits


def limit_threads(n: int) -> None:
    """Let torch (when loaded) use n threads."""
    torch = sys.modules.get("torch")
    if not hasattr(torch, "set_num_threads"):  # not loaded, or still being imported by another thread
        return
    if n > 0 and torch.get_num_threads() != n:
        torch.set_num_threads(n)
