"""Figure look-ups at 100,000 reports, facts only: SQLite store vs PostgreSQL store, the queries of a figure answer.

    python bench/pg_facts.py --index DIR --copies 100 [--work DIR] [--lookups-only] [--json FILE]

The facts of a built folder index (1,000 generated reports, 199k facts) are copied `--copies` times under
renamed bodies (body + '#k') into a new SQLite store and a new PostgreSQL generation (report rows without
text, passages or vectors: facts only), then 1,000 random cells are looked up on each, the two stores asked in
turn: `store.facts(body=, year=, table=)` (the query app/lookup.py's figure answer runs: the report's table)
and `store.facts(body=, year=, table=, row=, column=)` (one cell), p50/p95, twice (the second pass finds the
pages the first read in memory). Also the time to load and the size of each. --lookups-only: the stores a
previous run left in --work."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pg import database, server  # noqa: E402
from indexer.store import SCHEMA, Store  # noqa: E402

REPORT_COLS = "report, path, sha256, body, year, template, signed, status, notes, findings, parts, n_facts"


FACT_COLS = "body, year, template, tbl, row, col, value, is_int, unit, line, confidence, ocr_score"


def source(index: Path) -> tuple[list[tuple], list[tuple]]:
    """(reports, facts) of the folder index's store: report rows without text; facts with their report's row id."""
    store = Store(index / "facts.sqlite", readonly=True)
    reports = store.db.execute(f"SELECT id, {REPORT_COLS} FROM reports ORDER BY id").fetchall()
    facts = store.db.execute(f"SELECT report_id, {FACT_COLS} FROM facts ORDER BY rowid").fetchall()
    store.close()
    return reports, facts


def _renumbered(reports: list[tuple], facts: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Report ids 1..n (the copies' ids are offsets of them)."""
    ids = {r[0]: i + 1 for i, r in enumerate(reports)}
    return [(ids[r[0]], *r[1:]) for r in reports], [(ids[f[0]], *f[1:]) for f in facts]


def fill_sqlite(path: Path, reports: list[tuple], facts: list[tuple], copies: int) -> float:
    """Copy 0 from Python, copies 1.. by INSERT ... SELECT inside SQLite; the facts indexes built after."""
    start = time.perf_counter()
    store = Store(path)
    store.db.executescript("DROP INDEX facts_lookup; DROP INDEX facts_cell;")
    n = len(reports)
    store.db.executemany(f"INSERT INTO reports (id, {REPORT_COLS}, text) VALUES ({','.join('?' * 14)})",
                         [(r[0], f"0-{r[1]}", *r[2:4], f"{r[4]}#0", *r[5:], "") for r in reports])
    store.db.executemany(f"INSERT INTO facts (report_id, {FACT_COLS}) VALUES ({','.join('?' * 13)})",
                         [(f[0], f"{f[1]}#0", *f[2:]) for f in facts])
    rest = FACT_COLS.split(", ", 1)[1]
    for k in range(1, copies):
        store.db.execute(f"INSERT INTO reports (id, {REPORT_COLS}, text) SELECT id + {k * n}, '{k}' ||"
                         f" substr(report, 2), path, sha256, substr(body, 1, length(body) - 1) || '{k}',"
                         f" {REPORT_COLS.split(', body, ', 1)[1]}, '' FROM reports WHERE id <= {n}")
        store.db.execute(f"INSERT INTO facts (report_id, {FACT_COLS}) SELECT report_id + {k * n},"
                         f" substr(body, 1, length(body) - 1) || '{k}', {rest} FROM facts"
                         f" WHERE report_id <= {n} ORDER BY rowid")
    store.db.executescript(SCHEMA)  # the indexes again
    store.commit()
    store.close()
    return time.perf_counter() - start


