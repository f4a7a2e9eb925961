"""Passage retrieval recall@1/3/5 of BM25, dense and hybrid search, Chinese and English questions.

    python bench/retrieval.py [--synth 40] [--index DIR] [--tokenizers] [--latency]
    python bench/retrieval.py --backends torch,onnx,onnx-int8 [--latency]   # one index per embedding backend

The index holds the seed reports (reports/) and --synth generated reports. Questions: the passage questions of
../shared/eval/seed_questions.jsonl (kinds passage_zh, passage_en) and questions written here from the prose of
each generated report (leader, channels, visits, training, information published), in Chinese and English,
plus `figures_zh` questions whose answer is in a report's generated figures passage. A question is found at k
when its `expect` string (or one of them, where the prose gives two right answers) is in one of the k first
passages. No body/year filter is given to the retriever
(raw retrieval); `--filtered` repeats the measure with the question's body as a filter.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.retrieve import Retriever  # noqa: E402
from indexer.build import build_index  # noqa: E402
from indexer.lexical import TOKENIZERS, build_bm25  # noqa: E402
from indexer.passages import Passage, search_text  # noqa: E402
from indexer.read import read_report  # noqa: E402
from tests.synth import LAYOUTS, generate, write  # noqa: E402

SEED_QUESTIONS = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"

# (regex over the report text, Chinese question, English question, expect[, regex of another right answer])
# -- {b} body, {y} year, {0} group 1
PROSE_QUESTIONS = (
    (r"由(\w{2,3})任组长的政务公开工作领导小组", "{b}{y}年政务公开工作领导小组组长是谁？",
     "Who headed the open-government leading group of {b} in {y}?", "{0}"),
    (r"通过([^，。]+?)等渠道主动公开政府信息", "{b}通过哪些渠道主动公开政府信息？",
     "Through which channels did {b} proactively disclose information in {y}?", "{0}",
     r"本年度\w+?通过([^，。]+?)主动公开各类信息"),
    (r"累计访问量达(\d+)人次", "{b}{y}年公开平台累计访问量达到多少人次？",
     "How many visits did the disclosure platforms of {b} receive in {y}?", "访问量达{0}人次"),
    (r"由(\w{2,3})同志具体负责", "{b}{y}年谁具体负责政务公开工作？",
     "Who was personally in charge of open-government work at {b} in {y}?", "{0}同志"),
    (r"组织培训(\d+)次，参训(\d+)人次", "{b}{y}年政务公开培训有多少人次参加？",
     "How many people attended open-government training at {b} in {y}?", "参训{1}人次"),
    (r"计划全年组织培训(\d+)次", "{b}下一步计划全年组织几次培训？",
     "How many training sessions does {b} plan to hold next year?", "计划全年组织培训{0}次"),
    (r"全年共发布信息(\d+)条", "{b}{y}年全年共发布了多少条信息？",
     "How many items of information did {b} publish in {y}?", "全年共发布信息{0}条"),
)
FIGURE_QUESTIONS = (
    (r"本年新收政府信息公开申请(\d+)件", "{b}{y}年收到多少件政府信息公开申请？", "本年新收政府信息公开申请{0}件"),
    (r"行政复议(\d+)件", "{b}{y}年政府信息公开行政复议有多少件？", "行政复议{0}件"),
)


def synth_questions(path: Path, facts_text: str) -> list[dict]:
    """Chinese and English questions over one generated report's prose, and figure questions on its figures."""
    rep = read_report(path)
    body, year = re.sub(r"人民政府$", "", rep.body or ""), rep.year
    out = []
    text = rep.text.replace("\n", "")
    for pattern, zh, en, expect, *other in PROSE_QUESTIONS:
        m = re.search(pattern, text)
        if m:
            want = [expect.format(*m.groups())] + [a.group(1) for a in (re.search(o, text) for o in other) if a]
            out.append({"kind": "synth_zh", "q": zh.format(b=body, y=year), "expect": want, "body": rep.body})
            out.append({"kind": "synth_en", "q": en.format(b=body, y=year), "expect": want, "body": rep.body})
    for pattern, zh, expect in FIGURE_QUESTIONS:
        m = re.search(pattern, facts_text)
        if m:
            out.append({"kind": "figures_zh", "q": zh.format(b=body, y=year), "expect": expect.format(*m.groups()),
                        "body": rep.body})
    return out


