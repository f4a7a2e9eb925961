"""Tests for indexer.load: every format built for real in tmp_path, plus the real reports in ../shared."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from indexer.load import Loaded, LoadError, load_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = SHARED / "corpus" / "real"
CHINESE = "淮安市洪泽区人民政府2024年政府信息公开工作年度报告\n一、总体情况\n全年受理申请１７件（全角数字保留）。\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    """Write bytes to a file in tmp_path and return its path."""
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _make_docx(path: Path) -> Path:
    """A .docx: title, a Word-numbered heading, a 4x4 table with a colspan and a rowspan, a numbered heading."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    w = nsdecls("w")
    abstract = f'<w:abstractNum {w} w:abstractNumId="9"><w:lvl w:ilvl="0"><w:start w:val="2"/>'
    abstract += (
        '<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
    )
    numbering = document.part.numbering_part.element  # 二、 三、 come from Word's automatic numbering
    numbering.insert(0, parse_xml(abstract))
    numbering.append(parse_xml(f'<w:num {w} w:numId="9"><w:abstractNumId w:val="9"/></w:num>'))
    num_pr = f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="9"/></w:numPr>'
    document.add_paragraph("洪泽区2024年政府信息公开工作年度报告")
    document.add_paragraph("主动公开政府信息情况")._p.get_or_add_pPr().append(parse_xml(num_pr))
    table = document.add_table(rows=4, cols=4)
    head = table.cell(0, 0).merge(table.cell(0, 3))
    head.text = "第二十条第（一）项"
    body = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["", "1", "0", "11"], ["", "8", "26", "66"]]
    for row, texts in enumerate(body, start=1):
        for col, text in enumerate(texts):
            table.cell(row, col).text = text
    table.cell(2, 0).merge(table.cell(3, 0)).text = "规章\n类"
    document.add_paragraph("收到和处理政府信息公开申请情况")._p.get_or_add_pPr().append(parse_xml(num_pr))
    document.save(str(path))
    return path


