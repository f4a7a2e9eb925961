"""A computed sum, difference or share of named figures: the value, the formula, and every figure with its source."""

from __future__ import annotations

import re

from app.corpus import Corpus
from app.kinds import clarify
from app.kinds.figure import default_year
from app.lookup import Figure
from app.phrasing import body_year, field_label, fmt, join, say
from app.query import Kind, Query
from app.reply import Answered, reply

_DIRECTED = re.compile(r"(?<!差)多(?!少)|(?<!多)少|增|减|升|降|高|低|(?<![相占])比|more|fewer|less|increase|decrease|"
                       r"grew|fell|rose", re.I)
_DECLINE = re.compile(r"下降|减少|降幅|降低|下滑|回落|\bdecreas|\bdeclin|\bdrop|\bfell\b|\bfall", re.I)
_RISE = re.compile(r"增长|增加|增幅|上涨|上升|提高|\bincreas|\bgrow|\brose\b|\brise", re.I)
HEADS = {"sum": ("合计", "Sum"), "difference": ("差额", "Difference"), "ratio": ("比例", "Share"),
         "growth": ("增长率", "Growth"), "times": ("倍数", "Times"), "times_more": ("增长倍数", "Times more"),
         "per_month": ("月平均", "Monthly average"), "share_left": ("比例", "Share"),
         "mean": ("平均", "Mean"),
         "top_part": ("最多的一项", "The largest"), "bottom_part": ("最少的一项", "The smallest")}


def _figure(c: Corpus, q: Query, key: str, year: int, cell) -> tuple[Figure | None, str, str, Query, bool]:
    """One term's figure, its label and where it stands; the query (a default year said), and whether indexed."""
    ent = c.entity(key)
    if ent is None or not ent.years:
        return None, "", key, q, False
    if not year:
        year, q = default_year(ent, q)
    got = c.figure_of(ent, year, cell, q.exact if q.exact in ent.names else None)
    fig = got if isinstance(got, Figure) else None
    label = field_label(cell, fig.report.template if fig else None, q.lang)
    return fig, label, body_year(fig.report.body if fig else ent.key, year, q.lang), q, got is not None


