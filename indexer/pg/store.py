"""The facts store's read API (indexer/store.Store's) over one generation of the PostgreSQL index.

A PgStore pins the generation current when it opens: every answer it gives comes from that one complete
generation, whatever builds do meanwhile; `stale()` says when a newer one is current (reopen to follow it).
Orders match the SQLite store (NULLs first, byte order, reports in the build's file order).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from indexer.manifest import IndexUnusable, check_versions
from indexer.model import Report
from indexer.pg import connect, redact
from indexer.store import StoredFact, StoredReport, _left_out, fact_conditions, fact_from_stored

_GEN_REPORTS = "JOIN govqa_generation_reports g ON g.report_id = r.id AND g.generation = %s"
_BY_PID = ("FROM unnest(%s::bigint[]) AS x(pid) CROSS JOIN LATERAL (SELECT g.report_id, g.first_pid FROM"
           " govqa_generation_reports g WHERE g.generation = %s AND g.first_pid <= x.pid"
           " ORDER BY g.first_pid DESC, g.position DESC LIMIT 1) g"
           " JOIN govqa_passages p ON p.report_id = g.report_id AND p.ordinal = x.pid - g.first_pid"
           " JOIN govqa_reports r ON r.id = g.report_id")


def current_generation(conn: Any) -> int | None:
    """The generation readers open now, or None (no build finished yet, or no tables)."""
    if conn.execute("SELECT to_regclass('govqa_current')").fetchone()[0] is None:
        return None
    row = conn.execute("SELECT generation FROM govqa_current").fetchone()
    return int(row[0]) if row else None


def generation_manifest(conn: Any, generation: int) -> dict:
    row = conn.execute("SELECT manifest FROM govqa_generations WHERE id = %s", (generation,)).fetchone()
    return dict(row[0]) if row else {}


def no_index(url: str) -> IndexUnusable:
    return IndexUnusable(f"no index in {redact(url)}: build it with "
                         f"`python -m indexer build reports/ --index $GOVQA_INDEX_URL`")


class PgStore:
    """Read access to the generation of the index current at opening (thread-safe: a connection a thread)."""

    def __init__(self, url: str, check: bool = True) -> None:
        self.url = url
        self._local = threading.local()
        self._conns: list[Any] = []
        self._guard = threading.Lock()
        generation = current_generation(self.db)
        if generation is None:
            self.close()
            raise no_index(url)
        self.generation = generation
        self.manifest = generation_manifest(self.db, generation)
        self._ocr = self.db.execute(  # a database written before facts kept it reads back as None, as in SQLite
            "SELECT count(*) FROM pg_attribute WHERE attrelid = 'govqa_facts'::regclass AND attname = 'ocr_score'"
            " AND NOT attisdropped").fetchone()[0] > 0
        if check:
            check_versions(self.manifest, redact(url))

    @property
    def db(self) -> Any:
        """This thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = connect(self.url)
            self._local.conn = conn
            with self._guard:
                self._conns.append(conn)
        return conn

    def stale(self) -> bool:
        """Whether a newer generation than this store's is current."""
        return current_generation(self.db) != self.generation

    def close(self) -> None:
        with self._guard:
            for conn in self._conns:
                conn.close()
            self._conns.clear()

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[tuple]:
        return self.db.execute(sql, tuple(args)).fetchall()

    # ---- the read API of indexer.store.Store ---------------------------------------------------------------

    def reports(self) -> list[StoredReport]:
        """Every report, ordered by body and year."""
        rows = self._rows(
            "SELECT g.position + 1, r.report, g.path, r.sha256, r.body, r.year, r.template, r.signed, r.status,"
            " r.notes, r.findings, r.parts, r.n_facts, r.publisher, r.published, r.canonical_body, r.read_status"
            f" FROM govqa_reports r {_GEN_REPORTS}"
            ' ORDER BY r.body COLLATE "C" NULLS FIRST, r.year NULLS FIRST, r.report COLLATE "C"', (self.generation,))
        return [StoredReport(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], list(r[9]), list(r[10]),
                             {int(k): tuple(v) for k, v in r[11].items()}, r[12], *r[13:17]) for r in rows]

    def report_text(self, report: str) -> str | None:
        rows = self._rows(f"SELECT r.text FROM govqa_reports r {_GEN_REPORTS} WHERE r.report = %s",
                          (self.generation, report))
        return rows[0][0] if rows else None

    def facts(self, body: str | None = None, year: int | None = None, table: str | None = None,
              row: str | None = None, column: str | None = None, report: str | None = None) -> list[StoredFact]:
        """Facts matching every given field (None = any), in report and printed order."""
        where, given = fact_conditions("%s", body, year, table, row, column, report)
        args = [self.generation, *given]
        sql = ("SELECT r.report, f.body, f.year, f.template, f.tbl, f.row, f.col, f.value, f.is_int, f.unit,"
               f" f.line, f.confidence, {'f.ocr_score' if self._ocr else 'NULL'} FROM govqa_facts f"
               " JOIN govqa_reports r ON r.id = f.report_id "
               + _GEN_REPORTS + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY g.position, f.id")
        return [StoredFact(r[0], r[1], r[2], r[3], r[4], r[5], r[6], int(r[7]) if r[8] else r[7], r[9], r[10],
                           r[11], r[12]) for r in self._rows(sql, args)]

    def passages(self, ids: Iterable[int]) -> dict[int, dict]:
        """Passages by id (this generation's ids): report, body, year, part, kind, lines and text."""
        ids = [int(i) for i in ids]
        if not ids:
            return {}
        rows = self._rows("SELECT x.pid, r.report, r.body, r.year, p.part, p.kind, p.first_line, p.last_line, p.text "
                          + _BY_PID, (ids, self.generation))
        return {r[0]: {"id": r[0], "report": r[1], "body": r[2], "year": r[3], "part": r[4], "kind": r[5],
                       "line": r[6], "last_line": r[7], "text": r[8]} for r in rows}

    def passage_rows(self) -> list[tuple[int, str, str | None, int | None, int | None, str]]:
        """(id, report, body, year, part, kind) of every passage, by id."""
        return self._rows("SELECT g.first_pid + p.ordinal AS id, r.report, r.body, r.year, p.part, p.kind"
                          f" FROM govqa_passages p JOIN govqa_reports r ON r.id = p.report_id {_GEN_REPORTS}"
                          " ORDER BY id", (self.generation,))

    def load_report(self, report: str) -> Report | None:
        """A stored report read back as the parser gave it, or None."""
        rows = self._rows("SELECT g.path, r.text, r.body, r.year, r.template, r.signed, r.parts, r.notes,"
                          " r.publisher, r.published, r.canonical_body, r.read_status"
                          f" FROM govqa_reports r {_GEN_REPORTS} WHERE r.report = %s", (self.generation, report))
        if not rows:
            return None
        row = rows[0]
        parts = {int(k): (int(v[0]), int(v[1])) for k, v in row[6].items()}
        return Report(report=report, path=row[0], text=row[1], body=row[2], year=row[3], template=row[4],
                      signed=row[5], parts=parts, facts=[fact_from_stored(f) for f in self.facts(report=report)],
                      notes=list(row[7]), publisher=row[8], published=row[9], canonical_body=row[10],
                      cells_left_out=_left_out(row[11]))

    def hashes(self) -> dict[str, str]:
        """report file name -> content hash."""
        return dict(self._rows(f"SELECT r.report, r.sha256 FROM govqa_reports r {_GEN_REPORTS}", (self.generation,)))
