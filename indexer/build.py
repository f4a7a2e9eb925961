"""Build an index folder from report files: facts store, passages, vectors (FAISS), BM25 and a manifest.

Incremental: a report whose file is unchanged (same name and sha256) is taken back from the previous index
without re-reading it, and every passage text already embedded keeps its vector; only new text is embedded.
Atomic: the new index is written into a temporary folder beside DIR and swapped in with one rename, so DIR
always holds a complete index; a lock file beside DIR refuses a second build at the same time (indexer/atomic.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from tqdm import tqdm

from indexer.atomic import BuildError, BuildLocked, beside, build_lock, check_target, swap_in, tidy
from indexer.check import check_report
from indexer.embed.encoder import BACKEND_ENV, Encoder, backend_file, default_backend, resolve_model
from indexer.lexical import BM25_B, BM25_DIR, BM25_K1, DEFAULT_TOKENIZER, build_bm25, save_bm25
from indexer.manifest import (
    FACTS,
    MANIFEST,
    IndexUnusable,
    check_versions,
    model_fingerprint,
    read_manifest,
    versions,
    write_manifest,
)
from indexer.model import Report
from indexer.passages import chunker_settings, search_text, split_report
from indexer.read import find_reports, read_report
from indexer.store import Store
from indexer.vectors import VECTOR_KEYS, VECTORS, make_index, stored_vectors, text_key, write_vectors

EMBED_GROUP = 256  # texts gathered before one call to the model (it sorts them by length and batches by 32)
BATCH_SIZE = 32


@dataclass
class BuildResult:
    """What a build did."""

    index_dir: Path
    reports: int = 0
    facts: int = 0
    passages: int = 0
    embedded: int = 0  # passage texts run through the model
    reused: int = 0  # passage vectors copied from the previous index
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    seconds: float = 0.0
    vector_index: str = "flat"

    def summary(self) -> str:
        """One paragraph for people: counts, speed, then each bad report with its reason."""
        rate = self.reports / self.seconds if self.seconds else 0.0
        lines = [f"indexed {self.reports} reports into {self.index_dir} in {self.seconds:.1f}s ({rate:.1f} reports/s): "
                 f"{len(self.added)} added, {len(self.changed)} changed, {len(self.unchanged)} unchanged, "
                 f"{len(self.removed)} removed; {self.facts} facts, {self.passages} passages "
                 f"({self.embedded} embedded, {self.reused} reused), vectors: {self.vector_index}"]
        if self.failures:
            lines.append(f"{len(self.failures)} report(s) could not be indexed:")
            lines += [f"  {path}: {reason}" for path, reason in self.failures]
        return "\n".join(lines)


# ---- the previous index -------------------------------------------------------------------------------


class _Previous:
    """What a build may take back from the previous index at the same folder."""

    def __init__(self, index_dir: Path) -> None:
        self.manifest: dict = {}
        self.store: Store | None = None
        self.hashes: dict[str, str] = {}
        self.reports_reusable = False
        if not (index_dir / MANIFEST).exists():
            return
        try:
            self.manifest = read_manifest(index_dir)
            self.store = Store(index_dir / FACTS, readonly=True)
            self.hashes = self.store.hashes()
            check_versions(self.manifest, index_dir)
            self.reports_reusable = True
        except IndexUnusable as exc:
            print(f"note: {exc}; re-reading every report", file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 - a damaged previous index is rebuilt from scratch
            print(f"note: previous index at {index_dir} unreadable ({exc}); building from scratch", file=sys.stderr)
            self.hashes = {}

    def vectors(self, index_dir: Path, model: dict) -> dict[bytes, np.ndarray]:
        """text key -> vector, if the previous index was embedded by the same model and backend; else {}."""
        built = self.manifest.get("model", {})
        same = built.get("name") == model["name"] and built.get("fingerprint") == model["fingerprint"]
        same = same and (built.get("backend") or "torch") == model["backend"]
        return stored_vectors(index_dir) if same else {}

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def embed_dtype() -> str:
    """bfloat16 where the CPU computes it natively (AVX512-BF16 or AMX: ~2x faster embedding, cosine to float32
    ~0.9999), else float32; $GOVQA_BUILD_DTYPE overrides."""
    chosen = os.environ.get("GOVQA_BUILD_DTYPE")
    if chosen:
        return chosen
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "float32"
    return "bfloat16" if re.search(r"\b(avx512_bf16|amx_bf16)\b", flags) else "float32"


class _Model:
    """The embedding model and its backend, loaded only when there is text to embed."""

    def __init__(self, model: str | Encoder | None, dtype: str = "auto", backend: str | None = None,
                 previous: dict | None = None) -> None:
        self.encoder = model if isinstance(model, Encoder) else None
        self.location = self.encoder.location if self.encoder else resolve_model(model)
        local = Path(self.location).is_dir()
        self.name = self.encoder.name if self.encoder else (Path(self.location).name if local else self.location)
        self.backend = self.encoder.backend if self.encoder else (backend or self._default(previous or {}))
        self.dtype = embed_dtype() if dtype == "auto" else dtype
        self.fingerprint = model_fingerprint(self.location, self.backend)

    def _default(self, previous: dict) -> str:
        """$GOVQA_BACKEND; else the previous index's backend (its vectors are reused; --backend to change it)
        where its file is here; else default_backend (onnx-int8 where exported)."""
        kept = (previous.get("backend") or "torch") if previous.get("name") == self.name else None
        if os.environ.get(BACKEND_ENV) or kept is None:
            return default_backend(self.location)
        file = backend_file(kept)
        return kept if file is None or (Path(self.location) / file).is_file() else default_backend(self.location)

    def get(self) -> Encoder:
        if self.encoder is None:
            self.encoder = Encoder(self.location, dtype=self.dtype, backend=self.backend)
        return self.encoder

    def identity(self) -> dict:
        return {"name": self.name, "fingerprint": self.fingerprint, "backend": self.backend}

    def describe(self, previous: dict) -> dict:
        """The manifest's model entry (from the previous manifest when the model never had to be loaded)."""
        same = previous.get("name") == self.name and (previous.get("backend") or "torch") == self.backend
        if self.encoder is None and same and previous.get("dim"):
            return {**previous, "location": self.location, "fingerprint": self.fingerprint}
        enc = self.get()
        return {"name": enc.name, "location": enc.location, "fingerprint": self.fingerprint, "dim": enc.dim,
                "backend": enc.backend, "file": enc.file or "model.safetensors",
                "query_prefix": enc.query_prefix, "passage_prefix": enc.passage_prefix,
                "max_seq_length": enc.max_seq_length, "build_dtype": enc.dtype}


