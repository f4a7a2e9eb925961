"""A question's Understanding (app.understand) and the conversation so far -> the typed Query the engine answers.

Follow-ups: a question that leaves out the body, year or figure takes them from the previous answer's state.
"""

from __future__ import annotations

import re

from app.query import KIND_OPERATION, Kind, Operation, Query, without
from app.understand.bodies import BodyIndex, Entity
from app.understand.fields import GROUPS, Field, in_group, row_columns
from app.understand.intent import AGGREGATE, COMPARE, PASSAGE, RANK, TREND, Understanding
from app.understand.names import split_name
from app.understand.years import apply_step
from indexer.schema import APPLICANT_COLUMNS, TABLES

_STATE_VALUES = {"kind": str, "lang": str, "order": str, "query": str, "exact": str, "field": dict}
_STATE_LISTS = {"bodies": str, "years": int, "scope": str, "excluded": str}
_ALL_APPLICANTS = re.compile(r"(?:所有|全部|各类|全体|各种)申请人|all applicants", re.I)
_ELLIPTICAL = re.compile(r"^[^多几少]*呢[？?]?$")  # 行政复议呢？: only the row changes (有几件 asks it whole)
_UP = re.compile(r"(市|县|区)(?:里|级(?!机关)|政府|本级)")  # 市里呢？ after a district's figure
_ORDER = re.compile(r"最多|最少|最高|最低|最大|最小|倒数|\bmost\b|\bleast\b|\bfewest\b|\bhighest\b|\blowest\b", re.I)
_ACROSS = (Kind.AGGREGATE, Kind.RANK)  # kinds a follow-up naming no body stays with
APPLICANT_IDS = {c.id for c in APPLICANT_COLUMNS if c.id != "total"} | {"organisations"}


def clean_state(state: object) -> dict:
    """The conversation state a caller passed back (API clients send any JSON), keeping only well-formed entries."""
    if not isinstance(state, dict):
        return {}
    out = {k: v for k, v in state.items() if k in _STATE_VALUES and isinstance(v, _STATE_VALUES[k])}
    for key, kind in _STATE_LISTS.items():
        if isinstance(state.get(key), list):
            out[key] = [v for v in state[key] if isinstance(v, kind) and not isinstance(v, bool)]
    before = state.get("before")
    if isinstance(before, dict) and isinstance(before.get("field"), dict) and \
            all(isinstance(before.get(k), list) and len(before[k]) == 1 for k in ("bodies", "years")) and \
            isinstance(before["bodies"][0], str) and isinstance(before["years"][0], int):
        out["before"] = {k: before[k] for k in ("bodies", "years", "field")}
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


