"""Cells read per real report of ../shared/corpus/real, beside the cells it prints (counted by hand).

    python bench/real.py [--corpus ../shared/corpus/real]

Prints a markdown table: report, template, cells read (medium confidence among them), cells printed, the
parse status, and the report's consistency findings. `bench/real_printed.tsv` holds the printed counts a
person made by reading the reports' tables (blank cells not counted).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.check import check_report  # noqa: E402
from indexer.read import find_reports, read_report  # noqa: E402

HERE = Path(__file__).resolve().parent


def printed_counts() -> dict[str, tuple[str, str]]:
    """report -> (cells printed, how counted) from real_printed.tsv."""
    out = {}
    for line in (HERE / "real_printed.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            name, count, how = line.split("\t")
            out[name] = (count, how)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", default=str(HERE.parents[1] / "shared" / "corpus" / "real"))
    args = ap.parse_args()
    printed = printed_counts()
    print("| report | template | cells read (medium) | cells printed | status | findings |")
    print("|---|---|---|---|---|---|")
    total_read = total_printed = 0
    start = time.perf_counter()
    paths = [p for p in find_reports([args.corpus]) if p.name != "README.md"]
    for path in paths:
        rep = read_report(path)
        medium = sum(1 for f in rep.facts if f.confidence == "medium")
        count, how = printed.get(path.name, ("?", ""))
        if count.isdigit():
            total_read += len(rep.facts)
            total_printed += int(count)
        print(f"| {path.name} | {rep.template} | {len(rep.facts)} ({medium}) | {count}{how} | "
              f"{rep.read_status()} | {len(check_report(rep))} |")
    print(f"\n{total_read} of {total_printed} printed cells read over the reports with a count; "
          f"{len(paths)} reports in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
