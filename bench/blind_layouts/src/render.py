"""Renderers: prose, headings, and the table grids into HTML / DOCX / PDF / text."""
import html as H
import unicodedata
from grids import dense, C

CN = "一二三四五六"
PART = {1: "总体情况", 2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况",
        4: "政府信息公开行政复议、行政诉讼情况", 5: "存在的主要问题及改进情况", 6: "其他需要报告的事项"}


def heading(n, style, words=None):
    w = (words or {}).get(n, PART[n])
    if style == "cn":
        return "%s、%s" % (CN[n - 1], w)
    if style == "part":
        return "第%s部分 %s" % (CN[n - 1], w)
    if style == "md":
        return "**%s、%s**" % (CN[n - 1], w)
    if style == "hash":
        return "## %s、%s" % (CN[n - 1], w)
    if style == "num":
        return "%d. %s" % (n, w)
    if style == "paren":
        return "（%s）%s" % (CN[n - 1], w)
    if style == "numdot":
        return "%d．%s" % (n, w)
    raise ValueError(style)


def prose(rep):
    f = rep.f
    R = rep.R
    b = rep.body
    y = rep.year
    tot = f["requests", "new_received", "total"]
    co = f["requests", "carried_over", "total"]
    ht = f["requests", "handled_total", "total"]
    cf = f["requests", "carried_forward", "total"]
    np_ = f["requests", "new_received", "natural_person"]
    org = tot - np_
    gr = f["requests", "granted", "total"]
    pg = f["requests", "partially_granted", "total"]
    nh = f["requests", "unable.not_held", "total"]
    rec = f["review", "reconsideration", "total"]
    lit = f["review", "litigation_direct", "total"] + f["review", "litigation_after_reconsideration", "total"]
    active_n = R.randint(120, 3000)
    p = {}
    p[1] = [
        "%d年，%s坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》和上级关于政务公开工作的部署要求，"
        "以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，全年通过政府网站、政务新媒体等渠道主动公开政府信息%d条。" % (y, b, active_n),
        "（一）主动公开。围绕财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域，及时发布政策文件和工作动态，做好政策解读和回应关切。",
        "（二）依申请公开。严格落实依申请公开受理、审查、办理、答复等环节的工作规范，%d年共新收政府信息公开申请%d件，均在法定期限内予以答复。" % (y, tot),
        "（三）政府信息管理。加强公开前保密审查，动态更新政府信息公开指南和目录，规范性文件实行统一登记、统一编号、统一发布。",
        "（四）平台建设。优化政府信息公开专栏设置，完善栏目内容保障机制，确保信息发布及时、准确、规范。",
        "（五）监督保障。将政务公开工作纳入年度绩效考核，开展业务培训%d次，主动接受社会公众监督。" % R.randint(2, 9),
    ]
    if rep.template == "2021":
        s2 = "本年度制发行政规范性文件%d件，废止%d件，现行有效%d件；作出行政许可决定%d件、行政处罚决定%d件。" % (
            f["active", "normative_documents", "issued"], f["active", "normative_documents", "repealed"],
            f["active", "normative_documents", "in_force"], f["active", "licensing", "decisions"],
            f["active", "penalty", "decisions"])
    else:
        s2 = "本年度新制作规范性文件%d件，对外公开规范性文件总数%d件；行政许可处理决定%d件，行政处罚处理决定%d件。" % (
            f["active", "normative_documents", "new_made"], f["active", "normative_documents", "total_published"],
            f["active", "licensing", "decisions"], f["active", "penalty", "decisions"])
    if getattr(rep, "long", False):
        p[1] += [
            "（六）重点领域信息公开。围绕乡村振兴、生态环境、教育医疗、就业创业、养老服务等群众关注的领域，集中公开政策文件、办事指南和实施情况，"
            "做到应公开尽公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
            "（七）政策解读与回应关切。坚持政策文件与解读材料同步组织、同步审签、同步部署，通过图片图表、音频视频、新闻发布会等多种形式开展解读，"
            "对社会关注度高的热点问题及时发布权威信息，回应群众关切。",
            "（八）公众参与。围绕重大行政决策事项，通过网上征求意见、座谈会、听证会等方式广泛听取意见，决策前公开征求意见，决策后公开意见采纳情况。",
        ]
    p[2] = [s2]
    p[3] = ["%d年，%s新收政府信息公开申请%d件，其中自然人申请%d件，法人或其他组织申请%d件；上年结转%d件。"
            "本年度办结%d件，其中予以公开%d件，部分公开%d件，本机关不掌握相关政府信息%d件；结转下年度继续办理%d件。"
            % (y, b, tot, np_, org, co, ht, gr, pg, nh, cf)]
    p[4] = ["%d年，%s因政府信息公开工作被申请行政复议%d件，被提起行政诉讼%d件。" % (y, b, rec, lit)]
    p[5] = ["%s政府信息公开工作取得了一定成效，但仍存在一些不足：一是部分栏目信息更新不够及时；二是政策解读形式较为单一；三是工作人员业务能力有待提升。" % b,
            "下一步，将加强栏目日常巡查，丰富图解、视频等解读形式，定期组织业务培训，进一步提升政府信息公开工作水平。"]
    p[6] = ["%d年，%s未收取信息处理费。办理人大代表建议%d件、政协委员提案%d件，办结率100%%。" % (y, b, R.randint(3, 60), R.randint(3, 60)),
            "本报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。" % (y, y)]
    return p


