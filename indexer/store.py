"""The facts store: one SQLite file with the reports, their facts and their passages.

The indexer writes it; the app reads it. Figures keep their printed form (int where integral,
unit as printed), each with the report and line it came from.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexer.check import Finding
from indexer.model import Fact, Report

STORE_VERSION = 3  # bump when the tables below change (2: findings as structured cells; 3: facts.ocr_score)

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    report TEXT NOT NULL UNIQUE,      -- file name, as in facts
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    body TEXT, year INTEGER, template TEXT NOT NULL, signed TEXT,
    status TEXT NOT NULL,             -- 'parsed' (all figures), 'partial', 'no_tables'
    notes TEXT NOT NULL,              -- JSON list of parse notes
    findings TEXT NOT NULL,           -- JSON list of consistency findings
    parts TEXT NOT NULL,              -- JSON {part: [first, last]}
    n_facts INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS facts (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    body TEXT, year INTEGER, template TEXT NOT NULL,
    tbl TEXT NOT NULL, row TEXT NOT NULL, col TEXT NOT NULL,
    value REAL NOT NULL, is_int INTEGER NOT NULL, unit TEXT, line INTEGER NOT NULL,
    confidence TEXT NOT NULL,
    ocr_score REAL                    -- the cell's OCR score for a figure read from a scan, else NULL
);
CREATE INDEX IF NOT EXISTS facts_lookup ON facts (body, year, tbl, row, col);
CREATE INDEX IF NOT EXISTS facts_cell ON facts (tbl, row, col, year);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,           -- the FAISS / BM25 id
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    part INTEGER,                     -- 1..6, or NULL before part one
    kind TEXT NOT NULL,               -- 'prose' or 'figures' (generated sentences of key figures)
    first_line INTEGER NOT NULL, last_line INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_report ON passages (report_id);
"""
# Columns added after version 1, nullable: a store written before them reads back with None there.
_ADDED_REPORT_COLUMNS = {"publisher": "TEXT", "published": "TEXT", "canonical_body": "TEXT", "read_status": "TEXT"}


@dataclass(frozen=True)
class StoredReport:
    """A report's row in the store (without its text)."""

    id: int
    report: str
    path: str
    sha256: str
    body: str | None
    year: int | None
    template: str
    signed: str | None
    status: str
    notes: list[str]
    findings: list[dict]
    parts: dict[int, tuple[int, int]]
    n_facts: int
    publisher: str | None = None  # 发布机构 of the crawler's header block, as printed
    published: str | None = None  # 发布时间, YYYY-MM-DD
    canonical_body: str | None = None  # one name for the body across spellings; `body` stays as printed
    read_status: str | None = None  # 'read (N cells)' / 'partly read (N of M cells)' / 'no tables'


@dataclass(frozen=True)
class StoredFact:
    """A fact with the report it came from, as the interfaces print it."""

    report: str
    body: str | None
    year: int | None
    template: str
    table: str
    row: str
    column: str
    value: int | float
    unit: str | None
    line: int
    confidence: str
    ocr_score: float | None = None

    def to_dict(self) -> dict:
        out = {"report": self.report, "body": self.body, "year": self.year, "template": self.template,
               "table": self.table, "row": self.row, "column": self.column, "value": self.value,
               "unit": self.unit, "line": self.line, "confidence": self.confidence}
        return out if self.ocr_score is None else {**out, "ocr_score": self.ocr_score}


def report_status(report: Report) -> str:
    """'no_tables', 'partial' (some rows left out) or 'parsed'."""
    if report.template == "other" or not report.facts:
        return "no_tables"
    return "partial" if report.notes else "parsed"


