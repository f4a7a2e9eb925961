"""HTML pages (crawled portals, Word-made HTML): decode, drop chrome, pick the main content, render lines."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from .common import LoadError, collapse_space, table_lines
from .html_embedded import embedded_report
from .text import check_text, decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # lxml refuses these in text it sets
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "euc-cn"}
_SKIP = {
    "script", "style", "noscript", "head", "title", "meta", "link", "iframe", "frame", "object", "embed",
    "svg", "canvas", "template", "input", "select", "option", "button", "textarea", "map", "area",
}  # fmt: skip
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table",
    "section", "article", "main", "aside", "header", "footer", "nav", "blockquote", "pre", "address",
    "center", "form", "fieldset", "figure", "figcaption", "caption", "hr", "body", "html", "tbody",
    "thead", "tfoot", "td", "th", "details", "summary", "legend",
}  # fmt: skip
_CHROME_TAGS = {"nav", "header", "footer"}
_CHROME_WORDS = ("nav", "menu", "footer", "header", "breadcrumb", "share")
_KEEP = {"html", "body", "table", "thead", "tbody", "tfoot", "tr", "td", "th"}  # a class="header" row is data
_TITLE_WORD = "年度报告"
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
MAX_GRID_CELLS = 100_000  # positions of one table's grid; the national tables have a few hundred


def _tag(el: etree._Element) -> str:
    """The lower-case local tag name of an element ('' for comments and processing instructions)."""
    if not isinstance(el.tag, str):
        return ""
    return el.tag.rsplit("}", 1)[-1].lower()  # Word's o:p stays "o:p": inline, not a paragraph


def _text(el: etree._Element) -> str:
    """All text under an element."""
    return el.text_content() if hasattr(el, "text_content") else "".join(el.itertext())


def _link_ratio(el: etree._Element, length: int) -> float:
    """Share of an element's text that sits inside links."""
    linked = sum(len(a.text_content().strip()) for a in el.iter("a"))
    return linked / max(length, 1)


def _is_chrome(el: etree._Element) -> bool:
    """True for navigation, header, footer and share chrome that holds no report content."""
    marks = f"{el.get('id', '')} {el.get('class', '')}".lower()
    if _tag(el) not in _CHROME_TAGS and not any(word in marks for word in _CHROME_WORDS):
        return False
    text = _text(el).strip()
    links = _link_ratio(el, len(text))
    return not (links < 0.5 and (len(text) > 1000 or _TITLE_WORD in text))  # never drop the content


def _drop_chrome(root: etree._Element) -> None:
    """Remove script/style/head and navigation chrome in place, keeping the text that follows them."""
    for el in list(root.iter()):
        tag = _tag(el)
        if el.getparent() is None or tag in _KEEP:
            continue
        if not tag or tag in _SKIP or _is_chrome(el):
            el.drop_tree()


def _title_element(body: etree._Element) -> etree._Element | None:
    """The heading that carries the report title, else the first short element mentioning it."""
    for el in body.iter(*_HEADINGS):
        if _TITLE_WORD in _text(el):
            return el
    for el in body.iter():
        text = _text(el).strip() if _tag(el) else ""
        if _TITLE_WORD in text and len(text) <= 120:
            return el
    return None


def _densest(body: etree._Element) -> etree._Element:
    """Walk down from body into the child holding most (80%+) of the text, as far as that goes."""
    node = body
    while True:
        total = len(_text(node).strip())
        children = [c for c in node if _tag(c)]
        if not children or total == 0:
            return node
        best = max(children, key=lambda c: len(_text(c).strip()))
        if len(_text(best).strip()) < 0.8 * total:
            return node
        node = best


def _main_content(body: etree._Element) -> etree._Element:
    """The smallest element holding both the title and the bulk of the text (body when no title)."""
    title = _title_element(body)
    if title is None:
        return body
    content = _densest(body)
    ancestors = [title, *title.iterancestors()]  # kept alive: lxml proxies are only identical while referenced
    node = content
    while node is not None and not any(node is a for a in ancestors):
        node = node.getparent()
    return node if node is not None else body


