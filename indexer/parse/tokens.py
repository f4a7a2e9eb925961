"""Report lines -> a flat stream of tokens: label text, figures, blank cells, each with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.parse.values import is_blank_marker, norm, parse_number

PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
_GLUED = re.compile(r"-?\d+(?:\.\d+)?(?:万元|元)?")
_NOT_A_FIGURE = set("年月日号时位条件个项次人名家期%％份页批届章")
_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Token:
    """One piece of a table: kind is 'text', 'num', 'blank' (printed as no figure), 'empty' (a cell),
    'gap' (a line of empty cells) or 'glued' (digits run together, to be split with care)."""

    kind: str
    text: str  # normalised text (for 'text': without white space)
    line: int  # 1-based
    value: int | float | None = None
    unit: str | None = None
    soft: bool = False  # an empty cell that may or may not be a blank figure
    lead: bool = False  # an empty cell between a row's label and its first figure
    in_figures: bool = False  # a lead cell that stands in the table's figure columns (see _first_figure_columns)


def split_cells(line: str) -> list[str] | None:
    """The cells of a tab- or pipe-separated line, or None for a line of free text."""
    if "\t" in line:
        return line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return [c for c in stripped.strip("|").split("|")]
    return None


def _piece_token(piece: str, line: int) -> Token:
    number = parse_number(piece)
    if number is not None:
        return Token("num", piece, line, number[0], number[1])
    if is_blank_marker(piece):
        return Token("blank", piece, line)
    return Token("text", re.sub(r"\s+", "", norm(piece)), line)


def _cell_pieces(cells: list[str], line: int) -> list[Token]:
    """One token a cell of a line: its figure, printed blank or text, or 'empty'."""
    stripped = (c.strip() for c in cells)
    return [_piece_token(c, line) if c else Token("empty", "", line) for c in stripped]


def _first_figure_columns(rows: list[list[Token]]) -> dict[int, int]:
    """Line width -> the column where figures start, in the lines of a table printed as cells (one token a cell).

    Read from the rows printed in full (a label, then a figure or printed blank in every cell after the first
    figure); set only when at least three such rows of that width agree and nine in ten do."""
    seen: dict[int, list[int]] = {}
    for row in rows:
        kinds = [t.kind for t in row]
        values = [i for i, k in enumerate(kinds) if k in ("num", "blank")]
        if not values or "text" not in kinds[: values[0]]:
            continue
        if all(k in ("num", "blank") for k in kinds[values[0]:]):
            seen.setdefault(len(kinds), []).append(values[0])
    out = {}
    for width, starts in seen.items():
        start = max(set(starts), key=starts.count)
        if len(starts) >= 3 and starts.count(start) >= 0.9 * len(starts):
            out[width] = start
    return out


def _cell_line_tokens(cells: list[Token], line: int, figures_from: int | None = None) -> list[Token]:
    """Tokens of one table row printed as cells (one token a cell); empty cells become candidate blanks.
    figures_from: the column where the table's figures start, when known (see _first_figure_columns)."""
    kinds = [t.kind for t in cells]
    # An empty cell between two figures is a blank figure; one after the last figure is soft
    # (a blank figure at the row's end, or just a trailing cell); one between the row's label and its first
    # figure is a 'lead' (a blank first figure, or an empty label cell); one before the label is dropped.
    value_idx = [i for i, k in enumerate(kinds) if k in ("num", "blank")]
    if all(k == "empty" for k in kinds):
        return [Token("gap", "", line)]  # a row of empty cells: one cell a line, left blank
    if not value_idx:
        return [t for t in cells if t.kind != "empty"]
    first, last = value_idx[0], value_idx[-1]
    tail_has_text = any(k == "text" for k in kinds[last + 1 :])
    result: list[Token] = []
    for i, tok in enumerate(cells):
        if tok.kind != "empty":
            result.append(tok)
        elif first < i < last and not any(k == "text" for k in kinds[first:i]):
            result.append(Token("blank", "", line))
        elif i > last and not tail_has_text:
            result.append(Token("empty", "", line, soft=True))
        elif i < first and "text" in kinds[:i] and "text" not in kinds[i:first]:
            in_figures = figures_from is not None and i >= figures_from
            result.append(Token("empty", "", line, lead=True, in_figures=in_figures))
    return result


