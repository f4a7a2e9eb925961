"""Printed grids of the three tables (HTML-like: each row lists the cells that start in it)."""
from model import APPL, REQ_COLS, REVIEW_ROWS, REVIEW_COLS

FW = str.maketrans("0123456789.-,", "０１２３４５６７８９．－，")


def C(t, rs=1, cs=1, key=None, hdr=False):
    return {"t": t, "rs": rs, "cs": cs, "key": key, "hdr": hdr, "blank": False}


class Fmt:
    def __init__(self, thousands=False, fullwidth=False, unit_in_cell=False, blank="", blank_keys=()):
        self.thousands = thousands
        self.fullwidth = fullwidth
        self.unit_in_cell = unit_in_cell
        self.blank = blank
        self.blank_keys = set(blank_keys)

    def num(self, v, unit=None):
        if isinstance(v, float):
            s = repr(v)
            if "e" in s:
                s = "%.2f" % v
            if self.thousands:
                a, b = s.split(".")
                s = "{:,}".format(int(a)) + "." + b
        else:
            s = "{:,}".format(v) if self.thousands else str(v)
        if self.fullwidth:
            s = s.translate(FW)
        if self.unit_in_cell and unit:
            s += unit
        return s


def V(rep, fmt, key, rs=1, cs=1):
    if key in fmt.blank_keys:
        assert rep.f[key] == 0, key
        c = C(fmt.blank, rs, cs, key)
        c["blank"] = True
        return c
    return C(fmt.num(rep.f[key], rep.unit.get(key)), rs, cs, key)


DEFAULT_LABELS = {
    "col": ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
    "org": "法人或其他组织",
    "appl": "申请人情况",
    "note": "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "result": "三、本年度办理结果",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied": "（三）不予公开",
    "denied.state_secret": "1.属于国家秘密",
    "denied.law_prohibited": "2.其他法律行政法规禁止公开",
    "denied.security_stability": "3.危及“三安全一稳定”",
    "denied.third_party": "4.保护第三方合法权益",
    "denied.internal_affairs": "5.属于三类内部事务信息",
    "denied.process_info": "6.属于四类过程性信息",
    "denied.enforcement_file": "7.属于行政执法案卷",
    "denied.admin_query": "8.属于行政查询事项",
    "unable": "（四）无法提供",
    "unable.not_held": "1.本机关不掌握相关政府信息",
    "unable.needs_creation": "2.没有现成信息需要另行制作",
    "unable.unclear": "3.补正后申请内容仍不明确",
    "not_processed": "（五）不予处理",
    "not_processed.complaint": "1.信访举报投诉类申请",
    "not_processed.duplicate": "2.重复申请",
    "not_processed.publication": "3.要求提供公开出版物",
    "not_processed.excessive": "4.无正当理由大量反复申请",
    "not_processed.confirm": "5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",
    "other.no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他",
    "handled_total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
    "rv": ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"],
    "rvcols": ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
}


def labels(**over):
    d = dict(DEFAULT_LABELS)
    d.update(over)
    return d


def sub_rows(rep, grp):
    return [r for r in rep.outcomes if r.startswith(grp + ".")]


def build_requests(rep, fmt, L):
    """10 columns: 3 label columns + 7 figures."""
    g = []
    g.append([C(L["note"], 3, 3, hdr=True), C(L["appl"], 1, 7, hdr=True)])
    g.append([C(L["col"][0], 2, 1, hdr=True), C(L["org"], 1, 5, hdr=True), C(L["col"][6], 2, 1, hdr=True)])
    g.append([C(x, hdr=True) for x in L["col"][1:6]])

    def vals(r):
        return [V(rep, fmt, ("requests", r, c)) for c in REQ_COLS]

    g.append([C(L["new_received"], 1, 3)] + vals("new_received"))
    g.append([C(L["carried_over"], 1, 3)] + vals("carried_over"))
    nres = len(rep.outcomes) + 1
    first = True
    rows = []
    rows.append([C(L["granted"], 1, 2)] + vals("granted"))
    rows.append([C(L["partially_granted"], 1, 2)] + vals("partially_granted"))
    for grp in ["denied", "unable", "not_processed"] + (["other"] if rep.other_split else []):
        subs = sub_rows(rep, grp)
        for i, r in enumerate(subs):
            head = [C(L[grp], len(subs), 1)] if i == 0 else []
            rows.append(head + [C(L[r])] + vals(r))
    if not rep.other_split:
        rows.append([C(L["other"], 1, 2)] + vals("other"))
    rows.append([C(L["handled_total"], 1, 2)] + vals("handled_total"))
    assert len(rows) == nres
    rows[0] = [C(L["result"], nres, 1)] + rows[0]
    g.extend(rows)
    g.append([C(L["carried_forward"], 1, 3)] + vals("carried_forward"))
    return g


def build_review(rep, fmt, L):
    rv = L["rv"]
    g = [[C(rv[0], 2, 5, hdr=True), C(rv[1], 1, 10, hdr=True)],
         [C(rv[2], 1, 5, hdr=True), C(rv[3], 1, 5, hdr=True)],
         [C(x, hdr=True) for x in L["rvcols"] * 3],
         [V(rep, fmt, ("review", r, c)) for r in REVIEW_ROWS for c in REVIEW_COLS]]
    return g


