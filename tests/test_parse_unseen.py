"""Mechanisms that unseen portals' layouts needed (bench/blind_layouts), each on a small synthetic snippet:
parts numbered 1. / 1．, row names in the prose or a list before a table, a title wrapped inside 年度报告."""

from __future__ import annotations

import pytest

from indexer.parse import parse_text
from indexer.parse.metadata import body_and_year
from indexer.parse.sections import find_headings
from indexer.parse.tables import parse_table
from indexer.parse.tokens import tokenize
from indexer.schema import REQUESTS_2021

_ACTIVE_FIXED = [  # a fixed-width table 2 (2021 template), labels on the left, figures right-aligned
    "第二十条第（一）项",
    "信息内容  本年制发件数  本年废止件数  现行有效件数",
    "规章                                  4        2       19",
    "行政规范性文件                        7        5       83",
    "第二十条第（五）项",
    "信息内容  本年处理决定数量",
    "行政许可                           1376",
    "第二十条第（六）项",
    "信息内容  本年处理决定数量",
    "行政处罚                            258",
    "行政强制                             31",
    "第二十条第（八）项",
    "信息内容  本年收费金额（单位：万元）",
    "行政事业性收费                   26.4173",
]
_ACTIVE_FACTS = {
    ("regulations", "issued"): 4, ("regulations", "repealed"): 2, ("regulations", "in_force"): 19,
    ("normative_documents", "issued"): 7, ("normative_documents", "repealed"): 5,
    ("normative_documents", "in_force"): 83, ("licensing", "decisions"): 1376, ("penalty", "decisions"): 258,
    ("enforcement", "decisions"): 31, ("fees", "amount"): 26.4173,
}


def _report(headings: list[str], prose: list[str]) -> str:
    """A short report: title, six headings, the given prose and the fixed-width table 2 in part 2."""
    one, two, three, four, five, six = headings
    return "\n".join(["某市某区交通运输局2023年政府信息公开工作年度报告", "", one, "全年主动公开政府信息 642 条。", "",
                      two, "", *prose, "", *_ACTIVE_FIXED, "", three, "全年未收到申请。", "", four, "无。", "",
                      five, "栏目更新不够及时。", "", six, "无。"])


def _active(text: str) -> dict[tuple[str, str], float]:
    rep = parse_text(text, "unseen.txt")
    return {(f.row, f.column): f.value for f in rep.facts if f.table == "active"}


_ARABIC = ["1. 总体情况", "2. 主动公开政府信息情况", "3. 收到和处理政府信息公开申请情况",
           "4. 政府信息公开行政复议、行政诉讼情况", "5. 存在的主要问题及改进情况", "6. 其他需要报告的事项"]


def test_parts_numbered_with_arabic_digits() -> None:
    text = "全年公开政府信息 318 条，均按规定及时发布。"
    lines = ["某县2021年政府信息公开工作年度报告", "1．工作基本情况", text, "2．主动公开政府信息情况", text,
             "3．收到和处理政府信息公开申请情况", text, "4．因政府信息公开工作被申请行政复议、提起行政诉讼情况", text,
             "5．存在的主要问题及改进情况", text, "6．其他需要报告的事项", text]
    assert find_headings(lines) == {1: (1, 1), 2: (3, 3), 3: (5, 5), 4: (7, 7), 5: (9, 9), 6: (11, 11)}


def test_arabic_number_must_be_the_parts_own() -> None:
    lines = ["一、总体情况", "3.主动公开政府信息情况", "我局全年公开信息。", "二、主动公开政府信息情况", "表"]
    assert find_headings(lines) == {1: (0, 0), 2: (3, 3)}
    lines = ["1. 总体情况", "3. 主动公开政府信息情况", "表"]
    assert 2 not in find_headings(lines)


def test_arabic_sub_item_under_chinese_numbered_parts_is_no_heading() -> None:
    lines = ["一、总体情况", "2.主动公开政府信息情况", "全年公开信息 12 条。", "二、主动公开政府信息情况", "表",
             "三、收到和处理政府信息公开申请情况", "表"]
    assert find_headings(lines) == {1: (0, 0), 2: (3, 3), 3: (5, 5)}


