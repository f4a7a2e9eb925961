"""Load one report file (txt, md, html, pdf, docx) as normalised plain text for the parser to read by line."""

from __future__ import annotations

from pathlib import Path

from .common import Loaded, LoadError, normalize_lines, normalize_text, place_lines
from .docx import docx_to_text
from .html import html_to_text
from .pdf import read_pdf
from .text import load_txt

__all__ = ["LoadError", "Loaded", "load_text", "MAX_BYTES", "KINDS"]

MAX_BYTES = 50 * 1024 * 1024
KINDS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


def _read(path: Path) -> bytes:
    """Read a report file's bytes, refusing missing, empty and oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(f"{path}: file too large ({size} bytes, limit {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data:
        raise LoadError(f"{path}: empty file")
    return data


def load_text(path: str | Path) -> Loaded:
    """Read one report file and return its normalised text, its kind and (for text) its encoding."""
    path = Path(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise LoadError(f"{path}: unsupported file type {path.suffix or '(no suffix)'!r}")
    data = _read(path)
    name = str(path)
    encoding: str | None = None
    ocr: list = []
    if kind in ("txt", "md"):
        raw, encoding = load_txt(data, name)
    elif kind == "html":
        raw, encoding = html_to_text(data, name)
    elif kind == "pdf":
        raw, ocr = read_pdf(data, name)
    else:
        raw = docx_to_text(data, name)
    text = normalize_lines(raw) if kind in ("txt", "md") else normalize_text(raw)
    if not text.strip():
        raise LoadError(f"{path}: no text content")
    placed = place_lines(raw.split("\n"), ocr, text) if ocr else ()
    return Loaded(text=text, kind=kind, encoding=encoding, ocr=placed)
