"""PDF reports via pdfplumber: ruled tables as tab-joined rows, the other text as lines, page numbers dropped;
a page without a text layer (a scan) is read with OCR."""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
from collections.abc import Iterator
from typing import Any

import numpy as np
import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import Table

from .common import LoadError, table_lines
from .ocr import OcrLine

MAX_OCR_PAGES = 60  # a scanned PDF with more pages is refused: OCR takes seconds a page
OCR_SECONDS = float(os.environ.get("GOVQA_OCR_SECONDS", "600"))  # and one taking longer than this is given up
_MIN_TEXT_CHARS = 10  # a page with fewer printed characters has no usable text layer
_MIN_IMAGE_SHARE = 0.25  # ... and is read by OCR when an image covers this share of it

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~_·•]{1,3}\s*\d{1,4}\s*[-—–－―~_·•]{1,3}"  # - 3 -, -3-, — 3 —
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"  # 第 3 页, 第3页 共5页
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"  # 共5页 第3页
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_RULE_MAX_THICKNESS = 2.0  # a filled rect thinner than this is a drawn rule, thicker is a background


def _is_ruling(obj: dict[str, Any]) -> bool:
    """Keep every object except filled, unstroked rectangles (cell shading, white text backgrounds)."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return min(obj.get("width", 0), obj.get("height", 0)) <= _RULE_MAX_THICKNESS


def _closing_lines(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Horizontal edges at the top and bottom of each run of vertical rules."""
    # A table cut by a page break has no rule where the page cuts it: without one, its merged cells
    # there never close and pdfplumber loses their text (三、本年度办理结果 in 004, 信息内容 in 004 p.3).
    verticals = sorted((e for e in edges if e["orientation"] == "v"), key=lambda e: e["top"])
    runs: list[list[dict[str, Any]]] = []
    for edge in verticals:
        if runs and edge["top"] <= max(e["bottom"] for e in runs[-1]) + 3:
            runs[-1].append(edge)
        else:
            runs.append([edge])
    lines = []
    for run in runs:
        if len({round(e["x0"]) for e in run}) < 2:
            continue
        x0, x1 = min(e["x0"] for e in run), max(e["x0"] for e in run)
        for y in (min(e["top"] for e in run), max(e["bottom"] for e in run)):
            lines.append({"object_type": "explicit_edge", "orientation": "h", "x0": x0, "x1": x1,
                          "top": y, "bottom": y, "width": x1 - x0, "height": 0})  # fmt: skip
    return lines


def _is_data_table(rows: list[list[str | None]]) -> bool:
    """True when a found table has at least two columns with text side by side (not a framed paragraph)."""
    return any(sum(1 for cell in row if cell and cell.strip()) >= 2 for row in rows)


def _tables(page: Page) -> list[tuple[Table, list[list[str | None]]]]:
    """The ruled data tables of a page with their extracted rows."""
    ruled = page.filter(_is_ruling)
    settings = dict(_TABLE_SETTINGS, explicit_horizontal_lines=_closing_lines(ruled.edges))
    try:
        found = [(table, table.extract()) for table in ruled.find_tables(settings)]
    except (ValueError, KeyError, IndexError, ZeroDivisionError):  # odd geometry: read the page as plain text
        return []
    return [(table, rows) for table, rows in found if _is_data_table(rows)]


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    """True when an object's centre lies in one of the boxes."""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1 for x0, top, x1, bottom in boxes)


def _page_lines(page: Page) -> Iterator[str]:
    """A page's lines in reading order: text lines and table rows by their vertical position."""
    page = page.dedupe_chars()
    tables = _tables(page)
    boxes = [table.bbox for table, _ in tables]
    free = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    items: list[tuple[float, int, list[str]]] = []
    for line in free.extract_text_lines(strip=True, return_chars=False):
        text = line["text"]
        if text.strip() and not _PAGE_NUMBER.match(text.strip()):
            items.append((line["top"], 1, [text]))
    for table, rows in tables:
        items.append((table.bbox[1], 0, table_lines(rows)))
    for _, _, lines in sorted(items, key=lambda item: (item[0], item[1])):
        yield from lines


