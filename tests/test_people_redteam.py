"""Red-team findings turned into mechanisms: another place's department, bare places in follow-ups, ordinal ranks,
'times more', relative years, follow-ups that change the column or re-do a computation (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.engine import QA
from app.understand.bodies import BodyIndex
from app.understand.intent import Understander
from tests.conftest import REAL, need_shared
from tests.test_answer import store_index

NAMES = [("ha24.pdf", "淮安市人民政府", 2024), ("hz24.pdf", "淮安市洪泽区人民政府", 2024),
         ("yj23.txt", "莆田市应急管理局", 2023), ("kw24.md", "上海市科委", 2024)]


@pytest.fixture(scope="module")
def reader() -> Understander:
    return Understander(BodyIndex(NAMES))


@pytest.mark.parametrize("question", [
    "洪泽区公安分局2024年行政处罚多少件？", "北京市科学技术委员会2024年新收申请多少件？",
    "福州市应急管理局2023年行政处罚多少件？",
    "What was the total of new requests for Fuzhou Emergency Management Bureau in 2023?",
])
def test_another_places_department_is_never_an_indexed_body(reader: Understander, question: str) -> None:
    assert not reader.read(question, 2025).bodies.mentions


def test_a_bare_real_place_is_not_indexed_unless_a_body_is_there(reader: Understander) -> None:
    assert "北京市" in reader.read("北京呢？", 2025).bodies.unknown
    assert "江苏省" in reader.read("江苏省呢？", 2025).bodies.unknown
    assert reader.read("“上海科技”微信公众号有多少人关注？", 2025).bodies.unknown == []  # 上海: an indexed body's


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    """Facts of 淮安市 2024 and 洪泽区 2023 + 2024 (real PDFs)."""
    need_shared(REAL)
    names = ("003_huaian_city_2024.pdf", "004_huaian_hongze_district_2023.pdf", "005_huaian_hongze_district_2024.pdf")
    return QA(store_index(tmp_path_factory.mktemp("redteam"), [REAL / n for n in names]), today=dt.date(2025, 6, 1))


def test_follow_ups_to_a_place_not_indexed_never_keep_the_old_body(qa: QA) -> None:
    first = qa.ask("淮安市2024年新收申请多少件？")
    assert first["value"] == 3119
    assert qa.ask("南京呢？", first["state"])["value"] is None


def test_ordinal_rank_times_more_and_relative_years(qa: QA) -> None:
    res = qa.ask("2024年新收申请第二多的机关是哪个？")
    assert res["value"] == 95 and "洪泽" in res["answer"]
    assert qa.ask("洪泽区2024年行政许可比2023年多几倍？")["value"] == round(9487 / 550 - 1, 2)
    assert qa.ask("洪泽区2024年行政许可比2023年翻了几倍？")["value"] is None  # read both ways: never guessed
    assert qa.ask("洪泽区上上年行政处罚多少件？")["value"] == 4119  # 2023
    assert qa.ask("洪泽区去年和前年行政处罚合计？")["value"] == 2776 + 4119


def test_follow_ups_change_the_column_or_redo_the_computation(qa: QA) -> None:
    first = qa.ask("淮安市2024年予以公开中商业企业有几件？")
    assert (first["value"], qa.ask("总计呢？", first["state"])["value"]) == (21, 1362)
    first = qa.ask("淮安市2024年未经复议直接起诉结果维持几件？")
    second = qa.ask("复议后起诉呢？", first["state"])
    third = qa.ask("行政复议呢？", second["state"])
    assert (first["value"], second["value"], third["value"]) == (13, 12, 72)
    first = qa.ask("淮安市2024年行政复议纠正率是多少？")
    second = qa.ask("洪泽区呢？", first["state"])
    assert (first["value"], second["value"]) == (18.2, 50.0)  # 64/351; 洪泽区 1/2 — never a count


def test_a_row_label_pasted_with_its_printed_note(qa: QA) -> None:
    res = qa.ask("洪泽区2024年部分公开（区分处理的，只计这一情形，不计其他情形）有多少件？")
    assert res["value"] == 9 and res["field"]["column"] in (None, "total")  # 其他情形 is no applicant column


def test_a_sum_follow_up_adds_the_last_two_figures(qa: QA) -> None:
    first = qa.ask("洪泽区2023年行政处罚多少件？")
    second = qa.ask("2024年呢？", first["state"])
    both = qa.ask("两年合计呢？", second["state"])
    assert (first["value"], second["value"], both["value"]) == (4119, 2776, 6895)
    assert both["understood"]["operation"] == "sum" and "4119" in both["answer"] and "2776" in both["answer"]
    first = qa.ask("淮安市2024年予以公开多少件？")
    second = qa.ask("部分公开呢？", first["state"])
    assert qa.ask("两项合计呢？", second["state"])["value"] == 1362 + 454


def test_sums_of_two_bodies_with_their_own_years_and_every_year(qa: QA) -> None:
    res = qa.ask("淮安市2024年和洪泽区2023年行政处罚合计多少件？")
    assert res["value"] == 3985758 + 4119 and res["understood"]["operation"] == "sum"
    res = qa.ask("洪泽区历年行政处罚合计多少件？")
    assert res["value"] == 4119 + 2776 and "历年" in res["answer"]


def test_amounts_in_the_unit_asked(qa: QA) -> None:
    res = qa.ask("洪泽区2024年行政事业性收费是多少亿元？")
    assert res["unit"] == "亿元" and "1 亿元 = 10000 万元" in res["answer"]


@pytest.mark.parametrize(("question", "value"), [
    ("淮安市2024年法人或其他组织新收的申请中，除了法律服务机构以外有多少件？", 57),  # 118 − 61: the group's whole
    ("淮安市2024年法人或其他组织（自然人以外）新提交的申请一共多少件？", 118),  # the exclusion defines the group
    ("淮安市2024年办理结果中，除了其他处理以外有多少件？", 2863),  # 3050 − 187, the group subtracted once
    ("Excluding those from natural persons and legal service agencies, how many new requests did Huai'an receive "
     "in 2024?", 57),
    ("How many administrative reconsideration cases did Huai'an city have in 2024 apart from upheld and corrected "
     "ones?", 215),
    ("How many times as many new requests as Hongze District did Huai'an receive in 2024?", 32.83),  # 3119 / 95
    ("淮安市洪泽湖管理委员会2024年新收了多少件申请？", None),  # another body whose name holds 洪泽
    ("淮安市人民政府办公室2024年新收申请多少件", 3119),  # the government's own office
])
def test_red_team_three(qa: QA, question: str, value: float | None) -> None:
    assert qa.ask(question)["value"] == value


def test_follow_ups_computing_with_the_conversations_figures(qa: QA) -> None:
    first = qa.ask("淮安市2024年行政处罚决定多少件？")
    second = qa.ask("洪泽区呢？", first["state"])
    assert qa.ask("两者相差多少？", second["state"])["value"] == 3985758 - 2776  # not their sum
    first = qa.ask("洪泽区2024年新收申请多少件？")
    assert qa.ask("比上年多多少？", first["state"])["value"] == 95 - 21
    assert qa.ask("同比呢？", first["state"])["value"] is None  # another computation: never the figure again


@pytest.mark.parametrize(("question", "value"), [
    ("淮安市2024年复议和诉讼一共多少件？", 351 + 46),  # 复议和诉讼: two words, never the typo 复议后诉讼
    ("淮安市2024年直接起诉的比复议后起诉的多多少？", 6),  # two rows of one report
    ("淮安市2024年直接起诉和复议后起诉相差多少？", 6),
    ("淮安2024年其他法律法规禁止公开的几件？", 31),  # 其他 belongs to the row's name, not the applicant column
    ("淮安2024年信息处理费收了多少钱？", None),  # part 6's processing fees, not 行政事业性收费
    ("Hongze 2024: what fraction of requests were granted in full?", 52.6),  # 50 / 95
])
def test_red_team_four(qa: QA, question: str, value: float | None) -> None:
    assert qa.ask(question)["value"] == value


def test_follow_ups_share_change_and_year_before(qa: QA) -> None:
    first = qa.ask("淮安2024年收到多少申请？")
    second = qa.ask("其中律师申请多少？", first["state"])
    assert qa.ask("占比多少？", second["state"])["value"] == 2.0  # 61 / 3119, not 3119 − 61
    first = qa.ask("洪泽区2023年收到多少件申请？")
    second = qa.ask("后一年呢？", first["state"])
    assert (second["value"], qa.ask("变化多少？", second["state"])["value"]) == (95, 74)
    first = qa.ask("洪泽区2024年行政处罚多少件？")
    assert qa.ask("前一年呢？", first["state"])["value"] == 4119  # the year before the one asked
    first = qa.ask("淮安市2024年予以公开多少件？")
    second = qa.ask("部分公开呢？", first["state"])
    assert qa.ask("相差多少？", second["state"])["value"] == 1362 - 454  # the size of the gap


@pytest.mark.parametrize(("question", "value"), [
    ("洪泽区去年行政处罚是前年的几倍？", round(2776 / 4119, 2)),  # 去年 named first is the numerator
    ("洪泽区去年予以公开比前年多多少件？", 50),
    ("洪泽区去年的行政处罚比前年增长了多少？", 2776 - 4119),
    ("洪泽区24年行政处罚比23年多还是少，差多少？", 2776 - 4119),  # 比23年: a year, not 'over 23 years'
])
def test_relative_years_keep_the_order_the_question_names_them(qa: QA, question: str, value: float) -> None:
    assert qa.ask(question)["value"] == value
