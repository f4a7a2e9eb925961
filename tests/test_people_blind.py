"""Mechanisms found by a second blind question set (bench/questions/heldout_2026-12b): abbreviations alone, homophone
places, pinyin of misprinted names, speech words, 上一年 as a column, comparisons, a measure carried to the next row."""

from __future__ import annotations

import pytest

from app import operations
from app.engine import QA
from app.understand.bodies import BodyIndex
from app.understand.fields import Field
from app.understand.intent import Understander
from tests.conftest import REAL, need_shared
from tests.test_answer import store_index
from tests.test_people import bodies_of

REPORTS = [
    ("ha24.pdf", "淮安市人民政府", 2024), ("sz24.txt", "宿州市人民政府", 2024),
    ("mz20.txt", "莆田市民族与宗教事务局", 2020), ("kj20.txt", "莆田市科学技术局", 2020),
    ("sy25.txt", "沐阳县人民政府", 2025), ("fgj23.html", "沭阳县发展和改革局", 2023),
    ("kw24.md", "上海市科委", 2024), ("pt23.txt", "平潭综合实验区", 2023), ("pt25.txt", "平潭综合实验区", 2025),
    ("yj23.txt", "莆田市应急管理局", 2023), ("hz24.pdf", "淮安市洪泽区人民政府", 2024),
    ("pt11.txt", "平潭县人民政府", 2011), ("ptds13.txt", "平潭综合实验区地方税务局", 2013),
]


@pytest.fixture(scope="module")
def reader() -> Understander:
    return Understander(BodyIndex(REPORTS))


def test_a_department_abbreviation_alone_and_the_places_beside_it(reader: Understander) -> None:
    assert bodies_of(reader, "民宗局 莆田 2020 其他对外管理服务事项 上一年项目数") == [["莆田市民族与宗教事务局"]]
    assert bodies_of(reader, "莆田 民宗局 2020") == [["莆田市民族与宗教事务局"]]
    assert bodies_of(reader, "上海 民宗局 2020") == []  # an indexed place that is not the department's
    assert bodies_of(reader, "厦门民宗局2020年") == []  # a real city that is not indexed


def test_a_homophone_of_an_indexed_place_is_read_and_said(reader: Understander) -> None:
    u = reader.read("淮按市2024年部分公开的申请里商业企业有几件", 2025)
    assert [[e.key for e in m.entities] for m in u.bodies.mentions] == [["淮安市人民政府"]]
    assert any("淮按市" in zh and "淮安市人民政府" in zh for zh, _ in u.notes)
    assert bodies_of(reader, "苏州市2024年新收申请") == []  # a real city sounding like 宿州市: not that body


def test_english_names_of_misprinted_and_titled_bodies(reader: Understander) -> None:
    u = reader.read("How many new requests did the Shuyang County government receive in 2025?", 2025)
    assert [[e.key for e in m.entities] for m in u.bodies.mentions] == [["沐阳县人民政府"]]
    u = reader.read("What is the total number of requests handled by the Shanghai Science and Technology "
                    "Commission in 2024?", 2025)
    assert [[e.key for e in m.entities] for m in u.bodies.mentions] == [["上海市科委"]]
    assert u.fields.field is not None and u.fields.field.row == "handled_total"
    u = reader.read("In 2024, how many lawsuits were filed against Huai'an after an administrative reconsideration?",
                    2025)
    assert u.fields.field == Field("review", "litigation_after_reconsideration", None)


@pytest.mark.parametrize(("question", "field"), [
    ("莆田科技局2020 行政许可 上一年", Field("active", "licensing", "prev_count")),
    ("莆田科技局2020年行政处罚上年项目数量", Field("active", "penalty", "prev_count")),
    ("俺想问下莆田科技局2020年收到几个信息公开申请", Field("requests", "new_received", None)),
    ("莆田科技局2020年给公开了几个", Field("requests", "granted", None)),
])
def test_cell_words(reader: Understander, question: str, field: Field) -> None:
    assert reader.read(question, 2025).fields.field == field


