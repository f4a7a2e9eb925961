"""Which computation a question asks for (sum, difference, ratio) and on which figures: the terms of a CALC query."""

from __future__ import annotations

import re

from app.query import Query
from app.understand.fields import ORG_COLUMNS, OUTCOMES, Field, in_group, row_columns
from app.understand.intent import Understanding

SUM, DIFFERENCE, RATIO, GROWTH, TIMES = "sum", "difference", "ratio", "growth", "times"
PER_MONTH, AVERAGE = "per_month", "average"  # a year's figure / 12; any other mean (never answered with a count)
MEAN = "mean"  # the mean of the figures named (两年平均): their sum / their count
SHARE_LEFT = "share_left"  # the share of a whole left once parts are taken out: (whole − parts) / whole
_PER_MONTH = re.compile(r"平均每个?月|每个?月平均|月均|平均一个月|一个月平均|\bper month\b|\ba month on average\b|"
                        r"\bmonthly average\b|\baverage (?:per|a|each) month\b|\baverage monthly\b", re.I)
_AVERAGE = re.compile(r"平均|均值|人均|日均|\baverage\b|\bmean\b|\bper (?:day|week|capita|person|head)\b", re.I)
_TIMES = re.compile(r"多少倍|几倍|的倍数|times as (?:many|much|high|large)|how many times as|"
                    r"how many times\b.{0,60}\b(?:compared (?:with|to)|relative to|versus|vs\b)", re.I)
_TIMES_MORE = re.compile(r"(?:增长|增加|多|提高|上升|高)了?(?:几|多少)倍")  # 增长了几倍: (a − b) / b
_TIMES_UNCLEAR = re.compile(r"翻了?(?:几|多少)|times (?:more|higher|larger)|how many times (?:more|higher)", re.I)
TIMES_MORE, UNCLEAR = "times_more", "unclear"
_YEAR_ON_YEAR = re.compile(r"同比|环比|较上年|比上年|比上一年|较上一年|比去年同期|year[- ]on[- ]year|\byoy\b", re.I)
_RATIO = re.compile(r"比例|占比|比重|百分之|百分比|%|纠错率|维持率|公开率|[^效]率|percentage|\bshare\b|占几成|"
                    r"占了?[^，。？?,多少]{0,12}?多少(?![件个项次起万元条份人家])|"
                    r"proportion|\brate\b|\bpercent|\bfraction\b", re.I)
_SUM = re.compile(r"加起来|加上|一共|总共|合计|共计|总和|之和|两家|[^增]加(?!了|起)|\bcombined\b|\bin total\b|"
                  r"\baltogether\b|\bsum\b|\bplus\b", re.I)
_MORE = re.compile(r"(?:多[收办出接]?|增加|增长|高|上升)了?(?:多少|几)|\bmore\b|\bincrease", re.I)
_LESS = re.compile(r"(?:少[收办出接]?|减少|下降|低|降低)了?(?:多少|几)|\bfewer\b|\bless\b|\bdecrease", re.I)
_APART = re.compile(r"相差|之差|差多少|差几|差距|\bdifference\b")
_GROWTH = re.compile(r"增长|增幅|涨幅|降幅|下降|减少|增加|growth|grew|change", re.I)
_WHOLE_ROWS = ("handled_total", "new_received")  # rows that are the whole others are part of


def detect(u: Understanding) -> str | None:
    """The operation a question asks for, from its cue words (None: a plain look-up)."""
    text = u.question
    if _PER_MONTH.search(text):
        return PER_MONTH
    if _AVERAGE.search(text):
        return AVERAGE
    two = len(u.years.years) == 2 or len(u.entities) == 2 or year_on_year(u)
    if _TIMES_UNCLEAR.search(text):
        return UNCLEAR  # 翻了几倍 / 'times more': read both ways by people; never guessed
    if _TIMES.search(text) and (two or len(_named_rows(u)) == 2):
        return TIMES_MORE if _TIMES_MORE.search(text) else TIMES
    if _RATIO.search(text):
        return GROWTH if two and (_MORE.search(text) or _LESS.search(text) or _GROWTH.search(text)) else RATIO
    if (_MORE.search(text) or _LESS.search(text) or _APART.search(text) or
            (year_on_year(u) and _GROWTH.search(text))) and two:
        return DIFFERENCE
    if (_MORE.search(text) or _LESS.search(text) or _APART.search(text)) and \
            (len(_named_rows(u)) == 2 or len(_two_columns(u)) == 2):
        return DIFFERENCE
    if _SUM.search(text):
        return SUM
    return None


