"""The parser's pieces on small tricky inputs: values, tokens, glued figures, titles, parts."""

from __future__ import annotations

from indexer.parse import parse_text
from indexer.parse.glued import split_glued
from indexer.parse.metadata import body_and_year, signing_date
from indexer.parse.tokens import tokenize
from indexer.parse.values import parse_number
from indexer.schema import ACTIVE_2019, REQUESTS_2019, REVIEW


def test_values() -> None:
    assert parse_number("１２３") == (123, None)
    assert parse_number("1,234") == (1234, None)
    assert parse_number("576.76万元") == (576.76, "万元")
    assert parse_number("75394432.52元") == (75394432.52, "元")
    assert parse_number("-18") == (-18, None)
    assert parse_number("－5") == (-5, None)
    assert parse_number("12.00") == (12, None)
    assert parse_number("4位") is None
    assert parse_number("—") is None


def test_tokens_blank_cells_and_page_numbers() -> None:
    toks = tokenize([(1, "规章\t5\t\t7\t"), (2, "- 3 -"), (3, "行政许可 — 4 无")])
    kinds = [(t.kind, t.value) for t in toks]
    assert kinds == [("text", None), ("num", 5), ("blank", None), ("num", 7), ("empty", None),
                     ("text", None), ("blank", None), ("num", 4), ("blank", None)]


def test_glued_runs_keep_item_numbers_and_prose_apart() -> None:
    toks = tokenize([(1, "1.本机关不掌握相关政府信息40000042.没有现成信息 保留4位小数 2020年")])
    glued = [t.text for t in toks if t.kind == "glued"]
    assert glued == ["4000004"]


def test_split_glued_unique_by_row_rule() -> None:
    row = REQUESTS_2019.row("new_received")
    cells = split_glued(["200", "000121"], [row])
    assert cells is not None
    assert [v for v, _ in cells[0]] == [20, 0, 0, 0, 0, 1, 21]


def test_split_glued_ambiguous_is_left_out() -> None:
    assert split_glued(["7777166"], [ACTIVE_2019.row("normative_documents")]) is None
    assert split_glued(["270020130"], [REQUESTS_2019.row("granted")]) is None


def test_split_glued_review_row_of_fifteen() -> None:
    cells = split_glued(["10203120001200000"], list(REVIEW.rows))
    assert cells is not None
    assert [[v for v, _ in row] for row in cells] == [[1, 0, 2, 0, 3], [12, 0, 0, 0, 12], [0, 0, 0, 0, 0]]


def test_titles() -> None:
    cases = {
        "王屋镇人民政府2020年政府信息公开工作年度报告": ("王屋镇人民政府", 2020),
        "# 盐池县王乐井乡 2020 年政府信息公开 工作年度报告": ("盐池县王乐井乡", 2020),
        "2025年金厂镇政府信息公开工作年度报告": ("金厂镇", 2025),
        "绥滨镇 2020 年政府信息公开工作年度报告": ("绥滨镇", 2020),
        "标题: 平潭综合实验区2020年度政府信息公开工作年度报告": ("平潭综合实验区", 2020),
        "某县人民政府关于二〇二一年政府信息公开工作年度报告": ("某县人民政府", 2021),
    }
    for title, expected in cases.items():
        body, year, _ = body_and_year(["", title, "一、总体情况"])
        assert (body, year) == expected, title


def test_title_split_over_two_lines() -> None:
    body, year, line = body_and_year(["淮安市洪泽区人民政府", "2023年政府信息公开工作年度报告", "正文"])
    assert (body, year, line) == ("淮安市洪泽区人民政府", 2023, 0)


def test_signing_date() -> None:
    assert signing_date(["正文", "某某镇人民政府", "2021 年 1 月 15 日"]) == "2021-01-15"
    assert signing_date(["正文", "二〇二一年一月十五日"]) == "2021-01-15"
    assert signing_date(["2020年，我镇共发布信息21条。"]) is None


def test_report_without_tables_says_so() -> None:
    rep = parse_text("某局2013年信息公开年度报告\n一、概述\n今年共公开信息45条。\n", "x.txt")
    assert (rep.body, rep.year, rep.template, rep.facts) == ("某局", 2013, "other", [])
    assert any("no standard tables" in n for n in rep.notes)


def test_flattened_line_is_cut_at_part_headings() -> None:
    text = ("某区2020年政府信息公开工作年度报告\n"
            "一、总体情况 今年很好。二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量"
            "本年新公开数量对外公开总数量规章135规范性文件246"
            "三、收到和处理政府信息公开申请情况 申请人情况一、本年新收政府信息公开申请数量200 000121"
            "四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持总计"
            "未经复议直接起诉复议后起诉总计10203120001200000"
            "五、存在的主要问题及改进情况 无。" + "填充" * 100)
    rep = parse_text(text, "flat.txt")
    got = {f.key(): f.value for f in rep.facts}
    assert got[("active", "regulations", "new_made")] == 1
    assert got[("active", "normative_documents", "total_published")] == 6
    assert got[("requests", "new_received", "natural_person")] == 20
    assert got[("requests", "new_received", "total")] == 21
    assert got[("review", "litigation_direct", "total")] == 12
    assert all(f.line == 2 for f in rep.facts)
