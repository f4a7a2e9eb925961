"""The reports view: every indexed report with its parse status and consistency findings; open a report's text."""

from __future__ import annotations

import gradio as gr

from app.web.backend import Backend
from app.web.render import STATUS, render_report

COLUMNS = ["报告 file", "机关 body", "年度 year", "模板 template", "解析状态 status", "数字 figures",
           "勾稽问题 findings"]


def report_rows(backend: Backend) -> list[list]:
    """One table line per indexed report."""
    return [[r.report, r.body or "（未识别）", r.year or "", r.template, STATUS.get(r.status, r.status), r.n_facts,
             len(r.findings)] for r in backend.reports()]


def report_summaries(backend: Backend) -> list[dict]:
    """Every indexed report as plain data (the `reports` API endpoint)."""
    return [{"report": r.report, "body": r.body, "year": r.year, "template": r.template, "status": r.status,
             "figures": r.n_facts, "findings": r.findings, "notes": r.notes} for r in backend.reports()]


def report_choices(backend: Backend) -> list[tuple[str, str]]:
    """(label, file name) of every report, for the picker."""
    return [(f"{r.body or '（未识别）'} {r.year or ''} · {r.report}", r.report) for r in backend.reports()]


def show_report(backend: Backend, name: str | None) -> str:
    """One report's metadata, findings and text as HTML."""
    if not name:
        return "<div class='qa-muted'>选择一份报告查看 pick a report</div>"
    found = [r for r in backend.reports() if r.report == name]
    if not found:
        return "<div class='qa-muted'>未找到该报告 report not found</div>"
    return render_report(found[0], backend.report_text(name))


def reports_tab(backend: Backend, page: gr.Blocks) -> None:
    """The 报告 tab: the table of reports, a picker, and the picked report's findings and text."""
    gr.Markdown("已收录的报告：解析状态和勾稽检查结果；点击一行或选择报告查看原文。"
                "Indexed reports with parse status and consistency findings; click a line to open its text.")
    table = gr.Dataframe(value=report_rows(backend), headers=COLUMNS, interactive=False, elem_id="reports-table",
                         wrap=True)
    with gr.Row():
        picker = gr.Dropdown(report_choices(backend), value=None, label="报告 report", elem_id="reports-pick",
                             scale=4)
        refresh = gr.Button("刷新 Refresh", size="sm", scale=1)
    detail = gr.HTML(show_report(backend, None), elem_id="reports-detail")

    def on_select(evt: gr.SelectData) -> str | None:
        """The report of the table line clicked."""
        row = getattr(evt, "row_value", None)
        return str(row[0]) if row else None

    def on_refresh() -> tuple:
        """The reports table and picker as the index is now."""
        return gr.update(value=report_rows(backend)), gr.update(choices=report_choices(backend))

    table.select(on_select, None, picker, api_visibility="private")
    picker.change(lambda n: show_report(backend, n), picker, detail, api_visibility="private")
    refresh.click(on_refresh, None, [table, picker], api_visibility="private")
    page.load(on_refresh, None, [table, picker], api_visibility="private", queue=False)
