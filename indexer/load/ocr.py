"""Scanned PDF pages read with OCR (rapidocr-onnxruntime): deskew, ruling lines, text boxes into cells and lines."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from pdfplumber.page import Page

from .common import collapse_space

MIN_DPI, MAX_DPI = 150, 300  # a page is rendered at its scan's own resolution, within these bounds
MAX_PIXELS = 40_000_000  # a larger page is rendered smaller
_INK = 180  # grey below this is ink
_H_RULE_PT, _V_RULE_PT = 30.0, 14.0  # shortest ruling segments (longer than any character stroke)
_CJK_EDGE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")

_engine: Any = None
_engine_lock = threading.Lock()


@dataclass(frozen=True)
class OcrLine:
    """One line of an OCR'd page: its text and, per cell (one for a text line), the cell's text and OCR score."""

    text: str
    cells: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class _Box:
    """One recognised text box in page points."""

    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def engine() -> Any:
    """The OCR engine, loaded once (its models ship inside the rapidocr-onnxruntime wheel)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            threads = int(os.environ.get("GOVQA_OCR_THREADS", "2"))
            _engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, max_side_len=5000,
                               det_limit_type="max", det_limit_side_len=2400, use_cls=False)
    return _engine


def render_dpi(page: Page) -> float:
    """The resolution of a page's largest image, within MIN_DPI..MAX_DPI and MAX_PIXELS."""
    dpi = float(MIN_DPI)
    images = [im for im in page.images if im.get("srcsize") and im.get("width")]
    if images:
        big = max(images, key=lambda im: im["width"] * im["height"])
        dpi = min(MAX_DPI, max(MIN_DPI, big["srcsize"][0] / max(big["width"], 1e-6) * 72))
    area = max(float(page.width) * float(page.height), 1.0) / 72 / 72
    return min(dpi, (MAX_PIXELS / area) ** 0.5)


def _rotate(img: np.ndarray, angle: float, fill: int) -> np.ndarray:
    """Turn an image by angle degrees (counter-clockwise) about its centre, same size."""
    import cv2

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def skew_angle(ink: np.ndarray) -> float:
    """The turn (degrees, within ±3) that makes the ink's rows sharpest: lines and rules level."""
    import cv2

    scale = 800 / max(ink.shape[1], 1)
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else ink

    def sharpness(a: float) -> float:
        rows = _rotate(small, a, 0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-3, 3.01, 0.2), key=sharpness)
    return float(max(np.arange(best - 0.2, best + 0.201, 0.04), key=sharpness))


def _segments(ink: np.ndarray, horizontal: bool, min_px: int, to_pt: float) -> list[dict[str, Any]]:
    """Ruling segments of one direction as pdfplumber edges (in points)."""
    import cv2

    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (min_px, 1) if horizontal else (1, min_px))
    mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, _area in stats[1:n]:
        if horizontal:
            mid = (y + h / 2) * to_pt
            out.append({"object_type": "explicit_edge", "orientation": "h", "x0": x * to_pt, "x1": (x + w) * to_pt,
                        "top": mid, "bottom": mid, "width": w * to_pt, "height": 0})  # fmt: skip
        else:
            mid = (x + w / 2) * to_pt
            out.append({"object_type": "explicit_edge", "orientation": "v", "x0": mid, "x1": mid,
                        "top": y * to_pt, "bottom": (y + h) * to_pt, "width": 0, "height": h * to_pt})  # fmt: skip
    return out


def _boxes(gray: np.ndarray, to_pt: float) -> list[_Box]:
    """The text boxes OCR finds on a page image, in points."""
    result, _ = engine()(np.ascontiguousarray(np.dstack([gray] * 3)))
    out = []
    for quad, text, score in result or []:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        if str(text).strip():
            out.append(_Box(str(text).strip(), float(score), min(xs) * to_pt, min(ys) * to_pt, max(xs) * to_pt,
                            max(ys) * to_pt))
    return out


def _join(boxes: list[_Box]) -> str:
    """Boxes of one line, left to right: no space between CJK neighbours, else one space."""
    text = ""
    for b in sorted(boxes, key=lambda b: b.x0):
        cjk = text and _CJK_EDGE.match(text[-1]) and _CJK_EDGE.match(b.text[0])
        text = text + b.text if not text or cjk else f"{text} {b.text}"
    return text


