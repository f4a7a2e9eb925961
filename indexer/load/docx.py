"""Word .docx reports via python-docx: body paragraphs and tables in document order, merged cells on a grid."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.oxml.ns import qn
from lxml import etree

from .common import LoadError, collapse_space, table_lines
from .docx_numbering import Numbering

MAX_UNPACKED = 200 * 2**20  # a zip bomb must not fill the memory; real reports unpack to a few MB
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_SDT, _SDT_CONTENT, _CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_VAL = qn("w:val")
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP_IN_RUNS = {_FALLBACK, qn("w:del"), qn("w:pPr"), qn("w:rPr")}


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Block children of a body or cell, looking through content controls and custom XML."""
    for child in el:
        if child.tag in (_SDT, _CUSTOM_XML):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _children(inner)
        else:
            yield child


def _run_text(el: etree._Element) -> Iterator[str]:
    """The text pieces of a paragraph: text, tabs and breaks, text boxes included once."""
    for child in el:
        tag = child.tag
        if tag in _SKIP_IN_RUNS:
            continue
        if tag == _T:
            yield child.text or ""
        elif tag == _TAB:
            yield "\t"
        elif tag in (_BR, _CR):
            yield "\n"
        elif tag == _P:
            yield "\n"
            yield from _run_text(child)
            yield "\n"
        else:
            yield from _run_text(child)


def _paragraph(p: etree._Element, numbering: Numbering) -> str:
    """The text of one paragraph, with the label of Word's automatic numbering in front."""
    return numbering.label(p) + "".join(_run_text(p))


def _span(tc: etree._Element) -> int:
    """How many grid columns a cell spans (w:gridSpan)."""
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    try:
        return max(int(span.get(_VAL, "1")), 1) if span is not None else 1
    except ValueError:
        return 1


def _continues_merge(tc: etree._Element) -> bool:
    """True for a cell that continues a vertical merge from the row above."""
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and merge.get(_VAL, "continue") != "restart"


def _grid_before(tr: etree._Element) -> int:
    """Grid columns skipped at the start of a row (w:gridBefore)."""
    skip = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
    try:
        return int(skip.get(_VAL, "0")) if skip is not None else 0
    except ValueError:
        return 0


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    """The cells of a row, looking through content controls."""
    return (child for child in _children(tr) if child.tag == _TC)


def _cell_text(tc: etree._Element, numbering: Numbering) -> str:
    """A cell's text: its paragraphs (and any nested table's text) joined, spaces collapsed."""
    lines: list[str] = []
    _blocks(tc, lines, numbering)
    return collapse_space("\n".join(lines))


def _grid(tbl: etree._Element, numbering: Numbering) -> list[list[str | None]]:
    """A table's rows on a grid: a merged cell's text once, then None where its span covers."""
    grid: list[list[str | None]] = []
    for tr in (child for child in _children(tbl) if child.tag == _TR):
        row: list[str | None] = [None] * _grid_before(tr)
        for tc in _cells(tr):
            row.append(None if _continues_merge(tc) else _cell_text(tc, numbering))
            row.extend([None] * (_span(tc) - 1))
        grid.append(row)
    return grid


def _is_layout(tbl: etree._Element) -> bool:
    """True for a table that frames text rather than holding data: nested tables or a single column."""
    if any(True for _ in tbl.iterdescendants(_TBL)):
        return True
    widths = [_grid_before(tr) + sum(_span(tc) for tc in _cells(tr)) for tr in _children(tbl) if tr.tag == _TR]
    return max(widths, default=0) < 2


def _table(tbl: etree._Element, lines: list[str], numbering: Numbering) -> None:
    """Add a table's rows as grid lines, or a framing table's cells as paragraphs."""
    if _is_layout(tbl):
        for tr in (child for child in _children(tbl) if child.tag == _TR):
            for tc in _cells(tr):
                _blocks(tc, lines, numbering)
        return
    grid = _grid(tbl, numbering)
    lines.extend(table_lines(grid))


def _blocks(container: etree._Element, lines: list[str], numbering: Numbering) -> None:
    """Add the paragraphs and tables of a body or cell, in document order."""
    for child in _children(container):
        if child.tag == _P:
            lines.append(_paragraph(child, numbering))
        elif child.tag == _TBL:
            _table(child, lines, numbering)


def _unpacked_size(data: bytes) -> int:
    """The bytes a .docx (a zip) unpacks to, as its directory declares (reading never yields more); 0 if no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0  # python-docx names the problem below


def docx_to_text(data: bytes, name: str) -> str:
    """Return the text lines of a .docx report's body."""
    unpacked = _unpacked_size(data)
    if unpacked > MAX_UNPACKED:
        raise LoadError(f"{name}: not a valid DOCX (unpacks to {unpacked // 2**20} MB, "
                        f"limit {MAX_UNPACKED // 2**20} MB)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip, XML, key and value errors for bad files
        raise LoadError(f"{name}: not a valid DOCX ({type(exc).__name__}: {exc})") from None
    try:
        numbering = Numbering(document.part.numbering_part.element, document.styles.element)
    except (KeyError, ValueError, NotImplementedError):  # a package without usable numbering or styles
        numbering = Numbering(None, None)
    body = getattr(document.element, "body", None)  # a w:document root; any other root has no body
    if body is None:
        raise LoadError(f"{name}: not a valid DOCX (word/document.xml holds no document body)")
    lines: list[str] = []
    _blocks(body, lines, numbering)
    return "\n".join(lines)
