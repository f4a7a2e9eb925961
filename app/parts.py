"""Which part of a figure is largest or smallest within one report (不予处理里哪类最多, 哪类申请人最多, which
refusal reason was most common): the parts as the terms of a CALC, never the figure's total."""

from __future__ import annotations

import re

from app.query import Query
from app.understand.cells import parts_of
from app.understand.fields import Field
from app.understand.intent import Understanding
from indexer.schema import APPLICANT_COLUMNS, REVIEW_COLUMNS

TOP, BOTTOM = "top_part", "bottom_part"
_BODY = r"(?!机关|单位|部门|乡镇|镇|乡|街道|县|区|市|地方|政府|年|局|委)"  # 哪个机关最多: a ranking of bodies
_WHICH = re.compile(rf"哪一?(?:类|项|种|个|些|方面){_BODY}[^，。？?]{{0,10}}?(?:最|比较|较)(多|少|高|低|大|小)|"
                    rf"(?:最|比较)(多|少|高|低|大|小)的是哪一?(?:类|项|种|个){_BODY}|"
                    rf"哪一?(?:类|项|种|个){_BODY}[^，。？?]{{0,6}}占多数|"
                    r"\bwhich\s+(?:\w+\s+){0,3}?(?:reasons?|types?|kinds?|categor(?:y|ies)|results?|outcomes?|"
                    r"applicants?|grounds?)\b.{0,50}?\b(most|least|fewest|highest|lowest|largest|smallest)\b|"
                    r"\b(most|least) (?:common|frequent) (?:reason|type|kind|outcome|result|ground)", re.I)
_APPLICANT = re.compile(r"申请人|申请主体|\bapplicants?\b|\bwho\b", re.I)
_RESULT = re.compile(r"结果|结论|\bresults?\b|\boutcomes?\b", re.I)
_LOW = set("少低小") | {"least", "fewest", "lowest", "smallest"}


def which_part(u: Understanding) -> str:
    """TOP or BOTTOM when the question asks which part of a figure is largest or smallest; '' otherwise."""
    m = _WHICH.search(u.question)
    if not m:
        return ""
    word = next((g for g in m.groups() if g), "多").lower()  # (占多数: the largest)
    return BOTTOM if word in _LOW else TOP


def part_terms(u: Understanding, q: Query) -> tuple:
    """The parts of the question's figure in its one report: the sub-rows of a group (不予处理 → its five reasons),
    the applicant columns (哪类申请人), a review row's outcomes; () when the figure has no parts to rank."""
    cell = q.cell
    if cell is None or len(q.bodies) != 1 or len(q.years) > 1:
        return ()
    body, year = q.bodies[0], (q.years[0] if q.years else 0)
    cells: list[Field] = []
    if cell.table == "requests" and (_APPLICANT.search(u.question) or cell.column == "organisations"):
        ids = [c.id for c in APPLICANT_COLUMNS if c.id != "total"]
        ids = ids[1:] if cell.column == "organisations" else ids
        cells = [Field(cell.table, cell.row, c) for c in ids]
    elif cell.table == "review" and (_RESULT.search(u.question) or not parts_of(cell.table, cell.row)):
        cells = [Field(cell.table, cell.row, c.id) for c in REVIEW_COLUMNS if c.id != "total"]
    elif parts_of(cell.table, cell.row):
        cells = [Field(cell.table, p, cell.column) for p in parts_of(cell.table, cell.row)]
        cells = [c for c in cells if not parts_of(c.table, c.row)]  # the finest rows only
    return tuple(("a", body, year, c) for c in cells)


__all__ = ["BOTTOM", "TOP", "part_terms", "which_part"]
