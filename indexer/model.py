"""The plain data that flows from reading a report to the facts store: Fact and Report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Fact:
    """One printed figure: (table, row, column) -> value, with its unit and source line."""

    table: str
    row: str
    column: str
    value: int | float
    unit: str | None
    line: int  # 1-based line of the report text where the figure stands
    confidence: str = "high"  # "high" or "low" (alignment doubtful; never answered as certain)
    ocr_score: float | None = None  # the OCR score of the figure's cell where it was read from a scan

    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.column)


@dataclass
class Report:
    """One report as read and parsed: metadata, text, parts, facts and what went wrong."""

    report: str  # file name
    path: str
    text: str
    body: str | None = None
    year: int | None = None
    template: str = "other"  # "2019", "2021" or "other"
    signed: str | None = None  # signing date as YYYY-MM-DD where printed
    parts: dict[int, tuple[int, int]] = field(default_factory=dict)  # part -> (first, last) line
    facts: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # parse warnings, in words

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def fact_dicts(self) -> list[dict]:
        """Facts in the JSON shape of interfaces.md."""
        head = {"report": self.report, "body": self.body, "year": self.year, "template": self.template}
        out = []
        for f in self.facts:
            d = asdict(f)
            if d["ocr_score"] is None:
                del d["ocr_score"]
            out.append({**head, **d})
        return out