def seed_questions() -> list[dict]:
    """The passage questions of the shared evaluation set."""
    rows = [json.loads(line) for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [q for q in rows if q["kind"] in ("passage_zh", "passage_en")]


def recall(retriever: Retriever, questions: list[dict], mode: str, filtered: bool = False) -> dict[str, list[int]]:
    """kind -> [found@1, found@3, found@5, count]."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for q in questions:
        hits = retriever.search(q["q"], k=5, mode=mode, body=q.get("body") if filtered else None)
        wanted = q["expect"] if isinstance(q["expect"], list) else [q["expect"]]
        found = [any(w in h.text for h in hits[:k] for w in wanted) for k in (1, 3, 5)]
        row = out[q["kind"]]
        for i, f in enumerate(found):
            row[i] += f
        row[3] += 1
    return out


def table(retriever: Retriever, questions: list[dict], modes: tuple[str, ...], filtered: bool = False) -> None:
    print(f"{'mode':<8}{'kind':<12}{'n':>5}{'R@1':>8}{'R@3':>8}{'R@5':>8}")
    for mode in modes:
        for kind, (r1, r3, r5, n) in sorted(recall(retriever, questions, mode, filtered).items()):
            print(f"{mode:<8}{kind:<12}{n:>5}{r1 / n:>8.1%}{r3 / n:>8.1%}{r5 / n:>8.1%}")


def overall(retriever: Retriever, questions: list[dict], mode: str) -> str:
    """Recall@1/3/5 over every question, as one line."""
    rows = recall(retriever, questions, mode).values()
    r1, r3, r5, n = (sum(r[i] for r in rows) for i in range(4))
    return f"{mode} R@1 {r1 / n:.1%} R@3 {r3 / n:.1%} R@5 {r5 / n:.1%} (n={n})"


def retokenise(retriever: Retriever, name: str) -> None:
    """Swap the retriever's BM25 for one built in memory with another tokeniser (bench only)."""
    rows = retriever.store.db.execute(
        "SELECT p.part, p.kind, p.first_line, p.last_line, p.text, r.body, r.year FROM passages p"
        " JOIN reports r ON r.id = p.report_id ORDER BY p.id").fetchall()
    texts = [search_text(Passage(*row[:5]), row[5], row[6]) for row in rows]
    retriever._bm25 = build_bm25(texts, name)
    retriever.tokenizer = name


def latency(retriever: Retriever, questions: list[dict]) -> None:
    """p50/p95 of hybrid search with and without a body filter (query embedding included, cache cleared)."""
    for filtered in (False, True):
        times = []
        for q in questions:
            retriever._queries.clear()
            t = time.perf_counter()
            retriever.search(q["q"], k=5, body=q.get("body") if filtered else None)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(f"hybrid latency{' (body filter)' if filtered else ''}: p50 {times[len(times) // 2]:.1f} ms, "
              f"p95 {times[int(len(times) * 0.95)]:.1f} ms over {len(times)} queries, {retriever.size} passages")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synth", type=int, default=40, help="generated reports added to the seeds")
    ap.add_argument("--index", help="index folder (kept; rebuilt incrementally); default: a temporary one")
    ap.add_argument("--tokenizers", action="store_true", help="compare the BM25 tokenisers")
    ap.add_argument("--filtered", action="store_true", help="also measure with the body filter")
    ap.add_argument("--latency", action="store_true", help="measure query latency")
    ap.add_argument("--backends", default="", help="comma-separated embedding backends, one index each "
                    "(default: the build's default backend)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-retrieval-"))
    synth_dir = work / "synth"
    paths = [write(generate(seed, layout=LAYOUTS[seed % len(LAYOUTS)]), synth_dir) for seed in range(args.synth)]
    backends = [b for b in args.backends.split(",") if b] or [None]
    summary = []
    for backend in backends:
        index = Path(args.index) if args.index else work / "index"
        if backend:
            index = index.with_name(f"{index.name}-{backend}")
            print(f"== backend {backend}")
        retriever, questions = run(args, index, paths, backend)
        summary.append(f"{backend or 'default'}: " + "; ".join(overall(retriever, questions, mode)
                                                             for mode in ("dense", "hybrid")))
    if len(backends) > 1:
        print("all questions, per backend:\n  " + "\n  ".join(summary))


def run(args: argparse.Namespace, index: Path, paths: list[Path], backend: str | None,
        ) -> tuple[Retriever, list[dict]]:
    """Build the index with `backend` and print its tables; the retriever and the questions."""
    t = time.perf_counter()
    result = build_index([ROOT / "reports", paths[0].parent] if paths else [ROOT / "reports"], index,
                         backend=backend)
    print(f"index: {result.reports} reports, {result.passages} passages ({result.embedded} embedded) "
          f"in {time.perf_counter() - t:.0f}s")
    retriever = Retriever(index)
    questions = seed_questions()
    for path in paths:
        figures = retriever.store.db.execute(
            "SELECT group_concat(p.text, ' ') FROM passages p JOIN reports r ON r.id = p.report_id"
            " WHERE r.report = ? AND p.kind = 'figures'", (path.name,)).fetchone()[0] or ""
        questions += synth_questions(path, figures)
    table(retriever, questions, ("bm25", "dense", "hybrid"))
    if args.filtered:
        print("with the body filter:")
        table(retriever, questions, ("bm25", "dense", "hybrid"), filtered=True)
    if args.tokenizers:
        for name in TOKENIZERS:
            print(f"BM25 tokeniser {name}:")
            retokenise(retriever, name)
            table(retriever, questions, ("bm25", "hybrid"))
    if args.latency:
        latency(retriever, questions)
    return retriever, questions


if __name__ == "__main__":
    main()
