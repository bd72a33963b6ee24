"""The cross-paper views and the documents table as Parquet, CSV and JSON lines, read
back with DuckDB; every export lands whole or not at all."""

from __future__ import annotations

import duckdb
import pytest

from litclaims.schemas import store
from litclaims.schemas.export import ALL_FORMATS, VIEWS, export, export_views
from litclaims.schemas.export_files import atomic_path
from tests.test_export_indra import seed_database

READERS = {"parquet": "read_parquet", "csv": "read_csv_auto", "jsonl": "read_json_auto"}


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, extractor):
    return seed_database(tmp_path_factory, extractor)


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_every_view_is_exported_and_reads_back(seed_db, tmp_path, fmt):
    with store.reader(seed_db) as con:
        written = export_views(con, tmp_path, fmt)
        expected = {view: con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] for view in VIEWS}
        support_columns = [d[0] for d in con.execute("SELECT * FROM claim_support LIMIT 0").description]
    assert set(written) == {"claims", "mentions", "claim_support", "claim_conflicts", "documents"}
    assert expected["claim_support"] > 0 and expected["claim_conflicts"] > 0
    for view, (path, rows) in written.items():
        assert rows == expected[view]
        back = duckdb.sql(f"SELECT * FROM {READERS[fmt]}('{path}')")
        assert len(back.fetchall()) == rows, view
        if view == "claim_support":
            assert back.columns == support_columns
        if view == "documents":
            # The papers' text goes into Parquet only; the other columns everywhere.
            assert ("text" in back.columns) == (fmt == "parquet") and "source_path" in back.columns
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(str(path.name) for path, _ in written.values())


def test_every_format_is_offered_and_unknown_ones_refused(db, tmp_path):
    assert set(ALL_FORMATS) == {"parquet", "csv", "jsonl", "indra", "bioc", "bioc-json", "pubtator", "review"}
    with store.reader(db) as con, pytest.raises(ValueError, match="pubtator"):
        export(con, tmp_path, "xlsx")


def test_a_failed_write_leaves_the_previous_file_and_no_temporary(tmp_path):
    target = tmp_path / "claims.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n" and list(tmp_path.iterdir()) == [target]
    with atomic_path(target) as temporary:
        temporary.write_text("new\n")
    assert target.read_text() == "new\n" and list(tmp_path.iterdir()) == [target]
