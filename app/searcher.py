"""Passage search for the answer handlers: the index's retriever, loaded on first need, one torch thread a query."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

from app.limits import QUERY_THREADS

log = logging.getLogger(__name__)


def load_retriever(index_dir: Path | str, encoder: Any = None, store: Any = None) -> Any:
    """The index's passage retriever (app.retrieve.Retriever; app.pg_retrieve.PgRetriever over the generation the
    store pinned, for a postgresql:// URL), or False where the index has no passages."""
    from indexer.manifest import IndexMismatch, IndexUnusable
    from indexer.pg import is_url

    try:
        if is_url(index_dir):
            from app.pg_retrieve import PgRetriever

            return PgRetriever(store or str(index_dir), encoder=encoder)
        from app.retrieve import Retriever

        return Retriever(index_dir, encoder=encoder)
    except (FileNotFoundError, ImportError, IndexUnusable, IndexMismatch) as exc:
        log.warning("passage search unavailable: %s", exc)
        return False


class LazyRetriever:
    """Stands in for the retriever until a prose question needs it; loads it once, from any thread."""

    def __init__(self, index_dir: Path | str, encoder: Any = None, retriever: Any = None, store: Any = None) -> None:
        self.index_dir = index_dir
        self.store = store
        self.encoder = encoder
        self._real = retriever
        self._lock = threading.Lock()

    @property
    def real(self) -> Any:
        """The retriever, loaded on first use; None when the index has none."""
        with self._lock:
            if self._real is None:
                self._real = load_retriever(self.index_dir, self.encoder, self.store)
            return self._real or None

    @property
    def available(self) -> bool:
        """Whether the index has passages to search (loads the retriever)."""
        return self.real is not None

    def search(self, query: str, k: int = 5, body: str | None = None, year: int | None = None,
               part: int | None = None, mode: str = "hybrid") -> list:
        """The retriever's search, or no hits where there is none."""
        real = self.real
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
