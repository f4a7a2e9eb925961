"""The PostgreSQL backend answers exactly as the embedded one: the seed questions, a sample of the real corpus's
dev questions and the generated follow-ups, through one QA engine that does not know which store it has."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pg_support import new_database

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
REAL = ROOT.parent / "shared" / "corpus" / "real"
REAL_SAMPLE = 4  # every 4th real dev question (65 of 260)


def questions(name: str, every: int = 1) -> list[str]:
    path = EVAL / name
    if not path.is_file():
        pytest.skip(f"no {path}")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["q"] for r in rows[::every]]


def same_answers(folder: Path, url: str, asked: list[str], encoder: object) -> list[str]:
    """The questions whose answer JSON differs between the two backends (each question alone)."""
    from app.engine import QA

    a, b = QA(folder, encoder=encoder), QA(url, encoder=encoder)
    try:
        return [q for q in asked if json.dumps(a.ask(q), ensure_ascii=False, sort_keys=True)
                != json.dumps(b.ask(q), ensure_ascii=False, sort_keys=True)]
    finally:
        a.close()
        b.close()


def test_pg_store_reads_as_the_sqlite_store(seed_index: Path, pg_seed: str) -> None:
    from indexer.pg.store import PgStore
    from indexer.store import Store

    a, b = Store(seed_index / "facts.sqlite", readonly=True), PgStore(pg_seed)
    assert b.reports() == a.reports()
    assert b.facts() == a.facts() and len(a.facts()) > 900
    assert b.facts(body="王屋镇", year=2020, table="applications") == a.facts(body="王屋镇", year=2020,
                                                                              table="applications")
    assert b.passage_rows() == [tuple(r) for r in a.passage_rows()]
    ids = [r[0] for r in a.passage_rows() if r[4] == 2][:5] + [48]
    assert b.passages(ids + [10**6]) == a.passages(ids) and len(ids) == 6
    assert b.hashes() == a.hashes()
    for r in a.reports():
        assert b.report_text(r.report) == a.report_text(r.report)
        assert b.load_report(r.report) == a.load_report(r.report)
    a.close()
    b.close()


def test_pg_retriever_ranks_as_the_folder_retriever(seed_index: Path, pg_seed: str, index_encoder: object) -> None:
    from app.pg_retrieve import PgRetriever
    from app.retrieve import Retriever

    a, b = Retriever(seed_index, encoder=index_encoder), PgRetriever(pg_seed, encoder=index_encoder)
    for query, kw in [("王屋镇通过哪些渠道公开政府信息", {"body": "王屋镇"}), ("政府信息公开工作存在的主要问题", {}),
                      ("行政复议", {"year": 2020, "part": 5}), ("how are requests handled", {})]:
        for mode in ("bm25", "dense", "hybrid"):
            ra, rb = a.search(query, k=8, mode=mode, **kw), b.search(query, k=8, mode=mode, **kw)
            assert [h.passage_id for h in rb] == [h.passage_id for h in ra], (query, mode)
            assert [h.score for h in rb] == pytest.approx([h.score for h in ra], rel=1e-4), (query, mode)
    a.close()
    b.close()


def test_seed_questions_same_answers(seed_index: Path, pg_seed: str, index_encoder: object) -> None:
    asked = questions("seed_questions.jsonl")
    assert same_answers(seed_index, pg_seed, asked, index_encoder) == []


def test_follow_ups_same_answers(seed_index: Path, pg_seed: str, index_encoder: object) -> None:
    from app.engine import QA

    a, b = QA(seed_index, encoder=index_encoder), QA(pg_seed, encoder=index_encoder)
    turns = ["王屋镇2020年收到多少政府信息公开申请？", "那2020年西郭呢", "其中自然人多少", "被申请行政复议多少件",
             "王屋镇的政务公开平台有哪些"]
    sa = sb = None
    for q in turns:
        ra, rb = a.ask(q, sa), b.ask(q, sb)
        assert json.dumps(rb, ensure_ascii=False, sort_keys=True) == json.dumps(ra, ensure_ascii=False, sort_keys=True)
        sa, sb = ra.get("state"), rb.get("state")
    a.close()
    b.close()


@pytest.fixture(scope="module")
def real_indexes(tmp_path_factory: pytest.TempPathFactory, pg_server: object, index_encoder: object) -> tuple:
    """The real corpus in a folder index and in a database, built by the same model."""
    if not REAL.is_dir():
        pytest.skip("no real reports in ../shared/corpus/real")
    from indexer.build import build_index
    from indexer.pg.build import build_pg

    folder = tmp_path_factory.mktemp("real-index") / "index"
    build_index([REAL], folder, model=index_encoder, progress=False)
    url = new_database(pg_server)
    build_pg([REAL], url, model=index_encoder, progress=False)
    return folder, url


def test_real_dev_sample_same_answers(real_indexes: tuple, index_encoder: object) -> None:
    folder, url = real_indexes
    asked = questions("real_questions_dev.jsonl", REAL_SAMPLE)
    assert len(asked) >= 60
    assert same_answers(folder, url, asked, index_encoder) == []


def test_cli_ask_reads_the_url_from_the_environment(pg_seed: str) -> None:
    env = {**os.environ, "GOVQA_INDEX_URL": pg_seed, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-m", "app", "ask", "--json", "王屋镇2020年收到多少政府信息公开申请？"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["value"] == 2
