"""BM25 over passages: the one tokeniser that both the build and the query use, and the bm25s index files.

Chinese has no spaces, so a token is a character bigram (plus the single characters) of each run of Chinese
characters; ASCII words and numbers are lower-cased words. jieba words are available as alternatives
(`jieba`, `jieba+bigram`). bench/retrieval.py --tokenizers (seeds + 40 generated reports, 297 Chinese passage
questions): bigram+unigram is as good as jieba+bigram within noise (BM25 recall@3 0.95 vs 0.93 on the generated
questions, both 1.00 on the seed ones) and better than jieba alone or bigrams alone, without jieba's dictionary.
Every passage starts with its report's body and year, so BM25's length normalisation is kept low (b = 0.3):
with the usual b = 0.75 short passages won on the body name alone (recall@3 0.85 -> 0.95 with b = 0.3, k1 = 0.9).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np

DEFAULT_TOKENIZER = "bigram"
BM25_K1 = 0.9
BM25_B = 0.3
BM25_DIR = "bm25"
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z]+|\d+(?:\.\d+)?")


def _cjk(token: str) -> bool:
    return "\u3400" <= token[0] <= "\u9fff" or "\uf900" <= token[0] <= "\ufaff"


def _bigrams(run: str, unigrams: bool) -> list[str]:
    """A run of Chinese characters -> its bigrams (and its characters)."""
    if len(run) == 1:
        return [run]
    grams = [run[i: i + 2] for i in range(len(run) - 1)]
    return list(run) + grams if unigrams else grams


def tokenize_bigram(text: str, unigrams: bool = True) -> list[str]:
    """Chinese character bigrams (+ unigrams) of each run of Chinese text; lower-cased ASCII words and numbers."""
    out: list[str] = []
    for run in _RUN.findall(text):
        out += _bigrams(run, unigrams) if _cjk(run) else [run.lower()]
    return out


def tokenize_jieba(text: str) -> list[str]:
    """jieba search-mode words (Chinese), lower-cased ASCII words and numbers."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return [w.lower() for w in jieba.lcut_for_search(text) if _RUN.fullmatch(w) or (w.strip() and _cjk(w))]


TOKENIZERS: dict[str, Callable[[str], list[str]]] = {
    "bigram": tokenize_bigram,
    "bigram-only": lambda text: tokenize_bigram(text, unigrams=False),
    "jieba": tokenize_jieba,
    "jieba+bigram": lambda text: tokenize_jieba(text) + tokenize_bigram(text, unigrams=False),
}


def tokenizer(name: str = DEFAULT_TOKENIZER) -> Callable[[str], list[str]]:
    """The tokeniser called `name`; a clear error for an unknown one."""
    try:
        return TOKENIZERS[name]
    except KeyError:
        raise ValueError(f"unknown BM25 tokeniser {name!r}; one of {sorted(TOKENIZERS)}") from None


def build_bm25(texts: list[str], name: str = DEFAULT_TOKENIZER) -> bm25s.BM25:
    """A BM25 index of the texts (document i = passage id i), tokenised with `name`."""
    tok = tokenizer(name)
    index = bm25s.BM25(k1=BM25_K1, b=BM25_B)
    index.index([tok(t) or [""] for t in texts], show_progress=False)
    return index


def save_bm25(index: bm25s.BM25, folder: Path) -> None:
    """Write the BM25 files into folder/bm25/."""
    index.save(str(Path(folder) / BM25_DIR), show_progress=False)


def load_bm25(folder: Path) -> bm25s.BM25:
    """Read folder/bm25/ back."""
    return bm25s.BM25.load(str(Path(folder) / BM25_DIR), show_progress=False)


def bm25_scores(index: bm25s.BM25, query: str, name: str = DEFAULT_TOKENIZER) -> np.ndarray:
    """BM25 score of every passage for the query (zeros when no query token is in the vocabulary)."""
    n = int(index.scores["num_docs"])
    ids = index.get_tokens_ids(tokenizer(name)(query))
    if not ids:
        return np.zeros(n, dtype=np.float32)
    return np.asarray(index.get_scores(ids), dtype=np.float32)
