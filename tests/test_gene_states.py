"""Gene states on the claim (`subject_state`, `object_state`): what the engine's helper
reads from a sentence's units, how an older database migrates to hold them, and that
they reach the views and every export (Parquet, JSON lines, INDRA, BioC, PubTator,
the review sheet). The phrasings themselves are cases of tests/cases/claims.toml."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import duckdb
import pytest

from litclaims.evaluation.civic import CivicRow, state_agreement, variant_states
from litclaims.extract.claims.gene_states import anaphor_state, claim_states, gene_state
from litclaims.extract.claims.units import build_units
from litclaims.schemas import store
from litclaims.schemas.export import export, export_views
from litclaims.schemas.export_indra import mut_conditions
from litclaims.schemas.migrate import latest_version, migrate
from litclaims.schemas.records import Mention, Sentence
from tests.records_factory import database_before, make_extraction

# --- reading the state from a sentence ----------------------------------------------------


def _sentence(text: str, genes: tuple[str, ...], drugs: tuple[str, ...] = ()):
    """A sentence of its own document and its gene / drug mentions (first occurrence each)."""
    sentence = Sentence("s0", "d", 0, 0, len(text), text, None, "body", None)
    mentions = []
    for surface, etype in [(g, "gene") for g in genes] + [(d, "drug") for d in drugs]:
        start = text.index(surface)
        mentions.append(Mention(f"m{start}", "d", "s0", start, start + len(surface), surface, etype,
                                f"ID:{surface}", surface, "test"))
    return build_units(sentence, mentions), {m.text: m for m in mentions}


@pytest.mark.parametrize("text, gene, expected", [
    ("EGFR T790M confers resistance.", "EGFR", "T790M"),
    ("The EGFR Thr790Met change.", "EGFR", "Thr790Met"),
    ("KRAS G12 mutations predict resistance.", "KRAS", "G12"),
    ("KRAS G12 predicts resistance.", "KRAS", ""),  # a position alone is no change without a mutation word
    ("EGFR (T790M) confers resistance.", "EGFR", "T790M"),
    ("MET amplification confers resistance.", "MET", "amplification"),
    ("PTEN-null tumours resist.", "PTEN", "loss"),
    ("A T790M mutation in EGFR confers resistance.", "EGFR", "T790M"),
    ("Mutations in the EGFR gene confer sensitivity.", "EGFR", "mutation"),
    ("High EGFR expression predicts response.", "EGFR", "overexpression"),
    ("EGFR expression predicts response.", "EGFR", ""),
    ("EGFR-positive tumours respond.", "EGFR", ""),
    ("S6K phosphorylates IRS-1.", "S6K", ""),
    ("Cells expressing ALK harboring the F1174L mutation resist.", "ALK", "F1174L"),
    ("Cells with ERBB2 with mutations resist.", "ERBB2", ""),  # only a named change is read past "with"
    ("Cells with H1968Y or P2213S mTOR mutations respond.", "mTOR", "H1968Y;P2213S"),
    ("Cells harbouring ERBB2 gene amplification respond.", "ERBB2", "amplification"),
    ("CD73 high expression predicts response.", "CD73", "overexpression"),
])
def test_gene_state_of_one_mention(text, gene, expected):
    units, mentions = _sentence(text, (gene,))
    assert gene_state(units, mentions[gene]) == expected


def test_a_drug_has_no_state_and_an_amount_is_no_state_of_an_expression_object():
    units, m = _sentence("Tamoxifen induced loss of PTEN in mutant KRAS cells.", ("PTEN", "KRAS"), ("Tamoxifen",))
    assert gene_state(units, m["Tamoxifen"]) == ""
    assert gene_state(units, m["PTEN"]) == "loss"
    # "induced loss of PTEN" is what an expression claim says happens, not PTEN's state ...
    assert claim_states(units, "expression_down", m["Tamoxifen"], m["PTEN"]) == {"subject_state": "",
                                                                                 "object_state": ""}
    # ... while a mutation stays the object's state whatever the claim type.
    assert claim_states(units, "expression_down", m["Tamoxifen"], m["KRAS"])["object_state"] == "mutation"
    assert claim_states(units, "inhibition", m["Tamoxifen"], m["PTEN"])["object_state"] == "loss"


def test_indra_mut_conditions_are_the_substitutions_only():
    assert mut_conditions("L858R;T790M") == [
        {"position": "858", "residue_from": "L", "residue_to": "R"},
        {"position": "790", "residue_from": "T", "residue_to": "M"},
    ]
    assert mut_conditions("Thr790Met") == [{"position": "790", "residue_from": "T", "residue_to": "M"}]
    assert mut_conditions("G12") == [{"position": "12", "residue_from": "G", "residue_to": None}]
    assert mut_conditions("amplification") == mut_conditions("exon 19 deletion") == mut_conditions("") == []


# --- the store and an older database --------------------------------------------------------


def _with_states():
    """The factory's extraction (resistance IGF-IR -> tamoxifen, inhibition gefitinib -> EGFR)
    with states on both claims."""
    ex = make_extraction()
    resistance, inhibition = ex.claims
    return replace(ex, claims=(replace(resistance, subject_state="amplification"),
                               replace(inhibition, object_state="L858R;T790M")))


def test_an_older_database_migrates_and_its_claims_read_null_states(tmp_path):
    con = database_before(tmp_path / "old.duckdb", 7)
    # one claim as a version-6 store wrote it: no state columns
    con.execute("INSERT INTO documents (doc_id, source_path, media_type, n_chars, text, quality, verdict, "
                "extractor_version, run_id) VALUES ('d', 'a.txt', 'text/plain', 1, 'x', '{}', 'ok', 'v1', 'r')")
    con.execute("INSERT INTO sentences VALUES ('s', 'd', 0, 0, 1, 'x', NULL, 'body', NULL, [], NULL)")
    con.execute("INSERT INTO claim_records VALUES ('c', 'd', 's', 'resistance', 'm1', 'EGFR', 'gene', 'HGNC:3236', "
                "'EGFR', 'm2', 'gefitinib', 'drug', NULL, NULL, false, 'asserted', 'clinical', [], NULL, [], 'r1', "
                "'1', NULL, 'v1', 'r')")
    assert migrate(con) == latest_version()
    assert con.execute("SELECT claim_type, subject_state, object_state FROM claims").fetchall() == [
        ("resistance", None, None)]
    for view, wanted in (("claims", ["subject_state", "object_state"]),
                         ("claim_support", ["subject_states", "object_states"]),
                         ("claim_conflicts", ["asserted_subject_state", "asserted_object_state",
                                              "negated_subject_state", "negated_object_state"])):
        columns = [d[0] for d in con.execute(f"SELECT * FROM {view} LIMIT 0").description]
        assert columns[-len(wanted):] == wanted, view
    assert con.execute("SELECT subject_states FROM claim_support").fetchall() == [([],)]
    con.close()


@pytest.fixture
def state_db(tmp_path):
    db = tmp_path / "states.duckdb"
    store.migrate_database(db)
    with store.writer(db) as con:
        store.store_extraction(con, _with_states(), "run-1")
    return db


def test_states_are_stored_and_in_the_views(state_db):
    with store.reader(state_db) as con:
        assert con.execute("SELECT claim_type, subject_state, object_state FROM claims ORDER BY claim_type"
                           ).fetchall() == [("inhibition", "", "L858R;T790M"), ("resistance", "amplification", "")]
        assert con.execute("SELECT claim_type, subject_states, object_states FROM claim_support ORDER BY claim_type"
                           ).fetchall() == [("inhibition", [], ["L858R;T790M"]), ("resistance", ["amplification"], [])]


# --- the exports ------------------------------------------------------------------------------


def test_states_reach_parquet_and_json_lines(state_db, tmp_path):
    with store.reader(state_db) as con:
        export_views(con, tmp_path / "pq", "parquet", ("claims",))
        export_views(con, tmp_path / "js", "jsonl", ("claims",))
    parquet = duckdb.sql(f"SELECT claim_type, subject_state, object_state FROM read_parquet('{tmp_path / 'pq' / 'claims.parquet'}') "
                         "ORDER BY claim_type").fetchall()
    assert parquet == [("inhibition", "", "L858R;T790M"), ("resistance", "amplification", "")]
    rows = [json.loads(line) for line in (tmp_path / "js" / "claims.jsonl").read_text().splitlines()]
    assert {r["claim_type"]: (r["subject_state"], r["object_state"]) for r in rows} == {
        "inhibition": ("", "L858R;T790M"), "resistance": ("amplification", "")}


def test_states_reach_indra_as_mut_conditions_and_annotations(state_db, tmp_path):
    with store.reader(state_db) as con:
        path = export(con, tmp_path, "indra")["indra"][0]
    statements = {s["type"]: s for s in json.loads(path.read_text(encoding="utf-8"))}
    inhibition = statements["Inhibition"]
    assert inhibition["obj"]["mutations"] == [{"position": "858", "residue_from": "L", "residue_to": "R"},
                                              {"position": "790", "residue_from": "T", "residue_to": "M"}]
    assert "mutations" not in inhibition["subj"]
    assert inhibition["evidence"][0]["annotations"]["object_state"] == "L858R;T790M"
    assert statements["Influence"]["evidence"][0]["annotations"]["subject_state"] == "amplification"
    indra_statements = pytest.importorskip("indra.statements", reason="indra is a test dependency (dev extra)")
    loaded = {type(s).__name__: s for s in indra_statements.stmts_from_json(list(statements.values()))}
    mutations = loaded["Inhibition"].obj.mutations
    assert [(m.position, m.residue_from, m.residue_to) for m in mutations] == [("858", "L", "R"), ("790", "T", "M")]


def test_states_reach_bioc_pubtator_and_the_review_sheet(state_db, tmp_path):
    with store.reader(state_db) as con:
        bioc = json.loads(export(con, tmp_path, "bioc-json")["bioc-json"][0].read_text(encoding="utf-8"))
        pubtator = export(con, tmp_path, "pubtator")["pubtator"][0].read_text(encoding="utf-8")
        review = export(con, tmp_path, "review")["review"][0]
    infons = {r["infons"]["type"]: r["infons"] for r in bioc["documents"][0]["relations"]}
    assert infons["inhibition"]["object_state"] == "L858R;T790M" and "subject_state" not in infons["inhibition"]
    assert infons["resistance"]["subject_state"] == "amplification"
    qualifiers = {line.split("\t")[1]: line.split("\t")[4] for line in pubtator.splitlines() if line.count("\t") == 4}
    assert qualifiers == {"inhibition": "asserted;object_state=L858R,T790M",
                          "resistance": "asserted;subject_state=amplification"}
    with review.open(encoding="utf-8", newline="") as handle:
        rows = {r["claim_type"]: r for r in csv.DictReader(handle, dialect="excel-tab")}
    assert (rows["resistance"]["subject_state"], rows["inhibition"]["object_state"]) == ("amplification", "L858R;T790M")


# --- scoring against CIViC's variant ------------------------------------------------------------


def test_civic_variants_as_states():
    assert variant_states("T790M") == {"t790m"}
    assert variant_states("EXON 19 DELETION") == {"exon 19 deletion"}
    assert variant_states("EXON 14 SKIPPING MUTATION") == {"exon 14 skipping"}
    assert variant_states("BCR-ABL T334I") == {"fusion", "t334i"}
    assert variant_states("LOSS-OF-FUNCTION") == {"loss"}
    assert variant_states("G12/G13") == {"g12", "g13"}
    assert variant_states("EXPRESSION") == variant_states("UNDEREXPRESSION") == set()


@pytest.mark.parametrize("variant, state, outcome", [
    ("AMPLIFICATION", "amplification", "agrees"),
    ("V600", "V600E", "agrees"),  # a position alone: any change there
    ("T790M", "L858R;T790M", "agrees"),
    ("T790M", "mutation", "differs"),
    ("MUTATION", "G12C", "agrees"),  # a named change is a mutation
    ("AMPLIFICATION", "G12C", "differs"),
    ("T790M", "", "none"),
    ("EXPRESSION", "overexpression", "no_state_variant"),
])
def test_state_agreement_with_the_rows_variant(variant, state, outcome):
    ex = make_extraction()
    resistance = replace(ex.claims[0], subject_state=state)  # IGF-IR -> tamoxifen
    row = CivicRow("1", "IGF-IR", variant, ("Tamoxifen",), "Supports", "resistance", "x")
    assert state_agreement([(row, [resistance], resistance)]) == {outcome: 1}
    assert state_agreement([(row, [resistance], None)]) == {}  # rows without the right claim are not scored


@pytest.mark.parametrize(
    "own, antecedent, expected",
    [
        ("mutation", "G724S", "G724S"),  # "this mutation" after "a G724S mutation in the EGFR gene"
        ("", "amplification", "amplification"),  # "the patient" after "MET amplification"
        ("T790M", "mutation", "T790M"),  # "the T790M mutation" names its own change
        ("amplification", "mutation", "amplification"),  # "the amplification" names its own kind
        ("mutation", "", "mutation"),
    ],
)
def test_anaphor_state(own, antecedent, expected):
    assert anaphor_state(own, antecedent) == expected