def test_rows_named_in_a_sentence_before_the_table_are_not_its_labels() -> None:
    prose = ["本年度制发行政规范性文件7件，废止5件，现行有效83件；作出行政许可决定1376件、行政处罚决定258件。"]
    assert _active(_report(_ARABIC, prose)) == _ACTIVE_FACTS


def test_sentence_with_spaced_figures_before_the_table() -> None:
    prose = ["本年度制发行政规范性文件 7 件，废止 5 件，现行有效 83 件；"
             "作出行政许可决定 1376 件、行政处罚决定 258 件。"]
    assert _active(_report(_ARABIC, prose)) == _ACTIVE_FACTS


def test_sentence_wrapped_before_its_full_stop() -> None:
    prose = ["本年度新制作规范性文件7件，对外公开规范性文件总数83件；行政许可处理决定1376件，行",
             "政处罚处理决定258件。"]
    assert _active(_report(_ARABIC, prose)) == _ACTIVE_FACTS


def test_table_labels_are_read_after_a_sentence_on_the_same_line() -> None:
    text = _report(_ARABIC, []).replace("\n第二十条第（一）项", "\n共制发行政规范性文件7件。第二十条第（一）项", 1)
    assert _active(text) == _ACTIVE_FACTS


@pytest.mark.parametrize("intro", ["本年度主动公开规范性文件、行政许可、行政处罚等信息情况如下：",
                                   "主动公开规章和规范性文件、行政许可及行政处罚情况见下表",
                                   "（一）主动公开规范性文件、行政许可、行政处罚情况"])
def test_rows_named_in_a_list_before_the_table_are_not_its_labels(intro: str) -> None:
    assert _active(_report(_ARABIC, [intro])) == _ACTIVE_FACTS


def test_clause_marks_in_a_label_keep_it_a_label() -> None:
    lines = ["（一）予以公开                       5    2    1    0    3    4   15",
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形）   3    1    0    2    0    1    7"]
    facts, _ = parse_table(tokenize(list(enumerate(lines, start=1))), REQUESTS_2021)
    got = {f.column: f.value for f in facts if f.row == "partially_granted"}
    assert got == {"natural_person": 3, "commercial": 1, "research": 0, "social_welfare": 2, "legal_service": 0,
                   "other_org": 1, "total": 7}
    assert {f.column: f.value for f in facts if f.row == "granted"}["total"] == 15


def test_title_wrapped_inside_its_last_words() -> None:
    lines = ["盐城市某区自然资源和规划局2020年政府信息公开工作年", "度报告", "一、总体情况"]
    assert body_and_year(lines) == ("盐城市某区自然资源和规划局", 2020, 0)
    lines = ["某市某县人民政府2024年政府信息公开工作年度", "报告", "一、总体情况"]
    assert body_and_year(lines) == ("某市某县人民政府", 2024, 0)


def test_wrapped_prose_is_no_title() -> None:
    lines = ["2021年，我局按照要求编制了政府信息公开工作年", "度报告，现予公布。", "一、总体情况"]
    assert body_and_year(lines) == (None, None, None)


def test_a_cell_of_a_full_stop_alone_ends_no_sentence() -> None:
    lines = ["\t（五）不予处理\t1.信访举报投诉类申请\t56\t6\t。\t0\t0\t0\t62",
             "\t\t2.重复申请\t25\t0\t3\t0\t0\t1\t29"]
    facts, notes = parse_table(tokenize(list(enumerate(lines, start=1))), REQUESTS_2021)
    assert {f.column: f.value for f in facts if f.row == "not_processed.duplicate"} == {
        "natural_person": 25, "commercial": 0, "research": 3, "social_welfare": 0, "legal_service": 0,
        "other_org": 1, "total": 29}
    assert not [f for f in facts if f.row == "not_processed.complaint"]
    assert "requests: row not_processed.complaint not found" not in notes


def test_part_3_worded_as_requests_disclosure() -> None:
    text = "全年公开政府信息 318 条，均按规定及时发布。"
    lines = ["一、总体情况", "（二）依申请公开情况", text, "依申请公开情况", text, "二、主动公开政府信息情况", text,
             "三、依申请公开情况", text, "四、政府信息公开行政复议、行政诉讼情况", text]
    assert find_headings(lines) == {1: (0, 0), 2: (5, 5), 3: (7, 7), 4: (9, 9)}
