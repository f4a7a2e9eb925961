"""HTML for answers, citations, passages, look-ups and reports; every text from a report or a user is escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote

from app.gist import distinctive
from app.prose import terms as prose_terms
from app.query import Kind
from app.web.cite import LONG_LINE, label_span, origin_url, report_name, row_span, window
from app.web.labels import cell_name, format_value, unit_of
from app.web.staff import status
from indexer.check import describe
from indexer.text import CJK

TextOf = Callable[[str], "str | None"]  # report file name -> its text (None when not indexed)

MAX_PASSAGE_CHARS = 400
SOURCE_LINE = ("出处：", "Source: ")  # the engine's text names the source; the web shows it as a citation
STATUS = {"parsed": "完整 parsed", "partial": "部分 partial", "no_tables": "无表格 no tables"}


def esc(value: object) -> str:
    """HTML-escape any value (quotes too), so that it can only ever render as text."""
    return html.escape("" if value is None else str(value), quote=True)


def highlight(text: str, terms: Iterable[str]) -> str:
    """Escaped text with every occurrence of the terms wrapped in <mark>."""
    words = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not words:
        return esc(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(esc(text[pos:m.start()]))
        out.append(f"<mark>{esc(m.group(0))}</mark>")
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def mark_spans(text: str, spans: Iterable[Iterable[int]]) -> str:
    """Escaped text with the given [start, end) character spans wrapped in <mark>."""
    out, pos = [], 0
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out += [esc(text[pos:start]), f"<mark>{esc(text[start:end])}</mark>"]
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def report_href(report: str, line: int | None = None, base_url: str = "") -> str:
    """Link to a report's full text page, at a line."""
    anchor = f"#L{int(line)}" if line else ""
    return f"{base_url.rstrip('/')}/report/{quote(report)}{anchor}"


def context_lines(text: str, line: int, before: int = 4, after: int = 3, reach: int = 20) -> list[tuple[int, str]]:
    """Non-blank (number, text) lines around a line, going further back to a label where cells stand one a line."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return []
    picked: list[tuple[int, str]] = [(line, lines[line - 1])]
    i, taken = line - 2, 0
    while i >= max(0, line - 1 - reach) and (taken < before or not any(CJK.search(t) for _, t in picked)):
        if lines[i].strip():
            picked.insert(0, (i + 1, lines[i]))
            taken += 1
        i -= 1
    i, taken = line, 0
    while i < len(lines) and taken < after:
        if lines[i].strip():
            picked.append((i + 1, lines[i]))
            taken += 1
        i += 1
    return picked


def render_context(text: str | None, line: int, fact: dict | None = None) -> str:
    """The report text around a line, numbered, the line highlighted; in a long (flattened) line only the row."""
    if not text:
        return '<div class="qa-context qa-muted">（报告原文不可用 text not available）</div>'
    lines = text.split("\n")
    if fact and 1 <= line <= len(lines) and len(lines[line - 1]) > LONG_LINE:
        table, row = fact.get("table", ""), fact.get("row", "")
        span = row_span(lines[line - 1], table, row, fact.get("value")) or label_span(lines[line - 1], table, row)
        if span:
            part, (a, b), before, after = window(lines[line - 1], span)
            shown = (f'{"…" if before else ""}{esc(part[:a])}<mark class="qa-row">{esc(part[a:b])}</mark>'
                     f'{esc(part[b:])}{"…" if after else ""}')
            return (f'<div class="qa-context"><div class="qa-line qa-hit"><span class="qa-ln">{line}</span> '
                    f"{shown}</div></div>")
    rows = []
    for n, content in context_lines(text, line):
        cls = "qa-line qa-hit" if n == line else "qa-line"
        body = f"<mark>{esc(content)}</mark>" if n == line else esc(content)
        rows.append(f'<div class="{cls}"><span class="qa-ln">{n}</span> {body}</div>')
    return f'<div class="qa-context">{"".join(rows)}</div>'


def fact_source(fact: dict) -> str:
    """One line naming a fact's source as people name it: the report (body and year) and the line."""
    return f"{report_name(fact.get('body'), fact.get('year'))} 第{fact.get('line')}行"


def render_cell(fact: dict, printed: dict | None = None) -> str:
    """The table cell as printed (the engine's labels where given): table › row › column = value unit."""
    title, row, column = cell_name(fact["table"], fact["row"], fact["column"], fact.get("template"))
    if printed and printed.get("report") == fact.get("report"):
        title, row, column = (printed.get("table") or title, printed.get("row") or row,
                              printed.get("column") or column)
    unit = unit_of(fact["table"], fact["column"], fact.get("unit"))
    return (f'<div class="qa-cell">{esc(title)} › {esc(row)} › {esc(column)} = '
            f'<b>{esc(format_value(fact.get("value")))}</b> {esc(unit)}</div>')


