"""What the answer handlers read: the reports, the bodies, the facts and the passages of one index."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from app.lookup import Figure, Lookup
from app.understand.bodies import BodyIndex, Entity
from app.understand.fields import Field
from indexer.store import Store, StoredReport

MAX_LINE_CHARS = 300  # a line longer than this (a flattened web page) is cut in a figure's context
SHORT_LINE_CHARS = 160  # a cited line longer than this is cut around its row label


class Corpus:
    """One index's reports, bodies, facts (and passage search, when there is one), read once."""

    def __init__(self, store: Store, retriever: Any = None) -> None:
        self.store = store
        self.retriever = retriever
        self.reports = store.reports()
        self.by_report = {r.report: r for r in self.reports}
        self.bodies = BodyIndex([(r.report, r.body, r.year) for r in self.reports])
        self.lookup = Lookup(store)
        self.years = sorted({r.year for r in self.reports if r.year is not None})
        self._lines = lru_cache(maxsize=64)(self._read_lines)

    @property
    def has_passages(self) -> bool:
        """Whether passages can be searched (loads a lazy retriever)."""
        return self.retriever is not None and getattr(self.retriever, "available", True)

    def entity(self, key: str) -> Entity | None:
        """The body of a key of the body index, or of a name as printed."""
        return self.bodies.by_key.get(key) or self.bodies.by_printed.get(key)

    # ---- the text around a figure ----------------------------------------------------------------

    def _read_lines(self, report: str) -> list[str]:
        return (self.store.report_text(report) or "").split("\n")

    def line_text(self, report: str, line: int) -> str:
        """One line of a report's text, stripped ('' when there is no such line)."""
        lines = self._lines(report)
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def context(self, report: str, line: int) -> dict:
        """The lines around a figure, as a passage (the figure's line marked by 'figure_line')."""
        lines = self._lines(report)
        first = max(1, line - 3)
        chunk = [t.rstrip() if len(t) <= MAX_LINE_CHARS else t.strip()[:MAX_LINE_CHARS] + "…"
                 for t in lines[first - 1:line + 1]]
        return {"report": report, "text": "\n".join(chunk), "line": first, "score": 1.0, "figure_line": line,
                "body": self.by_report[report].body, "year": self.by_report[report].year}

    def short_line(self, report: str, line: int, label: str) -> str:
        """A figure's line, cut around its row label where the line is long (flattened web pages)."""
        text = self.line_text(report, line)
        if len(text) <= SHORT_LINE_CHARS:
            return text
        at = max(text.find(label), 0)
        return ("…" if at > 20 else "") + text[max(0, at - 20):at + 120] + "…"

    # ---- reports and figures ---------------------------------------------------------------------

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

    def year_reports(self, years: list[int], scope: tuple[str, ...]) -> list[StoredReport]:
        """One report per printed body and year among these years (and body kinds), the fullest where two."""
        chosen: dict[tuple[str, int | None], StoredReport] = {}
        for r in sorted(self.reports, key=lambda r: (r.status != "parsed", -r.n_facts, r.report)):
            if r.year not in years:
                continue
            ent = self.bodies.by_printed.get(r.body or "")
            if scope and (ent is None or ent.kind not in scope):
                continue
            chosen.setdefault((r.body or r.report, r.year), r)
        return sorted(chosen.values(), key=lambda r: (r.year or 0, r.body or "", r.report))