class _Writer:
    """Collects inline text into lines; block boundaries end the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buf: list[str] = []

    def add(self, text: str | None) -> None:
        if text:
            self._buf.append(text)

    def newline(self) -> None:
        line = collapse_space("".join(self._buf))
        self._buf.clear()
        if line:
            self.lines.append(line)

    def extend(self, lines: list[str]) -> None:
        self.newline()
        self.lines.extend(lines)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The rows of a table, not those of tables nested in it."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def _span(el: etree._Element, attr: str, limit: int) -> int:
    """A rowspan/colspan value, clamped to 1..limit."""
    try:
        value = int(re.sub(r"[^0-9]", "", el.get(attr, "1")) or 1)
    except ValueError:
        value = 1
    return min(max(value, 1), limit)


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: its block lines joined, spaces collapsed."""
    writer = _Writer()
    _walk_children(cell, writer)
    writer.newline()
    return collapse_space("\n".join(writer.lines))


class _TooBig(Exception):
    """A table whose spans lay out more than MAX_GRID_CELLS positions (no report table comes near)."""


def _grid(rows: list[etree._Element]) -> list[list[str | None]]:
    """Lay out rows with rowspan/colspan on a grid; covered positions are None; _TooBig past MAX_GRID_CELLS."""
    taken: dict[tuple[int, int], str | None] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in (x for x in tr if _tag(x) in ("td", "th")):
            while (r, c) in taken:
                c += 1
            rowspan = _span(cell, "rowspan", len(rows) - r)
            colspan = _span(cell, "colspan", 200)
            if len(taken) + rowspan * colspan > MAX_GRID_CELLS:
                raise _TooBig
            text = _cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = text if dr == dc == 0 else None
            c += colspan
    width = max((c + 1 for _, c in taken), default=0)
    if width * len(rows) > MAX_GRID_CELLS:
        raise _TooBig
    return [[taken.get((r, c)) for c in range(width)] for r in range(len(rows))]


def _is_layout(grid: list[list[str | None]]) -> bool:
    """True for tables used for page layout: one column, or paragraph-long cells."""
    if max((len(row) for row in grid), default=0) < 2:
        return True
    return any(len(cell or "") > 500 for row in grid for cell in row)


def _table(table: etree._Element, writer: _Writer) -> None:
    """Render a data table as grid lines, or a layout table's cells as ordinary blocks."""
    nested = any(True for _ in table.iterdescendants("table"))
    try:
        grid = [] if nested else _grid(_rows(table))
    except _TooBig:
        nested, grid = True, []  # absurd spans: read its cells as plain blocks
    if nested or _is_layout(grid):
        _walk_children(table, writer)
        return
    for child in table:
        if _tag(child) == "caption":
            _walk(child, writer)
    writer.extend(table_lines(grid))


def _walk_children(el: etree._Element, writer: _Writer) -> None:
    """Render an element's content (text, children and their tails)."""
    writer.add(el.text if _tag(el) else None)
    for child in el:
        if _tag(child):
            _walk(child, writer)
        writer.add(child.tail)


def _walk(el: etree._Element, writer: _Writer) -> None:
    """Render one element: blocks break lines, inline elements flow, tables become grids."""
    tag = _tag(el)
    if tag in _SKIP:
        return
    if tag == "br":
        writer.newline()
    elif tag == "pre":
        writer.newline()
        writer.extend([line.strip() for line in _text(el).split("\n")])
    elif tag == "table":
        writer.newline()
        _table(el, writer)
    elif tag in _BLOCK:
        writer.newline()
        _walk_children(el, writer)
        writer.newline()
    else:
        _walk_children(el, writer)


def _charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes, mapped to a Python codec name."""
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    return "gb18030" if name in _GB_ALIASES else name


def _parse_main(text: str, name: str) -> etree._Element:
    """Parse a page and return its main content, chrome dropped."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise LoadError(f"{name}: cannot parse HTML ({exc})") from None
    _drop_chrome(root)
    body = root.find("body")
    return _main_content(body if body is not None else root)


def html_to_text(data: bytes, name: str) -> tuple[str, str]:
    """Return the text lines of an HTML page and the encoding it was decoded with."""
    text, encoding = decode_bytes(data, name, declared=_charset(data))
    check_text(text, name)
    text = _NOT_XML.sub(" ", _XML_DECL.sub("", text))  # control characters: white space, as the browser shows them
    if not text.strip():
        raise LoadError(f"{name}: empty HTML page")
    main = _parse_main(text, name)
    embedded = embedded_report(text, _text(main))
    if embedded is not None:  # the report sits escaped in a script string or as escaped text
        main = _parse_main(f"<html><body>{embedded}</body></html>", name)
    writer = _Writer()
    _walk(main, writer)
    writer.newline()
    return "\n".join(writer.lines), encoding
