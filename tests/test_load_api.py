"""The HTTP API under load: a small version of bench/load.py, and a full queue answering "busy, try again" at once."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import threading
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from tests.web_support import ROOT, LiveServer


def bench_load() -> ModuleType:
    """bench/load.py as a module."""
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_five_users_for_five_seconds(web_server: LiveServer, web_index: Path) -> None:
    """5 users asking figure, follow-up, passage and absent questions over the HTTP API: no error, no wrong value."""
    load = bench_load()
    probes = load.question_mix(web_index)
    asyncio.run(load.warm_up(web_server.url, probes))
    summary = asyncio.run(load.run_users(web_server.url, probes, users=5, seconds=5, think=(0.1, 0.4)))
    assert summary["requests"] >= 10 and summary["errors"] == 0 and summary["wrong"] == 0, summary
    assert {"figure", "passage", "absent"} <= set(summary["kinds"])


class HeldEngine:
    """An engine whose answers wait until the test releases them, so the queue stays full as long as needed."""

    def __init__(self) -> None:
        self.started = threading.Event()  # an answer is running (and holds the one slot)
        self.release = threading.Event()  # the test lets the answers finish

    def ask(self, question: str, state: object = None) -> dict:
        """Answer nothing, once released."""
        self.started.set()
        self.release.wait(timeout=60)
        return {"answer": "ok", "value": None, "facts": [], "passages": []}


def test_full_queue_answers_busy_at_once(web_index: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One answer at a time, two waiting at most: the rest of eight questions asked at once get 503 with the
    bilingual busy message and Retry-After while the first answer is held; the others are answered after."""
    import app.web
    from app.web import build_app
    from app.web.busy import BUSY_MESSAGE, RETRY_AFTER_SECONDS

    monkeypatch.setattr(app.web, "QUEUE", {"default_concurrency_limit": 1, "max_size": 2})
    load = bench_load()
    engine = HeldEngine()
    with LiveServer(build_app(web_index, engine_factory=lambda _: engine)) as server:
        probe = load.Probe("absent", "火星镇2020年收到多少政府信息公开申请？")

        async def flood() -> tuple[list, httpx.Response]:
            async with httpx.AsyncClient(timeout=60, trust_env=False) as client:
                asked = [asyncio.create_task(load.ask(client, server.url, probe)) for _ in range(8)]
                assert await asyncio.to_thread(engine.started.wait, 30)  # one answer runs and is held
                await asyncio.wait(asked, return_when=asyncio.FIRST_COMPLETED)  # a refusal: the queue has filled
                # Gradio may have let only one wait so far, so an extra question can still find room, but by the
                # third the queue is full: nothing is answered until the test releases the engine.
                for _ in range(3):
                    extra = await client.post(f"{server.url}/gradio_api/call/ask",
                                              json={"data": [probe.question, None]})
                    if extra.status_code != 200:
                        break
                engine.release.set()
                return await asyncio.gather(*asked), extra

        try:
            outs, extra = asyncio.run(flood())
        finally:
            engine.release.set()
    busy, answered = [o for o in outs if o.busy], [o for o in outs if not o.busy]
    assert len(busy) >= 3 and answered and all(o.status == 200 and not o.error for o in answered)
    assert max(o.seconds for o in busy) < min(o.seconds for o in answered)  # refused at once, not after a wait
    assert extra.status_code == 503 and extra.json() == {"detail": BUSY_MESSAGE, "busy": True}
    assert extra.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
