"""Prose questions: retrieve passages, re-rank them by the question's words, highlight, extract one answer."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import jieba

from app.gist import distinctive
from indexer.text import CJK

jieba.setLogLevel(60)

# English words of a question -> Chinese words the reports use (the lexical half of search is Chinese)
GLOSSARY = {
    "wechat": "微信", "weixin": "微信", "public account": "公众号", "official account": "公众号", "weibo": "微博",
    "website": "网站 门户网站", "portal": "门户网站", "channel": "渠道", "platform": "平台",
    "lead": "组长 负责", "leader": "组长 领导", "head": "组长 负责", "in charge": "负责", "chief": "组长",
    "working group": "领导小组", "leading group": "领导小组", "open-government": "政务公开", "open government":
    "政务公开", "government affairs": "政务公开", "problem": "问题 不足", "shortcoming": "不足 问题",
    "issue": "问题", "improve": "改进 提升", "measure": "措施", "press conference": "新闻发布会",
    "news conference": "新闻发布会", "epidemic": "疫情", "covid": "疫情", "pandemic": "疫情", "training": "培训",
    "staff": "人员 专职", "full-time": "专职", "personnel": "人员", "people": "人", "publish": "发布 公布",
    "release": "发布", "policy interpretation": "政策解读", "interpretation": "解读", "bulletin board": "公开栏",
    "notice board": "公开栏", "hotline": "热线", "meeting": "会议", "supervision": "监督", "how many": "多少",
    "information": "信息", "next year": "下一步", "plan": "计划 下一步", "review": "审查", "confidential": "保密",
    "secrecy": "保密", "item": "条", "post": "条 发布", "fee": "收费 费", "catalogue": "目录", "guide": "指南",
}
_STOP_WORDS = ("多少 哪些 什么 怎么 怎样 如何 为何 为什么 是否 通过 进行 开展 情况 工作 方面 主要 一些 "
               "哪个 哪位 哪次 请问 一共 the an of in on for to and or is are was were did does do what which "
               "who whom how many much with by from its it their this that these those has have had be been as at")
STOP = frozenset(_STOP_WORDS.split())
_SENTENCE = re.compile(r"[^。！？；\n]*[。！？；\n]?")
_ASKS_NUMBER = re.compile(r"多少|几|how many|how much|number", re.I)
_ASKS_WHO = re.compile(r"谁|who|whom|负责人|组长|leader|leads|head", re.I)
_NUMBER = re.compile(r"\d")


class Searcher(Protocol):
    """What prose answering needs of the retriever."""

    def search(self, query: str, k: int = 5, body: str | None = None, year: int | None = None,
               part: int | None = None, mode: str = "hybrid") -> list[Any]: ...


@dataclass
class Found:
    """Passages for a prose question, re-ranked, with the words to highlight and an extracted sentence."""

    passages: list[dict] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    sentence: str | None = None
    sentence_of: dict | None = None


def expand(question: str) -> str:
    """The question with Chinese words added for its English ones."""
    low = question.lower()
    extra = [zh for en, zh in GLOSSARY.items() if re.search(rf"\b{re.escape(en)}", low)]
    return question + (" " + " ".join(extra) if extra else "")


def terms(text: str) -> list[str]:
    """Content words of a question: jieba words and Latin words, stop words and single characters dropped."""
    out: list[str] = []
    for w in jieba.lcut(text):
        w = w.strip().lower()
        if len(w) < 2 or w in STOP or w.isdigit() or not (CJK.search(w) or w.isalpha()):
            continue
        if w not in out:
            out.append(w)
    return out


def highlights(text: str, words: list[str]) -> list[list[int]]:
    """[start, end] of every occurrence of the words in text, merged, in order."""
    spans = []
    low = text.lower()
    for w in words:
        for m in re.finditer(re.escape(w), low):
            spans.append([m.start(), m.end()])
    spans.sort()
    merged: list[list[int]] = []
    for s in spans:
        if merged and s[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], s[1])
        else:
            merged.append(s)
    return merged


def _weights(words: list[str], texts: list[str]) -> dict[str, float]:
    """Inverse document frequency of each word among the candidate passages."""
    n = max(1, len(texts))
    return {w: math.log(1 + n / (1 + sum(w in t.lower() for t in texts))) for w in words}


def _score(text: str, weights: dict[str, float]) -> float:
    low = text.lower()
    return sum(wt for w, wt in weights.items() if w in low)


def hit_dict(h: Any) -> dict:
    """A retriever hit as the passage shape of the answer JSON (plus body, year, part)."""
    get = (lambda k: h.get(k)) if isinstance(h, dict) else (lambda k: getattr(h, k, None))
    return {"report": get("report"), "text": get("text") or "", "line": get("line"), "score": float(get("score") or 0),
            "body": get("body"), "year": get("year"), "part": get("part"), "last_line": get("last_line"),
            "kind": get("kind")}


def search(searcher: Searcher, question: str, bodies: list[str], years: list[int], part: int | None,
           k: int = 3, focus: str | None = None) -> Found:
    """The best passages for a prose question about these bodies (printed names) and years.

    `focus` is the question without the body's name: its words rank and highlight the passages.
    """
    query = expand(question)
    one_year = years[0] if len(years) == 1 else None
    hits: list[dict] = []
    for body in (bodies or [None])[:3]:
        hits += [hit_dict(h) for h in searcher.search(query, k=12, body=body, year=one_year)]
    if years:
        hits = [h for h in hits if h["year"] in years]
    seen, unique = set(), []
    for h in sorted(hits, key=lambda h: -h["score"]):
        key = (h["report"], h["line"], h["text"][:40])
        if key not in seen:
            seen.add(key)
            unique.append(h)
    words = terms(expand(focus or question))
    weights = _weights(words, [h["text"] for h in unique])
    top_lex = max((_score(h["text"], weights) for h in unique), default=0.0) or 1.0
    top_sem = max((h["score"] for h in unique), default=0.0) or 1.0
    for h in unique:
        boost = 0.15 if part and h.get("part") == part else 0.0
        h["rank"] = 0.5 * h["score"] / top_sem + 0.5 * _score(h["text"], weights) / top_lex + boost
    unique.sort(key=lambda h: -h["rank"])
    shown = [w for w in words if any(w in h["text"].lower() for h in unique[:k])]
    found = Found(terms=distinctive(shown) or shown)  # 公开, 政府 … are in every report: not marked
    for h in unique[:k]:
        h["highlights"] = highlights(h["text"], found.terms)
        h.pop("rank", None)
        found.passages.append(h)
    found.sentence, found.sentence_of = extract(question, unique[:k], weights)
    return found


def extract(question: str, passages: list[dict], weights: dict[str, float]) -> tuple[str | None, dict | None]:
    """One sentence that clearly answers (most question words, a number if asked for one), or None."""
    if not weights:
        return None, None
    wants_number = bool(_ASKS_NUMBER.search(question))
    wants_who = bool(_ASKS_WHO.search(question))
    scored = []
    for rank, p in enumerate(passages):
        for s in _SENTENCE.findall(p["text"]):
            s = s.strip()
            if len(s) < 6:
                continue
            score = _score(s, weights) * (1 - 0.1 * rank)
            if wants_number and not _NUMBER.search(s):
                score *= 0.3
            if wants_who:
                score *= 1.3 if re.search(r"由\S{2,4}?(?:同志)?任|\S{2,3}同志", s) else \
                    1.0 if re.search(r"组长|负责|担任|主任|书记|镇长|乡长", s) else 0.5
            scored.append((score, s, p))
    if not scored:
        return None, None
    scored.sort(key=lambda t: -t[0])
    best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    total = sum(weights.values()) or 1.0
    if best[0] >= 0.45 * total and best[0] >= 1.25 * second:
        return best[1], best[2]
    return None, None
