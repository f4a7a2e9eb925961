"""The staff tabs: 数字查询 (one cell of one report) and 对比 (one cell across bodies and years), CSV export.

Both build a typed query from their controls and ask the chat's engine (app/web/staff.py), so a cell shows the
same figure, unit, confidence rule and citation here as in the chat.
"""

from __future__ import annotations

from collections.abc import Callable

import gradio as gr

from app.query import Kind
from app.reply import reply
from app.understand.fields import Field
from app.web.backend import Backend, base_url
from app.web.labels import cell_name, column_choices, default_column_of, row_choices, table_choices
from app.web.render import render_compare, render_lookup
from app.web.staff import CellError, compare_query, lookup_query, pivot, template_for, write_csv


def lookup(backend: Backend, body: str | None, year: object, table: str, row: str, column: str | None = None) -> dict:
    """One figure of one report, in the shape of `app ask --json` (CellError for ids the schema lacks)."""
    return backend.answer(lookup_query(backend.corpus(), body, year, table, row, column))


def compare(backend: Backend, bodies: list[str] | None, years: list | None, table: str, row: str,
            column: str | None = None) -> dict:
    """One figure across bodies and years (all when none): the engine's answer, `rows` a line per body and year."""
    out = backend.answer(compare_query(backend.corpus(), bodies, years, table, row, column))
    out["rows"] = out.get("table") or []
    return out


ROW_FITS = 18  # characters a row picker shows whole on a phone; a longer row label is also shown whole above it


def row_info(rows: list[tuple[str, str]], row: str) -> str:
    """The picked row's whole label, under the picker where the picker may cut it (a phone), else nothing."""
    label = next((text for text, r in rows if r == row), "")
    return label if len(label) > ROW_FITS else ""


def cell_pickers(template: str | None, table: str, row: str | None, column: str | None) -> tuple[dict, dict]:
    """Row and column pickers for a table as the template prints it, keeping the row and column where they fit."""
    rows = row_choices(table, template)
    row = row if row in [r for _, r in rows] else rows[0][1]
    cols = column_choices(table, row, template)
    column = column if column in [c for _, c in cols] else default_column_of(table, row, template)
    return gr.update(choices=rows, value=row, info=row_info(rows, row)), gr.update(choices=cols, value=column)


def _pickers(prefix: str, template: Callable[..., str | None]) -> tuple:
    """Table, row and column dropdowns that follow each other (and the template of the report picked)."""
    first_row = row_choices("requests")[0][1]
    # a line for the table, one for the row (wide enough on a desktop for the longest label) and column; on a
    # phone each picker takes a line of its own (min_width)
    with gr.Row():
        table = gr.Dropdown(table_choices(), value="requests", label="表格 table", elem_id=f"{prefix}-table",
                            min_width=300, elem_classes="qa-picker")
    with gr.Row():
        # allow_custom_value: a value sent while its choices are being replaced is checked by the query, not refused
        row = gr.Dropdown(row_choices("requests"), value=first_row, label="行 row", elem_id=f"{prefix}-row", scale=4,
                          allow_custom_value=True, min_width=300, elem_classes="qa-picker")
        column = gr.Dropdown(column_choices("requests", first_row), value=default_column_of("requests", first_row),
                             label="列 column", elem_id=f"{prefix}-column", scale=1, allow_custom_value=True,
                             min_width=200, elem_classes="qa-picker")

    def on_table(*args: object) -> tuple[dict, dict]:
        *ctx, t = args
        return cell_pickers(template(*ctx), str(t), None, None)

    def on_row(*args: object) -> tuple[dict, dict]:
        *ctx, t, r = args
        return cell_pickers(template(*ctx), str(t), str(r), None)

    return table, row, column, on_table, on_row