_COUNTED = re.compile(r"([两二三四五六七八九])(?:项|者|类|种|个数|部分)|"
                      r"\b(two|three|four|five)\s+(?:items|figures|kinds|categories|types|numbers)\b", re.I)
_HOW_MANY = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "two": 2, "three": 3,
             "four": 4, "five": 5}


def counted(u: Understanding) -> int:
    """How many figures a sum names by number (许可、处罚、强制三项合计: 3), 0 when it does not say."""
    m = _COUNTED.search(u.question)
    return _HOW_MANY.get((m.group(1) or m.group(2) or "").lower(), 0) if m else 0


def year_on_year(u: Understanding) -> bool:
    """同比 / 比上年 / year on year with one year named: that year against the one before."""
    return len(u.years.years) == 1 and bool(_YEAR_ON_YEAR.search(u.question))


def _base_named_first(u: Understanding) -> bool:
    """'how many times as many … as Hongze District did Huai'an': the body after 'as' is the base, named first."""
    m = re.search(r"times as (?:many|much)\b.*?\bas\b", u.question, re.I)
    spans = sorted(x.span for x in u.bodies.mentions)
    return bool(m) and len(spans) == 2 and m.end() <= spans[0][0] < spans[1][0] and \
        re.search(r"\b(?:did|does|do|had|has|have|was|were|is|are)\b", u.question[spans[0][1]:spans[1][0]]) is not None


def _each_with_its_year(u: Understanding) -> bool:
    """Two bodies each written with its own year, in order (沭阳县2025年和沭阳县发改局2023年)."""
    bodies = sorted(m.span for m in u.bodies.mentions)
    years = sorted(u.years.spans)
    return len(bodies) == len(years) == 2 and bodies[0][1] <= years[0][0] < bodies[1][0] <= years[1][0]


def _named_rows(u: Understanding) -> list[tuple[str, str]]:
    """The rows and groups (table, id) the question names by its most specific words."""
    tiers = u.fields.row_tiers or [2.0] * len(u.fields.rows)
    floor = 1.5 if max(tiers, default=0) >= 1.5 else max(tiers, default=0)
    return list(dict.fromkeys((t[1], t[2]) for t, tier in zip(u.fields.rows, tiers, strict=False)
                              if t[0] in ("row", "group") and tier >= floor))


def _two_columns(u: Understanding) -> list[str]:
    """The columns, total included, named of the one row a question names (总计与结果维持之差), in their order."""
    rows = _named_rows(u)
    if len(rows) != 1:
        return []
    return [c for c in dict.fromkeys(u.fields.columns) if c in row_columns(*rows[0])]


def _applicant_first(u: Understanding, row: tuple[str, str], col: str) -> bool:
    """An applicant named before a result of its requests (自然人申请中不掌握的比例), or with a rate (商业企业的公开率,
    the disclosure rate of law firms' requests): a rate within that applicant's requests, not that applicant's
    share of the result (予以公开中商业企业的占比)."""
    t, r = row
    if t != "requests" or r.split(".")[0] not in OUTCOMES:
        return False
    at_col = min((v for k, v in u.fields.where.items() if k[0] in ("col", "colgroup") and k[2] == col), default=-1)
    at_row = min((v for k, v in u.fields.where.items() if k[0] in ("row", "group") and k[2] == r), default=-1)
    return 0 <= at_col < at_row or (at_col >= 0 and bool(re.search(r"(?<!比)率|\brate\b", u.question, re.I)))


def _received(u: Understanding) -> list[tuple[str, str]]:
    """收到申请 named by its everyday verb beside 上年结转 (收到申请和上年结转合计): the new requests."""
    tiers = u.fields.row_tiers or [2.0] * len(u.fields.rows)
    return [("requests", "new_received")] if any(t == ("row", "requests", "new_received") and tier >= 1
                                                 for t, tier in zip(u.fields.rows, tiers, strict=False)) else []


