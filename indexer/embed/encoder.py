"""Encoder: L2-normalised float32 sentence embeddings for passages and queries from a sentence-transformers model,
run by torch or, from the files onnx_export writes beside the weights, by ONNX Runtime (float32 or int8)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "multilingual-e5-small"  # = e5_convert's

MODEL_ENV = "GOVQA_MODEL"
BACKEND_ENV = "GOVQA_BACKEND"
ONNX_DIR = "onnx"
ONNX_MARKER = "export.json"
ONNX_FILES = {"onnx": f"{ONNX_DIR}/model.onnx", "onnx-int8": f"{ONNX_DIR}/model_qint8.onnx"}  # beside the weights
BACKENDS = ("torch", *ONNX_FILES)
# bench/embed_check.py --backends, bench/retrieval.py --backends (RESULTS.md): onnx gives torch float32's vectors
# (cosine 1.0000, recall equal); onnx-int8 (int8 except the embeddings and FFN down-projections: onnx_export) is
# the faster of the two on passages and queries with cosine 0.999 and recall@1/3/5 within 1 point of torch.
PREFERRED_BACKEND = "onnx-int8"
EXPORT_VERSION = 2  # onnx_export's; version 1's int8 file lost 8 points of recall@1, so it is never the default


class ModelNotFoundError(FileNotFoundError):
    """The local embedding model directory does not exist (or is incomplete)."""


def _looks_local(model: str) -> bool:
    return model.startswith(("/", ".", "~")) or Path(model).expanduser().exists()


def resolve_model(model: str | os.PathLike[str] | None = None) -> str:
    """The model to load: `model`, else $GOVQA_MODEL, else the converted e5 dir; local paths must exist."""
    chosen = str(model) if model is not None else (os.environ.get(MODEL_ENV) or str(DEFAULT_MODEL_DIR))
    if _looks_local(chosen):
        path = Path(chosen).expanduser().resolve()
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ModelNotFoundError(
                f"embedding model not found at {path}: run `make model` (python -m indexer.embed.e5_convert)")
        return str(path)
    return chosen


def backend_file(backend: str) -> str | None:
    """The model file a backend runs, relative to the model folder (None: the torch weights)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    return ONNX_FILES.get(backend)


def default_backend(location: str | os.PathLike[str] | None = None) -> str:
    """$GOVQA_BACKEND, else PREFERRED_BACKEND where this exporter version wrote its file beside the model, else
    onnx where an older one did (its float32 graph is the same), else torch."""
    chosen = os.environ.get(BACKEND_ENV)
    if chosen:
        backend_file(chosen)
        return chosen
    folder = Path(resolve_model(location))
    try:
        version = json.loads((folder / ONNX_DIR / ONNX_MARKER).read_text(encoding="utf-8")).get("export_version")
    except (OSError, ValueError):
        version = None
    if version == EXPORT_VERSION and (folder / ONNX_FILES[PREFERRED_BACKEND]).is_file():
        return PREFERRED_BACKEND
    return "onnx" if version is not None and (folder / ONNX_FILES["onnx"]).is_file() else "torch"


class Encoder:
    """Wraps any sentence-transformers model name or path; applies its `query`/`passage` prompts if defined."""

    def __init__(self, model: str | os.PathLike[str] | None = None, device: str = "cpu",
                 threads: int | None = None, dtype: str = "float32", backend: str = "torch") -> None:
        """Load `model` (see resolve_model) on `device` with `threads` threads (default: all cores).

        backend: "torch", or "onnx" / "onnx-int8": ONNX Runtime on the CPU from the files `make model` exports
        beside the weights (its threads are the session's own; torch's global setting is left alone).
        For torch, `dtype="bfloat16"` runs ~3x faster on CPUs with AVX512-BF16/AMX (cosine to float32 ~0.9999) but
        is much slower on CPUs without; outputs are float32 either way.
        """
        self.backend = backend
        self.file = backend_file(backend)
        self.location = resolve_model(model)
        local = Path(self.location).is_dir()
        self.name = Path(self.location).name if local else self.location
        self.dtype = dtype if backend == "torch" else ("int8" if backend.endswith("int8") else "float32")
        self.calls = 0  # number of encode_* calls that ran the model (non-empty input)
        if self.file is not None:
            self._load_onnx(local, threads)
            return
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # "Loading weights" on every start of a CLI, a server or a build

        torch.set_num_threads(threads or max(1, len(os.sched_getaffinity(0))))
        self.model = SentenceTransformer(self.location, device=device, local_files_only=local)
        self.model.eval()
        if dtype != "float32":
            self.model.to(getattr(torch, dtype))
        dim = self.model.get_embedding_dimension()
        if not dim:
            raise ValueError(f"{self.location}: model does not report an embedding dimension")
        self.dim: int = int(dim)
        prompts = dict(self.model.prompts or {})
        self.query_prefix: str = prompts.get("query") or ""
        self.passage_prefix: str = prompts.get("passage") or prompts.get("document") or ""
        self.max_seq_length: int | None = getattr(self.model, "max_seq_length", None)

    def _load_onnx(self, local: bool, threads: int | None) -> None:
        from indexer.embed.onnx_runtime import OnnxEmbedder

        if not local:
            raise ModelNotFoundError(f"backend {self.backend} needs a local model folder, not {self.location!r}")
        try:
            self.model = OnnxEmbedder(self.location, self.file, threads)
        except FileNotFoundError as exc:
            raise ModelNotFoundError(str(exc)) from None
        self.dim = self.model.dim
        self.query_prefix = self.model.prompts.get("query") or ""
        self.passage_prefix = self.model.prompts.get("passage") or self.model.prompts.get("document") or ""
        self.max_seq_length = self.model.max_seq_length

    def __repr__(self) -> str:
        return (f"Encoder(name={self.name!r}, dim={self.dim}, backend={self.backend!r}, dtype={self.dtype!r}, "
                f"location={self.location!r})")

    def _encode(self, texts: list[str], prefix: str, batch_size: int, show_progress: bool) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("pass a list of strings, not a single string")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.calls += 1
        if self.file is not None:
            out = self.model.encode(texts, prefix)  # one text at a time (OnnxEmbedder says why)
        else:
            emb = self.model.encode(
                texts, prompt=prefix or None, batch_size=batch_size, show_progress_bar=show_progress,
                convert_to_tensor=True, normalize_embeddings=False,
            )
            out = emb.float().cpu().numpy()
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)  # in float32, whatever the dtype
        return np.ascontiguousarray(out, dtype=np.float32)

    def encode_passages(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        """Embed documents (with the `passage: ` prefix for e5): (n, dim) float32, unit-norm rows."""
        return self._encode(texts, self.passage_prefix, batch_size, show_progress)

    def encode_queries(self, texts: list[str], batch_size: int = 32, show_progress: bool = False) -> np.ndarray:
        """Embed search queries (with the `query: ` prefix for e5): (n, dim) float32, unit-norm rows."""
        return self._encode(texts, self.query_prefix, batch_size, show_progress)