def test_more_or_fewer_between_two_years_is_a_difference_not_the_change_column(reader: Understander) -> None:
    u = reader.read("平潭实验区2025年的行政处罚决定比2023年减少了多少件？", 2025)
    assert u.fields.field == Field("active", "penalty", "decisions") and not u.fields.choices
    assert operations.detect(u) == operations.DIFFERENCE
    u = reader.read("平潭实验区2025年的行政处罚比2023年多了几件", 2025)
    assert u.fields.field == Field("active", "penalty", None) and operations.detect(u) == operations.DIFFERENCE
    u = reader.read("平潭实验区2025年行政处罚本年增减比2023年多了几件", 2025)  # the column named: kept
    assert u.fields.field == Field("active", "penalty", "change")


@pytest.fixture(scope="module")
def putian(tmp_path_factory: pytest.TempPathFactory) -> QA:
    """A facts-only index of real reports with varied figures (莆田 科技局 2020, 文旅局 2021, 2025; 淮安市 2024)."""
    need_shared(REAL)
    names = ("016_putian_kjj_2020.txt", "022_putian_whlyj_2021.txt", "027_putian_whlyj_2025.txt",
             "003_huaian_city_2024.pdf")
    return QA(store_index(tmp_path_factory.mktemp("putian"), [REAL / n for n in names]))


def test_a_follow_up_naming_a_row_keeps_the_measure_asked(putian: QA) -> None:
    first = putian.ask("莆田市科技局2020年行政许可上一年项目数量是多少？")
    second = putian.ask("本年增减呢", first["state"])
    third = putian.ask("其他对外管理服务事项呢？", second["state"])
    assert (first["value"], second["value"], third["value"]) == (60, -3, -7)
    assert third["field"] == {"table": "active", "row": "other_services", "column": "change"}


def test_two_years_of_one_body_compared(putian: QA) -> None:
    res = putian.ask("莆田文旅局2025年的行政处罚决定比2021年多了几件")
    assert res["value"] == 24 and res["understood"]["operation"] == "difference"
    assert "40" in res["answer"] and "16" in res["answer"]


def test_year_on_year_times_and_no_share_of_itself(putian: QA) -> None:
    res = putian.ask("莆田文旅局2025年行政处罚决定数量是2021年的多少倍？")
    assert res["value"] == 2.5 and res["understood"]["operation"] == "times"  # 40 / 16
    res = putian.ask("莆田文旅局2025年行政处罚决定数量占比多少")
    assert res["value"] is None  # an active row has no whole: never the figure over itself (100%)
    res = putian.ask("莆田文旅局2025年行政处罚决定数量同比增长了百分之几？")
    assert res["value"] is None and "2024" in res["answer"]  # 同比 is 2025 against 2024, which is not indexed


def test_a_homophone_inside_a_name_keeps_its_real_place(reader: Understander) -> None:
    u = reader.read("上海市科未2024年行政复议结果维持几件", 2025)  # 上海市 is real, and the body's own
    assert [[e.key for e in m.entities] for m in u.bodies.mentions] == [["上海市科委"]]


@pytest.mark.parametrize(("question", "field"), [
    ("平潭实验区2025年行政许可一共办理了多少件决定？", Field("active", "licensing", "decisions")),  # not 办理结果
    ("我在整理平潭的数据：2025年那边一年新接了几个信息公开申请？", Field("requests", "new_received", None)),
    ("How many requests did the Shanghai Science and Technology Commission newly receive in 2024?",
     Field("requests", "new_received", None)),
    ("莆田市应急管理局2023年行政许可处理了多少件", Field("active", "licensing", None)),  # a verb, not 办理结果
    ("淮安市2024年办理了多少件申请", Field("requests", "handled_total", None)),
    ("淮安2024 结转上年 申请数", Field("requests", "carried_over", None)),
])
def test_more_cell_words(reader: Understander, question: str, field: Field) -> None:
    assert reader.read(question, 2025).fields.field == field