class Store:
    """Read and write access to one facts store file."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        self.path = Path(path)
        uri = f"file:{self.path}?mode=ro" if readonly else f"file:{self.path}"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            self.db.executescript(SCHEMA)
            for name, kind in _ADDED_REPORT_COLUMNS.items():
                if name not in self._report_columns():
                    self.db.execute(f"ALTER TABLE reports ADD COLUMN {name} {kind}")

    def _report_columns(self) -> set[str]:
        return {r[1] for r in self.db.execute("PRAGMA table_info(reports)")}

    def close(self) -> None:
        self.db.close()

    # ---- writing -------------------------------------------------------------------------------

    def add_report(self, report: Report, sha256: str, findings: list[Finding]) -> int:
        """Insert (or replace) one report with its facts; returns its id."""
        self.remove_report(report.report)
        cur = self.db.execute(
            "INSERT INTO reports (report, path, sha256, body, year, template, signed, status, notes,"
            " findings, parts, n_facts, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (report.report, report.path, sha256, report.body, report.year, report.template, report.signed,
             report_status(report), json.dumps(report.notes, ensure_ascii=False),
             json.dumps([f.to_dict() for f in findings], ensure_ascii=False),
             json.dumps({str(k): list(v) for k, v in report.parts.items()}), len(report.facts), report.text))
        rid = int(cur.lastrowid or 0)
        self.db.execute("UPDATE reports SET publisher = ?, published = ?, canonical_body = ?, read_status = ?"
                        " WHERE id = ?", (report.publisher, report.published, report.canonical_body,
                                          report.read_status(), rid))
        self.db.executemany(
            "INSERT INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(rid, report.body, report.year, report.template, f.table, f.row, f.column, float(f.value),
              int(isinstance(f.value, int)), f.unit, f.line, f.confidence, f.ocr_score) for f in report.facts])
        return rid

    def add_passages(self, report_id: int, passages: Iterable[tuple[int, int | None, str, int, int, str]]) -> None:
        """Insert passages as (id, part, kind, first_line, last_line, text)."""
        self.db.executemany(
            "INSERT INTO passages (id, report_id, part, kind, first_line, last_line, text) VALUES (?,?,?,?,?,?,?)",
            [(pid, report_id, part, kind, a, b, text) for pid, part, kind, a, b, text in passages])

    def remove_report(self, report: str) -> None:
        self.db.execute("DELETE FROM reports WHERE report = ?", (report,))

    def commit(self) -> None:
        self.db.commit()

    # ---- reading -------------------------------------------------------------------------------

    def reports(self) -> list[StoredReport]:
        """Every report, ordered by body and year."""
        have = self._report_columns()
        extra = ", ".join(c if c in have else "NULL" for c in _ADDED_REPORT_COLUMNS)
        rows = self.db.execute(
            "SELECT id, report, path, sha256, body, year, template, signed, status, notes, findings, parts,"
            f" n_facts, {extra} FROM reports ORDER BY body, year, report").fetchall()
        return [StoredReport(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], json.loads(r[9]),
                             json.loads(r[10]), {int(k): tuple(v) for k, v in json.loads(r[11]).items()}, r[12],
                             *r[13:]) for r in rows]

    def report_text(self, report: str) -> str | None:
        row = self.db.execute("SELECT text FROM reports WHERE report = ?", (report,)).fetchone()
        return row[0] if row else None

    def facts(self, body: str | None = None, year: int | None = None, table: str | None = None,
              row: str | None = None, column: str | None = None, report: str | None = None) -> list[StoredFact]:
        """Facts matching every given field (None = any), in report and printed order."""
        where, args = fact_conditions("?", body, year, table, row, column, report)
        sql = ("SELECT r.report, f.body, f.year, f.template, f.tbl, f.row, f.col, f.value, f.is_int, f.unit,"
               " f.line, f.confidence, f.ocr_score FROM facts f JOIN reports r ON r.id = f.report_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY f.rowid")
        return [StoredFact(r[0], r[1], r[2], r[3], r[4], r[5], r[6], int(r[7]) if r[8] else r[7], r[9], r[10],
                           r[11], r[12]) for r in self.db.execute(sql, args)]

    def passages(self, ids: Iterable[int]) -> dict[int, dict]:
        """Passages by id: report, body, year, part, kind, lines and text."""
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            "SELECT p.id, r.report, r.body, r.year, p.part, p.kind, p.first_line, p.last_line, p.text"
            f" FROM passages p JOIN reports r ON r.id = p.report_id WHERE p.id IN ({marks})", ids)
        return {r[0]: {"id": r[0], "report": r[1], "body": r[2], "year": r[3], "part": r[4], "kind": r[5],
                       "line": r[6], "last_line": r[7], "text": r[8]} for r in rows}

    def passage_rows(self) -> list[tuple[int, str, str | None, int | None, int | None, str]]:
        """(id, report, body, year, part, kind) of every passage, by id: the metadata filters search over."""
        return self.db.execute(
            "SELECT p.id, r.report, r.body, r.year, p.part, p.kind FROM passages p JOIN reports r"
            " ON r.id = p.report_id ORDER BY p.id").fetchall()

    def load_report(self, report: str) -> Report | None:
        """A stored report read back as the parser gave it (text, metadata, parts, facts, notes), or None."""
        have = self._report_columns()
        extra = ", ".join(c if c in have else "NULL" for c in ("publisher", "published", "canonical_body",
                                                                  "read_status"))
        row = self.db.execute("SELECT path, text, body, year, template, signed, parts, notes, "
                              f"{extra} FROM reports WHERE report = ?", (report,)).fetchone()
        if row is None:
            return None
        parts = {int(k): (int(v[0]), int(v[1])) for k, v in json.loads(row[6]).items()}
        return Report(report=report, path=row[0], text=row[1], body=row[2], year=row[3], template=row[4],
                      signed=row[5], parts=parts, facts=[fact_from_stored(f) for f in self.facts(report=report)],
                      notes=json.loads(row[7]), publisher=row[8], published=row[9], canonical_body=row[10],
                      cells_left_out=_left_out(row[11]))

    def hashes(self) -> dict[str, str]:
        """report file name -> content hash, for incremental builds."""
        return dict(self.db.execute("SELECT report, sha256 FROM reports").fetchall())


def fact_conditions(mark: str, body: str | None, year: int | None, table: str | None, row: str | None,
                    column: str | None, report: str | None) -> tuple[list[str], list]:
    """SQL conditions (with the driver's placeholder mark) and their arguments for the fields given (None = any)."""
    where, args = [], []
    for name, value in (("f.body", body), ("f.year", year), ("f.tbl", table), ("f.row", row),
                        ("f.col", column), ("r.report", report)):
        if value is not None:
            where.append(f"{name} = {mark}")
            args.append(value)
    return where, args


def _left_out(status: str | None) -> int:
    """Cells left out, from a stored 'partly read (N of M cells)'."""
    m = re.match(r"partly read \((\d+) of (\d+) cells\)", status or "")
    return int(m[2]) - int(m[1]) if m else 0


def fact_from_stored(f: StoredFact) -> Fact:
    return Fact(f.table, f.row, f.column, f.value, f.unit, f.line, f.confidence, f.ocr_score)
