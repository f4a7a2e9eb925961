"""Follow-ups: a question that leaves out the body, year or figure takes them from the conversation so far."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.understand.bodies import BodyIndex, Entity, Mention
from app.understand.fields import GROUPS, Field, row_columns
from app.understand.intent import AGGREGATE, COMPARE, FIGURE, PASSAGE, RANK, TREND, Understanding
from app.understand.years import apply_step
from indexer.schema import APPLICANT_COLUMNS, TABLES

APPLICANT_IDS = {c.id for c in APPLICANT_COLUMNS if c.id != "total"} | {"organisations"}

ABSENT, UNCLEAR, AMBIGUOUS = "absent", "unclear", "ambiguous"


@dataclass
class Plan:
    """What to answer: the kind, bodies, years and field, with what was assumed or carried over."""

    kind: str
    lang: str
    entities: list[Entity] = dataclasses.field(default_factory=list)
    years: list[int] = dataclasses.field(default_factory=list)
    years_given: bool = False
    field: Field | None = None
    choices: list[Field] = dataclasses.field(default_factory=list)
    ambiguous: list[Mention] = dataclasses.field(default_factory=list)
    unknown: list[str] = dataclasses.field(default_factory=list)
    scope: tuple[str, ...] = ()
    order: str = "desc"
    top: int = 1
    difference: bool = False
    part: int | None = None
    query: str = ""  # the passage query (a follow-up re-asks the previous one)
    exact: str | None = None  # the body's name exactly as printed, when the question wrote it so
    carried: list[str] = dataclasses.field(default_factory=list)  # 'body', 'year', 'field' taken from the conversation
    notes: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    def state(self) -> dict:
        """What the next question may leave out (JSON, passed back by the caller)."""
        return {"kind": self.kind, "lang": self.lang, "bodies": [e.key for e in self.entities], "years": self.years,
                "field": self.field.to_dict() if self.field else None, "scope": list(self.scope),
                "order": self.order, "query": self.query, "exact": self.exact}


_STATE_VALUES = {"kind": str, "lang": str, "order": str, "query": str, "exact": str, "field": dict}
_STATE_LISTS = {"bodies": str, "years": int, "scope": str}


def clean_state(state: object) -> dict:
    """The conversation state a caller passed back (API clients send any JSON), keeping only well-formed entries."""
    if not isinstance(state, dict):
        return {}
    out = {k: v for k, v in state.items() if k in _STATE_VALUES and isinstance(v, _STATE_VALUES[k])}
    for key, kind in _STATE_LISTS.items():
        if isinstance(state.get(key), list):
            out[key] = [v for v in state[key] if isinstance(v, kind) and not isinstance(v, bool)]
    return out


def _state_field(state: dict) -> Field | None:
    """The figure of the previous answer, if the state names a field of the schema."""
    raw = state.get("field")
    if not isinstance(raw, dict) or not isinstance(raw.get("table"), str) or not isinstance(raw.get("row"), str):
        return None
    table, row, column = raw["table"], raw["row"], raw.get("column")
    known = (table, row) in GROUPS or any(table in t and row in {r.id for r in t[table].rows} for t in TABLES.values())
    if not known:
        return None
    return Field(table, row, column if column in row_columns(table, row) else None)


def plan(u: Understanding, state: dict | None, bodies: BodyIndex) -> Plan:
    """The plan for a question, filling what it leaves out from the conversation state."""
    state = clean_state(state)
    if u.years.step is not None and not u.years.years:  # 那上一年呢 / 当年: counted from the conversation's year
        prev = state.get("years") or []
        apply_step(u.years, prev[0] if len(prev) == 1 else None, u.reference_year)
    p = Plan(u.kind, u.lang, list(u.entities), list(u.years.years), bool(u.years.years),
             u.fields.field, list(u.fields.choices), u.ambiguous, list(u.bodies.unknown), u.scope, u.order, u.top,
             u.difference, u.part, notes=list(u.notes) + list(u.years.notes))
    p.exact = next((m.exact for m in u.bodies.mentions if m.exact and len(m.entities) == 1), None)
    previous = _state_field(state)
    had = [bodies.by_key[k] for k in state.get("bodies", []) if k in bodies.by_key]
    follow = bool(state) and (u.elliptical or (not p.field and not p.choices and not u.bodies.mentions
                                               and bool(u.fields.columns) and previous is not None))
    if not p.field and not p.choices and previous and follow:
        p.field = _with_column(previous, u.fields.columns)
        p.carried.append("field")
    elif p.field and previous and follow and p.field.column is None and previous.column in APPLICANT_IDS \
            and p.field.table == previous.table == "requests":  # 这些里面予以公开的: same applicants
        p.field = Field(p.field.table, p.field.row, previous.column)
        p.carried.append("column")
    if state.get("kind") == PASSAGE and follow and not p.field and state.get("query"):
        p.query = state["query"]
        p.carried.append("question")
    if p.field and not p.entities and not p.ambiguous and not p.unknown:
        if follow and state.get("kind") in (AGGREGATE, RANK):
            p.kind, p.scope, p.order = state["kind"], tuple(state.get("scope") or ()), state.get("order", "desc")
        elif u.kind not in (AGGREGATE, RANK) and had:
            p.entities, p.exact = had, state.get("exact")
            p.carried.append("body")
    elif p.query and not p.entities and had:
        p.entities, p.exact = had, state.get("exact")
        p.carried.append("body")
    if not p.years and state.get("years") and (follow or p.carried or _same(p.entities, had)):
        p.years = [y for y in state["years"] if isinstance(y, int)]
        p.carried.append("year")
    p.kind = _kind(p, u)
    return p


def _with_column(previous: Field, columns: list[str]) -> Field:
    """The previous field, with the column this follow-up names (自然人呢？) where the row has it."""
    valid = [c for c in columns if c in row_columns(previous.table, previous.row) and c != "total"]
    return Field(previous.table, previous.row, valid[0]) if valid else previous


def _same(a: list[Entity], b: list[Entity]) -> bool:
    return bool(a) and [e.key for e in a] == [e.key for e in b]


def _kind(p: Plan, u: Understanding) -> str:
    """The kind once the conversation has filled in what the question left out."""
    if p.unknown and not p.entities and not p.ambiguous:
        return ABSENT
    if p.ambiguous:
        return AMBIGUOUS
    if u.kind == PASSAGE and "field" not in p.carried and (p.field or p.choices):
        return PASSAGE  # a question for the text (怎么, 正文里说) that also names a figure
    if p.field is None:
        return UNCLEAR if p.choices else PASSAGE
    if len(p.entities) >= 2:
        return COMPARE
    if len(p.entities) == 1:
        trend = u.kind == TREND or len(p.years) >= 2 or (u.kind == RANK and "year" in u.question.lower())
        return TREND if trend or "哪一年" in u.question or "哪年" in u.question else FIGURE
    if p.kind in (AGGREGATE, RANK):
        return p.kind
    return u.kind if u.kind in (AGGREGATE, RANK) else FIGURE


__all__ = ["ABSENT", "AMBIGUOUS", "COMPARE", "FIGURE", "PASSAGE", "TREND", "UNCLEAR", "Plan", "plan"]
