"""Staff look-up and compare as engine queries: typed controls -> Query -> the same answer the chat gives."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path
from typing import Any

from app.corpus import Corpus
from app.query import Operation, Query
from app.understand.bodies import Mention
from app.understand.fields import Field
from app.understand.text import normalise
from app.web.labels import cell_name, default_column_of, format_value, unit_of
from indexer.schema import TABLES, TEMPLATES, row_columns, table_rows

# Why a compare cell has no figure, in words (the engine's `problem` of a report, or no report at all)
STATUS_WORDS = {"no_report": "无此年报 no report", "no_tables": "未读出表格 tables not read",
                "missing": "空白（未印）printed blank", "low_confidence": "未能确定 uncertain",
                "not_in_template": "模板无此栏 not in template", "unclear": "需指明列 pick a column"}


class CellError(ValueError):
    """A table, row or column the schema does not have; the message lists what is allowed."""

    def __init__(self, message: str, allowed: list[str]) -> None:
        super().__init__(message)
        self.allowed = allowed


def check_cell(table: str, row: str, column: str | None) -> Field:
    """The schema cell of a look-up's ids, or CellError naming the ids allowed."""
    tables = list(TABLES[TEMPLATES[0]])
    if table not in tables:
        raise CellError(f"unknown table {table!r}; allowed: {', '.join(tables)}", tables)
    rows = [r.id for r in table_rows(table)]
    if row not in rows:
        raise CellError(f"unknown row {row!r} of table {table!r}; allowed: {', '.join(rows)}", rows)
    columns = [c.id for c in row_columns(table, row)]
    if column and column not in columns:
        raise CellError(f"unknown column {column!r} of row {row!r}; allowed: {', '.join(columns)}", columns)
    return Field(table, row, column or None)


def body_fields(corpus: Corpus, typed: str | None) -> dict[str, Any]:
    """The body part of a query from a typed name: the body (exact, or the only one it names), or why not."""
    text = normalise(typed or "")
    if not text:
        return {}
    ent = corpus.bodies.by_printed.get(text)
    if ent is not None:
        return {"bodies": (ent.key,), "exact": text}
    found = corpus.bodies.find(text)
    ents = list(dict.fromkeys(e.key for m in found.mentions for e in m.entities))
    if not ents:
        ents = [e.key for e in corpus.bodies.containing(text)]
    if len(ents) == 1:
        return {"bodies": (ents[0],)}
    if ents:
        mention = Mention((0, len(text)), text, [corpus.bodies.by_key[k] for k in ents])
        return {"ambiguous": (mention,), "question": text}
    return {"unknown": (text,), "question": text}


def template_for(corpus: Corpus, body: str | None, year: object) -> str | None:
    """The template of the report a typed body published in a year (None when there is no single such report)."""
    keys = body_fields(corpus, body).get("bodies", ())
    ent = corpus.entity(keys[0]) if keys else None
    y = year_of(year)
    reports = corpus.reports_of(ent, y) if ent and y else []
    return reports[0].template if reports else None


def year_of(value: object) -> int | None:
    """A year from a dropdown or API value, or None."""
    try:
        return int(str(value).strip().removesuffix("年"))
    except (TypeError, ValueError):
        return None


def lookup_query(corpus: Corpus, body: str | None, year: object, table: str, row: str,
                 column: str | None = None) -> Query:
    """The query of a look-up: one cell of one body's report of one year."""
    y = year_of(year)
    return Query(Operation.FIGURE, "zh", years=(y,) if y else (), cells=(check_cell(table, row, column),),
                 **body_fields(corpus, body))


def compare_query(corpus: Corpus, bodies: list[str] | None, years: list | None, table: str, row: str,
                  column: str | None = None) -> Query:
    """The query of a comparison: one cell for these bodies (all when none) and years (all when none)."""
    keys: list[str] = []
    for typed in bodies or []:
        keys += [k for k in body_fields(corpus, typed).get("bodies", ()) if k not in keys]
    if not bodies:
        keys = [e.key for e in corpus.bodies.entities]
    wanted = sorted({y for y in (year_of(v) for v in years or []) if y}) or corpus.years
    return Query(Operation.COMPARE, "zh", bodies=tuple(keys), years=tuple(wanted),
                 cells=(check_cell(table, row, column),))


def status(row: dict) -> str:
    """A compare cell as text: the figure, or why there is none."""
    if row.get("value") is not None:
        return format_value(row["value"])
    return STATUS_WORDS.get(row.get("problem") or "missing", str(row.get("problem")))


def pivot(rows: list[dict], field: Field) -> tuple[list[str], list[list[dict]]]:
    """Compare rows as the screen shows them: one line a body, one column a year (each cell its row, or {})."""
    years = sorted({r["year"] for r in rows if r.get("year")})
    bodies = list(dict.fromkeys(r.get("key") or r["body"] for r in rows))
    cells = {(r.get("key") or r["body"], r["year"]): r for r in rows}
    unit = next((r["unit"] for r in rows if r.get("unit")), unit_of(field.table, field.column or "total"))
    header = ["机关"] + [f"{y}年（{unit}）" for y in years]
    return header, [[{"text": b}] + [cells.get((b, y), {"problem": "no_report"}) for y in years] for b in bodies]


def write_csv(rows: list[dict], field: Field) -> str:
    """The compare table exactly as on screen, Chinese headers, UTF-8 with BOM (opens in Excel); returns its path."""
    header, lines = pivot(rows, field)
    _, row_text, col_text = cell_name(field.table, field.row, field.column or default_column_of(field.table, field.row))
    words = re.sub(r"\W+", "", f"{row_text}_{col_text}".replace("›", "_"))  # \w: letters, digits, 汉字 and _
    out = Path(tempfile.mkdtemp(prefix="govqa-")) / f"对比_{words}.csv"
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f"{row_text} › {col_text}"])
        w.writerow(header)
        for line in lines:
            w.writerow([line[0]["text"]] + [status(c) for c in line[1:]])
    return str(out)
