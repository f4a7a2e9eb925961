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
    confidence: str = "high"  # "high"; "medium" (one reading left, e.g. a collapsed run expanded); "low" (doubtful)
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
    publisher: str | None = None  # 发布机构 of a crawler's header block, as printed
    published: str | None = None  # 发布时间 of the header block as YYYY-MM-DD
    canonical_body: str | None = None  # one name for the body across spellings (the printed `body` is cited)
    cells_left_out: int = 0  # cells of rows or tables that were printed but could not be read

    def read_status(self) -> str:
        """The parse status in words: 'read (N cells)', 'partly read (N of M cells)' or 'no tables'."""
        if self.template == "other":
            return "no tables"
        n = len(self.facts)
        if self.cells_left_out:
            return f"partly read ({n} of {n + self.cells_left_out} cells)"
        return f"read ({n} cells)"

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
