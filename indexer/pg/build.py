"""Build into PostgreSQL: a new generation of the index, switched to in one transaction when complete.

Incremental as the folder build: a report file unchanged since the current generation (same name and sha256,
same parser, chunker and model) keeps its stored version (facts, passages, vectors, tokens) without being read;
a passage text already embedded by the same model keeps its vector. Readers go on answering from the current
generation until the last transaction names the new one; a killed build never gets there (the next build
retires what it left, reusing its vectors). One build at a time: a session advisory lock; a second is refused.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from indexer.atomic import BuildError, BuildLocked
from indexer.build import BATCH_SIZE, EMBED_GROUP, BuildResult, _Model
from indexer.check import check_report
from indexer.embed.encoder import Encoder
from indexer.lexical import BM25_B, BM25_K1, DEFAULT_TOKENIZER, tokenizer
from indexer.model import Report
from indexer.passages import chunker_settings, search_text, split_report
from indexer.pg import LOCK_KEY, PG_SCHEMA, connect, ensure_schema, redact
from indexer.pg.store import current_generation, generation_manifest
from indexer.read import find_reports, read_report
from indexer.store import report_status
from indexer.vectors import text_key

BACKEND = "postgresql"


def build_pg(paths: Sequence[str | Path], url: str, model: str | Encoder | None = None,
             progress: bool | None = None, dtype: str = "auto", vectors_from: Path | None = None) -> BuildResult:
    """Build (or update) the index in the database at url from the reports under paths (see the module doc).

    vectors_from: a folder index built by the same model whose passage vectors are taken (moving an index
    into PostgreSQL without embedding it again)."""
    started = time.perf_counter()
    conn = connect(url)
    try:
        _lock(conn, url)
        try:
            build = _Build(conn, url, _Model(model, dtype), progress)
            if vectors_from is not None:
                build.take_vectors(Path(vectors_from))
            result = build.run([Path(p) for p in paths], started)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    finally:
        conn.close()
    return result


def _lock(conn: Any, url: str) -> None:
    """Take the build lock, or refuse with who holds it."""
    if conn.execute("SELECT pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]:
        return
    row = conn.execute("SELECT a.pid, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                       " WHERE l.locktype = 'advisory' AND l.objid = %s AND l.granted", (LOCK_KEY,)).fetchone()
    holder = f" (PostgreSQL backend pid {row[0]}, connected {row[1]:%Y-%m-%d %H:%M:%S})" if row else ""
    raise BuildLocked(f"another build of {redact(url)} is running{holder}; wait for it to finish, then build again")


def tokens_of(text: str) -> list[str]:
    """The BM25 tokens of a search text, as indexer/lexical.py indexes it (an empty text is one empty token)."""
    return tokenizer(DEFAULT_TOKENIZER)(text) or [""]


class _Build:
    """One build: the generation being written and what it may take from the current one."""

    def __init__(self, conn: Any, url: str, model: _Model, progress: bool | None) -> None:
        self.conn, self.model, self.progress = conn, model, progress
        self.result = BuildResult(index_dir=redact(url))  # type: ignore[arg-type]
        self.previous = current_generation(conn)
        self.manifest = generation_manifest(conn, self.previous) if self.previous else {}
        self.info = model.describe(self.manifest.get("model", {}))
        ensure_schema(conn, self.info["dim"])
        self.model_key = f"{self.info['name']}:{self.info.get('fingerprint')}"
        self.reusable = self._reusable_versions()
        self.pending: list[tuple[int, list]] = []  # (report id, [(passage, text, vector|None)]) not yet written
        self.n_pending = 0
        self.folder_vectors: dict[bytes, np.ndarray] = {}

    def take_vectors(self, folder: Path) -> None:
        """Use the vectors of a folder index built by the same model (BuildError if another model built it)."""
        from indexer.manifest import read_manifest
        from indexer.vectors import stored_vectors

        built = read_manifest(folder).get("model", {})
        if (built.get("name"), built.get("fingerprint")) != (self.info["name"], self.info.get("fingerprint")):
            raise BuildError(f"{folder} was embedded by {built.get('name')!r}, this build uses {self.info['name']!r}")
        self.folder_vectors = stored_vectors(folder)

    def _reusable_versions(self) -> dict[str, tuple[str, int, int]]:
        """report file name -> (sha256, report id, passages) of the current generation, if built as this build
        would (same versions, chunker and model); else {}."""
        if not self.previous:
            return {}
        rows = self.conn.execute(
            "SELECT r.report, r.sha256, r.id, r.n_passages, r.model FROM govqa_generation_reports g"
            " JOIN govqa_reports r ON r.id = g.report_id WHERE g.generation = %s", (self.previous,)).fetchall()
        self.result_hashes = {r[0]: r[1] for r in rows}
        from indexer.manifest import versions

        same = all(self.manifest.get(k) == v for k, v in versions().items()) and \
            self.manifest.get("chunker") == json.loads(json.dumps(chunker_settings())) and \
            self.manifest.get("pg_schema") == PG_SCHEMA
        if not same:
            print("note: the current generation was built by another parser, chunker or schema; re-reading every"
                  " report", file=sys.stderr)
            return {}
        return {r[0]: (r[1], r[2], r[3]) for r in rows if r[4] == self.model_key}

    def run(self, paths: list[Path], started: float) -> BuildResult:
        conn, result = self.conn, self.result
        hashes = getattr(self, "result_hashes", {})
        conn.execute("DELETE FROM govqa_generations WHERE state = 'building'")  # left by a killed build
        self.gen = conn.execute("INSERT INTO govqa_generations DEFAULT VALUES RETURNING id").fetchone()[0]
        try:
            self._write(paths, hashes)
            if not result.reports:
                raise BuildError("no report could be read" + "".join(f"\n  {p}: {r}" for p, r in result.failures)
                                 + f"\nthe index at {result.index_dir} is left as it was")
            result.removed = sorted(set(hashes) - set(self.seen))
            result.reused = result.passages - result.embedded
            result.seconds = time.perf_counter() - started
            self._switch()
        except BaseException:
            conn.execute("DELETE FROM govqa_generations WHERE id = %s", (self.gen,))
            raise
        self._retire()
        return result

    # ---- writing the generation ----------------------------------------------------------------------

    def _write(self, paths: list[Path], hashes: dict[str, str]) -> None:
        result = self.result
        files = find_reports(paths)
        result.failures += [(str(p), "no such file or folder") for p in paths if not p.exists()]
        files = [f for f in files if f.exists()]
        self.seen: dict[str, Path] = {}
        show = sys.stderr.isatty() if self.progress is None else self.progress
        self.bar = tqdm(total=len(files), unit="report", disable=not show, file=sys.stderr, dynamic_ncols=True)
        for path in files:
            self.bar.update(1)
            if path.name in self.seen:
                result.failures.append((str(path), f"same file name as {self.seen[path.name]} (reports are keyed "
                                                   "by name)"))
                continue
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
                kept = self.reusable.get(path.name)
                if kept and kept[0] == sha:
                    report_id, n, n_facts = kept[1], kept[2], None
                else:
                    report_id, n, n_facts = self._add_version(read_report(path), sha)
            except Exception as exc:  # noqa: BLE001 - a bad report is listed, never stops the build
                result.failures.append((str(path), f"{type(exc).__name__}: {exc}"))
                continue
            self.seen[path.name] = path
            status = "unchanged" if hashes.get(path.name) == sha else ("changed" if path.name in hashes else "added")
            getattr(result, status).append(path.name)
            self.conn.execute("INSERT INTO govqa_generation_reports (generation, report_id, position, first_pid, path)"
                              " VALUES (%s,%s,%s,%s,%s)", (self.gen, report_id, result.reports, result.passages,
                                                           str(path)))
            result.reports += 1
            result.passages += n
            result.facts += n_facts if n_facts is not None else self._n_facts(report_id)
            if self.n_pending >= EMBED_GROUP or not self.n_pending:
                self._flush()
        self._flush()
        self.bar.close()

    def _n_facts(self, report_id: int) -> int:
        return self.conn.execute("SELECT n_facts FROM govqa_reports WHERE id = %s", (report_id,)).fetchone()[0]

    def _add_version(self, report: Report, sha: str) -> tuple[int, int, int]:
        """Store a newly read report version with its facts; its passages wait for their vectors."""
        findings = check_report(report)
        passages = split_report(report)
        texts = [search_text(p, report.body, report.year) for p in passages]
        report_id = self.conn.execute(
            "INSERT INTO govqa_reports (report, sha256, body, year, template, signed, status, notes, findings, parts,"
            " n_facts, n_passages, text, model, publisher, published, canonical_body, read_status)"
            " VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) RETURNING id",
            (report.report, sha, report.body, report.year, report.template, report.signed, report_status(report),
             json.dumps(report.notes, ensure_ascii=False), json.dumps([f.to_dict() for f in findings],
                                                                      ensure_ascii=False),
             json.dumps({str(k): list(v) for k, v in report.parts.items()}), len(report.facts), len(passages),
             report.text, self.model_key, report.publisher, report.published, report.canonical_body,
             report.read_status())).fetchone()[0]
        with self.conn.cursor().copy("COPY govqa_facts (report_id, body, year, template, tbl, row, col, value, is_int,"
                                     " unit, line, confidence, ocr_score) FROM STDIN") as copy:
            for f in report.facts:
                copy.write_row((report_id, report.body, report.year, report.template, f.table, f.row, f.column,
                                float(f.value), isinstance(f.value, int), f.unit, f.line, f.confidence, f.ocr_score))
        known = self._known_vectors([text_key(t) for t in texts])
        known = {**self.folder_vectors, **known} if self.folder_vectors else known
        rows = [(p, t, known.get(text_key(t))) for p, t in zip(passages, texts, strict=True)]
        self.pending.append((report_id, rows))
        self.n_pending += sum(v is None for *_, v in rows)
        return report_id, len(passages), len(report.facts)

    def _known_vectors(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        """text key -> vector already stored for this model."""
        if not keys:
            return {}
        rows = self.conn.execute(
            "SELECT DISTINCT ON (p.text_key) p.text_key, p.embedding FROM govqa_passages p JOIN govqa_reports r"
            " ON r.id = p.report_id WHERE r.model = %s AND p.text_key = ANY(%s)", (self.model_key, keys)).fetchall()
        return {bytes(k): np.asarray(v, dtype=np.float32) for k, v in rows}

    def _flush(self) -> None:
        """Embed the waiting texts (one call, as the folder build groups them), then write their passages."""
        todo = [(i, j) for i, (_, rows) in enumerate(self.pending) for j, (*_, v) in enumerate(rows) if v is None]
        if todo:
            out = self.model.get().encode_passages([self.pending[i][1][j][1] for i, j in todo],
                                                   batch_size=BATCH_SIZE)
            for (i, j), v in zip(todo, out, strict=True):
                p, t, _ = self.pending[i][1][j]
                self.pending[i][1][j] = (p, t, np.asarray(v, dtype=np.float32))
            self.result.embedded += len(todo)
        cur = self.conn.cursor()
        with cur.copy("COPY govqa_passages (report_id, ordinal, part, kind, first_line, last_line, text, text_key,"
                      " n_tokens, embedding) FROM STDIN") as copy:
            for report_id, rows in self.pending:
                for ordinal, (p, t, v) in enumerate(rows):
                    copy.write_row((report_id, ordinal, p.part, p.kind, p.first_line, p.last_line, p.text,
                                    text_key(t), len(tokens_of(t)), v))
        with cur.copy("COPY govqa_postings (token, report_id, ordinal, part, tf, dl) FROM STDIN") as copy:
            for report_id, rows in self.pending:
                for ordinal, (p, t, _) in enumerate(rows):
                    toks = tokens_of(t)
                    for token, tf in Counter(toks).items():
                        copy.write_row((token, report_id, ordinal, p.part or 0, tf, len(toks)))
        self.pending, self.n_pending = [], 0

    # ---- the switch ----------------------------------------------------------------------------------

    def _switch(self) -> None:
        """Count the generation's lexicon, write its manifest, and make it current, in one transaction."""
        conn, result = self.conn, self.result
        with conn.transaction():
            conn.execute("INSERT INTO govqa_df (generation, token, df) SELECT %s, o.token, count(*)"
                         " FROM govqa_postings o JOIN govqa_generation_reports g ON g.report_id = o.report_id"
                         " AND g.generation = %s GROUP BY o.token", (self.gen, self.gen))
            total = conn.execute("SELECT coalesce(sum(p.n_tokens), 0) FROM govqa_passages p JOIN"
                                 " govqa_generation_reports g ON g.report_id = p.report_id AND g.generation = %s",
                                 (self.gen,)).fetchone()[0]
            figures = conn.execute("SELECT count(*) FROM govqa_passages p JOIN govqa_generation_reports g"
                                   " ON g.report_id = p.report_id AND g.generation = %s WHERE p.kind = 'figures'",
                                   (self.gen,)).fetchone()[0]
            conn.execute("UPDATE govqa_generations SET state = 'ready', finished_at = now(), n_passages = %s,"
                         " avgdl = %s, manifest = %s WHERE id = %s",
                         (result.passages, (float(total) / result.passages) if result.passages else 1.0,
                          json.dumps(self._manifest(figures), ensure_ascii=False), self.gen))
            conn.execute("INSERT INTO govqa_current (one, generation) VALUES (TRUE, %s)"
                         " ON CONFLICT (one) DO UPDATE SET generation = EXCLUDED.generation", (self.gen,))

    def _manifest(self, figures: int) -> dict:
        from indexer.manifest import versions

        r = self.result
        return {**versions(), "pg_schema": PG_SCHEMA, "backend": BACKEND, "generation": self.gen, "model": self.info,
                "chunker": chunker_settings(),
                "search_text": "body + year + part name, '：', then the passage text",
                "lexical": {"library": "postgresql (BM25 over govqa_postings)", "tokenizer": DEFAULT_TOKENIZER,
                            "k1": BM25_K1, "b": BM25_B},
                "vectors": {"type": "pgvector", "index": "hnsw (vector_ip_ops)", "dim": self.info["dim"],
                            "metric": "inner product (cosine, unit vectors)"},
                "built_at": datetime.now(UTC).isoformat(timespec="seconds"), "build_seconds": round(r.seconds, 2),
                "counts": {"reports": r.reports, "facts": r.facts, "passages": r.passages, "figures_passages": figures,
                           "embedded": r.embedded, "reused": r.reused, "failed": len(r.failures)},
                "failures": [{"path": p, "reason": why} for p, why in r.failures]}

    def _retire(self) -> None:
        """Drop generations older than the one just replaced (readers pinned to it finish), and their reports."""
        keep = [g for g in (self.gen, self.previous) if g]
        self.conn.execute("DELETE FROM govqa_generations WHERE id <> ALL(%s)", (keep,))
        self.conn.execute("DELETE FROM govqa_reports r WHERE NOT EXISTS (SELECT 1 FROM govqa_generation_reports g"
                          " WHERE g.report_id = r.id)")
