"""What every loader shares: the error, the result, cell cleaning, table lines and text normalisation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


class LoadError(Exception):
    """A report file that cannot be turned into text; the message names the file and why."""


@dataclass(frozen=True)
class Loaded:
    """One report file as normalised plain text."""

    text: str  # normalised text, '\n' line ends, no '\r'
    kind: str  # "txt" | "md" | "html" | "pdf" | "docx"
    encoding: str | None  # detected encoding for text files
    ocr: tuple[tuple[int, Any], ...] = ()  # (1-based line, OcrLine) for each line of text read by OCR


# CJK ideographs, CJK punctuation, kana, full-width forms: a line break between two of these is no space.
_CJK = r"\u2e80-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[^\S\n]*\n\s*(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"[\f\v\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_TRAILING = re.compile(r"[^\S\t\n]+$", re.M)
_WHITE_LINE = re.compile(r"^[^\S\n]+$", re.M)
_MANY_BLANKS = re.compile(r"\n{4,}")


def collapse_space(text: str) -> str:
    """Join text broken over lines: no space where a break falls between CJK characters, else one space."""
    text = text.replace("\xa0", " ").replace("\u3000", " ")
    text = _CJK_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def table_lines(rows: Sequence[Sequence[str | None]]) -> list[str]:
    """Turn a grid of cells (None = covered by a merged cell) into tab-joined lines, framed by blank lines."""
    cleaned = [[collapse_space(cell or "") for cell in row] for row in rows]
    width = max((len(row) for row in cleaned), default=0)
    out = [""]
    for row in cleaned:
        if any(row):
            out.append("\t".join(row + [""] * (width - len(row))))
    out.append("")
    return out if len(out) > 2 else []


def normalize_lines(text: str) -> str:
    """Unify line ends, drop control and zero-width characters, NFC; every line stays where it was
    (a text report's line numbers are its citations)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _normal_line(line: str) -> str:
    """One line as normalize_text leaves it (for lines without page-break characters)."""
    return _WHITE_LINE.sub("", _TRAILING.sub("", normalize_lines(line)))


def place_lines(raw: list[str], marked: list[tuple[int, Any]], text: str) -> tuple[tuple[int, Any], ...]:
    """Where marked raw lines (0-based index, tag) stand in the normalised text: (1-based line, tag)."""
    out = []
    lines = text.split("\n")
    at = 0
    for index, tag in marked:
        want = _normal_line(raw[index])
        for j in range(at, len(lines)):
            if lines[j] == want:
                out.append((j + 1, tag))
                at = j + 1
                break
    return tuple(out)


def normalize_text(text: str) -> str:
    """normalize_lines, and also: page breaks as line ends, strip line ends, cap blank runs at two."""
    text = normalize_lines(_LINE_BREAKS.sub("\n", text))
    text = _TRAILING.sub("", text)
    text = _WHITE_LINE.sub("", text)
    text = _MANY_BLANKS.sub("\n\n\n", text).strip("\n")
    return text + "\n" if text else ""