def lookup_tab(backend: Backend, page: gr.Blocks) -> None:
    """The 数字查询 tab: pick or type a body, a year and a cell; the value and its source show at once."""
    first_body, first_year = latest_pick(backend)
    gr.Markdown("选择或输入机关、年度和表格单元格，立即显示数字及其出处。Pick or type a body, a year and a cell.")
    with gr.Row():
        body = gr.Dropdown(backend.bodies(), value=first_body, allow_custom_value=True, scale=3, min_width=300,
                           label="机关 body（可输入部分名称 type part of a name）", elem_id="lookup-body",
                           elem_classes="qa-picker")
        year = gr.Dropdown(backend.years(), value=first_year, allow_custom_value=True, label="年度 year",
                           elem_id="lookup-year", scale=1, elem_classes="qa-picker")

    def template(b: object, y: object) -> str | None:
        return template_for(backend.corpus(), str(b or ""), y)

    table, row, column, on_table, on_row = _pickers("lookup", template)
    go = gr.Button("查询 Look up", variant="primary", elem_id="lookup-go")
    out = gr.HTML(elem_id="lookup-result")

    def run(b: str, y: object, t: str, r: str, c: str, request: gr.Request) -> str:
        """Look the cell up and render it."""
        try:
            result = lookup(backend, b, y, t, r, c)
        except CellError as exc:
            result = reply(str(exc), Kind.REFUSED)
        return render_lookup(result, backend.report_text, base_url(request))

    def on_context(b: object, y: object, t: str, r: str, c: str) -> tuple[dict, dict]:
        """A new body or year: the rows and columns its report's template prints."""
        return cell_pickers(template(b, y), t, r, c)

    def arrive(b: str, y: object, t: str, r: str, c: str, request: gr.Request) -> tuple:
        """On page load: the current bodies and years (the index may have grown), the pickers, the first result."""
        rows, cols = on_context(b, y, t, r, c)
        return (gr.update(choices=backend.bodies()), gr.update(choices=backend.years()), rows, cols,
                run(b, y, t, r, cols.get("value") or c, request))

    inputs = [body, year, table, row, column]
    hidden = {"api_visibility": "private"}
    go.click(run, inputs, out, **hidden)
    for picker in (body, year):
        picker.input(on_context, inputs, [row, column], queue=False, **hidden).then(run, inputs, out, **hidden)
    table.input(on_table, [body, year, table], [row, column], queue=False, **hidden).then(run, inputs, out, **hidden)
    row.input(on_row, [body, year, table, row], [row, column], queue=False, **hidden).then(run, inputs, out, **hidden)
    column.input(run, inputs, out, **hidden)
    page.load(arrive, inputs, [body, year, row, column, out], **hidden)


def latest_pick(backend: Backend) -> tuple[str | None, int | None]:
    """The body and year of the latest report with figures: what the look-up shows first."""
    reports = [r for r in backend.reports() if r.body and r.year and r.n_facts]
    if not reports:
        return None, None
    latest = max(reports, key=lambda r: (r.year or 0, r.n_facts))
    return latest.body, latest.year


def compare_tab(backend: Backend, page: gr.Blocks) -> None:
    """The 对比 tab: one cell for several bodies and years side by side, each figure linked to its source; CSV."""
    bodies, years = backend.bodies(), backend.years()
    gr.Markdown("选择多个机关和/或年度，并排比较同一项数字；点击数字查看出处，可导出 CSV。"
                "Compare one figure across bodies and years; click a figure for its source.")
    with gr.Row():
        picked = gr.Dropdown(bodies, value=bodies[:3], multiselect=True, label="机关 bodies（留空为全部 empty = all）",
                             elem_id="compare-bodies", min_width=300, elem_classes="qa-picker")
        picked_years = gr.Dropdown(years, value=[], multiselect=True, label="年度 years（留空为全部 empty = all）",
                                   elem_id="compare-years")
    table, row, column, on_table, on_row = _pickers("compare", lambda: None)
    go = gr.Button("对比 Compare", variant="primary", elem_id="compare-go")
    # "compare-grid", not "compare-table": the table picker above has that id
    grid = gr.HTML(elem_id="compare-grid")
    download = gr.File(label="导出 CSV export", elem_id="compare-csv")

    def run(bs: list[str], ys: list, t: str, r: str, c: str, request: gr.Request) -> tuple[str, str | None]:
        """Compare, show side by side with links to the sources, write the CSV."""
        try:
            result = compare(backend, bs, ys, t, r, c)
        except CellError as exc:
            return render_compare(["", str(exc)], [], base_url(request)), None
        field = Field(t, r, c or None)
        header, lines = pivot(result["rows"], field)
        caption = " › ".join(cell_name(t, r, c or default_column_of(t, r) or "total"))
        return render_compare(header, lines, base_url(request), caption), write_csv(result["rows"], field)

    hidden = {"api_visibility": "private"}
    go.click(run, [picked, picked_years, table, row, column], [grid, download], **hidden)
    table.input(on_table, [table], [row, column], queue=False, **hidden)
    row.input(on_row, [table, row], [row, column], queue=False, **hidden)
    page.load(lambda: (gr.update(choices=backend.bodies()), gr.update(choices=backend.years())), None,
              [picked, picked_years], queue=False, **hidden)
