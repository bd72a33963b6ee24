"""Export: Parquet/CSV/JSONL files with the spec's columns, readable by pyarrow and DuckDB."""

from __future__ import annotations

import json

import duckdb
import pyarrow.parquet as pq
import pytest

from litclaims.schemas import store
from tests.records_factory import make_extraction
from litclaims.schemas.export import (
    CLAIM_COLUMNS, CLAIM_EXTRA_COLUMNS, MENTION_COLUMNS, MENTION_EXTRA_COLUMNS, export_views,
)


def test_parquet_export_has_spec_columns_and_types(db, tmp_path):
    with store.reader(db) as con:
        written = export_views(con, tmp_path / "out", "parquet")
    claims = pq.read_table(written["claims"][0])
    mentions = pq.read_table(written["mentions"][0])
    assert tuple(claims.column_names[: len(CLAIM_COLUMNS)]) == CLAIM_COLUMNS
    assert tuple(mentions.column_names[: len(MENTION_COLUMNS)]) == MENTION_COLUMNS
    expected = make_extraction()
    assert claims.num_rows == len(expected.claims) and mentions.num_rows == len(expected.mentions)
    assert str(claims.schema.field("negated").type) == "bool"
    assert str(claims.schema.field("citations").type).startswith("list")
    rows = claims.to_pylist()
    resistance = next(r for r in rows if r["claim_type"] == "resistance")
    assert resistance["citations"] == ["12"] and resistance["cell_lines"] == ["MCF-7"]
    # DuckDB reads it back too.
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{written['claims'][0]}')").fetchall()[0][0]
    assert n == len(make_extraction().claims)


def test_jsonl_and_csv_exports(db, tmp_path):
    with store.reader(db) as con:
        jsonl = export_views(con, tmp_path / "j", "jsonl")
        csv = export_views(con, tmp_path / "c", "csv")
    lines = jsonl["claims"][0].read_text().splitlines()
    assert len(lines) == len(make_extraction().claims) and list(json.loads(lines[0]))[: len(CLAIM_COLUMNS)] == list(CLAIM_COLUMNS)
    header = csv["mentions"][0].read_text().splitlines()[0]
    assert header.split(",")[: len(MENTION_COLUMNS)] == list(MENTION_COLUMNS)


def test_unknown_format_is_refused(db, tmp_path):
    with store.reader(db) as con, pytest.raises(ValueError, match="parquet"):
        export_views(con, tmp_path / "x", "xlsx")


def test_exports_carry_the_paper_and_the_section_kind_after_the_spec_columns(tmp_path):
    from tests.test_store import PAPER, new_database, paper_extraction

    db = new_database(tmp_path / "db.duckdb")
    with store.writer(db) as con:
        store.store_extraction(con, paper_extraction(), "run-1")
    with store.reader(db) as con:
        written = export_views(con, tmp_path / "out", "parquet")
        csv = export_views(con, tmp_path / "csv", "csv")
    claims = pq.read_table(written["claims"][0])
    mentions = pq.read_table(written["mentions"][0])
    spec_and_extra = CLAIM_COLUMNS + CLAIM_EXTRA_COLUMNS
    assert tuple(claims.column_names[: len(spec_and_extra)]) == spec_and_extra
    assert tuple(mentions.column_names[: len(MENTION_COLUMNS) + 1]) == MENTION_COLUMNS + MENTION_EXTRA_COLUMNS
    assert {(r["pmid"], r["doi"], r["title"]) for r in claims.to_pylist()} == {(PAPER.pmid, PAPER.doi, PAPER.title)}
    assert sorted(r["section_kind"] for r in claims.to_pylist()) == ["caption", "results"]
    assert "pmid" in csv["claims"][0].read_text().splitlines()[0].split(",")


def test_a_failed_export_leaves_the_previous_files_as_they_were(db, tmp_path):
    out = tmp_path / "out"
    with store.reader(db) as con:
        export_views(con, out, "csv")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with store.writer(db) as con:  # the next export would differ from the files there
        con.execute("DELETE FROM claim_records")
    # The second view of the set cannot be written (a bad view name stands in for a
    # disk that fills up half-way): nothing of the new export may land.
    with store.reader(db) as con, pytest.raises(KeyError):
        export_views(con, out, "csv", views=("claims", "no_such_view"))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