def source_links(report: str, line: int | None, text: str | None, base_url: str = "") -> str:
    """Links under a citation: the report's whole text at the line, and its original address where it has one."""
    link = report_href(report, line, base_url)
    out = (f'<a href="{esc(link)}" target="_blank" rel="noopener" title="{esc(report)}">打开报告全文 '
           f"open the report</a>")
    origin = origin_url(text)
    if origin:
        out += f' · <a href="{esc(origin)}" target="_blank" rel="noopener nofollow" class="qa-origin">原文链接</a>'
    return f'<div class="qa-links">{out}</div>'


def render_citation(fact: dict, text_of: TextOf, base_url: str = "", open_: bool = False,
                    printed: dict | None = None) -> str:
    """A citation the user can open: the report, the cell as printed, the text around its line (its row)."""
    line = int(fact.get("line") or 0)
    text = text_of(fact["report"])
    return (f'<details class="qa-cite"{" open" if open_ else ""}><summary>出处 Source：{esc(fact_source(fact))}'
            f'</summary>{render_cell(fact, printed)}{render_context(text, line, fact)}'
            f'{source_links(fact["report"], line, text, base_url)}</details>')


def render_fact_table(facts: list[dict]) -> str:
    """The per-report figures behind an answer, as a small table."""
    head = "<tr><th>机关 body</th><th>年度 year</th><th>项目 figure</th><th>数值 value</th><th>出处 source</th></tr>"
    rows = []
    for f in facts:
        _, row, column = cell_name(f["table"], f["row"], f["column"], f.get("template"))
        unit = unit_of(f["table"], f["column"], f.get("unit"))
        rows.append(f"<tr><td>{esc(f.get('body'))}</td><td>{esc(f.get('year'))}</td><td>{esc(row)} › {esc(column)}"
                    f"</td><td>{esc(format_value(f.get('value')))} {esc(unit)}</td>"
                    f"<td>{esc(fact_source(f))}</td></tr>")
    return f'<table class="qa-facts">{head}{"".join(rows)}</table>'


def render_passage(p: dict, terms: list[str], base_url: str = "") -> str:
    """One passage with the matching words highlighted and its source."""
    text = p.get("text") or ""
    cut = text[:MAX_PASSAGE_CHARS]
    shown = mark_spans(cut, p["highlights"]) if p.get("highlights") else highlight(cut, terms)
    if len(text) > MAX_PASSAGE_CHARS:
        shown += "…"
    line = p.get("line")
    src = f"{report_name(p.get('body'), p.get('year'))} 第{line}行"
    link = report_href(str(p.get("report")), line, base_url)
    return (f'<div class="qa-passage"><div class="qa-ptext">{shown}</div>'
            f'<div class="qa-psrc">— <a href="{esc(link)}" target="_blank" rel="noopener" '
            f'title="{esc(p.get("report"))}">'
            f'{esc(src)}</a></div></div>')


def render_passages(passages: list[dict], terms: list[str], base_url: str = "", open_: bool = False) -> str:
    """The passages of an answer, inside an openable block."""
    if not passages:
        return ""
    inner = "".join(render_passage(p, terms, base_url) for p in passages)
    return (f'<details class="qa-passages"{" open" if open_ else ""}><summary>相关段落 Passages（{len(passages)}）'
            f'</summary>{inner}</details>')


def paragraphs(text: str) -> str:
    """Escaped text, line breaks kept."""
    return "<br>".join(esc(line) for line in (text or "").split("\n"))


