"""Passage search over a real index of the seed reports: the right passages, filters, modes and fusion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.retrieve import Hit, Retriever, bm25_weight, fuse
from indexer.lexical import tokenize_bigram
from tests.conftest import need_shared

SEED_QUESTIONS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seed_questions.jsonl"


@pytest.fixture(scope="module")
def retriever(seed_index: Path, index_encoder) -> Retriever:
    return Retriever(seed_index, encoder=index_encoder)


def test_finds_the_channels_passage_of_wangwu(retriever: Retriever) -> None:
    for mode in ("hybrid", "bm25", "dense"):
        hits = retriever.search("王屋镇通过哪些渠道公开政府信息", k=3, mode=mode)
        assert any(h.body == "王屋镇人民政府" and "王屋在线" in h.text for h in hits), mode
    top = retriever.search("王屋镇通过哪些渠道公开政府信息", k=1)[0]
    assert isinstance(top, Hit) and top.report == "wangwu-2020.txt" and top.year == 2020 and top.part == 1
    assert top.kind == "prose" and top.line <= 19 <= top.last_line  # line 19 holds 王屋在线
    assert top.score > 0 and top.passage_id >= 0


def test_seed_passage_questions_hybrid_recall_at_3(retriever: Retriever) -> None:
    need_shared(SEED_QUESTIONS)
    rows = [json.loads(line) for line in SEED_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = [q for q in rows if q["kind"] in ("passage_zh", "passage_en")]
    found = [any(q["expect"] in h.text for h in retriever.search(q["q"], k=3)) for q in questions]
    zh = [f for f, q in zip(found, questions, strict=True) if q["kind"] == "passage_zh"]
    assert all(zh) and sum(found) >= len(found) - 1, [q["q"] for f, q in zip(found, questions, strict=True) if not f]


def test_filters_restrict_before_ranking(retriever: Retriever) -> None:
    hits = retriever.search("存在的主要问题", k=5, body="王屋镇")  # core name matches 王屋镇人民政府
    assert hits and {h.report for h in hits} == {"wangwu-2020.txt"}
    hits = retriever.search("存在的主要问题", k=5, body="王店镇人民政府", year=2024, part=5)
    assert hits and all(h.report == "wangdian-2024.txt" and h.part == 5 for h in hits)
    assert any("信息更新不及时" in h.text for h in hits)
    assert retriever.search("存在的主要问题", k=5, year=2024, body="王屋镇") == []
    assert {h.year for h in retriever.search("政府信息公开", k=20, year=2020)} == {2020}
    assert retriever.search("   ", k=3) == []
    with pytest.raises(ValueError, match="unknown mode"):
        retriever.search("问题", mode="fuzzy")


def test_figures_passage_answers_a_figure_question(retriever: Retriever) -> None:
    hits = retriever.search("王屋镇2020年政府集中采购项目有多少个", k=3)
    figures = [h for h in hits if h.kind == "figures"]
    assert figures and "采购项目数15个" in figures[0].text and figures[0].part == 2
    assert figures[0].line < figures[0].last_line  # the table's lines, for the citation


def test_english_question_finds_chinese_passage(retriever: Retriever) -> None:
    hits = retriever.search("Who leads the open-government working group of 西虢镇?", k=3)
    assert any("吴毅" in h.text for h in hits)
    assert bm25_weight("Who leads the working group of 西虢镇?") < 1.0 == bm25_weight("西虢镇组长是谁？")


def test_repeated_query_is_not_embedded_again(retriever: Retriever, index_encoder) -> None:
    retriever.search("王屋镇公开渠道", k=5)
    calls = index_encoder.calls
    first = retriever.search("王屋镇公开渠道", k=5, body="王屋镇")
    assert index_encoder.calls == calls and first  # latency itself: bench/retrieval.py --latency


def test_fuse_and_tokeniser() -> None:
    assert fuse([[(1, 9.0), (2, 8.0)], [(2, 0.9), (3, 0.8)]])[0][0] == 2
    assert fuse([[(1, 9.0)], [(2, 0.9)]], [1.0, 0.5])[0][0] == 1
    assert tokenize_bigram("王屋镇 WeChat 2020年") == ["王", "屋", "镇", "王屋", "屋镇", "wechat", "2020", "年"]


def test_retriever_loads_where_the_index_has_passages(seed_index: Path, index_encoder, tmp_path: Path) -> None:
    """The index's retriever; no passage search (not a crash) where the folder holds no vectors."""
    import shutil

    from app.searcher import load_retriever

    assert isinstance(load_retriever(seed_index, index_encoder), Retriever)
    copy = tmp_path / "idx"
    shutil.copytree(seed_index, copy)
    (copy / "vectors.faiss").unlink()
    assert load_retriever(copy, index_encoder) is False
