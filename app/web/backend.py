"""The index a web app serves: its facts store and question-answering engine, reopened after a rebuild."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.limits import ENGINE_SLOTS, MAX_QUESTION_CHARS
from app.reply import refusal
from indexer.pg import is_url, redact
from indexer.store import Store, StoredReport


def default_engine(index_dir: Path) -> Any:
    """The real question-answering engine over an index folder."""
    from app.engine import QA

    return QA(index_dir)


class Backend:
    """Shared by every page of the app: opens the index once, answers, and reopens it after a rebuild."""

    def __init__(self, index_dir: str | Path, engine_factory: Callable[[Path], Any] | None = None) -> None:
        """Remember the index folder; nothing is opened until first use."""
        self.index_dir = index_dir if is_url(index_dir) else Path(index_dir)
        self.engine_factory = engine_factory or default_engine
        self.slots = threading.BoundedSemaphore(ENGINE_SLOTS)
        self.swap = threading.Lock()
        self._store: Store | None = None
        self._engine: Any = None

    # ---- the index -------------------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The facts store, opened read-only on first use."""
        with self.swap:
            if self._store is None and is_url(self.index_dir):
                from indexer.pg.store import PgStore

                self._store = PgStore(str(self.index_dir))
            if self._store is None:
                path = self.index_dir / "facts.sqlite"
                if not path.exists():
                    raise FileNotFoundError(f"no facts store in {self.index_dir} (build the index first)")
                self._store = Store(path, readonly=True)
            return self._store

    @property
    def engine(self) -> Any:
        """The QA engine, loaded on first use (the embedding model takes a few seconds)."""
        with self.swap:
            if self._engine is None:
                self._engine = self.engine_factory(self.index_dir)
            return self._engine

    def reload(self) -> None:
        """Forget the open store and engine; the next call opens the rebuilt index."""
        with self.swap:  # answers in flight keep the old objects; their connections close when dropped
            self._store, self._engine = None, None

    @property
    def where(self) -> str:
        """The index location for people (a database URL without its password)."""
        return redact(str(self.index_dir))

    def warm(self) -> None:
        """Load the engine and its retriever now (at start-up, so that the first question is quick)."""
        warm = getattr(self.engine, "warm", None)
        if warm is not None:
            warm()

    def manifest(self) -> dict:
        """The index's manifest.json (a database: its generation's), or {} where there is none."""
        if is_url(self.index_dir):
            return dict(getattr(self.store, "manifest", {}))
        path = self.index_dir / "manifest.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def reports(self) -> list[StoredReport]:
        """Every indexed report."""
        return self.store.reports()

    def report_text(self, report: str) -> str | None:
        """A report's text by file name, or None."""
        return self.store.report_text(report)

    def bodies(self) -> list[str]:
        """The issuing bodies indexed, sorted."""
        return sorted({r.body for r in self.reports() if r.body})

    def years(self) -> list[int]:
        """The years indexed, latest first."""
        return sorted({r.year for r in self.reports() if r.year}, reverse=True)

    # ---- answering -------------------------------------------------------------------------------

    def ask(self, question: str, state: Any = None) -> dict:
        """Answer one question (with the conversation state of earlier turns), as the interfaces' JSON."""
        question = (question if isinstance(question, str) else "").strip()  # API clients may send any JSON
        if not question:
            return refusal("请输入问题。Please type a question.")
        if len(question) > MAX_QUESTION_CHARS:
            return refusal(f"问题太长（最多 {MAX_QUESTION_CHARS} 字）。The question is too long "
                           f"(at most {MAX_QUESTION_CHARS} characters).")
        if getattr(self.engine, "stale", lambda: False)():  # a build made a new generation current: follow it
            self.reload()
        with self.slots:
            result = self.engine.ask(question, state=state)
        return jsonable(result)

    def answer(self, query: Any) -> dict:
        """Answer a query built from the staff controls (app.query.Query) with the chat's engine."""
        with self.slots:
            return jsonable(self.engine.answer(query))

    def corpus(self) -> Any:
        """The engine's corpus: reports, bodies, facts (the staff controls build queries against it)."""
        return self.engine.corpus

    def health(self) -> dict:
        """What /health reports: status, counts, the index's build time."""
        try:
            reports = self.reports()
        except Exception as exc:  # noqa: BLE001 - health says what is wrong instead of failing
            return {"status": "error", "error": str(exc), "index": self.where}
        manifest = self.manifest()
        return {"status": "ok", "index": self.where, "reports": len(reports),
                "facts": sum(r.n_facts for r in reports), "bodies": len({r.body for r in reports if r.body}),
                "years": sorted({r.year for r in reports if r.year}),
                "built": manifest.get("built_at"),
                "engine_loaded": self._engine is not None}


def jsonable(value: Any) -> Any:
    """The engine's answer as plain JSON data (dataclasses and tuples turned into dicts and lists)."""
    if hasattr(value, "to_dict"):
        return jsonable(value.to_dict())
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return jsonable(asdict(value))
    return value


def base_url(request: Any) -> str:
    """The server's address as the browser reached it (links must work inside an embedded widget too)."""
    headers = getattr(request, "headers", None)
    if not headers:
        return ""
    host = headers.get("x-forwarded-host") or headers.get("host")
    if not host:
        return ""
    scheme = headers.get("x-forwarded-proto") or getattr(getattr(request, "url", None), "scheme", None) or "http"
    return f"{scheme}://{host}"
