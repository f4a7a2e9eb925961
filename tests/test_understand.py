"""Understanding questions: bodies (partial, prefixed, pinyin, same prefix, a year in the name), years, fields."""

from __future__ import annotations

import pytest

from app.understand.bodies import BodyIndex, split_name
from app.understand.fields import Field, FieldMatcher
from app.understand.intent import AGGREGATE, COMPARE, FIGURE, PASSAGE, RANK, TREND, Understander
from app.understand.text import normalise
from app.understand.years import find_years

REPORTS = [
    ("wangwu.txt", "王屋镇人民政府", 2020), ("xiguo.txt", "孟州市西虢镇人民政府", 2020),
    ("wanglejing.txt", "盐池县王乐井乡", 2020), ("wangdian.txt", "王店镇人民政府", 2024),
    ("wangdiantun.txt", "王店屯镇人民政府", 2024), ("hz23.pdf", "洪泽区人民政府", 2023),
    ("hz24.pdf", "淮安市洪泽区人民政府", 2024), ("jinwu-a.txt", "石河县金屋镇", 2021),
    ("jinwu-b.txt", "青山县金屋镇人民政府", 2021), ("aoyun.txt", "2008奥运村街道办事处", 2020),
    ("fgj.html", "沭阳县发展和改革局", 2023), ("kewei.md", "上海市科委", 2024),
]


@pytest.fixture(scope="module")
def bodies() -> BodyIndex:
    return BodyIndex(REPORTS)


def named(bodies: BodyIndex, question: str) -> list[list[str]]:
    """The bodies each mention may mean, by display name."""
    return [[e.key for e in m.entities] for m in bodies.find(normalise(question)).mentions]


@pytest.mark.parametrize(("question", "expected"), [
    ("王屋镇2020年收到多少申请", "王屋镇人民政府"),
    ("王屋2020年收到多少申请", "王屋镇人民政府"),
    ("王屋镇政府2020年收到多少申请", "王屋镇人民政府"),
    ("西虢镇2020年采购金额", "孟州市西虢镇人民政府"),
    ("孟州市西虢镇2020年采购金额", "孟州市西虢镇人民政府"),
    ("西虢2020年采购金额", "孟州市西虢镇人民政府"),
    ("王乐井乡收到多少申请", "盐池县王乐井乡"),
    ("How many requests did Wangwu Town receive in 2020?", "王屋镇人民政府"),
    ("What was Xiguo's procurement amount?", "孟州市西虢镇人民政府"),
    ("How many requests did Meng Zhou Xiguo get", "孟州市西虢镇人民政府"),
    ("how many requests did 王屋镇 receive in 2020", "王屋镇人民政府"),
    ("沭阳县发改局2023年收到多少申请", "沭阳县发展和改革局"),
    ("上海市科学技术委员会2024年收到多少申请", "上海市科委"),
])
def test_body_partial_prefixed_pinyin(bodies: BodyIndex, question: str, expected: str) -> None:
    assert named(bodies, question) == [[expected]]


def test_same_prefix_longest_name_wins(bodies: BodyIndex) -> None:
    assert named(bodies, "王店屯镇2024年收到多少申请") == [["王店屯镇人民政府"]]
    assert named(bodies, "王店镇2024年收到多少申请") == [["王店镇人民政府"]]
    assert sorted(named(bodies, "王店2024年收到多少申请")[0]) == ["王店屯镇人民政府", "王店镇人民政府"]


def test_one_body_across_years_by_core_name(bodies: BodyIndex) -> None:
    assert named(bodies, "洪泽区历年收到多少申请") == [["淮安市洪泽区人民政府"]]
    ent = bodies.by_printed["洪泽区人民政府"]
    assert ent is bodies.by_printed["淮安市洪泽区人民政府"] and ent.years == [2023, 2024]
    assert split_name("淮安市洪泽区人民政府").core == split_name("洪泽区人民政府").core == "洪泽区"


