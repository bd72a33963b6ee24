"""Issue 14 round 6: gene/chemical type confusions. Curated gene rows for protein names
the sources know only as drugs, and "gene"/"cDNA" cut after a gene span with a lexicon
name inside. Real sentences through the production pipeline."""

from __future__ import annotations

import pytest

from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.shipped import compiled_lexicon
from litclaims.extract.pipeline import build_pipeline
from litclaims.schemas.config import Settings
from tests.paper_names import paper_names as names


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def test_protein_names_the_sources_know_only_as_drugs_are_genes_first():
    lexicon = compiled_lexicon()
    cases = {
        "DNase I": "HGNC:2956", "p300": "HGNC:3373", "TSH": "HGNC:12372", "thyroid-stimulating hormone": "HGNC:12372",
        "superoxide dismutase": "FPLX:SOD", "factor VIII": "HGNC:3546", "factor IX": "HGNC:3551",
        "factor X": "HGNC:3528", "thromboplastin": "HGNC:3541", "prothrombin": "HGNC:3535",
        "tissue plasminogen activator": "HGNC:9051", "tissue-type plasminogen activator": "HGNC:9051",
        "granulocyte colony-stimulating factor": "HGNC:2438", "hGH": "HGNC:4261",
        "basic fibroblast growth factor": "HGNC:3676", "cyclooxygenase-2": "HGNC:9605", "hepcidin": "HGNC:15598",
        "perforin": "HGNC:9360", "vasoactive intestinal polypeptide": "HGNC:12693",
        "vasoactive intestinal peptide": "HGNC:12693",
    }
    for text, entity_id in cases.items():
        first = lexicon.lookup(norm_key(text), text)[0]
        assert (first.entity_type, first.entity_id) == ("gene", entity_id), text
    # the drug rows stay behind the gene ("tissue plasminogen activator" is also alteplase)
    assert "drug" in {e.entity_type for e in lexicon.lookup(norm_key("tissue plasminogen activator"), "x")}
    # must not change: names these rows were not written for
    assert lexicon.lookup(norm_key("thyrotropin"), "thyrotropin")[0].entity_type == "drug"  # prefix of TSHR's name
    assert lexicon.lookup(norm_key("heparin"), "heparin")[0].entity_type == "drug"


def test_the_rows_ground_the_gene_names_in_sentences(nlp):
    found = names(nlp, "Serum hepcidin levels were reduced in patients with iron deficiency anemia.",
                  "Expression of perforin and granzyme B was increased in CD8+ T lymphocytes.",
                  "Serum TSH and free T4 were measured in all patients.",
                  "Cyclooxygenase-2 expression was induced by lipopolysaccharide in macrophages.")
    assert {("hepcidin", "gene", "HGNC:15598"), ("perforin", "gene", "HGNC:9360"), ("TSH", "gene", "HGNC:12372"),
            ("Cyclooxygenase-2", "gene", "HGNC:9605")} <= found  # hepcidin was the drug (UNII), the rest no id
    assert ("lipopolysaccharide", "drug", "MESH:D008070") in found  # must not change


def test_a_name_that_only_starts_with_a_curated_protein_is_not_grounded_as_it(nlp):
    found = names(nlp, "The thyrotropin receptor gene was sequenced in patients with Graves disease.",
                  "Interleukin-1 receptor-associated kinase 1 was phosphorylated after stimulation.")
    assert ("thyrotropin receptor", "gene", "HGNC:12373") in found  # not TSH's HGNC:12372 (TSHR since round 16)
    assert ("Interleukin-1 receptor-associated kinase 1", "gene", "HGNC:6112") in found  # IRAK1, not FPLX:IL1


def test_gene_or_cdna_after_a_gene_span_with_a_lexicon_name_inside_is_cut(nlp):
    found = names(nlp, "A mutation in the manganese superoxide dismutase gene was associated with cardiomyopathy.",
                  "Mutations in the type VII collagen gene cause dystrophic epidermolysis bullosa.")
    assert ("manganese superoxide dismutase", "gene", "") in found  # was "... dismutase gene"
    assert ("type VII collagen", "gene", "") in found
    assert not any(text.endswith(" gene") for text, _, _ in found)
    # must not change: a span that is the lexicon name and "gene" is cut to the name as before
    assert ("VEGF", "gene", "HGNC:12680") in names(nlp, "The VEGF gene was overexpressed in tumors.")
    # a plural names a class and is not cut ("Notch target genes" was cut to "Notch target" as first written)
    found = names(nlp, "Notch signalling induces the Hes and Hey family of genes and other Notch target genes in "
                       "progenitors.")
    assert ("Notch target genes", "gene", "") in found
    assert not any(text.endswith((" of", " target")) for text, _, _ in found)
