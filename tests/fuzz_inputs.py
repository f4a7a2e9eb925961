"""Hypothesis strategies for bad report files: junk bytes, mangled reports, absurd numbers, broken HTML and more."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from tests.synth import generate

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
MAGIC = (b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<html><body>", b"<?xml ")
ENCODINGS = ("utf-8", "gb18030", "gbk", "big5", "shift_jis", "euc-kr", "utf-16-le", "utf-16-be", "latin-1", "cp1252")
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202e\u202d\u2028\u2029\x85\xa0\u3000"
CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\n") + "\x7f"
NUMBER = re.compile(r"\d+")


@cache
def seed_texts() -> tuple[str, ...]:
    """The five bundled reports and eighteen generated text reports (every text layout, both templates)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "reports").glob("*.txt"))]
    layouts = ("tabs", "cell_per_line", "pdf_text", "narrow", "markdown", "page_breaks")
    texts += [generate(seed, layout).data.decode("utf-8") for seed in range(3) for layout in layouts]
    return tuple(texts)


@cache
def rich_files() -> tuple[tuple[str, bytes], ...]:
    """Generated HTML, PDF and DOCX reports (suffix, bytes) to corrupt."""
    return tuple((Path(r.filename).suffix, r.data) for r in (generate(seed, layout) for seed in (1, 2)
                                                             for layout in ("html", "pdf", "docx")))


class BadFile:
    """One generated file: its suffix and bytes (shown short when hypothesis reports an example)."""

    __slots__ = ("suffix", "data")

    def __init__(self, suffix: str, data: bytes) -> None:
        self.suffix, self.data = suffix, data

    def __repr__(self) -> str:
        digest = hashlib.sha1(self.data).hexdigest()[:10]
        return f"BadFile({self.suffix!r}, {len(self.data)} bytes, sha1 {digest}, starts {self.data[:60]!r})"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(repr(self))  # type: ignore[attr-defined]


def bad(suffix: str, data: bytes) -> BadFile:
    """A BadFile."""
    return BadFile(suffix, data)


# ---- line surgery on real reports ---------------------------------------------------------------------------

_OPS = ("truncate", "shuffle", "duplicate", "delete", "reverse", "swap", "flatten", "insert")