# ---- the build -----------------------------------------------------------------------------------------


def _read(path: Path, sha: str, previous: _Previous) -> tuple[Report, bool]:
    """The report of one file: taken back from the previous index when unchanged, else read and parsed."""
    if previous.reports_reusable and previous.store and previous.hashes.get(path.name) == sha:
        report = previous.store.load_report(path.name)
        if report is not None:
            report.path = str(path)
            return report, True
    return read_report(path), False


def build_index(paths: Sequence[str | Path], index_dir: str | Path, model: str | Encoder | None = None,
                progress: bool | None = None, dtype: str = "auto", backend: str | None = None) -> BuildResult:
    """Build (or update) the index at index_dir from the reports under paths; see the module docstring.

    model: a sentence-transformers name or path, or a loaded Encoder (default: the bundled e5 model);
    progress: a tqdm bar on stderr (None: only on a terminal); backend: torch, onnx or onnx-int8 (None:
    $GOVQA_BACKEND, else the previous index's, else onnx-int8 where `make model` exported it); dtype: the torch
    model's dtype for passages ('auto': bfloat16 where the CPU has it natively)."""
    started = time.perf_counter()
    index_dir = Path(index_dir).resolve()
    with build_lock(index_dir):
        tidy(index_dir)
        check_target(index_dir)
        tmp = beside(index_dir, f"building-{os.getpid()}")
        tmp.mkdir(parents=True)
        previous = _Previous(index_dir)
        try:
            embedder = _Model(model, dtype, backend, previous.manifest.get("model"))
            result = _build_into(tmp, [Path(p) for p in paths], index_dir, embedder, previous, progress)
            previous.close()
            result.seconds = time.perf_counter() - started
            _finish_manifest(tmp, result)
            swap_in(tmp, index_dir)
        except BaseException:
            previous.close()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return result


