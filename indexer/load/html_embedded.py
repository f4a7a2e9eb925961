"""A report a page carries as escaped markup: inside a script's string (`var content = "<p>…<table>…"`,
`\\u003ctable\\u003e`) or as HTML-escaped text (`&lt;table&gt;`); found and decoded for the HTML loader."""

from __future__ import annotations

import html
import re

_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)
_STRING = re.compile(r'"((?:[^"\\\n]|\\.){200,})"|\'((?:[^\'\\\n]|\\.){200,})\'|`((?:[^`\\]|\\.){200,})`', re.S)
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\n", "b": "", "f": "", "v": "", "0": ""}
_MARKUP = re.compile(r"<(?:table|tr|td|p|div|br|span)\b", re.I)
_REPORT_WORDS = ("年度报告", "主动公开", "本年新收", "行政复议", "信息公开")
MAX_SCRIPT = 20 * 1024 * 1024


def _unescape_js(body: str) -> str:
    """A JavaScript string literal's body decoded: \\uXXXX, \\xXX, \\n, \\", \\/ …"""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, body)


def _score(markup: str) -> int:
    """How much of a report a piece of markup holds: its report words and table markup."""
    return sum(markup.count(w) for w in _REPORT_WORDS) + len(_MARKUP.findall(markup[:200_000])) // 10


def _decoded(text: str) -> str:
    """Markup with its escaping undone: HTML entities when the tags themselves are escaped."""
    if "&lt;" in text and not _MARKUP.search(text):
        text = html.unescape(text)
    return text


def embedded_report(page: str, visible: str) -> str | None:
    """The markup of a report carried escaped in the page (a script string or escaped text), when it holds
    more of a report than the page's visible text does; else None."""
    best, best_score = None, max(_score(visible), 0)
    for script in _SCRIPT.findall(page[:MAX_SCRIPT]):
        for m in _STRING.finditer(script):
            body = m.group(1) or m.group(2) or m.group(3) or ""
            markup = _decoded(_unescape_js(body))
            if not _MARKUP.search(markup):
                continue
            score = _score(markup)
            if score > best_score and any(w in markup for w in _REPORT_WORDS):
                best, best_score = markup, score
    if visible.count("<td") + visible.count("<p") >= 5 and any(w in visible for w in _REPORT_WORDS):
        score = _score(visible) + len(_MARKUP.findall(visible[:200_000])) // 10
        if score > best_score:
            best = visible
    return best