def _open(data: bytes, name: str) -> pdfplumber.PDF:
    """Open PDF bytes, turning pdfminer's failures into a LoadError."""
    if b"%PDF" not in data[:1024]:
        raise LoadError(f"{name}: not a PDF (no %PDF header)")
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for broken or encrypted files
        raise LoadError(f"{name}: {_why(exc)}") from None


def _why(exc: Exception) -> str:
    """Say in words why pdfminer failed."""
    causes = [exc, *(arg for arg in exc.args if isinstance(arg, BaseException))]  # PdfminerException(inner)
    text = "; ".join(f"{type(e).__name__}: {e}".rstrip(": ") for e in causes)
    if "password" in text.lower() or "encrypt" in text.lower():
        return "encrypted PDF (needs a password)"
    return f"corrupt PDF ({text.strip()[:200]})"


def _close(pdf: pdfplumber.PDF) -> None:
    """Close the PDF; pdfplumber walks the pages again to close them, which fails again on a damaged file."""
    with contextlib.suppress(Exception):
        pdf.close()
    with contextlib.suppress(Exception):
        pdf.stream.close()


def _is_scan(page: Page, chars: int) -> bool:
    """A page with (almost) no text layer whose largest image covers much of it: a scanned page."""
    if chars >= _MIN_TEXT_CHARS:
        return False
    area = max(float(page.width) * float(page.height), 1.0)
    return any(im.get("width", 0) * im.get("height", 0) >= _MIN_IMAGE_SHARE * area for im in page.images)


class _Scanner:
    """OCR of a PDF's scanned pages, within a page count and a time budget."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name, self.pages, self.start = data, name, 0, time.monotonic()
        self.doc: object | None = None

    def read(self, page: Page) -> list[tuple[float, list[OcrLine]]]:
        import pypdfium2 as pdfium

        from .ocr import ocr_page, render_dpi

        self.pages += 1
        if self.pages > MAX_OCR_PAGES:
            raise LoadError(f"{self.name}: scanned PDF with more than {MAX_OCR_PAGES} pages to OCR")
        if time.monotonic() - self.start > OCR_SECONDS:
            raise LoadError(f"{self.name}: OCR took longer than {OCR_SECONDS:.0f} s ({self.pages - 1} pages read)")
        if self.doc is None:
            self.doc = pdfium.PdfDocument(self.data)
        dpi = render_dpi(page)
        bitmap = self.doc[page.page_number - 1].render(scale=dpi / 72, grayscale=True)  # type: ignore[index]
        image = np.asarray(bitmap.to_pil().convert("L"))
        return ocr_page(page, image, dpi)

    def close(self) -> None:
        if self.doc is not None:
            with contextlib.suppress(Exception):
                self.doc.close()  # type: ignore[attr-defined]


def read_pdf(data: bytes, name: str) -> tuple[str, list[tuple[int, OcrLine]]]:
    """A PDF report's text lines, and (0-based line index, OCR cells) for each line read by OCR."""
    pdf = _open(data, name)
    lines: list[str] = []
    ocr: list[tuple[int, OcrLine]] = []
    chars = 0
    scanner = _Scanner(data, name)
    try:
        for page in pdf.pages:
            here = sum(1 for c in page.chars if c.get("text", "").strip())
            if _is_scan(page, here):
                for _, block in scanner.read(page):
                    for line in block:
                        if len(line.cells) == 1 and _PAGE_NUMBER.match(line.text.strip()):
                            continue
                        if line.cells:
                            ocr.append((len(lines), line))
                        lines.append(line.text)
            else:
                chars += here
                lines.extend(_page_lines(page))
            page.close()  # free the page's cached objects: long reports stay small in memory
    except LoadError:
        raise
    except Exception as exc:  # pdfminer and pdfium fail in many ways on a damaged file
        raise LoadError(f"{name}: {_why(exc)}") from None
    finally:
        scanner.close()
        _close(pdf)
    if chars == 0 and not ocr:
        what = "OCR found no text on its scanned pages" if scanner.pages else "no text layer (scanned PDF?)"
        raise LoadError(f"{name}: {what}")
    return "\n".join(lines), ocr
