"""What kind of question it is: one figure, a sum or a ranking across reports, a comparison, a trend, or prose."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from app.understand.bodies import BodyFind, BodyIndex
from app.understand.fields import Field, FieldFind, FieldMatcher
from app.understand.text import language, mask, normalise, residue
from app.understand.years import Years, find_years

FIGURE, AGGREGATE, RANK, COMPARE, TREND, PASSAGE = "figure", "aggregate", "rank", "compare", "trend", "passage"

_RANK = re.compile(r"哪个|哪一个|哪些|哪家|哪位|哪里|谁的|最多|最少|最高|最低|最大|最小|排名|排行|"
                   r"前[一二三四五六七八九十\d]+名?|\bwhich\b|\bwhose\b|\bmost\b|\bfewest\b|\bleast\b|"
                   r"\bhighest\b|\blowest\b|\blargest\b|\bsmallest\b|\btop\b|\brank", re.I)
_ASCENDING = re.compile(r"最少|最低|最小|倒数|fewest|least|lowest|smallest|bottom", re.I)
_TOP_N = re.compile(r"前([一二三四五六七八九十\d]+)|top\s*(\d+)", re.I)
_AGGREGATE = re.compile(r"所有|全部|一共|总共|合计|共计|加起来|总和|这些(?!里|中|当中|之中)|"
                        r"各个?(?:乡镇|镇|乡|机关|单位|部门|县|区)|"
                        r"全县|全市|全区|累计|\ball\b|\bin total\b|\baltogether\b|\bcombined\b|\bacross\b|"
                        r"\bsum\b|\bthese\b|\bevery\b|\beach\b", re.I)
_DIFFERENCE = re.compile(r"多多少|少多少|差多少|相差|差距|高多少|低多少|how many more|how much more|difference",
                         re.I)
_TREND = re.compile(r"趋势|变化|历年|每年|逐年|各年|近[一二三四五六七八九十几\d]+年|这几年|多年来|哪一?年|"
                    r"over the years|trend|each year|every year|by year|over time|changed|change over|which year|"
                    r"all years", re.I)
_COMPARED = re.compile(r"比|(?:多|少|增加|减少|增长|下降|高|低|上升|降低)了?(?:多少|几)|\bmore\b|\bfewer\b|"
                       r"\bless\b|\bincrease|\bdecrease|\bcompared\b", re.I)
_CHANGE_NAMED = re.compile(r"增减|增/减|增或减|增减变化|本年增|\bchange\b", re.I)
_FOLLOW = re.compile(r"^(?:那|那么|那在|那如果|再问|换成|改成|还有|其中|这些|这里面|这当中|里面|"
                     r"and\b|what about|how about|same for|and for)|"
                     r"呢[?？]?$", re.I)
_SCOPE_ZH = re.compile(r"(?:所有|全部|各个?|哪个|哪一个|哪些|这些|那些|每个|全)"
                       r"(乡镇|街道|镇|乡|县|区|部门|单位|机关)")
_SCOPE_GOV = re.compile(r"(?<![\u4e00-\u9fff])(乡镇|街道|镇|乡)(?:人民政府|政府|办事处)")  # 镇政府…哪个最多
_SCOPE_EN = re.compile(r"\b(towns?|townships?|count(?:y|ies)|districts?|departments?|bureaus?|subdistricts?)\b", re.I)
_SCOPE_KINDS = {"乡镇": ("镇", "乡", "街道"), "街道": ("街道",), "镇": ("镇", "乡", "街道"), "乡": ("乡",),
                "县": ("县",), "区": ("区",), "部门": ("部门",), "town": ("镇", "乡", "街道"), "township": ("乡",),
                "county": ("县",), "countie": ("县",), "district": ("区",), "department": ("部门",),
                "bureau": ("部门",), "subdistrict": ("街道",)}
_PROSE = re.compile(r"怎么|怎样|如何|什么|哪些措施|为什么|为何|做法|措施|举措|\bhow (?:do|did|does|will|to)\b|"
                    r"\bwhy\b", re.I)
_COUNT = re.compile(r"多少|几[件个条项次起家]|数量|数是|总数|\bhow many\b|\bhow much\b|\bnumber\b|\bamount\b", re.I)
_TEXT_SAYS = re.compile(r"正文|文中|原文|《|报告里说|年报说|报告说|年报里说|年报中说")
_PARTS = ((re.compile(r"问题|不足|困难|短板|改进|整改|problem|shortcoming|weakness|improve", re.I), 5),)


@dataclass
class Understanding:
    """Everything read from one question, before the conversation fills what it leaves out."""

    question: str  # normalised
    lang: str
    bodies: BodyFind
    years: Years
    fields: FieldFind
    kind: str
    order: str = "desc"  # rank: desc (most) or asc (least)
    top: int = 1
    scope: tuple[str, ...] = ()  # body kinds an aggregate or ranking is limited to
    difference: bool = False
    elliptical: bool = False  # a follow-up leaving out what the previous question said
    part: int | None = None
    reference_year: int = 0
    notes: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @property
    def entities(self) -> list:
        """The bodies named, one per mention, in order (only mentions that name exactly one body)."""
        out = []
        for m in self.bodies.mentions:
            if len(m.entities) == 1 and m.entities[0] not in out:
                out.append(m.entities[0])
        return out

    @property
    def ambiguous(self) -> list:
        """Mentions that could mean several bodies."""
        return [m for m in self.bodies.mentions if len(m.entities) > 1]


def _scope(text: str) -> tuple[str, ...]:
    """Body kinds a sum or ranking is limited to: 所有乡镇 -> (镇, 乡, 街道), 镇政府 -> the same; () for every body."""
    m = _SCOPE_ZH.search(text) or _SCOPE_GOV.search(text)
    word = m.group(1) if m else None
    if not word:
        m = _SCOPE_EN.search(text)
        word = m.group(1).lower().removesuffix("s") if m else None
    return _SCOPE_KINDS.get(word or "", ())


def _top(text: str) -> int:
    m = _TOP_N.search(text)
    if not m:
        return 1
    raw = m.group(1) or m.group(2)
    if raw.isdigit():
        return int(raw)
    return "一二三四五六七八九十".index(raw[0]) + 1 if len(raw) == 1 else 3


def classify(u: Understanding, masked: str) -> str:
    """The kind of question from its cues and how many bodies and years it names."""
    named = len(u.entities) + len(u.ambiguous)
    has_field = u.fields.field is not None or bool(u.fields.choices)
    if not has_field or (_PROSE.search(masked) and not _COUNT.search(masked)) or _TEXT_SAYS.search(masked):
        return PASSAGE
    if named >= 2:
        return COMPARE
    if named == 1:
        return TREND if len(u.years.years) >= 2 or _TREND.search(masked) else FIGURE
    if _RANK.search(masked):
        return RANK
    if _AGGREGATE.search(masked):
        return AGGREGATE
    return FIGURE


class Understander:
    """Reads questions against the indexed bodies and the field lexicon."""

    def __init__(self, bodies: BodyIndex) -> None:
        self.bodies = bodies
        self.fields = FieldMatcher()

    def read(self, question: str, reference_year: int) -> Understanding:
        """Bodies, years, field and kind of one question (no conversation yet)."""
        text = normalise(question)
        found = self.bodies.find(text)
        no_bodies = mask(text, found.spans)
        years = find_years(no_bodies, reference_year, found.spans)
        notes = []
        for m in found.mentions:
            if len(m.entities) > 1:
                self.bodies.narrow(m, years.years)
            if m.variant and len(m.entities) == 1:
                notes.append((f"“{m.written}”按“{m.entities[0].key}”理解", f"“{m.written}” read as "
                                                                      f"“{m.entities[0].key}”"))
        fields = self.fields.find(mask(no_bodies, years.spans))
        masked = mask(no_bodies, years.spans)
        if len(years.years) == 2 or len(found.mentions) == 2:
            _comparison_not_change(fields, masked)
        lang = language(mask(text, found.spans))
        u = Understanding(text, lang, found, years, fields, PASSAGE)
        u.reference_year = reference_year
        u.notes = notes
        u.kind = classify(u, masked)
        u.order = "asc" if _ASCENDING.search(masked) else "desc"
        u.top = _top(masked)
        u.scope = _scope(masked)
        u.difference = bool(_DIFFERENCE.search(masked))
        left = residue(mask(masked, fields.spans))
        u.elliptical = bool(_FOLLOW.search(text.strip())) or not left
        u.part = next((part for pattern, part in _PARTS if pattern.search(masked)), None)
        return u


def _comparison_not_change(fields: FieldFind, masked: str) -> None:
    """Two years or bodies compared (比2023年减少了多少): 增加/减少 say the comparison, not the 本年增减 column."""
    if not _COMPARED.search(masked) or _CHANGE_NAMED.search(masked):
        return
    if fields.field and fields.field.column == "change":
        fields.field = Field(fields.field.table, fields.field.row, None)
    rest = [c for c in fields.choices if c.column != "change"]
    if fields.choices and len(rest) == 1 and len({(c.table, c.row) for c in fields.choices}) == 1:
        fields.field, fields.choices = rest[0], []
    fields.columns = [c for c in fields.columns if c != "change"]

