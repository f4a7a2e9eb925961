"""Synthetic 政府信息公开工作年度报告 with known figures, in many layouts, for parser tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .document import Doc, build_doc, make_style
from .figures import Key, Value, make_figures, pick_blanks, unit_of
from .layouts_dump import render_dump, sparse_figures
from .layouts_lines import render_narrow, render_page_breaks, render_pdf_text
from .layouts_rich import render_docx, render_html, render_html_script, render_pdf
from .layouts_text import render_cell_per_line, render_markdown, render_md_shattered, render_tabs
from .prose import make_body, make_title

_RENDERERS: dict[str, tuple[str, Callable[[Doc, random.Random], bytes]]] = {
    "tabs": (".txt", render_tabs),
    "cell_per_line": (".txt", render_cell_per_line),
    "pdf_text": (".txt", render_pdf_text),
    "narrow": (".txt", render_narrow),
    "markdown": (".md", render_markdown),
    "page_breaks": (".txt", render_page_breaks),
    "html": (".html", render_html),
    "pdf": (".pdf", render_pdf),
    "docx": (".docx", render_docx),
}
LAYOUTS: tuple[str, ...] = tuple(_RENDERERS)
# Layouts generated only when asked for (not in the seed rotation, which the tests' seeds depend on); a crawl
# dump collapses runs of equal lines, so not every figure can be read back: its tests say which.
EXTRA_LAYOUTS = {"crawl_dump": (".txt", render_dump), "page_dump": (".txt", render_dump),
                 "html_script": (".html", render_html_script), "md_shattered": (".md", render_md_shattered)}
_SPACE_SEPARATED = ("pdf_text", "narrow", "page_breaks")  # an empty cell would vanish there


@dataclass
class SynthReport:
    """One generated report: file name and bytes, and the facts it prints."""

    filename: str
    data: bytes
    body: str
    year: int
    template: str
    expected: dict[tuple[str, str, str], tuple[int | float, str | None]]
    layout: str = ""
    figures: dict[Key, Value] | None = None  # every figure before blanking (consistent)


def _only_parts(doc: Doc, parts: tuple[int, ...]) -> list[str]:
    """Keep the blocks of these parts (1..6) only; returns the ids of the tables kept."""
    part, kept, tables = 0, [], []
    for block in doc.blocks:
        part += block.kind == "heading"
        if part in parts:
            kept.append(block)
            tables += [block.name] if block.kind == "table" else []
    doc.blocks = kept
    return tables


def generate(seed: int, layout: str | None = None, template: str | None = None,
             parts: tuple[int, ...] | None = None) -> SynthReport:
    """The synthetic report of one seed; deterministic in (seed, layout, template); only some parts if given."""
    rng = random.Random(f"synth-{seed}")
    layout = layout or LAYOUTS[seed % len(LAYOUTS)]
    if layout not in _RENDERERS and layout not in EXTRA_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of {LAYOUTS + tuple(EXTRA_LAYOUTS)}")
    template = template or rng.choice(("2019", "2021", "2021"))
    if template not in ("2019", "2021"):
        raise ValueError(f"unknown template {template!r}")
    year = rng.choice((2019, 2020)) if template == "2019" else rng.randint(2021, 2025)
    figs = make_figures(rng, template)
    blanks = pick_blanks(rng, figs) if rng.random() < 0.1 else set()
    if layout == "crawl_dump":
        figs, blanks = sparse_figures(rng, template, figs), set()
    body = make_body(rng)
    title = make_title(rng, body.name, year)
    style = make_style(random.Random(f"style-{seed}"), template, allow_empty_blank=layout not in _SPACE_SEPARATED,
                       fullwidth_ok=layout != "pdf" or seed % 2 == 0)
    if layout == "html":
        style.fullwidth_p = max(style.fullwidth_p, 0.15)
    if layout in ("crawl_dump", "page_dump"):  # page_dump: the same dump with the usual varied figures
        style.fullwidth_p, style.thousands = 0.0, False
    if layout == "page_dump":
        blanks = set()
    doc = build_doc(random.Random(f"doc-{seed}"), template, year, body, title, figs, blanks, style)
    tables = _only_parts(doc, parts) if parts else None
    suffix, render = _RENDERERS.get(layout) or EXTRA_LAYOUTS[layout]
    data = render(doc, random.Random(f"layout-{seed}-{layout}"))
    expected = {k: (v, unit_of(k, template)) for k, v in figs.items()
                if k not in blanks and (tables is None or k[0] in tables)}
    return SynthReport(f"synth-{seed:04d}-{layout}{suffix}", data, body.name, year, template, expected,
                       layout, figs)


def write(report: SynthReport, folder: Path) -> Path:
    """Write the report's bytes into folder under its file name; return the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / report.filename
    path.write_bytes(report.data)
    return path


__all__ = ["LAYOUTS", "SynthReport", "generate", "write"]
