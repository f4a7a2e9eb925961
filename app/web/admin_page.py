"""The 管理 tab: token, upload, confirm a new version, delete, rebuild; results and the change log in words."""

from __future__ import annotations

from typing import Any

import gradio as gr

from app.web import admin
from app.web.backend import Backend
from app.web.library import read_log
from app.web.reports import report_choices
from indexer.read import REPORT_SUFFIXES

ACTIONS = {"upload": "上传", "replace": "替换", "cancel": "取消替换", "delete": "删除", "rebuild": "重建索引"}
RESULTS = {"added": "已加入", "changed": "已更新", "unchanged": "未变", "already_indexed": "已收录（内容相同）",
           "needs_confirmation": "等待确认", "failed": "未加入", "refused": "未接收", "replaced": "已替换",
           "deleted": "已删除", "cancelled": "已取消"}


def result_words(result: dict | None) -> str:
    """An admin action's outcome as Markdown in plain words."""
    if not result:
        return ""
    lines = [f"- **{f['file']}**（{RESULTS.get(f['result'], f['result'])}）：{f.get('message') or f.get('reason', '')}"
             for f in result.get("files") or []]
    for p in result.get("pending") or []:
        lines.append(f"\n#### 等待确认：{p['file']} 替换 {p['replaces']}")
        lines += [f"  - {d}" for d in p.get("differences") or []] or ["  - 数字没有不同"]
    if result.get("pending"):
        lines.append("\n点 **确认替换** 用新版本替换旧版本，或点 **取消** 保留旧版本。")
    build = result.get("build")
    if build:
        lines.append(f"\n索引已更新：共 {build['reports']} 份报告、{build['facts']} 个数字"
                     f"（用时 {build['seconds']} 秒）。")
    elif result.get("files") is not None:
        lines.append(f"\n索引没有变化：共 {result.get('reports')} 份报告。")
    return "\n".join(lines)


def log_words(backend: Backend, last: int = 10) -> str:
    """The latest changes as Markdown: when, what, from where."""
    rows = []
    for e in read_log(backend, last):
        files = "、".join(f["file"] if isinstance(f, dict) else str(f) for f in e.get("files") or [])
        when = str(e.get("time", "")).replace("T", " ").removesuffix("+00:00")  # 2026-12-02 07:57:07 (UTC)
        rows.append(f"| {when} | {ACTIONS.get(e.get('action'), e.get('action'))} | {files or '—'} | "
                    f"{e.get('address') or '—'} |")
    if not rows:
        return "还没有操作记录。"
    return "| 时间 (UTC) | 操作 | 文件 | 来自地址 |\n|---|---|---|---|\n" + "\n".join(rows)