TABLE_TITLES = {"active": "", "requests": "", "review": ""}


# ---------------------------------------------------------------- HTML
def split_grid(g, k):
    """Split grid rows at k; cells spanning the split are clipped above and repeated below."""
    M = dense(g)
    orow = {}
    for i, line in enumerate(M):
        for c, o in line:
            if o:
                orow[id(c)] = i
    p1 = []
    for i in range(k):
        row = []
        for c, o in M[i]:
            if o:
                cc = dict(c)
                if i + c["rs"] > k:
                    cc["rs"] = k - i
                row.append(cc)
        p1.append(row)
    p2 = []
    for i in range(k, len(g)):
        row = []
        for j, (c, o) in enumerate(M[i]):
            if o:
                row.append(c)
            elif i == k and orow[id(c)] < k and (j == 0 or M[i][j - 1][0] is not c):
                cc = dict(c)
                cc["rs"] = orow[id(c)] + c["rs"] - k
                cc["key"] = None
                row.append(cc)
        p2.append(row)
    return p1, p2


def html_table(g, cfg, nhdr=0):
    st = cfg.get("style", "plain")
    out = []
    if st == "word":
        out.append('<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" width="614" '
                   'style="width:460.5pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt">')
    elif st == "th":
        out.append('<table style="border-collapse:collapse;width:100%;font-size:14px" border="1">')
    else:
        out.append('<table border="1" cellspacing="0" cellpadding="4" align="center">')
    if st == "excel":
        ncol = sum(c["cs"] for c in g[0])
        out[-1] = ("<table border=0 cellpadding=0 cellspacing=0 width=%d style='border-collapse:collapse;table-layout:fixed'>\n"
                   "<col width=72 span=%d style='width:54pt'>" % (72 * ncol, ncol))
    if st == "th" and nhdr:
        out.append("<thead>")
    for i, row in enumerate(g):
        if st == "th" and nhdr and i == nhdr:
            out.append("</thead><tbody>")
        out.append("<tr%s>" % (' style="height:20.25pt"' if st == "word" else ""))
        for c in row:
            tag = "th" if (st == "th" and c["hdr"]) else "td"
            attrs = ""
            if c["rs"] > 1:
                attrs += ' rowspan="%d"' % c["rs"]
            if c["cs"] > 1:
                attrs += ' colspan="%d"' % c["cs"]
            t = c["t"]
            if c["blank"] and t == "":
                inner = "&nbsp;"
            else:
                inner = H.escape(t)
                if cfg.get("br") and not c["key"] and len(t) > 8:
                    # break long labels the way narrow Word cells do
                    k = len(t) // 2
                    inner = H.escape(t[:k]) + "<br/>" + H.escape(t[k:])
                if cfg.get("br") and c["hdr"] and 2 < len(t) <= 6:
                    inner = H.escape(t[:2]) + "<br>" + H.escape(t[2:])
            if st == "word":
                attrs += ' valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt"'
                inner = ('<p class="MsoNormal" align="center" style="text-align:center">'
                         '<span style="font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体">%s<span lang="EN-US"><o:p></o:p></span></span></p>' % inner)
            elif st == "th":
                attrs += ' style="border:1px solid #999;padding:4px;text-align:%s"' % ("left" if not c["key"] and not c["hdr"] else "center")
            elif st == "excel":
                if c["key"]:
                    attrs += " class=xl67" + ("" if c["blank"] else " x:num")
                else:
                    attrs += " class=%s x:str" % ("xl65" if c["hdr"] else "xl66")
            elif st == "div":
                inner = "<div>%s</div>" % inner
            out.append("<%s%s>%s</%s>" % (tag, attrs, inner, tag))
        out.append("</tr>")
    if st == "th" and nhdr:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def html_doc(rep, title, parts, tables, cfg):
    """parts: dict n -> list of paragraphs; tables: dict n -> html string (placed after part n's prose)."""
    hs = cfg.get("hstyle", "cn")
    body = []
    body.append('<h1 class="title">%s</h1>' % H.escape(title))
    body.append('<div class="info">发布时间：%d-01-%02d　来源：%s　浏览次数：%d</div>' % (rep.year + 1, 10 + rep.R.randint(0, 18), H.escape(rep.body), rep.R.randint(100, 900)))
    body.append('<div class="TRS_Editor" id="zoom">')
    for n in range(1, 7):
        body.append('<p style="text-indent:2em"><strong>%s</strong></p>' % H.escape(heading(n, hs, cfg.get("words"))))
        for para in parts[n]:
            body.append('<p style="text-indent:2em">%s</p>' % H.escape(para))
        if n in tables:
            body.append(tables[n])
    body.append('<p style="text-align:right">%s</p>' % H.escape(rep.body))
    body.append('<p style="text-align:right">%d年1月%d日</p>' % (rep.year + 1, 10 + rep.R.randint(0, 18)))
    body.append("</div>")
    content = "\n".join(body)
    if cfg.get("nested"):
        content = ('<table class="layout" width="1000" border="0" cellpadding="0" cellspacing="0"><tr><td class="left-nav" width="200">'
                   '<ul><li><a href="#">政府信息公开指南</a></li><li><a href="#">政府信息公开制度</a></li><li><a href="#">法定主动公开内容</a></li><li><a href="#">政府信息公开年报</a></li></ul>'
                   '</td><td class="main" width="800"><table width="100%%" border="0"><tr><td>%s</td></tr></table></td></tr></table>' % content)
    return ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n"
            "<script>var _hmt = _hmt || [];</script>\n<style>.title{font-size:22px;text-align:center}</style>\n</head>\n<body>\n"
            '<div class="header"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>\n'
            "%s\n<div class=\"footer\">主办单位：%s　网站标识码：%d　<script>document.write('');</script></div>\n</body>\n</html>\n"
            % (H.escape(title), content, H.escape(rep.body), 3400000000 + rep.R.randint(0, 99999999)))


