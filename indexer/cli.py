"""The indexer command line: `facts`, `check` and `build` (see spec/interfaces.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from indexer.check import check_report, describe
from indexer.embed.encoder import BACKENDS
from indexer.model import Report
from indexer.pg import location_arg
from indexer.read import LoadError, NotAReport, find_reports, read_report


def _reports(files: list[str], failures: list[str]) -> Iterator[Report]:
    """Each readable report of the given files; a failure is printed on stderr and remembered."""
    for path in find_reports(files):
        try:
            yield read_report(path)
        except (LoadError, NotAReport) as exc:
            failures.append(str(exc))
            print(f"error: {exc}", file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
            failures.append(f"{path}: {exc}")
            print(f"error: {path}: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)


def cmd_facts(args: argparse.Namespace) -> int:
    """Print every figure of the given reports, one JSON object a line (or a table for people)."""
    failures: list[str] = []
    for rep in _reports(args.files, failures):
        if args.json:
            for fact in rep.fact_dicts():
                print(json.dumps(fact, ensure_ascii=False))
        else:
            print(f"# {rep.report}: {rep.body} {rep.year} template {rep.template}: {len(rep.facts)} figures")
            for f in rep.facts:
                unit = f" {f.unit}" if f.unit else ""
                low = f"  ({f.confidence} confidence)" if f.confidence != "high" else ""
                ocr = f"  (OCR score {f.ocr_score:.3f})" if f.ocr_score is not None else ""
                print(f"{f.table}.{f.row}.{f.column} = {f.value}{unit}  (line {f.line}){ocr}{low}")
            for note in rep.notes:
                print(f"note: {note}")
    return 1 if failures else 0


def cmd_check(args: argparse.Namespace) -> int:
    """Print the broken consistency rules of each report; breaks are findings, not errors."""
    failures: list[str] = []
    for rep in _reports(args.files, failures):
        findings = check_report(rep)
        if args.json:
            print(json.dumps({"report": rep.report, "body": rep.body, "year": rep.year,
                              "template": rep.template, "figures": len(rep.facts), "status": rep.read_status(),
                              "findings": [f.to_dict() for f in findings], "notes": rep.notes},
                             ensure_ascii=False))
            continue
        held = ", no broken rule among the cells read" if rep.cells_left_out else ", consistent"
        status = rep.read_status() + (held if not findings else f", {len(findings)} broken rule(s)")
        print(f"{rep.report}: {rep.body} {rep.year} template {rep.template}: "
              f"{len(rep.facts)} figures, {status}")
        for f in findings:
            print(f"  {describe(f.to_dict(), rep.template)}")
        for note in rep.notes:
            print(f"  note: {note}")
    return 1 if failures else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build or update the index folder from report files; bad reports are listed at the end."""
    from indexer.build import BuildError, build_index
    from indexer.embed.encoder import ModelNotFoundError
    from indexer.pg import INDEX_URL_ENV, default_location, is_url

    progress = False if args.quiet else (True if args.progress else None)
    index = args.index if args.index is not None else default_location()
    if index is None:
        print(f"error: give --index DIR (or a postgresql:// URL), or set ${INDEX_URL_ENV}", file=sys.stderr)
        return 2
    try:
        if is_url(index):
            from indexer.pg.build import build_pg

            result = build_pg(args.files, str(index), model=args.model, progress=progress, dtype=args.dtype,
                              vectors_from=args.vectors_from)
        else:
            result = build_index(args.files, index, model=args.model, progress=progress, dtype=args.dtype,
                                 backend=args.backend)
    except (BuildError, ModelNotFoundError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    head, *rest = result.summary().split("\n")
    print(head)
    for line in rest:
        print(line, file=sys.stderr)
    return 1 if args.strict and result.failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("facts", help="print the table figures of reports")
    p.add_argument("files", nargs="+", help="report files or folders")
    p.add_argument("--json", action="store_true", help="one JSON object per figure")
    p.set_defaults(func=cmd_facts)
    p = sub.add_parser("check", help="run the consistency rules on reports")
    p.add_argument("files", nargs="+", help="report files or folders")
    p.add_argument("--json", action="store_true", help="one JSON object per report")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="build or update the search index (facts, passages, vectors, BM25)")
    p.add_argument("files", nargs="+", help="report files or folders")
    p.add_argument("--index", type=location_arg, default=None,
                   help="the index folder to write (replaced atomically), or a postgresql:// URL "
                        "(default: $GOVQA_INDEX_URL)")
    p.add_argument("--model", default=None,
                   help="sentence-transformers model name or path (default: models/multilingual-e5-small)")
    p.add_argument("--dtype", default="auto", choices=("auto", "float32", "bfloat16"),
                   help="torch model dtype for embedding passages (auto: bfloat16 where the CPU has it natively)")
    p.add_argument("--backend", default=None, choices=BACKENDS,
                   help="what runs the model: torch, or ONNX Runtime float32 / int8 (default: $GOVQA_BACKEND, else "
                        "the previous index's, else onnx-int8 where `make model` exported it, else torch)")
    p.add_argument("--vectors-from", type=Path, default=None, metavar="DIR",
                   help="PostgreSQL builds: take passage vectors from this folder index (same model) instead of "
                        "embedding them again")
    p.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--strict", action="store_true", help="exit 1 when any report could not be indexed")
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
