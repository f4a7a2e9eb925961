"""Red team round 7 (blind, 977 turns, 55 wrong figures): the patterns, each answered right now or with no figure
(issue 11)."""

from __future__ import annotations

import pytest

from app.engine import QA
from tests.test_people_regress import _turns, qa  # noqa: F401 - the module's index of real reports

pytestmark = pytest.mark.usefixtures("qa")


@pytest.mark.parametrize(("question", "value"), [
    ("淮安市2024年无法提供中不含本机关不掌握的", 781 - 769),  # 不含本机关… is no typo of 不归本机关
    ("淮安市2024年无法提供(除本机关不掌握)", 781 - 769),
    ("淮安市2024年新收申请（不含自然人）", 3119 - 3001),  # （不含…） in brackets leaves out; （不是…） explains
    ("淮安市2024年不予处理（不含重复申请）", 88 - 25),
    ("淮安市2024年行政复议(不含尚未审结)", 351 - 37),
    ("淮安市2024年办理结果总计（不包括予以公开）", 3050 - 1362),
    ("洪泽区2024年办理结果（不计无法提供）", 95 - 32),  # 不计
    ("淮安2024年待办结转到2025年的", 103),  # 结转到2025年: where requests go, not a year asked
    ("平潭2025年留到2026年办理的申请", 6),
    ("镇政府2020年新收申请哪个最多", 2),  # 镇政府: the towns' governments
    ("2025年行政处罚最多的机关", 693957),
])
def test_round_7(qa: QA, question: str, value: float) -> None:  # noqa: F811
    assert qa.ask(question)["value"] == value, question


@pytest.mark.parametrize("question", [
    "淮安市2024年其他处理（扣除“其他”）",  # the row 3.其他 or the applicant column 其他: read both ways
    "淮安市2024年其他处理去掉第3项",  # a word that leaves out, nothing read to leave out: no total
    "淮安市2024年行政许可的两倍", "淮安市2024年新收申请的一半是多少", "洪泽区2024年行政许可的三分之一",
    "淮安市2024年复议纠正占已审结复议的比例",  # a share, never the count
    "淮安市2024年上半年行政许可", "淮安市2024年第一季度新收申请",  # the reports print years only
    "淮安市2024年行政许可本年废止件数", "淮安市2024年行政复议中自然人多少件",  # a column the row has in no template
    "淮安2023年行政许可多少件",  # 淮安 is 淮安市 (no 2023 report), not 洪泽区 that has one
    "哪个莆田的局2023年行政许可最多", "平潭以外的机关2025年新收申请合计",  # a place's bodies: not ranked here
])
def test_round_7_no_figure(qa: QA, question: str) -> None:  # noqa: F811
    assert qa.ask(question)["value"] is None, question


def test_sums_of_more_figures_than_the_conversation_keeps_are_not_made(qa: QA) -> None:  # noqa: F811
    *_, total = _turns(qa, "淮安市2024年予以公开多少件", "部分公开呢？", "不予公开呢？", "三项合计")
    assert total["value"] is None


def test_the_least_after_a_ranking_is_the_least(qa: QA) -> None:  # noqa: F811
    *_, least = _turns(qa, "2024年哪个机关行政许可最多", "那2023年呢", "最少的呢")
    assert least["value"] == 0 and "最低" in least["answer"]


@pytest.mark.parametrize(("question", "value"), [  # asked back or declined before, answerable from the tables
    ("淮安市2024年行政处罚是行政强制的多少倍", round(3985758 / 88283, 2)),  # two rows of one report
    ("淮安市2024年无法提供是不予公开的几倍", round(781 / 178, 2)),
    ("洪泽区2023、2024两年行政许可平均", (550 + 9487) / 2),  # the mean of the years named
    ("洪泽区2023年和2024年行政处罚平均每年多少", (4119 + 2776) / 2),
])
def test_declined_before_answered_now(qa: QA, question: str, value: float) -> None:  # noqa: F811
    assert qa.ask(question)["value"] == value, question


@pytest.mark.parametrize(("question", "value"), [  # blind set f's first run: declined, now answered
    ("淮安市2024年律师事务所之类的法律服务机构申请了几件？", 61),  # a column named: a figure, not a text question
    ("洪泽区2024年比2023年多收了多少件信息公开申请？", 95 - 21),  # 多收了多少: more
    ("沭阳县2025年行政强制是行政处罚的几倍？", float(f"{2154 / 693957:.3g}")),  # under 1: never rounded to 0.0
])
def test_blind_set_f(qa: QA, question: str, value: float) -> None:  # noqa: F811
    assert qa.ask(question)["value"] == value, question
