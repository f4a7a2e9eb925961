"""Cells read exactly, wrong or missing against a folder's own truth: the parser judged on reports it was not
written against.

    python bench/truth.py [FOLDER ...] [--show N]

A folder holds report files, `truth.tsv` (report, table, row, column, value, unit: one line per printed,
non-blank cell, canonical ids) and `meta.tsv` (report, body, year, template, layout; body and year as printed
in the title). Default folder: bench/blind_layouts (28 reports in layouts of other portals, see its NOTES.md).

Per report: cells exact (value and unit), wrong (read with another value or unit), missing (not read),
extra (a non-zero figure read where the truth has no printed cell), and whether the title's body and year
were found; then the totals. --show N lists up to N wrong and extra cells per report.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.read import read_report  # noqa: E402

DEFAULT = Path(__file__).resolve().parent / "blind_layouts"
Key = tuple[str, str, str]


@dataclass
class Score:
    """One report against its truth."""

    report: str
    layout: str
    cells: int
    exact: int = 0
    wrong: list[tuple[Key, str, str]] = field(default_factory=list)  # key, truth, read
    missing: int = 0
    extra: list[tuple[Key, str]] = field(default_factory=list)
    body: bool = False
    year: bool = False
    status: str = ""


def load_truth(folder: Path) -> dict[str, dict[Key, tuple[float, str | None]]]:
    """report -> (table, row, column) -> (value, unit or None) from the folder's truth.tsv."""
    out: dict[str, dict[Key, tuple[float, str | None]]] = defaultdict(dict)
    for line in (folder / "truth.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        report, table, row, column, value, unit = line.split("\t")
        out[report][(table, row, column)] = (float(value), unit or None)
    return dict(out)


def load_meta(folder: Path) -> dict[str, dict[str, str]]:
    """report -> its meta.tsv fields by column name (body, year, template, layout)."""
    head, *rows = (folder / "meta.tsv").read_text(encoding="utf-8").splitlines()
    names = head.split("\t")
    return {r.split("\t")[0]: dict(zip(names, r.split("\t"), strict=True)) for r in rows}


def _shown(value: float, unit: str | None) -> str:
    return f"{value:g}{unit or ''}"


def score_report(path: Path, truth: dict[Key, tuple[float, str | None]], meta: dict[str, str]) -> Score:
    """Read one report and compare its facts, body and year with the truth."""
    score = Score(path.name, meta.get("layout", ""), len(truth))
    try:
        rep = read_report(path)
    except Exception as exc:  # a report that cannot be read at all: every cell missing
        score.missing, score.status = len(truth), f"error: {exc}"
        return score
    got = {f.key(): (float(f.value), f.unit) for f in rep.facts}
    for key, (value, unit) in truth.items():
        if key not in got:
            score.missing += 1
        elif abs(got[key][0] - value) < 1e-6 and got[key][1] == unit:
            score.exact += 1
        else:
            score.wrong.append((key, _shown(value, unit), _shown(*got[key])))
    score.extra = [(k, _shown(*v)) for k, v in got.items() if k not in truth and v[0] != 0]
    score.body = rep.body == meta.get("body")
    score.year = str(rep.year) == meta.get("year")
    score.status = rep.read_status()
    return score


def score_folder(folder: Path) -> list[Score]:
    """Every report of the folder's truth, scored."""
    truth, meta = load_truth(folder), load_meta(folder)
    return [score_report(folder / name, truth[name], meta.get(name, {})) for name in sorted(truth)]


def _mark(ok: bool) -> str:
    return "yes" if ok else "**no**"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--show", type=int, default=5, help="wrong and extra cells listed per report")
    args = ap.parse_args()
    for folder in args.folders:
        start = time.perf_counter()
        scores = score_folder(folder)
        seconds = time.perf_counter() - start
        print(f"## {folder}\n")
        print("| report | layout | cells | exact | wrong | missing | extra | body | year | status |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for s in scores:
            print(f"| {s.report} | {s.layout} | {s.cells} | {s.exact} | {len(s.wrong)} | {s.missing} | "
                  f"{len(s.extra)} | {_mark(s.body)} | {_mark(s.year)} | {s.status} |")
        cells = sum(s.cells for s in scores)
        exact = sum(s.exact for s in scores)
        print(f"\n{exact} of {cells} cells exact ({100 * exact / max(cells, 1):.1f}%), "
              f"{sum(len(s.wrong) for s in scores)} wrong, {sum(s.missing for s in scores)} missing, "
              f"{sum(len(s.extra) for s in scores)} extra; body found in {sum(s.body for s in scores)} "
              f"and year in {sum(s.year for s in scores)} of {len(scores)} reports; {seconds:.1f} s\n")
        for s in scores:
            for key, want, read in s.wrong[: args.show]:
                print(f"WRONG {s.report} {'/'.join(key)}: printed {want}, read {read}")
            for key, read in s.extra[: args.show]:
                print(f"EXTRA {s.report} {'/'.join(key)}: read {read}, no such printed cell")


if __name__ == "__main__":
    main()