def _glued_tokens(text: str, line: int) -> list[Token]:
    """A text piece with figures glued to its labels (`规章007`): text and 'glued' digit runs."""
    out: list[Token] = []
    pos = 0
    for m in _GLUED.finditer(text):
        run = m.group()
        follow = text[m.end() : m.end() + 2]
        if follow[:1] in _NOT_A_FIGURE:
            continue  # 2020年, 74条, 4位小数: prose, not a cell
        if follow[:1] in ".、" and len(follow) > 1 and not follow[1].isdigit():
            run = run[:-1]  # the last digit numbers the next label: 2.其他…
        if not run or run in ("-",):
            continue
        if m.start() > pos:
            out.append(Token("text", text[pos : m.start()], line))
        out.append(Token("glued", run, line))
        pos = m.start() + len(run)
    if pos < len(text):
        out.append(Token("text", text[pos:], line))
    return out


def _free_line_tokens(text: str, line: int) -> list[Token]:
    """Tokens of a line of free text: white-space separated pieces."""
    out: list[Token] = []
    for piece in text.split():
        if _ITEM_NUMBER.match(piece):
            out.append(Token("text", piece, line))  # `3.` before its label `危及…`: a label's number
            continue
        tok = _piece_token(piece, line)
        if tok.kind == "text" and _GLUED.search(tok.text):
            out.extend(_glued_tokens(tok.text, line))
        else:
            out.append(tok)
    return out


def tokenize(lines: list[tuple[int, str]]) -> list[Token]:
    """All tokens of the given (1-based line number, text) lines, page numbers and rulers dropped."""
    kept: list[tuple[int, str, list[str] | None]] = []
    for n, raw in lines:
        if not raw.strip(" \u3000") or PAGE_NUMBER.match(raw) or _MD_SEPARATOR.match(raw):
            continue
        cells = split_cells(raw)
        if (cells is None and _UNIT_LINE.match(raw) and kept and kept[-1][2] is None
                and re.search(r"(?:\d|\d万)$", kept[-1][1].rstrip())):
            kept[-1] = (kept[-1][0], kept[-1][1].rstrip() + raw.strip(), None)  # `8.175万` / `元`
            continue
        kept.append((n, raw, cells))
    pieces = [_cell_pieces(cells, n) if cells is not None else None for n, _, cells in kept]
    figures_from = _first_figure_columns([p for p in pieces if p is not None])
    prose = _prose_number_lines(kept)
    tokens: list[Token] = []
    for (n, raw, _), cells in zip(kept, pieces, strict=True):
        if n in prose:
            tokens.append(Token("text", re.sub(r"\s+", "", norm(raw)), n))
            continue
        if cells is None:
            tokens.extend(_free_line_tokens(raw, n))
        else:
            tokens.extend(_cell_line_tokens(cells, n, figures_from.get(len(cells))))
    return _slash_headers(tokens)


_CONTINUES_PROSE = re.compile(rf"^\s*\d*[{''.join(sorted(_NOT_A_FIGURE))}]")


def _prose_number_lines(kept: list[tuple[int, str, list[str] | None]]) -> set[int]:
    """Lines of bare digits that belong to the prose after them (`20` / `24` / `年，…`, `2` / `021年…`):
    a page dump breaking a sentence's year or count onto lines of their own."""
    out: set[int] = set()
    run: list[int] = []
    for n, raw, cells in kept:
        bare = cells is None and raw.strip().isdigit()
        if bare:
            run.append(n)
            continue
        if run and cells is None and _CONTINUES_PROSE.match(raw) and not raw.strip().isdigit():
            out.update(run)
        run = []
    return out


_ITEM_NUMBER = re.compile(r"^\d{1,2}[.、．]$")
_UNIT_LINE = re.compile(r"^\s*(?:万元|元)\s*$")
_SLASH_LABELS = ("本年增/减",)  # header words printed with a slash, which a dump may break around the slash


def _slash_headers(tokens: list[Token]) -> list[Token]:
    """A printed blank `/` between the two halves of a slashed header word (`本年增` / `/` / `减`) is text."""
    out = list(tokens)
    for i in range(1, len(out) - 1):
        t, a, b = out[i], out[i - 1], out[i + 1]
        if t.kind != "blank" or norm(t.text) not in ("/",) or a.kind != "text" or b.kind != "text":
            continue
        if any(a.text.endswith(lab.split("/")[0][-1]) and b.text.startswith(lab.split("/")[1][0])
               for lab in _SLASH_LABELS):
            out[i] = Token("text", "/", t.line)
    return out