def to_query(u: Understanding, state: dict | None, bodies: BodyIndex) -> Query:
    """The query of a question, filling what it leaves out from the conversation state."""
    state = clean_state(state)
    if u.years.step is not None and not u.years.years:  # 那上一年呢 / 当年: counted from the conversation's year
        prev = state.get("years") or []
        apply_step(u.years, prev[0] if len(prev) == 1 else None, u.reference_year)
    entities: list[Entity] = list(u.entities)
    years = list(u.years.years)
    field = u.fields.field
    choices = list(u.fields.choices)
    unknown = list(u.bodies.unknown)
    ambiguous = u.ambiguous
    scope, order = u.scope, u.order
    carried: list[str] = []
    text = ""
    exact = next((m.exact for m in u.bodies.mentions if m.exact and len(m.entities) == 1), None)
    previous = _state_field(state)
    had = [bodies.by_key[k] for k in state.get("bodies", []) if k in bodies.by_key]
    follow = bool(state) and (u.elliptical or (not field and not choices and not u.bodies.mentions
                                               and bool(u.fields.columns) and previous is not None))
    if not field and not choices and previous and follow:
        field = _with_column(previous, u.fields.columns)
        carried.append("field")
    elif field and previous and follow and field.column is None and previous.column not in (None, "total") \
            and field.table == previous.table and (
                (field.table == "active" and previous.column in row_columns(field.table, field.row)) or
                (field.table == "review" and (_siblings(previous.row, field.row, field.table) or
                                              _ELLIPTICAL.search(u.question))) or
                (field.table == "requests" and previous.column in APPLICANT_IDS)) \
            and not _ALL_APPLICANTS.search(u.question):
        # 这些里面予以公开的: the same applicants (but 所有申请人里: every applicant, the total column);
        # 本年增减呢 … 其他对外管理服务事项呢: the same measure of another row; a review outcome carries to a row of
        # the same group only (直接起诉的纠正 -> 复议后起诉的那一类呢; but 复议的纠正 -> 复议后起诉的: asked whole)
        field = Field(field.table, field.row, previous.column)
        carried.append("column")
    if state.get("kind") == Kind.PASSAGE and follow and not field and state.get("query"):
        text = state["query"]
        carried.append("question")
    up = _UP.search(u.question) if had and not entities and not ambiguous and not unknown else None
    if up:  # 洪泽区… 市里呢？: the city the previous body is in, if indexed; never the previous body again
        entities, unknown, note = _place_above(had, up.group(1), bodies)
        u.notes = [*u.notes, note] if note else u.notes
    across = None
    if field and not entities and not ambiguous and not unknown:
        if follow and state.get("kind") in _ACROSS:
            across = Kind(state["kind"])
            scope = tuple(state.get("scope") or ())
            order = u.order if _ORDER.search(u.question) else state.get("order", "desc")  # 最少的呢？
        elif had and (u.kind not in (AGGREGATE, RANK) or (u.kind == AGGREGATE and not u.scope)):
            # (一共 / 所有 with no scope word, in a conversation about a body: that body's figure, not all reports)
            entities, exact = had, state.get("exact")
            carried.append("body")
    elif text and not entities and had:
        entities, exact = had, state.get("exact")
        carried.append("body")
    if not years and state.get("years") and (follow or carried or _same(entities, had)):
        years = [y for y in state["years"] if isinstance(y, int)]
        carried.append("year")
    if u.kind == PASSAGE and "field" not in carried:
        choices = []  # a question for the text: no figure to choose
    q = Query(Operation.PASSAGE, u.lang, bodies=tuple(e.key for e in entities), years=tuple(years),
              cells=(field,) if field else (), exact=exact, scope=tuple(scope), order=order, top=u.top, part=u.part,
              text=text, question=u.question, choices=tuple(choices), unknown=tuple(unknown),
              ambiguous=tuple(ambiguous), typos=tuple(tuple(t) for t in u.fields.typos), carried=tuple(carried),
              assumed=tuple(u.notes) + tuple(u.years.notes))
    q = q.with_(operation=_operation(q, u, across))
    if not text and q.kind is Kind.PASSAGE:  # what a follow-up re-asks: the question without the body's name
        q = q.with_(text=without(u.question, u.bodies.spans))
    return q


def _place_above(had: list[Entity], level: str, bodies: BodyIndex) -> tuple[list[Entity], list[str], tuple | None]:
    """The government of the 市/县/区 the conversation's body is in (淮安市洪泽区 -> 淮安市人民政府): ([it], [], note),
    or ([], [its name], None) when that government is not indexed."""
    name = split_name(had[0].key)
    units = name.units if name.rest else name.units[:-1]  # a department is its place's; a government is under it
    place = next((x for x in reversed(units) if x.endswith(level)), "")
    if not place:
        return [], [f"{level}里"], None
    for e in bodies.entities:
        own = split_name(e.key)
        if not own.rest and own.units and own.units[-1] == place:
            return [e], [], (f"“{level}里”按{e.key}理解", f"“{level}里” read as {e.key}")
    return [], [place], None


def _with_column(previous: Field, columns: list[str]) -> Field:
    """The previous field, with the column this follow-up names (自然人呢？, 总计呢？) where the row has it."""
    valid = [c for c in columns if c in row_columns(previous.table, previous.row) and
             (c != "total" or previous.column not in (None, "total"))]
    return Field(previous.table, previous.row, valid[0]) if valid else previous


def _siblings(a: str, b: str, table: str) -> bool:
    """Two rows of one group (the two kinds of lawsuit)."""
    return a != b and any(t == table and in_group(a, ("group", t, g)) and in_group(b, ("group", t, g))
                          for t, g in GROUPS)


def _same(a: list[Entity], b: list[Entity]) -> bool:
    return bool(a) and [e.key for e in a] == [e.key for e in b]


def _operation(q: Query, u: Understanding, across: Kind | None) -> Operation:
    """The operation once the conversation has filled in what the question left out."""
    if not q.cells or (u.kind == PASSAGE and "field" not in q.carried):
        return Operation.PASSAGE  # no figure named, or a question for the text (怎么, 正文里说) that names one
    if len(q.bodies) >= 2:
        return Operation.DIFFERENCE if u.difference else Operation.COMPARE
    if len(q.bodies) == 1:
        trend = u.kind == TREND or len(q.years) >= 2 or (u.kind == RANK and "year" in u.question.lower())
        return Operation.TREND if trend or "哪一年" in u.question or "哪年" in u.question else Operation.FIGURE
    if across is not None:
        return KIND_OPERATION[across]
    return {AGGREGATE: Operation.SUM, RANK: Operation.RANK}.get(u.kind, Operation.FIGURE)


__all__ = ["COMPARE", "clean_state", "to_query"]