def calc(c: Corpus, q: Query) -> Answered:
    """The operation's value from its terms; no value when a figure is missing, unprinted or ambiguous."""
    lang = q.lang
    if not q.terms and q.calc in ("average", "per_month"):
        return reply(say(lang, "问的是平均数；年报只印全年的数字，这里只算“全年数字÷12”的月平均，"
                               "其他平均（每天、每个机关等）不给出，请问具体某一项的全年数字。",
                         "This asks for an average; the reports print yearly figures, and only a monthly average "
                         "(the year's figure / 12) is computed here: please ask for one figure."),
                     Kind.UNCLEAR, reason="unclear_average"), q
    if not q.terms and q.calc == "difference":
        return reply(say(lang, "问题里排除了某些项（如“除了…以外”“不是…”），但没能确定从哪个总数中减去，"
                               "不给出数字；请分别问总数和要排除的项。",
                         "The question leaves some figures out, but from which whole is unclear, so no figure is "
                         "given; please ask for the whole and the part separately."),
                     Kind.UNCLEAR, reason="unclear_exclusion"), q
    if q.calc == "place_scope":
        return reply(say(lang, "问的是某一地区机关的合计或排名；这里只能在全部已收录的机关中，"
                               "或按机关类别（乡镇、部门等）合计和排名，不给出数字；请写明机关名称，或去掉地区限定。",
                         "This asks for a sum or ranking over one place's bodies; sums and rankings are made over all "
                         "indexed bodies or a kind of body (towns, departments) only, so no figure is given."),
                     Kind.UNCLEAR, reason="place_scope"), q
    if q.calc == "part_of_year":
        return reply(say(lang, "年报只公布全年的数字，没有半年、季度或月份的数字，不给出数值；可以问全年的数字。",
                         "The reports print yearly figures only, not half-years, quarters or months, so no figure is "
                         "given; please ask for the year's figure."), Kind.UNCLEAR, reason="part_of_year"), q
    if not q.terms and q.calc in ("top_part", "bottom_part"):
        return reply(say(lang, "问的是哪一项最多（或最少），但这一项没有可以比较的细项，不给出数字；"
                               "请写明是哪一行的细项（如“不予处理”的各类情形、各类申请人）。",
                         "This asks which part is largest or smallest, but this figure has no parts to compare; "
                         "please name the row whose parts you mean."), Kind.UNCLEAR, reason="unclear_calc"), q
    if not q.terms and q.calc != "ratio":
        return reply(say(lang, "问的是一个计算（倍数、增长等），但没能确定用哪几个数字、按哪种算法，不给出结果；"
                               "请写明两个年份或两个机关，以及“是…的多少倍”或“增长了百分之几”。",
                         "This asks for a computation, but which figures or which formula is unclear, so no result "
                         "is given; please name the two years or bodies and the formula."),
                     Kind.UNCLEAR, reason="unclear_calc"), q
    if not q.terms:
        return reply(say(lang, "问的是比例，但没能确定分子和分母分别是哪一项，请写明"
                               "（如“予以公开占办理结果总计的比例”）。",
                         "This asks for a share, but which figures are the part and the whole is unclear; please "
                         "name both."), Kind.UNCLEAR, reason="unclear_ratio"), q
    rows, side_a, side_b, facts = [], [], [], []
    named: list[tuple[str, float | None]] = []
    facts_a: list[dict] = []
    facts_b: list[dict] = []
    years = []
    for side, key, year, cell in q.terms:
        fig, label, where, q, indexed = _figure(c, q, key, year, cell)
        if not indexed:
            ent = c.entity(key)
            return clarify.absent_year(c, ent, q.with_(years=(year,) if year else q.years))
        value = fig.value if fig else None
        shown = fmt(value) if value is not None else say(lang, "未印出", "not printed")
        src = (fig.facts[0].report, fig.facts[0].line) if fig and fig.facts else None
        rows.append(say(lang, f"- {where}“{label}”：{shown}" + (f"（{src[0]} 第{src[1]}行）" if src else ""),
                        f"- {where}, “{label}”: {shown}" + (f" ({src[0]}, line {src[1]})" if src else "")))
        (side_a if side == "a" else side_b).append(value)
        named.append((label, value))
        facts += [x.to_dict() for x in fig.facts] if fig else []
        if fig:
            (facts_a if side == "a" else facts_b).extend(x.to_dict() for x in fig.facts)
        years.append(fig.report.year if fig else year)
    q = q.with_(years=tuple(dict.fromkeys(y for y in years if y)))
    if any(v is None for v in side_a + side_b):
        return reply(say(lang, "计算所需的数字没有全部印出，不给出结果：\n",
                         "Not every figure needed is printed, so no result is given:\n") + "\n".join(rows),
                     Kind.CALC, facts=facts, reason="missing", operation=q.calc), q
    keys = [{(f["report"], f["table"], f["row"], f["column"]) for f in side} for side in (facts_a, facts_b)]
    if keys[0] and keys[0] == keys[1]:  # the same printed figure(s) on both sides: no operation a person asks for
        return reply(say(lang, "计算的两边是同一个数字，无法给出有意义的结果，请写明要比较的两项。",
                         "Both sides of the computation are the same figure; please name the two figures."),
                     Kind.UNCLEAR, reason="unclear_ratio"), q
    a, b = sum(side_a), sum(side_b)
    heads: tuple[str, str] | None = None
    names = " + ".join(fmt(v) for v in side_a)
    if q.calc in ("top_part", "bottom_part"):
        value = (max if q.calc == "top_part" else min)(side_a)
        best = join([label for label, v in named if v == value], lang)
        formula = say(lang, f"{best}，{fmt(value)}", f"{best}, {fmt(value)}")
    elif q.calc == "sum":
        value, formula = a, f"{names} = {fmt(a)}"
    elif q.calc == "difference":
        value = round(a - b, 6)
        formula = f"{names} − {fmt(b)} = {fmt(value)}"
        if value < 0 and not _DIRECTED.search(q.question):  # 相差多少 / the change: the size of the gap
            value, formula = -value, f"|{names} − {fmt(b)}| = {fmt(-value)}"
    elif q.calc == "mean":
        value = round(a / len(side_a), 2)
        formula = f"({names}) / {len(side_a)} = {fmt(value)}"
    elif q.calc == "per_month":
        value = round(a / 12, 2)
        formula = say(lang, f"{names} ÷ 12个月 = {fmt(value)}", f"{names} / 12 months = {fmt(value)}")
    elif q.calc in ("times", "times_more"):
        if not b:
            return reply(say(lang, "基数为0，无法计算倍数：\n", "The base is 0: no multiple:\n") + "\n".join(rows),
                         Kind.CALC, facts=facts, reason="zero", operation=q.calc), q
        value = a / b - (q.calc == "times_more")
        value = round(value, 2) if abs(value) >= 0.1 else float(f"{value:.3g}")  # 0.0031 times, never 0.0
        formula = f"{names} / {fmt(b)}" + (" − 1" if q.calc == "times_more" else "") + f" = {fmt(value)}"
    elif q.calc == "share_left":  # terms: the whole (a), then what is left out of it (b)
        if not a:
            return reply(say(lang, "总数为0，无法计算比例：\n", "The whole is 0: no share:\n") + "\n".join(rows),
                         Kind.CALC, facts=facts, reason="zero", operation=q.calc), q
        value = round((a - b) / a * 100, 1)
        formula = f"({fmt(a)} − {' − '.join(fmt(v) for v in side_b)}) / {fmt(a)} × 100% = {fmt(value)}%"
    elif q.calc == "growth":
        if not b:
            return reply(say(lang, "基数为0，无法计算增长率：\n", "The base is 0: no growth rate:\n") + "\n".join(rows),
                         Kind.CALC, facts=facts, reason="zero", operation=q.calc), q
        value = round((a - b) / b * 100, 1)
        formula = f"({fmt(a)} − {fmt(b)}) / {fmt(b)} × 100% = {fmt(value)}%"
        if _DECLINE.search(q.question) and not _RISE.search(q.question):  # 下降了百分之几: the fall, as asked
            value, formula = -value, f"({fmt(b)} − {fmt(a)}) / {fmt(b)} × 100% = {fmt(-value)}%"
            heads = ("降幅" + ("（负数：实际为增长）" if value < 0 else ""),
                     "Decrease" + (" (negative: it rose)" if value < 0 else ""))
    else:
        if not b:
            return reply(say(lang, "分母为0，无法计算比例：\n", "The whole is 0: no share:\n") + "\n".join(rows),
                         Kind.CALC, facts=facts, reason="zero", operation=q.calc), q
        value = round(a / b * 100, 1)
        formula = f"({names}) / {fmt(b)} × 100% = {fmt(value)}%"
    head = heads or HEADS.get(q.calc, HEADS["sum"])
    text = say(lang, f"{head[0]}：{formula}\n计算所用数字：\n", f"{head[1]}: {formula}\nFigures used:\n")
    text += "\n".join(rows)
    percent = q.calc in ("ratio", "growth", "share_left")
    return reply(text, Kind.CALC, value=value, facts=facts, unit="%" if percent else None, derived=True,
                 operation=q.calc), q
