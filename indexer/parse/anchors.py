"""Row labels in a table section's tokens: where each national row's label stands, in printed order.

The text tokens are joined into one stream (a label wrapped over lines or cells reads whole); the prose of a
line is left out of it, since a row named in a sentence before the table (`制发行政规范性文件3件`) is not its
label. Each row is found by its keys after the previous row's label, and a label read whole is passed over
whole, so a later row's key inside it (其他 in `…不计其他情形）`) is not taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.parse.tokens import Token
from indexer.parse.values import norm
from indexer.schema import Row, Table


@dataclass
class Anchor:
    """Where a row's label was found: the token where its key starts (its figures follow it, even
    when the rest of the label is wrapped after them)."""

    row: Row
    start: int
    end: int


_SENTENCE = re.compile(r"[^。！？]*[。！？]")
_WRAPPED_PROSE = re.compile(r"^(?=.*[，,；;])(?=.*\d[件条项次个]).{1,80}$")  # `…文件3件，废止3件，…行` (no full stop)


def _prose_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) spans of a line's text that are prose: its sentences (up to a full stop: no row label holds
    one), and the rest after them when it reads as a sentence wrapped before its full stop (a clause mark and a
    count with its unit, `3件`, which no label holds)."""
    if not _MAYBE_PROSE.search(line):
        return []
    out = [m.span() for m in _SENTENCE.finditer(line)]
    end = out[-1][1] if out else 0
    if _WRAPPED_PROSE.match(line[end:]):
        out.append((end, len(line)))
    return out


_MAYBE_PROSE = re.compile(r"[。！？]|\d[件条项次个]")


def _outside(text: str, at: int, spans: list[tuple[int, int]]) -> str:
    """The characters of text (which starts at `at` in its line) outside the spans."""
    if not spans:
        return text
    kept, pos = [], at
    for a, b in spans:
        if a > pos:
            kept.append(text[pos - at : a - at])
        pos = max(pos, b)
    kept.append(text[pos - at :])
    return "".join(kept)


_MARK_ONLY = re.compile(r"[\W_]+")
_LIST_CHARS = re.compile(r"[、,，;；/和及与或]")
_LIST_MARK = re.compile(r"^(?:[、,，;；/]|和|及|与|以及|或)$")


_PATTERNS: dict[int, tuple[tuple[Row, ...], re.Pattern[str], dict[str, int]]] = {}


def _key_pattern(rows: tuple[Row, ...]) -> tuple[re.Pattern[str], dict[str, int]]:
    """One pattern for every row key of a table (longest first), and each key's row index; made once a table."""
    cached = _PATTERNS.get(id(rows))
    if cached is None or cached[0] is not rows:
        owner = {_flat(k): n for n, row in enumerate(rows) for k in row.keys}
        alternatives = sorted(owner, key=len, reverse=True)
        cached = (rows, re.compile("|".join(re.escape(k) for k in alternatives)), owner)
        _PATTERNS[id(rows)] = cached
    return cached[1], cached[2]


def _list_spans(line: str, pattern: re.Pattern[str], rows: dict[str, int]) -> list[tuple[int, int]]:
    """Spans of a line naming several rows in a list (`规范性文件、行政许可、行政处罚`, `规章和规范性文件`): prose
    about the table, not its labels, which stand one a row."""
    if not _LIST_CHARS.search(line):
        return []
    hits = list(pattern.finditer(line))
    out: list[tuple[int, int]] = []
    for a, b in zip(hits, hits[1:], strict=False):
        if rows[a.group()] != rows[b.group()] and _LIST_MARK.match(line[a.end() : b.start()]):
            if out and out[-1][1] == a.end():
                out[-1] = (out[-1][0], b.end())
            else:
                out.append((a.start(), b.end()))
    return out


def _stream(tokens: list[Token], table: Table) -> tuple[str, list[int]]:
    """The text tokens joined without white space, and each character's token index; the prose of a line
    (see _prose_spans and _list_spans) is left out, as a row named in a sentence or a list is not its label."""
    pattern, rows = _key_pattern(table.rows)
    lines: dict[int, list[int]] = {}
    for i, tok in enumerate(tokens):
        if tok.kind == "text":
            lines.setdefault(tok.line, []).append(i)
    keep: dict[int, str] = {}
    for idx in lines.values():
        text = "".join("|" * len(tokens[i].text) if _MARK_ONLY.fullmatch(tokens[i].text) else tokens[i].text
                       for i in idx)  # a cell of a mark alone (OCR's `。` for a 0) ends no sentence
        spans = sorted(_prose_spans(text) + _list_spans(text, pattern, rows))
        at = 0
        for i in idx:
            keep[i] = _outside(tokens[i].text, at, spans)
            at += len(tokens[i].text)
    chars: list[str] = []
    owner: list[int] = []
    for i in sorted(keep):
        chars.append(keep[i])
        owner.extend([i] * len(keep[i]))
    return "".join(chars), owner


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[.、．]|\(\d+\))+")


def _label_start(stream: str, row: Row, key: str, at: int, pos: int) -> int:
    """Where the row's label begins, given its key at `at`: back over the label's own words
    before the key (`要求行政机关` before `确认或重新`), when the stream shows them there."""
    label = _flat(row.label)
    prefix = _NUMBERING.sub("", label[: max(label.find(key), 0)])
    for n in range(len(prefix), 1, -1):
        if at - n >= pos and stream[at - n : at] == prefix[-n:]:
            return at - n
    return at


@lru_cache(maxsize=1024)
def _flat(text: str) -> str:
    """A row's label or key normalised, without white space."""
    return norm(text).replace(" ", "")


@lru_cache(maxsize=256)
def _core_label(label: str) -> str:
    """A row's printed label normalised, without white space and its item numbering."""
    return _NUMBERING.sub("", _flat(label))


def _label_end(stream: str, row: Row, key: str, at: int) -> int:
    """Where the row's label ends, given its key at `at`: past the whole label when the stream prints it whole
    (so that a later row's key inside it, 其他 in `…不计其他情形）`, is not taken), else past the key."""
    label = _core_label(row.label)
    k = label.find(key)
    if k >= 0 and at - k >= 0 and stream[at - k : at - k + len(label)] == label:
        return at - k + len(label)
    return at + len(key)


def _find_key(stream: str, row: Row, pos: int) -> tuple[int, int, int] | None:
    """Earliest (label start, key end, label end) in stream at or after pos where one of the row's keys
    stands."""
    best: tuple[int, int, int] | None = None
    for key in row.keys:
        k = _flat(key)
        at = stream.find(k, pos)
        if at >= 0 and (best is None or at < best[0]):
            best = (_label_start(stream, row, k, at, pos), at + len(k), _label_end(stream, row, k, at))
    return best


def find_anchors(tokens: list[Token], table: Table) -> list[Anchor]:
    """Each row's label position, in order; a row whose label comes after a later row's is skipped."""
    stream, owner = _stream(tokens, table)
    anchors: list[Anchor] = []
    pos = 0
    rows = list(table.rows)
    for i, row in enumerate(rows):
        hit = _find_key(stream, row, pos)
        if hit is None:
            continue
        nxt = [h for h in (_find_key(stream, r, pos) for r in rows[i + 1 : i + 3]) if h is not None]
        if nxt and all(h[1] <= hit[0] for h in nxt):
            continue  # the next rows stand before this one: this row is not printed
        anchors.append(Anchor(row, owner[hit[0]], owner[hit[0]]))
        pos = hit[2]
    return anchors
