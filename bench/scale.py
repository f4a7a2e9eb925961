"""Query latency and memory at scale, and start-up of the web app.

    python bench/scale.py --index DIR --corpus N [--json FILE]   # p50/p95 per kind over an index of corpus(N)
    python bench/scale.py --serve DIR [--port 7861]              # `python -m app serve`: seconds to /health, RSS
    python bench/scale.py --build-stand-in DIR --corpus 10000    # an index of corpus(N) for latency only

Embedding 76,000 passages (10,000 reports) takes ~1 h on 2 cores (22 passages/s), so --build-stand-in
builds corpus(N) for real (parse, facts, passages, BM25, FAISS) with one change: each passage vector is a
pseudo-random unit vector seeded by its text instead of the model's. The model is still loaded (dim, prefixes,
manifest) and questions are still embedded by it, so every step of a passage question costs what it would:
latency is measured, passage recall is not (it is measured at 1,000 reports with real vectors).
Latency is QA.ask in-process, one question at a time, after one warm-up question of each kind.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.synth.questions import Question, corpus, passage_questions, questions  # noqa: E402

KINDS = {"figure": ("fact_zh", "fact_en"), "aggregate": ("aggregate", "rank", "compare", "trend"),
         "absent": ("absent",), "passage": ("passage_zh", "passage_en")}


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process in MB (VmRSS), children not counted."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def latency(index: Path, qs: list[Question], limit: int = 300) -> dict:
    """p50/p95 milliseconds per kind of question, the open time and the process's RSS after."""
    from app.engine import QA

    start = time.perf_counter()
    qa = QA(index)
    out: dict = {"open_s": round(time.perf_counter() - start, 2)}
    for name, kinds in KINDS.items():
        group = [q for q in qs if q.kind in kinds][:limit]
        if not group:
            continue
        qa.ask(group[0].q)
        ms = []
        for q in group:
            t = time.perf_counter()
            qa.ask(q.q)
            ms.append((time.perf_counter() - t) * 1000)
        ms.sort()
        out[name] = {"n": len(ms), "p50_ms": round(statistics.median(ms), 1),
                     "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1)}
        print(f"{name:<10} n={len(ms):<4} p50 {out[name]['p50_ms']:>7.1f} ms   p95 {out[name]['p95_ms']:>7.1f} ms",
              flush=True)
    out["rss_mb"] = round(rss_mb(), 0)
    print(f"open {out['open_s']} s; RSS after the questions {out['rss_mb']:.0f} MB; query encoder: "
          f"{qa.retriever.real.encoder.backend if qa.retriever.available else 'none'}; "
          f"load average {os.getloadavg()[0]:.1f}")
    return out


def build_stand_in(index: Path, n: int, backend: str | None = None) -> dict:
    """Build corpus(n) into index with stand-in passage vectors (see the module's docstring)."""
    import tempfile

    from bench.standin import StandIn
    from indexer.build import build_index
    from indexer.embed.encoder import default_backend

    folder = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    start = time.perf_counter()
    corpus(n, folder)
    written = time.perf_counter() - start
    start = time.perf_counter()
    result = build_index([folder], index, model=StandIn(backend=backend or default_backend()), progress=False)
    took = time.perf_counter() - start
    out = {"reports": result.reports, "passages": result.passages, "generate_s": round(written, 1),
           "build_s": round(took, 1), "reports_per_s_without_embedding": round(result.reports / took, 1)}
    print(f"stand-in index of {n} reports: {out}", flush=True)
    return out


def serve(index: Path, port: int, timeout: float = 300) -> dict:
    """Start `python -m app serve`, time it until /health answers 200, read its RSS, stop it."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--index", str(index), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    if r.status == 200:
                        health = json.loads(r.read())
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise TimeoutError(f"/health did not answer in {timeout}s")
        up = time.perf_counter() - start
        time.sleep(2)
        out = {"startup_s": round(up, 1), "rss_mb": round(rss_mb(proc.pid), 0), "health": health}
        print(f"serve {index}: /health answered after {up:.1f}s; RSS {out['rss_mb']:.0f} MB; {health}")
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, help="an index of corpus(--corpus)")
    ap.add_argument("--corpus", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=300, help="questions of each kind at most")
    ap.add_argument("--serve", type=Path, help="time `python -m app serve` on this index")
    ap.add_argument("--port", type=int, default=7861)
    ap.add_argument("--build-stand-in", type=Path, metavar="DIR", help="build corpus(--corpus) into DIR first")
    ap.add_argument("--backend", default=None, help="embedding backend of the stand-in index (default: the build's)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    out: dict = {}
    if args.build_stand_in:
        out["build"] = build_stand_in(args.build_stand_in, args.corpus, args.backend)
    if args.index:
        reports = corpus(args.corpus)
        qs = questions(reports, per_report=1)
        if (args.index / "vectors.faiss").exists():
            qs += passage_questions(reports, limit=args.limit)
        out["latency"] = latency(args.index, qs, args.limit)
    if args.serve:
        out["serve"] = serve(args.serve, args.port)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
