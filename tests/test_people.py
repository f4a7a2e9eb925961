"""Questions as people type them: short and misspelt bodies, two-digit and relative years, everyday cell words,
operations, follow-ups, small talk — read without a wrong figure (issue 11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.engine import QA
from app.understand.bodies import BodyIndex
from app.understand.fields import Field, FieldMatcher
from app.understand.intent import PASSAGE, Understander
from app.understand.smalltalk import is_small_talk, strip_courtesy
from app.understand.text import normalise
from app.understand.years import apply_step, find_years

REPORTS = [
    ("hz23.pdf", "洪泽区人民政府", 2023), ("hz24.pdf", "淮安市洪泽区人民政府", 2024),
    ("ha24.pdf", "淮安市人民政府", 2024), ("pt11.txt", "平潭县人民政府", 2011),
    ("pt19.txt", "平潭综合实验区管委会", 2019), ("pt25.txt", "平潭综合实验区管委会办公室", 2025),
    ("ptds.txt", "平潭综合实验区地方税务局", 2013), ("sb.txt", "绥滨镇", 2020),
    ("fgj.html", "沭阳县发展和改革局", 2023), ("kw.md", "上海市科学技术委员会", 2024),
    ("xg.txt", "孟州市西虢镇人民政府", 2020), ("ptkj.txt", "莆田市科学技术局", 2024),
]


@pytest.fixture(scope="module")
def reader() -> Understander:
    return Understander(BodyIndex(REPORTS))


def bodies_of(reader: Understander, question: str) -> list[list[str]]:
    u = reader.read(question, 2025)
    return [[e.key for e in m.entities] for m in u.bodies.mentions]


@pytest.mark.parametrize(("question", "body"), [
    ("洪泽2023年行政处罚", "淮安市洪泽区人民政府"),  # one body across a rename, short name
    ("洪澤區2024年行政復議", "淮安市洪泽区人民政府"),  # traditional characters
    ("淮安 2024 复议", "淮安市人民政府"),  # the place itself, not the district under it
    ("平潭2019年部分公开", "平潭综合实验区管委会办公室"),  # only one 平潭 body has 2019
    ("平潭实验区2025年新收申请", "平潭综合实验区管委会办公室"),
    ("沭阳发改局2023年规章", "沭阳县发展和改革局"),
    ("上海科委2024年新收申请", "上海市科学技术委员会"),
    ("上海科伟24年度新收申请", "上海市科学技术委员会"),  # homophone
    ("孟州市西郭镇2020年行政强制", "孟州市西虢镇人民政府"),  # homophone, the parent written
    ("莆田科技局2024年新收申请", "莆田市科学技术局"),
])
def test_bodies_as_people_write_them(reader: Understander, question: str, body: str) -> None:
    assert bodies_of(reader, question) == [[body]]


def test_a_neighbour_is_never_the_body(reader: Understander) -> None:
    u = reader.read("绥滨县人民政府2020年新收了多少件申请", 2025)
    assert not u.bodies.mentions and "绥滨县" in u.bodies.unknown
    assert all("上海" not in e for m in bodies_of(reader, "莆田科委2024年新收申请") for e in m)
    assert len(bodies_of(reader, "平潭新收申请")[0]) >= 2  # no year: still asked which 平潭


@pytest.mark.parametrize(("text", "years"), [
    ("洪泽区23年行政强制", [2023]), ("24年度新收", [2024]), ("二〇二三年", [2023]), ("二三年度", [2023]),
    ("去年", [2024]), ("前年", [2023]), ("近三年新收", [2022, 2023, 2024]),
    ("2019、2020、2021这三年", [2019, 2020, 2021]),
    ("上年结转的申请", []), ("上一年项目数量", []), ("结转下一年度", []), ("2023年比2021年", [2023, 2021]),
])
def test_years(text: str, years: list[int]) -> None:
    assert find_years(normalise(text), 2025).years == years


def test_year_steps_and_unreadable_years() -> None:
    y = find_years("那上一年呢", 2025)
    assert y.years == [] and y.step == -1
    apply_step(y, 2024, 2025)
    assert y.years == [2023]
    y = find_years("那一年里有几件", 2025)
    apply_step(y, 2023, 2025)
    assert y.years == [2023]
    assert find_years("2O23年新收", 2025).unreadable == ["2O23年"] and find_years("202年", 2025).unreadable


@pytest.mark.parametrize(("text", "field"), [
    ("申请人超期没交信息处理费，政府就不再处理了", Field("requests", "other.no_fee")),
    ("让补正却没补正，政府不再处理的", Field("requests", "other.no_correction")),
    ("直接起诉的行政诉讼里，还没审完的", Field("review", "litigation_direct", "pending")),
    ("复议后又起诉到法院的案子里其他结果", Field("review", "litigation_after_reconsideration", "other_result")),
    ("没经过复议直接去法院起诉的案件，结果维持的", Field("review", "litigation_direct", "upheld")),
    ("其他处理里面“3.其他”有几件", Field("requests", "other.other")),
    ("turn down because they were repeat applications", Field("requests", "not_processed.duplicate")),
    ("因为信息涉及个人隐私不予公开的", Field("requests", "denied.third_party")),
])
def test_everyday_cell_words(text: str, field: Field) -> None:
    assert FieldMatcher().find(text).field == field


def test_an_unexplained_qualifier_is_never_answered_with_the_total() -> None:
    found = FieldMatcher().find("因为土地纠纷不予公开的申请有几件")
    assert found.field is None and found.choices == []  # no part fits: a question for the text
    assert FieldMatcher().find("不予公开的申请一共有多少件（各种理由加起来）").field.row == "denied"


def test_small_talk() -> None:
    assert all(is_small_talk(t) for t in ("你好", "谢谢！", "👍", "?", "Thanks!", "hello"))
    assert not is_small_talk("洪泽区2024年予以公开几件")
    assert strip_courtesy("洪泽区2024年予以公开几件？谢谢") == "洪泽区2024年予以公开几件"


def test_text_questions_go_to_the_passages(reader: Understander) -> None:
    assert reader.read("洪泽区2024年的年报说下一步要怎么减少行政复议？", 2025).kind == PASSAGE


@pytest.fixture(scope="module")
def seeds(seed_index: Path) -> QA:
    return QA(seed_index, today=dt.date(2021, 6, 1))


def test_operations_on_seed_figures(seeds: QA) -> None:
    res = seeds.ask("王屋镇2020年新收申请中自然人占百分之几？")
    assert res["value"] == 100.0 and res["understood"]["operation"] == "ratio" and "×" in res["answer"]
    res = seeds.ask("王屋镇2020年予以公开和部分公开加起来有多少件？")
    assert res["understood"]["operation"] == "sum" and len(res["facts"]) == 2
    res = seeds.ask("2020年王屋镇和西虢镇两家加起来新收了多少件申请？")
    assert res["value"] == 2 and res["understood"]["operation"] == "sum"
    assert seeds.ask("王屋镇去年新收了多少件申请？")["value"] == 2  # today 2021-06-01
    res = seeds.ask("王屋镇2020年无法提供的申请中本机关不掌握的占百分之几？")  # a share of the group named
    assert res["value"] == 100.0 and "无法提供" in res["answer"] and "办理结果总计" not in res["answer"]
    res = seeds.ask("王屋镇2020年行政复议的纠错率是多少？")
    assert res["value"] is None or res["understood"]["operation"] == "ratio"  # never a count for a rate


def test_follow_ups_change_one_part(seeds: QA) -> None:
    first = seeds.ask("王屋镇2020年自然人提出了几件申请？")
    assert first["value"] == 2
    second = seeds.ask("这些里面予以公开了多少？", first["state"])
    assert second["field"] == {"table": "requests", "row": "granted", "column": "natural_person"}
    hello = seeds.ask("谢谢", second["state"])
    assert hello["kind"] == "help" and hello["value"] is None and hello["state"] == second["state"]


def test_a_place_misprinted_in_a_report_is_known_by_both_spellings() -> None:
    """沐阳县 is no real place (administrative-division data) but one character from an indexed one that is."""
    index = BodyIndex([("sy.txt", "沐阳县人民政府", 2025), ("fgj.html", "沭阳县发展和改革局", 2023)])
    reader = Understander(index)
    assert [[e.key for e in m.entities] for m in reader.read("沐阳县发改局2023年新收申请", 2025).bodies.mentions] \
        == [["沭阳县发展和改革局"]]
    assert [[e.key for e in m.entities] for m in reader.read("沭阳县2025年新收申请", 2025).bodies.mentions] \
        == [["沐阳县人民政府"]]


def test_a_place_under_an_indexed_body_is_not_that_body(reader: Understander) -> None:
    u = reader.read("淮安市淮阴区2024年行政许可处理决定数量是多少", 2025)
    assert not u.bodies.mentions and any("淮阴区" in n for n in u.bodies.unknown)
    assert bodies_of(reader, "淮安市2024年行政许可处理决定数量") == [["淮安市人民政府"]]


def test_what_did_not_happen_is_no_cell_of_its_own() -> None:
    found = FieldMatcher().find("没经过复议、直接被告到法院的政府信息公开案子一共几件")
    assert [t[2] for t in found.rows if t[0] == "row"] == ["litigation_direct"]


def test_a_four_character_word_one_character_off_is_not_read_as_a_typo() -> None:
    assert FieldMatcher().find("清理了多少条过期信息").field is None  # 过期信息 is not 过程信息


def test_all_or_in_total_within_a_conversation_stays_with_its_body(seeds: QA) -> None:
    first = seeds.ask("王屋镇2020年自然人提出了几件申请？")
    every = seeds.ask("那所有申请人里予以公开的有多少件？", first["state"])
    assert every["field"]["row"] == "granted" and every["field"]["column"] in (None, "total")  # not 自然人
    alone = seeds.ask("王屋镇2020年予以公开的有多少件？")
    summed = seeds.ask("不予公开的一共几件？", first["state"])
    assert every["value"] == alone["value"] and summed["body"] == "王屋镇人民政府"


def test_towns_are_real_places_but_never_misprints() -> None:
    """The division data lists towns (华亭镇) but not all of them (王屋镇): a town the data lacks, one character
    from an indexed town it has, is a body of its own, not a misprint of the other."""
    from app.understand.places import real_places

    assert {"华亭镇", "西虢镇"} <= real_places() and not any(name.endswith("\r") for name in real_places())
    index = BodyIndex([("wangwu.txt", "王屋镇人民政府", 2020), ("wangdian.txt", "王店镇人民政府", 2024)])
    reader = Understander(index)
    for question, body in (("王屋镇政府信息公开工作存在哪些问题？", "王屋镇人民政府"),
                           ("王店镇2024年新收申请", "王店镇人民政府")):
        assert [[e.key for e in m.entities] for m in reader.read(question, 2025).bodies.mentions] == [[body]]