def _lines_of(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines: a box joins a line its vertical centre falls within."""
    lines: list[list[_Box]] = []
    for b in sorted(boxes, key=lambda b: b.cy):
        last = lines[-1] if lines else None
        if last and min(x.bottom for x in last) > b.cy > max(x.top for x in last):
            last.append(b)
        else:
            lines.append([b])
    return lines


def _cell_text(boxes: list[_Box]) -> tuple[str, float]:
    """A cell's text (its lines joined as printed) and its lowest box score (1.0 when empty)."""
    if not boxes:
        return "", 1.0
    text = collapse_space("\n".join(_join(line) for line in _lines_of(boxes)))
    return text, min(b.score for b in boxes)


def _reread(image: np.ndarray, bbox: tuple[float, float, float, float], to_pt: float) -> tuple[str, float]:
    """Recognise a cell the detector found no text in, where it holds ink (a lone narrow digit, a slash)."""
    x0, top, x1, bottom = (round(v / to_pt) for v in bbox)
    margin = max(2, round(1.5 / to_pt))
    crop = image[top + margin : bottom - margin, x0 + margin : x1 - margin]
    if crop.size == 0:
        return "", 1.0
    ys, xs = np.nonzero(crop < _INK)
    if len(ys) < max(6, round(0.5 / to_pt / to_pt)):
        return "", 1.0
    pad = margin * 2
    y0, y1, xa, xb = max(ys.min() - pad, 0), ys.max() + pad + 1, max(xs.min() - pad, 0), xs.max() + pad + 1
    piece = np.ascontiguousarray(np.dstack([crop[y0:y1, xa:xb]] * 3))
    result, _ = engine()(piece, use_det=False, use_cls=False)
    if not result or not str(result[0][0]).strip() or float(result[0][1]) < 0.5:
        return "", 1.0
    return collapse_space(str(result[0][0])), float(result[0][1])


_ROUND = frozenset("。○〇oO")


def _round_zero(text: str, score: float) -> tuple[str, float]:
    """A ruled cell holding one round glyph alone reads 0: the recognizer, given a small 0 with no neighbours
    (150 dpi), often names it 。 or the letter o, and 〇 is a zero as printed. Its table's rules still decide
    whether the figure is answered (indexer/ocr_trust.py)."""
    return ("0", score) if text in _ROUND else (text, score)


def _table_rows(table: Any, boxes: list[_Box], image: np.ndarray, to_pt: float) -> tuple[list[OcrLine], set[int]]:
    """A found table's rows as tab-joined OcrLines (framed by blank lines), and the boxes it used."""
    used: set[int] = set()
    lines = [OcrLine("", ())]
    grid = []
    for row in table.rows:
        cells = []
        for bbox in row.cells:
            if bbox is None:
                cells.append(("", 1.0))
                continue
            x0, top, x1, bottom = bbox
            inside = [i for i, b in enumerate(boxes) if x0 <= b.cx <= x1 and top <= b.cy <= bottom]
            used.update(inside)
            cells.append(_round_zero(*(_cell_text([boxes[i] for i in inside]) if inside
                                       else _reread(image, bbox, to_pt))))
        grid.append(cells)
    width = max((len(r) for r in grid), default=0)
    for cells in grid:
        if any(text for text, _ in cells):
            cells = cells + [("", 1.0)] * (width - len(cells))
            lines.append(OcrLine("\t".join(t for t, _ in cells), tuple(cells)))
    lines.append(OcrLine("", ()))
    return (lines if len(lines) > 2 else []), used


def _tables(page: Page, edges: list[dict[str, Any]]) -> list[Any]:
    """Tables pdfplumber finds on the ruling segments, with two or more columns."""
    settings = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": [e for e in edges if e["orientation"] == "v"],
                "explicit_horizontal_lines": [e for e in edges if e["orientation"] == "h"]}
    try:
        tables = page.find_tables(settings)
    except (ValueError, KeyError, IndexError, ZeroDivisionError):
        return []
    return [t for t in tables if max((len(r.cells) for r in t.rows), default=0) >= 2]


def ocr_page(page: Page, image: np.ndarray, dpi: float) -> list[tuple[float, list[OcrLine]]]:
    """A scanned page's blocks as (top in points, lines): table rows tab-joined, other text line by line."""
    to_pt = 72 / dpi
    ink = ((image < _INK) * 255).astype(np.uint8)
    angle = skew_angle(ink)
    if abs(angle) >= 0.05:
        image = _rotate(image, angle, 255)
        ink = ((_rotate(ink, angle, 0) > 64) * 255).astype(np.uint8)
    edges = (_segments(ink, True, max(8, round(_H_RULE_PT / to_pt)), to_pt)
             + _segments(ink, False, max(6, round(_V_RULE_PT / to_pt)), to_pt))
    boxes = _boxes(image, to_pt)
    blocks: list[tuple[float, list[OcrLine]]] = []
    used: set[int] = set()
    for table in _tables(page, edges):
        rows, took = _table_rows(table, boxes, image, to_pt)
        used |= took
        if rows:
            blocks.append((table.bbox[1], rows))
    free = [b for i, b in enumerate(boxes) if i not in used]
    for line in _lines_of(free):
        blocks.append((min(b.top for b in line), [OcrLine(_join(line), ((_join(line), min(b.score for b in line)),))]))
    return sorted(blocks, key=lambda block: block[0])
