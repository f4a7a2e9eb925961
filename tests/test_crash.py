"""Crash safety: builds SIGKILLed at every step and at random moments, a second build refused, a stale lock, a torn
upload. After each kill the previous (or the complete new) index opens and answers; nothing is half-indexed."""

from __future__ import annotations

import json
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.engine import QA
from indexer.build import BuildLocked, build_index
from indexer.manifest import read_manifest
from indexer.store import Store
from tests.crash_child import POINTS
from tests.synth import generate, write
from tests.web_support import ADMIN_TOKEN, LiveServer

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "tests" / "crash_child.py"
QUESTION = "王屋镇2020年收到多少政府信息公开申请？"
DROPPED = "xiguo-2020.txt"  # the child builds update the index by dropping this report (no model needed)
RUNS: list[dict] = []


@pytest.fixture(scope="module", autouse=True)
def summary() -> object:
    """Write what the kill runs did to artifacts/crash-summary.json."""
    yield
    if RUNS:
        (ROOT / "artifacts").mkdir(exist_ok=True)
        (ROOT / "artifacts" / "crash-summary.json").write_text(json.dumps(RUNS, indent=2) + "\n")


@pytest.fixture
def case(seed_index: Path, tmp_path: Path) -> dict[str, Path]:
    """A private copy of the seed index; all seed reports; the seeds but one; the seeds plus a new report."""
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    folders = {name: tmp_path / name for name in ("seeds", "fewer", "more")}
    for folder in folders.values():
        shutil.copytree(ROOT / "reports", folder)
    (folders["fewer"] / DROPPED).unlink()
    write(generate(3, layout="tabs"), folders["more"])  # new text: the child must load the model and embed
    return {"index": index, **folders}