def _cells(u: Understanding) -> tuple[list[tuple[str, str]], list[str]]:
    """The rows (table, id) and the non-total columns the question names, groups dropped beside their members."""
    rows = _named_rows(u)
    rows = [r for r in rows if not any(o != r and in_group(o[1], ("group", r[0], r[1])) for o in rows)]
    cols = [c for c in dict.fromkeys(u.fields.columns) if c != "total"]
    if rows and all(t == "review" for t, _ in rows):  # 其他 beside review outcomes is the other result
        cols = list(dict.fromkeys("other_result" if c == "other_org" else c for c in cols))
    if len(rows) == 1:
        cols = [c for c in cols if c in row_columns(*rows[0])]
    return rows, cols


Term = tuple[str, str, int, Field]  # side ('a': summed, numerator, minuend; 'b': the rest), body, year, cell


def terms(kind: str, u: Understanding, q: Query) -> tuple[Term, ...]:
    """The figures of the operation (year 0: the body's latest), or () when the question does not say them clearly."""
    bodies, years = q.bodies, q.years
    if not bodies:
        return ()
    rows, cols = _cells(u)
    if kind in (SUM, MEAN, DIFFERENCE, GROWTH, TIMES, TIMES_MORE) and q.cell and \
            (len(years) >= 2 or len(bodies) >= 2) and len(rows) <= 1:
        pairs = [(b, y) for b in bodies for y in years] if len(bodies) == 1 or len(years) == 1 else []
        if len(bodies) >= 2 and not years:  # each body's latest report (said)
            pairs = [(b, 0) for b in bodies]
        elif len(bodies) == len(years) == 2 and _each_with_its_year(u):  # A 2025年和 B 2023年
            pairs = list(zip(bodies, years, strict=True))
        if len(pairs) < 2 or (kind not in (SUM, MEAN) and len(pairs) != 2):
            return ()
        if kind in (SUM, MEAN):  # 两年平均: the mean of the years named
            return tuple(("a", b, y, q.cell) for b, y in pairs)
        first, second = pairs
        if kind == GROWTH:  # the change from the earlier year (or the second body) to the other
            first, second = sorted(pairs, key=lambda p: -p[1]) if len(years) == 2 else pairs
        elif _LESS.search(u.question) or _base_named_first(u):
            first, second = second, first
        return (("a", *first, q.cell), ("b", *second, q.cell))
    if len(bodies) != 1 or len(years) > 1:
        return ()
    body, year = bodies[0], (years[0] if years else 0)
    if kind == PER_MONTH:
        return (("a", body, year, q.cell),) if q.cell and len(rows) <= 1 else ()
    if kind == SUM:
        rows = rows if len(rows) != 1 or rows[0] != ("requests", "carried_over") else [*_received(u), *rows]
        if len(rows) >= 2 and len({r[0] for r in rows}) == 1 and len(cols) <= 1:
            col = cols[0] if cols else None
            return tuple(("a", body, year, Field(t, r, col)) for t, r in rows)
        if len(rows) == 1 and len(cols) >= 2:
            return tuple(("a", body, year, Field(rows[0][0], rows[0][1], c)) for c in cols)
        return ()
    if kind in (DIFFERENCE, TIMES) and len(rows) == 2 and rows[0][0] == rows[1][0] and len(cols) <= 1:
        col = cols[0] if cols else None  # 直接起诉比复议后起诉多多少, 处罚是强制的几倍: two rows of one report
        first, second = (rows[1], rows[0]) if _LESS.search(u.question) else (rows[0], rows[1])
        return (("a", body, year, Field(*first, col)), ("b", body, year, Field(*second, col)))
    two_columns = _two_columns(u) if kind == DIFFERENCE and len(rows) == 1 else []
    if len(two_columns) == 2:  # 总计与结果维持之差: two columns of one row
        first, second = two_columns[::-1] if _LESS.search(u.question) else two_columns
        return (("a", body, year, Field(*rows[0], first)), ("b", body, year, Field(*rows[0], second)))
    if kind != RATIO:
        return ()
    if len(rows) == 1 and len(cols) == 1:
        t, r = rows[0]
        if t == "active":
            return ()  # an active row's columns are no parts of a whole (a share of itself is no answer)
        if _applicant_first(u, rows[0], cols[0]):  # 商业企业的予以公开率: of that applicant's requests handled
            return (("a", body, year, Field(t, r, cols[0])), ("b", body, year, Field(t, "handled_total", cols[0])))
        return (("a", body, year, Field(t, r, cols[0])), ("b", body, year, Field(t, r, "total")))
    whole = [x for x in rows if x[1] in _WHOLE_ROWS or x == ("review", "reconsideration")]
    parts = [x for x in rows if x not in whole]
    within = [g for g in _named_rows(u) if g not in rows and all(in_group(r, ("group", *g)) for _, r in parts)]
    if not whole and parts and within:  # 不予处理的申请中重复申请占比: a share of the group named
        whole = within[:1]
    if not whole and parts and all(t == "requests" and r.split(".")[0] in OUTCOMES for t, r in parts):
        whole = [("requests", "handled_total")]  # 公开率: a share of the requests handled
    if len(whole) == 1 and parts and len(cols) <= 1 and all(x[0] == whole[0][0] for x in parts):
        col = cols[0] if cols else (q.cell.column if q.cell and "column" in q.carried else None)  # 其中…的比例
        return (*(("a", body, year, Field(t, r, col)) for t, r in parts),
                ("b", body, year, Field(whole[0][0], whole[0][1], col)))
    return ()


