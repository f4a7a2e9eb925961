"""The PostgreSQL + pgvector store: an index location that is a `postgresql://` URL instead of a folder.

Several app replicas read one database while builds write new generations into it (indexer/pg/build.py);
readers pin the generation that was current when they opened it (indexer/pg/store.py, indexer/pg/search.py).
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import Any

INDEX_URL_ENV = "GOVQA_INDEX_URL"  # the index location when --index is not given (keeps passwords off the CLI)
SCHEMES = ("postgresql://", "postgres://")
SCHEMA_FILE = Path(__file__).with_name("schema.sql")
LOCK_KEY = 0x6F76_7161  # the advisory lock one build holds ("ovqa")
PG_SCHEMA = 2  # bump when what a stored report version holds changes (2: facts.ocr_score); older ones are re-read


def is_url(location: object) -> bool:
    """Whether an index location names a PostgreSQL database rather than a folder."""
    return isinstance(location, str) and location.startswith(SCHEMES)


def location_arg(value: str) -> str | Path:
    """argparse type of --index: a database URL stays a string (Path would fold its '//'), else a folder."""
    return value if is_url(value) else Path(value)


def default_location(fallback: str | None = None) -> str | Path | None:
    """$GOVQA_INDEX_URL where set, else the fallback folder."""
    env = os.environ.get(INDEX_URL_ENV)
    if env:
        return location_arg(env)
    return None if fallback is None else Path(fallback)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def connect(url: str, autocommit: bool = True) -> Any:
    """A psycopg connection with the vector type registered (the extension must exist)."""
    import psycopg
    from pgvector.psycopg import register_vector

    conn = psycopg.connect(url, autocommit=autocommit)
    with contextlib.suppress(psycopg.ProgrammingError):  # no extension yet: the build creates it
        register_vector(conn)
    return conn


def ensure_schema(conn: Any, dim: int) -> None:
    """Create the extension and tables (if missing); refuse a database made for another vector size."""
    from indexer.atomic import BuildError

    sql = SCHEMA_FILE.read_text(encoding="utf-8").replace("{dim}", str(int(dim)))
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY + 1,))
        conn.execute(sql)
    row = conn.execute("SELECT atttypmod FROM pg_attribute WHERE attrelid = 'govqa_passages'::regclass"
                       " AND attname = 'embedding'").fetchone()
    if row and row[0] != dim:
        raise BuildError(f"the database holds {row[0]}-dimensional vectors and the model makes {dim}: "
                         "build into another database (or drop the govqa_* tables)")
    from pgvector.psycopg import register_vector

    register_vector(conn)
