"""Named API endpoints (`ask`, `lookup`, `compare`, `reports`, `fields`), the JSON of `app ask --json`."""

from __future__ import annotations

import logging

import gradio as gr

from app.reply import error_reply
from app.web import lookup as staff
from app.web.backend import Backend, jsonable
from app.web.labels import column_choices, row_choices, table_choices
from app.web.reports import report_summaries
from app.web.staff import CellError

log = logging.getLogger(__name__)


def fields() -> dict:
    """The schema's tables, rows and columns with their Chinese labels, to fill look-up calls."""
    out: dict = {}
    for t_label, t in table_choices():
        rows = {r: {"label": r_label,
                    "columns": {c: c_label for c_label, c in column_choices(t, r, english=True)}}
                for r_label, r in row_choices(t, english=True)}
        out[t] = {"label": t_label, "rows": rows}
    return out


def register_api(backend: Backend) -> None:
    """Add the named endpoints to the Blocks being built (call inside its `with`)."""

    def ask(question: str, state: dict | None = None) -> dict:
        """Answer a question; for a follow-up pass the `state` of the previous answer."""
        try:
            return jsonable(backend.ask(question, state or None))
        except Exception as exc:  # noqa: BLE001 - as `app ask`: an error answer, never a dead endpoint
            log.exception("answering %r failed", question)
            return error_reply(exc)

    def lookup(body: str, year: int, table: str, row: str, column: str = "") -> dict:
        """One figure by body (full or partial name), year, table, row and column ids (see `fields`)."""
        try:
            return staff.lookup(backend, body, year, table, row, column or None)
        except CellError as exc:
            raise gr.Error(str(exc)) from None

    def compare(bodies: list[str], years: list[int], table: str, row: str, column: str = "") -> dict:
        """One figure across bodies and years (empty lists = all); `rows` holds the side-by-side table."""
        try:
            return staff.compare(backend, bodies, years, table, row, column or None)
        except CellError as exc:
            raise gr.Error(str(exc)) from None

    def reports() -> list[dict]:
        """Every indexed report: body, year, template, parse status, consistency findings."""
        return report_summaries(backend)

    def schema_fields() -> dict:
        """The tables, rows and columns with their labels."""
        return fields()

    gr.api(ask, api_name="ask")
    gr.api(lookup, api_name="lookup")
    gr.api(compare, api_name="compare")
    gr.api(reports, api_name="reports")
    gr.api(schema_fields, api_name="fields")
