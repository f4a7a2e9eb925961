"""The index build: facts and passages in the store, incremental and atomic builds, the lock, mismatches refused."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import faiss
import pytest

from app.retrieve import Retriever
from indexer.build import BuildError, BuildLocked, build_index, build_lock
from indexer.cli import main as indexer_main
from indexer.manifest import IndexMismatch, IndexUnusable
from indexer.passages import is_table_line
from indexer.read import find_reports, read_report
from indexer.store import Store
from tests.synth import generate, write

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(find_reports([ROOT / "reports"]))


def _copy(seed_index: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the seed index and of the seed reports."""
    index, reports = tmp_path / "index", tmp_path / "reports"
    shutil.copytree(seed_index, index)
    shutil.copytree(ROOT / "reports", reports)
    return index, reports


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Spy:
    """Records the texts the real encoder is asked to embed."""

    def __init__(self, encoder, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        real = encoder.encode_passages

        def encode_passages(texts, *args, **kwargs):
            self.texts += list(texts)
            return real(texts, *args, **kwargs)

        monkeypatch.setattr(encoder, "encode_passages", encode_passages)


# ---- what the index holds -------------------------------------------------------------------------------


def test_store_facts_equal_parser(seed_index: Path) -> None:
    store = Store(seed_index / "facts.sqlite", readonly=True)
    for path in SEEDS:
        parsed = read_report(path)
        stored = [f.to_dict() for f in store.facts(report=path.name)]
        assert stored == [{**d, "report": path.name} for d in parsed.fact_dicts()], path.name
    assert sum(r.n_facts for r in store.reports()) == 992
    store.close()


def test_passages_have_parts_lines_and_no_number_soup(seed_index: Path) -> None:
    store = Store(seed_index / "facts.sqlite", readonly=True)
    for path in SEEDS:
        report = read_report(path)
        lines = report.lines
        rows = store.db.execute(
            "SELECT p.part, p.kind, p.first_line, p.last_line, p.text FROM passages p JOIN reports r"
            " ON r.id = p.report_id WHERE r.report = ? ORDER BY p.id", (path.name,)).fetchall()
        assert {r[0] for r in rows if r[1] == "figures"} == {2, 3, 4}
        for part, kind, first, last, text in rows:
            assert 1 <= first <= last <= len(lines)
            assert part is None or 1 <= part <= 6
            if part is not None:
                lo, hi = report.parts[part]
                assert lo <= first and last <= hi, (path.name, part, first, last)
            if kind == "prose":
                flat = re.sub(r"[\s*#]", "", "".join(lines[first - 1:last]))
                assert re.sub(r"\s", "", text)[:12] in flat, (path.name, first, text[:20])
                assert not any(is_table_line(line) for line in text.split("\n")), text
                assert len(text) <= 300
    wangwu = store.db.execute("SELECT text FROM passages WHERE kind = 'figures' AND text LIKE '王屋镇%申请情况%'")
    text = wangwu.fetchone()[0]
    assert "本年新收政府信息公开申请2件（自然人2件）" in text and "本机关不掌握相关政府信息1件" in text
    procurement = store.db.execute("SELECT text FROM passages WHERE text LIKE '%采购项目数15个、采购总金额66万元%'")
    assert procurement.fetchone() is not None
    store.close()


def test_manifest_records_how_it_was_built(seed_index: Path, index_encoder) -> None:
    manifest = json.loads((seed_index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model"]["name"] == index_encoder.name and manifest["model"]["dim"] == index_encoder.dim
    assert manifest["model"]["passage_prefix"] == "passage: " and manifest["model"]["query_prefix"] == "query: "
    assert manifest["chunker"]["chunk_size"] == 300 and manifest["chunker"]["chunk_overlap"] == 50
    assert manifest["vectors"]["type"] == "flat" and manifest["lexical"]["tokenizer"]
    assert {"parser_version", "schema_version", "store_version", "index_format", "built_at"} <= set(manifest)
    counts = manifest["counts"]
    assert counts["reports"] == 5 and counts["facts"] == 992 and counts["figures_passages"] == 15
    index = faiss.read_index(str(seed_index / "vectors.faiss"))
    assert index.ntotal == counts["passages"] == manifest["vectors"]["count"]
    assert (seed_index / "bm25").is_dir() and not list(seed_index.parent.glob(".index.building-*"))


# ---- incremental --------------------------------------------------------------------------------------


def test_incremental_add_change_remove(seed_index: Path, tmp_path: Path, index_encoder,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    index, reports = _copy(seed_index, tmp_path)
    spy = Spy(index_encoder, monkeypatch)
    before = Store(index / "facts.sqlite", readonly=True).passage_rows()

    # unchanged: nothing embedded, the same passages
    again = build_index([reports], index, model=index_encoder, progress=False)
    assert spy.texts == [] and again.embedded == 0 and len(again.unchanged) == 5
    assert Store(index / "facts.sqlite", readonly=True).passage_rows() == before

    # added: only the new report's passages are embedded
    synth = generate(3, layout="tabs")
    write(synth, reports)
    added = build_index([reports], index, model=index_encoder, progress=False)
    assert added.added == [synth.filename] and len(added.unchanged) == 5
    assert spy.texts and all(synth.body in t for t in spy.texts) and added.embedded == len(spy.texts)

    # changed: one paragraph edited; only that report's changed passages are embedded
    spy.texts.clear()
    path = reports / "wangwu-2020.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("公开渠道单一", "公开渠道仍然单一"), encoding="utf-8")
    changed = build_index([reports], index, model=index_encoder, progress=False)
    assert changed.changed == ["wangwu-2020.txt"] and len(changed.unchanged) == 5
    assert len(spy.texts) == 1 and "公开渠道仍然单一" in spy.texts[0] and spy.texts[0].startswith("王屋镇")

    # removed: dropped from store, vectors and BM25; nothing embedded
    spy.texts.clear()
    (reports / "xiguo-2020.txt").unlink()
    removed = build_index([reports], index, model=index_encoder, progress=False)
    assert removed.removed == ["xiguo-2020.txt"] and spy.texts == []
    store = Store(index / "facts.sqlite", readonly=True)
    assert "xiguo-2020.txt" not in store.hashes() and store.facts(report="xiguo-2020.txt") == []
    assert faiss.read_index(str(index / "vectors.faiss")).ntotal == len(store.passage_rows()) == removed.passages
    hits = Retriever(index, index_encoder).search("西虢镇政务公开工作领导小组组长是谁", k=5)
    assert hits and all(h.report != "xiguo-2020.txt" for h in hits)
    hits = Retriever(index, index_encoder).search("王屋镇存在哪些问题", k=3, body="王屋镇", part=5)
    assert "公开渠道仍然单一" in hits[0].text


def test_bad_reports_are_listed_and_never_stop_the_build(seed_index: Path, tmp_path: Path, index_encoder) -> None:
    index, reports = _copy(seed_index, tmp_path)
    (reports / "broken.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (reports / "notes.txt").write_text("买菜：白菜两棵，豆腐一块。\n", encoding="utf-8")
    result = build_index([reports, tmp_path / "missing"], index, model=index_encoder, progress=False)
    failed = {Path(p).name: reason for p, reason in result.failures}
    assert set(failed) == {"broken.pdf", "notes.txt", "missing"} and result.reports == 5
    assert "no such file" in failed["missing"] and "notes.txt" in result.summary()
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["failed"] == 3 and len(manifest["failures"]) == 3


def test_nothing_readable_leaves_the_index_as_it_was(seed_index: Path, tmp_path: Path, index_encoder) -> None:
    index, _ = _copy(seed_index, tmp_path)
    before = _files(index)
    with pytest.raises(BuildError, match="no report could be read"):
        build_index([tmp_path / "typo"], index, model=index_encoder, progress=False)
    assert _files(index) == before


def test_refuses_to_replace_a_folder_that_is_not_an_index(tmp_path: Path, index_encoder) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(BuildError, match="not an index"):
        build_index([ROOT / "reports"], tmp_path / "mine", model=index_encoder, progress=False)
    assert (tmp_path / "mine" / "thesis.txt").read_text(encoding="utf-8") == "keep me"


# ---- atomic, locked ------------------------------------------------------------------------------------


def test_failure_mid_build_leaves_old_index_intact(seed_index: Path, tmp_path: Path, index_encoder,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    index, reports = _copy(seed_index, tmp_path)
    write(generate(5, layout="markdown"), reports)
    before = _files(index)

    def boom(*args, **kwargs):
        assert (next(tmp_path.glob(".index.building-*")) / "vectors.faiss").exists()  # partly written
        raise RuntimeError("disk full")

    monkeypatch.setattr("indexer.build.save_bm25", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        build_index([reports], index, model=index_encoder, progress=False)
    assert _files(index) == before and not list(tmp_path.glob(".index.building-*"))
    hits = Retriever(index, index_encoder).search("王屋镇通过哪些渠道公开政府信息", k=3)
    assert any("王屋在线" in h.text for h in hits)


def test_killed_build_leaves_old_index_intact(seed_index: Path, tmp_path: Path) -> None:
    index, reports = _copy(seed_index, tmp_path)
    before = _files(index)
    ready = tmp_path / "ready"
    script = (
        "import sys, time, pathlib; sys.path.insert(0, sys.argv[1])\n"
        "import indexer.build as b\n"
        "def stall(*a, **k):\n"
        "    pathlib.Path(sys.argv[4]).touch(); time.sleep(120)\n"
        "b.save_bm25 = stall\n"
        "b.build_index([sys.argv[2]], sys.argv[3], progress=False)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(ROOT), str(reports), str(index), str(ready)])
    try:
        deadline = time.time() + 60
        while not ready.exists() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert ready.exists(), "the build never reached the stall"
        with pytest.raises(BuildLocked, match=r"\.index\.lock"):
            build_index([reports], index, progress=False)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert _files(index) == before and list(tmp_path.glob(".index.building-*"))
    result = build_index([reports], index, progress=False)  # the lock died with the build; leftovers go
    assert result.reports == 5 and not list(tmp_path.glob(".index.building-*"))


def test_concurrent_build_refused_with_lock_named(seed_index: Path, tmp_path: Path, index_encoder) -> None:
    index, reports = _copy(seed_index, tmp_path)
    with build_lock(index.resolve()) as lock, pytest.raises(BuildLocked) as err:
        build_index([reports], index, model=index_encoder, progress=False)
    assert str(lock) in str(err.value) and "running" in str(err.value)
    (index / ".gitkeep").write_text("", encoding="utf-8")
    assert build_index([reports], index, model=index_encoder, progress=False).reports == 5
    assert not lock.exists() and (index / ".gitkeep").exists()  # lock gone, the folder's dot files kept


# ---- opening an index ----------------------------------------------------------------------------------


class OtherModel:
    """Stands for a different sentence-transformers model (only its identity is looked at)."""

    name, dim, location = "bge-small-zh-v1.5", 512, "/nowhere/bge-small-zh-v1.5"


def test_model_mismatch_refused_with_rebuild_hint(seed_index: Path) -> None:
    with pytest.raises(IndexMismatch, match=r"bge-small-zh-v1\.5.*python -m indexer build"):
        Retriever(seed_index, encoder=OtherModel())  # type: ignore[arg-type]


def test_older_parser_refused_with_rebuild_hint(seed_index: Path, tmp_path: Path) -> None:
    index, _ = _copy(seed_index, tmp_path)
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    manifest["parser_version"] -= 1
    (index / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexMismatch, match=r"parser version .* rebuild it with `python -m indexer build"):
        Retriever(index)
    with pytest.raises(IndexUnusable, match="no index at"):
        Retriever(tmp_path / "nothing")
    from app.engine import QA

    with pytest.raises(IndexMismatch, match=r"parser version"):  # its facts too may be what an older parser read
        QA(index)
    done = subprocess.run([sys.executable, "-m", "app", "ask", "王屋镇2020年收到多少申请", "--index", str(index)],
                          capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 2 and done.stdout == ""
    assert re.fullmatch(r"error: index .* parser version .* rebuild it with `python -m indexer build.*`\n", done.stderr)


def test_cli_build_updates_an_index(seed_index: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    index, reports = _copy(seed_index, tmp_path)
    assert indexer_main(["build", str(reports), "--index", str(index), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "indexed 5 reports" in out and "5 unchanged" in out and "0 embedded" in out
    (reports / "junk.docx").write_bytes(b"not a docx")
    assert indexer_main(["build", str(reports), "--index", str(index), "--quiet", "--strict"]) == 1
    assert "junk.docx" in capsys.readouterr().err


def test_large_index_uses_hnsw_and_still_searches(seed_index: Path, tmp_path: Path, index_encoder,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    index, reports = _copy(seed_index, tmp_path)
    monkeypatch.setattr("indexer.vectors.HNSW_THRESHOLD", 10)
    result = build_index([reports], index, model=index_encoder, progress=False)
    assert result.vector_index == "hnsw" and result.embedded == 0  # vectors copied out of the flat index
    manifest = json.loads((index / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vectors"]["type"] == "hnsw" and manifest["vectors"]["hnsw_threshold"] == 10
    retriever = Retriever(index, index_encoder)
    for body in (None, "王屋镇"):
        hits = retriever.search("王屋镇通过哪些渠道公开政府信息", k=3, mode="dense", body=body)
        assert any("王屋在线" in h.text for h in hits), body
    monkeypatch.undo()
    again = build_index([reports], index, model=index_encoder, progress=False)
    assert again.vector_index == "flat" and again.embedded == 0  # and back, from the HNSW storage


def test_vector_keys_survive_a_round_trip(tmp_path: Path) -> None:
    import numpy as np

    from indexer.vectors import make_index, stored_vectors, text_key, write_vectors

    keys = [text_key(str(i)) for i in range(600)]
    assert any(k.endswith(b"\0") for k in keys)  # numpy "S20" would silently drop these bytes
    vectors = np.eye(600, 8, dtype=np.float32)
    write_vectors(tmp_path, make_index(vectors)[0], keys)
    back = stored_vectors(tmp_path)
    assert len(back) == 600 and all(np.array_equal(back[k], vectors[i]) for i, k in enumerate(keys))
