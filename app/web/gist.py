"""An open question's answer in a few sentences: those of the best passage that carry the question's own words."""

from __future__ import annotations

import re

GENERIC = {"政府", "信息", "公开", "政府信息", "信息公开", "政务", "政务公开", "工作", "情况", "年度", "报告", "年报",
           "多少", "什么", "哪些", "哪个", "怎么", "如何", "是否", "有没有", "开展", "进行", "我们", "本机关"}
SENTENCE = re.compile(r"[^。！？；;\n]+[。！？；;]?")
MAX_SENTENCES = 4
MIN_CHARS = 4


def distinctive(terms: list[str]) -> list[str]:
    """The question's words worth highlighting: not the words every report uses (政府, 信息, 公开 …)."""
    return [t for t in terms if t and t not in GENERIC and not t.isdigit() and len(t) >= 2]


def sentences(text: str) -> list[str]:
    """A passage's sentences (clauses ended by 。！？； or a line break), without headings' numbering alone."""
    return [s.strip() for s in SENTENCE.findall(text or "") if len(s.strip()) >= MIN_CHARS]


def gist(passages: list[dict], terms: list[str]) -> tuple[list[str], dict | None]:
    """Two to four sentences of the best passage that answer: those with the question's words and those after a
    heading that has them (a heading such as 存在的主要问题 is followed by its answer); the passage they came from."""
    words = distinctive(terms)
    for p in passages[:2]:
        found = sentences(p.get("text", ""))
        picked = [i for i, s in enumerate(found) if any(w in s for w in words)]
        if not picked:
            continue
        chosen: list[int] = []
        for i in picked:
            following = range(i + 1, len(found)) if _heading(found[i]) else range(i, i + 1)
            for j in following:
                if _heading(found[j]):
                    break
                if j not in chosen:
                    chosen.append(j)
        if chosen:
            return [found[i] for i in sorted(chosen)[:MAX_SENTENCES]], p
    return [], None


def _heading(sentence: str) -> bool:
    """A heading line: short and without a full stop (（一）存在问题, 五、存在的主要问题及改进情况)."""
    return len(sentence) <= 24 and not re.search(r"[。！？；;，,]", sentence)
