"""The passage vectors in FAISS: exact inner product while small, HNSW past a measured size; row i = passage id i.

Alongside vectors.faiss, vector_keys.npy holds the sha1 of each embedded text, so that a later build can copy
the vectors of texts it has already embedded instead of running the model again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import faiss
import numpy as np

VECTORS = "vectors.faiss"
VECTOR_KEYS = "vector_keys.npy"
# bench/build.py --ann (2 shared cores, dim 384): exact search of one query costs ~0.2 ms at 8k vectors (1,000
# reports), 6-25 ms at 80-100k, 11-40 ms at 200k, and grows linearly; HNSW (M 32, ef 128) stays under 1 ms with
# recall@10 0.97-0.99. Below 200k vectors exact search fits the 100 ms budget beside the ~20 ms query embedding,
# so the index stays exact; past it HNSW is worth its 1-3% recall loss.
HNSW_THRESHOLD = 200_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def text_key(text: str) -> bytes:
    """The key a vector is stored under: sha1 of the exact text embedded (prefix excluded)."""
    return hashlib.sha1(text.encode("utf-8")).digest()


def make_index(vectors: np.ndarray, threshold: int | None = None) -> tuple[faiss.Index, dict]:
    """A FAISS index of unit vectors (row i = passage id i) and its description for the manifest."""
    threshold = HNSW_THRESHOLD if threshold is None else threshold
    n, dim = vectors.shape
    if n > threshold:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        info = {"type": "hnsw", "M": HNSW_M, "ef_construction": HNSW_EF_CONSTRUCTION, "ef_search": HNSW_EF_SEARCH}
    else:
        index = faiss.IndexFlatIP(dim)
        info = {"type": "flat"}
    if n:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index, {**info, "metric": "inner product (cosine, unit vectors)", "count": n, "dim": dim,
                   "hnsw_threshold": threshold, "ids": "row i = passage id i"}


def write_vectors(folder: Path, index: faiss.Index, keys: list[bytes]) -> None:
    """Write vectors.faiss and vector_keys.npy into folder."""
    faiss.write_index(index, str(Path(folder) / VECTORS))
    rows = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), 20)  # not "S20": it drops b"\0" ends
    np.save(Path(folder) / VECTOR_KEYS, rows)


def read_vectors(folder: Path) -> faiss.Index:
    """Read vectors.faiss (efSearch of an HNSW index set again, as it is not stored)."""
    index = faiss.read_index(str(Path(folder) / VECTORS))
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def flat_part(index: faiss.Index) -> faiss.IndexFlat:
    """The exact (flat) index holding the vectors: the index itself, or an HNSW index's storage."""
    if isinstance(index, faiss.IndexHNSW):
        return faiss.downcast_index(index.storage)
    return index


def vector_matrix(index: faiss.Index) -> np.ndarray:
    """All vectors as an (n, dim) float32 array, copied out of the index (a view would dangle once it is freed)."""
    flat = flat_part(index)
    n, dim = flat.ntotal, flat.d
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    return faiss.rev_swig_ptr(flat.get_xb(), n * dim).reshape(n, dim).copy()


def stored_vectors(folder: Path) -> dict[bytes, np.ndarray]:
    """text key -> vector of an existing index folder, for reuse by an incremental build ({} if unreadable)."""
    try:
        keys = np.load(Path(folder) / VECTOR_KEYS)
        if keys.dtype != np.uint8 or keys.ndim != 2:
            return {}
        matrix = vector_matrix(read_vectors(folder))
    except (OSError, RuntimeError, ValueError):
        return {}
    if len(keys) != len(matrix):
        return {}
    return {k.tobytes(): matrix[i] for i, k in enumerate(keys)}