def test_same_short_name_two_counties_is_ambiguous(bodies: BodyIndex) -> None:
    assert sorted(named(bodies, "金屋镇2021年收到多少申请")[0]) == ["石河县金屋镇", "青山县金屋镇人民政府"]
    assert named(bodies, "青山县金屋镇2021年收到多少申请") == [["青山县金屋镇人民政府"]]


def test_year_inside_a_body_name_is_not_the_year(bodies: BodyIndex) -> None:
    u = Understander(bodies).read("2008奥运村街道办事处2020年收到多少件申请", 2026)
    assert [e.key for e in u.entities] == ["2008奥运村街道办事处"]
    assert u.years.years == [2020]


def test_unknown_body_is_noticed(bodies: BodyIndex) -> None:
    assert bodies.find("紫霞镇2020年收到多少件政府信息公开申请？").unknown == ["紫霞镇"]
    assert bodies.find("How many requests did Zixia Town receive?").unknown == ["Zixia Town"]
    assert bodies.find("2020年所有乡镇一共收到多少件申请").unknown == []
    assert bodies.find("2020年哪个乡镇的采购金额最高").unknown == []
    assert bodies.find("紫霞县教育局2022年收到多少申请").unknown == ["紫霞县教育局"]  # the department, not the county
    assert bodies.find("紫霞镇人民政府去年收到多少申请").unknown == ["紫霞镇"]


@pytest.mark.parametrize(("text", "years"), [
    ("王屋镇2020年收到多少", [2020]), ("王屋镇２０２０年收到多少", [2020]), ("二〇二〇年王屋镇", [2020]),
    ("王屋镇2020年度", [2020]), ("2019年到2021年", [2019, 2020, 2021]), ("in 2020 and 2021", [2020, 2021]),
    ("王屋镇收到多少", []), ("热线12345收到多少", []),
    ("2020年结转到明年办理的", [2020]), ("留到明年继续办的", []), ("明年继续办理几件", []),
    ("明年王屋镇收到多少", [2027]), ("这两年收到多少", [2024, 2025]),
])
def test_years(text: str, years: list[int]) -> None:
    assert find_years(normalise(text), 2026).years == years


def test_relative_years_say_what_was_assumed() -> None:
    found = find_years("王屋镇去年收到多少", 2026)
    assert found.years == [2025] and "2025" in found.notes[0][0]
    assert find_years("how many last year", 2026).years == [2025]
    assert find_years("前年", 2026).years == [2024]
    assert find_years("requests carried over from last year", 2026).years == []


@pytest.fixture(scope="module")
def fields() -> FieldMatcher:
    return FieldMatcher()


@pytest.mark.parametrize(("question", "field"), [
    ("收到多少政府信息公开申请", Field("requests", "new_received")),
    ("新收的申请里自然人提交了几件", Field("requests", "new_received", "natural_person")),
    ("企业申请了多少件", Field("requests", "new_received", "commercial")),
    ("法人或其他组织提出了几件申请", Field("requests", "new_received", "organisations")),
    ("因为本机关不掌握相关政府信息而无法提供", Field("requests", "unable.not_held")),
    ("信访举报投诉类申请不予处理的有多少件", Field("requests", "not_processed.complaint")),
    ("不予公开的申请有多少件", Field("requests", "denied")),
    ("予以公开的申请有多少", Field("requests", "granted")),
    ("部分公开多少件", Field("requests", "partially_granted")),
    ("结转下年度继续办理的申请数", Field("requests", "carried_forward")),
    ("上年结转多少件", Field("requests", "carried_over")),
    ("行政复议案件总数", Field("review", "reconsideration", "total")),
    ("行政复议结果纠正的有几件", Field("review", "reconsideration", "corrected")),
    ("行政诉讼有多少件", Field("review", "litigation")),
    ("政府集中采购总金额是多少万元", Field("active", "procurement", "amount")),
    ("政府集中采购项目有多少个", Field("active", "procurement", "projects")),
    ("行政事业性收费金额", Field("active", "fees", "amount")),
    ("现行有效的行政规范性文件有几件", Field("active", "normative_documents", "in_force")),
    ("行政处罚决定有多少", Field("active", "penalty", "decisions")),
    ("How many requests did it receive", Field("requests", "new_received")),
    ("How many requests were granted in full", Field("requests", "granted")),
    ("How many requests were denied as state secrets", Field("requests", "denied.state_secret")),
    ("How many administrative lawsuits did it face", Field("review", "litigation")),
    ("total central government procurement amount", Field("active", "procurement", "amount")),
    ("fees collected", Field("active", "fees", "amount")),
    ("requests from natural persons", Field("requests", "new_received", "natural_person")),
    ("How many requests were carried over to next year", Field("requests", "carried_forward")),
    ("How many requests were carried over from the previous year", Field("requests", "carried_over")),
    ("requests brought forward", Field("requests", "carried_over")),
    ("结转下一年度继续办理的有多少", Field("requests", "carried_forward")),
    ("有多少申请转到明年办理", Field("requests", "carried_forward")),
    ("How many requests were not processed because they were repeated", Field("requests", "not_processed.duplicate")),
    ("How many administrative coercion decisions", Field("active", "enforcement", "decisions")),
    ("How many requests came from legal service agencies", Field("requests", "new_received", "legal_service")),
    ("How many requests were refused as administrative enforcement files",
     Field("requests", "denied.enforcement_file")),
])
def test_fields(fields: FieldMatcher, question: str, field: Field) -> None:
    assert fields.find(question).field == field


