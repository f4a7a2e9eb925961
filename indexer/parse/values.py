"""Printed cell text -> number: full-width digits, separators, signs, units, blank markers."""

from __future__ import annotations

import re
import unicodedata

# A cell that holds no figure: blank, dashes, slash, 无.
BLANK_MARKERS = frozenset({"—", "——", "-", "--", "－", "/", "／", "无", "－－", "―", "─", "\\", "×"})
MAX_DIGITS = 15  # no figure of these tables has more integer digits; a longer run is no figure (nor an int64)

_NUMBER = re.compile(
    r"^(?P<sign>[-+−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>万元|元|件|个|项|条|次)?$"
)


def norm(text: str) -> str:
    """NFKC-normalise (full-width digits and brackets to ASCII) and unify minus signs."""
    return unicodedata.normalize("NFKC", text).replace("−", "-").replace("–", "-")


def parse_number(cell: str) -> tuple[int | float, str | None] | None:
    """The value and printed unit of a cell that is exactly one number, else None."""
    m = _NUMBER.match(norm(cell).replace(" ", ""))
    if not m:
        return None
    digits = m["int"].replace(",", "")
    if len(digits) > MAX_DIGITS:
        return None
    digits += m["frac"] or ""
    value: int | float = float(digits) if m["frac"] else int(digits)
    if isinstance(value, float) and value.is_integer() and len(m["frac"] or "") <= 2:
        value = int(value)
    if m["sign"] in ("-", "−"):
        value = -value
    unit = m["unit"] if m["unit"] in ("万元", "元") else None
    return value, unit


def is_blank_marker(cell: str) -> bool:
    """True for a printed 'no figure' cell such as —, -, / or 无."""
    return norm(cell).strip() in BLANK_MARKERS
