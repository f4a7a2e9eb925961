"""The web app's pickers and cell names, all read from indexer/schema.py: tables, rows and columns per template."""

from __future__ import annotations

from indexer.schema import (
    TABLES,
    TEMPLATES,
    default_column,
    find_row,
    format_value,
    row_columns,
    table_heading,
    table_rows,
    unit_words,
)

__all__ = ["cell_name", "column_choices", "default_column_of", "format_value", "row_choices", "table_choices",
           "unit_of"]


def table_choices() -> list[tuple[str, str]]:
    """(label, id) of the three tables, in printed order."""
    return [(table_heading(t), t) for t in TABLES[TEMPLATES[0]]]


def _rows(table: str, template: str | None) -> list:
    """The rows a template's table prints (every template's when the template is unknown)."""
    return list(TABLES[template][table].rows) if template in TABLES else table_rows(table)


def row_choices(table: str, template: str | None = None, english: bool = False) -> list[tuple[str, str]]:
    """(label, id) of a table's rows, as the template prints them (both templates' when it is unknown); the
    English name after the label where asked (the API's catalogue; a picker on a phone has no room for it)."""
    return [(f"{row_text(r)}（{r.en}）" if english else row_text(r), r.id) for r in _rows(table, template)]


def row_text(row: object) -> str:
    """A row's label with its merged group cell, e.g. （三）不予公开 › 1.属于国家秘密."""
    return f"{row.group} › {row.label}" if row.group else row.label  # type: ignore[attr-defined]


def _columns(table: str, row: str, template: str | None) -> list:
    """The columns of a row as the template prints it (as either template does when it is unknown or lacks it)."""
    printed = {r.id: r for r in _rows(table, template)}
    return list(printed[row].columns) if template in TABLES and row in printed else row_columns(table, row)


def column_choices(table: str, row: str, template: str | None = None, english: bool = False) -> list[tuple[str, str]]:
    """(label, id) of the columns of one row, as the template prints it (the English name after it where asked)."""
    return [(f"{c.label}（{c.en}）" if english else c.label, c.id) for c in _columns(table, row, template)]


def default_column_of(table: str, row: str, template: str | None = None) -> str | None:
    """The column a picker shows first: the one a question naming none means in this template (in any template
    when it is unknown), else the first the template prints."""
    ids = [c.id for c in _columns(table, row, template)]
    meant = [default_column(table, row, t) for t in ([template] if template in TABLES else TEMPLATES)]
    return next((c for c in meant if c in ids), ids[0] if ids else None)


def cell_name(table: str, row: str, column: str, template: str | None = None) -> tuple[str, str, str]:
    """The printed (table heading, row label, column label) of a cell; ids where the schema lacks one."""
    if table not in TABLES[TEMPLATES[0]]:
        return table, row, column
    r = find_row(table, row, template)
    if r is None:
        return table_heading(table), row, column
    col = next((c.label for c in row_columns(table, row, template) if c.id == column), column)
    return table_heading(table), row_text(r), col


def unit_of(table: str, column: str, printed: str | None = None) -> str:
    """The unit to show beside a figure: the unit printed (万元, 元), else the schema's (件, 项, 个)."""
    return printed or unit_words(table, column)[0]