def _make_pdf(path: Path, ruled: bool = True, footer: bool = True) -> Path:
    """A one-page Chinese PDF (reportlab, STSong-Light) with an optional ruled table and page number."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16)
    story = [
        Paragraph(t, style) for t in ("淮安市2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况")
    ]
    story.append(Spacer(1, 12))
    if ruled:
        data = [
            ["申请人情况", "", "自然人", "法人", "总计"],
            ["一、本年新收政府信息公开申请数量", "", "21", "3", "24"],
            ["三、本年度办理结果", "（一）予以公开", "5", "1", "6"],
            ["", "（二）部分公开", "4", "0", "4"],
        ]
        spans = [("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 1), (1, 1)), ("SPAN", (0, 2), (0, 3))]
        grid = [("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, "black")]
        table = Table(data, style=TableStyle(grid + spans))
        story.append(table)
    story += [Spacer(1, 12), Paragraph("四、政府信息公开行政复议、行政诉讼情况", style)]

    def page_number(canvas, doc):  # noqa: ANN001 - reportlab callback
        if footer:
            canvas.setFont("STSong-Light", 10)
            canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return path


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", CHINESE.encode("utf-8")),
        ("utf-8-sig", b"\xef\xbb\xbf" + CHINESE.encode("utf-8")),
        ("gb18030", CHINESE.encode("gbk")),
        ("utf-16", CHINESE.encode("utf-16")),
        ("utf-16-le", CHINESE.replace("\n", "\r\n").encode("utf-16-le")),  # no BOM, CRLF
    ],
)
def test_text_encodings_round_trip(tmp_path: Path, encoding: str, data: bytes) -> None:
    loaded = load_text(_write(tmp_path, "r.txt", data))
    assert loaded == Loaded(text=CHINESE, kind="txt", encoding=encoding)


def test_short_gbk_text(tmp_path: Path) -> None:
    loaded = load_text(_write(tmp_path, "r.md", "沭阳县年度报告".encode("gbk")))
    assert (loaded.text, loaded.kind, loaded.encoding) == ("沭阳县年度报告", "md", "gb18030")


def test_normalisation(tmp_path: Path) -> None:
    raw = "\u3000\u3000标题  \r\n\r\n\r\n\r\n\r\n正文\u3000 \r第二\u200b行\ta\t\n\n\n"
    loaded = load_text(_write(tmp_path, "r.txt", raw.encode("utf-8")))
    # A text report keeps every line where it was (line numbers are citations): only line ends
    # and invisible characters change.
    assert loaded.text == "\u3000\u3000标题  \n\n\n\n\n正文\u3000 \n第二行\ta\t\n\n\n"


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("empty.txt", b"", "empty file"),
        ("junk.txt", bytes(range(256)) * 64, "not a text file"),
        ("blank.md", b" \r\n\t\n", "no text content"),
        ("r.doc", b"x", "unsupported file type"),
        ("x.pdf", b"<html>hello</html>", r"not a PDF \(no %PDF header\)"),
        ("y.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "corrupt PDF"),
        ("z.docx", b"PK\x03\x04 not really a zip", "not a valid DOCX"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, data: bytes, why: str) -> None:
    with pytest.raises(LoadError, match=rf"{name.replace('.', '[.]')}: {why}"):
        load_text(_write(tmp_path, name, data))


def test_missing_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"nope\.txt: cannot read"):
        load_text(tmp_path / "nope.txt")
    with (tmp_path / "big.txt").open("wb") as f:
        f.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(LoadError, match=r"big\.txt: file too large"):
        load_text(tmp_path / "big.txt")


def test_twenty_megabytes_load_quickly(tmp_path: Path) -> None:
    line = "一、本年新收政府信息公开申请数量\t21\t0\t0\t0\t0\t0\t21\n"
    path = _write(tmp_path, "big.txt", (line * (20_000_000 // len(line.encode()))).encode("gbk"))
    start = time.perf_counter()
    loaded = load_text(path)
    assert time.perf_counter() - start < 5
    assert loaded.encoding == "gb18030"
    assert loaded.text.startswith(line)


PORTAL = """<!DOCTYPE html><html><head><title>门户</title><script>var x = "脚本文字";</script>
<style>.a{color:red}</style></head><body>
<div class="header"><a href="/">首页</a><a href="/gk">信息公开</a></div>
<ul id="mainNav"><li><a href="/a">政府信息公开年度报告</a></li><li><a href="/b">政策文件</a></li></ul>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/n">年报</a></div>
<div class="wrap"><div class="article">
<h1 class="title">王屋镇人民政府2020年政府信息公开工作年度报告</h1>
<div class="content">
<p class=MsoNormal><span>一、</span><span style="x">总体情况<o:p></o:p></span></p>
<p>本年度<b>收到</b>申请&nbsp;2&nbsp;件。<br>第二行</p>
<table border=1>
<tr><td rowspan=2>项目</td><td colspan=2><p><font>申请人</font></p><p>情况</p></td></tr>
<tr><td>自然<br>人</td><td><span>法人</span><o:p>&nbsp;</o:p></td></tr>
<tr><td>本年新收</td><td>2</td><td></td></tr>
</table>
<noscript>请启用脚本</noscript>
<p>二、主动公开</p></div></div>
<div class="share-box">分享到：微信 微博</div></div>
<footer>版权所有 王屋镇人民政府 <a href="/x">网站地图</a></footer>
<script>document.write("尾部脚本")</script></body></html>"""


def test_html_portal_page(tmp_path: Path) -> None:
    loaded = load_text(_write(tmp_path, "r.html", PORTAL.encode("utf-8")))
    assert loaded.kind == "html" and loaded.encoding == "utf-8"
    lines = loaded.text.split("\n")
    assert lines[0] == "王屋镇人民政府2020年政府信息公开工作年度报告"
    assert lines[1:4] == ["一、总体情况", "本年度收到申请 2 件。", "第二行"]
    i = lines.index("项目\t申请人情况\t")
    assert lines[i - 1] == "" and lines[i + 3] == ""
    assert lines[i + 1] == "\t自然人\t法人"
    assert lines[i + 2] == "本年新收\t2\t"
    assert "二、主动公开" in lines
    for chrome in ("脚本", "color", "首页", "当前位置", "分享到", "版权所有", "请启用脚本", "门户"):
        assert chrome not in loaded.text


def test_html_gbk_meta_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>'
        "<body><h2>绥滨镇 2020 年政府信息公开工作年度报告</h2><div>一、总体情况</div>"
        "<table><tr><th>规章</th><th>0</th></tr></table></body></html>"
    )
    loaded = load_text(_write(tmp_path, "r.htm", page.encode("gbk")))
    assert loaded.encoding == "gb18030"
    assert loaded.text == "绥滨镇 2020 年政府信息公开工作年度报告\n一、总体情况\n\n规章\t0\n"


def test_html_layout_table_is_not_a_grid(tmp_path: Path) -> None:
    page = (
        "<html><body><table><tr><td><p>标题年度报告</p>"
        "<table><tr><td>规章</td><td>1</td></tr></table><p>正文</p></td></tr></table></body></html>"
    )
    loaded = load_text(_write(tmp_path, "r.html", page.encode("utf-8")))
    assert loaded.text == "标题年度报告\n\n规章\t1\n\n正文\n"


def test_docx_paragraphs_and_merged_table(tmp_path: Path) -> None:
    loaded = load_text(_make_docx(tmp_path / "r.docx"))
    assert loaded.kind == "docx" and loaded.encoding is None
    assert loaded.text.split("\n") == [
        "洪泽区2024年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "",
        "第二十条第（一）项\t\t\t",
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
        "规章类\t1\t0\t11",
        "\t8\t26\t66",
        "",
        "三、收到和处理政府信息公开申请情况",
        "",
    ]


def test_pdf_ruled_table(tmp_path: Path) -> None:
    loaded = load_text(_make_pdf(tmp_path / "r.pdf"))
    assert loaded.kind == "pdf" and loaded.encoding is None
    lines = loaded.text.split("\n")
    assert lines[0] == "淮安市2024年政府信息公开工作年度报告"
    i = lines.index("申请人情况\t\t自然人\t法人\t总计")
    assert lines[i - 1] == ""
    assert lines[i + 1] == "一、本年新收政府信息公开申请数量\t\t21\t3\t24"
    assert lines[i + 2] == "三、本年度办理结果\t（一）予以公开\t5\t1\t6"
    assert lines[i + 3] == "\t（二）部分公开\t4\t0\t4"
    assert lines[i + 4] == ""
    assert lines[i + 5] == "四、政府信息公开行政复议、行政诉讼情况"
    assert "- 1 -" not in loaded.text
    assert loaded.text.count("本年新收") == 1  # table words are not repeated as plain text


def test_pdf_plain_text(tmp_path: Path) -> None:
    loaded = load_text(_make_pdf(tmp_path / "r.pdf", ruled=False, footer=False))
    heads = [
        "淮安市2024年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert loaded.text == "\n".join(heads) + "\n"


def test_scanned_and_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    scan = canvas.Canvas(str(tmp_path / "scan.pdf"))
    scan.rect(100, 100, 300, 400, fill=1)  # drawings but no text, as a scan would be
    scan.save()
    with pytest.raises(LoadError, match=r"scan\.pdf: no text layer \(scanned PDF\?\)"):
        load_text(tmp_path / "scan.pdf")
    locked = canvas.Canvas(str(tmp_path / "locked.pdf"), encrypt=StandardEncryption("user", "owner"))
    locked.drawString(100, 700, "secret report")
    locked.save()
    with pytest.raises(LoadError, match=r"locked\.pdf: encrypted PDF"):
        load_text(tmp_path / "locked.pdf")


REAL_PDFS = ["003_huaian_city_2024.pdf", "004_huaian_hongze_district_2023.pdf", "005_huaian_hongze_district_2024.pdf"]


@pytest.mark.usefixtures("real")
@pytest.mark.parametrize("name", REAL_PDFS)
def test_real_pdf_tables(name: str) -> None:
    loaded = load_text(REAL / name)
    lines = loaded.text.split("\n")
    row = next(line for line in lines if "本年新收" in line and "\t" in line)
    numbers = [cell for cell in row.split("\t")[1:] if cell]  # non-empty cells after the label
    assert len(numbers) == 7 and all(n.isdigit() for n in numbers)
    assert int(numbers[-1]) == sum(int(n) for n in numbers[:-1])
    review = [line for line in lines if line.count("\t") == 14 and all(c.isdigit() for c in line.split("\t"))]
    assert len(review) == 1
    assert any(line.startswith("三、本年度办理结果\t") for line in lines)
    assert not any(line.strip() in {f"- {n} -" for n in range(1, 10)} for line in lines)


@pytest.mark.usefixtures("real")
def test_real_portal_page() -> None:
    loaded = load_text(REAL / "014_shuyang_fgj_2023.html")
    lines = loaded.text.split("\n")
    assert lines[0] == "沭阳县发展和改革局2023年政府信息公开年度报告"
    row = next(line for line in lines if "本年新收" in line)
    assert row.split("\t") == ["一、本年新收政府信息公开申请数量", "", "", "26", "", "", "", "", "", "26"]
    for chrome in ("websiteId", "首页", "网站地图", "<"):
        assert chrome not in loaded.text