def mangle(text: str, ops: list[tuple[str, float, float]], junk: str) -> str:
    """Apply line operations (each with two positions in [0, 1)) to a report's text."""
    lines = text.split("\n")
    for op, a, b in ops:
        n = len(lines)
        if n == 0:
            break
        i, j = sorted((int(a * n), int(b * n)))
        j = max(j, i + 1)
        if op == "truncate":
            cut = int(a * len("\n".join(lines)))
            lines = "\n".join(lines)[:cut].split("\n")
        elif op == "shuffle":
            piece = lines[i:j]
            lines[i:j] = piece[len(piece) // 2:] + piece[: len(piece) // 2]
        elif op == "duplicate":
            lines[j:j] = lines[i:j]
        elif op == "delete":
            del lines[i:j]
        elif op == "reverse":
            lines[i:j] = lines[i:j][::-1]
        elif op == "swap":
            lines[i], lines[min(j, n - 1)] = lines[min(j, n - 1)], lines[i]
        elif op == "flatten":
            lines[i:j] = ["".join(lines[i:j]).replace("\t", "")]  # a flattened web page: figures glued
        else:
            lines.insert(i, junk)
    return "\n".join(lines)


@st.composite
def mangled_reports(draw: st.DrawFn) -> BadFile:
    """A report with truncated, shuffled, duplicated, deleted or flattened lines, in some encoding."""
    text = draw(st.sampled_from(seed_texts()))
    ops = draw(st.lists(st.tuples(st.sampled_from(_OPS), st.floats(0, 0.999), st.floats(0, 0.999)),
                        min_size=1, max_size=6))
    junk = draw(st.text(max_size=80))
    encoding = draw(st.sampled_from(("utf-8", "gb18030", "utf-16")))
    suffix = draw(st.sampled_from((".txt", ".md")))
    return bad(suffix, mangle(text, ops, junk).encode(encoding, errors="replace"))


# ---- absurd numbers -----------------------------------------------------------------------------------------

ABSURD = st.one_of(
    st.integers(10**15, 10**600).map(str),
    st.integers(-10**30, -1).map(str),
    st.sampled_from(("1e308", "-1e308", "1.7976931348623157e+308", "inf", "-inf", "NaN", "nan", "∞", "1e-400",
                     "0x7fffffff", "1,2,3,4", ",,,", "1..2", "--5", "+-3", "１２３４５６７８９０" * 40, "0" * 300,
                     "9" * 500, "9" * 5000, "1" * 4301, "3." + "3" * 400, "1,000,000,000,000,000,000,000")),
    st.from_regex(r"-?\d{1,40}(\.\d{1,40})?(万元|元|件)?", fullmatch=True),
)


@st.composite
def absurd_numbers(draw: st.DrawFn) -> BadFile:
    """A real report whose figures are replaced by huge, negative, 1e308-ish or 500-digit numbers, some glued."""
    text = draw(st.sampled_from(seed_texts()[:5]))
    lines = text.split("\n")
    table_rows = [i for i, line in enumerate(lines) if NUMBER.search(line) and ("\t" in line or "|" in line)]
    rows = draw(st.lists(st.sampled_from(table_rows or [0]), min_size=1, max_size=12))
    glue = draw(st.booleans())
    for i in rows:
        value = draw(ABSURD)
        line = NUMBER.sub(lambda _, v=value: v, lines[i], count=draw(st.integers(1, 8)))
        lines[i] = line.replace("\t", "") if glue else line  # glued to the label: 规章999…999
    return bad(draw(st.sampled_from((".txt", ".md"))), "\n".join(lines).encode("utf-8"))


# ---- encodings, invisible characters, huge lines --------------------------------------------------------------


@st.composite
def mixed_encodings(draw: st.DrawFn) -> BadFile:
    """Pieces of one report, each in another encoding, with byte-order marks strewn between them."""
    lines = draw(st.sampled_from(seed_texts())).split("\n")
    cuts = sorted(draw(st.lists(st.integers(0, len(lines)), min_size=1, max_size=6)))
    data = b""
    for a, b in zip([0, *cuts], [*cuts, len(lines)], strict=True):
        if draw(st.booleans()):
            data += draw(st.sampled_from(BOMS))
        data += "\n".join(lines[a:b]).encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    return bad(draw(st.sampled_from((".txt", ".md", ".html"))), data)


@st.composite
def invisible_and_huge(draw: st.DrawFn) -> BadFile:
    """Zero-width, bidi and control characters sown into a report, or lines of a megabyte."""
    text = draw(st.sampled_from(seed_texts()))
    kind = draw(st.sampled_from(("invisible", "control", "huge_line", "digits_line", "tabs_line", "no_newline")))
    if kind in ("invisible", "control"):
        chars = INVISIBLE if kind == "invisible" else CONTROL
        every = draw(st.integers(1, 50))
        seed = draw(st.integers(0, 10**6))
        text = "".join(ch + (chars[(seed + k) % len(chars)] if k % every == 0 else "") for k, ch in enumerate(text))
    elif kind == "huge_line":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(("政府信息公开", "本年新收", "a", "１"))) * draw(
            st.integers(10_000, 300_000)) + text[at:]
    elif kind == "digits_line":
        text = text + "\n规范性文件" + "9" * draw(st.integers(500, 200_000)) + "\n"
    elif kind == "tabs_line":
        text = text + "\n" + "\t1" * draw(st.integers(1000, 100_000)) + "\n"
    else:
        text = text.replace("\n", draw(st.sampled_from(("", " ", "\r"))))
    return bad(draw(st.sampled_from((".txt", ".md"))), text.encode("utf-8"))


# ---- HTML -----------------------------------------------------------------------------------------------------

_TAGS = ("div", "p", "table", "tr", "td", "span", "b", "li", "ul", "section", "font", "th", "tbody", "a")


