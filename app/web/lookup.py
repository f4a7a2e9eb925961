"""Staff look-up: one figure by body, year, table, row and column; several bodies and years compared; CSV export."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import gradio as gr

from app.web.backend import Backend, base_url
from app.web.labels import cell_name, column_choices, default_column, format_value, row_choices, table_choices, unit_of
from app.web.render import render_lookup


def resolve_body(typed: str | None, bodies: list[str]) -> tuple[str | None, list[str]]:
    """A typed body name → the one indexed body it names (exact, or the only one containing it), and the candidates."""
    typed = (typed or "").strip()
    if not typed:
        return None, []
    if typed in bodies:
        return typed, [typed]
    found = [b for b in bodies if typed in b]
    return (found[0] if len(found) == 1 else None), found


def _year(value: object) -> int | None:
    """A year from a dropdown or API value, or None."""
    try:
        return int(str(value).strip().removesuffix("年"))
    except (TypeError, ValueError):
        return None


def lookup(backend: Backend, body: str | None, year: object, table: str, row: str, column: str | None = None) -> dict:
    """One figure of one report, in the shape of `app ask --json`."""
    bodies = backend.bodies()
    name, found = resolve_body(body, bodies)
    y = _year(year)
    column = column or default_column(table, row)
    empty = {"value": None, "facts": [], "passages": [], "kind": "lookup"}
    if name is None:
        if len(found) > 1:
            return {**empty, "answer": "找到多个机关，请选择其一 Which one did you mean: " + "、".join(found),
                    "choices": found}
        return {**empty, "answer": f"未收录机关 “{body or ''}” not indexed. 已收录 indexed：{'、'.join(bodies)}"}
    years = sorted({r.year for r in backend.reports() if r.body == name and r.year})
    if y not in years:
        return {**empty, "answer": f"未收录 {name} {y or ''}年的报告 not indexed. 已收录年份 years indexed："
                                  f"{'、'.join(map(str, years)) or '无'}"}
    title, row_text, col_text = cell_name(table, row, column or "")
    facts = [f.to_dict() for f in backend.store.facts(body=name, year=y, table=table, row=row, column=column)]
    if not facts:
        return {**empty, "answer": f"{name} {y}年报告中「{row_text} › {col_text}」没有数字（空白或未印）"
                                  " no figure printed in this cell."}
    f = facts[0]
    unit = unit_of(table, f["column"], f["unit"])
    low = "（低置信度，请核对原文 low confidence: check the text）" if f.get("confidence") != "high" else ""
    answer = f"{name} {y}年 · {row_text} › {col_text}：{format_value(f['value'])} {unit}{low}"
    return {"answer": answer, "value": f["value"], "facts": facts, "passages": [], "kind": "lookup"}


def compare(backend: Backend, bodies: list[str] | None, years: list | None, table: str, row: str,
            column: str | None = None) -> dict:
    """One figure across several bodies and years: the rows of a side-by-side table, in the ask JSON shape."""
    indexed = backend.bodies()
    names = [n for n in (resolve_body(b, indexed)[0] for b in (bodies or [])) if n] or indexed
    wanted = {y for y in (_year(v) for v in (years or [])) if y}
    column = column or default_column(table, row)
    reports = [r for r in backend.reports() if r.body in names and (not wanted or r.year in wanted)]
    rows, facts = [], []
    for rep in sorted(reports, key=lambda r: (names.index(r.body), r.year or 0)):
        got = [f.to_dict() for f in backend.store.facts(report=rep.report, table=table, row=row, column=column)]
        facts += got[:1]
        f = got[0] if got else None
        rows.append({"body": rep.body, "year": rep.year, "value": f["value"] if f else None,
                     "unit": unit_of(table, column or "", f["unit"] if f else None),
                     "report": rep.report, "line": f["line"] if f else None})
    _, row_text, col_text = cell_name(table, row, column or "")
    answer = f"{row_text} › {col_text}：{len(rows)} 份报告 reports, {len(facts)} 个数字 figures"
    return {"answer": answer, "value": None, "facts": facts, "passages": [], "kind": "compare", "rows": rows}


def pivot(rows: list[dict]) -> tuple[list[str], list[list]]:
    """Compare rows as a side-by-side table: one line a body, one column a year."""
    years = sorted({r["year"] for r in rows if r["year"]})
    bodies = list(dict.fromkeys(r["body"] for r in rows))
    cells = {(r["body"], r["year"]): format_value(r["value"]) for r in rows}
    unit = next((r["unit"] for r in rows), "")
    header = ["机关 body"] + [f"{y}年（{unit}）" for y in years]
    return header, [[b] + [cells.get((b, y), "—") for y in years] for b in bodies]


def write_csv(rows: list[dict], table: str, row: str, column: str | None) -> str:
    """The compared figures with their sources as a CSV file (UTF-8 with BOM, opens in Excel); returns its path."""
    _, row_text, col_text = cell_name(table, row, column or "")
    out = Path(tempfile.mkdtemp(prefix="govqa-")) / f"compare-{table}-{row}-{column}.csv"
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["body", "year", "table", "row", "column", "row_label", "column_label", "value", "unit",
                    "report", "line"])
        for r in rows:
            w.writerow([r["body"], r["year"], table, row, column, row_text, col_text,
                        "" if r["value"] is None else r["value"], r["unit"], r["report"], r["line"] or ""])
    return str(out)


# ---- the two tabs ---------------------------------------------------------------------------------


def _field_pickers(prefix: str) -> tuple[gr.Dropdown, gr.Dropdown, gr.Dropdown]:
    """Table, row and column dropdowns that follow each other (row choices per table, columns per row)."""
    first_row = row_choices("requests")[0][1]
    table = gr.Dropdown(table_choices(), value="requests", label="表格 table", elem_id=f"{prefix}-table", scale=3)
    row = gr.Dropdown(row_choices("requests"), value=first_row, label="行 row", elem_id=f"{prefix}-row", scale=4)
    column = gr.Dropdown(column_choices("requests", first_row), value=default_column("requests", first_row),
                         label="列 column", elem_id=f"{prefix}-column", scale=2)

    def on_table(t: str) -> tuple[dict, dict]:
        """A new table: its rows, and the first row's columns."""
        r = row_choices(t)[0][1]
        return (gr.update(choices=row_choices(t), value=r),
                gr.update(choices=column_choices(t, r), value=default_column(t, r)))

    def on_row(t: str, r: str) -> dict:
        """A new row: its columns."""
        return gr.update(choices=column_choices(t, r), value=default_column(t, r))

    table.input(on_table, table, [row, column], api_visibility="private", queue=False)
    row.input(on_row, [table, row], column, api_visibility="private", queue=False)
    return table, row, column


