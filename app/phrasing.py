"""Words for answers: field labels as printed, numbers, units, citations, in Chinese and English."""

from __future__ import annotations

from app.lookup import Figure
from app.understand.fields import Field
from app.understand.lexicon import COLGROUPS, GROUPS, clean_label
from indexer.schema import TABLES, find_row, row_columns, table_rows, unit_words
from indexer.schema import format_value as fmt

__all__ = ["amount", "body_year", "column_label", "field_label", "fmt", "join", "problem_text", "row_label", "say",
           "unit"]


def row_label(table: str, row: str, template: str | None = None, lang: str = "zh", group: bool = True) -> str:
    """A row's label as printed (with its group: （三）不予公开 1.属于国家秘密), or its English name."""
    if (table, row) in GROUPS:
        return GROUPS[(table, row)][0 if lang == "zh" else 1]
    r = find_row(table, row, template)
    if r is None:
        return row
    if lang != "zh":
        return r.en
    if table == "review":
        return "行政诉讼·" + r.label.split("·")[-1] if "·" in r.label else r.label
    return f"{r.group} {r.label}" if r.group and group else r.label


def column_label(table: str, row: str, column: str | None, template: str | None = None, lang: str = "zh") -> str:
    """A column's label as printed (总计, 采购总金额), or its English name."""
    if column is None:
        return ""
    if column in COLGROUPS:
        return COLGROUPS[column][0 if lang == "zh" else 1]
    cols = row_columns(table, row, template)  # as the template prints it, then the other template (fees)
    if not cols:  # a group of rows (（三）不予公开): its table's columns
        cols = [c for r in table_rows(table) for c in r.columns]
    elsewhere = [c for tpl in TABLES.values() for t in tpl.values() for r in t.rows for c in r.columns]
    for c in [*cols, *elsewhere]:  # (a column asked of a row that has none such: its label where it is printed)
        if c.id == column:
            return clean_label(c.label) if lang == "zh" else c.en
    return column


def field_label(f: Field, template: str | None = None, lang: str = "zh", column: str | None = None) -> str:
    """本年新收政府信息公开申请数量（自然人） / new requests received this year (natural persons)."""
    col = column or f.column
    row = row_label(f.table, f.row, template, lang)
    if lang == "zh":
        row = clean_label(row) if (f.table, f.row) not in GROUPS else row
        row = "办理结果总计" if row == "总计" else row
        return f"{row}（{column_label(f.table, f.row, col, template, lang)}）" if col else row
    return f"{row} ({column_label(f.table, f.row, col, template, lang)})" if col else row


def unit(fig_or_field: Figure | Field, lang: str) -> str:
    """The unit word after a value: 件 / 万元 / requests / (10,000 yuan)."""
    if isinstance(fig_or_field, Figure):
        zh, en = fig_or_field.units
    else:
        zh, en = unit_words(fig_or_field.table, fig_or_field.column)
    return zh if lang == "zh" else en


def amount(value: int | float | None, fig_or_field: Figure | Field, lang: str) -> str:
    """A value with its unit: 2 件, 576.76 万元, 2 requests, 576.76 (10,000 yuan)."""
    return f"{fmt(value)} {unit(fig_or_field, lang)}".strip()


def body_year(body: str | None, year: int | None, lang: str) -> str:
    """王屋镇人民政府2020年 / 王屋镇人民政府 in 2020."""
    if lang == "zh":
        return f"{body or ''}{year}年" if year else (body or "")
    return f"{body or ''} in {year}" if year else (body or "")


def join(items: list[str], lang: str) -> str:
    """A list in words: 甲、乙 / A, B."""
    return ("、" if lang == "zh" else ", ").join(items)


def say(lang: str, zh: str, en: str) -> str:
    """The sentence in the question's language."""
    return zh if lang == "zh" else en


def problem_text(fig: Figure, lang: str) -> str:
    """Why a report gives no value for the field, in words."""
    where = body_year(fig.report.body, fig.report.year, lang)
    label = field_label(fig.field, fig.report.template, lang)
    lines = sorted({x.line for x in fig.facts})
    at = f"（{fig.report.report} 第{'、'.join(map(str, lines))}行）" if lines else ""
    at_en = f" ({fig.report.report}, line {', '.join(map(str, lines))})" if lines else ""
    tpl = fig.report.template
    if fig.problem == "no_tables":
        return say(lang, f"{where}的年报没有可识别的标准统计表（旧版格式或无法解析），无法给出“{label}”。",
                   f"The report of {where} has no standard tables that could be read, so “{label}” cannot be given.")
    if fig.problem == "not_in_template":
        opts = join([field_label(c, tpl, lang) for c in fig.choices], lang)
        return say(lang, f"{where}的年报（{tpl}年版模板）没有“{label}”这一栏。" + (f"该行有：{opts}。" if opts else ""),
                   f"The report of {where} ({tpl} template) has no “{label}”." + (f" It has: {opts}." if opts else ""))
    if fig.problem == "low_confidence":
        return say(lang, f"{where}的年报中“{label}”识别把握不足（表格文字粘连），不给出数值，请查看原文{at}。",
                   f"The figure “{label}” of {where} could not be read with certainty (cells run together), so no "
                   f"value is given; please check the report{at_en}.")
    if fig.problem == "missing":
        return say(lang, f"{where}的年报没有印出“{label}”（空白或未能识别）{at}，不给出数值。",
                   f"The report of {where} does not print “{label}” (blank or unreadable){at_en}; no value is given.")
    return ""
