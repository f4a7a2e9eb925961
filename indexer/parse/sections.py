"""Locate the six parts of a report by their headings, tolerant of numbering and markup."""

from __future__ import annotations

import re

from indexer.parse.values import norm
from indexer.schema import PARTS

_NUMERALS = "一二三四五六"
_MARKUP = re.compile(r"^[\s#*>\-–—•·　]*")


def _heading_text(line: str) -> str:
    """A line without markup, white space and trailing punctuation, for heading matching."""
    text = _MARKUP.sub("", norm(line))
    text = re.sub(r"[\s*#]+", "", text)
    return text.rstrip(":：。")


def _is_heading(text: str, keyword: str) -> bool:
    """True when text reads as a part heading holding the keyword: numbered, or the keyword alone."""
    if keyword not in text or len(text) > 40:
        return False
    numbered = re.match(rf"^(?:[{_NUMERALS}][、.,，．]|第[{_NUMERALS}]部分)", text)
    return bool(numbered) or (text.startswith(keyword) and len(text) <= len(keyword) + 4)


def find_parts(lines: list[str]) -> dict[int, int]:
    """Part number -> 0-based index of its heading line, for the parts found, in order."""
    texts = [_heading_text(line) for line in lines]
    candidates = {
        part: [i for i, t in enumerate(texts) if any(_is_heading(t, k) for k in keys)]
        for part, keys in PARTS.items()
    }
    found: dict[int, int] = {}
    start = 0
    for part in range(1, 7):
        later = [i for p in range(part + 1, 7) for i in candidates[p] if i >= start]
        limit = min(later) if later else len(lines)
        mine = [i for i in candidates[part] if start <= i < limit]
        if mine:
            found[part] = mine[0]
            start = mine[0] + 1
    return found


def part_ranges(lines: list[str]) -> dict[int, tuple[int, int]]:
    """Part number -> (first, last) 1-based line numbers of its text, heading included."""
    heads = find_parts(lines)
    ordered = sorted(heads.items(), key=lambda kv: kv[1])
    out: dict[int, tuple[int, int]] = {}
    for n, (part, idx) in enumerate(ordered):
        end = ordered[n + 1][1] - 1 if n + 1 < len(ordered) else _last_line(lines)
        out[part] = (idx + 1, max(idx + 1, end + 1))
    return out


def _last_line(lines: list[str]) -> int:
    """0-based index of the last non-blank line."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip():
            return i
    return 0