@st.composite
def broken_html(draw: st.DrawFn) -> BadFile:
    """Deeply nested, unclosed or malformed HTML, absurd spans, bogus charsets, a report inside or not."""
    kind = draw(st.sampled_from(("nested", "unclosed", "spans", "tables", "charset", "entities", "report")))
    report = draw(st.sampled_from(seed_texts()[:5]))
    body = "<br>".join(report.split("\n")[: draw(st.integers(0, 200))])
    if kind == "nested":
        tag = draw(st.sampled_from(_TAGS))
        depth = draw(st.integers(100, 20_000))
        page = f"<{tag}>" * depth + body + (f"</{tag}>" * depth if draw(st.booleans()) else "")
    elif kind == "unclosed":
        page = "".join(draw(st.lists(st.sampled_from(("<div", "<table>", "<td", "<tr>", "</td>", "<!--", "-->",
                                                      "<![CDATA[", "]]>", "<script>", "</style>", '"', "'", "<",
                                                      ">", "&", "<p>", body[:300])), max_size=300)))
    elif kind == "spans":
        rows, cols = draw(st.integers(1, 300)), draw(st.integers(1, 30))
        span = draw(st.sampled_from(("99999", "-1", "0", "abc", "1e9", "２", "1000000000000000000000", "200")))
        cell = f'<td rowspan="{span}" colspan="{span}">1</td>'
        page = "<table>" + ("<tr>" + cell * cols + "</tr>") * rows + "</table>" + body
    elif kind == "tables":
        depth = draw(st.integers(1, 400))
        page = "<table><tr><td>" * depth + body + "</td></tr></table>" * draw(st.integers(0, depth))
    elif kind == "charset":
        charset = draw(st.sampled_from(("utf-32", "bogus", "x" * 300, "gb2312", "utf-7", "hz", "rot13", "base64", "")))
        page = f'<meta charset="{charset}"><h1>年度报告</h1>{body}'
    elif kind == "entities":
        ent = draw(st.sampled_from(("&#0;", "&#x110000;", "&#99999999999;", "&nbsp;" * 1000, "&#x202e;", "&lt;" * 999)))
        page = f"<p>{ent}</p>{body}{ent}"
    else:
        page = f"<html><body><h1>{draw(st.text(max_size=50))}年度报告</h1>{body}</body></html>"
    encoding = draw(st.sampled_from(("utf-8", "gb18030", "utf-16")))
    return bad(draw(st.sampled_from((".html", ".htm"))), page.encode(encoding, errors="replace"))


# ---- PDF and DOCX ----------------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    """A zip archive of the given entries (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def _docx_with(data: bytes, document: bytes) -> bytes:
    """A generated .docx whose word/document.xml is replaced."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["word/document.xml"] = document
    return _zip(entries)


_BAD_XML = (
    b"",
    b"<w:document",
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><d>&d;&d;</d>',
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    + b"<w:tbl><w:tr><w:tc>" * 3000 + b"</w:body></w:document>",
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    + "年度报告 ".encode() * 200_000 + b"</w:t></w:r></w:p></w:body></w:document>",
)


def zip_bomb(megabytes: int) -> bytes:
    """A generated .docx whose document.xml unpacks to `megabytes` MB (it packs to a few hundred KB)."""
    with zipfile.ZipFile(io.BytesIO(rich_files()[2][1])) as z:
        entries = {n: z.read(n) for n in z.namelist() if n != "word/document.xml"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(megabytes):
                fh.write(b"<w:p/>" * (2**20 // 6))
    return out.getvalue()


@st.composite
def corrupt_rich(draw: st.DrawFn) -> BadFile:
    """A generated HTML, PDF or DOCX report cut short, with bytes flipped, or (DOCX) a hostile document.xml."""
    suffix, data = draw(st.sampled_from(rich_files()))
    kind = draw(st.sampled_from(("truncate", "flip", "xml", "swap_suffix")))
    if kind == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif kind == "flip":
        data = bytearray(data)
        for _ in range(draw(st.integers(1, 40))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        data = bytes(data)
    elif kind == "xml" and suffix == ".docx":
        data = _docx_with(data, draw(st.sampled_from(_BAD_XML)))
    else:
        suffix = draw(st.sampled_from(SUFFIXES))  # a PDF named .docx, a DOCX named .txt …
    return bad(suffix, data)


def random_bytes() -> st.SearchStrategy[BadFile]:
    """Random bytes behind a file-type signature (or none), with every suffix."""
    return st.builds(lambda suffix, magic, data: bad(suffix, magic + data), st.sampled_from(SUFFIXES),
                     st.sampled_from(MAGIC), st.binary(max_size=3000))
