"""Passage retrieval over an index folder: metadata filters first, then BM25 and dense vectors fused by RRF.

    r = Retriever("index/")
    r.search("王屋镇通过哪些渠道公开政府信息", k=3, body="王屋镇")   # -> [Hit, ...] best first

Everything a query needs is loaded once: the manifest (checked against this code and the model), the passage
metadata as arrays, the FAISS vectors and the BM25 matrix. A filter is applied before ranking, so a search
with a filter ranks only the allowed passages.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from indexer.embed.encoder import BACKEND_ENV, DEFAULT_MODEL_DIR, Encoder
from indexer.lexical import TOKENIZERS, bm25_scores, load_bm25
from indexer.manifest import (
    FACTS,
    IndexMismatch,
    IndexUnusable,
    built_backend,
    check_backend,
    check_model,
    check_versions,
    model_fingerprint,
    read_manifest,
)
from indexer.store import Store
from indexer.text import CJK
from indexer.vectors import flat_part, read_vectors, vector_matrix

MODES = ("hybrid", "bm25", "dense")
_LATIN = re.compile(r"[A-Za-z]+")
RRF_K = 60  # reciprocal-rank fusion: score = sum over rankings of 1 / (RRF_K + rank)
DEPTH = 50  # candidates taken from each ranking before fusion
LATIN_BM25_WEIGHT = 0.25  # bench/retrieval.py: English questions lose recall when BM25 counts fully
SUBSET_NUMPY = 50_000  # a filtered dense search scores up to this many allowed vectors with numpy
QUERY_THREADS_ENV = "GOVQA_QUERY_THREADS"  # an ONNX query encoder's session threads (default 1, as app.engine's)


@dataclass(frozen=True)
class Hit:
    """One retrieved passage with its report, place in the report and score (higher is better)."""

    passage_id: int
    report: str
    body: str | None
    year: int | None
    part: int | None
    line: int
    last_line: int
    text: str
    score: float
    kind: str  # 'prose' or 'figures'

    def to_dict(self) -> dict:
        return {"passage_id": self.passage_id, "report": self.report, "body": self.body, "year": self.year,
                "part": self.part, "line": self.line, "last_line": self.last_line, "text": self.text,
                "score": self.score, "kind": self.kind}


def _model_location(built: dict) -> str:
    """Where to load the index's model from: its recorded location, else the bundled model of the same name."""
    location = built.get("location") or built.get("name") or ""
    if Path(location).is_dir():
        return location
    if built.get("name") == DEFAULT_MODEL_DIR.name and DEFAULT_MODEL_DIR.is_dir():
        return str(DEFAULT_MODEL_DIR)
    return built.get("name") or location


def cached_vector(lock: threading.Lock, cache: OrderedDict[str, np.ndarray], query: str,
                  encode: Callable[[], np.ndarray]) -> np.ndarray:
    """A query's vector from the cache of the last 256 questions, else encoded and kept."""
    with lock:
        if query in cache:
            cache.move_to_end(query)
            return cache[query]
    vector = encode()
    with lock:
        cache[query] = vector
        while len(cache) > 256:
            cache.popitem(last=False)
    return vector


def check_encoder(manifest: dict, where: str | Path, encoder: Encoder) -> None:
    """Refuse a query encoder with another model or backend than the one that built the index."""
    backend = getattr(encoder, "backend", "torch")
    check_model(manifest, where, encoder.name, encoder.dim, model_fingerprint(encoder.location, backend), backend)


def index_encoder(manifest: dict, where: str | Path) -> Encoder:
    """The index's own model and backend as a query encoder (checked)."""
    backend = built_backend(manifest)
    threads = None if backend == "torch" else int(os.environ.get(QUERY_THREADS_ENV) or 1)
    encoder = Encoder(_model_location(manifest.get("model", {})), backend=backend, threads=threads)
    check_encoder(manifest, where, encoder)
    return encoder


