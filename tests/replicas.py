"""App replicas as separate `python -m app serve` processes, and a client that spreads questions over them the
way a load balancer does (round robin; a replica that refuses the connection is skipped, as nginx's
proxy_next_upstream does). Used by tests/test_pg_replicas.py and bench/pg.py."""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Replica:
    """One `python -m app serve --index LOCATION` process on a free port."""

    def __init__(self, location: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "GOVQA_INDEX_URL": location}
        self.log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--port", str(self.port)], cwd=ROOT,
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait(self, seconds: float = 300) -> Replica:
        """Until /health says ok and the engine is loaded (warm), or RuntimeError."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"replica on {self.port} exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=5) as r:
                    health = json.loads(r.read())
                    if health.get("status") == "ok" and health.get("engine_loaded"):
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"replica on {self.port} did not start in {seconds:.0f} s")

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(30)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


def ask(base: str, question: str, timeout: float = 120, headers: dict | None = None) -> dict:
    """One question over the Gradio API (POST call/ask, then its event stream); the answer JSON."""
    posted = httpx.post(f"{base}/gradio_api/call/ask", json={"data": [question, None]}, timeout=timeout,
                        headers=headers)
    posted.raise_for_status()
    event_id = posted.json()["event_id"]
    event = ""
    with httpx.stream("GET", f"{base}/gradio_api/call/ask/{event_id}", timeout=timeout, headers=headers) as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = json.loads(line[5:])
                if event != "complete" or not data:
                    raise RuntimeError(f"event {event}: {data}")
                return data[0]
    raise RuntimeError(f"no answer (last event {event or 'none'})")


class Balancer:
    """Round robin over replicas; a refused connection moves on to the next one (counted in `skipped`)."""

    def __init__(self, replicas: list[Replica]) -> None:
        self.replicas = replicas
        self._next = itertools.cycle(range(len(replicas)))
        self._lock = threading.Lock()
        self.skipped = 0
        self.served: dict[int, int] = {r.port: 0 for r in replicas}

    def ask(self, question: str) -> dict:
        with self._lock:
            first = next(self._next)
        for i in range(len(self.replicas)):
            replica = self.replicas[(first + i) % len(self.replicas)]
            try:
                answer = ask(replica.url, question)
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError):
                with self._lock:
                    self.skipped += 1
                continue
            with self._lock:
                self.served[replica.port] += 1
            return answer
        raise RuntimeError("no replica answered")
