"""Earlier red teams' questions re-asked against today's code (a harness over their logs): the patterns that still
printed a wrong figure, each answered right now or with no figure (issue 11)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.engine import QA
from tests.conftest import REAL, need_shared
from tests.test_answer import REPORTS, store_index

FILES = ("001_shuyang_county_2025.txt", "003_huaian_city_2024.pdf", "004_huaian_hongze_district_2023.pdf",
         "005_huaian_hongze_district_2024.pdf", "009_pingtan_2019.txt", "010_pingtan_2020.txt",
         "013_pingtan_2025.txt", "014_shuyang_fgj_2023.html")  # (沭阳县 known through 沭阳县发改局: 001 prints 沐阳县)


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory) -> QA:
    need_shared(REAL)
    paths = [REAL / n for n in FILES] + [REPORTS]  # and the five towns
    return QA(store_index(tmp_path_factory.mktemp("regress"), paths), today=dt.date(2025, 6, 1))


@pytest.mark.parametrize(("question", "value"), [
    ("淮安市2024年不予公开的申请中，除了行政查询事项以外有多少件？", 178 - 105),  # the group named, not all handled
    ("沭阳县2025年行政复议未被纠正的有几件？", 61 - 10),  # 未 + 被纠正: left out
    ("淮安市2024年行政复议中已经审结的有几件？", 351 - 37),  # concluded: the total less 尚未审结
    ("淮安市2024年行政复议总计与结果维持之差？", 351 - 72),  # two columns of one row
    ("沭阳县2025年复议维持比纠正多几件？", 27 - 10),
    ("淮安市2024年行政复议结果纠正比结果维持少多少", 72 - 64),
    ("淮安市2024年新收申请中自然人之外的占比？", round(118 / 3119 * 100, 1)),  # a share of the rest
    ("淮安市2024年新收的申请里，法律服务机构提交的占多少？", round(61 / 3119 * 100, 1)),  # 占多少: a share
    ("淮安市2024年新收申请中自然人占多少件", 3001),  # …件: a count
    ("淮安市2024年，新收申请里面来自单位的有多少？", 118),  # 单位: 法人或其他组织
    ("淮安市2024年单位申请人申请了多少件？", 118),
    ("How many times Hongze's fee income last year was compared with the year before?", round(7545 / 7730.28, 2)),
    ("洪泽区2024年收费是前一年的几倍", round(7545 / 7730.28, 2)),
    ("平潭综合实验区2020年新收申请比2019年下降了百分之几？", 8.7),  # the fall, as asked
])
def test_answered_right(qa: QA, question: str, value: float) -> None:
    assert qa.ask(question)["value"] == value, question


@pytest.mark.parametrize("question", [
    "How much did Shuyang charge applicants for information processing in 2025?",  # not 行政事业性收费
    "淮安市2024年除了自然人以外的新收申请比上年增长多少？",  # a change of a remainder: not computed
    "淮安市2024年除了自然人以外的新收申请同比增长百分之几？",
])
def test_no_figure(qa: QA, question: str) -> None:
    assert qa.ask(question)["value"] is None, question


def test_a_column_named_a_year_back_stays_the_column(qa: QA) -> None:
    """上一年数量 after a 2019 report's row is the table's column, not the year before."""
    res = qa.ask("平潭2019年行政许可上一年的数量是多少")
    assert res["understood"]["cells"] == [{"table": "active", "row": "licensing", "column": "prev_count"}]


def _turns(qa: QA, *questions: str) -> list[dict]:
    state, out = None, []
    for question in questions:
        out.append(qa.ask(question, state))
        state = out[-1]["state"]
    return out


def test_a_body_after_an_exclusion_keeps_the_exclusion(qa: QA) -> None:
    first, second = _turns(qa, "淮安市2024年除了自然人以外新收申请多少件？", "洪泽区呢？")
    assert (first["value"], second["value"]) == (3119 - 3001, 95 - 95)


def test_the_second_of_a_ranking_asked_as_a_follow_up(qa: QA) -> None:
    first, second = _turns(qa, "2024年哪个机关新收申请最多？", "第二呢？")
    assert (first["value"], second["value"]) == (3119, 95) and "洪泽" in second["answer"]


def test_the_city_above_the_district_of_the_conversation(qa: QA) -> None:
    first, city, county = _turns(qa, "洪泽区2024年新收申请多少件？", "市里呢？", "县里呢？")
    assert (first["value"], city["value"], county["value"]) == (95, 3119, None)
    assert "“市里”按淮安市人民政府理解" in city["answer"]


def test_the_mean_of_two_years_asked_as_a_follow_up(qa: QA) -> None:
    *_, mean = _turns(qa, "洪泽区2023年行政处罚多少件？", "2024年呢？", "两年平均呢？")
    assert mean["value"] == round((4119 + 2776) / 2, 2) and "平均" in mean["answer"]


def test_a_row_after_an_exclusion_keeps_the_exclusion_and_says_so(qa: QA) -> None:
    first, row, body = _turns(qa, "淮安市2024年新收申请中除了自然人以外有多少件？", "上年结转呢？", "洪泽区2024年呢？")
    assert (first["value"], row["value"], body["value"]) == (3119 - 3001, 34 - 34, 0 - 0)
    assert "沿用上文的排除条件" in row["answer"]
    asked = _turns(qa, "淮安市2024年新收申请中除了自然人以外有多少件？", "自然人呢？")[1]
    assert asked["value"] == 3001 and "排除" not in asked["answer"]  # what was left out, asked for itself


@pytest.mark.parametrize(("question", "value"), [  # red team round 6: the seven patterns of its 38 wrong figures
    ("淮安市2024年法人或者其他组织的予以公开", 74),  # P1: 或者 / 和 between 法人 and 其他组织
    ("淮安2024年法人和其他组织部分公开", 7),
    ("Huaian 2024 requests from legal persons or other organizations", 118),
    ("淮安2024年自然人和法人或者其他组织新收合计", 3119),  # not 其他 counted again
    ("淮安2024年商业企业予以公开率", round(21 / 53 * 100, 1)),  # P2: a rate within the applicant's requests
    ("What was the disclosure rate for law firms' requests in Huaian 2024?", round(50 / 61 * 100, 1)),
    ("淮安2024年予以公开中商业企业的占比", round(21 / 1362 * 100, 1)),  # the applicant's share of the row
    ("淮安2024年不予处理里面哪类最多", 62),  # P3: the largest part, not the group's total
    ("淮安2024年新收申请中哪类申请人最多", 3001),
    ("淮安2024年行政诉讼中哪种结果最多", 25),
    ("Which refusal reason was most common in Huaian 2024?", 105),
    ("淮安2024年行政复议哪种结果最少", 37),
    ("淮安2024年无法提供的占办理结果总计多少", round(781 / 3050 * 100, 1)),  # P4: 占…多少 is a share
    ("淮安2024年复议纠正占复议总数多少", round(64 / 351 * 100, 1)),
    ("淮安市2024年行政许可、处罚、强制三项合计", 447228 + 3985758 + 88283),  # P5: 强制 alone is a row
    ("洪泽区2024年许可处罚强制合计", 9487 + 2776 + 84),
    ("淮安市2024年收到申请和上年结转合计多少", 3119 + 34),  # P6: 收到申请 beside 上年结转
    ("洪泽区2024年收到申请和上年结转合计", 95 + 0),
])
def test_round_6(qa: QA, question: str, value: float) -> None:
    assert qa.ask(question)["value"] == value, question


def test_a_sum_that_counts_its_items_gets_them_all_or_no_figure(qa: QA) -> None:
    assert qa.ask("洪泽区2024年许可和处罚三项合计")["value"] is None


def test_a_rate_asked_after_an_applicants_figure_keeps_the_applicant(qa: QA) -> None:
    first, rate = _turns(qa, "沭阳县2025年法律服务机构新收申请多少件", "其中予以公开的比例")
    assert (first["value"], rate["value"]) == (5, 60.0)


def test_which_of_two_years_names_the_year(qa: QA) -> None:
    res = qa.ask("Which year did Hongze receive more requests, 2023 or 2024?")
    assert res["kind"] == "trend" and "The most was in 2024 (95 requests)" in res["answer"]
