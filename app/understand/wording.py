"""Words that change what the matched cues mean: 已审结 (the total less what is pending), 信息处理费 (part 6's
prose, not 行政事业性收费), a group's own 其他 (其他处理里面的“其他”: the row, not the applicant column)."""

from __future__ import annotations

import re
from typing import Any

from app.understand.text import overlaps
from indexer.schema import TABLES

_PROCESSING_FEE = re.compile(r"处理费|公开收费|信息公开[^，。？?]{0,4}收费|processing fee|disclosure fee|"
                             r"charge[sd]?\b[^.?]{0,30}\b(?:information|disclosure|processing)|"
                             r"\b(?:information|disclosure)\b[^.?]{0,20}\b(?:charge|fee)s?\b", re.I)
_CONCLUDED = re.compile(r"(?<!未)(?<!没)(?<!没有)(?<!尚)(?<!还)(?<!不)(?:已经?|都)?(?:审结|结案|审理完毕|审完)(?!中)|"
                        r"\b(?:concluded|closed)\b", re.I)  # (review cases) concluded: the total less 尚未审结
# a group, then its own 其他 (not the applicant column written （其他）)
_OTHER_AFTER = re.compile(r"^[^，。？?,（(]{0,6}?(?:\d[.、．])?(?<![（(])其他(?!组织|法人|机构|结果|处理|原因)")


def special_words(text: str, rows: list, cols: list, out: Any) -> tuple[list, list]:
    """The rows and columns once 已审结 (out.excluded gets 尚未审结) and 信息处理费 are read; out: the FieldFind."""
    concluded = _CONCLUDED.search(text)
    if concluded and any(t[1] == "review" for t, _ in rows) and ("col", "", "pending") not in cols + \
            out.excluded and not overlaps(concluded.span(), out.spans):
        out.excluded.append(("col", "", "pending"))  # 已审结的: what is no longer pending
        out.spans.append(concluded.span())
    if _PROCESSING_FEE.search(text):  # 信息处理费 (part 6's prose), not 行政事业性收费
        rows = [(t, tier) for t, tier in rows if t != ("row", "active", "fees")]
        cols = [c for c in cols if c[2] != "amount"]
    return rows, cols


def sub_other(text: str, chosen: list) -> list:
    """A group, then 其他 within it (其他处理里面的“其他”): the group's own 'other' row, not the applicant column."""
    out = list(chosen)
    for _a, b, targets, _tier in chosen:
        m = _OTHER_AFTER.search(text[b:])
        sub = next((("row", t[1], t[2] + ".other") for t in targets if t[0] in ("group", "row") and any(
            r.id == t[2] + ".other" for tpl in TABLES.values() for r in tpl[t[1]].rows)), None)
        if not (m and sub):
            continue
        end = b + m.end()
        out = [(a2, b2, (sub,), 2) if b <= a2 and b2 <= end and any(x[0] == "col" for x in t2) else (a2, b2, t2, tr)
               for a2, b2, t2, tr in out]
    return out
