"""Text definitions every step shares: what counts as a Chinese character, and the one compatibility normaliser."""

from __future__ import annotations

import re
import unicodedata

CJK = re.compile(r"[\u3400-\u9fff]")  # a Han character (CJK Unified Ideographs and Extension A)


def fold(text: str) -> str:
    """NFKC: full-width digits, letters and brackets to ASCII (２０２０ → 2020, （ → (), ligatures undone."""
    return unicodedata.normalize("NFKC", text)
