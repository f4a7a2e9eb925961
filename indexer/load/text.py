"""Plain text and markdown: detect the encoding (BOM, UTF-8, UTF-16, GB18030, charset-normalizer) and decode."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from .common import LoadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936", "euc_cn"}
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HAN_OR_PUNCT = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2010-\u203a]")
_SAMPLE = 1 << 16


def _utf16_without_bom(data: bytes) -> str | None:
    """Name the UTF-16 byte order when the NUL bytes (of ASCII characters) all fall on one side, else None."""
    sample = data[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(data) % 2 or even + odd < 2:
        return None
    if odd >= 0.75 * (even + odd):
        return "utf-16-le"
    if even >= 0.75 * (even + odd):
        return "utf-16-be"
    return None


def _mostly_chinese(text: str) -> bool:
    """True when nearly every non-ASCII character of a text is a Han character or CJK/general punctuation."""
    sample = text[: _SAMPLE * 4]
    non_ascii = len(_NON_ASCII.findall(sample))
    return non_ascii > 0 and len(_HAN_OR_PUNCT.findall(sample)) >= 0.9 * non_ascii


def _try_gb18030(data: bytes) -> str | None:
    """Decode as GB18030 when that works strictly and reads as Chinese, else None."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _mostly_chinese(text) else None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes that are neither BOM-marked nor UTF-8; return (text, encoding)."""
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if data[:_SAMPLE].count(0) > 0.01 * min(len(data), _SAMPLE):
        raise LoadError(f"{name}: not a text file (NUL bytes)")
    best = charset_normalizer.from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess not in _GB_FAMILY:
        text = _try_gb18030(data)  # these are mainland Chinese reports: prefer GB18030 where it fits
        if text is not None:
            return text, "gb18030"
    if guess is None:
        raise LoadError(f"{name}: not a text file (no encoding fits)")
    if guess in _GB_FAMILY:
        guess = "gb18030"
    return data.decode(guess, errors="replace"), guess


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes: BOM, then a declared charset, then UTF-8, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise LoadError(f"{name}: not a text file (bad {encoding}: {exc.reason})") from None
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return _detect(data, name)


def check_text(text: str, name: str) -> None:
    """Reject decoded text that is binary junk: many control characters."""
    sample = text[: _SAMPLE * 4]
    if len(_CONTROL.findall(sample)) > max(2, 0.005 * len(sample)):
        raise LoadError(f"{name}: not a text file (binary content)")


def load_txt(data: bytes, name: str) -> tuple[str, str]:
    """Return the decoded text of a .txt/.md file and its encoding."""
    text, encoding = decode_bytes(data, name)
    check_text(text, name)
    return text, encoding
