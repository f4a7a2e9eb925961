"""The schema's Chinese labels for the web app: table, row and column choices, a cell's printed name, units."""

from __future__ import annotations

from indexer.schema import REQUESTS_2019, TABLES, TEMPLATES, Column, Row

TABLE_NUMBERS = {"active": "二", "requests": "三", "review": "四"}
COUNT_UNITS = {"prev_count": "项", "change": "项", "projects": "个"}  # counts not in 件


def table_choices() -> list[tuple[str, str]]:
    """(label, id) of the three tables, in printed order."""
    first = TABLES[TEMPLATES[0]]
    return [(f"{TABLE_NUMBERS[t.id]}、{t.title}", t.id) for t in first.values()]


def _rows(table: str) -> list[Row]:
    """The rows of one table over both templates (and the undivided 其他处理), first seen first."""
    seen: dict[str, Row] = {}
    for template in TEMPLATES:
        for row in TABLES[template][table].rows:
            seen.setdefault(row.id, row)
    if table == "requests":
        for row in REQUESTS_2019.rows:
            seen.setdefault(row.id, row)
    return list(seen.values())


def row_label(row: Row) -> str:
    """A row's label with its merged group cell, e.g. （三）不予公开 › 1.属于国家秘密."""
    return f"{row.group} › {row.label}" if row.group else row.label


def row_choices(table: str) -> list[tuple[str, str]]:
    """(label, id) of a table's rows over both templates."""
    return [(f"{row_label(r)}（{r.en}）", r.id) for r in _rows(table)]


def _columns(table: str, row: str) -> list[Column]:
    """The columns a row holds in either template, first seen first."""
    seen: dict[str, Column] = {}
    for r in _rows(table):
        if r.id == row:
            for c in r.columns:
                seen.setdefault(c.id, c)
    for template in TEMPLATES:
        for r in TABLES[template][table].rows:
            if r.id == row:
                for c in r.columns:
                    seen.setdefault(c.id, c)
    return list(seen.values())


def column_choices(table: str, row: str) -> list[tuple[str, str]]:
    """(label, id) of the columns of one row."""
    return [(f"{c.label}（{c.en}）", c.id) for c in _columns(table, row)]


def default_column(table: str, row: str) -> str | None:
    """'total' where the row has it, else its first column."""
    ids = [c.id for c in _columns(table, row)]
    return "total" if "total" in ids else (ids[0] if ids else None)


def cell_name(table: str, row: str, column: str, template: str | None = None) -> tuple[str, str, str]:
    """The printed (table title, row label, column label) of a cell; ids where the schema lacks one."""
    t = TABLES.get(template or "", TABLES[TEMPLATES[0]]).get(table)
    if t is None:
        return table, row, column
    title = f"{TABLE_NUMBERS[table]}、{t.title}"
    found = [r for r in t.rows if r.id == row] or [r for r in _rows(table) if r.id == row]
    if not found:
        return title, row, column
    cols = [c for c in found[0].columns if c.id == column] or [c for c in _columns(table, row) if c.id == column]
    return title, row_label(found[0]), cols[0].label if cols else column


def unit_of(table: str, column: str, unit: str | None) -> str:
    """The unit to show beside a figure: the printed unit (万元), else 件, 项 or 个 for counts."""
    if unit:
        return unit
    return COUNT_UNITS.get(column, "件")


def format_value(value: int | float | None) -> str:
    """A figure as text: thousands kept plain, floats without trailing zeros."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:g}" if isinstance(value, float) else str(value)
