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
# bench/build.py --ann: exact search of one query costs ~1 ms at 20k vectors, ~6 ms at 100k, ~11 ms at 200k
# (2 cores, dim 384) and grows linearly; HNSW stays under 1 ms. Past 200k vectors HNSW is worth its recall loss.
HNSW_THRESHOLD = 200_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


def text_key(text: str) -> bytes:
    """The key a vector is stored under: sha1 of the exact text embedded (prefix excluded)."""
    return hashlib.sha1(text.encode("utf-8")).digest()


def make_index(vectors: np.ndarray, threshold: int = HNSW_THRESHOLD) -> tuple[faiss.Index, dict]:
    """A FAISS index of unit vectors (row i = passage id i) and its description for the manifest."""
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
    np.save(Path(folder) / VECTOR_KEYS, np.array(keys, dtype="S20"))


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
    """All vectors as an (n, dim) float32 array (a view of the index's memory; keep the index alive)."""
    flat = flat_part(index)
    n, dim = flat.ntotal, flat.d
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    return faiss.rev_swig_ptr(flat.get_xb(), n * dim).reshape(n, dim)


def stored_vectors(folder: Path) -> dict[bytes, np.ndarray]:
    """text key -> vector of an existing index folder, for reuse by an incremental build ({} if unreadable)."""
    try:
        keys = np.load(Path(folder) / VECTOR_KEYS)
        matrix = vector_matrix(read_vectors(folder)).copy()
    except (OSError, RuntimeError, ValueError):
        return {}
    if len(keys) != len(matrix):
        return {}
    return {bytes(k): matrix[i] for i, k in enumerate(keys)}