class Retriever:
    """Hybrid passage search over one index folder; refuses an index built by another model or parser."""

    def __init__(self, index_dir: str | Path, encoder: Encoder | None = None) -> None:
        self.index_dir = Path(index_dir)
        self.manifest = read_manifest(self.index_dir)
        check_versions(self.manifest, self.index_dir)
        self._encoder = encoder
        if encoder is not None:
            check_encoder(self.manifest, self.index_dir, encoder)
        else:
            check_backend(self.manifest, self.index_dir, os.environ.get(BACKEND_ENV))
        self.tokenizer = self.manifest.get("lexical", {}).get("tokenizer", "")
        if self.tokenizer not in TOKENIZERS:
            raise IndexMismatch(f"index {self.index_dir} uses BM25 tokeniser {self.tokenizer!r}, unknown to this code")
        try:
            self.store = Store(self.index_dir / FACTS, readonly=True)
            self._load()
        except (OSError, RuntimeError, ValueError) as exc:
            raise IndexUnusable(f"index {self.index_dir} is incomplete ({exc}): rebuild it") from exc
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self) -> None:
        """Passage metadata as arrays, the vectors and the BM25 matrix."""
        rows = self.store.passage_rows()
        self.size = len(rows)
        if any(pid != i for i, (pid, *_) in enumerate(rows)):
            raise ValueError("passage ids are not 0..n-1")
        reports: dict[str, int] = {}
        self._reports: list[tuple[str, str | None, int | None]] = []  # (report, body, year)
        for _, report, body, year, *_ in rows:
            if report not in reports:
                reports[report] = len(self._reports)
                self._reports.append((report, body, year))
        self._report_of = np.array([reports[r[1]] for r in rows], dtype=np.int32)
        self._part = np.array([r[4] or 0 for r in rows], dtype=np.int8)
        self._index = read_vectors(self.index_dir)
        if self._index.ntotal != self.size:
            raise ValueError(f"{self._index.ntotal} vectors for {self.size} passages")
        self._flat = flat_part(self._index)
        self._matrix = vector_matrix(self._index)
        self._bm25 = load_bm25(self.index_dir) if self.size else None

    @property
    def encoder(self) -> Encoder:
        """The query encoder: the one given, else the index's own model and backend, loaded on first use."""
        if self._encoder is None:
            self._encoder = index_encoder(self.manifest, self.index_dir)
        return self._encoder

    # ---- filters -------------------------------------------------------------------------------------

    def _report_ids(self, body: str | None, year: int | None) -> list[int]:
        """Reports matching year and body: the body as printed, else one name containing the other (王屋镇)."""
        chosen = [i for i, (_, _, y) in enumerate(self._reports) if year is None or y == year]
        if body is None:
            return chosen
        exact = [i for i in chosen if self._reports[i][1] == body]
        return exact or [i for i in chosen if (b := self._reports[i][1]) and (body in b or b in body)]

    def allowed(self, body: str | None = None, year: int | None = None, part: int | None = None) -> np.ndarray | None:
        """Passage ids passing the filters (None when there is no filter)."""
        if body is None and year is None and part is None:
            return None
        mask = np.ones(self.size, dtype=bool)
        if body is not None or year is not None:
            mask &= np.isin(self._report_of, np.array(self._report_ids(body, year), dtype=np.int32))
        if part is not None:
            mask &= self._part == part
        return np.flatnonzero(mask)

    # ---- rankings ------------------------------------------------------------------------------------

    def _query_vector(self, query: str) -> np.ndarray:
        return cached_vector(self._lock, self._queries, query, lambda: self.encoder.encode_queries([query])[0])

    def dense(self, query: str, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        """(passage id, cosine) best first, among the allowed passages."""
        q = self._query_vector(query)
        if allowed is not None and len(allowed) <= SUBSET_NUMPY:
            return _top(self._matrix[allowed] @ q, depth, allowed)
        params = None
        index = self._index
        if allowed is not None:  # a large subset: exact search on the flat vectors, others skipped
            params, index = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64))), self._flat
        scores, ids = index.search(q[None, :], min(depth, self.size), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def lexical(self, query: str, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        """(passage id, BM25 score) best first, among the allowed passages that share a token with the query."""
        scores = bm25_scores(self._bm25, query, self.tokenizer)
        hits = _top(scores, depth) if allowed is None else _top(scores[allowed], depth, allowed)
        return [(i, s) for i, s in hits if s > 0]

    def search(self, query: str, k: int = 5, body: str | None = None, year: int | None = None,
               part: int | None = None, mode: str = "hybrid") -> list[Hit]:
        """The k passages that best answer the query among those of the given body, year and part."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        allowed = self.allowed(body, year, part)
        if not query.strip() or not self.size or (allowed is not None and not len(allowed)):
            return []
        if mode == "bm25":
            ranked = self.lexical(query, k, allowed)
        elif mode == "dense":
            ranked = self.dense(query, k, allowed)
        else:
            ranked = fuse([self.lexical(query, DEPTH, allowed), self.dense(query, DEPTH, allowed)],
                          [bm25_weight(query), 1.0])[:k]
        return self._hits(ranked[:k])

    def _hits(self, ranked: list[tuple[int, float]]) -> list[Hit]:
        with self._lock:
            rows = self.store.passages([i for i, _ in ranked])
        return [Hit(i, rows[i]["report"], rows[i]["body"], rows[i]["year"], rows[i]["part"], rows[i]["line"],
                    rows[i]["last_line"], rows[i]["text"], score, rows[i]["kind"]) for i, score in ranked]

    def close(self) -> None:
        self.store.close()


def bm25_weight(query: str) -> float:
    """The weight of the BM25 ranking in the fusion: 1 for a Chinese query, less when Latin words dominate it
    (an English question shares only its Chinese names with the passages, which every passage of a report has)."""
    cjk = len(CJK.findall(query))
    latin = len(_LATIN.findall(query))
    return 1.0 if cjk >= 2 * latin else LATIN_BM25_WEIGHT


def _top(scores: np.ndarray, depth: int, ids: np.ndarray | None = None) -> list[tuple[int, float]]:
    """The depth best (id, score), best first, equal scores by id (as the PostgreSQL backend orders them); ids maps
    positions in scores to passage ids (ascending)."""
    if not len(scores):
        return []
    depth = min(depth, len(scores))
    cut = scores[np.argpartition(-scores, depth - 1)[depth - 1]]
    best = np.flatnonzero(scores >= cut)  # every score tied with the last one kept, so that ties go by id
    best = best[np.lexsort((best, -scores[best]))][:depth]
    return [(int(ids[j]) if ids is not None else int(j), float(scores[j])) for j in best]


def fuse(rankings: list[list[tuple[int, float]]], weights: list[float] | None = None,
         k: int = RRF_K) -> list[tuple[int, float]]:
    """Weighted reciprocal-rank fusion of several rankings: (id, fused score), best first."""
    fused: dict[int, float] = {}
    for ranking, weight in zip(rankings, weights or [1.0] * len(rankings), strict=True):
        for rank, (pid, _) in enumerate(ranking, start=1):
            fused[pid] = fused.get(pid, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
