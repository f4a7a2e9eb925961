"""Builds into PostgreSQL: incremental by file and text hash, a new generation switched to in one transaction,
readers pinned to theirs, one build at a time (advisory lock), a killed build leaving the old generation serving."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seeds_changed(folder: Path, new_name: str | None = None) -> Path:
    """reports/ copied into folder with one sentence of 王屋镇's report changed; optionally a copy of 西郭's report
    renamed 东郭 as a new file."""
    shutil.copytree(ROOT / "reports", folder)
    path = folder / "wangwu-2020.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("王屋镇坚持以系统完备", "王屋镇始终坚持以系统完备"), encoding="utf-8")
    if new_name:
        other = (ROOT / "reports" / "xiguo-2020.txt").read_text(encoding="utf-8")
        (folder / new_name).write_text(other.replace("西郭", "东郭"), encoding="utf-8")
    return folder


def generations(url: str) -> list[tuple[int, str]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute("SELECT id, state FROM govqa_generations ORDER BY id").fetchall()


def test_incremental_build_reuses_reports_and_vectors(pg_seed_copy: str, tmp_path: Path,
                                                      index_encoder: object) -> None:
    from indexer.pg.build import build_pg
    from indexer.pg.store import PgStore

    before = PgStore(pg_seed_copy)
    first = before.generation
    result = build_pg([seeds_changed(tmp_path / "r")], pg_seed_copy, model=index_encoder, progress=False)
    assert (sorted(result.changed), len(result.unchanged), result.added, result.removed) == (
        ["wangwu-2020.txt"], 4, [], [])
    assert 0 < result.embedded <= 2  # only the changed passage text(s) of the changed report
    after = PgStore(pg_seed_copy)
    assert after.generation > first and before.stale() and not after.stale()
    assert "王屋镇始终坚持" in after.report_text("wangwu-2020.txt")
    assert "王屋镇始终坚持" not in before.report_text("wangwu-2020.txt")  # the pinned reader: still its generation
    assert after.facts(body="王屋镇", year=2020) == before.facts(body="王屋镇", year=2020)
    again = build_pg([tmp_path / "r"], pg_seed_copy, model=index_encoder, progress=False)
    assert (len(again.unchanged), again.embedded) == (5, 0)
    gens = generations(pg_seed_copy)
    assert [g for g, _ in gens] == [after.generation, after.generation + 1]  # the replaced one kept, older gone
    assert {s for _, s in gens} == {"ready"}


def test_second_build_is_refused_while_one_holds_the_lock(pg_seed_copy: str, tmp_path: Path) -> None:
    import psycopg

    from indexer.pg import LOCK_KEY

    with psycopg.connect(pg_seed_copy, autocommit=True) as holder:
        holder.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
        out = subprocess.run([sys.executable, "-m", "indexer", "build", str(ROOT / "reports"), "--index",
                              pg_seed_copy, "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1
    assert "another build of postgresql://" in out.stderr and "is running" in out.stderr, out.stderr
    assert len(generations(pg_seed_copy)) == 1


def test_killed_build_leaves_the_old_generation_serving(pg_seed_copy: str, tmp_path: Path,
                                                        index_encoder: object) -> None:
    import psycopg

    from app.engine import QA
    from indexer.pg.build import build_pg

    question = "王屋镇2020年收到多少政府信息公开申请？"
    expected = QA(pg_seed_copy).ask(question)
    folder = seeds_changed(tmp_path / "r", new_name="zz-dongguo-2020.txt")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    build = subprocess.Popen([sys.executable, "-m", "indexer", "build", str(folder), "--index", pg_seed_copy,
                              "--quiet"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with psycopg.connect(pg_seed_copy, autocommit=True) as conn:
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and build.poll() is None:  # the new report is being embedded
                row = conn.execute("SELECT count(*) FROM govqa_generation_reports g JOIN govqa_generations n"
                                   " ON n.id = g.generation WHERE n.state = 'building'").fetchone()
                if row[0] >= 5:
                    break
                time.sleep(0.05)
            assert build.poll() is None, "the build finished before it could be killed"
            build.send_signal(signal.SIGKILL)
            build.wait(30)
    finally:
        if build.poll() is None:
            build.kill()
    assert [s for _, s in generations(pg_seed_copy)] == ["ready", "building"]
    qa = QA(pg_seed_copy)
    assert qa.ask(question) == expected and len(qa.store.reports()) == 5
    result = build_pg([folder], pg_seed_copy, model=index_encoder, progress=False)
    assert result.reports == 6 and result.added == ["zz-dongguo-2020.txt"]
    assert [s for _, s in generations(pg_seed_copy)] == ["ready", "ready"]
    after = QA(pg_seed_copy)  # the new generation: six reports, the copy agreeing with its original
    assert len(after.store.reports()) == 6
    assert after.ask("孟州市西虢镇2020年收到多少政府信息公开申请？")["value"] == 0


def test_ocr_scores_round_trip_on_both_stores(pg_url: str, tmp_path: Path, index_encoder: object,
                                              monkeypatch: object) -> None:
    """A scanned report's figures keep their OCR scores in the folder store and in PostgreSQL alike; a generation
    stored before PostgreSQL kept them (no pg_schema in its manifest) is read again, not reused."""
    import dataclasses

    import psycopg

    from indexer import build as folder_build
    from indexer.build import build_index
    from indexer.pg import build as pg_build
    from indexer.pg.build import build_pg
    from indexer.pg.store import PgStore
    from indexer.read import read_report
    from indexer.store import Store

    reads = []

    def scanned(path: Path) -> object:  # as if table 4 (review) had been read by OCR: cell k scored 0.9 + k/1000
        reads.append(path.name)
        rep = read_report(path)
        k = iter(range(100))
        rep.facts = [dataclasses.replace(f, ocr_score=round(0.9 + next(k) / 1000, 4)) if f.table == "review" else f
                     for f in rep.facts]
        return rep

    monkeypatch.setattr(folder_build, "read_report", scanned)  # type: ignore[attr-defined]
    monkeypatch.setattr(pg_build, "read_report", scanned)  # type: ignore[attr-defined]
    folder = tmp_path / "r"
    folder.mkdir()
    shutil.copy(ROOT / "reports" / "wangwu-2020.txt", folder)
    build_index([folder], tmp_path / "index", model=index_encoder, progress=False)
    build_pg([folder], pg_url, model=index_encoder, progress=False)
    sqlite, pg = Store(tmp_path / "index" / "facts.sqlite", readonly=True), PgStore(pg_url)
    review = pg.facts(body="王屋镇人民政府", year=2020, table="review")
    assert [f.ocr_score for f in review] == [round(0.9 + k / 1000, 4) for k in range(15)]
    assert pg.facts(table="review", row="reconsideration", column="total")[0].to_dict()["ocr_score"] == 0.904
    assert pg.facts() == sqlite.facts() and {f.ocr_score for f in pg.facts(table="requests")} == {None}
    assert pg.load_report("wangwu-2020.txt").facts == sqlite.load_report("wangwu-2020.txt").facts
    build_pg([folder], pg_url, model=index_encoder, progress=False)
    assert reads == ["wangwu-2020.txt"] * 2  # the second PostgreSQL build reused the stored version
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE govqa_generations SET manifest = manifest - 'pg_schema'")
    build_pg([folder], pg_url, model=index_encoder, progress=False)
    assert reads == ["wangwu-2020.txt"] * 3
    again = PgStore(pg_url)
    assert again.generation > pg.generation and again.facts() == sqlite.facts()
    with psycopg.connect(pg_url, autocommit=True) as conn:  # a database written before facts kept their scores
        conn.execute("ALTER TABLE govqa_facts DROP COLUMN ocr_score")
    old = PgStore(pg_url)
    assert old.facts() == [dataclasses.replace(f, ocr_score=None) for f in sqlite.facts()]
    for store in (sqlite, pg, again, old):
        store.close()
