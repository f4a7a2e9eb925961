"""Question text helpers: normalisation (full-width, Chinese digits), language, masking, pinyin."""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

import zhconv
from pypinyin import Style, lazy_pinyin
from pypinyin import pinyin as _pinyin

from app.understand.lexicon import VARIANTS

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
MASK = "□"  # stands in for a span already understood (a body name, a year)


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), traditional characters to simplified, unified spaces."""
    text = unicodedata.normalize("NFKC", text)
    if CJK.search(text):
        text = zhconv.convert(text, "zh-cn")
        for old, new in VARIANTS.items():
            text = text.replace(old, new)
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    text = _PRINTED_NOTE.sub("", text)  # a row label pasted with its printed note: the note names no cell
    return re.sub(r"\s+", " ", text).strip()


_PRINTED_NOTE = re.compile(r"[（(]区分处理的[^（()）]{0,30}[）)]")


def language(text: str) -> str:
    """'en' when Latin words outweigh Chinese characters (names aside), else 'zh'."""
    words = LATIN_WORD.findall(text)
    letters = sum(len(w) for w in words)
    cjk = len(CJK.findall(text))
    return "en" if len(words) >= 2 and letters > cjk else "zh"


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by MASK characters (same length, offsets kept)."""
    chars = list(text)
    for a, b in spans:
        for i in range(a, b):
            chars[i] = MASK
    return "".join(chars)


def overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """Whether span overlaps any of spans."""
    return any(span[0] < b and a < span[1] for a, b in spans)


@lru_cache(maxsize=50_000)
def pinyin(text: str) -> str:
    """Toneless pinyin of the Chinese characters, joined without spaces; other characters kept."""
    return "".join(lazy_pinyin(text)).lower()


def pinyin_readings(text: str, limit: int = 8) -> set[str]:
    """Every toneless reading of a short name (polyphones: 长 chang/zhang), at most `limit`."""
    options = [sorted(set(o)) for o in _pinyin(text, style=Style.NORMAL, heteronym=True)]
    out = {pinyin(text)}
    for combo in itertools.islice(itertools.product(*options), limit):
        out.add("".join(combo).lower())
    return out


def pinyin_syllables(text: str) -> list[str]:
    """Toneless pinyin syllables, one per character."""
    return [p.lower() for p in lazy_pinyin(text)]


def latin_key(text: str) -> str:
    """Lower-case letters only: 'Wang-wu Town' -> 'wangwutown'."""
    return re.sub(r"[^a-z]", "", text.lower())


def residue(text: str) -> str:
    """What is left of a question once masks, punctuation and filler words are gone."""
    text = text.replace(MASK, " ")
    text = re.sub(r"[\s\d\W_]+", " ", text)
    text = re.sub(r"\b(what|about|and|how|then|for|the|in|of|year|same|please|ok)\b", " ", text, flags=re.I)
    text = re.sub(r"[那呢吗么嗯好的呀啊吧还有再问一下请问那么换成改成查询看看是多少年份年度年]", "", text)
    return text.strip()
