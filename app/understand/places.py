"""China's administrative divisions (jionlp's data, read without importing jionlp): which printed place is real."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from functools import lru_cache
from pathlib import Path

_DIVISION = re.compile(r"^\t{0,3}([^\t\r\n]+)", re.M)


_MAJOR = re.compile(r"^\t{0,2}([^\t\r\n]+)\t\d+\t([^\t\r\n]+)\r?$", re.M)
_NOT_A_NAME = {"城区", "郊区", "矿区", "新区", "市区", "县城", "城关", "市中", "开发", "高新"}


@lru_cache(maxsize=1)
def _divisions() -> tuple[frozenset[str], dict[str, str]]:
    """The division data read once: every place name (villages left out; towns are not all there: 王屋镇 is
    missing), and the short names of the provinces, cities and counties; both empty where the data is not
    installed."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.origin:
        return frozenset(), {}
    try:
        with zipfile.ZipFile(Path(spec.origin).parent / "dictionary" / "china_location.zip") as z:
            text = z.read(z.namelist()[0]).decode("utf-8")
    except (OSError, zipfile.BadZipFile, IndexError):
        return frozenset(), {}
    major = {short: full for full, short in _MAJOR.findall(text) if len(short) >= 2 and short not in _NOT_A_NAME}
    return frozenset(_DIVISION.findall(text)), major  # villages (four tabs deep) left out


def real_places() -> frozenset[str]:
    """Names of the provinces, cities, counties and towns; empty where the data is not installed."""
    return _divisions()[0]


def major_places() -> dict[str, str]:
    """Short names of the provinces, cities and counties (北京 -> 北京市, 江苏 -> 江苏省), from the same data."""
    return _divisions()[1]


def misprints(units: set[str]) -> dict[str, str]:
    """Printed places that are no real place, one character from an indexed one that is: 沐阳县 -> 沭阳县.
    Counties and above only: the data has every one of them but not every town (王屋镇 is no misprint of
    王店镇)."""
    pairs = [(u, v) for u in units for v in units if u != v and len(u) == len(v) >= 3 and u[-1] == v[-1]
             and sum(a != b for a, b in zip(u, v, strict=True)) == 1]
    real = set(major_places().values()) if pairs else set()  # the data is read only when two names are this close
    out: dict[str, str] = {}
    for u, v in pairs:
        if u not in real and v in real:
            out[u] = v if u not in out else ""
    return {u: v for u, v in out.items() if v}