def test_a_department_without_its_bureau_word_beside_its_place(reader: Understander) -> None:
    assert bodies_of(reader, "莆田应急23 处罚") == [["莆田市应急管理局"]]
    assert bodies_of(reader, "沭阳发改2023年新收申请") == [["沭阳县发展和改革局"]]
    assert bodies_of(reader, "应急2023年处罚") == []  # a bare 应急 names no body
    assert bodies_of(reader, "Shanghai S&T Commission 2024 new requests") == [["上海市科委"]]


@pytest.mark.parametrize(("question", "row"), [
    ("How many requests did Pingtan carry over into the next year at the end of 2023?", "carried_forward"),
    ("How many requests did Pingtan carry over from the previous year in 2023?", "carried_over"),
])
def test_carry_over_with_its_direction(reader: Understander, question: str, row: str) -> None:
    assert reader.read(question, 2025).fields.field == Field("requests", row, None)


@pytest.mark.parametrize(("question", "unknown"), [
    ("淮安市科技局2024年新收申请多少件", "淮安市科技局"),  # a department of an indexed government's place
    ("洪泽区 财政局2024年新收申请多少件", "洪泽区财政局"),
    ("淮安发改委2024年收到多少申请", "淮安发改委"),
])
def test_a_department_of_an_indexed_place_is_never_its_government(reader: Understander, question: str,
                                                                   unknown: str) -> None:
    u = reader.read(question, 2025)
    assert not u.bodies.mentions and unknown in u.bodies.unknown


def test_a_department_of_the_same_place_under_another_name(reader: Understander) -> None:
    u = reader.read("平潭县地税局2013年新收申请多少件", 2025)
    assert [[e.key for e in m.entities] for m in u.bodies.mentions] == [["平潭综合实验区地方税务局"]]
    assert any("平潭县地税局" in zh for zh, _ in u.notes)
    assert bodies_of(reader, "淮安市政府办公室2024年新收申请") == [["淮安市人民政府"]]  # its own office


def test_a_two_character_homophone_before_a_year(reader: Understander) -> None:
    assert bodies_of(reader, "平谭2025年行政许可决定多少") == [["平潭综合实验区"]]
    assert bodies_of(reader, "平坦的路2025年") == []  # an everyday word sounding alike, not before a year


def test_from_the_previous_year_is_a_row_not_a_year_step(reader: Understander) -> None:
    u = reader.read("How many were carried over from the previous year in 2023 at Pingtan?", 2025)
    assert u.years.years == [2023] and u.fields.field == Field("requests", "carried_over", None)


def test_monthly_average_yuan_and_other_averages(putian: QA) -> None:
    res = putian.ask("莆田文旅局2025年平均每月行政处罚决定多少件？")
    assert res["value"] == round(40 / 12, 2) and res["understood"]["operation"] == "per_month"
    assert putian.ask("莆田文旅局2025年平均每天行政处罚决定多少件？")["value"] is None  # never the year's count
    res = putian.ask("莆田市科技局2020年采购总金额折合成元是多少？")  # printed 142512 元, stored as 14.2512 万元
    assert res["value"] == 142512 and res["unit"] == "元"


def test_a_review_outcome_carries_to_the_other_kind_of_lawsuit_only(putian: QA) -> None:
    first = putian.ask("淮安市政府2024年未经复议直接起诉的行政诉讼总计多少件？")
    second = putian.ask("其中结果被纠正的呢？", first["state"])
    third = putian.ask("复议后起诉的那一类呢？", second["state"])
    assert (first["value"], second["value"], third["value"]) == (26, 4, 1)  # the same outcome of the sibling row
    first = putian.ask("淮安市政府2024年被申请行政复议的一共多少件？")
    second = putian.ask("其中结果被纠正的有多少？", first["state"])
    third = putian.ask("那复议完了又去法院起诉的有几件？", second["state"])
    assert (first["value"], second["value"], third["value"]) == (351, 64, 20)  # another group: asked whole
