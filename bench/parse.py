"""Parser throughput and exactness over generated reports: reports/s per layout, and exact matches.

    python bench/parse.py [--count 300] [--layouts tabs,pdf_text,...] [--jobs 2]

With --jobs N the text layouts are also parsed by N processes at once (as a build on N cores could), for the
reports/s of the whole machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.read import read_report  # noqa: E402
from tests.synth import LAYOUTS, generate, write  # noqa: E402

TEXT_LAYOUTS = ("tabs", "cell_per_line", "pdf_text", "narrow", "markdown", "page_breaks")


def facts_of(path: Path) -> int:
    """Parse one file in a worker; only the count of its facts comes back."""
    return len(read_report(path).facts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=300, help="reports per layout")
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    ap.add_argument("--jobs", type=int, default=0, help="also parse the text layouts with this many processes")
    args = ap.parse_args()
    layouts = args.layouts.split(",")
    folder = Path(tempfile.mkdtemp(prefix="bench-parse-"))
    files: dict[str, list[tuple[Path, object]]] = defaultdict(list)
    for layout in layouts:
        for seed in range(args.count):
            rep = generate(seed, layout=layout)
            files[layout].append((write(rep, folder), rep))
    print(f"{'layout':<14}{'reports':>8}{'exact':>8}{'reports/s':>12}")
    text_n, text_s = 0, 0.0
    for layout in layouts:
        exact = 0
        start = time.perf_counter()
        parsed = [(read_report(path), rep) for path, rep in files[layout]]
        took = time.perf_counter() - start
        for got, rep in parsed:
            facts = {f.key(): (f.value, f.unit) for f in got.facts}
            meta = (got.body, got.year, got.template) == (rep.body, rep.year, rep.template)
            exact += facts == rep.expected and meta
        n = len(parsed)
        if layout in TEXT_LAYOUTS:
            text_n, text_s = text_n + n, text_s + took
        print(f"{layout:<14}{n:>8}{exact:>8}{n / took:>12.1f}")
    if text_n:
        print(f"text layouts: {text_n / text_s:.1f} reports/s on one core")
    if args.jobs and text_n:
        paths = [path for layout in layouts if layout in TEXT_LAYOUTS for path, _ in files[layout]]
        with multiprocessing.Pool(args.jobs) as pool:
            pool.map(facts_of, paths[: args.jobs])  # imports done before the clock starts
            start = time.perf_counter()
            pool.map(facts_of, paths, chunksize=16)
            took = time.perf_counter() - start
        print(f"text layouts: {len(paths) / took:.1f} reports/s with {args.jobs} processes")


if __name__ == "__main__":
    main()