def _build_into(tmp: Path, paths: list[Path], index_dir: Path, model: _Model, previous: _Previous,
                progress: bool | None) -> BuildResult:
    """Write every file of the new index into tmp (the manifest last, by the caller)."""
    result = BuildResult(index_dir=index_dir)
    files = find_reports(paths)
    result.failures += [(str(p), "no such file or folder") for p in paths if not p.exists()]
    files = [f for f in files if f.exists()]
    known = previous.vectors(index_dir, model.identity())
    store = Store(tmp / FACTS)
    texts: list[str] = []
    vectors: list[np.ndarray | None] = []
    pending: list[int] = []
    seen: dict[str, Path] = {}
    show = sys.stderr.isatty() if progress is None else progress
    bar = tqdm(total=len(files), unit="report", disable=not show, file=sys.stderr, dynamic_ncols=True)
    waiting = 0

    def flush() -> None:
        nonlocal waiting
        if pending:
            out = model.get().encode_passages([texts[i] for i in pending], batch_size=BATCH_SIZE)
            for i, v in zip(pending, out, strict=True):
                vectors[i] = v
            result.embedded += len(pending)
            pending.clear()
        bar.update(waiting)
        bar.set_postfix(passages=len(texts), embedded=result.embedded, refresh=False)
        waiting = 0

    for path in files:
        waiting += 1
        if path.name in seen:
            result.failures.append((str(path), f"same file name as {seen[path.name]} (reports are keyed by name)"))
            continue
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            report, reused = _read(path, sha, previous)
            findings = check_report(report)
            passages = split_report(report)
        except Exception as exc:  # noqa: BLE001 - a bad report is listed, never stops the build
            result.failures.append((str(path), f"{type(exc).__name__}: {exc}"))
            continue
        seen[path.name] = path
        status = "unchanged" if previous.hashes.get(path.name) == sha else (
            "changed" if path.name in previous.hashes else "added")
        getattr(result, status).append(path.name)
        for text in store_report(store, report, sha, findings, passages, len(texts)):
            vectors.append(known.get(text_key(text)))
            if vectors[-1] is None:
                pending.append(len(texts))
            texts.append(text)
        result.reports += 1
        result.facts += len(report.facts)
        if len(pending) >= EMBED_GROUP or not pending:
            flush()
    flush()
    bar.close()
    store.commit()
    store.close()
    result.removed = sorted(set(previous.hashes) - set(seen))
    if not result.reports:
        raise BuildError("no report could be read" + "".join(f"\n  {p}: {r}" for p, r in result.failures)
                         + f"\nthe index at {index_dir} is left as it was")
    result.passages = len(texts)
    result.reused = result.passages - result.embedded
    _write_search_files(tmp, texts, vectors, model, previous, result)
    return result


def store_report(store: Store, report: Report, sha: str, findings: list, passages: list,
                 first_id: int) -> list[str]:
    """Write a read report, its consistency findings and its passages (ids from first_id) into the store; the
    passages' search texts (what is embedded and BM25-indexed), in order."""
    report_id = store.add_report(report, sha, findings)
    store.add_passages(report_id, [(first_id + i, p.part, p.kind, p.first_line, p.last_line, p.text)
                                   for i, p in enumerate(passages)])
    return [search_text(p, report.body, report.year) for p in passages]


def _write_search_files(tmp: Path, texts: list[str], vectors: list[np.ndarray | None], model: _Model,
                        previous: _Previous, result: BuildResult) -> None:
    """vectors.faiss (+ keys), bm25/ and the manifest's body (counts and build time are added last)."""
    info = model.describe(previous.manifest.get("model", {}))
    matrix = np.stack(vectors).astype(np.float32) if vectors else np.zeros((0, info["dim"]), dtype=np.float32)
    index, vector_info = make_index(matrix)
    write_vectors(tmp, index, [text_key(t) for t in texts])
    result.vector_index = vector_info["type"]
    save_bm25(build_bm25(texts, DEFAULT_TOKENIZER), tmp)
    write_manifest(tmp, {
        **versions(),
        "model": info,
        "chunker": chunker_settings(),
        "search_text": "body + year + part name, '：', then the passage text",
        "lexical": {"library": "bm25s", "tokenizer": DEFAULT_TOKENIZER, "k1": BM25_K1, "b": BM25_B, "dir": BM25_DIR},
        "vectors": {"file": VECTORS, "keys": VECTOR_KEYS, **vector_info},
        "files": {"facts": FACTS, "vectors": VECTORS, "vector_keys": VECTOR_KEYS, "bm25": BM25_DIR + "/"},
    })


def _finish_manifest(tmp: Path, result: BuildResult) -> None:
    """Add build time, counts and failures to the manifest written in tmp."""
    manifest = read_manifest(tmp)
    store = Store(tmp / FACTS, readonly=True)
    figures = store.db.execute("SELECT COUNT(*) FROM passages WHERE kind = 'figures'").fetchone()[0]
    store.close()
    manifest.update({
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_seconds": round(result.seconds, 2),
        "counts": {"reports": result.reports, "facts": result.facts, "passages": result.passages,
                   "figures_passages": figures, "embedded": result.embedded, "reused": result.reused,
                   "failed": len(result.failures)},
        "failures": [{"path": p, "reason": r} for p, r in result.failures],
    })
    write_manifest(tmp, manifest)



__all__ = ["BuildError", "BuildLocked", "BuildResult", "build_index", "build_lock", "embed_dtype"]
