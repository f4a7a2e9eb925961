"""The app command line: `ask` (one question, or one a line from stdin) and `serve` (the web app)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from app.query import Kind
from indexer.pg import default_location, location_arg

DEFAULT_INDEX = default_location("index")  # $GOVQA_INDEX_URL (a postgresql:// URL) where set
TODAY_ENV = "GOVQA_TODAY"
BACKEND_HELP = ("the query encoder's backend, torch, onnx or onnx-int8 (default: $GOVQA_BACKEND, else the one that "
                "built the index); an index embedded with another is refused")


def render(result: dict) -> str:
    """An answer for people: its text, then its citations (facts, passages)."""
    out = [result.get("answer", "")]
    cite = result.get("citation")
    if cite:
        out.append(f"  [{cite['report']}:{cite['line']}] {cite.get('line_text', '')}")
    elif result.get("facts") and result.get("kind") != Kind.PASSAGE:
        for f in result["facts"][:5]:
            out.append(f"  [{f['report']}:{f['line']}] {f['table']}.{f['row']}.{f['column']} = {f['value']}")
    for i, p in enumerate(result.get("passages") or [], 1):
        if result.get("citation"):
            break
        text = " ".join(str(p.get("text", "")).split())
        out.append(f"  [{i}] {p.get('report')}:{p.get('line')} ({p.get('score', 0):.2f}) {text[:160]}")
    for c in result.get("choices") or []:
        out.append(f"  → {c.get('label')}: {c.get('question')}")
    return "\n".join(out)


def use_backend(args: argparse.Namespace) -> str | None:
    """Set $GOVQA_BACKEND from --backend (the query encoder's); the error when the index was embedded otherwise."""
    from indexer.embed.encoder import BACKEND_ENV
    from indexer.manifest import MANIFEST, IndexUnusable, check_backend, read_manifest

    if args.backend:
        os.environ[BACKEND_ENV] = args.backend
    backend = os.environ.get(BACKEND_ENV)
    if not backend or not (Path(args.index) / MANIFEST).is_file():
        return None
    try:
        check_backend(read_manifest(args.index), args.index, backend)
    except IndexUnusable as exc:
        return str(exc)
    return None


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or each line of standard input, loading the index once."""
    from app.engine import QA, IndexNotFound
    from app.reply import error_reply
    from indexer.manifest import IndexMismatch, IndexUnusable

    if error := use_backend(args):
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        qa = QA(args.index, today=args.today)
    except (IndexNotFound, IndexMismatch, IndexUnusable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    questions = [args.question] if args.question else (line.strip() for line in sys.stdin)
    state = None
    for q in questions:
        if not q:
            continue
        try:
            res = qa.ask(q, state if args.follow else None)
        except Exception as exc:  # noqa: BLE001 - one bad question never stops a batch
            res = error_reply(exc)
        state = res.get("state")
        if args.json:
            print(json.dumps(res, ensure_ascii=False), flush=True)
        else:
            print(render(res) + "\n", flush=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the web app (app.web)."""
    if error := use_backend(args):
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        from app.web import serve
    except ImportError as exc:
        print(f"error: the web app is not available ({exc})", file=sys.stderr)
        return 2
    if args.today:
        os.environ[TODAY_ENV] = args.today.isoformat()  # the engine reads it (app.understand.years.today_setting)
    serve(args.index, host=args.host, port=args.port)
    return 0


def parse_day(text: str) -> dt.date:
    """--today's value: an ISO date (YYYY-MM-DD)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def build_parser() -> argparse.ArgumentParser:
    from indexer.embed.encoder import BACKENDS

    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ask", help="answer a question (or one per line of standard input)")
    p.add_argument("question", nargs="?", help="the question; without it, read questions from stdin")
    p.add_argument("--index", type=location_arg, default=DEFAULT_INDEX,
                   help="index folder or postgresql:// URL (default: $GOVQA_INDEX_URL, else index/)")
    p.add_argument("--json", action="store_true", help="one JSON object per answer")
    p.add_argument("--follow", action="store_true", help="stdin questions form one conversation (follow-ups)")
    p.add_argument("--today", type=parse_day, default=None, metavar="YYYY-MM-DD",
                   help="the date relative years (今年, 去年, last year) count from (default: the real date)")
    p.add_argument("--backend", default=None, choices=BACKENDS, help=BACKEND_HELP)
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("serve", help="start the web app")
    p.add_argument("--index", type=location_arg, default=DEFAULT_INDEX,
                   help="index folder or postgresql:// URL (default: $GOVQA_INDEX_URL, else index/)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--today", type=parse_day, default=None, metavar="YYYY-MM-DD",
                   help=f"the date relative years count from (default: ${TODAY_ENV}, else the real date)")
    p.add_argument("--backend", default=None, choices=BACKENDS, help=BACKEND_HELP)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # `app ask … | head`: the reader left; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
