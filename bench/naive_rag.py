"""Side by side with the naive RAG a user would build from the tutorials, on the same questions with known answers.

    python bench/naive_rag.py --index DIR [--count 200] [--questions N] [--json FILE]

DIR is an index of corpus(N) (tests/synth/questions.py), N >= --count. The naive side takes the first --count
reports' text as this project reads it (facts.sqlite `reports.text`: tables as tab-separated rows), splits it
with langchain's RecursiveCharacterTextSplitter (500 characters, overlap 50, default separators), embeds the
chunks with the same model (bf16) and searches FAISS IndexFlatIP for the top 3. Questions are those of
questions()/passage_questions() over corpus(N), kept when their report is one of the first --count; this
project answers them from DIR (all N reports, so it has the harder search when N > --count).

- naive *answerable*, figure questions (generous): a top-3 chunk comes from the right report and holds the
  expected figure as a number (or every cell the figure sums); the best an LLM reading that context could do.
- naive *answerable*, passage questions: a top-3 chunk of the right report holds the expected text.
- this project *exact*: QA.ask value == expected (figures); the expected text in the answer or its top-3 passages.
Figure questions whose expected value is None (a blank cell) are left out of both sides.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from qa import score  # noqa: E402

from tests.synth import SynthReport  # noqa: E402
from tests.synth.phrasings import FIELDS  # noqa: E402
from tests.synth.questions import Question, corpus, passage_questions, questions  # noqa: E402

_DIGITS = str.maketrans("０１２３４５６７８９〇一二三四五六七八九", "01234567890123456789")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers(text: str) -> set[float]:
    """Every number printed in the text (full-width digits folded, thousands separators dropped)."""
    text = text.translate(_DIGITS)
    text = re.sub(r"(?<=\d)[,，](?=\d{3})", "", text)
    return {float(n) for n in _NUMBER.findall(text)}


def question_year(q: str) -> int | None:
    """The year a question names (2020, ２０２０, 二〇二〇)."""
    m = re.search(r"20\d\d", q.translate(_DIGITS))
    return int(m.group()) if m else None


def chunk(texts: dict[str, str]) -> tuple[list[str], list[str]]:
    """The tutorial splitter over each report's text: (chunks, report of each chunk)."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
    chunks, owners = [], []
    for report, text in texts.items():
        for piece in splitter.split_text(text):
            chunks.append(piece)
            owners.append(report)
    return chunks, owners


def figure_answerable(rep: SynthReport, q: Question, context: list[str]) -> bool:
    """The right report's top-3 chunks print the figure, or every cell it sums."""
    if not context:
        return False
    found = set().union(*(numbers(c) for c in context))
    if float(q.value) in found:
        return True
    spec = next(s for s in FIELDS if s.name == q.field)
    cells = [rep.expected[c][0] for c in spec.cells if c in rep.expected]
    return len(cells) > 1 and all(float(v) in found for v in cells)


def pct(ms: list[float]) -> dict:
    """n, p50 and p95 of a list of milliseconds."""
    ms = sorted(ms)
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", type=Path, required=True, help="an index of corpus(--corpus) with vectors")
    ap.add_argument("--corpus", type=int, default=1000, help="how many reports DIR indexes")
    ap.add_argument("--count", type=int, default=200, help="reports on the naive side (the first of the corpus)")
    ap.add_argument("--questions", type=int, default=0, help="ask at most this many of each kind (a fixed sample)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    import faiss

    from app.engine import QA
    from indexer.embed.encoder import Encoder

    reports = corpus(args.corpus)
    subset = {r.filename: r for r in reports[:args.count]}
    db = sqlite3.connect(args.index / "facts.sqlite")
    texts = {name: text for name, text in db.execute("SELECT report, text FROM reports") if name in subset}
    chunks, owners = chunk(texts)
    print(f"naive side: {len(texts)} reports -> {len(chunks)} chunks "
          f"({len(chunks) / max(len(texts), 1):.1f}/report, mean {np.mean([len(c) for c in chunks]):.0f} chars)")
    enc = Encoder(dtype="bfloat16")
    start = time.perf_counter()
    vecs = enc.encode_passages(chunks, batch_size=32)
    embed_s = time.perf_counter() - start
    print(f"embedded {len(chunks)} chunks in {embed_s:.0f}s ({len(chunks) / embed_s:.1f}/s)")
    flat = faiss.IndexFlatIP(vecs.shape[1])
    flat.add(vecs)

    by_key = {(r.body, r.year): r for r in subset.values()}
    figure = [q for q in questions(reports) if q.kind in ("fact_zh", "fact_en") and q.value is not None
              and (q.notes["body"], question_year(q.q)) in by_key]
    prose = [q for q in passage_questions(reports, limit=10_000) if q.notes["report"] in subset]
    if args.questions:
        rng = random.Random(0)
        figure, prose = ([g[i] for i in sorted(rng.sample(range(len(g)), min(args.questions, len(g))))]
                         for g in (figure, prose))
    qa = QA(args.index)
    qa.ask(figure[0].q)
    enc.encode_queries([figure[0].q])
    out: dict = {"reports": len(texts), "chunks": len(chunks), "embed_chunks_per_s": round(len(chunks) / embed_s, 1),
                 "index_reports": args.corpus}
    for name, group in (("figure", figure), ("passage", prose)):
        exact = answerable = 0
        ours_ms, naive_ms = [], []
        for q in group:
            t = time.perf_counter()
            res = qa.ask(q.q)
            ours_ms.append((time.perf_counter() - t) * 1000)
            exact += score(q.kind, res, q.value, q.expect) == "ok"
            t = time.perf_counter()
            _, ids = flat.search(enc.encode_queries([q.q]), 3)
            naive_ms.append((time.perf_counter() - t) * 1000)
            if name == "figure":
                rep = by_key[(q.notes["body"], question_year(q.q))]
                context = [chunks[i] for i in ids[0] if i >= 0 and owners[i] == rep.filename]
                answerable += figure_answerable(rep, q, context)
            else:
                answerable += any(owners[i] == q.notes["report"] and q.expect in chunks[i] for i in ids[0] if i >= 0)
        n = len(group)
        row = {"n": n, "ours_exact": exact / n, "naive_answerable": answerable / n,
               "ratio": round(exact / answerable, 2) if answerable else None,
               "ours_latency": pct(ours_ms), "naive_latency": pct(naive_ms)}
        out[name] = row
        print(f"{name:<8} n={n:<5} ours exact {exact / n:6.1%}   naive answerable {answerable / n:6.1%}   "
              f"ratio {row['ratio']}x   latency ours p50 {row['ours_latency']['p50_ms']} ms "
              f"p95 {row['ours_latency']['p95_ms']} ms; naive p50 {row['naive_latency']['p50_ms']} ms "
              f"p95 {row['naive_latency']['p95_ms']} ms", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
