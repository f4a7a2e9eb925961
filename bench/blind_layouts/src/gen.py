"""Generate the blind layout corpus + truth.tsv + meta.tsv.

Run with /work/main/.venv/bin/python (needs python-docx and reportlab).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from model import Report, APPL  # noqa: E402
from grids import Fmt, build_active, build_requests, build_review, labels, dense, truth_cells, ACT_LAB_2019, ACT_LAB_2021  # noqa: E402
import render as RD  # noqa: E402

OUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def title_of(rep, form):
    b, y = rep.body, rep.year
    return {
        "a": "%s%d年政府信息公开工作年度报告" % (b, y),
        "b": "%s %d 年政府信息公开工作年度报告" % (b, y),
        "c": "%d年%s政府信息公开工作年度报告" % (y, b),
        "d": "%s%d年度政府信息公开工作年度报告" % (b, y),
    }[form]


def blank_keys(rep, cols=(), review_zero=False, active_zero=False):
    ks = set()
    for k, v in rep.f.items():
        if k[0] == "requests" and k[2] in cols and v == 0:
            ks.add(k)
        if review_zero and k[0] == "review" and v == 0 and k[2] != "total":
            ks.add(k)
        if active_zero and k[0] == "active" and v == 0:
            ks.add(k)
    return ks


# ---------------------------------------------------------------- DOCX
def write_docx(path, rep, title, parts, grids, cfg):
    from docx import Document
    from docx.shared import Pt
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    d = Document()
    p = d.add_paragraph()
    r = p.add_run(title)
    r.bold = True
    r.font.size = Pt(18)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for n in range(1, 7):
        h = d.add_paragraph()
        hr = h.add_run(RD.heading(n, cfg.get("hstyle", "cn"), cfg.get("words")))
        hr.bold = True
        for para in parts[n]:
            d.add_paragraph(para)
        if n in grids:
            g = grids[n]
            if n == 3 and cfg.get("split"):
                p1, p2 = RD.split_grid(g, cfg["split"])
                gs = [p1, [list(r) for r in g[:3]] + p2]
            else:
                gs = [g]
            for gi, gg in enumerate(gs):
                if gi:
                    d.add_paragraph("— %d —" % (2 + gi)).alignment = WD_ALIGN_PARAGRAPH.CENTER
                    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                M = dense(gg)
                t = d.add_table(rows=len(M), cols=len(M[0]))
                t.style = "Table Grid"
                for i, line in enumerate(M):
                    for j, (c, o) in enumerate(line):
                        if o and (c["rs"] > 1 or c["cs"] > 1):
                            t.cell(i, j).merge(t.cell(i + c["rs"] - 1, j + c["cs"] - 1))
                for i, line in enumerate(M):
                    for j, (c, o) in enumerate(line):
                        if o:
                            t.cell(i, j).text = c["t"]
            d.add_paragraph("")
    d.add_paragraph(rep.body).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph("%d年1月%d日" % (rep.year + 1, 15)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.save(path)


# ---------------------------------------------------------------- PDF
def write_pdf(path, rep, title, parts, grids, cfg):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, Spacer, PageBreak
    from reportlab.lib import colors
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    fn = "STSong-Light"
    st_t = ParagraphStyle("t", fontName=fn, fontSize=18, leading=26, alignment=1)
    st_h = ParagraphStyle("h", fontName=fn, fontSize=13, leading=20, spaceBefore=6)
    st_p = ParagraphStyle("p", fontName=fn, fontSize=11, leading=18, firstLineIndent=22)
    st_c = ParagraphStyle("c", fontName=fn, fontSize=8, leading=10, alignment=1)
    st_l = ParagraphStyle("l", fontName=fn, fontSize=8, leading=10)
    story = [Paragraph(title, st_t), Spacer(1, 10)]
    widths = {
        "active": [5.2 * cm, 3.9 * cm, 3.9 * cm, 3.9 * cm],
        "requests": [1.5 * cm, 1.9 * cm, 4.3 * cm] + [1.3 * cm] * 7,
        "review": [1.12 * cm] * 15,
    }
    for n in range(1, 7):
        story.append(Paragraph(RD.heading(n, cfg.get("hstyle", "cn"), cfg.get("words")), st_h))
        for para in parts[n]:
            story.append(Paragraph(para, st_p))
        if n in grids:
            g = grids[n]
            kind = {2: "active", 3: "requests", 4: "review"}[n]
            if kind == "requests" and cfg.get("split"):
                p1, p2 = RD.split_grid(g, cfg["split"])
                parts_ = [p1, [list(r) for r in g[:3]] + p2] if cfg.get("repeat") else [p1, p2]
            else:
                parts_ = [g]
            for pi, gg in enumerate(parts_):
                if pi:
                    story.append(PageBreak())
                M = dense(gg)
                data = []
                style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
                for i, line in enumerate(M):
                    row = []
                    for j, (c, o) in enumerate(line):
                        if o:
                            row.append(Paragraph(c["t"], st_l if (not c["key"] and not c["hdr"]) else st_c))
                            if c["rs"] > 1 or c["cs"] > 1:
                                style.append(("SPAN", (j, i), (j + c["cs"] - 1, i + c["rs"] - 1)))
                        else:
                            row.append("")
                    data.append(row)
                t = Table(data, colWidths=widths[kind])
                t.setStyle(TableStyle(style))
                story.append(Spacer(1, 4))
                story.append(t)
                story.append(Spacer(1, 6))
    story.append(Paragraph(rep.body, ParagraphStyle("r", fontName=fn, fontSize=11, alignment=2)))

    def footer(canvas, doc):
        canvas.setFont(fn, 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, "- %d -" % doc.page)
    doc = SimpleDocTemplate(path, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm,
                            title=title)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


# ---------------------------------------------------------------- text
def text_doc(rep, title, parts, tables, cfg):
    lines = []
    if cfg.get("crawl_header"):
        lines += ["标题：" + title, "发布时间：%d-01-20" % (rep.year + 1), "发布机构：" + rep.body, "正文：", ""]
    lines += [title, ""]
    for n in range(1, 7):
        lines.append(RD.heading(n, cfg.get("hstyle", "cn"), cfg.get("words")))
        lines.append("")
        for para in parts[n]:
            lines.append(("　　" if cfg.get("indent") else "") + para)
            lines.append("")
        if n in tables:
            if cfg.get("captions"):
                lines.append("表%s" % "一二三"[n - 2])
            lines.append(tables[n])
            lines.append("")
    lines += [rep.body, "%d年1月%d日" % (rep.year + 1, 12 + rep.year % 9), ""]
    return "\n".join(lines)


def text_table(g, how, cfg):
    if how == "tsv":
        return RD.tsv(g, lead=cfg.get("lead", False))
    if how == "pipe":
        return RD.pipe(g, extra=cfg.get("extra", True))
    if how == "cells":
        return RD.one_per_line(g)
    if how == "fixed":
        return RD.fixed(g, lw=cfg.get("lw", 44), wrap=cfg.get("wrap"))
    raise ValueError(how)


# ---------------------------------------------------------------- the corpus
REPORTS = [
    # num, pinyin, body, year, size, layout, options
    (1, "ganzhou_nankangqu", "赣州市南康区人民政府", 2023, "county", "html",
     dict(style="word", hstyle="cn", title="a", blank_cols=("research",), zero_cols=("research",), blank="")),
    (2, "liyangshi", "溧阳市人民政府", 2020, "county", "html",
     dict(style="th", hstyle="cn", title="d", fullwidth=True)),
    (3, "keqiaoqu_scjgj", "绍兴市柯桥区市场监督管理局", 2022, "dept", "html",
     dict(style="div", br=True, nested=True, hstyle="cn", title="a", words={1: "工作开展情况"})),
    (4, "yibin_xuzhouqu", "宜宾市叙州区人民政府", 2024, "county", "html",
     dict(style="plain", split=14, hstyle="cn", title="b", other_split=False)),
    (5, "luoyangshi", "洛阳市人民政府", 2019, "city", "html",
     dict(style="th", thousands=True, hstyle="part", title="a", regs=True, sc=420)),
    (6, "luan_jinanqu", "六安市金安区人民政府", 2021, "county", "docx",
     dict(hstyle="cn", title="a")),
    (7, "dalishi", "大理市人民政府", 2020, "county", "docx",
     dict(hstyle="cn", title="c")),
    (8, "qujing_qilinqu", "曲靖市麒麟区人民政府", 2022, "county", "pdf",
     dict(hstyle="cn", title="a", repeat=True, split=12)),
    (9, "tianshui_qinzhouqu", "天水市秦州区人民政府", 2019, "county", "pdf",
     dict(hstyle="cn", title="d", proc_unit="元", unit_in_cell=True)),
    (10, "shaodong_lianqiaozhen", "邵东市廉桥镇人民政府", 2021, "township", "txt",
     dict(how="tsv", hstyle="cn", title="a")),
    (11, "baotou_kundulunqu", "包头市昆都仑区人民政府", 2020, "county", "txt",
     dict(how="fixed", hstyle="cn", title="a", lw=48)),
    (12, "jiujiang_lianxiqu", "九江市濂溪区人民政府", 2023, "county", "md",
     dict(how="pipe", extra=True, hstyle="hash", title="a", blank_cols=("legal_service",), zero_cols=("legal_service",), blank="/")),
    (13, "tongxiang_wuzhenzhen", "桐乡市乌镇镇人民政府", 2024, "township", "txt",
     dict(how="cells", hstyle="cn", title="b", crawl_header=True)),
    (14, "deyang_jingyangqu_wsjkj", "德阳市旌阳区卫生健康局", 2021, "dept", "txt",
     dict(how="fixed", wrap="before", lw=30, hstyle="num", title="a")),
    (15, "nanning_qingxiuqu", "南宁市青秀区人民政府", 2023, "city", "txt",
     dict(how="fixed", wrap="after", lw=34, thousands=True, hstyle="cn", title="d", sc=500)),
    (16, "ezhou_duandianzhen", "鄂州市华容区段店镇人民政府", 2019, "township", "txt",
     dict(how="tsv", fullwidth=True, hstyle="cn", title="c", indent=True)),
    (17, "weinan_linweiqu_zjj", "渭南市临渭区住房和城乡建设局", 2025, "dept", "txt",
     dict(how="fixed", lw=46, hstyle="numdot", title="a", blank_cols=("social_welfare",), zero_cols=("social_welfare",),
          blank="—", review_blank=True, words={1: "工作基本情况", 4: "因政府信息公开工作被申请行政复议、提起行政诉讼情况"})),
    (18, "weihai_wendengqu", "威海市文登区人民政府", 2024, "county", "txt",
     dict(how="tsv", gbk=True, hstyle="cn", title="a", captions=True)),
    (19, "jining_yanzhouqu", "济宁市兖州区人民政府", 2019, "county", "txt",
     dict(how="fixed", gbk=True, lw=46, hstyle="part", title="b")),
    (20, "zunyi_huichuanqu", "遵义市汇川区人民政府", 2025, "county", "md",
     dict(how="pipe", extra=False, hstyle="md", title="a")),
    (21, "zhangye_ganzhouqu_rsj", "张掖市甘州区人力资源和社会保障局", 2022, "dept", "txt",
     dict(how="tsv", lead=True, hstyle="part", title="a", wording="alt", words={2: "行政机关主动公开政府信息情况", 3: "行政机关收到和处理政府信息公开申请情况"})),
    (22, "jilin_fengmanqu", "吉林市丰满区人民政府", 2023, "county", "html",
     dict(style="div", hstyle="part", title="c", unit_in_cell=True, wording="alt2")),
    (23, "pingdingshan_donggaohuang", "平顶山市卫东区东高皇街道办事处", 2024, "township", "docx",
     dict(hstyle="md", title="a", other_split=False, blank_active=True, blank="/")),
    (24, "yancheng_dafengqu_zrzyj", "盐城市大丰区自然资源和规划局", 2020, "dept", "pdf",
     dict(hstyle="cn", title="a", repeat=False, split=17, wording="alt", long=True)),
    (25, "hengyang_zhengxiangqu", "衡阳市蒸湘区人民政府", 2022, "county", "txt",
     dict(how="fixed", wrap="before", lw=40, hstyle="cn", title="b", crlf=True, bom=True, indent=True)),
    (26, "shiyan_zhushanxian", "竹山县人民政府", 2021, "county", "html",
     dict(style="word", hstyle="num", title="a", fullwidth=True, split=9, other_split=False)),
    (27, "xinyu_luofangzhen", "新余市渝水区罗坊镇人民政府", 2020, "township", "html",
     dict(style="excel", hstyle="cn", title="a", blank_cols=("research", "social_welfare"), zero_cols=("research", "social_welfare"), blank="")),
    (28, "anshun_xixiuqu_jyj", "安顺市西秀区教育局", 2025, "dept", "docx",
     dict(hstyle="part", title="d", split=16, wording="alt2")),
]

ALT_REQ = dict(col=["自然人", "企业", "科研机构", "社会公益组织", "法律服务组织", "其他", "合计"],
               note="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
               **{"denied.security_stability": "3.危及\"三安全一稳定\"",
                  "not_processed.confirm": "5.要求行政机关确认或重新出具已获取信息",
                  "partially_granted": "（二）部分公开（区分处理的,只计这一情形,不计其他情形）"})
ALT2_REQ = dict(col=["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
                **{"new_received": "一、本年新收政府信息公开申请数量", "granted": "（一）予以公开",
                   "denied.state_secret": "1．属于国家秘密", "denied.law_prohibited": "2．其他法律行政法规禁止公开",
                   "denied.security_stability": "3．危及“三安全一稳定”", "denied.third_party": "4．保护第三方合法权益",
                   "denied.internal_affairs": "5．属于三类内部事务信息", "denied.process_info": "6．属于四类过程性信息",
                   "denied.enforcement_file": "7．属于行政执法案卷", "denied.admin_query": "8．属于行政查询事项",
                   "unable.not_held": "1．本机关不掌握相关政府信息", "unable.needs_creation": "2．没有现成信息需要另行制作",
                   "unable.unclear": "3．补正后申请内容仍不明确"})
ALT_REVIEW = dict(rvcols=["维持", "纠正", "其他", "未审结", "合计"])


def main():
    truth = ["report\ttable\trow\tcolumn\tvalue\tunit"]
    meta = ["report\tbody\tyear\ttemplate\tlayout"]
    for num, py, body, year, size, layout, o in REPORTS:
        ext = {"html": "html", "docx": "docx", "pdf": "pdf", "txt": "txt", "md": "md"}[layout]
        fname = "%02d_%s_%d.%s" % (num, py, year, ext)
        rep = Report(num, fname, body, year, seed=1000 + num * 7, size=size,
                     other_split=o.get("other_split", True), regs=o.get("regs", False),
                     proc_unit=o.get("proc_unit", "万元"), zero_cols=o.get("zero_cols", ()), sc=o.get("sc"))
        rep.long = o.get("long", False)
        bk = blank_keys(rep, o.get("blank_cols", ()), o.get("review_blank", False), o.get("blank_active", False))
        fmt = Fmt(thousands=o.get("thousands", False), fullwidth=o.get("fullwidth", False),
                  unit_in_cell=o.get("unit_in_cell", False), blank=o.get("blank", ""), blank_keys=bk)
        L = labels()
        if o.get("wording") == "alt":
            L.update(ALT_REQ)
            L.update(ALT_REVIEW)
        elif o.get("wording") == "alt2":
            L.update(ALT2_REQ)
        grids = {2: build_active(rep, fmt), 3: build_requests(rep, fmt, L), 4: build_review(rep, fmt, L)}
        title = title_of(rep, o.get("title", "a"))
        parts = RD.prose(rep)
        path = os.path.join(OUT, fname)
        if layout == "html":
            tables = {}
            for n, g in grids.items():
                nh = {2: 0, 3: 3, 4: 3}[n]
                if n == 3 and o.get("split"):
                    p1, p2 = RD.split_grid(g, o["split"])
                    hdr = [list(r) for r in g[:3]]
                    tables[n] = (RD.html_table(p1, o, nh) +
                                 '\n<p style="text-align:center">- %d -</p>\n<div style="page-break-after:always"></div>\n' % 3 +
                                 RD.html_table(hdr + p2, o, nh))
                else:
                    tables[n] = RD.html_table(g, o, nh)
            open(path, "w", encoding="utf-8").write(RD.html_doc(rep, title, parts, tables, o))
        elif layout == "docx":
            write_docx(path, rep, title, parts, grids, o)
        elif layout == "pdf":
            write_pdf(path, rep, title, parts, grids, o)
        else:
            tables = {n: text_table(g, o["how"], o) for n, g in grids.items()}
            txt = text_doc(rep, title, parts, tables, o)
            if o.get("gbk"):
                open(path, "wb").write(txt.encode("gbk"))
            else:
                if o.get("crlf"):
                    txt = txt.replace("\n", "\r\n")
                open(path, "w", encoding="utf-8-sig" if o.get("bom") else "utf-8", newline="").write(txt)
        n_cells = 0
        for n, g in grids.items():
            for k in truth_cells(g):
                v = rep.f[k]
                unit = rep.unit.get(k, "")
                truth.append("%s\t%s\t%s\t%s\t%s\t%s" % (fname, k[0], k[1], k[2], v, unit))
                n_cells += 1
        meta.append("%s\t%s\t%d\t%s\t%s" % (fname, body, year, rep.template, layout + ("/" + o["how"] if "how" in o else "")))
        print(fname, rep.template, n_cells)
    open(os.path.join(OUT, "truth.tsv"), "w", encoding="utf-8").write("\n".join(truth) + "\n")
    open(os.path.join(OUT, "meta.tsv"), "w", encoding="utf-8").write("\n".join(meta) + "\n")


if __name__ == "__main__":
    main()
