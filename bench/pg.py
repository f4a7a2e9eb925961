"""Embedded (SQLite + FAISS + bm25s folder) vs PostgreSQL + pgvector, side by side.

    python bench/pg.py scale --corpus 1000 [--work DIR] [--seconds 20] [--no-build] [--no-latency] [--json FILE]
    python bench/pg.py recall [--synth 40] [--json FILE]

scale: corpus(N) (tests/synth) built both ways with stand-in passage vectors (bench/scale.py's: a unit vector
seeded by the text, as embedding 8,000+ passages takes an hour here; queries are embedded by the real model, so
every step of a passage question costs what it would): build time and rate, store size; QA.ask p50/p95 per kind
with the folder, PostgreSQL and PostgreSQL with the HNSW index forced asked in turn question by question; then
answers/s of figure questions over HTTP with 1 and 2 `app serve` replicas of each backend (8 clients, round
robin, values checked), the backends in alternating 5-s windows. Load averages are recorded with each figure:
the machine is shared, so the comparison is what counts. --no-build: measure what a previous run built in --work.
recall: the retrieval bench's index (seeds + N generated reports, real vectors), moved into PostgreSQL with its
vectors; recall@1/3/5 of bm25, dense and hybrid search on both (bench/retrieval.py's questions).
PostgreSQL is the one the pgserver package bundles (16 + pgvector 0.6), on a Unix socket, default settings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.standin import StandIn  # noqa: E402


def server(work: Path) -> object:
    import pgserver

    return pgserver.get_server(work / "pg", cleanup_mode="stop")


def database(srv: object, name: str) -> str:
    import psycopg

    with psycopg.connect(srv.get_uri(), autocommit=True) as conn:  # type: ignore[attr-defined]
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return srv.get_uri(name)  # type: ignore[attr-defined]


def pg_size_mb(url: str) -> float:
    from indexer.pg import connect

    with connect(url) as conn:
        return round(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20, 1)


def folder_size_mb(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def throughput(locations: dict[str, str], questions: list, replicas: int, seconds: float, work: Path,
               window: float = 5.0) -> dict[str, dict]:
    """Answers/s of figure questions over HTTP with n replicas of each backend (8 clients), wrong values counted.
    Every backend's replicas run at once; the clients ask one backend at a time in alternating windows of a few
    seconds (seconds in all for each), so that the machine's changing load falls on both alike."""
    from tests.replicas import Balancer, Replica

    started = {name: [Replica(loc, work / f"replica-{name}-{i}.log") for i in range(replicas)]
               for name, loc in locations.items()}
    out: dict[str, dict] = {name: {"replicas": replicas, "answers": 0, "wrong": 0, "errors": 0, "seconds": 0.0}
                            for name in locations}
    loads = []
    try:
        for reps in started.values():
            for r in reps:
                r.wait(600)
        balancers = {name: Balancer(reps) for name, reps in started.items()}
        lock = threading.Lock()
        asked = dict.fromkeys(locations, 0)  # each backend asked the same questions in the same order
        for _ in range(max(1, round(seconds / window))):
            for name, balancer in balancers.items():
                got, stop = out[name], time.monotonic() + window

                def client(_: int, name: str = name, got: dict = got, balancer: Balancer = balancer,
                           stop: float = stop) -> None:
                    while time.monotonic() < stop:
                        with lock:
                            q = questions[asked[name] % len(questions)]
                            asked[name] += 1
                        try:
                            answer = balancer.ask(q.q)
                        except Exception:  # noqa: BLE001 - counted
                            with lock:
                                got["errors"] += 1
                            continue
                        with lock:
                            got["answers"] += 1
                            got["wrong"] += answer.get("value") != q.value

                t = time.monotonic()
                with ThreadPoolExecutor(8) as pool:
                    list(pool.map(client, range(8)))
                got["seconds"] += time.monotonic() - t
                loads.append(os.getloadavg()[0])
    finally:
        for reps in started.values():
            for r in reps:
                r.stop()
    for name, got in out.items():
        got |= {"answers_per_s": round(got["answers"] / got["seconds"], 2), "seconds": round(got["seconds"], 1),
                "per_replica": list(balancers[name].served.values()),
                "load": [round(min(loads), 1), round(max(loads), 1)]}
        print(f"  {name}, {replicas} replica(s): {got}", flush=True)
    return out


