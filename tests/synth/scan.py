"""Scanned copies of a text PDF: each page drawn as an image (slightly rotated, noisy) in an image-only PDF."""

from __future__ import annotations

import io
import random
from functools import cache
from pathlib import Path

_FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
_FONT_INDEX = 2  # Noto Serif CJK SC


def can_scan() -> bool:
    """Whether the CJK font the pages are drawn with is installed."""
    return _FONT_FILE.is_file()


@cache
def _font(px: int) -> object:
    from PIL import ImageFont

    return ImageFont.truetype(str(_FONT_FILE), px, index=_FONT_INDEX)


def _draw_page(page: object, dpi: int) -> object:
    """One PDF page drawn from its characters and ruling lines (pdfium has no CJK font here to render it)."""
    from PIL import Image, ImageDraw

    s = dpi / 72
    img = Image.new("L", (round(page.width * s), round(page.height * s)), 255)  # type: ignore[attr-defined]
    draw = ImageDraw.Draw(img)
    for e in page.lines + page.rects:  # type: ignore[attr-defined]
        width = max(1, round(e.get("linewidth", 0.5) * s))
        draw.rectangle([e["x0"] * s, e["top"] * s, max(e["x0"] * s, e["x1"] * s - 1),
                        max(e["top"] * s, e["bottom"] * s - 1)], outline=0, width=width)
    for text, x0, x1, base, size in _runs(page.chars, page.height):  # type: ignore[attr-defined]
        draw.text(((x0 + x1) / 2 * s, base * s), text, font=_font(round(size * s)), fill=0, anchor="ms")
    return img


def _runs(chars: list[dict], height: float) -> list[tuple[str, float, float, float, float]]:
    """Characters side by side on one baseline as runs (text, x0, x1, baseline, size): a run is drawn centred
    where it was printed, in the drawing font's own spacing (its digits are wider than the PDF font's)."""
    runs: list[list] = []
    for c in chars:
        if not c["text"].strip():
            runs.append([])
            continue
        base = height - c["matrix"][5]
        last = runs[-1] if runs else None
        if last and abs(last[3] - base) < 0.5 and abs(c["x0"] - last[2]) < 0.6 and last[4] == c["size"]:
            last[0] += c["text"]
            last[2] = c["x1"]
        else:
            runs.append([c["text"], c["x0"], c["x1"], base, c["size"]])
    return [tuple(r) for r in runs if r]  # type: ignore[misc]


def _degrade(img: object, rng: random.Random, angle: float, noise: float) -> object:
    """Rotate by angle degrees, add grey noise and a light blur, as a flatbed scan does."""
    import numpy as np
    from PIL import Image, ImageFilter

    img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=255)  # type: ignore[attr-defined]
    if noise:
        arr = np.asarray(img, dtype=np.float32)
        arr += np.random.default_rng(rng.randrange(2**32)).normal(0, noise, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return img.filter(ImageFilter.GaussianBlur(0.4))


def scan_pdf(pdf: bytes, dpi: int, seed: int = 0, angle: float | None = None, noise: float = 6.0,
             max_pages: int | None = None) -> bytes:
    """An image-only PDF of the pages at dpi, each turned by about 0.5-1 degree (either way) unless angle is given."""
    import pdfplumber

    rng = random.Random(f"scan-{seed}-{dpi}")
    pages = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages[:max_pages]:
            turn = angle if angle is not None else rng.choice((-1, 1)) * rng.uniform(0.5, 1.0)
            pages.append(_degrade(_draw_page(page, dpi), rng, turn, noise))
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)  # type: ignore
    return out.getvalue()


def scan_rendered(pdf: bytes, dpi: int, seed: int = 0, noise: float = 6.0) -> bytes:
    """An image-only PDF of a PDF whose fonts are embedded (a real report), each page rendered by pdfium at dpi
    and turned by about 0.5-1 degree either way, with the same noise and blur as scan_pdf."""
    import pypdfium2 as pdfium

    rng = random.Random(f"scan-rendered-{seed}-{dpi}")
    doc = pdfium.PdfDocument(pdf)
    pages = []
    for page in doc:
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        pages.append(_degrade(img, rng, rng.choice((-1, 1)) * rng.uniform(0.5, 1.0), noise))
    doc.close()
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)  # type: ignore
    return out.getvalue()