@pytest.mark.parametrize(("question", "field"), [
    ("行政复意有多少", Field("review", "reconsideration")),  # homophone
    ("政府集中采够总金额", Field("active", "procurement", "amount")),
    ("信访举报投述类申请不予处理", Field("requests", "not_processed.complaint")),  # beside its group's words
    ("未经复意直接起诉的行政诉讼", Field("review", "litigation_direct")),
    ("因本机关不掌据相关政府信息而无法提供", Field("requests", "unable.not_held")),
    ("How many reconsideraton cases", Field("review", "reconsideration")),
    ("How many procurment projects", Field("active", "procurement", "projects")),
])
def test_field_typos(fields: FieldMatcher, question: str, field: Field) -> None:
    assert fields.find(question).field == field


def test_unclear_fields_offer_choices_never_guess(fields: FieldMatcher) -> None:
    found = fields.find("How many applications were rejected because the information does not exist")
    assert found.field == Field("requests", "unable.not_held")  # a reason names its outcome (not 'denied')
    for question in ("结转了多少", "How many requests were carried over"):  # from last year, or into the next?
        found = fields.find(question)
        assert found.field is None and {c.row for c in found.choices} == {"carried_over", "carried_forward"}
    found = fields.find("收到的申请中有多少件是关于土地征收的")  # only generic words explain part of it: the text
    assert found.field is None and found.choices == []
    assert fields.find("王屋镇通过哪些渠道公开政府信息").field is None
    assert fields.find("主动公开的信息中政策解读有多少条").field is None
    assert fields.find("受理数量").field == Field("requests", "new_received")  # not 办理数量 misspelt


@pytest.mark.parametrize(("question", "kind"), [
    ("王屋镇2020年收到多少件申请", FIGURE), ("2020年所有乡镇一共收到多少件申请", AGGREGATE),
    ("2020年哪个乡镇的政府集中采购金额最高", RANK), ("王屋镇和西虢镇2020年采购金额比较", COMPARE),
    ("王屋镇历年收到的申请数", TREND), ("王屋镇2019年到2021年收到的申请", TREND),
    ("王屋镇通过哪些渠道公开政府信息", PASSAGE), ("Which town received the most requests in 2020?", RANK),
])
def test_kinds(bodies: BodyIndex, question: str, kind: str) -> None:
    assert Understander(bodies).read(question, 2026).kind == kind


def test_language_and_mixed_scripts(bodies: BodyIndex) -> None:
    u = Understander(bodies).read("how many requests did 王屋镇 receive in ２０２０", 2026)
    assert (u.lang, [e.key for e in u.entities], u.years.years) == ("en", ["王屋镇人民政府"], [2020])
    assert Understander(bodies).read("王屋镇2020年收到多少件申请", 2026).lang == "zh"
