"""Shared fixtures. Prefect runs against a real temporary server started once per session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from litclaims.schemas.config import Settings, prefect_environment_defaults  # noqa: E402

os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
for _key, _value in prefect_environment_defaults().items():
    os.environ.setdefault(_key, _value)

SEED_DIR = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
# The compiled-regex cache a run uses (extract/claims/regex_cache.py): tests that load a
# claim engine themselves share it with the extractor fixture and the runs' workers.
CACHE_DIR = Settings().cache_dir


@pytest.fixture(scope="session")
def prefect_server():
    """A real Prefect server for the session (prefect_test_harness starts one in a subprocess)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield PREFECT_API_URL.value()


@pytest.fixture(scope="session")
def seed_corpus() -> Path:
    return SEED_DIR


@pytest.fixture()
def db(tmp_path):
    """A litclaims DuckDB file holding one hand-built extraction (two claims, five mentions)."""
    from litclaims.schemas import store
    from tests.records_factory import make_extraction

    path = tmp_path / "db.duckdb"
    store.migrate_database(path)  # as a run does at its start; writers only open
    with store.writer(path) as con:
        store.store_extraction(con, make_extraction(), "run-1")
    return path


@pytest.fixture(scope="session")
def extractor():
    """The production extractor, built once for the session (about 1 s plus the rules)."""
    from litclaims.extract import Extractor
    from litclaims.schemas.config import Settings

    return Extractor.from_settings(Settings())


@pytest.fixture(scope="session")
def claims_of(extractor):
    """Claims the production extractor returns for a piece of plain text: the text
    becomes a Document and goes through `Extractor.extract`, as an ingested file does.
    It does not go through `read_document`, which judges a file of one short
    sentence unreadable; tests of ingest plus extraction write a file instead."""
    import hashlib

    from litclaims.schemas.records import Document

    def run(text: str):
        doc = Document(
            doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path="test.txt", media_type="text/plain", text=text
        )
        return list(extractor.extract(doc).claims)

    return run
