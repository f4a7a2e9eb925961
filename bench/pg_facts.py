"""Figure look-ups at 100,000 reports, facts only: SQLite store vs PostgreSQL store, the query a figure answer runs.

    python bench/pg_facts.py --index DIR --copies 100 [--work DIR] [--json FILE]

The facts of a built folder index (1,000 generated reports, 199k facts) are copied `--copies` times under
renamed bodies (body + '#k') into a new SQLite store and a new PostgreSQL generation (report rows without
text, passages or vectors: facts only), then 1,000 random cells are looked up with
`store.facts(body=, year=, table=, row=, column=)` on each (one question's figure look-up), p50/p95.
Also the time to load and the size of each.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pg import database, server  # noqa: E402
from indexer.store import Store  # noqa: E402

REPORT_COLS = "report, path, sha256, body, year, template, signed, status, notes, findings, parts, n_facts"


def source(index: Path) -> tuple[list[tuple], list[tuple]]:
    """(reports, facts) of the folder index's store: report rows without text; facts with their report's row id."""
    store = Store(index / "facts.sqlite", readonly=True)
    reports = store.db.execute(f"SELECT id, {REPORT_COLS} FROM reports ORDER BY id").fetchall()
    facts = store.db.execute("SELECT report_id, body, year, template, tbl, row, col, value, is_int, unit, line,"
                             " confidence FROM facts ORDER BY rowid").fetchall()
    store.close()
    return reports, facts


def fill_sqlite(path: Path, reports: list[tuple], facts: list[tuple], copies: int) -> float:
    start = time.perf_counter()
    store = Store(path)
    n = len(reports)
    for k in range(copies):
        store.db.executemany(f"INSERT INTO reports (id, {REPORT_COLS}, text) VALUES ({','.join('?' * 14)})",
                             [(r[0] + k * n, f"{k}-{r[1]}", *r[2:4], f"{r[4]}#{k}", *r[5:], "") for r in reports])
        store.db.executemany("INSERT INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                             [(f[0] + k * n, f"{f[1]}#{k}", *f[2:]) for f in facts])
    store.commit()
    store.close()
    return time.perf_counter() - start


def fill_pg(url: str, reports: list[tuple], facts: list[tuple], copies: int) -> float:
    from indexer.pg import connect, ensure_schema

    start = time.perf_counter()
    conn = connect(url)
    ensure_schema(conn, 384)
    from indexer.manifest import versions

    gen = conn.execute("INSERT INTO govqa_generations (state, manifest) VALUES ('ready', %s) RETURNING id",
                       (json.dumps({**versions(), "lexical": {"tokenizer": "bigram"}}),)).fetchone()[0]
    n = len(reports)
    cur = conn.cursor()
    for k in range(copies):
        with cur.copy("COPY govqa_reports (id, report, sha256, body, year, template, signed, status, notes, findings,"
                      " parts, n_facts, n_passages, text, model) FROM STDIN") as copy:
            for r in reports:
                copy.write_row((r[0] + k * n, f"{k}-{r[1]}", r[3], f"{r[4]}#{k}", r[5], r[6], r[7], r[8], r[9], r[10],
                                r[11], r[12], 0, "", "none"))
        with cur.copy("COPY govqa_generation_reports (generation, report_id, position, first_pid, path)"
                      " FROM STDIN") as copy:
            for r in reports:
                copy.write_row((gen, r[0] + k * n, r[0] + k * n, 0, r[2]))
        with cur.copy("COPY govqa_facts (report_id, body, year, template, tbl, row, col, value, is_int, unit, line,"
                      " confidence) FROM STDIN") as copy:
            for f in facts:
                copy.write_row((f[0] + k * n, f"{f[1]}#{k}", f[2], f[3], f[4], f[5], f[6], f[7], bool(f[8]), f[9],
                                f[10], f[11]))
    conn.execute("INSERT INTO govqa_current (one, generation) VALUES (TRUE, %s)", (gen,))
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - start


def lookups(store: object, cells: list[tuple]) -> dict:
    ms = []
    for body, year, table, row, col in cells:
        t = time.perf_counter()
        got = store.facts(body=body, year=year, table=table, row=row, column=col)  # type: ignore[attr-defined]
        ms.append((time.perf_counter() - t) * 1000)
        assert got, (body, year, table, row, col)
    ms.sort()
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True, help="a folder index of corpus(1000)")
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-pg-facts-"))
    work.mkdir(parents=True, exist_ok=True)
    reports, facts = source(args.index)
    rng = random.Random(0)
    picked = rng.sample(facts, min(1000, len(facts)))
    cells = [(f"{f[1]}#{rng.randrange(args.copies)}", f[2], f[4], f[5], f[6]) for f in picked]
    out: dict = {"reports": len(reports) * args.copies, "facts": len(facts) * args.copies}
    path = work / f"facts-{args.copies}.sqlite"
    path.unlink(missing_ok=True)
    out["sqlite"] = {"load_s": round(fill_sqlite(path, reports, facts, args.copies), 1),
                     "size_mb": round(path.stat().st_size / 2**20, 1)}
    print(f"sqlite: {out['sqlite']}", flush=True)
    url = database(server(work), f"facts{args.copies}")
    out["postgresql"] = {"load_s": round(fill_pg(url, reports, facts, args.copies), 1)}
    from bench.pg import pg_size_mb
    from indexer.pg.store import PgStore

    out["postgresql"]["size_mb"] = pg_size_mb(url)
    print(f"postgresql: {out['postgresql']}", flush=True)
    for name, store in (("sqlite", Store(path, readonly=True)), ("postgresql", PgStore(url))):
        lookups(store, cells[:50])  # warm
        out[name]["lookup"] = lookups(store, cells)
        print(f"{name} figure look-up: {out[name]['lookup']}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
