"""OCR of scanned reports: synthetic PDF reports drawn as image-only scans (turned 0.5-1°, noisy) at 150 and 300
dpi, read back by the indexer; cells exact / wrong / missing against the printed figures, wrong figures that
would be answered (high confidence), and OCR speed in pages/s.

    PYTHONPATH=. python bench/ocr.py --reports 4 --dpi 150 300        # GOVQA_OCR_THREADS=2 (the default)
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pdfplumber  # noqa: E402

from indexer.read import read_report  # noqa: E402
from tests.synth import generate  # noqa: E402
from tests.synth.scan import scan_pdf  # noqa: E402


def measure(seed: int, dpi: int, folder: Path) -> dict:
    """Scan one synthetic report at dpi, read it back and count its cells."""
    rep = generate(seed, "pdf")
    path = folder / f"scan-{seed:04d}-{dpi}.pdf"
    path.write_bytes(scan_pdf(rep.data, dpi, seed=seed))
    with pdfplumber.open(io.BytesIO(rep.data)) as pdf:
        pages = len(pdf.pages)
    start = time.perf_counter()
    report = read_report(path)
    seconds = time.perf_counter() - start
    got = {f.key(): f for f in report.facts}
    exact = [k for k, (v, _) in rep.expected.items() if k in got and got[k].value == v]
    wrong = [k for k, (v, _) in rep.expected.items() if k in got and got[k].value != v]
    extra = [k for k in got if k not in rep.expected]
    answered_wrong = [k for k in wrong + extra if got[k].confidence == "high"]
    return {"seed": seed, "template": rep.template, "pages": pages, "seconds": seconds, "cells": len(rep.expected),
            "exact": len(exact), "wrong": len(wrong) + len(extra), "missing": len(rep.expected) - len(exact) -
            len(wrong), "answered_wrong": len(answered_wrong), "low": sum(got[k].confidence != "high" for k in exact),
            "detail": [(k, rep.expected.get(k, (None,))[0], got[k].value, got[k].confidence) for k in wrong + extra]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=4, help="synthetic reports per resolution")
    ap.add_argument("--first-seed", type=int, default=500)
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    args = ap.parse_args()
    print(f"OCR threads {os.environ.get('GOVQA_OCR_THREADS', '2')}, load average at start "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| dpi | reports | pages | cells | exact | wrong | missing | wrong answered | exact but low confidence "
          "| pages/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            rows = []
            for seed in range(args.first_seed, args.first_seed + args.reports):
                row = measure(seed, dpi, Path(tmp))
                rows.append(row)
                print(f"  seed {seed} {row['template']} {dpi} dpi: {row['exact']}/{row['cells']} exact, "
                      f"{row['wrong']} wrong, {row['missing']} missing, {row['low']} low, "
                      f"{row['pages']} pages in {row['seconds']:.0f} s {row['detail'] or ''}", file=sys.stderr)
            total = {k: sum(r[k] for r in rows) for k in ("pages", "seconds", "cells", "exact", "wrong", "missing",
                                                          "answered_wrong", "low")}
            print(f"| {dpi} | {len(rows)} | {total['pages']} | {total['cells']} | {total['exact']} "
                  f"({100 * total['exact'] / max(total['cells'], 1):.1f}%) | {total['wrong']} | {total['missing']} | "
                  f"{total['answered_wrong']} | {total['low']} | {total['pages'] / total['seconds']:.3f} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
