"""Locate the six parts of a report by their headings, tolerant of numbering and markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.parse.values import norm
from indexer.schema import PARTS

_NUMERALS = "一二三四五六"
_MARKUP = re.compile(r"^[\s#*>\-–—•·　]*")


def _heading_text(line: str) -> str:
    """A line without markup, white space and trailing punctuation, for heading matching."""
    text = _MARKUP.sub("", norm(line))
    text = re.sub(r"[\s*#]+", "", text)
    return text.rstrip(":：。")


def _is_heading(text: str, keyword: str, part: int) -> bool:
    """True when text reads as a part heading holding the keyword: numbered, or the keyword alone."""
    if keyword not in text or len(text) > 40:
        return False
    return _numbering(text, part) > 0 or (text.startswith(keyword) and len(text) <= len(keyword) + 4)


def _numbering(text: str, part: int) -> int:
    """2: numbered with a Chinese numeral (`二、`, `第二部分`); 1: with the part's own Arabic number (`2. `,
    `2．`), a weaker sign since sub-items are numbered so too; 0: not numbered."""
    if _NUMBERED.match(text):
        return 2
    m = _ARABIC.match(text)
    return 1 if m and int(m.group(1)) == part else 0


_JOIN_PIECE = 14  # the longest line piece of a heading broken over lines (`二、` / `主动公开政府信息情况`)
_JOIN_LINES = 4
_NUMBERED = re.compile(rf"^(?:[{_NUMERALS}][、.,，．]|第[{_NUMERALS}]部分)")
_ARABIC = re.compile(r"^([1-6])[、.．](?!\d)")


@dataclass(frozen=True)
class _Candidate:
    """A line (or a few short lines joined) that reads as a part heading."""

    part: int
    start: int
    end: int  # last line of the heading
    numbered: int  # see _numbering


_ANY_KEY = re.compile("|".join(re.escape(k) for keys in PARTS.values() for k in keys))
_KEY_START = re.compile(rf"^[{_NUMERALS}（(第]")


def _candidates(texts: list[str]) -> list[_Candidate]:
    """Every heading candidate: a line alone, or a numbered heading broken over a few short lines."""
    out: list[_Candidate] = []
    for i, text in enumerate(texts):
        if not text or (len(text) > _JOIN_PIECE and not _ANY_KEY.search(text)):
            continue
        if not _ANY_KEY.search(text) and not _KEY_START.match(text):
            continue
        joined, j = text, i
        while True:
            for part, keys in PARTS.items():
                if any(_is_heading(joined, k, part) for k in keys):
                    numbered = _numbering(joined, part)
                    if j > i:  # take in the rest of a broken heading (`…公开申请` / `情况`)
                        while j + 1 < len(texts) and _longest(joined + texts[j + 1], keys) > _longest(joined, keys):
                            j += 1
                            joined += texts[j]
                    if j == i or numbered:
                        out.append(_Candidate(part, i, j, numbered))
                    break
            else:
                if (j - i < _JOIN_LINES and j + 1 < len(texts) and len(texts[j + 1]) <= _JOIN_PIECE
                        and texts[j + 1] and len(text) <= _JOIN_PIECE and re.match(rf"^[{_NUMERALS}（(]", text)):
                    j += 1
                    joined += texts[j]
                    continue
            break
    return out


def _longest(text: str, keys: tuple[str, ...]) -> int:
    """Length of the longest key the text holds."""
    return max((len(k) for k in keys if k in text), default=0)


def _listed(c: _Candidate, cands: list[_Candidate], texts: list[str], gap: int = 12) -> bool:
    """True when the candidate is one of three or more consecutive part names with little text between
    them: an introduction listing the parts, not a heading."""

    def near(a: _Candidate, b: _Candidate) -> bool:
        return a.end < b.start <= a.end + 3 and sum(len(t) for t in texts[a.end + 1 : b.start]) <= gap

    def chain(cur: _Candidate, step: int) -> int:
        n = 0
        while True:
            nxt = [d for d in cands if d.part == cur.part + step and (near(cur, d) if step > 0 else near(d, cur))]
            if not nxt:
                return n
            cur, n = nxt[0], n + 1

    return chain(c, 1) + chain(c, -1) >= 2


def find_headings(lines: list[str]) -> dict[int, tuple[int, int]]:
    """Part number -> (first, last) 0-based line of its heading, for the parts found, in order.

    A heading stands alone on its line (or a few short lines: `二、` / `主动公开政府信息情况`); numbered
    headings are preferred to bare part names; part names listed together (an introduction) are none."""
    texts = [_heading_text(line) for line in lines]
    cands = [c for c in _candidates(texts) if len(texts[c.start]) <= 40]
    listed = {id(c) for c in cands if _listed(c, cands, texts)}
    cands = [c for c in cands if id(c) not in listed]
    if any(c.numbered == 2 for c in cands):  # parts numbered 一、二、: an Arabic-numbered line is a sub-item
        cands = [c for c in cands if c.numbered != 1]
    found: dict[int, tuple[int, int]] = {}
    start = 0
    for part in range(1, 7):
        later = [c.start for c in cands if c.part > part and c.start >= start]
        limit = min(later) if later else len(lines)
        mine = [c for c in cands if c.part == part and start <= c.start < limit]
        best = max((c.numbered for c in mine), default=0)
        if best:
            mine = [c for c in mine if c.numbered == best]
        elif any(c.numbered for c in cands if c.part == part and c.start >= start):
            mine = [c for c in cands if c.part == part and c.start >= start and c.numbered][:1]
        if mine:
            found[part] = (mine[0].start, mine[0].end)
            start = mine[0].end + 1
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


def part_spans(lines: list[tuple[int, str]]) -> dict[int, tuple[int, int, int]]:
    """Part number -> (first, heading's last, last) index into `lines`: the part's heading and its text."""
    texts = [t for _, t in lines]
    heads = find_headings(texts)
    ordered = sorted(heads.items(), key=lambda kv: kv[1])
    out: dict[int, tuple[int, int, int]] = {}
    for n, (part, (idx, head_end)) in enumerate(ordered):
        end = ordered[n + 1][1][0] - 1 if n + 1 < len(ordered) else _last_line(texts)
        out[part] = (idx, min(head_end, max(idx, end)), max(idx, end))
    return out


def part_ranges(lines: list[tuple[int, str]]) -> dict[int, tuple[int, int]]:
    """Part number -> (first, last) index into `lines` of its text, heading included."""
    return {p: (a, c) for p, (a, _, c) in part_spans(lines).items()}


def _last_line(lines: list[str]) -> int:
    """0-based index of the last non-blank line."""
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].strip():
            return i
    return 0
