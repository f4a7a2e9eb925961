"""Rich layouts: a portal web page (html), a real PDF (reportlab) and a Word file (python-docx)."""

from __future__ import annotations

import html
import io
import json
import random
import zipfile
from functools import cache

from .document import Cell, Doc, Grid, expand

# ---- html --------------------------------------------------------------------------------------

_NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进本地", "专题专栏")
_HEAD = """<!DOCTYPE html>
<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="SiteName" content="{site}">
<title>{title}_{site}</title>
<link rel="stylesheet" href="/css/style.css?v=20210315">
<style>.nav li{{float:left;width:120px}} .content p{{line-height:2;text-indent:2em}}</style>
<script type="text/javascript">
var _hmt = _hmt || []; var pageSize = 20, currentPage = 1;
(function() {{ var hm = document.createElement("script"); hm.src = "https://hm.baidu.com/hm.js?3a5f";
  var s = document.getElementsByTagName("script")[0]; s.parentNode.insertBefore(hm, s); }})();
</script>
</head>
<body>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{site}"></div>
<ul class="nav">{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>
<div class="article">
<h1 class="title">{h1}</h1>
<div class="info">发布时间：{date}　来源：{site}　浏览次数：<span id="hits">{hits}</span>　【字体：大 中 小】</div>
<div class="content" id="zoom">
"""
_FOOT = """</div>
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>
【<a href="javascript:window.print()">打印本页</a>】</div>
<div class="footer"><p>主办单位：{site}　联系电话：0{tel}</p>
<p>网站标识码：{code}　<a href="https://beian.miit.gov.cn">ICP备{icp}号</a>　公安机关备案号：{police}</p>
<script>document.write(unescape("%3Cspan id='cnzz_stat_icon_{code}'%3E%3C/span%3E"));</script></div>
</body>
</html>
"""


def _word_span(text: str, rng: random.Random) -> str:
    """Text wrapped like Word's HTML export: <p class=MsoNormal><span>..</span><o:p></o:p></p>."""
    if len(text) > 3 and "<" not in text and rng.random() < 0.15:
        cut = rng.randint(1, len(text) - 1)
        text = f"{text[:cut]}</span><span lang=EN-US style='font-size:9.0pt'>{text[cut:]}"
    return (f"<p class=MsoNormal align=center style='text-align:center'><span style='font-size:9.0pt;"
            f"font-family:宋体'>{text}</span><span lang=EN-US><o:p></o:p></span></p>")


def _html_cell(cell: Cell, rng: random.Random, word: bool) -> str:
    """One <td> with rowspan/colspan and Word- or font-style inner markup."""
    attrs = "".join(f' {k}="{v}"' if rng.random() < 0.5 else f" {k}={v}"
                    for k, v in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if v > 1)
    text = html.escape(cell.text)
    if cell.kind == "head" and len(text) >= 4 and rng.random() < 0.3:
        text = text[:2] + "<br>" + text[2:]
    if not text:
        inner = rng.choice(("", "&nbsp;", _word_span("", rng) if word else ""))
    elif word:
        inner = _word_span(text, rng)
    elif rng.random() < 0.3:
        inner = f'<font face="宋体" size="2">{text}</font>'
    else:
        inner = text
    width = ' width="12%"' if cell.kind == "label" and rng.random() < 0.3 else ""
    return f"<td{attrs}{width} valign=middle>{inner}</td>"


def html_table(grid: Grid, rng: random.Random, word: bool) -> str:
    """A bordered HTML table with the grid's merged cells as rowspan/colspan."""
    cls = ' class=MsoNormalTable border=1 cellspacing=0 cellpadding=0' if word else ' border="1" cellspacing="0"'
    rows = ["<tr>" + "".join(_html_cell(c, rng, word) for c in row) + "</tr>" for row in grid]
    return f"<table{cls} style='border-collapse:collapse'>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


def render_html(doc: Doc, rng: random.Random) -> bytes:
    """A full portal page: head, scripts, nav bar, the report in a content div, footer."""
    word = rng.random() < 0.6
    site = doc.signature[0]
    charset = "gb2312" if rng.random() < 0.25 else "utf-8"
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(_NAV))
    date = f"{int(doc.signature[1][:4])}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
    parts = [_HEAD.format(charset=charset, site=site, title="".join(doc.title), nav=nav,
                          h1="<br>".join(html.escape(t) for t in doc.title), date=date,
                          hits=rng.randint(30, 3000))]
    for block in doc.blocks:
        text = html.escape(block.text)
        if block.kind == "heading":
            parts.append(rng.choice((f"<p><strong>{text}</strong></p>", f"<h3>{text}</h3>",
                                     f"<p class=MsoNormal><b><span style='font-family:黑体'>{text}</span></b></p>")))
        elif block.kind == "para":
            parts.append(f"<p style=\"text-indent:2em\">{text}</p>")
        else:
            parts.append(html_table(block.grid, rng, word))
    parts += [f'<p style="text-align:right">{html.escape(line)}</p>' for line in doc.signature]
    parts.append(_FOOT.format(site=site, tel=rng.randint(3000000000, 9999999999), code=rng.randint(10**9, 10**10),
                              icp=f"{rng.randint(10**7, 10**8)}-1", police=rng.randint(10**13, 10**14)))
    page = "\n".join(parts)
    if charset != "utf-8":
        try:
            return page.encode("gbk")
        except UnicodeEncodeError:
            page = page.replace(f"charset={charset}", "charset=utf-8")
    return page.encode("utf-8")


# ---- pdf ---------------------------------------------------------------------------------------

_FONT = "STSong-Light"


