"""Question answering: accuracy per kind and wrong values on the seed questions and a generated question set,
and latency (p50/p95) of figure and passage questions on a large index.

    python bench/qa.py [--count 300] [--seed-index DIR] [--synth-index DIR] [--latency-index DIR] [--store-only]

Seed questions (../shared/eval/seed_questions.jsonl) are asked through `python -m app ask --index DIR --json`
with the questions on standard input, as the eval README says. Generated questions (tests/synth/questions.py)
are asked in-process through QA.ask, follow-ups with the previous answer's state. A WRONG value is a value that
differs from the expected one (or any value where none is expected); it must stay 0.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.engine import QA  # noqa: E402
from tests.synth.questions import Question, corpus, passage_questions, questions  # noqa: E402

SEEDS = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
REPORTS = ROOT / "reports"
_ABSENT_WORDS = ("没有", "not in the indexed", "There is no", "is not in", "no report")


def same(a: object, b: object) -> bool:
    """Two figures are the same number."""
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-6 * max(1.0, abs(float(b)))


def score(kind: str, res: dict, value: object = None, expect: str | None = None,
          table: dict | None = None) -> str:
    """'ok', 'miss' (no value or text where one was due) or 'wrong' (a value that is not the expected one)."""
    got = res.get("value")
    if kind.startswith(("fact", "followup", "typo", "aggregate")):
        if value is None:
            return "ok" if got is None else "wrong"
        if got is None:
            return "miss"
        return "ok" if same(got, value) else "wrong"
    if kind in ("absent", "ambiguous", "unclear"):
        if got is not None:
            return "wrong"
        if kind == "absent":
            return "ok" if any(w in res.get("answer", "") for w in _ABSENT_WORDS) else "miss"
        return "ok" if res.get("choices") or res.get("kind") in ("ambiguous", "unclear") else "miss"
    if kind == "rank":
        return "ok" if expect and expect in res.get("answer", "") else "miss"
    if kind.startswith("passage"):
        texts = [res.get("answer", "")] + [p.get("text", "") for p in (res.get("passages") or [])[:3]]
        return "ok" if expect and any(expect in t for t in texts) else "miss"
    if kind in ("trend", "compare"):
        rows = {f"{r['body']}|{r['year']}": r["value"] for r in res.get("table") or []}
        if got is not None and kind == "trend" and len(table or {}) > 1:
            return "wrong"
        for key, want in (table or {}).items():
            if key not in rows:
                return "miss"
            if rows[key] is not None and not same(rows[key], want):
                return "wrong"
            if rows[key] is None and want is not None:
                return "miss"
        return "ok"
    return "miss"


def report(title: str, results: list[tuple[str, str, str]]) -> dict:
    """Print accuracy per kind; return it as data."""
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for kind, verdict, _ in results:
        by_kind[kind][verdict] += 1
    print(f"\n## {title}\n{'kind':<14}{'n':>6}{'ok':>6}{'miss':>6}{'wrong':>7}{'accuracy':>10}")
    out = {}
    for kind in sorted(by_kind):
        c = by_kind[kind]
        n = sum(c.values())
        out[kind] = {"n": n, "ok": c["ok"], "miss": c["miss"], "wrong": c["wrong"], "accuracy": c["ok"] / n}
        print(f"{kind:<14}{n:>6}{c['ok']:>6}{c['miss']:>6}{c['wrong']:>7}{c['ok'] / n:>10.1%}")
    wrong = [r for r in results if r[1] == "wrong"]
    print(f"WRONG values: {len(wrong)}")
    for kind, verdict, q in [r for r in results if r[1] != "ok"][:25]:
        print(f"  {verdict:<6}{kind:<12}{q}")
    return out


def build(reports: Path | list[Path], index: Path, store_only: bool) -> None:
    """Build an index (the facts store alone with --store-only: no passages, no model)."""
    if store_only:
        import hashlib

        from indexer.check import check_report
        from indexer.read import find_reports, read_report
        from indexer.store import Store

        index.mkdir(parents=True, exist_ok=True)
        store = Store(index / "facts.sqlite")
        for path in find_reports([reports] if isinstance(reports, Path) else reports):
            rep = read_report(path)
            store.add_report(rep, hashlib.sha256(path.read_bytes()).hexdigest(), check_report(rep))
        store.commit()
        return
    subprocess.run([sys.executable, "-m", "indexer", "build", str(reports), "--index", str(index)], check=True,
                   cwd=ROOT, capture_output=True)


def seed_bench(index: Path) -> list[tuple[str, str, str]]:
    """The seed questions through the command line, one JSON answer a line."""
    items = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = subprocess.run([sys.executable, "-m", "app", "ask", "--index", str(index), "--json"], cwd=ROOT,
                         input="\n".join(i["q"] for i in items) + "\n", capture_output=True, text=True, check=True)
    answers = [json.loads(line) for line in out.stdout.splitlines()]
    return [(i["kind"], score(i["kind"], a, i.get("value"), i.get("expect")), i["q"])
            for i, a in zip(items, answers, strict=True)]


def ask_all(qa: QA, qs: list[Question]) -> tuple[list[tuple[str, str, str]], list[tuple[str, float]]]:
    """Every question (follow-ups with their first question's state); verdicts and timings."""
    states: dict[int, dict] = {}
    results, times = [], []
    for i, q in enumerate(qs):
        start = time.perf_counter()
        res = qa.ask(q.q, states.get(q.follows) if q.follows is not None else None)
        times.append((q.kind, time.perf_counter() - start))
        states[i] = res.get("state") or {}
        verdict = score(q.kind, res, q.value, q.expect, q.table)
        results.append((q.kind, verdict, q.q + ("" if verdict == "ok" else f"  -> {res.get('value')!r} "
                                                f"(want {q.value!r} {q.expect or ''}) {res['answer'][:80]!r}")))
    return results, times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=300, help="generated reports for the accuracy bench")
    ap.add_argument("--seed-index", type=Path, help="an index of reports/ (built when not given)")
    ap.add_argument("--synth-index", type=Path, help="an index of the first --count generated reports")
    ap.add_argument("--latency-index", type=Path, help="an index of 1,000 generated reports (corpus(1000))")
    ap.add_argument("--latency-count", type=int, default=1000)
    ap.add_argument("--store-only", action="store_true", help="build generated indexes without passages")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-qa-"))
    figures: dict = {}
    seed_index = args.seed_index or tmp / "seeds"
    if not args.seed_index:
        build(REPORTS, seed_index, store_only=False)
    figures["seeds"] = report("seed questions (python -m app ask --json)", seed_bench(seed_index))

    reports = corpus(args.count, tmp / "synth" if not args.synth_index else None)
    synth_index = args.synth_index or tmp / "synth-index"
    if not args.synth_index:
        build(tmp / "synth", synth_index, args.store_only)
    qs = questions(reports) + ([] if args.store_only else passage_questions(reports))
    qa = QA(synth_index)
    results, _ = ask_all(qa, qs)
    figures["generated"] = report(f"generated questions over {args.count} generated reports ({len(qs)} questions)",
                                  results)
    if args.latency_index:
        from scale import latency  # bench/scale.py: p50/p95 per kind of question

        big = corpus(args.latency_count)
        print(f"\n## latency over {args.latency_count} reports")
        figures["latency"] = latency(args.latency_index, questions(big, per_report=1)
                                     + passage_questions(big, limit=300))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
