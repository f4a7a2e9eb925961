"""Passage retrieval over the PostgreSQL index: the same filters, BM25 and dense rankings and fusion as
app/retrieve.py, computed by the database over one pinned generation.

Lexical: BM25 (bm25s's Lucene formula, k1 and b of indexer/lexical.py) summed in SQL over the postings of the
query's tokens (the same char-bigram tokens). Dense: inner product of unit vectors (= cosine) with pgvector;
exact while the folder index would be exact (filtered, or up to HNSW_THRESHOLD passages), else the HNSW index.
GOVQA_PG_VECTORS=exact|hnsw forces one (the bench measures both).
"""

from __future__ import annotations

import math
import os
import threading
from collections import Counter, OrderedDict

import numpy as np

from app.retrieve import DEPTH, MODES, Hit, bm25_weight, cached_vector, check_encoder, fuse, index_encoder
from indexer.embed.encoder import Encoder
from indexer.lexical import BM25_B, BM25_K1, TOKENIZERS
from indexer.manifest import IndexMismatch
from indexer.pg import redact
from indexer.pg.store import PgStore
from indexer.vectors import HNSW_EF_SEARCH, HNSW_THRESHOLD

_IN_GEN = "JOIN govqa_generation_reports g ON g.report_id = {t}.report_id AND g.generation = %(gen)s"


