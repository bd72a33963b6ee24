"""The one definition of "same entity", in Python and in DuckDB, agree."""

from __future__ import annotations

import duckdb
import pytest

from litclaims.schemas.migrate import migrate
from litclaims.schemas.vocabulary import entity_key

CASES = [
    ("HGNC:5465", "IGF-IR", "HGNC:5465"),
    (None, "IGF-IR", "text:igfir"),
    (None, "IGF 1R", "text:igf1r"),
    (None, "igf-1r", "text:igf1r"),
    ("", "Tamoxifen", "text:tamoxifen"),
    (None, "TGF-β1", "text:tgfβ1"),
    (None, "ΔNp63", "text:δnp63"),
    (None, "IGF/IR", "text:igf/ir"),
    (None, "PI3K (p110α)", "text:pi3k(p110α)"),
    ("CVCL_0031", "MCF-7 cells", "CVCL_0031"),
]


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect(":memory:")
    migrate(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize("entity_id, text, expected", CASES)
def test_python_entity_key(entity_id, text, expected):
    assert entity_key(entity_id, text) == expected


@pytest.mark.parametrize("entity_id, text, expected", CASES)
def test_sql_macro_agrees_with_python(con, entity_id, text, expected):
    (sql_key,) = con.execute("SELECT entity_key(?::VARCHAR, ?::VARCHAR)", [entity_id, text]).fetchone()
    assert sql_key == entity_key(entity_id, text)