# ---------------------------------------------------------------- text helpers
def dwidth(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def pad(s, w, right=False):
    p = " " * max(0, w - dwidth(s))
    return p + s if right else s + p


def rows_text(g, M=None):
    """For each grid row: (label texts of origin label cells, value texts) — how a PDF row line reads."""
    out = []
    for row in g:
        labs = [c["t"] for c in row if not c["key"]]
        vals = [c for c in row if c["key"]]
        out.append((labs, vals, any(c["hdr"] for c in row)))
    return out


def tsv(g, blank="", lead=False):
    M = dense(g)
    lines = []
    for line in M:
        cells = [(c["t"] if o else "") for c, o in line]
        cells = [blank if (x == "" and False) else x for x in cells]
        lines.append(("\t" if lead else "") + "\t".join(cells))
    return "\n".join(lines)


def pipe(g, extra=True):
    M = dense(g)
    lines = []
    ncol = len(M[0])
    for i, line in enumerate(M):
        cells = [(c["t"] if o else "") for c, o in line]
        if extra:
            cells = [""] + cells + [""]
        lines.append("| " + " | ".join(cells) + " |")
        if i == 0:
            lines.append("|" + "---|" * (ncol + (2 if extra else 0)))
    return "\n".join(lines)


def one_per_line(g):
    lines = []
    for row in g:
        for c in row:
            lines.append(c["t"])
        lines.append("")
    return "\n".join(lines)


def fixed(g, lw=44, vw=9, wrap=None):
    """Space-aligned: labels of the row joined, padded to lw; values right-aligned in vw."""
    lines = []
    for labs, vals, hdr in rows_text(g):
        lab = " ".join(labs)
        vs = "".join(pad(c["t"] if c["t"] else "", vw, True) for c in vals)
        if hdr:
            lines.append("  ".join(labs))
            continue
        if wrap and dwidth(lab) > lw:
            # label wraps: first part alone on a line, the rest with the numbers
            cut = lw // 2 - 1
            if wrap == "before":
                lines.append(lab[:cut])
                lines.append(pad(lab[cut:], lw) + vs)
            else:
                lines.append(pad(lab[:cut], lw) + vs)
                lines.append(lab[cut:])
        else:
            lines.append(pad(lab, lw) + vs)
    return "\n".join(lines)
