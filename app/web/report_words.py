"""The Reports tab's words: parse notes in plain Chinese, cross-year breaks (cached per build), a report's page."""

from __future__ import annotations

import re
import threading

from app.web.backend import Backend
from app.web.cite import report_name
from app.web.labels import cell_name
from app.web.library import report_bodies
from app.web.render import STATUS, esc, render_findings, render_report_text, report_href
from indexer.audit import YearBreak, audit
from indexer.store import StoredReport

TABLE_WORDS = {"active": "表二（主动公开）", "requests": "表三（收到和处理申请）",
               "review": "表四（行政复议、行政诉讼）"}
NOTE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^title not found: issuing body unknown$"), "没有找到报告标题，未能识别发布机关。"),
    (re.compile(r"^title not found: year unknown$"), "没有找到报告标题，未能识别年度。"),
    (re.compile(r"^no standard tables"), "没有标准统计表格（较早的年报或自由格式）：只收录了基本信息和正文段落。"),
    (re.compile(r"^(?P<t>\w+): part (?P<p>\d+) heading not found; table not read$"),
     "没有找到第{p}部分的标题，{t}未读取。"),
    (re.compile(r"^(?P<t>\w+): row (?P<r>[\w.]+) not found$"), "{t}中没有找到“{r}”这一行。"),
    (re.compile(r"^(?P<t>\w+): row (?P<r>[\w.]+): expected (?P<n>\d+) figures, found (?P<m>\d+); left out$"),
     "{t}“{r}”行应有 {n} 个数字，读出 {m} 个，对不上，这一行没有采用。"),
]
_CACHE: dict[tuple[str, str], list[YearBreak]] = {}
_LOCK = threading.Lock()


def note_words(note: str, template: str | None = None) -> str:
    """A parse note in plain Chinese (the note itself where it has no known form)."""
    for pattern, words in NOTE_PATTERNS:
        m = pattern.match(note)
        if m:
            found = m.groupdict()
            table = found.get("t", "")
            row = cell_name(table, found["r"], "total", template)[1] if "r" in found else ""
            return words.format(t=TABLE_WORDS.get(table, table), r=row, p=found.get("p", ""), n=found.get("n", ""),
                                m=found.get("m", ""))
    return note


def year_breaks(backend: Backend) -> list[YearBreak]:
    """The cross-year audit of the index (computed once per index build)."""
    key = (str(backend.index_dir), str(backend.manifest().get("built_at")))
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = audit(backend.store, report_bodies(backend.reports()))
        return _CACHE[key]


def breaks_of(backend: Backend, report: str) -> list[YearBreak]:
    """The cross-year breaks a report is part of."""
    return [b for b in year_breaks(backend) if report in (b.report_before, b.report_after)]


def has_problems(rep: StoredReport, breaks: list[YearBreak]) -> bool:
    """A report staff should look at: not fully parsed, a consistency finding, notes, or a cross-year break."""
    return rep.status != "parsed" or bool(rep.findings) or bool(rep.notes) or bool(breaks)


def finding_lines(backend: Backend, rep: StoredReport, base_url: str = "") -> str:
    """Links to the lines of the figures a report's findings involve."""
    links = []
    for f in rep.findings:
        cells = [c for c in f.get("cells") or [] if c.get("role") == "total"] or (f.get("cells") or [])[:1]
        for c in cells:
            found = backend.store.facts(report=rep.report, table=f.get("table"), row=c["row"], column=c["column"])
            if found:
                line = found[0].line
                links.append(f'<a href="{esc(report_href(rep.report, line, base_url))}" target="_blank" '
                             f'rel="noopener">第{line}行</a>')
    return f'<div class="qa-muted">所在位置：{" · ".join(dict.fromkeys(links))}</div>' if links else ""


def render_breaks(breaks: list[YearBreak], base_url: str = "") -> str:
    """Cross-year breaks in words, each with links to the two lines."""
    if not breaks:
        return '<div class="qa-ok">与相邻年度的年报没有发现跨年问题（或没有相邻年度的年报）。</div>'
    items = []
    for b in breaks:
        links = (f'<a href="{esc(report_href(b.report_before, b.line_before, base_url))}" target="_blank" '
                 f'rel="noopener">{b.year}年 第{b.line_before}行</a> · '
                 f'<a href="{esc(report_href(b.report_after, b.line_after, base_url))}" target="_blank" '
                 f'rel="noopener">{b.year + 1}年 第{b.line_after}行</a>')
        items.append(f'<li>{esc(b.words())}<br><span class="qa-muted">{links}</span></li>')
    return f'<ul class="qa-findings">{"".join(items)}</ul>'


def render_report_page(backend: Backend, rep: StoredReport, text: str | None, base_url: str = "") -> str:
    """One report for staff: what it is, its consistency findings, cross-year breaks, parse notes, its text."""
    tables = "表二、表三、表四"
    body = (f'<div class="qa-answer qa-report"><h3>{esc(report_name(rep.body, rep.year))}</h3>'
            f'<div class="qa-muted">文件 {esc(rep.report)} · 模板 {esc(rep.template)} 年版 · 解析 '
            f"{esc(STATUS.get(rep.status, rep.status))} · 读出 {esc(rep.n_facts)} 个数字（{tables}）</div>"
            f"<h4>勾稽检查（表内各项之和与总计）</h4>{render_findings(rep.findings, rep.template)}"
            f"{finding_lines(backend, rep, base_url)}"
            f"<h4>跨年核对（上年结转 = 上一年的结转下年度；相差十倍的数字）</h4>"
            f"{render_breaks(breaks_of(backend, rep.report), base_url)}")
    if rep.notes:
        notes = "".join(f"<li>{esc(note_words(n, rep.template))}</li>" for n in rep.notes)
        body += f'<h4>解析说明</h4><ul class="qa-notes">{notes}</ul>'
    if text is not None:
        body += (f'<details class="qa-fulltext" open><summary>报告原文 text</summary>{render_report_text(text)}'
                 "</details>")
    return body + "</div>"
