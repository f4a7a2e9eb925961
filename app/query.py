"""The typed query every way of asking becomes: bodies, years, cells of the schema, an operation, what was assumed."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.understand.fields import Field
from app.understand.text import MASK, mask

Note = tuple[str, str]  # (zh, en): something assumed, said before the answer


class Operation(StrEnum):
    """What to do with the cells: one figure, a sum, a difference, a rate, a ranking, bodies side by side…"""

    FIGURE = "figure"  # one body, one year, one cell
    SUM = "sum"  # the cell added up over every report of the years asked
    DIFFERENCE = "difference"  # two bodies compared, the value being their difference
    RATE = "rate"  # cells[0] as a share of cells[1], one body and year
    RANK = "rank"  # the bodies ordered by the cell
    COMPARE = "compare"  # two or more bodies side by side
    TREND = "trend"  # one body over its years
    PASSAGE = "passage"  # a prose question: passages of the reports
    CALC = "calc"  # a sum, difference or share of named figures (terms), computed with its formula


class Kind(StrEnum):
    """The `kind` of an answer (the answer JSON's field)."""

    FIGURE = "figure"
    AGGREGATE = "aggregate"
    RANK = "rank"
    COMPARE = "compare"
    TREND = "trend"
    RATE = "rate"
    PASSAGE = "passage"
    ABSENT = "absent"  # the body or year is not indexed
    AMBIGUOUS = "ambiguous"  # a name or a figure that fits several: the answer asks which
    UNCLEAR = "unclear"  # the wording fits several cells: the answer offers them
    CALC = "calc"  # a computed sum, difference or share of named figures
    HELP = "help"  # small talk: a short help with example questions
    REFUSED = "refused"  # nothing asked (empty, too long)
    ERROR = "error"


OPERATION_KIND = {Operation.FIGURE: Kind.FIGURE, Operation.SUM: Kind.AGGREGATE, Operation.DIFFERENCE: Kind.COMPARE,
                  Operation.RATE: Kind.RATE, Operation.RANK: Kind.RANK, Operation.COMPARE: Kind.COMPARE,
                  Operation.TREND: Kind.TREND, Operation.PASSAGE: Kind.PASSAGE, Operation.CALC: Kind.CALC}
KIND_OPERATION = {Kind.AGGREGATE: Operation.SUM, Kind.RANK: Operation.RANK}  # what a follow-up carries over


@dataclass(frozen=True)
class Query:
    """One question, look-up, comparison or API call, as the engine answers it."""

    operation: Operation
    lang: str = "zh"
    bodies: tuple[str, ...] = ()  # body keys of the body index (app.understand.bodies)
    years: tuple[int, ...] = ()
    cells: tuple[Field, ...] = ()  # the figure(s) of the schema; empty for a passage question
    exact: str | None = None  # the body's name exactly as printed, when the asker wrote it so
    scope: tuple[str, ...] = ()  # body kinds a sum or ranking is limited to (镇, 乡, 街道 …)
    order: str = "desc"  # rank: most first (desc) or least first (asc)
    top: int = 1
    part: int | None = None  # the part of the report a passage question is about
    text: str = ""  # the passage query (the question without the body's name)
    question: str = ""  # the question as asked, normalised (choices rewrite it)
    choices: tuple[Field, ...] = ()  # the closest cells, when the wording fits several
    unknown: tuple[str, ...] = ()  # body names asked for that are not indexed
    ambiguous: tuple[Any, ...] = ()  # mentions that fit several bodies (app.understand.bodies.Mention)
    typos: tuple[tuple[str, str], ...] = ()  # (as written, as understood)
    carried: tuple[str, ...] = ()  # 'body', 'year', 'field', 'question' taken from the conversation
    assumed: tuple[Note, ...] = ()  # what was assumed (a default year, 去年 read as 2024 …)
    calc: str = ""  # CALC: sum, difference or ratio
    terms: tuple[tuple[str, str, int, Field], ...] = ()  # CALC: (side 'a'/'b', body key, year or 0, cell)
    unreadable: tuple[str, ...] = ()  # year-like words that could not be read (2O23年): asked back
    excluded: tuple[str, ...] = ()  # cells left out (除了自然人以外), "kind:table:id": a follow-up keeps them

    @property
    def cell(self) -> Field | None:
        """The first (usually the only) cell."""
        return self.cells[0] if self.cells else None

    @property
    def kind(self) -> Kind:
        """The kind of answer this query gets before any figure is looked at."""
        if self.unknown and not self.bodies and not self.ambiguous:
            return Kind.ABSENT
        if self.ambiguous:
            return Kind.AMBIGUOUS
        if not self.cells:
            return Kind.UNCLEAR if self.choices else Kind.PASSAGE
        return OPERATION_KIND[self.operation]

    def with_(self, **changes: Any) -> Query:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    def assuming(self, zh: str, en: str) -> Query:
        """A copy that says one more thing it assumed."""
        return dataclasses.replace(self, assumed=(*self.assumed, (zh, en)))

    def state(self, kind: Kind | None = None) -> dict:
        """The conversation state: what the next question may leave out (plain JSON, passed back by the caller)."""
        cell = self.cell
        return {"kind": str(kind or self.kind), "lang": self.lang, "bodies": list(self.bodies),
                "years": list(self.years), "field": cell.to_dict() if cell else None, "scope": list(self.scope),
                "order": self.order, "query": self.text, "exact": self.exact, "excluded": list(self.excluded)}


def without(text: str, spans: list[tuple[int, int]], strip: bool = True) -> str:
    """The text with these spans (a body's name) taken out, spaces collapsed: the words a passage search ranks by."""
    out = re.sub(r"\s+", " ", mask(text, spans).replace(MASK, ""))
    return out.strip() if strip else out
