"""The per-report figures behind an answer across reports: as rows of data and as lines of text."""

from __future__ import annotations

from app.lookup import Figure
from app.phrasing import amount, say, unit

MAX_ROWS = 20  # per-report lines written out in an answer's text


def rows_of(figs: list[Figure]) -> list[dict]:
    """The per-report table behind a figure across reports."""
    return [{"report": g.report.report, "body": g.report.body, "year": g.report.year, "value": g.value,
             "unit": unit(g, "zh") if g.value is not None else None,
             "line": g.facts[0].line if g.facts and g.value is not None else None, "problem": g.problem}
            for g in figs]


def lines_of(figs: list[Figure], lang: str, limit: int = MAX_ROWS) -> str:
    """The per-report table in words, one line each."""
    out = []
    for g in figs[:limit]:
        where = f"{g.report.body or g.report.report} {g.report.year}" + ("年" if lang == "zh" else "")
        if g.value is None:
            what = say(lang, "未印出或无法确定", "not printed or uncertain")
        else:
            src = say(lang, f"{g.report.report} 第{g.facts[0].line}行", f"{g.report.report}, line {g.facts[0].line}")
            what = say(lang, f"{amount(g.value, g, lang)}（{src}）", f"{amount(g.value, g, lang)} ({src})")
        out.append(say(lang, f"- {where}：{what}", f"- {where}: {what}"))
    if len(figs) > limit:
        out.append(say(lang, f"……共{len(figs)}份", f"… {len(figs)} in all"))
    return "\n".join(out)


def facts_of(figs: list[Figure]) -> list[dict]:
    """The facts of the figures that have a value, as the answer JSON's facts."""
    return [x.to_dict() for g in figs if g.value is not None for x in g.facts]


def one_each(got: list[Figure | list[Figure] | None]) -> list[Figure]:
    """One figure per body and year (the first where several reports disagree; none where absent)."""
    return [g[0] if isinstance(g, list) else g for g in got if g is not None]