ACT_LAB_2019 = {
    "sec": ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"],
    "info": "信息内容",
    "h1": ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
    "h5": ["上一年项目数量", "本年增/减", "处理决定数量"],
    "h8": ["上一年项目数量", "本年增/减"],
    "h9": ["采购项目数量", "采购总金额"],
    "regulations": "规章", "normative_documents": "规范性文件", "licensing": "行政许可",
    "other_services": "其他对外管理服务事项", "penalty": "行政处罚", "enforcement": "行政强制",
    "fees": "行政事业性收费", "procurement": "政府集中采购",
}
ACT_LAB_2021 = {
    "sec": ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"],
    "info": "信息内容",
    "h1": ["本年制发件数", "本年废止件数", "现行有效件数"],
    "hd": "本年处理决定数量",
    "hf": "本年收费金额（单位：万元）",
    "regulations": "规章", "normative_documents": "行政规范性文件", "licensing": "行政许可",
    "penalty": "行政处罚", "enforcement": "行政强制", "fees": "行政事业性收费",
}


def build_active(rep, fmt, A=None):
    """4 columns (label + 3 figures)."""
    g = []
    if rep.template == "2019":
        A = A or ACT_LAB_2019
        cols1 = ["new_made", "new_published", "total_published"]
        cols5 = ["prev_count", "change", "decisions"]
        g.append([C(A["sec"][0], 1, 4, hdr=True)])
        g.append([C(A["info"], hdr=True)] + [C(x, hdr=True) for x in A["h1"]])
        for r in ["regulations", "normative_documents"]:
            g.append([C(A[r])] + [V(rep, fmt, ("active", r, c)) for c in cols1])
        for si, rows in [(1, ["licensing", "other_services"]), (2, ["penalty", "enforcement"])]:
            g.append([C(A["sec"][si], 1, 4, hdr=True)])
            g.append([C(A["info"], hdr=True)] + [C(x, hdr=True) for x in A["h5"]])
            for r in rows:
                g.append([C(A[r])] + [V(rep, fmt, ("active", r, c)) for c in cols5])
        g.append([C(A["sec"][3], 1, 4, hdr=True)])
        g.append([C(A["info"], hdr=True), C(A["h8"][0], hdr=True), C(A["h8"][1], 1, 2, hdr=True)])
        g.append([C(A["fees"]), V(rep, fmt, ("active", "fees", "prev_count")),
                  V(rep, fmt, ("active", "fees", "change"), cs=2)])
        g.append([C(A["sec"][4], 1, 4, hdr=True)])
        g.append([C(A["info"], hdr=True), C(A["h9"][0], hdr=True), C(A["h9"][1], 1, 2, hdr=True)])
        g.append([C(A["procurement"]), V(rep, fmt, ("active", "procurement", "projects")),
                  V(rep, fmt, ("active", "procurement", "amount"), cs=2)])
    else:
        A = A or ACT_LAB_2021
        g.append([C(A["sec"][0], 1, 4, hdr=True)])
        g.append([C(A["info"], hdr=True)] + [C(x, hdr=True) for x in A["h1"]])
        for r in ["regulations", "normative_documents"]:
            g.append([C(A[r])] + [V(rep, fmt, ("active", r, c)) for c in ["issued", "repealed", "in_force"]])
        for si, rows in [(1, ["licensing"]), (2, ["penalty", "enforcement"])]:
            g.append([C(A["sec"][si], 1, 4, hdr=True)])
            g.append([C(A["info"], hdr=True), C(A["hd"], 1, 3, hdr=True)])
            for r in rows:
                g.append([C(A[r]), V(rep, fmt, ("active", r, "decisions"), cs=3)])
        g.append([C(A["sec"][3], 1, 4, hdr=True)])
        g.append([C(A["info"], hdr=True), C(A["hf"], 1, 3, hdr=True)])
        g.append([C(A["fees"]), V(rep, fmt, ("active", "fees", "amount"), cs=3)])
    return g


def dense(g):
    """Matrix of (cell, is_origin) from an HTML-like grid."""
    ncols = sum(c["cs"] for c in g[0])
    occ = {}
    M = []
    for i, row in enumerate(g):
        line = [None] * ncols
        j = 0
        it = iter(row)
        for j in range(ncols):
            if (i, j) in occ:
                line[j] = (occ[(i, j)], False)
                continue
            try:
                c = next(it)
            except StopIteration:
                raise AssertionError("row %d short" % i)
            for a in range(c["rs"]):
                for b in range(c["cs"]):
                    if a or b:
                        occ[(i + a, j + b)] = c
            line[j] = (c, True)
        # cells spanning forward inside the same row were registered in occ
        M.append(line)
    # fix: occ entries in same row registered after iteration start are handled by the check above
    return M


def truth_cells(g):
    out = []
    for row in g:
        for c in row:
            if c["key"] and not c["blank"]:
                out.append(c["key"])
    return out
