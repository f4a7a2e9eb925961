"""Make the repository root importable for the tests (indexer, app, tests.synth); the shared seed index."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# ---- a real index of the bundled reports, built once per test session (tests/test_build.py, test_retrieve.py) ----

@pytest.fixture(scope="session")
def index_encoder():
    """The default embedding model, loaded once."""
    from indexer.embed.encoder import Encoder

    return Encoder()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, index_encoder) -> Path:
    """An index of reports/ (the five seeds); copy it before changing it."""
    from indexer.build import build_index

    folder = tmp_path_factory.mktemp("seed-index") / "index"
    build_index([ROOT / "reports"], folder, model=index_encoder, progress=False)
    return folder

from tests.pg_support import pg_seed, pg_seed_copy, pg_server, pg_url  # noqa: E402, F401 - PostgreSQL fixtures
from tests.web_support import web_index, web_server  # noqa: E402, F401 - session fixtures of the web tests
