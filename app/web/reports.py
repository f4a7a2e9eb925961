"""The reports view for staff: every report with its parse status, consistency findings and cross-year breaks."""

from __future__ import annotations

import gradio as gr

from app.web.backend import Backend, base_url
from app.web.render import STATUS
from app.web.report_words import breaks_of, has_problems, render_report_page, year_breaks

COLUMNS = ["报告 file", "机关 body", "年度 year", "解析状态 status", "数字 figures", "勾稽问题 findings",
           "跨年问题 across years", "解析说明 notes"]
# wide enough for each heading in two lines: a phone scrolls the table sideways, not a heading a letter a line
COLUMN_WIDTHS = [220, 220, 80, 130, 100, 130, 150, 130]  # px: about a desktop page wide


def report_rows(backend: Backend, problems_only: bool = False) -> list[list]:
    """One table line per indexed report (only those with something to look at, where asked)."""
    rows = []
    for r in sorted(backend.reports(), key=lambda r: (r.body or "", r.year or 0)):
        breaks = breaks_of(backend, r.report)
        if problems_only and not has_problems(r, breaks):
            continue
        rows.append([r.report, r.body or "（未识别）", r.year or "", STATUS.get(r.status, r.status), r.n_facts,
                     len(r.findings), len(breaks), len(r.notes)])
    return rows


def report_summaries(backend: Backend) -> list[dict]:
    """Every indexed report as plain data (the `reports` API endpoint), its cross-year breaks included."""
    return [{"report": r.report, "body": r.body, "year": r.year, "template": r.template, "status": r.status,
             "figures": r.n_facts, "findings": r.findings, "notes": r.notes,
             "across_years": [b.to_dict() for b in breaks_of(backend, r.report)]} for r in backend.reports()]


def report_choices(backend: Backend) -> list[tuple[str, str]]:
    """(label, file name) of every report, for the pickers."""
    return [(f"{r.body or '（未识别）'} {r.year or ''} · {r.report}", r.report) for r in backend.reports()]


def show_report(backend: Backend, name: str | None, base: str = "") -> str:
    """One report's findings, cross-year breaks, parse notes and text as HTML."""
    if not name:
        return "<div class='qa-muted'>点击表格中的一行或选择一份报告查看。Pick a report.</div>"
    found = [r for r in backend.reports() if r.report == name]
    if not found:
        return "<div class='qa-muted'>未找到该报告 report not found</div>"
    return render_report_page(backend, found[0], backend.report_text(name), base)


def summary_line(backend: Backend) -> str:
    """How many reports have something to look at."""
    reports = backend.reports()
    flagged = sum(has_problems(r, breaks_of(backend, r.report)) for r in reports)
    return (f"共 {len(reports)} 份报告，其中 {flagged} 份有问题需要看（未完整解析、勾稽不符、解析说明或跨年问题）；"
            f"跨年问题共 {len(year_breaks(backend))} 处。")


def reports_tab(backend: Backend, page: gr.Blocks) -> None:
    """The 报告 tab: a filterable table of reports, a picker, and the picked report's findings and text."""
    gr.Markdown("已收录的报告：解析状态、表内勾稽检查、跨年核对（上年结转应等于上一年的结转下年度；相差十倍的数字）。"
                "点击一行查看详情和原文。Indexed reports with parse status, consistency and cross-year checks.")
    summary = gr.Markdown(elem_id="reports-summary")
    only = gr.Checkbox(label="只看有问题的报告 only reports with problems", value=False, elem_id="reports-problems")
    table = gr.Dataframe(headers=COLUMNS, interactive=False, elem_id="reports-table", wrap=True,
                         column_widths=COLUMN_WIDTHS)
    with gr.Row():
        picker = gr.Dropdown(report_choices(backend), value=None, label="报告 report", elem_id="reports-pick",
                             scale=4, min_width=300, elem_classes="qa-picker")
        refresh = gr.Button("刷新 Refresh", size="sm", scale=1)
    detail = gr.HTML(show_report(backend, None), elem_id="reports-detail")

    def on_select(evt: gr.SelectData) -> str | None:
        """The report of the table line clicked."""
        row = getattr(evt, "row_value", None)
        return str(row[0]) if row else None

    def on_refresh(problems_only: bool) -> tuple:
        """The summary, the reports table and the picker as the index is now."""
        return (summary_line(backend), gr.update(value=report_rows(backend, problems_only)),
                gr.update(choices=report_choices(backend)))

    def on_pick(name: str | None, request: gr.Request) -> str:
        """The picked report, its links at the address the browser used."""
        return show_report(backend, name, base_url(request))

    table.select(on_select, None, picker, api_visibility="private")
    picker.change(on_pick, picker, detail, api_visibility="private")
    for event in (refresh.click, only.change, page.load):
        event(on_refresh, only, [summary, table, picker], api_visibility="private", queue=False)