def scale(args: argparse.Namespace) -> dict:
    from indexer.build import build_index
    from indexer.pg.build import build_pg
    from tests.synth.questions import corpus, passage_questions, questions

    work = args.work
    reports_dir = work / f"corpus-{args.corpus}"
    if not reports_dir.is_dir():
        corpus(args.corpus, reports_dir)
    reports = corpus(args.corpus)
    qs = questions(reports, per_report=1) + passage_questions(reports, limit=args.limit)
    figures = [q for q in qs if q.kind == "fact_zh" and q.value is not None][:200]
    model = StandIn()
    srv = server(work)
    out: dict = {"corpus": args.corpus}
    folder = work / f"index-{args.corpus}"
    if args.no_build:  # the index and database a previous run of this command built in --work
        url = srv.get_uri(f"bench{args.corpus}")  # type: ignore[attr-defined]
        builds: tuple = ()
    else:
        shutil.rmtree(folder, ignore_errors=True)
        url = database(srv, f"bench{args.corpus}")
        builds = (("embedded", lambda: build_index([reports_dir], folder, model=model, progress=False)),
                  ("postgresql", lambda: build_pg([reports_dir], url, model=model, progress=False)))
    out.update(embedded={}, postgresql={})
    for name, build in builds:
        t, load = time.perf_counter(), os.getloadavg()[0]
        result = build()
        took = time.perf_counter() - t
        size = folder_size_mb(folder) if name == "embedded" else pg_size_mb(url)
        out[name] |= {"build_s": round(took, 1), "reports_per_s": round(result.reports / took, 1),
                     "reports": result.reports, "facts": result.facts, "passages": result.passages, "size_mb": size,
                     "load": [round(load, 1), round(os.getloadavg()[0], 1)]}
        print(f"{name}: {out[name]}", flush=True)
    if not args.no_latency:
        print("latency (QA.ask in-process, the backends alternating question by question; postgresql_hnsw: the"
              " same database with the HNSW index forced, GOVQA_PG_VECTORS=hnsw):", flush=True)
        got = paired_latency({"embedded": str(folder), "postgresql": url, "postgresql_hnsw": url}, qs, args.limit,
                             hnsw={"postgresql_hnsw"})
        out["embedded"]["latency"], out["postgresql"]["latency"] = got["embedded"], got["postgresql"]
        out["postgresql"]["latency_hnsw"] = got["postgresql_hnsw"]
    for n in (1, 2):
        print(f"answers/s over HTTP, {n} replica(s) of each backend, the backends in alternating windows:", flush=True)
        for name, rate in throughput({"embedded": str(folder), "postgresql": url}, figures, n, args.seconds,
                                     work).items():
            out[name].setdefault("throughput", []).append(rate)
    return out


def paired_latency(locations: dict[str, str], qs: list, limit: int, hnsw: set[str] = frozenset()) -> dict[str, dict]:
    """bench/scale.py's latency (p50/p95 ms per kind) for several index locations, asked in turn question by
    question (the order rotating), so that the machine's load falls on every backend alike; load averages noted.
    The names in hnsw are asked with GOVQA_PG_VECTORS=hnsw (PostgreSQL's HNSW index forced)."""
    from app.engine import QA
    from bench.scale import KINDS

    qas, out = {}, {}
    for name, location in locations.items():
        t = time.perf_counter()
        qas[name] = QA(location)
        out[name] = {"open_s": round(time.perf_counter() - t, 2)}
    names = list(qas)
    for kind, kinds in KINDS.items():
        group = [q for q in qs if q.kind in kinds][:limit]
        if not group:
            continue
        ms: dict[str, list[float]] = {name: [] for name in names}
        load = [os.getloadavg()[0]]
        for name in names:
            vectors(name in hnsw)
            qas[name].ask(group[0].q)
        for i, q in enumerate(group):
            for name in names[i % len(names):] + names[:i % len(names)]:
                vectors(name in hnsw)
                t = time.perf_counter()
                qas[name].ask(q.q)
                ms[name].append((time.perf_counter() - t) * 1000)
        load.append(os.getloadavg()[0])
        for name in names:
            got = sorted(ms[name])
            out[name][kind] = {"n": len(got), "p50_ms": round(statistics.median(got), 1),
                               "p95_ms": round(got[int(0.95 * (len(got) - 1))], 1), "load": load}
            print(f"{name:<16}{kind:<10} n={len(got):<4} p50 {out[name][kind]['p50_ms']:>7.1f} ms   p95 "
                  f"{out[name][kind]['p95_ms']:>7.1f} ms   load {load[0]:.1f}-{load[1]:.1f}", flush=True)
    vectors(False)
    return out


