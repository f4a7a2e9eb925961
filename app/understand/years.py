"""Which year(s) a question names: 2020年, 2020, 二〇二〇年, full-width digits, ranges, 去年/last year."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_YEAR = r"(?<![\d.])((?:19[5-9]|20\d)\d)(?!\d)"
_CN_YEAR = r"([〇○零一二三四五六七八九]{4})"
_ONE = re.compile(rf"{_YEAR}\s*(?:年度|年)?|{_CN_YEAR}\s*(?:年度|年)")
_RANGE = re.compile(rf"(?:from\s+)?{_YEAR}\s*(?:年度|年)?\s*(?:到|至|-|~|—|–|to|through|until)\s*{_YEAR}"
                    r"\s*(?:年度|年)?", re.I)
# relative word -> offset from the reference year; English "last year" etc.
_RELATIVE = (
    ("大前年", -3), ("前年", -2), ("去年", -1), ("今年", 0),
    ("the year before last", -2), ("last year", -1), ("previous year", -1), ("this year", 0),
    ("current year", 0),
)


@dataclass
class Years:
    """The years a question names, where they stand, and what was assumed."""

    years: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    relative: str | None = None  # the relative word used (去年, last year), if any
    is_range: bool = False
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) what was assumed


def cn_year(digits: str) -> int:
    """二〇二〇 -> 2020."""
    return int("".join(str(_CN_DIGITS[c]) for c in digits))


def find_years(text: str, reference_year: int) -> Years:
    """Every year named in text (already normalised, body names masked); relative words use reference_year."""
    out = Years()
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(text):
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        if b - a <= 30:
            out.years += list(range(a, b + 1))
            out.spans.append(m.span())
            out.is_range = True
            taken.append(m.span())
    for m in _ONE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        year = int(m.group(1)) if m.group(1) else cn_year(m.group(2))
        if year not in out.years:
            out.years.append(year)
        out.spans.append(m.span())
    low = text.lower()
    for word, offset in _RELATIVE:
        i = low.find(word)
        if i < 0 or any(i < e and s < i + len(word) for s, e in out.spans) or \
                re.search(r"(?:from|over|since)\s+(?:the\s+)?$", low[:i]):
            continue
        year = reference_year + offset
        out.relative = word
        out.spans.append((i, i + len(word)))
        if year not in out.years:
            out.years.append(year)
        out.notes.append((f"“{word}”按{year}年理解（今年为{reference_year}年）",
                          f"“{word}” taken as {year} (the current year being {reference_year})"))
        break
    return out
