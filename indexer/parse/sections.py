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


def virtual_lines(lines: list[str], longest: int = 300) -> list[tuple[int, str]]:
    """(1-based line, text) pieces: lines as they are, but a flattened long line is cut around each
    part heading it runs together (web text where a whole report stands on one line)."""
    out: list[tuple[int, str]] = []
    for n, line in enumerate(lines, start=1):
        if len(line) <= longest:
            out.append((n, line))
            continue
        marks = [(m.start(), m.end()) for m in _INLINE_HEADING.finditer(line)]
        cuts = sorted({c for m in marks for c in m} - {0, len(line)})
        for a, b in zip([0, *cuts], [*cuts, len(line)], strict=True):
            out.append((n, line[a:b]))
    return out


_INLINE_HEADING = re.compile(
    rf"[{_NUMERALS}][、.．][^。；;]{{0,8}}?(?:" + "|".join(k for keys in PARTS.values() for k in keys) + ")"
)


def part_ranges(lines: list[tuple[int, str]]) -> dict[int, tuple[int, int]]:
    """Part number -> (first, last) index into `lines` of its text, heading included."""
    texts = [t for _, t in lines]
    heads = find_parts(texts)
    ordered = sorted(heads.items(), key=lambda kv: kv[1])
    out: dict[int, tuple[int, int]] = {}
    for n, (part, idx) in enumerate(ordered):
        end = ordered[n + 1][1] - 1 if n + 1 < len(ordered) else _last_line(texts)
        out[part] = (idx, max(idx, end))
    return out


def _last_line(lines: list[str]) -> int:
    """0-based index of the last non-blank line."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip():
            return i
    return 0
