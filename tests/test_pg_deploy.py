"""deploy/serve.sh as documented in docs/scaling.md: two replicas on one PostgreSQL behind nginx (no containers);
clients spread over both, and every question still answered once one replica is killed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.replicas import ask, free_port

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "王屋镇2020年收到多少政府信息公开申请？"
CLIENTS = [f"client-{i}" for i in range(8)]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=5) as r:
            return bool(json.loads(r.read()).get("engine_loaded"))
    except OSError:
        return False


@pytest.mark.skipif(shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(), reason="no nginx")
def test_serve_script_two_replicas_behind_nginx(pg_seed: str, tmp_path: Path) -> None:
    base, port = free_port(), free_port()
    env = {**os.environ, "GOVQA_INDEX_URL": pg_seed, "PYTHON": sys.executable, "BASE_PORT": str(base - 1),
           "RUN_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1",
           "PATH": os.environ.get("PATH", "") + ":/usr/sbin"}
    script = subprocess.Popen(["bash", str(ROOT / "deploy" / "serve.sh"), "2", str(port)], env=env,
                              start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    front = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while not all(healthy(f"http://127.0.0.1:{p}") for p in (base, base + 1)) or not healthy(front):
            assert script.poll() is None and time.monotonic() < deadline, script.stdout.read() if script.stdout else ""
            time.sleep(1)
        for client in CLIENTS:
            assert ask(front, QUESTION, headers={"X-GovQA-Client": client})["value"] == 2
        used = {line.rsplit("upstream=", 1)[1].split(",")[0].strip()
                for line in (tmp_path / "nginx-access.log").read_text().splitlines() if "call/ask" in line}
        assert used == {f"127.0.0.1:{base}", f"127.0.0.1:{base + 1}"}
        os.kill(int((tmp_path / "replica-1.pid").read_text()), signal.SIGKILL)
        after = {}
        for client in CLIENTS:
            for attempt in range(2):  # a client whose question was cut by the kill asks once more, as a browser would
                try:
                    after[client] = ask(front, QUESTION, headers={"X-GovQA-Client": client})["value"]
                    break
                except Exception as exc:  # noqa: BLE001 - shown with nginx's log below
                    after[client] = repr(exc)
                    time.sleep(1 + attempt)
        log = (tmp_path / "nginx-error.log").read_text()[-3000:]
        assert set(after.values()) == {2}, (after, log)
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGTERM)
            script.wait(60)
