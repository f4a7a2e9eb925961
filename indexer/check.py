"""The consistency rules (勾稽关系) of schema.md, run over one report's facts; breaks are findings."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from indexer.model import Fact, Report
from indexer.schema import APPLICANT_COLUMNS, OUTCOME_ROW_PREFIXES, REQUESTS_2019, REQUESTS_2021, REVIEW

_APPLICANTS = tuple(c.id for c in APPLICANT_COLUMNS if c.id != "total")
_COLUMNS = tuple(c.id for c in APPLICANT_COLUMNS)
_ROW_ORDER = list(dict.fromkeys([r.id for r in REQUESTS_2021.rows] + [r.id for r in REQUESTS_2019.rows]))


@dataclass(frozen=True)
class Finding:
    """One broken rule: which, where, the two sides and the figures involved."""

    rule: int
    table: str
    where: str  # the row or column the rule was checked on
    expected: float  # the printed total
    computed: float  # what the parts add up to
    figures: dict[str, float]  # "row/column" -> value, the figures involved

    def describe(self) -> str:
        """One line in words: the rule, the printed total and what its parts add up to."""
        parts = ", ".join(f"{k}={_fmt(v)}" for k, v in self.figures.items())
        return (f"rule {self.rule} ({self.table}, {self.where}): printed {_fmt(self.expected)}, "
                f"parts add up to {_fmt(self.computed)} [{parts}]")

    def to_dict(self) -> dict:
        return {**asdict(self), "message": self.describe()}


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


def _sum_rule(rule: int, table: str, where: str, total: tuple[str, float | None],
              parts: list[tuple[str, float | None]]) -> Finding | None:
    """A finding when every figure is printed and the parts do not add up to the total."""
    if total[1] is None or any(v is None for _, v in parts):
        return None
    computed = sum(v for _, v in parts)  # type: ignore[misc]
    if abs(computed - total[1]) < 1e-6:
        return None
    figures = {total[0]: total[1], **{k: v for k, v in parts}}
    return Finding(rule, table, where, total[1], computed, figures)  # type: ignore[arg-type]


def check_facts(facts: list[Fact]) -> list[Finding]:
    """Every broken rule among these facts (rules whose figures are not all printed are skipped)."""
    v = {f.key(): f.value for f in facts}
    req_rows = sorted({r for (t, r, _c) in v if t == "requests"}, key=_row_order)
    out: list[Finding | None] = []
    for row in req_rows:  # rule 1
        out.append(_sum_rule(1, "requests", row, (f"{row}/total", v.get(("requests", row, "total"))),
                             [(f"{row}/{c}", v.get(("requests", row, c))) for c in _APPLICANTS]))
    split = any(r.startswith("other.") for r in req_rows)
    shape = REQUESTS_2021 if split else REQUESTS_2019
    outcome_rows = [r.id for r in shape.rows if r.id.startswith(OUTCOME_ROW_PREFIXES)]
    for col in _COLUMNS:
        get = lambda r, c=col: v.get(("requests", r, c))  # noqa: E731
        if req_rows:  # rule 2
            out.append(_sum_rule(2, "requests", col, ("handled_total+carried_forward", _add(
                get("handled_total"), get("carried_forward"))), [
                (f"new_received/{col}", get("new_received")), (f"carried_over/{col}", get("carried_over"))]))
        if outcome_rows:  # rule 3
            out.append(_sum_rule(3, "requests", col, (f"handled_total/{col}", get("handled_total")),
                                 [(f"{r}/{col}", get(r)) for r in outcome_rows]))
    for row in REVIEW.rows:  # rule 4
        parts = [(f"{row.id}/{c}", v.get(("review", row.id, c))) for c in ("upheld", "corrected",
                                                                          "other_result", "pending")]
        if any(p[1] is not None for p in parts):
            out.append(_sum_rule(4, "review", row.id, (f"{row.id}/total", v.get(("review", row.id, "total"))),
                                 parts))
    return [f for f in out if f is not None]


def _add(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a + b


def _row_order(row: str) -> int:
    return _ROW_ORDER.index(row) if row in _ROW_ORDER else len(_ROW_ORDER)


def check_report(report: Report) -> list[Finding]:
    """The consistency findings of one parsed report."""
    return check_facts(report.facts)
