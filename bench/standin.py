"""Stand-in passage vectors for the scale benches: the real model embeds questions, each passage gets a seeded
random unit vector (embedding tens of thousands of passages would take hours on 2 cores)."""

from __future__ import annotations

import hashlib

import numpy as np

from indexer.embed.encoder import Encoder


class StandIn(Encoder):
    """The real model for queries; a seeded random unit vector for each passage."""

    def encode_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "little")
            out[i] = np.random.default_rng(seed).standard_normal(self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)
