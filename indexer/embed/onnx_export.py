"""Export a converted sentence-transformers model to ONNX (fused for ONNX Runtime) and an int8-quantised copy.

    python -m indexer.embed.onnx_export [--model DIR] [--out DIR] [--force]

Offline, from the torch weights in DIR: the BERT encoder with mean pooling is traced to one graph
(input_ids, attention_mask -> sentence_embedding), ONNX Runtime's transformer optimizer fuses it (attention,
embedding/skip layer norms, GELU) into onnx/model.onnx, and dynamic quantisation (int8 weights per output channel,
activations quantised at run time; QUANTISATION says what stays float32) writes onnx/model_qint8.onnx.
onnx/export.json, written last, records the source, the versions and each file's sha256 (the index manifest's
fingerprint of a backend includes it).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

from indexer.embed.encoder import DEFAULT_MODEL_DIR, EXPORT_VERSION, ONNX_DIR, ONNX_FILES, ONNX_MARKER
from indexer.manifest import model_fingerprint

OPSET = 17
# Dynamic int8 quantisation: signed weights per output channel, of the fused Attention (q/k/v projections) and the
# attention-output and feed-forward up-projection MatMuls. Left in float32: the word embeddings, and every layer's
# feed-forward down-projection, whose input (the GELU output) has an outlier channel in 7 of the 12 layers (max
# 12-50 against < 8 for the other channels, on passages of the reports) that one activation scale per tensor
# cannot hold. Quantising them all (export version 1) gave cosine 0.997 to torch and lost 8 points of recall@1;
# leaving only those 7 in float32 still lost 1.1 points of dense recall@1; leaving all 12: cosine 0.999, recall
# within 1 point (bench/embed_check.py --backends, bench/retrieval.py --backends; bench/RESULTS.md).
QUANTISATION = {"weight_type": "QInt8", "per_channel": True, "reduce_range": False,
                "op_types": ["MatMul", "Attention"], "float32": "embeddings, FFN down-projections"}
FFN_DOWN = re.compile(r"/layer\.\d+/output/dense/MatMul$")  # the traced graph's FFN down-projection of a layer


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for package in ("torch", "transformers", "onnx", "onnxruntime"):
        try:
            out[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            out[package] = None
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _link_or_copy(src: str, dst: str) -> None:
    """A hard link where the file system allows one (the weights are not copied), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def export_raw(model_dir: Path, out: Path) -> None:
    """Trace the torch model (eager attention) plus mean pooling into one ONNX graph with dynamic batch and length."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager", local_files_only=True).eval()

    class Pooled(torch.nn.Module):
        """last_hidden_state averaged over the attention mask, as sentence-transformers' Pooling(mean) does."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)

    ids = torch.tensor([[0, 100, 200, 300, 2], [0, 5, 6, 2, 1]])  # one padded row, so the mask path is traced
    mask = torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0]])
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter's deprecation; tracer notes on the (unused) mask pad
        torch.onnx.export(
            Pooled(), (ids, mask), str(out), input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"], opset_version=OPSET, dynamo=False, do_constant_folding=True,
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "sentence_embedding": {0: "batch"}})


def optimise(raw: Path, out: Path, heads: int, hidden: int) -> dict:
    """ONNX Runtime's BERT fusions (offline, graph level only); the counts of fused operators."""
    from onnxruntime.transformers.optimizer import optimize_model

    model = optimize_model(str(raw), model_type="bert", num_heads=heads, hidden_size=hidden, opt_level=0)
    model.save_model_to_file(str(out))
    return {k: v for k, v in model.get_fused_operator_statistics().items() if v}


def quantise(src: Path, out: Path) -> None:
    """Dynamic int8 quantisation of src into out (QUANTISATION), the FFN down-projections left in float32."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    graph = onnx.load(str(src), load_external_data=False).graph
    keep = [node.name for node in graph.node if node.op_type == "MatMul" and FFN_DOWN.search(node.name)]
    if not keep:
        raise ValueError(f"{src}: no FFN down-projection (…/layer.N/output/dense/MatMul) to keep in float32")
    quantize_dynamic(str(src), str(out), weight_type=getattr(QuantType, QUANTISATION["weight_type"]),
                     per_channel=QUANTISATION["per_channel"], reduce_range=QUANTISATION["reduce_range"],
                     op_types_to_quantize=QUANTISATION["op_types"], nodes_to_exclude=keep,
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})


def source_of(model_dir: Path) -> dict:
    """What an export is made from: the torch model's fingerprint, this exporter and the libraries' versions."""
    return {"source_fingerprint": model_fingerprint(str(model_dir)), "export_version": EXPORT_VERSION,
            "opset": OPSET, "quantisation": QUANTISATION, "versions": _versions()}


def is_exported(out: Path, source: dict | None = None) -> bool:
    """True when out/onnx holds a complete export (of `source`, if given)."""
    try:
        done = json.loads((out / ONNX_DIR / ONNX_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = done.get("files", {})
    complete = all((out / f).is_file() and (out / f).stat().st_size == files.get(f, {}).get("bytes")
                   for f in ONNX_FILES.values())
    return complete and (source is None or {k: done.get(k) for k in source} == source)


def export(model_dir: Path = DEFAULT_MODEL_DIR, out: Path | None = None, force: bool = False) -> bool:
    """Export model_dir's torch model into out/onnx/ (out: model_dir) unless up to date; True if an export ran.

    out may be another folder (a copy of the model without onnx/ is made there first). The files are written
    into a temporary folder beside and renamed into place, the marker last."""
    model_dir = Path(model_dir).expanduser().resolve()
    out = Path(out).expanduser().resolve() if out else model_dir
    if not (model_dir / "config.json").is_file():
        raise FileNotFoundError(f"no converted model at {model_dir}: run `make model` (indexer.embed.e5_convert)")
    source = source_of(model_dir)
    if not force and is_exported(out, source):
        return False
    if out != model_dir:
        shutil.copytree(model_dir, out, ignore=shutil.ignore_patterns(ONNX_DIR), dirs_exist_ok=True,
                        copy_function=_link_or_copy)
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.{ONNX_DIR}.tmp-", dir=out.parent))
    try:
        export_raw(model_dir, tmp / "raw.onnx")
        fused = optimise(tmp / "raw.onnx", tmp / Path(ONNX_FILES["onnx"]).name, config["num_attention_heads"],
                         config["hidden_size"])
        (tmp / "raw.onnx").unlink()
        quantise(tmp / Path(ONNX_FILES["onnx"]).name, tmp / Path(ONNX_FILES["onnx-int8"]).name)
        files = {rel: {"sha256": _sha256(tmp / Path(rel).name), "bytes": (tmp / Path(rel).name).stat().st_size}
                 for rel in ONNX_FILES.values()}
        final = out / ONNX_DIR
        if final.exists():
            shutil.rmtree(final)
        tmp.chmod(0o755)
        tmp.rename(final)
        marker = {**source, "fused_operators": fused, "files": files}
        (final / ONNX_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """CLI: python -m indexer.embed.onnx_export [--model DIR] [--out DIR] [--force]."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, help=f"model (default {DEFAULT_MODEL_DIR})")
    ap.add_argument("--out", type=Path, default=None, help="write model + onnx/ here instead (default: --model)")
    ap.add_argument("--force", action="store_true", help="export even if up to date")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        ran = export(args.model, args.out, force=args.force)
    except (FileNotFoundError, ImportError) as exc:
        print(f"onnx_export: {exc}", file=sys.stderr)
        return 1
    where = (args.out or args.model).resolve() / ONNX_DIR
    print(f"{where}: {'exported' if ran else 'already up to date'} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
