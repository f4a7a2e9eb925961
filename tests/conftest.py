"""Make the repository root importable for the tests (indexer, app, tests.synth); the shared seed index."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


SHARED = ROOT.parent / "shared"  # the real reports and evaluation questions beside the repository
REAL = SHARED / "corpus" / "real"


def need_shared(path: Path) -> None:
    """Skip a test whose ../shared file is missing on a developer's machine; fail it in CI (CI=true)."""
    if path.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing: in CI (CI=true) the shared corpus must be there")
    pytest.skip(f"{path} is not here")


@pytest.fixture
def real() -> Path:
    """../shared/corpus/real (the test skips without it, and fails without it in CI)."""
    need_shared(REAL)
    return REAL


# ---- a real index of the bundled reports, built once per test session (tests/test_build.py, test_retrieve.py) ----

@pytest.fixture(scope="session")
def index_encoder():
    """The default embedding model and backend, loaded once."""
    from indexer.embed.encoder import Encoder, default_backend

    return Encoder(backend=default_backend())


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, index_encoder) -> Path:
    """An index of reports/ (the five seeds); copy it before changing it."""
    from indexer.build import build_index

    folder = tmp_path_factory.mktemp("seed-index") / "index"
    build_index([ROOT / "reports"], folder, model=index_encoder, progress=False)
    return folder

from tests.pg_support import pg_seed, pg_seed_copy, pg_server, pg_url  # noqa: E402, F401 - PostgreSQL fixtures
from tests.web_support import web_index, web_server  # noqa: E402, F401 - session fixtures of the web tests
