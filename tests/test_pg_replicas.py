"""Two `app serve` replicas on one PostgreSQL: the load spread over both, one killed mid-run (the other answers
everything, 0 wrong), then a build while the survivor serves (every answer from one complete generation)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from tests.replicas import Balancer, Replica

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "eval" / "seed_questions.jsonl"
CHANGED = "王屋镇2020年收到多少政府信息公开申请？"
ROUNDS = 3


def load_questions() -> list[str]:
    """The seed questions about figures and passages (the figure ones checked by value and text)."""
    rows = [json.loads(line) for line in SEEDS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["q"] for r in rows if r["kind"] in ("fact_zh", "fact_en", "passage_zh", "absent", "aggregate")]


def figure_changed(folder: Path) -> Path:
    """reports/ with 王屋镇 2020's new requests printed as 7 (natural persons 7) instead of 2."""
    shutil.copytree(ROOT / "reports", folder)
    path = folder / "wangwu-2020.txt"
    text = path.read_text(encoding="utf-8")
    old = "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2"
    assert old in text
    path.write_text(text.replace(old, "一、本年新收政府信息公开申请数量 7 0 0 0 0 0 7"), encoding="utf-8")
    return folder


def test_replicas_survive_a_kill_and_a_build(pg_seed_copy: str, tmp_path: Path, index_encoder: object) -> None:
    from app.engine import QA

    questions = load_questions()
    qa = QA(pg_seed_copy, encoder=index_encoder)
    expected = {q: qa.ask(q) for q in questions}
    qa.close()
    assert expected[CHANGED]["value"] == 2
    replicas = [Replica(pg_seed_copy, tmp_path / "a.log"), Replica(pg_seed_copy, tmp_path / "b.log")]
    try:
        for r in replicas:
            r.wait()
        balancer = Balancer(replicas)
        asked = questions * ROUNDS
        answers: list[tuple[str, dict]] = []
        with ThreadPoolExecutor(4) as pool:
            futures = {pool.submit(balancer.ask, q): q for q in asked}
            for done, future in enumerate(as_completed(futures), 1):
                answers.append((futures[future], future.result()))
                if done == len(asked) // 3:
                    replicas[0].kill()  # mid-run: its in-flight and later requests go to the other replica
        wrong = [q for q, a in answers if (a.get("value"), a.get("answer")) != (expected[q].get("value"),
                                                                                 expected[q].get("answer"))]
        assert len(answers) == len(asked) and wrong == []
        a, b = (balancer.served[r.port] for r in replicas)
        assert a >= len(asked) // 3 // 2 and b > a and balancer.skipped > 0, (a, b, balancer.skipped)

        env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
        build = subprocess.Popen([sys.executable, "-m", "indexer", "build", str(figure_changed(tmp_path / "r")),
                                  "--index", pg_seed_copy, "--quiet"], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        others = [q for q in questions if "王屋" not in q and "王屋" not in expected[q]["answer"]][:3]
        during: list[tuple[str, dict]] = []
        while build.poll() is None:
            for q in (CHANGED, *others):
                during.append((q, balancer.ask(q)))
        assert build.returncode == 0, build.stderr.read() if build.stderr else ""
        after = balancer.ask(CHANGED)
    finally:
        for r in replicas:
            r.stop()
    assert during and {a["value"] for q, a in during if q == CHANGED} <= {2, 7}
    assert [q for q, a in during if q != CHANGED and a.get("answer") != expected[q].get("answer")] == []
    assert after["value"] == 7 and "7" in after["answer"]