def latest_pick(backend: Backend) -> tuple[str | None, int | None]:
    """The body and year of the latest report with figures: what the look-up shows first."""
    reports = [r for r in backend.reports() if r.body and r.year and r.n_facts]
    if not reports:
        return None, None
    latest = max(reports, key=lambda r: (r.year or 0, r.n_facts))
    return latest.body, latest.year


def lookup_tab(backend: Backend, page: gr.Blocks) -> None:
    """The 数字查询 tab: pick or type a body, a year and a cell; the value and its source show at once."""
    first_body, first_year = latest_pick(backend)
    gr.Markdown("选择或输入机关、年度和表格单元格，立即显示数字及其出处。Pick or type a body, a year and a cell.")
    with gr.Row():
        body = gr.Dropdown(backend.bodies(), value=first_body, allow_custom_value=True, scale=3,
                           label="机关 body（可输入部分名称 type part of a name）", elem_id="lookup-body")
        year = gr.Dropdown(backend.years(), value=first_year, allow_custom_value=True, label="年度 year",
                           elem_id="lookup-year", scale=1)
    with gr.Row():
        table, row, column = _field_pickers("lookup")
    go = gr.Button("查询 Look up", variant="primary", elem_id="lookup-go")
    out = gr.HTML(elem_id="lookup-result")

    def run(b: str, y: object, t: str, r: str, c: str, request: gr.Request) -> str:
        """Look the cell up and render it."""
        return render_lookup(lookup(backend, b, y, t, r, c), backend.report_text, base_url(request))

    def arrive(b: str, y: object, t: str, r: str, c: str, request: gr.Request) -> tuple:
        """On page load: the current bodies and years (the index may have grown), and the first result."""
        return (gr.update(choices=backend.bodies()), gr.update(choices=backend.years()), run(b, y, t, r, c, request))

    inputs = [body, year, table, row, column]
    go.click(run, inputs, out, api_visibility="private")
    for picker in inputs:
        picker.change(run, inputs, out, api_visibility="private", trigger_mode="always_last")
    page.load(arrive, inputs, [body, year, out], api_visibility="private")


def compare_tab(backend: Backend, page: gr.Blocks) -> None:
    """The 对比 tab: one cell for several bodies and years side by side, exported as CSV."""
    bodies, years = backend.bodies(), backend.years()
    gr.Markdown("选择多个机关和/或年度，并排比较同一项数字；可导出 CSV。Compare one figure across bodies and years.")
    with gr.Row():
        picked = gr.Dropdown(bodies, value=bodies[:3], multiselect=True, label="机关 bodies（留空为全部 empty = all）",
                             elem_id="compare-bodies")
        picked_years = gr.Dropdown(years, value=[], multiselect=True, label="年度 years（留空为全部 empty = all）",
                                   elem_id="compare-years")
    with gr.Row():
        table, row, column = _field_pickers("compare")
    go = gr.Button("对比 Compare", variant="primary", elem_id="compare-go")
    # "compare-grid", not "compare-table": the table picker above has that id
    grid = gr.Dataframe(label="对比结果 side by side", interactive=False, elem_id="compare-grid")
    download = gr.File(label="导出 CSV export", elem_id="compare-csv")

    def run(bs: list[str], ys: list, t: str, r: str, c: str) -> tuple[dict, str]:
        """Compare, show side by side, write the CSV."""
        result = compare(backend, bs, ys, t, r, c)
        header, lines = pivot(result["rows"])
        return gr.update(value=lines, headers=header), write_csv(result["rows"], t, r, c)

    go.click(run, [picked, picked_years, table, row, column], [grid, download], api_visibility="private")
    page.load(lambda: (gr.update(choices=backend.bodies()), gr.update(choices=backend.years())), None,
              [picked, picked_years], api_visibility="private", queue=False)