def fill_pg(url: str, reports: list[tuple], facts: list[tuple], copies: int) -> float:
    """Copy 0 by COPY, copies 1.. by INSERT ... SELECT inside PostgreSQL, with the facts indexes built after and
    the foreign key not checked row by row (session_replication_role = replica: a bulk load's usual setting)."""
    from indexer.manifest import versions
    from indexer.pg import PG_SCHEMA, connect, ensure_schema

    start = time.perf_counter()
    conn = connect(url)
    ensure_schema(conn, 384)
    conn.execute("DROP INDEX govqa_facts_lookup, govqa_facts_cell, govqa_facts_report")
    conn.execute("SET session_replication_role = replica")
    gen = conn.execute("INSERT INTO govqa_generations (state, manifest) VALUES ('ready', %s) RETURNING id",
                       (json.dumps({**versions(), "pg_schema": PG_SCHEMA, "lexical": {"tokenizer": "bigram"}}),)
                       ).fetchone()[0]
    n = len(reports)
    cur = conn.cursor()
    with cur.copy("COPY govqa_reports (id, report, sha256, body, year, template, signed, status, notes, findings,"
                  " parts, n_facts, n_passages, text, model) FROM STDIN") as copy:
        for r in reports:
            copy.write_row((r[0], f"0-{r[1]}", r[3], f"{r[4]}#0", *r[5:13], 0, "", "none"))
    with cur.copy(f"COPY govqa_facts (report_id, {FACT_COLS}) FROM STDIN") as copy:
        for f in facts:
            copy.write_row((f[0], f"{f[1]}#0", *f[2:8], bool(f[8]), *f[9:]))
    rest = FACT_COLS.split(", ", 1)[1]
    for k in range(1, copies):
        conn.execute(f"INSERT INTO govqa_reports (id, report, sha256, body, year, template, signed, status, notes,"
                     f" findings, parts, n_facts, n_passages, text, model) SELECT id + {k * n}, '{k}' ||"
                     f" substr(report, 2), sha256, left(body, -1) || '{k}', year, template, signed, status, notes,"
                     f" findings, parts, n_facts, 0, '', model FROM govqa_reports WHERE id <= {n}")
        conn.execute(f"INSERT INTO govqa_facts (report_id, {FACT_COLS}) SELECT report_id + {k * n},"
                     f" left(body, -1) || '{k}', {rest} FROM govqa_facts WHERE report_id <= {n} ORDER BY id")
    conn.execute("INSERT INTO govqa_generation_reports (generation, report_id, position, first_pid, path)"
                 " SELECT %s, id, id, 0, report FROM govqa_reports", (gen,))
    conn.execute("SET session_replication_role = DEFAULT")
    conn.execute("SET maintenance_work_mem = '1GB'")
    ensure_schema(conn, 384)  # the indexes again
    conn.execute("INSERT INTO govqa_current (one, generation) VALUES (TRUE, %s)", (gen,))
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - start


def lookups(stores: dict[str, object], cells: list[tuple], cell: bool = True) -> dict:
    """p50/p95 ms of each store's look-up of the cells (cell=False: their tables), the stores asked in turn cell by
    cell (the order rotating)."""
    names = list(stores)
    ms: dict[str, list[float]] = {name: [] for name in names}
    load = [round(os.getloadavg()[0], 1)]
    for i, (body, year, table, row, col) in enumerate(cells):
        got = {}
        where = {"body": body, "year": year, "table": table} | ({"row": row, "column": col} if cell else {})
        for name in names[i % len(names):] + names[:i % len(names)]:
            t = time.perf_counter()
            got[name] = stores[name].facts(**where)  # type: ignore
            ms[name].append((time.perf_counter() - t) * 1000)
        first = got[names[0]]
        assert first and all(v == first for v in got.values()), (body, year, table, row, col, got)
    load.append(round(os.getloadavg()[0], 1))
    out = {}
    for name in names:
        got = sorted(ms[name])
        out[name] = {"n": len(got), "p50_ms": round(statistics.median(got), 2),
                     "p95_ms": round(got[int(0.95 * (len(got) - 1))], 2), "load": load}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True, help="a folder index of corpus(1000)")
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--lookups-only", action="store_true", help="measure the stores a previous run left in --work")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-pg-facts-"))
    work.mkdir(parents=True, exist_ok=True)
    reports, facts = _renumbered(*source(args.index))
    rng = random.Random(0)
    picked = rng.sample(facts, min(1050, len(facts)))
    cells = [(f"{f[1]}#{rng.randrange(args.copies)}", f[2], f[4], f[5], f[6]) for f in picked]
    out: dict = {"reports": len(reports) * args.copies, "facts": len(facts) * args.copies}
    path = work / f"facts-{args.copies}.sqlite"
    from bench.pg import pg_size_mb
    from indexer.pg.store import PgStore

    if args.lookups_only:
        url = server(work).get_uri(f"facts{args.copies}")  # type: ignore[attr-defined]
    else:
        path.unlink(missing_ok=True)
        out["sqlite"] = {"load_s": round(fill_sqlite(path, reports, facts, args.copies), 1),
                         "size_mb": round(path.stat().st_size / 2**20, 1)}
        print(f"sqlite: {out['sqlite']}", flush=True)
        url = database(server(work), f"facts{args.copies}")
        out["postgresql"] = {"load_s": round(fill_pg(url, reports, facts, args.copies), 1)}
        out["postgresql"]["size_mb"] = pg_size_mb(url)
        print(f"postgresql: {out['postgresql']}", flush=True)
    stores = {"sqlite": Store(path, readonly=True), "postgresql": PgStore(url)}
    lookups(stores, cells[-50:])  # warm: connections, statement caches
    for what in ("table", "cell"):
        for run in (1, 2):
            for name, got in lookups(stores, cells[:1000], cell=what == "cell").items():
                out.setdefault(name, {})[f"{what}_lookup_{run}"] = got
                print(f"{name} {what} look-up, pass {run}: {got}", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
