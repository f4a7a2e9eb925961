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
    """Two to four sentences that answer, from the passage that answers best: the sentences after a heading that
    has the question's words (a heading such as 存在的主要问题 is followed by its answer) outrank sentences that merely
    mention them; the passage they came from."""
    words = distinctive(terms)
    best: tuple[tuple[int, int, int], list[str], dict] | None = None
    for rank, p in enumerate(passages):
        found = sentences(p.get("text", ""))
        chosen, under_heading = _chosen(found, words)
        if not chosen:
            continue
        said = [found[i] for i in sorted(chosen)[:MAX_SENTENCES]]
        covered = sum(any(w in s for s in said) or any(w in found[i] for i in under_heading) for w in words)
        key = (len(under_heading) > 0, covered, -rank)
        if best is None or key > best[0]:
            best = (key, said, p)
    return (best[1], best[2]) if best else ([], None)


def _chosen(found: list[str], words: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the sentences that answer, and of the headings with the question's words they came under."""
    picked = [i for i, s in enumerate(found) if any(w in s for w in words)]
    headings = [i for i in picked if _heading(found[i])]
    under = [j for i in headings for j in _section(found, i)]
    if under:
        return list(dict.fromkeys(under)), [i for i in headings if _section(found, i)]
    return [i for i in picked if not _heading(found[i])], []


def _section(found: list[str], i: int) -> list[int]:
    """The sentences after heading i, up to the next heading."""
    out = []
    for j in range(i + 1, len(found)):
        if _heading(found[j]):
            break
        out.append(j)
    return out


def _heading(sentence: str) -> bool:
    """A heading line: short and without a full stop (（一）存在问题, 五、存在的主要问题及改进情况)."""
    return len(sentence) <= 24 and not re.search(r"[。！？；;，,]", sentence)
