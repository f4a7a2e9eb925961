"""Columns as printed: a variant of table 2 may print fewer columns than the template (two of three).

The header words printed above a group of rows (`信息内容 上一年项目数量 处理决定数量`) name the columns its rows
hold; a row whose figures match exactly the columns named there is read in those columns.
"""

from __future__ import annotations

from indexer.parse.tokens import Token
from indexer.schema import Column, Row

# A short key of each column label, as header words print it (labels broken over lines are joined first).
_KEYS = {
    "new_made": ("新制作",), "new_published": ("新公开",), "total_published": ("对外公开总", "公开总数"),
    "prev_count": ("上一年项目", "上年项目"), "change": ("增/减", "增减", "本年增"),
    "decisions": ("处理决定",), "projects": ("采购项目",), "issued": ("制发",), "repealed": ("废止",),
    "in_force": ("现行有效",),
}


def named_columns(header: str, row: Row) -> list[Column] | None:
    """The row's columns the header text names, in the row's order, when it names some but not all of them
    (and nothing else can be told of a column it does not name); None otherwise."""
    flat = header.replace(" ", "")
    named = [c for c in row.columns if any(k in flat for k in _KEYS.get(c.id, ("\0",)))]
    unknown = [c for c in row.columns if c.id not in _KEYS]
    if unknown or not named or len(named) == len(row.columns):
        return None
    return named


def headers_before(tokens: list[Token], starts: list[int]) -> list[str]:
    """For each row start (token index), the header text printed above its group: the text since the last
    figure before it, or the header of the row before when no text stands there."""
    out: list[str] = []
    last = ""
    prev_end = 0
    for start in starts:
        text = ""
        for t in tokens[prev_end:start]:
            if t.kind in ("num", "blank"):
                text = ""
            elif t.kind == "text":
                text += t.text
        if any(k in text for keys in _KEYS.values() for k in keys):
            last = text
        out.append(last)
        prev_end = start
    return out