def admin_tab(backend: Backend, expected: str) -> None:
    """Build the tab's components and events (inside the page's Blocks)."""
    gr.Markdown(f"上传年报文件（{'、'.join(REPORT_SUFFIXES)}，每个不超过 {admin.MAX_UPLOAD_MB} MB），解析后加入索引。"
                "内容完全相同的文件不会重复加入；同一机关同一年度的新版本要先看过哪些数字不同、确认后才替换旧版本。"
                "新索引建好之前，原来的索引照常回答问题。每次改动都记录时间和来源地址。")
    token = gr.Textbox(label="管理令牌 admin token", type="password", elem_id="admin-token")
    # No file_types here: Gradio would refuse the whole batch for one wrong file; screen() answers per file.
    files = gr.File(label="年报文件 report files", file_count="multiple", type="filepath", elem_id="admin-files")
    with gr.Row():
        go = gr.Button("上传并加入索引 Upload and index", variant="primary", elem_id="admin-upload")
        again = gr.Button("重建索引 Rebuild", elem_id="admin-rebuild")
    outcome = gr.JSON(visible=False)
    words = gr.Markdown(elem_id="admin-result")
    with gr.Row(visible=False) as asking:
        yes = gr.Button("确认替换 Replace", variant="stop", elem_id="admin-confirm")
        no = gr.Button("取消 Keep the old one", elem_id="admin-cancel")
    gr.Markdown("#### 删除报告 Delete a report")
    with gr.Row(equal_height=True):
        which = gr.Dropdown(report_choices(backend), value=None, label="报告 report", elem_id="admin-delete-pick",
                            scale=4)
        sure = gr.Checkbox(label="确认删除 I am sure", elem_id="admin-delete-sure", scale=1)
        rm = gr.Button("删除 Delete", variant="stop", elem_id="admin-delete", scale=1)
    gr.Markdown("#### 操作记录 Change log")
    log = gr.Markdown(elem_id="admin-log")

    def admin_upload(token: str, files: list[str] | None, request: gr.Request) -> dict:
        """Add report files to the index (admin token required); per-file results."""
        return admin.upload(backend, token, files, expected, admin.address_of(request))

    def admin_rebuild(token: str, request: gr.Request) -> dict:
        """Rebuild the index from its sources (admin token required)."""
        return admin.rebuild(backend, token, expected, admin.address_of(request))

    def ui_confirm(token: str, shown: dict | None, request: gr.Request) -> dict:
        """Replace the reports by the new versions just shown."""
        names = [p["file"] for p in (shown or {}).get("pending") or []]
        return admin.confirm(backend, token, names, expected, admin.address_of(request))

    def ui_cancel(token: str, shown: dict | None, request: gr.Request) -> dict:
        """Keep the indexed reports; drop the new versions just shown."""
        names = [p["file"] for p in (shown or {}).get("pending") or []]
        return admin.cancel(backend, token, names, expected, admin.address_of(request))

    def ui_delete(token: str, report: str | None, really: bool, request: gr.Request) -> dict:
        """Delete the picked report once the box is ticked."""
        if not report:
            raise gr.Error("请先选择要删除的报告。Pick a report first.")
        if not really:
            raise gr.Error("请先勾选“确认删除”。Tick “I am sure” first.")
        return admin.delete(backend, token, report, expected, admin.address_of(request))

    def show(result: dict | None) -> tuple:
        """The outcome in words, the confirm buttons where a new version waits, the report list, the log."""
        waiting = bool((result or {}).get("pending"))
        return (result_words(result), gr.update(visible=waiting),
                gr.update(choices=report_choices(backend), value=None), False, log_words(backend))

    shown = [words, asking, which, sure, log]
    common: dict[str, Any] = {"concurrency_limit": 1, "concurrency_id": "admin"}
    go.click(admin_upload, [token, files], outcome, api_name="admin_upload", **common).then(
        show, outcome, shown, api_visibility="private")
    again.click(admin_rebuild, [token], outcome, api_name="admin_rebuild", **common).then(
        show, outcome, shown, api_visibility="private")
    yes.click(ui_confirm, [token, outcome], outcome, api_visibility="private", **common).then(
        show, outcome, shown, api_visibility="private")
    no.click(ui_cancel, [token, outcome], outcome, api_visibility="private", **common).then(
        show, outcome, shown, api_visibility="private")
    rm.click(ui_delete, [token, which, sure], outcome, api_visibility="private", **common).then(
        show, outcome, shown, api_visibility="private")

    def admin_confirm(token: str, files: list[str], request: gr.Request) -> dict:
        """Replace indexed reports by the new versions waiting under these file names."""
        return admin.confirm(backend, token, files, expected, admin.address_of(request))

    def admin_cancel(token: str, files: list[str], request: gr.Request) -> dict:
        """Drop the new versions waiting under these file names."""
        return admin.cancel(backend, token, files, expected, admin.address_of(request))

    def admin_delete(token: str, report: str, request: gr.Request) -> dict:
        """Take one report (by file name) out of the index."""
        return admin.delete(backend, token, report, expected, admin.address_of(request))

    gr.api(admin_confirm, api_name="admin_confirm", concurrency_limit=1, concurrency_id="admin")
    gr.api(admin_cancel, api_name="admin_cancel", concurrency_limit=1, concurrency_id="admin")
    gr.api(admin_delete, api_name="admin_delete", concurrency_limit=1, concurrency_id="admin")
