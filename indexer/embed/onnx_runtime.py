"""Run an exported sentence-embedding graph (onnx_export: ids + mask -> mean-pooled vector) with ONNX Runtime."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np


class OnnxEmbedder:
    """Tokenise as sentence-transformers does (the model dir's tokenizer.json, truncation at max_seq_length) and run
    the graph: the torch model's vectors, without torch.

    Each text runs alone, unpadded: as fast as batches of 32 on 2 cores (bench/embed_check.py), and a text's
    vector never depends on the texts beside it. In batches it would under int8, whose activations are quantised
    with one scale for the whole batch (cosine ~0.997 between the same text in two batches).

    `threads` texts run at once, each on one thread of the session (ONNX Runtime releases the GIL): 10-17% more
    passages/s than one text at a time on two intra-op threads (bench/RESULTS.md), the same vectors."""

    def __init__(self, model_dir: str | os.PathLike[str], file: str, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(model_dir)
        path = folder / file
        if not path.is_file():
            raise FileNotFoundError(f"{path} missing: run `make model` (python -m indexer.embed.onnx_export)")
        st_config = _json(folder / "sentence_bert_config.json")
        self.max_seq_length: int = int(st_config.get("max_seq_length") or 512)
        self.prompts: dict[str, str] = dict(_json(folder / "config_sentence_transformers.json").get("prompts") or {})
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_seq_length)
        options = ort.SessionOptions()
        self.workers: int = threads or max(1, len(os.sched_getaffinity(0)))
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-wait on shared cores
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.dim: int = int(self.session.get_outputs()[0].shape[-1])

    def encode(self, texts: list[str], prompt: str = "") -> np.ndarray:
        """(n, dim) float32 mean-pooled embeddings (not normalised), each text run alone (see the class)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encoded = self.tokenizer.encode_batch([prompt + t for t in texts])
        if self.workers == 1 or len(texts) == 1:
            for i, one in enumerate(encoded):
                out[i] = self._run(one.ids)
            return out
        with ThreadPoolExecutor(min(self.workers, len(texts))) as pool:
            for i, vector in enumerate(pool.map(self._run, [one.ids for one in encoded])):
                out[i] = vector
        return out

    def _run(self, ids: list[int]) -> np.ndarray:
        """One text's vector."""
        array = np.array([ids], dtype=np.int64)
        return self.session.run(None, {"input_ids": array, "attention_mask": np.ones_like(array)})[0][0]


def _json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