def render_answer(result: dict, question: str, text_of: TextOf, base_url: str = "") -> str:
    """A whole answer as chat HTML: the figure and unit, the answer text, citation, figures behind it, passages."""
    facts = result.get("facts") or []
    value = result.get("value")
    parts = ['<div class="qa-answer">']
    if value is not None:
        first = facts[0] if facts else {}
        unit = result.get("unit") or unit_of(first.get("table", ""), first.get("column", ""), first.get("unit"))
        parts.append(f'<div class="qa-figure"><span class="qa-value">{esc(format_value(value))}</span>'
                     f'<span class="qa-unit">{esc(unit)}</span></div>')
    cited = bool(facts) and result.get("kind") != Kind.PASSAGE
    text = result.get("answer", "")
    if cited:  # the citation below names the source: not a second time, as a file name, in the text
        text = without_source(text)
    terms = distinctive(list(result.get("terms") or []) or prose_terms(question))
    parts.append(f'<div class="qa-text">{paragraphs(text)}</div>')
    if cited:
        parts.append(render_citation(facts[0], text_of, base_url, printed=result.get("citation")))
    if cited and len(facts) > 1:
        parts.append(f'<details class="qa-more"><summary>计算依据 figures behind it（{len(facts)}）</summary>'
                     f"{render_fact_table(facts)}</details>")
    if result.get("findings"):
        parts.append(f'<details class="qa-warn"><summary>勾稽提示 consistency findings（{len(result["findings"])}）'
                     f"</summary>{render_findings(result['findings'], (result.get('citation') or {}).get('template'))}"
                     "</details>")
    passages = [p for p in result.get("passages") or [] if "figure_line" not in p] if cited else \
        result.get("passages") or []
    if passages:
        plain = [{**p, "highlights": None} for p in passages]  # the question's own words marked, not 公开 everywhere
        parts.append(render_passages(plain, terms, base_url, open_=not cited))
    parts.append("</div>")
    return "".join(parts)


def without_source(text: str) -> str:
    """The engine's answer less its 出处 line (a citation shows the source, named as the report)."""
    return "\n".join(t for t in text.split("\n") if not t.startswith(SOURCE_LINE))


def render_user(question: str) -> str:
    """A user's message as inert text."""
    return f'<div class="qa-question">{paragraphs(question)}</div>'


def render_lookup(result: dict, text_of: TextOf, base_url: str = "") -> str:
    """A staff look-up: the value and unit large, the engine's answer, the source open."""
    facts = result.get("facts") or []
    if result.get("value") is None or not facts:
        return f'<div class="qa-answer qa-none">{paragraphs(result.get("answer", ""))}</div>'
    f = facts[0]
    unit = result.get("unit") or unit_of(f["table"], f["column"], f.get("unit"))
    return (f'<div class="qa-answer"><div class="qa-figure"><span class="qa-value">'
            f'{esc(format_value(result["value"]))}</span><span class="qa-unit">{esc(unit)}</span></div>'
            f'<div class="qa-text">{paragraphs(without_source(result.get("answer", "")))}</div>'
            f'{render_citation(f, text_of, base_url, open_=True, printed=result.get("citation"))}</div>')


def render_compare(header: list[str], lines: list[list[dict]], base_url: str = "", caption: str = "") -> str:
    """The compare table: a line a body, a column a year; each figure links to its line in the report; the cell
    compared above it."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    rows = []
    for line in lines:
        cells = [f"<td>{esc(line[0].get('text'))}</td>"]
        for c in line[1:]:
            if c.get("value") is not None and c.get("report"):
                link = report_href(c["report"], c.get("line"), base_url)
                cells.append(f'<td><a href="{esc(link)}" target="_blank" rel="noopener" title="{esc(c["report"])} '
                             f'第{esc(c.get("line"))}行">{esc(status(c))}</a></td>')
            else:
                cells.append(f'<td class="qa-muted">{esc(status(c))}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    title = f'<div class="qa-compare-title">{esc(caption)}</div>' if caption else ""
    return f'{title}<table class="qa-facts qa-compare"><tr>{head}</tr>{"".join(rows)}</table>'


def render_findings(findings: list[dict], template: str | None = None) -> str:
    """Consistency findings (勾稽 breaks) in words, Chinese and English."""
    if not findings:
        return '<div class="qa-ok">勾稽关系全部相符 all consistency rules hold</div>'
    items = [f"<li>{esc(describe(f, template, 'zh'))}<br><small>{esc(describe(f, template, 'en'))}</small></li>"
             for f in findings]
    return f'<ul class="qa-findings">{"".join(items)}</ul>'


def render_report_text(text: str) -> str:
    """A report's whole text, numbered, each line an anchor #L<n>."""
    rows = [f'<div class="qa-line" id="L{n}"><span class="qa-ln">{n}</span> {esc(line)}</div>'
            for n, line in enumerate(text.split("\n"), start=1)]
    return f'<div class="qa-report-text">{"".join(rows)}</div>'


PAGE_CSS = """body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:1.5rem;line-height:1.6}
.qa-line{white-space:pre-wrap}.qa-ln{display:inline-block;min-width:3.5em;color:#888;text-align:right;
margin-right:.8em;user-select:none}.qa-line:target{background:#fff3b0}"""


def report_page(report: str, title: str, text: str) -> str:
    """A standalone page with a report's whole text; the cited line (#L<n>) highlighted."""
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{PAGE_CSS}</style></head><body><h1>{esc(title)}</h1><p>{esc(report)}</p>"
            f"{render_report_text(text)}</body></html>")