@cache
def _pdf_styles() -> dict[str, object]:
    """Register the CID font once and build the paragraph styles."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    base = {"fontName": _FONT, "wordWrap": "CJK"}
    return {
        "title": ParagraphStyle("t", fontSize=16, leading=24, alignment=1, spaceAfter=12, **base),
        "heading": ParagraphStyle("h", fontSize=12, leading=20, spaceBefore=6, **base),
        "para": ParagraphStyle("p", fontSize=10.5, leading=18, firstLineIndent=21, **base),
        "sign": ParagraphStyle("s", fontSize=10.5, leading=18, alignment=2, **base),
        "cell": ParagraphStyle("c", fontSize=8, leading=10, alignment=1, **base),
    }


_PDF_WIDTHS = {"active": [150, 110, 110, 110], "requests": [40, 62, 112] + [37] * 7, "review": [31] * 15}


def _pdf_table(grid: Grid, name: str, rng: random.Random) -> object:
    """A reportlab Table with GRID lines, spans for merged cells, wrapped label cells."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell_style = _pdf_styles()["cell"]
    data, spans = [], []
    for r, row in enumerate(expand(grid)):
        out: list[object] = []
        for c, (tag, cell) in enumerate(row):
            if tag != "cell":
                out.append("")
            elif cell.kind == "value":
                out.append(cell.text)
            else:
                out.append(Paragraph(html.escape(cell.text), cell_style))
            if tag == "cell" and (cell.rowspan > 1 or cell.colspan > 1):
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        data.append(out)
    repeat = 3 if name == "requests" and rng.random() < 0.5 else 0
    table = Table(data, colWidths=_PDF_WIDTHS[name], repeatRows=repeat)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), _FONT),
                               ("FONTSIZE", (0, 0), (-1, -1), 8), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *spans]))
    return table


def render_pdf(doc: Doc, rng: random.Random) -> bytes:
    """A real PDF: CID font paragraphs and gridded tables over several pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = _pdf_styles()
    story: list[object] = [Paragraph(html.escape(t), styles["title"]) for t in doc.title]
    for block in doc.blocks:
        if block.kind == "table":
            story += [_pdf_table(block.grid, block.name, rng), Spacer(1, 8)]
        else:
            story.append(Paragraph(html.escape(block.text), styles[block.kind]))
    story += [Spacer(1, 16)] + [Paragraph(html.escape(t), styles["sign"]) for t in doc.signature]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=60,
                      title="".join(doc.title), author=doc.signature[0], invariant=1).build(story)
    return buf.getvalue()


# ---- docx --------------------------------------------------------------------------------------


def _docx_table(document: object, grid: Grid) -> None:
    """A Word table with merged cells made by cell.merge."""
    full = expand(grid)
    table = document.add_table(rows=len(full), cols=len(full[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    width = len(full[0])
    anchors = [(r, c, cell) for r, row in enumerate(full) for c, (tag, cell) in enumerate(row) if tag == "cell"]
    cells = table._cells  # one snapshot: merging bottom-right first leaves the other corners in place
    for r, c, cell in reversed(anchors):
        if cell.rowspan > 1 or cell.colspan > 1:
            cells[r * width + c].merge(cells[(r + cell.rowspan - 1) * width + c + cell.colspan - 1])
    cells = table._cells
    for r, c, cell in anchors:
        if cell.text:
            cells[r * width + c].text = cell.text


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the bytes depend on the content only."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, (2021, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def render_docx(doc: Doc, rng: random.Random) -> bytes:
    """A Word document: title, headings, paragraphs and real tables with merged cells."""
    import datetime

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    stamp = datetime.datetime(int(doc.signature[1][:4]), 1, 10)
    document.core_properties.created = document.core_properties.modified = stamp
    document.core_properties.author = doc.signature[0]
    if rng.random() < 0.5:
        document.add_heading("\n".join(doc.title), level=0)
    else:
        for line in doc.title:
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(line).bold = True
    level = rng.choice((1, 2))
    for block in doc.blocks:
        if block.kind == "heading":
            if rng.random() < 0.7:
                document.add_heading(block.text, level=level)
            else:
                document.add_paragraph().add_run(block.text).bold = True
        elif block.kind == "para":
            document.add_paragraph(block.text)
        else:
            _docx_table(document, block.grid)
    for line in doc.signature:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_zip(buf.getvalue())


def render_html_script(doc: Doc, rng: random.Random) -> bytes:
    """A portal page whose report sits in a script string as escaped markup (`\\u003ctable…`), blank cells as
    &nbsp;, written into an empty div by the browser: the page's own text holds only its chrome."""
    parts = [f"<p><strong>{html.escape(t)}</strong></p>" for t in doc.title]
    for block in doc.blocks:
        if block.kind == "table":
            parts.append(html_table(block.grid, rng, word=False).replace("></td>", ">&nbsp;</td>"))
        else:
            parts.append(f"<p>{html.escape(block.text)}</p>")
    parts += [f"<p>{html.escape(line)}</p>" for line in doc.signature]
    content = json.dumps("".join(parts), ensure_ascii=rng.random() < 0.5).replace("</", "<\\/")
    nav = "".join(f'<li><a href="/{i}/">{n}</a></li>' for i, n in enumerate(_NAV))
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(doc.title[0])}</title>'
            f'<script src="/js/jquery.min.js"></script></head><body><div class="nav"><ul>{nav}</ul></div>'
            f'<div id="zoom"></div><script type="text/javascript">var content = {content};\n'
            f'document.getElementById("zoom").innerHTML = content;</script>'
            f'<div class="footer">版权所有 {html.escape(doc.signature[0])}</div></body></html>')
    return page.encode("utf-8")
