"""Load test of the HTTP API: many users asking mixed questions for a while, then a burst that overfills the queue.

    python bench/load.py [--index DIR] [--url URL] [--users 50] [--seconds 60] [--think 1 3] [--burst 200]
                         [--out artifacts/load.json]

Loopback only. Without --url the script serves DIR itself (`python -m app serve`, on a free port of 127.0.0.1)
and stops it at the end; without --index it first builds an index of reports/ in a temporary folder. Each user
asks a figure question (its answer checked against the facts store), then often its follow-up, a passage question
or a question about a body that is not indexed, and pauses `--think` seconds (uniform) between questions, over the
Gradio API's two steps (POST /gradio_api/call/ask → event id; GET …/ask/<id> → the answer as a server-sent event).
Reported: requests, errors (HTTP errors, error events, time-outs), wrong values, p50/p95/max latency per kind. The
burst sends `--burst` questions at once: those past the queue's max_size must get 503 "busy, try again" at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TIMEOUT = 60.0  # seconds a user waits for one answer before counting it an error
# Idle connections are dropped before the server drops them (uvicorn: after 5 s): else a request can go out on a
# connection the server is closing ("Server disconnected without sending a response"), which browsers retry and
# this client would count as an error (1 in 200 of a burst, before).
KEEPALIVE_S = 2.0
ABSENT = ("火星镇", "不存在县", "蓬莱仙岛街道")


@dataclass
class Probe:
    """One question of the mix and the value it must get (None: no figure); a follow-up asked after it."""

    kind: str
    question: str
    value: float | None = None
    follow: Probe | None = None


@dataclass
class Outcome:
    """One request: kind, HTTP status, seconds, and what went wrong (if anything)."""

    kind: str
    status: int
    seconds: float
    error: str = ""
    wrong: bool = False
    busy: bool = False
    result: dict | None = None


@dataclass
class Tally:
    """Every outcome of a run."""

    outcomes: list[Outcome] = field(default_factory=list)

    def summary(self, seconds: float) -> dict:
        """Requests, errors, wrong values, latency percentiles (overall and per kind)."""
        def stats(items: list[Outcome]) -> dict:
            times = sorted(o.seconds for o in items)
            return {"requests": len(items), "errors": sum(bool(o.error) for o in items),
                    "wrong": sum(o.wrong for o in items), "busy": sum(o.busy for o in items),
                    "p50_s": round(percentile(times, 50), 3), "p95_s": round(percentile(times, 95), 3),
                    "max_s": round(times[-1], 3) if times else 0.0}

        kinds = defaultdict(list)
        for o in self.outcomes:
            kinds[o.kind].append(o)
        errors = sorted({o.error for o in self.outcomes if o.error})[:10]
        return {**stats(self.outcomes), "per_second": round(len(self.outcomes) / seconds, 1),
                "kinds": {k: stats(v) for k, v in sorted(kinds.items())}, "error_samples": errors}


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile of sorted values (0 for none)."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def question_mix(index: Path) -> list[Probe]:
    """Figure questions (with follow-ups) for every indexed report, passage questions, absent bodies."""
    from indexer.store import Store

    store = Store(index / "facts.sqlite", readonly=True)
    probes: list[Probe] = []
    for rep in store.reports():
        if not (rep.body and rep.year and rep.n_facts):
            continue
        short = rep.body.removesuffix("人民政府")

        def value(row: str, rep: object = rep) -> float | None:
            facts = store.facts(report=rep.report, table="requests", row=row, column="total")  # type: ignore[attr-defined]
            return facts[0].value if facts else None

        follow = Probe("follow_up", "那予以公开的呢？", value("granted"))
        probes.append(Probe("figure", f"{short}{rep.year}年收到多少政府信息公开申请？", value("new_received"), follow))
        probes.append(Probe("passage", f"{short}通过哪些渠道公开政府信息？"))
    probes += [Probe("absent", f"{name}2020年收到多少政府信息公开申请？") for name in ABSENT]
    store.close()
    return probes


async def ask(client: httpx.AsyncClient, base: str, probe: Probe, state: dict | None = None) -> Outcome:
    """One question over the two-step API, timed; checks the value against the probe's."""
    started = time.perf_counter()
    try:
        posted = await client.post(f"{base}/gradio_api/call/ask", json={"data": [probe.question, state]})
        if posted.status_code != 200:
            body = posted.json() if posted.headers.get("content-type", "").startswith("application/json") else {}
            return Outcome(probe.kind, posted.status_code, time.perf_counter() - started,
                           error="" if body.get("busy") else f"HTTP {posted.status_code}", busy=bool(body.get("busy")),
                           result=body)
        event_id = posted.json()["event_id"]
        event, data = "", None
        async with client.stream("GET", f"{base}/gradio_api/call/ask/{event_id}") as stream:
            async for line in stream.aiter_lines():
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    data = json.loads(line[5:])
                    break
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        return Outcome(probe.kind, 0, time.perf_counter() - started, error=f"{type(exc).__name__}: {exc}"[:200])
    seconds = time.perf_counter() - started
    if event != "complete" or not isinstance(data, list) or not data:
        return Outcome(probe.kind, 200, seconds, error=f"event {event or 'none'}: {str(data)[:150]}")
    result = data[0]
    error = "error answer: " + result["answer"][:150] if result.get("kind") == "error" else ""
    got, want = result.get("value"), probe.value
    wrong = (got is None) != (want is None) or (got is not None and abs(float(got) - float(want)) > 1e-6)
    return Outcome(probe.kind, 200, seconds, error=error, wrong=wrong, result=result)