def complement(u: Understanding, q: Query) -> tuple[Term, ...]:
    """The figure a question asks once it leaves cells out (除了自然人以外的新收申请, 复议中不是维持的): the whole
    minus what is left out, as the terms of a difference; () when that whole is not clear."""
    out = u.fields.excluded
    if len(q.bodies) != 1 or len(q.years) > 1 or not out:
        return ()
    body, year = q.bodies[0], (q.years[0] if q.years else 0)
    cols = [t[2] for t in out if t[0] in ("col", "colgroup")]
    rows = [t for t in out if t[0] in ("row", "group")]
    cell = q.cell
    if cols and not rows and cell and cell.table in ("requests", "review") and \
            cell.column in (None, "total", "other_org", "organisations"):
        parts = [c for c in dict.fromkeys(cols) if c in row_columns(cell.table, cell.row) and c != "total"]
        if "other_org" in parts and cell.row.split(".")[0] == "other":
            return ()  # 其他处理（扣除“其他”）: the row 3.其他 or the applicant column 其他, read both ways
        whole = "organisations" if cell.column == "organisations" else "total"  # 法人或其他组织中除了…
        if not parts or (whole == "organisations" and not all(c in ORG_COLUMNS for c in parts)):
            return ()
        return (("a", body, year, Field(cell.table, cell.row, whole)),
                *(("b", body, year, Field(cell.table, cell.row, c)) for c in parts))
    if rows and not cols and len({t[1] for t in rows}) == 1 and rows[0][1] in ("requests", "review"):
        table = rows[0][1]
        ids = list(dict.fromkeys(t[2] for t in rows))  # 其他处理: named once, as a row and as its group
        ids = [r for r in ids if not any(g != r and in_group(r, ("group", table, g)) for g in ids)]
        groups = [t[2] for t in u.fields.rows if t[0] == "group" and t[1] == table and
                  all(in_group(r, ("group", table, t[2])) and r != t[2] for r in ids)]
        if cell and cell.table == table and all(in_group(r, ("group", table, cell.row)) and r != cell.row
                                                for r in ids):
            whole = cell.row
        elif groups and (cell is None or cell.row in _WHOLE_ROWS):
            whole = groups[0]  # 不予公开的申请中，除了行政查询事项以外: the group named, not all requests handled
        elif (cell is None or cell.row == "handled_total") and table == "requests" and \
                all(r.split(".")[0] in OUTCOMES for r in ids):
            whole = "handled_total"  # 办理结果中除予以公开外的
        else:
            return ()
        col = cell.column if cell and cell.column else None
        return (("a", body, year, Field(table, whole, col)), *(("b", body, year, Field(table, r, col)) for r in ids))
    return ()


__all__ = ["AVERAGE", "DIFFERENCE", "GROWTH", "MEAN", "PER_MONTH", "RATIO", "SHARE_LEFT", "SUM", "TIMES",
           "TIMES_MORE", "UNCLEAR", "complement", "counted", "detect", "terms", "year_on_year"]