def vectors(hnsw: bool) -> None:
    """Force PostgreSQL's HNSW index (GOVQA_PG_VECTORS=hnsw), or leave the choice to the retriever."""
    if hnsw:
        os.environ["GOVQA_PG_VECTORS"] = "hnsw"
    else:
        os.environ.pop("GOVQA_PG_VECTORS", None)


def recall_bench(args: argparse.Namespace) -> dict:
    from app.pg_retrieve import PgRetriever
    from app.retrieve import Retriever
    from bench.retrieval import recall, seed_questions, synth_questions
    from indexer.build import build_index
    from indexer.pg.build import build_pg
    from tests.synth import LAYOUTS, generate, write

    work = args.work
    synth_dir = work / "synth"
    paths = [write(generate(seed, layout=LAYOUTS[seed % len(LAYOUTS)]), synth_dir) for seed in range(args.synth)]
    folder = work / "retrieval-index"
    result = build_index([ROOT / "reports", synth_dir], folder, progress=False)
    print(f"folder index: {result.reports} reports, {result.passages} passages ({result.embedded} embedded)")
    url = database(server(work), "retrieval")
    pg = build_pg([ROOT / "reports", synth_dir], url, progress=False, vectors_from=folder)
    print(f"postgresql: {pg.reports} reports, {pg.passages} passages ({pg.embedded} embedded)")
    a = Retriever(folder)
    b = PgRetriever(url, encoder=a.encoder)
    qs = seed_questions()
    for path in paths:
        figures = a.store.db.execute(
            "SELECT group_concat(p.text, ' ') FROM passages p JOIN reports r ON r.id = p.report_id"
            " WHERE r.report = ? AND p.kind = 'figures'", (path.name,)).fetchone()[0] or ""
        qs += synth_questions(path, figures)
    out: dict = {"questions": len(qs)}
    print(f"{'backend':<12}{'mode':<8}{'R@1':>8}{'R@3':>8}{'R@5':>8}   ({len(qs)} questions)")
    for name, retriever in (("embedded", a), ("postgresql", b)):
        for mode in ("bm25", "dense", "hybrid"):
            rows = recall(retriever, qs, mode).values()  # type: ignore[arg-type]
            n = sum(r[3] for r in rows)
            r1, r3, r5 = (sum(r[i] for r in rows) / n for i in range(3))
            out[f"{name}/{mode}"] = {"r1": round(r1, 3), "r3": round(r3, 3), "r5": round(r5, 3)}
            print(f"{name:<12}{mode:<8}{r1:>8.1%}{r3:>8.1%}{r5:>8.1%}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("scale", "recall"))
    ap.add_argument("--corpus", type=int, default=1000)
    ap.add_argument("--synth", type=int, default=40)
    ap.add_argument("--limit", type=int, default=100, help="questions of each kind at most (latency)")
    ap.add_argument("--seconds", type=float, default=20, help="seconds of load per replica count")
    ap.add_argument("--work", type=Path, default=None, help="working folder (kept); default: a temporary one")
    ap.add_argument("--no-build", action="store_true", help="scale: measure the index and database a previous"
                    " run built in --work")
    ap.add_argument("--no-latency", action="store_true", help="scale: answers/s only")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    args.work = args.work or Path(tempfile.mkdtemp(prefix="bench-pg-"))
    args.work.mkdir(parents=True, exist_ok=True)
    os.chmod(args.work, 0o755)  # pgserver runs PostgreSQL as its own user when started by root
    out = scale(args) if args.what == "scale" else recall_bench(args)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
