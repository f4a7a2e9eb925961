"""A real PostgreSQL with pgvector for the tests: the server the `pgserver` package bundles, started once a session.

Without it (the `pg` extra not installed, or the server cannot start) the PostgreSQL tests are skipped, except on
CI (CI=true), where they fail: a CI run must never pass by skipping them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def unavailable(reason: str) -> None:
    """Skip, or fail on CI."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL tests cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The bundled PostgreSQL server (16, with pgvector), on a Unix socket in a temporary folder."""
    try:
        import pgserver
        import pgvector.psycopg  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError as exc:
        unavailable(f"pgserver, psycopg or pgvector missing ({exc}): pip install -e '.[pg]'")
    try:
        server = pgserver.get_server(tmp_path_factory.mktemp("pg") / "data", cleanup_mode="stop")
        server.psql("SELECT 1;")
    except Exception as exc:  # noqa: BLE001 - any failure to start is reported as such
        unavailable(f"the bundled PostgreSQL did not start: {exc}")
    yield server
    server.cleanup()


def new_database(server: object, template: str | None = None) -> str:
    """A fresh database (a copy of template, if given); its URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:  # type: ignore[attr-defined]
        if template:  # a test's forgotten connection to the template would block the copy
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
                         " AND pid <> pg_backend_pid()", (template,))
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return server.get_uri(name)  # type: ignore[attr-defined]


def database_name(url: str) -> str:
    return url.split("?")[0].rsplit("/", 1)[1]


@pytest.fixture
def pg_url(pg_server: object) -> str:
    """An empty database of its own for one test."""
    return new_database(pg_server)


@pytest.fixture(scope="session")
def pg_seed(pg_server: object, index_encoder: object) -> str:
    """A database holding an index of reports/ (the five seeds), built once; clone it before changing it."""
    from indexer.pg.build import build_pg

    url = new_database(pg_server)
    build_pg([ROOT / "reports"], url, model=index_encoder, progress=False)
    return url


@pytest.fixture
def pg_seed_copy(pg_server: object, pg_seed: str) -> str:
    """A copy of the seed database for a test that changes it."""
    return new_database(pg_server, template=database_name(pg_seed))
