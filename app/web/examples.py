"""Example questions for the chat, chosen from what the index holds and kept only where the engine answers them."""

from __future__ import annotations

import logging
import threading

from app.web.backend import Backend

log = logging.getLogger(__name__)

FIGURE_PROMPTS = (  # (question, table, row): the figure's total must be printed in the report
    ("{body}{year}年收到多少政府信息公开申请？", "requests", "new_received"),
    ("{body}{year}年予以公开的申请有多少件？", "requests", "granted"),
    ("{body}{year}年行政复议有多少件？", "review", "reconsideration"),
)
PROSE_PROMPT = "{body}通过哪些渠道公开政府信息？"
_CACHE: dict[tuple[str, str], list[str]] = {}
_LOCK = threading.Lock()


def short_body(body: str) -> str:
    """A body as people say it: without 人民政府 (王屋镇人民政府 → 王屋镇)."""
    short = body.removesuffix("人民政府")
    return short if len(short) >= 2 else body


def candidates(backend: Backend) -> list[tuple[str, object]]:
    """(question, expected value or None for a prose question): each figure from another report, latest first."""
    reports = sorted((r for r in backend.reports() if r.body and r.year and r.n_facts),
                     key=lambda r: (-(r.year or 0), r.status != "parsed", r.body or ""))
    out: list[tuple[str, object]] = []
    used: set[str] = set()
    for prompt, table, row in FIGURE_PROMPTS:
        for rep in reports:
            if rep.report in used:
                continue
            facts = backend.store.facts(table=table, row=row, column="total", report=rep.report)
            if facts and facts[0].confidence == "high":
                out.append((prompt.format(body=short_body(rep.body or ""), year=rep.year), facts[0].value))
                used.add(rep.report)
                break
    if reports:
        out.append((PROSE_PROMPT.format(body=short_body(reports[0].body or "")), None))
    return out


def answered(backend: Backend, question: str, expected: object) -> bool:
    """The engine answers the question: with the expected figure, or (prose) with passages."""
    try:
        result = backend.ask(question)
    except Exception:  # noqa: BLE001 - an example that fails is left out, never shown
        log.exception("example %r failed", question)
        return False
    if expected is None:
        return bool(result.get("passages")) and result.get("kind") != "refused"
    return result.get("value") == expected


def example_questions(backend: Backend, limit: int = 4) -> list[str]:
    """The examples the index answers (asked once per index build, at the first page load)."""
    try:
        key = (str(backend.index_dir), str(backend.manifest().get("built_at")))
        with _LOCK:
            if key not in _CACHE:
                _CACHE[key] = [q for q, expected in candidates(backend) if answered(backend, q, expected)]
            return _CACHE[key][:limit]
    except FileNotFoundError:
        return []
