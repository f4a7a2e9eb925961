"""Where a figure stands: its row's span in a long (flattened) line, the report's name as people say it, 原文链接."""

from __future__ import annotations

import re

from indexer.schema import TABLES, TEMPLATES

LONG_LINE = 160  # a line longer than this holds more than one row (a flattened web text): cite the row, not the line
WINDOW = 70  # characters shown either side of the row in such a line
NUMBER_RUN = re.compile(r"[\s:：|]*(?:-?\d[\d.,，\s\-]*)")
NEXT_ROW = re.compile(r"\d\.$")
ORIGIN = re.compile(r"(?:原始链接|原文链接|原文地址|来源网址|来源链接|网址|URL|url|source)\s*[:：]\s*(https?://[^\s<>\"'）)]+)")
HEAD_CHARS = 3000  # the original address stands in the header block, before the report


def row_keys(table: str, row: str) -> list[str]:
    """The printed labels that find a row in a report (both templates), longest first."""
    keys: set[str] = set()
    for template in TEMPLATES:
        t = TABLES[template].get(table)
        for r in t.rows if t else ():
            if r.id == row:
                keys.update(k for k in (*r.keys, r.label) if k)
    return sorted(keys, key=len, reverse=True)


def row_span(line: str, table: str, row: str, value: object) -> tuple[int, int] | None:
    """The [start, end) span of a figure's row inside a long line: its label and the numbers after it."""
    shown = _plain(value)
    best: tuple[int, int] | None = None
    for key in row_keys(table, row):
        for m in re.finditer(re.escape(key), line):
            run = NUMBER_RUN.match(line, m.end())
            if not run or not any(c.isdigit() for c in run.group(0)):
                continue
            numbers = NEXT_ROW.sub("", run.group(0)).rstrip(" ,，-")  # not the next row's "3."
            span = (m.start(), m.end() + len(numbers))
            if shown and shown in re.sub(r"[\s,，]", "", numbers):
                return span
            best = best or span
    return best


def label_span(line: str, table: str, row: str) -> tuple[int, int] | None:
    """The span of a row's label in a line (the last one: tables follow the prose), where no numbers follow it."""
    for key in row_keys(table, row):
        found = [m.span() for m in re.finditer(re.escape(key), line)]
        if found:
            return found[-1]
    return None


def _plain(value: object) -> str:
    """A figure as printed without separators (12.0 → 12)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value)


def window(line: str, span: tuple[int, int], reach: int = WINDOW) -> tuple[str, tuple[int, int], bool, bool]:
    """The part of a long line around a span: (text, the span within it, cut before, cut after)."""
    start, end = max(0, span[0] - reach), min(len(line), span[1] + reach)
    return line[start:end], (span[0] - start, span[1] - start), start > 0, end < len(line)


def origin_url(text: str | None) -> str | None:
    """The report's original web address where its text names one (a crawled page's 原始链接), else None."""
    if not text:
        return None
    m = ORIGIN.search(text[:HEAD_CHARS])
    return m.group(1).rstrip("。，,.;；") if m else None


def report_name(body: str | None, year: int | str | None) -> str:
    """A report as people name it: 王屋镇人民政府 2020年年报."""
    who = body or "（机关未识别）"
    return f"{who} {year}年年报" if year else f"{who} 年报"
