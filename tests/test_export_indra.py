"""INDRA Statements JSON of the seed corpus, loaded with INDRA's own code
(`indra.statements.stmts_from_json`, a test dependency) and checked against
INDRA's statement JSON schema as the indra package ships it.

`seed_database` (the two seed papers extracted for real into a DuckDB file,
built once per test process) is shared with the other export, review and
report tests.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from litclaims.schemas import store
from litclaims.schemas.export import export
from litclaims.schemas.export_indra import STATEMENT_TYPES, db_refs
from litclaims.schemas.vocabulary import CLAIM_TYPES
from tests.conftest import SEED_DIR
from tests.records_factory import make_extraction

_SEED_DATABASE: list[Path] = []


def seed_database(tmp_path_factory, extractor) -> Path:
    """The seed papers extracted by the production extractor into a migrated database;
    built once per process (tests that write copy it first)."""
    if not _SEED_DATABASE:
        from litclaims.ingest import read_document

        db = tmp_path_factory.mktemp("seed-db") / "seed.duckdb"
        store.migrate_database(db)
        with store.writer(db) as con:
            for path in sorted(SEED_DIR.glob("*.txt")):
                store.store_extraction(con, extractor.extract(read_document(path)), "run-seed")
        _SEED_DATABASE.append(db)
    return _SEED_DATABASE[0]


def copy_of(db: Path, folder: Path) -> Path:
    target = folder / db.name
    shutil.copy(db, target)
    return target


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, extractor):
    return seed_database(tmp_path_factory, extractor)


@pytest.fixture(scope="module")
def indra_json(seed_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("indra")
    with store.reader(seed_db) as con:
        written = export(con, out, "indra")
        claims = {row[0]: row for row in con.execute(
            "SELECT claim_id, claim_type, sentence, negated, certainty, subject_id, object_id, subject_text, "
            "object_text FROM claims").fetchall()}
    path = written["indra"][0]
    return json.loads(path.read_text(encoding="utf-8")), claims


def _loaded(statements_json):
    indra_statements = pytest.importorskip("indra.statements", reason="indra is a test dependency (dev extra)")
    return indra_statements.stmts_from_json(statements_json)


def test_every_claim_loads_into_indra_with_its_evidence(indra_json):
    data, claims = indra_json
    statements = _loaded(data)
    assert len(statements) == len(data) == len(claims)
    by_claim = {s.evidence[0].source_id: s for s in statements}
    assert set(by_claim) == set(claims)
    for claim_id, (_, claim_type, sentence, negated, certainty, *_rest) in claims.items():
        (evidence,) = by_claim[claim_id].evidence
        assert evidence.text == sentence and evidence.source_api == "litclaims"
        assert evidence.epistemics["negated"] is negated
        assert evidence.epistemics["hypothesis"] is (certainty == "hedged")
        assert evidence.annotations["claim_type"] == claim_type
        assert evidence.annotations["claim_id"] == claim_id and evidence.annotations["rule"]


def test_each_claim_type_maps_to_its_indra_statement(indra_json):
    data, claims = indra_json
    statements = _loaded(data)
    seen = {s.evidence[0].annotations["claim_type"] for s in statements}
    assert seen == set(CLAIM_TYPES), "the seed corpus should exercise every claim type"
    for statement in statements:
        claim_type = statement.evidence[0].annotations["claim_type"]
        _, _, _, _, _, subject_id, object_id, subject_text, object_text = claims[statement.evidence[0].source_id]
        assert type(statement).__name__ == STATEMENT_TYPES[claim_type]
        subject, obj = _arguments(statement)
        assert subject.db_refs["TEXT"] == subject_text and obj.db_refs["TEXT"] == object_text
    expected = {"inhibition": "Inhibition", "activation": "Activation", "phosphorylation": "Phosphorylation",
                "expression_up": "IncreaseAmount", "expression_down": "DecreaseAmount", "interaction": "Complex",
                "resistance": "Influence", "sensitization": "Influence", "response_association": "Association"}
    assert STATEMENT_TYPES == expected


def _arguments(statement):
    """(subject, object) as the agents or concepts INDRA holds them in."""
    name = type(statement).__name__
    if name == "Phosphorylation":
        return statement.enz, statement.sub
    if name == "Complex":
        return tuple(statement.members)
    if name == "Association":
        return tuple(event.concept for event in statement.members)
    if name == "Influence":
        return statement.subj.concept, statement.obj.concept
    return statement.subj, statement.obj


def test_resistance_and_sensitization_keep_their_direction(indra_json):
    statements = _loaded(indra_json[0])
    for statement in statements:
        claim_type = statement.evidence[0].annotations["claim_type"]
        if claim_type in ("resistance", "sensitization"):
            assert statement.subj.delta.polarity == 1
            assert statement.obj.delta.polarity == (-1 if claim_type == "resistance" else 1)
        if claim_type == "response_association":
            assert [event.delta.polarity for event in statement.members] == [None, None]


def test_db_refs_are_in_indra_namespaces(indra_json):
    identifiers = pytest.importorskip("indra.databases.identifiers")
    statements = _loaded(indra_json[0])
    namespaces = set()
    for statement in statements:
        for agent in _arguments(statement):
            for namespace, value in agent.db_refs.items():
                if namespace != "TEXT":
                    namespaces.add(namespace)
                    assert identifiers.get_identifiers_url(namespace, value), (namespace, value)
    assert {"HGNC", "FPLX", "MESH", "UNII"} <= namespaces


def test_db_refs_follow_indra_conventions():
    assert db_refs("HGNC:5465", "IGF-IR") == {"TEXT": "IGF-IR", "HGNC": "5465"}
    assert db_refs("CHEBI:41774", "tamoxifen") == {"TEXT": "tamoxifen", "CHEBI": "CHEBI:41774"}
    assert db_refs("DRUGBANK:DB00675", "tamoxifen") == {"TEXT": "tamoxifen", "DRUGBANK": "DB00675"}
    assert db_refs("CVCL_0031", "MCF-7") == {"TEXT": "MCF-7", "CVCL": "CVCL_0031"}
    assert db_refs("LEX:alphaIR3", "alpha-IR-3") == {"TEXT": "alpha-IR-3"}
    assert db_refs(None, "IGF") == {"TEXT": "IGF"}


def test_statements_validate_against_indras_schema(indra_json):
    jsonschema = pytest.importorskip("jsonschema")
    indra = pytest.importorskip("indra", reason="the schema ships inside the indra package")
    schema = json.loads((Path(indra.__file__).parent / "resources" / "statements_schema.json").read_text())
    validator = jsonschema.Draft4Validator(schema)
    data = indra_json[0]
    # The schema's Association still has Complex's Agent members, while INDRA's own
    # Association.to_json writes Events (as we do): those are checked by INDRA's code
    # above, and their Events against the schema's Event definition here.
    for statement in data:
        if statement["type"] == "Association":
            for member in statement["members"]:
                event_schema = {**schema["definitions"]["Event"], "definitions": schema["definitions"]}
                assert not list(jsonschema.Draft4Validator(event_schema).iter_errors(member))
        else:
            errors = list(validator.iter_errors([statement]))
            assert not errors, (statement["type"], [e.message for e in errors[:3]])


def test_evidence_carries_the_papers_pmid_and_section(db, tmp_path):
    with store.writer(db) as con:
        con.execute("UPDATE documents SET pmid = '12345678', doi = '10.1000/xyz', title = 'A paper'")
        con.execute("UPDATE sentences SET heading_kind = 'results'")
    with store.reader(db) as con:
        path = export(con, tmp_path, "indra")["indra"][0]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data) == len(make_extraction().claims)
    for statement in _loaded(data):
        evidence = statement.evidence[0]
        assert evidence.pmid == "12345678" and evidence.text_refs == {"PMID": "12345678", "DOI": "10.1000/xyz"}
        assert evidence.epistemics["section_type"] == "results"
        assert evidence.annotations["title"] == "A paper"
    resistance = next(s for s in data if s["evidence"][0]["annotations"]["claim_type"] == "resistance")
    assert resistance["evidence"][0]["context"]["cell_line"]["name"] == "MCF-7"
