"""The cross-year audit of one body's reports: 上年结转 of year N+1 must equal 结转下年度 of year N (per applicant
column), and a headline figure that jumps tenfold between consecutive years deserves a look."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass

from indexer.store import Store, StoredFact

CARRY_FROM = ("requests", "carried_forward")  # 四、结转下年度继续办理 of year N
CARRY_TO = ("requests", "carried_over")  # 二、上年结转政府信息公开申请数量 of year N+1
JUMP_CELLS = (  # (table, row, column, words): headline figures compared year on year
    ("requests", "new_received", "total", "本年新收政府信息公开申请数量"),
    ("requests", "handled_total", "total", "办理结果总计"),
    ("review", "reconsideration", "total", "行政复议总计"),
    ("review", "litigation_direct", "total", "未经复议直接起诉的行政诉讼总计"),
)
JUMP_FACTOR = 10
JUMP_FLOOR = 20  # a jump to (or from) fewer than this many is ordinary noise (1 → 12 is no story)


@dataclass(frozen=True)
class YearBreak:
    """One break across two consecutive years of one body."""

    kind: str  # "carry" (结转 does not match) or "jump" (a tenfold change)
    body: str
    year: int  # the earlier year; the later one is year + 1
    column: str  # the applicant column (carry) or the cell's words (jump)
    before: float  # 结转下年度 of `year`, or the figure in `year`
    after: float  # 上年结转 of `year + 1`, or the figure in `year + 1`
    report_before: str
    line_before: int
    report_after: str
    line_after: int

    def words(self) -> str:
        """The break in plain Chinese."""
        a, b = _num(self.before), _num(self.after)
        if self.kind == "carry":
            where = "" if self.column == "total" else f"（{COLUMN_WORDS.get(self.column, self.column)}）"
            return (f"{self.body}{self.year}年“结转下年度继续办理”{where}为 {a}，"
                    f"但{self.year + 1}年“上年结转”{where}为 {b}，两者应当相等。")
        return (f"{self.body}“{self.column}”从{self.year}年的 {a} 变为{self.year + 1}年的 {b}，"
                f"相差{JUMP_FACTOR}倍以上，值得核对。")

    def to_dict(self) -> dict:
        """As plain data, with the words."""
        return {**asdict(self), "message": self.words()}


COLUMN_WORDS = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
                "social_welfare": "社会公益组织", "legal_service": "法律服务机构", "other_org": "其他",
                "total": "总计"}


def _num(v: float) -> str:
    """A figure as printed (12.0 → 12)."""
    return str(int(v)) if float(v).is_integer() else str(v)


def _by_body_year(facts: list[StoredFact], body_of: Mapping[str, str]) -> dict[str, dict[int, list[StoredFact]]]:
    """Facts grouped by body (a report's body in `body_of`, else as printed) and year; a body-year printed by more
    than one report is left out (which is right?)."""
    grouped: dict[str, dict[int, list[StoredFact]]] = defaultdict(lambda: defaultdict(list))
    reports: dict[tuple[str, int], set[str]] = defaultdict(set)
    for f in facts:
        body = body_of.get(f.report) or f.body
        if body and f.year:
            grouped[body][f.year].append(f)
            reports[(body, f.year)].add(f.report)
    for (body, year), names in reports.items():
        if len(names) > 1:
            del grouped[body][year]
    return grouped


def carry_breaks(before: list[StoredFact], after: list[StoredFact], body: str, year: int) -> list[YearBreak]:
    """结转下年度 of `year` against 上年结转 of `year + 1`, column by column where both are printed."""
    gone = {f.column: f for f in before if (f.table, f.row) == CARRY_FROM}
    came = {f.column: f for f in after if (f.table, f.row) == CARRY_TO}
    out = []
    for column in [c for c in COLUMN_WORDS if c in gone and c in came]:
        a, b = gone[column], came[column]
        if abs(a.value - b.value) > 1e-6:
            out.append(YearBreak("carry", body, year, column, a.value, b.value, a.report, a.line, b.report, b.line))
    return out


def jump_breaks(before: list[StoredFact], after: list[StoredFact], body: str, year: int) -> list[YearBreak]:
    """Headline figures that grow or shrink tenfold (or more) from `year` to `year + 1`."""
    old = {(f.table, f.row, f.column): f for f in before}
    new = {(f.table, f.row, f.column): f for f in after}
    out = []
    for table, row, column, words in JUMP_CELLS:
        a, b = old.get((table, row, column)), new.get((table, row, column))
        if not a or not b or max(a.value, b.value) < JUMP_FLOOR:
            continue
        low, high = sorted((a.value, b.value))
        if low == 0 or high / low >= JUMP_FACTOR:
            out.append(YearBreak("jump", body, year, words, a.value, b.value, a.report, a.line, b.report, b.line))
    return out


def audit_facts(facts: list[StoredFact], body_of: Mapping[str, str] | None = None) -> list[YearBreak]:
    """Every cross-year break among these facts, by body and year; `body_of` names each report's body across
    spellings (洪泽区人民政府 2023 and 淮安市洪泽区人民政府 2024 are one body's two years)."""
    out: list[YearBreak] = []
    for body, years in sorted(_by_body_year(facts, body_of or {}).items()):
        for year in sorted(years):
            if year + 1 in years:
                out += carry_breaks(years[year], years[year + 1], body, year)
                out += jump_breaks(years[year], years[year + 1], body, year)
    return out


def audit(store: Store, body_of: Mapping[str, str] | None = None) -> list[YearBreak]:
    """Every cross-year break in an index's facts store; bodies as `body_of` names them, else each report's
    canonical body."""
    if body_of is None:
        body_of = {r.report: b for r in store.reports() if (b := r.canonical_body or r.body)}
    return audit_facts([f for f in store.facts() if f.confidence == "high"], body_of)
