"""Real PDF reports scanned: each page rendered (pdfium, fonts embedded) at 150 and 300 dpi, turned 0.5-1°,
noisy, into an image-only PDF, read back through the OCR path; its facts compared with the facts the same report's
text layer gives: cells exact / wrong / missing, extra figures, and wrong figures that would be answered (high
confidence; the answering side refuses the rest).

    PYTHONPATH=. python bench/scan_real.py [PDF ...] [--dpi 150 300]      # GOVQA_OCR_THREADS=2 (the default)

Default PDFs: ../shared/corpus/real/003, 004 and 005 (淮安市, 洪泽区 ×2).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2 as pdfium  # noqa: E402

from indexer.read import read_report  # noqa: E402
from tests.synth.scan import scan_rendered  # noqa: E402

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
DEFAULT = ["003_huaian_city_2024.pdf", "004_huaian_hongze_district_2023.pdf", "005_huaian_hongze_district_2024.pdf"]


def measure(pdf: Path, dpi: int, folder: Path) -> dict:
    """Scan one PDF at dpi, read it back, and compare its facts with the text layer's."""
    truth = {f.key(): f.value for f in read_report(pdf).facts}
    path = folder / f"{pdf.stem}-scan{dpi}.pdf"
    path.write_bytes(scan_rendered(pdf.read_bytes(), dpi, seed=len(pdf.name)))
    start = time.perf_counter()
    rep = read_report(path)
    seconds = time.perf_counter() - start
    got = {f.key(): f for f in rep.facts}
    exact = [k for k, v in truth.items() if k in got and got[k].value == v]
    wrong = [k for k, v in truth.items() if k in got and got[k].value != v]
    extra = [k for k in got if k not in truth]
    answered = [k for k in wrong + extra if got[k].confidence == "high"]
    return {"report": pdf.name, "dpi": dpi, "pages": len(pdfium.PdfDocument(path)),
            "seconds": seconds, "cells": len(truth), "exact": len(exact), "wrong": len(wrong), "extra": len(extra),
            "missing": len(truth) - len(exact) - len(wrong), "answered_wrong": len(answered),
            "low": sum(got[k].confidence != "high" for k in exact), "body": rep.body, "year": rep.year,
            "detail": [(k, truth.get(k), got[k].value, got[k].confidence) for k in wrong + extra]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", type=Path, default=[REAL / n for n in DEFAULT])
    ap.add_argument("--dpi", type=int, nargs="+", default=[150, 300])
    args = ap.parse_args()
    print(f"OCR threads {os.environ.get('GOVQA_OCR_THREADS', '2')}, load average at start "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    print("| report | dpi | cells (text layer) | exact | wrong | missing | extra | wrong answered | exact but low "
          "| body, year | pages | seconds |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            for pdf in args.pdfs:
                r = measure(pdf, dpi, Path(tmp))
                print(f"| {r['report']} | {dpi} | {r['cells']} | {r['exact']} | {r['wrong']} | {r['missing']} | "
                      f"{r['extra']} | {r['answered_wrong']} | {r['low']} | {r['body']}, {r['year']} | "
                      f"{r['pages']} | {r['seconds']:.0f} |", flush=True)
                for d in r["detail"]:
                    print(f"    {'/'.join(d[0])}: text layer {d[1]}, OCR {d[2]} ({d[3]})", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