class PgRetriever:
    """Hybrid passage search over the generation a PgStore pinned; refuses another model than the build's."""

    def __init__(self, store: PgStore | str, encoder: Encoder | None = None) -> None:
        self.store = store if isinstance(store, PgStore) else PgStore(store)
        self.manifest = self.store.manifest
        self.where = redact(self.store.url)
        self._encoder = encoder
        if encoder is not None:
            check_encoder(self.manifest, self.where, encoder)
        self.tokenizer = self.manifest.get("lexical", {}).get("tokenizer", "")
        if self.tokenizer not in TOKENIZERS:
            raise IndexMismatch(f"index {self.where} uses BM25 tokeniser {self.tokenizer!r}, unknown to this code")
        gen = self.store.generation
        self.size, self.avgdl = self.store.db.execute(
            "SELECT n_passages, avgdl FROM govqa_generations WHERE id = %s", (gen,)).fetchone()
        # (report row id, body, year) of the reports that have passages, in file order: the filters' domain
        self._reports = self.store.db.execute(
            "SELECT r.id, r.body, r.year FROM govqa_reports r JOIN govqa_generation_reports g ON g.report_id = r.id"
            " AND g.generation = %s WHERE r.n_passages > 0 ORDER BY g.position", (gen,)).fetchall()
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def encoder(self) -> Encoder:
        """The query encoder: the one given, else the index's own model, loaded on first use."""
        if self._encoder is None:
            self._encoder = index_encoder(self.manifest, self.where)
        return self._encoder

    def _report_ids(self, body: str | None, year: int | None) -> list[int]:
        """Reports matching year and body: the body as printed, else one name containing the other."""
        chosen = [r for r in self._reports if year is None or r[2] == year]
        if body is None:
            return [r[0] for r in chosen]
        exact = [r[0] for r in chosen if r[1] == body]
        return exact or [r[0] for r in chosen if r[1] and (body in r[1] or r[1] in body)]

    def _query_vector(self, query: str) -> np.ndarray:
        return cached_vector(self._lock, self._queries, query, lambda: self.encoder.encode_queries([query])[0])

    @staticmethod
    def _filters(reports: list[int] | None, part: int | None, table: str) -> str:
        out = f" AND {table}.report_id = ANY(%(reports)s)" if reports is not None else ""
        return out + (f" AND {table}.part = %(part)s" if part is not None else "")

    def dense(self, query: str, depth: int, reports: list[int] | None = None,
              part: int | None = None) -> list[tuple[int, float]]:
        """(passage id, inner product) best first, among the passages of the reports (and part)."""
        args = {"q": self._query_vector(query), "gen": self.store.generation, "reports": reports, "part": part,
                "depth": depth, "ef": max(HNSW_EF_SEARCH, depth)}
        mode = os.environ.get("GOVQA_PG_VECTORS", "auto")
        filtered = reports is not None or part is not None
        if mode == "hnsw" or (mode == "auto" and not filtered and self.size > HNSW_THRESHOLD):
            db = self.store.db
            with db.transaction():
                db.execute(f"SET LOCAL hnsw.ef_search = {int(args['ef'])}")
                return [(int(i), float(s)) for i, s in db.execute(
                    "SELECT g.first_pid + c.ordinal AS pid, -c.d FROM (SELECT p.report_id, p.ordinal, p.part,"
                    " p.embedding <#> %(q)s AS d FROM govqa_passages p ORDER BY p.embedding <#> %(q)s LIMIT %(ef)s) c "
                    + _IN_GEN.format(t="c") + " WHERE TRUE" + self._filters(reports, part, "c")
                    + " ORDER BY c.d, pid LIMIT %(depth)s", args).fetchall()]
        rows = self.store.db.execute(
            "SELECT g.first_pid + p.ordinal AS pid, -(p.embedding <#> %(q)s) AS s FROM govqa_passages p "
            + _IN_GEN.format(t="p") + " WHERE TRUE" + self._filters(reports, part, "p")
            + " ORDER BY s DESC, pid LIMIT %(depth)s", args).fetchall()  # an expression: never the HNSW index
        return [(int(i), float(s)) for i, s in rows]

    def lexical(self, query: str, depth: int, reports: list[int] | None = None,
                part: int | None = None) -> list[tuple[int, float]]:
        """(passage id, BM25 score) best first, among the passages that share a token with the query."""
        counts = Counter(TOKENIZERS[self.tokenizer](query))
        if not counts or not self.size:
            return []
        db = self.store.db
        dfs = dict(db.execute("SELECT token, df FROM govqa_df WHERE generation = %s AND token = ANY(%s)",
                              (self.store.generation, list(counts))).fetchall())
        if not dfs:
            return []
        tokens = sorted(dfs)
        weights = [math.log(1 + (self.size - dfs[t] + 0.5) / (dfs[t] + 0.5)) * counts[t] for t in tokens]
        args = {"tokens": tokens, "weights": weights, "gen": self.store.generation, "reports": reports, "part": part,
                "depth": depth, "k1": BM25_K1, "b": BM25_B, "avgdl": self.avgdl}
        rows = db.execute(
            "SELECT g.first_pid + o.ordinal AS pid, sum(q.w * o.tf / (o.tf + %(k1)s * (1 - %(b)s + %(b)s * o.dl"
            " / %(avgdl)s))) AS s FROM unnest(%(tokens)s::text[], %(weights)s::float8[]) AS q(token, w)"
            " JOIN govqa_postings o ON o.token = q.token " + _IN_GEN.format(t="o") + " WHERE TRUE"
            + self._filters(reports, part, "o") + " GROUP BY pid ORDER BY s DESC, pid LIMIT %(depth)s", args).fetchall()
        return [(int(i), float(s)) for i, s in rows if s > 0]

    def search(self, query: str, k: int = 5, body: str | None = None, year: int | None = None,
               part: int | None = None, mode: str = "hybrid") -> list[Hit]:
        """The k passages that best answer the query among those of the given body, year and part."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
        reports = None if body is None and year is None else self._report_ids(body, year)
        if not query.strip() or not self.size or (reports is not None and not reports):
            return []
        if mode == "bm25":
            ranked = self.lexical(query, k, reports, part)
        elif mode == "dense":
            ranked = self.dense(query, k, reports, part)
        else:
            ranked = fuse([self.lexical(query, DEPTH, reports, part), self.dense(query, DEPTH, reports, part)],
                          [bm25_weight(query), 1.0])[:k]
        rows = self.store.passages([i for i, _ in ranked[:k]])
        return [Hit(i, rows[i]["report"], rows[i]["body"], rows[i]["year"], rows[i]["part"], rows[i]["line"],
                    rows[i]["last_line"], rows[i]["text"], score, rows[i]["kind"]) for i, score in ranked[:k]]

    def close(self) -> None:
        self.store.close()