async def user(client: httpx.AsyncClient, base: str, probes: list[Probe], until: float, think: tuple[float, float],
               rng: random.Random, tally: Tally) -> None:
    """One user: arrive within the first pause, then ask, sometimes follow up, pause, until the time is up."""
    await asyncio.sleep(rng.uniform(0, think[1]))
    while time.monotonic() < until:
        probe = rng.choice(probes)
        out = await ask(client, base, probe)
        tally.outcomes.append(out)
        if probe.follow and out.result and not out.error and rng.random() < 0.6:
            tally.outcomes.append(await ask(client, base, probe.follow, out.result.get("state")))
        await asyncio.sleep(rng.uniform(*think))


async def run_users(base: str, probes: list[Probe], users: int, seconds: float, think: tuple[float, float],
                    seed: int = 7) -> dict:
    """`users` users asking for `seconds` seconds; the summary."""
    tally = Tally()
    limits = httpx.Limits(max_connections=users * 2 + 10, max_keepalive_connections=users * 2,
                          keepalive_expiry=KEEPALIVE_S)
    async with httpx.AsyncClient(timeout=TIMEOUT, limits=limits, trust_env=False) as client:
        until = time.monotonic() + seconds
        started = time.perf_counter()
        await asyncio.gather(*(user(client, base, probes, until, think, random.Random(seed * 1000 + n), tally)
                               for n in range(users)))
        elapsed = time.perf_counter() - started
    return {"users": users, "seconds": round(elapsed, 1), "think_s": list(think), **tally.summary(elapsed)}


async def run_burst(base: str, probes: list[Probe], size: int) -> dict:
    """`size` questions at the same moment: answered, or refused at once with the busy message; never a hang."""
    passages = [p for p in probes if p.kind == "passage"] or probes
    limits = httpx.Limits(max_connections=size + 10, max_keepalive_connections=size, keepalive_expiry=KEEPALIVE_S)
    async with httpx.AsyncClient(timeout=TIMEOUT, limits=limits, trust_env=False) as client:
        started = time.perf_counter()
        outs = await asyncio.gather(*(ask(client, base, passages[n % len(passages)]) for n in range(size)))
        elapsed = time.perf_counter() - started
    busy = [o for o in outs if o.busy]
    return {"sent": size, "answered": sum(o.status == 200 and not o.error for o in outs), "busy": len(busy),
            "errors": sum(bool(o.error) for o in outs), "seconds": round(elapsed, 2),
            "busy_max_s": round(max((o.seconds for o in busy), default=0.0), 3),
            "busy_message": busy[0].result.get("detail") if busy and busy[0].result else None,
            "error_samples": sorted({o.error for o in outs if o.error})[:5]}


async def warm_up(base: str, probes: list[Probe]) -> float:
    """One passage question before the clock starts (the server loads its model on the first); its seconds."""
    async with httpx.AsyncClient(timeout=180, trust_env=False) as client:
        out = await ask(client, base, next(p for p in probes if p.kind == "passage"))
    if out.error:
        raise SystemExit(f"warm-up question failed: {out.error}")
    return round(out.seconds, 2)


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(index: Path) -> tuple[subprocess.Popen, str]:
    """Start `python -m app serve` on a free loopback port; wait (bounded) for /health and the warmed engine."""
    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "app", "serve", "--index", str(index), "--host", "127.0.0.1",
                             "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while time.time() < deadline and proc.poll() is None:
        try:
            info = httpx.get(base + "/health", timeout=5, trust_env=False).json()
            if info.get("engine_loaded"):
                return proc, base
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"the server did not start (exit {proc.poll()})")


def main(argv: list[str] | None = None) -> int:
    """Run the load test and the burst; print and optionally save the summary."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="index folder (default: build one of reports/ in a temp folder)")
    ap.add_argument("--url", help="an app already serving --index (default: serve it here)")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"),
                    help="pause between a user's questions, seconds (default 1 3)")
    ap.add_argument("--burst", type=int, default=200, help="questions sent at once after the run (0: none)")
    ap.add_argument("--out", type=Path, help="write the summary as JSON here")
    args = ap.parse_args(argv)
    index = args.index
    if index is None:
        from indexer.build import build_index

        index = Path(tempfile.mkdtemp(prefix="govqa-load-")) / "index"
        print(f"building {index} from reports/ …", flush=True)
        build_index([ROOT / "reports"], index, progress=False)
    proc, base = (None, args.url.rstrip("/")) if args.url else serve(index)
    try:
        probes = question_mix(index)
        warm = asyncio.run(warm_up(base, probes))  # the model loads on the first passage question
        print(f"{args.users} users, {args.seconds:.0f} s, think {args.think[0]}-{args.think[1]} s, "
              f"{len(probes)} questions in the mix, against {base}", flush=True)
        load = asyncio.run(run_users(base, probes, args.users, args.seconds, tuple(args.think)))
        burst = asyncio.run(run_burst(base, probes, args.burst)) if args.burst else None
        health = httpx.get(base + "/health", timeout=10, trust_env=False).json()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    summary = {"warm_up_s": warm, "load": load, "burst": burst, "server_after": health.get("status")}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if load["errors"] or load["wrong"] or (burst and burst["errors"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
