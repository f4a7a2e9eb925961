"""Index build throughput and size over generated reports: reports/s, passages/s, index bytes per report.

    python bench/build.py [--count 1000] [--layouts tabs,markdown,...] [--index DIR] [--ann]
    python bench/build.py --corpus --count 1000 --index DIR     # corpus(N) of the QA benches, every layout
    python bench/build.py --ann-index DIR [--factors 1,12,60]   # the --ann comparison on an existing index
    python bench/build.py --corpus --count 100 --backends torch,onnx,onnx-int8 [--rounds 2]   # side by side

Embedding dominates a build; the figure is for this machine's CPU cores (torch uses all of them). Parsing
alone (read_report of every file, one core) is timed first; peak memory is the process's maximum resident set
(ru_maxrss), model included. A second, unchanged build shows the incremental path (no embedding). --ann
compares exact (flat), HNSW and IVF-PQ search on the built vectors: latency per query and recall@10 against the
exact answer (ties counted), also with the vectors tiled to 10x and 50x the count (plus noise: cosine ~0.95 to
the original, as passages of reports written on one template are), to place vectors.HNSW_THRESHOLD.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.build import build_index  # noqa: E402
from indexer.manifest import read_manifest  # noqa: E402
from indexer.read import find_reports, read_report  # noqa: E402
from indexer.vectors import HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M, read_vectors, vector_matrix  # noqa: E402
from tests.synth import generate, write  # noqa: E402
from tests.synth.questions import corpus  # noqa: E402

IVFPQ_NPROBE = 32
TEXT_LAYOUTS = ("tabs", "cell_per_line", "pdf_text", "narrow", "markdown", "page_breaks")


def folder_bytes(folder: Path) -> dict[str, int]:
    """Bytes of each top-level entry of the index folder."""
    out = {}
    for entry in sorted(folder.iterdir()):
        files = [entry] if entry.is_file() else [f for f in entry.rglob("*") if f.is_file()]
        out[entry.name] = sum(f.stat().st_size for f in files)
    return out


def hnsw(x: np.ndarray):
    """An HNSW index of x with the builder's settings."""
    import faiss

    index = faiss.IndexHNSWFlat(x.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(x)
    index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def ivfpq(x: np.ndarray, nprobe: int = IVFPQ_NPROBE):
    """An IVF-PQ index of x (nlist ~4 sqrt(n), at least 39 training points a list; 48 sub-quantizers of 8 bits)."""
    import faiss

    nlist = max(1, min(int(4 * np.sqrt(len(x))), len(x) // 39))
    index = faiss.IndexIVFPQ(faiss.IndexFlatIP(x.shape[1]), x.shape[1], nlist, 48, 8, faiss.METRIC_INNER_PRODUCT)
    index.train(x)
    index.add(x)
    index.nprobe = min(nprobe, nlist)
    return index


def ann(matrix: np.ndarray, queries: int = 200, factors: tuple[int, ...] = (1, 10, 50)) -> None:
    """Flat vs HNSW vs IVF-PQ latency (one query at a time) and recall@10, at 1x, 10x and 50x the vectors."""
    import faiss

    rng = np.random.default_rng(0)
    for factor in factors:
        x = np.concatenate([matrix] + [matrix + 0.015 * rng.standard_normal(matrix.shape).astype(np.float32)
                                       for _ in range(factor - 1)]).astype(np.float32)
        faiss.normalize_L2(x)
        q = x[rng.choice(len(x), queries, replace=False)] + 0.015 * rng.standard_normal((queries, x.shape[1]))
        q = q.astype(np.float32)
        faiss.normalize_L2(q)
        flat = faiss.IndexFlatIP(x.shape[1])
        flat.add(x)
        t = time.perf_counter()
        truth = [flat.search(q[i:i + 1], 10)[0][0] for i in range(queries)]
        flat_ms = (time.perf_counter() - t) / queries * 1000
        line = f"{len(x):>9} vectors: flat {flat_ms:6.2f} ms/query"
        for name, make in (("HNSW", hnsw), ("IVF-PQ", ivfpq)):
            t = time.perf_counter()
            index = make(x)
            build_s = time.perf_counter() - t
            t = time.perf_counter()
            found = [index.search(q[i:i + 1], 10)[1][0] for i in range(queries)]
            ms = (time.perf_counter() - t) / queries * 1000
            # a result counts when its exact score is as high as the exact 10th (tiled copies make near-ties)
            recall = np.mean([np.sum(x[ids[ids >= 0]] @ q[i] >= best[-1] - 1e-4) / 10
                              for i, (ids, best) in enumerate(zip(found, truth, strict=True))])
            line += f"; {name} {ms:5.2f} ms/query, recall@10 {recall:.3f}, built in {build_s:.0f}s"
        print(line + f" (HNSW M={HNSW_M} ef={HNSW_EF_SEARCH}; IVF-PQ nprobe={IVFPQ_NPROBE})", flush=True)


def compare_backends(reports: Path, work: Path, backends: list[str], rounds: int) -> None:
    """Build the same reports once per backend and round (the order turned each round); passages embedded/s."""
    from indexer.build import embed_dtype

    rates: dict[str, list[float]] = {b: [] for b in backends}
    for r in range(rounds):
        for backend in backends[r % len(backends):] + backends[: r % len(backends)]:
            index = work / f"index-{backend}-{r}"
            start = time.perf_counter()
            result = build_index([reports], index, backend=backend)
            took = time.perf_counter() - start
            rates[backend].append(result.embedded / took)
            print(f"round {r + 1} {backend:10s}: {result.reports} reports, {result.embedded} passages embedded in "
                  f"{took:.0f}s = {result.reports / took:.2f} reports/s, {result.embedded / took:.1f} passages/s "
                  f"(model load included; load average {os.getloadavg()[0]:.1f})", flush=True)
            shutil.rmtree(index)
    base = max(rates[backends[0]])
    print(f"best of {rounds} (torch dtype {embed_dtype()}): " + "; ".join(
        f"{b} {max(v):.1f} passages/s ({max(v) / base:.2f}x {backends[0]})" for b, v in rates.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1000, help="generated reports")
    ap.add_argument("--layouts", default=",".join(TEXT_LAYOUTS))
    ap.add_argument("--index", help="index folder (default: a temporary one)")
    ap.add_argument("--corpus", action="store_true", help="corpus(--count) of tests/synth/questions.py instead")
    ap.add_argument("--ann", action="store_true", help="compare flat and HNSW search on the built vectors")
    ap.add_argument("--ann-index", type=Path, help="run only the --ann comparison on this index's vectors")
    ap.add_argument("--factors", default="1,10,50", help="tile the vectors to these multiples (--ann)")
    ap.add_argument("--backend", default=None, help="embedding backend (default: the build's default)")
    ap.add_argument("--backends", default="", help="comma-separated backends to build with in turn (compare)")
    ap.add_argument("--rounds", type=int, default=2, help="rounds of --backends")
    args = ap.parse_args()
    factors = tuple(int(f) for f in args.factors.split(","))
    if args.ann_index:
        ann(vector_matrix(read_vectors(args.ann_index)), factors=factors)
        return
    layouts = args.layouts.split(",")
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    reports = work / "reports"
    if args.corpus:
        corpus(args.count, reports)
    else:
        for seed in range(args.count):
            write(generate(seed, layout=layouts[seed % len(layouts)]), reports)
    files = find_reports([reports])
    start = time.perf_counter()
    for path in files:
        read_report(path)
    took = time.perf_counter() - start
    print(f"parse only: {len(files)} reports in {took:.1f}s = {len(files) / took:.0f} reports/s (one core)")
    if args.backends:
        compare_backends(reports, work, args.backends.split(","), args.rounds)
        return
    index = Path(args.index) if args.index else work / "index"
    start = time.perf_counter()
    result = build_index([reports], index, backend=args.backend)
    took = time.perf_counter() - start
    sizes = folder_bytes(index)
    total = sum(sizes.values())
    print(result.summary())
    print(f"embedding backend: {read_manifest(index)['model'].get('backend')}")
    print(f"build: {result.reports} reports, {result.passages} passages in {took:.0f}s = "
          f"{result.reports / took:.2f} reports/s, {result.embedded / took:.1f} passages embedded/s "
          f"(model load included)")
    print(f"index: {total / 1e6:.1f} MB = {total / max(result.reports, 1) / 1e3:.1f} kB/report ("
          + ", ".join(f"{k} {v / max(result.reports, 1) / 1e3:.1f}" for k, v in sizes.items()) + " kB/report)")
    start = time.perf_counter()
    again = build_index([reports], index, backend=args.backend)
    took = time.perf_counter() - start
    print(f"unchanged rebuild: {took:.1f}s = {again.reports / took:.0f} reports/s ({again.embedded} embedded)")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB resident")
    if args.ann:
        ann(vector_matrix(read_vectors(index)), factors=factors)


if __name__ == "__main__":
    main()