def child(*args: str) -> subprocess.Popen:
    """Start tests/crash_child.py with the arguments."""
    return subprocess.Popen([sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_for_line(proc: subprocess.Popen, want: str, seconds: float = 60) -> None:
    """Wait (bounded) until the child prints the line `want`."""
    deadline = time.time() + seconds
    while time.time() < deadline and proc.poll() is None:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if ready and proc.stdout.readline().strip() == want:  # type: ignore[union-attr]
            return
    raise AssertionError(f"the child never said {want!r} (exit {proc.poll()}): {proc.stderr.read()[-2000:]}")  # type: ignore[union-attr]


def leftovers(index: Path) -> list[str]:
    """Half-built or swapped-out folders beside the index."""
    return sorted(p.name for p in index.parent.glob(f".{index.name}.*") if p.is_dir())


def check_index(index: Path, encoder: object, allowed: set[int]) -> int:
    """The index opens, its manifest and store agree, a figure and a passage question are answered; its size."""
    reports = read_manifest(index)["counts"]["reports"]
    store = Store(index / "facts.sqlite", readonly=True)
    assert len(store.reports()) == reports and reports in allowed
    store.close()
    qa = QA(index, encoder=encoder)
    try:
        answer = qa.ask(QUESTION)
        assert answer["value"] == 2 and answer["facts"][0]["report"] == "wangwu-2020.txt"
        hits = qa.retriever.search("王屋镇通过哪些渠道公开政府信息", k=3)
        assert any("王屋在线" in h.text for h in hits)
    finally:
        qa.close()
    return reports


def restore(case: dict[str, Path], encoder: object) -> None:
    """The next build after a kill: not blocked by the dead build's lock; tidies its leftovers; five seeds again."""
    started = time.perf_counter()
    result = build_index([case["seeds"]], case["index"], model=encoder, progress=False)
    assert result.reports == 5 and time.perf_counter() - started < 60
    assert leftovers(case["index"]) == []


def kill_at(case: dict[str, Path], point: str) -> None:
    """Run a child build of the seeds but one that kills itself at `point`."""
    proc = child("build", point, str(case["index"]), str(case["fewer"]))
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()[-2000:]  # type: ignore[union-attr]


@pytest.mark.parametrize("point", [p for p in POINTS if p != "fallback"])
def test_build_killed_at_each_step(case: dict[str, Path], index_encoder: object, point: str) -> None:
    """SIGKILL while reading, after the vectors, after BM25, with the new index complete, right after the swap,
    and half-way through deleting the old index: the index at DIR opens and answers, old (5) or new (4)."""
    kill_at(case, point)
    swapped = point in ("exchange", "cleanup")
    reports = check_index(case["index"], index_encoder, {4} if swapped else {5})
    RUNS.append({"kill": point, "reports_after": reports, "leftovers": leftovers(case["index"])})
    restore(case, index_encoder)


def test_killed_between_the_two_renames_is_repaired(case: dict[str, Path], index_encoder: object) -> None:
    """Without renameat2 the swap is two renames: killed between them, DIR is missing (never half-written) until
    the next build puts the previous index back (Linux uses the one-step exchange, tested above)."""
    kill_at(case, "fallback")
    assert not case["index"].exists()
    assert [p.split("-")[0] for p in leftovers(case["index"])] == [".index.building", ".index.old"]
    RUNS.append({"kill": "fallback", "reports_after": None, "leftovers": leftovers(case["index"])})
    restore(case, index_encoder)
    check_index(case["index"], index_encoder, {5})


def test_build_killed_at_random_moments(case: dict[str, Path], index_encoder: object) -> None:
    """Four builds killed after a random delay (deterministic seed), one of them embedding a new report."""
    rng = random.Random(20240607)
    for run in range(4):
        embeds = run == 2
        delay = rng.uniform(0.3, 9.0) if embeds else rng.uniform(0.2, 1.2)
        proc = child("build", "none", str(case["index"]), str(case["more" if embeds else "fewer"]))
        time.sleep(delay)
        killed = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        reports = check_index(case["index"], index_encoder, {5, 6} if embeds else {4, 5})
        RUNS.append({"kill": f"random after {delay:.2f}s", "killed": killed, "embeds": embeds,
                     "reports_after": reports, "leftovers": leftovers(case["index"])})
        restore(case, index_encoder)


def test_second_build_refused_then_stale_lock_ignored(case: dict[str, Path], index_encoder: object) -> None:
    """While a build holds the lock a second one (API and CLI) is refused, naming the holder; once that build is
    killed its lock file (with its pid) stays behind but blocks nothing."""
    holder = child("hold", str(case["index"]), str(case["fewer"]))
    try:
        wait_for_line(holder, "locked")
        with pytest.raises(BuildLocked) as refused:
            build_index([case["seeds"]], case["index"], model=index_encoder, progress=False)
        assert "another build" in str(refused.value) and f"pid {holder.pid}" in str(refused.value)
        cli = subprocess.run([sys.executable, "-m", "indexer", "build", str(case["seeds"]), "--index",
                              str(case["index"]), "--quiet"], capture_output=True, text=True, timeout=120, cwd=ROOT)
        last = cli.stderr.strip().splitlines()[-1]
        assert cli.returncode == 1 and last.startswith("error: another build") and "wait for it" in last
    finally:
        holder.kill()
        holder.wait(timeout=30)
    lock = case["index"].parent / f".{case['index'].name}.lock"
    assert lock.read_text().strip() == str(holder.pid)  # stale: its process is gone
    restore(case, index_encoder)
    check_index(case["index"], index_encoder, {5})


def test_torn_upload_leaves_nothing_half_indexed(case: dict[str, Path], index_encoder: object, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An admin upload killed half-way through copying the file: no report file appears, a rebuild adds nothing,
    and the next upload clears the torn copy."""
    from app.web import admin
    from app.web.backend import Backend

    uploads = tmp_path / "uploads"
    monkeypatch.setenv(admin.UPLOAD_DIR_ENV, str(uploads))
    new = tmp_path / "incoming" / "dongpo-2021.txt"
    new.parent.mkdir()
    new.write_text((ROOT / "reports" / "wangwu-2020.txt").read_text(encoding="utf-8").replace("王屋", "东坡")
                   .replace("2020年", "2021年"), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(CHILD), "upload", str(case["index"]), ADMIN_TOKEN, str(new)],
                          capture_output=True, text=True, timeout=120, env={**os.environ})
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    assert [p.name for p in uploads.iterdir()] == [".dongpo-2021.txt.part"]  # torn, and not a report's name
    backend = Backend(case["index"], lambda d: QA(d, encoder=index_encoder))
    result = admin.rebuild_index(backend)
    assert result.reports == 5 and result.added == [] and not result.failures
    assert backend.ask("东坡镇2021年收到多少政府信息公开申请？")["value"] is None
    junk = tmp_path / "incoming" / "notes.exe"
    junk.write_bytes(b"MZ")
    done = admin.upload(backend, ADMIN_TOKEN, [str(junk)], ADMIN_TOKEN)
    assert done["files"][0]["result"] == "refused" and list(uploads.iterdir()) == []


def test_upload_cut_off_mid_request_changes_nothing(web_server: LiveServer) -> None:
    """A client that drops the connection half-way through an upload: the server stays up, the index unchanged."""
    def health() -> dict:
        import urllib.request

        with urllib.request.urlopen(web_server.url + "/health", timeout=30) as r:
            return json.loads(r.read())

    before = health()
    boundary = "----torn"
    head = (f"POST /gradio_api/upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; "
            f"boundary={boundary}\r\nContent-Length: 5000000\r\n\r\n--{boundary}\r\nContent-Disposition: form-data; "
            f'name="files"; filename="torn-2021.txt"\r\nContent-Type: text/plain\r\n\r\n')
    with socket.create_connection(("127.0.0.1", web_server.port), timeout=10) as s:
        s.sendall(head.encode() + "王屋镇人民政府2021年政府信息公开工作年度报告\n".encode() * 2000)
    time.sleep(0.5)
    after = health()
    assert after["status"] == "ok" and after["reports"] == before["reports"] and after["built"] == before["built"]
