"""The lexicon compiler and the runtime matcher, on a small hand-made lexicon."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tools.lexicon.compile import compile_lexicon
from litclaims.extract.lexicon.matcher import match_tokens
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.compiled import Lexicon

GENES = [
    ("surface", "kind", "id", "symbol", "locus_type", "source", "flags", "norm"),
    ("IGF1R", "symbol", "HGNC:5465", "IGF1R", "gene with protein product", "HGNC", "", "igf1r"),
    ("IGF-1R", "grounding_map", "HGNC:5465", "IGF1R", "gene with protein product", "FamPlex", "", "igf1r"),
    ("insulin like growth factor 1 receptor", "name", "HGNC:5465", "IGF1R", "gene with protein product", "HGNC", "", "insulinlikegrowthfactor1receptor"),
    ("ER", "alias", "HGNC:3443", "EREG", "gene with protein product", "HGNC", "ambiguous,short,common_word", "er"),
    ("ER", "alias", "HGNC:3467", "ESR1", "gene with protein product", "HGNC", "ambiguous,short,common_word", "er"),
    ("Akt", "grounding_map", "FPLX:AKT", "AKT", "family/complex", "FamPlex", "", "akt"),
    ("BAD", "symbol", "HGNC:936", "BAD", "gene with protein product", "HGNC", "common_word", "bad"),
    ("IGF1RP1", "symbol", "HGNC:9999", "IGF1RP1", "pseudogene", "HGNC", "", "igf1rp1"),
    ("ASA", "alias", "HGNC:1", "ASAH1", "gene with protein product", "HGNC", "", "asa"),
]
DRUGS = [
    ("surface", "kind", "id", "name", "unii", "chebi", "chembl", "drugbank", "mesh", "source", "flags", "norm"),
    ("tamoxifen", "preferred", "UNII:094ZI81Y45", "Tamoxifen", "094ZI81Y45", "CHEBI:41774", "CHEMBL83", "DB00675", "D013629", "UNII", "", "tamoxifen"),
    ("CP-751,871", "code", "UNII:VE267FC2UB", "Figitumumab", "VE267FC2UB", "", "", "DB11685", "C525021", "UNII", "", "cp751871"),
    ("peg-25 behenyl ether", "preferred", "UNII:0G17KJ5M7P", "BENETH-25", "0G17KJ5M7P", "", "", "", "", "UNII", "", "peg25behenylether"),
]
CELL_LINES = [
    ("surface", "kind", "id", "name", "species", "source", "problem", "flags", "norm"),
    ("MCF-7", "name", "CVCL_0031", "MCF-7", "Homo sapiens", "Cellosaurus-2020", "", "", "mcf7"),
    ("MCF 7", "synonym", "CVCL_0031", "MCF-7", "Homo sapiens", "Cellosaurus-2020", "", "", "mcf7"),
    ("BONA", "name", "CVCL_E494", "BONA", "Homo sapiens", "Cellosaurus-2020", "", "", "bona"),
    ("A3", "name", "CVCL_1", "A3", "Homo sapiens", "Cellosaurus-2020", "", "also_gene,short", "a3"),
]
CURATED = "ER\tgene\tHGNC:3467\tESR1\tdomain choice\ngrowth factor\t-\t\t\tvague\n"


def _write(path: Path, rows) -> None:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write("\t".join(row) + "\n")


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shared")
    (root / "lexicons").mkdir()
    _write(root / "lexicons" / "genes.tsv.gz", GENES)
    _write(root / "lexicons" / "drugs.tsv.gz", DRUGS)
    _write(root / "lexicons" / "cell_lines.tsv.gz", CELL_LINES)
    curated = root / "curated.tsv"
    curated.write_text(CURATED, encoding="utf-8")
    out = root / "lexicon.tsv.gz"
    compile_lexicon(root, out, curated)
    again = root / "again.tsv.gz"
    compile_lexicon(root, again, curated)
    assert out.read_bytes() == again.read_bytes(), "compilation must be deterministic"
    return out


@pytest.fixture(scope="module")
def lexicon(compiled: Path) -> Lexicon:
    return Lexicon.load(compiled)


def test_norm_key_matches_the_shared_lexicons_convention():
    assert norm_key("NF-κB") == "nfkappab"
    assert norm_key("MCF 7") == norm_key("MCF-7") == norm_key("MCF7") == "mcf7"
    assert norm_key("ERα") == "eralpha"
    assert norm_key("Café") == "cafe"


def test_filters_drop_pseudogenes_unregistered_substances_and_colliding_lines(lexicon: Lexicon):
    assert lexicon.lookup("igf1rp1", "IGF1RP1") == []
    assert lexicon.lookup("peg25behenylether", "peg-25 behenyl ether") == []
    assert lexicon.lookup("a3", "A3") == []


def test_loose_keys_match_any_spelling(lexicon: Lexicon):
    for text in ("IGF1R", "IGF-1R", "Igf1r"):
        assert [e.entity_id for e in lexicon.lookup(norm_key(text), text)] == ["HGNC:5465"]
    assert lexicon.lookup(norm_key("Tamoxifen"), "Tamoxifen")[0].name == "Tamoxifen"


def test_risky_keys_match_only_their_spellings_and_curated_rows_win(lexicon: Lexicon):
    assert [e.entity_id for e in lexicon.lookup("er", "ER")] == ["HGNC:3467"]
    assert lexicon.lookup("er", "er") == []
    assert [e.entity_id for e in lexicon.lookup("bad", "BAD")] == ["HGNC:936"]
    assert lexicon.lookup("bad", "bad") == []
    assert [e.entity_id for e in lexicon.lookup("akt", "Akt")] == ["FPLX:AKT"]
    assert lexicon.lookup("akt", "aKt") == []
    assert not lexicon.has_key("growthfactor")


def test_text_with_a_space_needs_a_multiword_surface(lexicon: Lexicon):
    assert [e.entity_id for e in lexicon.lookup("mcf7", "MCF 7")] == ["CVCL_0031"]
    assert lexicon.lookup("asa", "as a") == []


def test_cell_lines_are_not_matched_in_lower_case(lexicon: Lexicon):
    assert [e.entity_id for e in lexicon.lookup("bona", "BONA")] == ["CVCL_E494"]
    assert lexicon.lookup("bona", "bona") == []


def test_matcher_prefers_the_longest_match_and_ignores_trailing_punctuation(lexicon: Lexicon):
    texts = ["the", "insulin", "like", "growth", "factor", "1", "receptor", ",", "MCF", "7", "and", "CP-751,871", "."]
    spaces = [True] * len(texts)
    found = [(m.start, m.end, m.entities[0].entity_id) for m in match_tokens(lexicon, texts, spaces)]
    assert found == [(1, 7, "HGNC:5465"), (8, 10, "CVCL_0031"), (11, 12, "UNII:VE267FC2UB")]


def test_shipped_lexicon_loads_and_grounds_the_hard_cases():
    from litclaims.extract.pipeline import LEXICON_PATH

    shipped = Lexicon.load(LEXICON_PATH)
    cases = {
        "IGF-IR": "HGNC:5465", "HER-2": "HGNC:3430", "ER": "HGNC:3467", "NF-κB": "FPLX:NFkappaB",
        "p27Kip1": "HGNC:1785", "CP-751,871": "UNII:VE267FC2UB", "alpha-IR3": "",  # no registry id (a curated row of the shared lexicon)
        "MCF-7": "CVCL_0031", "SKBR3": "CVCL_0033", "gefitinib": "UNII:S65743JHBS",
        "ABL": "HGNC:76", "Abl": "HGNC:76",  # ABL1 ("BCR-ABL"), not the ABL family
        "ACTH": "HGNC:9201", "osteocalcin": "HGNC:1043",  # hormones and bone proteins are gene products
    }
    for text, entity_id in cases.items():
        assert shipped.lookup(norm_key(text), text)[0].entity_id == entity_id, text


def test_the_lexicon_is_a_registered_spacy_object_loaded_once_per_file(compiled: Path, lexicon: Lexicon):
    import spacy
    from spacy.util import registry

    from litclaims.extract.lexicon.shipped import SHIPPED_LEXICON

    make = registry.misc.get("litclaims.lexicon.v1")
    assert make() is make()
    assert make().digest == Lexicon.load(SHIPPED_LEXICON).digest
    # Another compiled lexicon stands in through the component's config.
    nlp = spacy.blank("en")
    nlp.add_pipe("litclaims_lexicon_ner", config={"lexicon": {"@misc": "litclaims.lexicon.v1", "path": str(compiled)}})
    assert nlp.get_pipe("litclaims_lexicon_ner").lexicon.digest == lexicon.digest


def test_bcr_abl_names_abl1():
    from litclaims.extract.pipeline import build_pipeline
    from litclaims.schemas.config import Settings

    doc = build_pipeline(Settings())("The BCR-ABL T315I mutation confers resistance to imatinib.")
    genes = {e.text: e.kb_id_ for e in doc.ents if e.label_ == "gene"}
    assert genes == {"BCR": "HGNC:1014", "ABL": "HGNC:76"}


def test_a_defined_hormone_short_form_keeps_its_gene_id():
    """ "adrenocorticotropic hormone (ACTH)": the long form is a gene (POMC) as the
    corpora annotate it, so the short form is that gene with its id, not a gene
    without one (the lexicon also lists the long form as the drug corticotropin)."""
    from litclaims.extract.pipeline import build_pipeline
    from litclaims.schemas.config import Settings

    doc = build_pipeline(Settings())(
        "Plasma adrenocorticotropic hormone (ACTH) rose after surgery. ACTH stimulated cortisol release.")
    ids = {(e.text, e.label_, e.kb_id_) for e in doc.ents if e.text in ("ACTH", "adrenocorticotropic hormone")}
    assert ids == {("ACTH", "gene", "HGNC:9201"), ("adrenocorticotropic hormone", "gene", "HGNC:9201")}
