"""Issue 13 round 21: gene mentions that name no claim argument (tags, reagents,
domains, enzyme classes before "activity", cut names) are read as words by the
claim rules (extract/claims/non_arguments.py); the mention itself stays. The
sentences are from the eight JATS papers of ../shared/nxml (round 21's count) or
written for the test."""

from __future__ import annotations

import pytest

from litclaims.extract.claims.units import build_units
from litclaims.schemas.records import Mention, Sentence


def _entities(text: str, genes: list[str], grounded: tuple[str, ...] = ()) -> list[str]:
    """The gene names the claim rules still see as entities; those in `grounded` carry
    an entity id."""
    sentence = Sentence("s1", "d1", 0, 0, len(text), text, None, "body", None)
    mentions, pos = [], 0
    for surface in genes:
        start = text.index(surface, pos)
        entity_id = "HGNC:1" if surface in grounded else None
        mentions.append(Mention(f"m{start}", "d1", "s1", start, start + len(surface), surface, "gene",
                                entity_id, None, "test"))
        pos = start + len(surface)
    return [u.text for u in build_units(sentence, mentions) if u.is_entity]


@pytest.mark.parametrize("text, genes, kept", [
    # a tag joined to a gene, and the same tag alone in that sentence
    ("In contrast, neither GST-PI3KC2b-RBD or GST interacted with nucleotide-bound Ras.",
     ["GST", "PI3KC2b-RBD", "GST", "Ras"], ["PI3KC2b-RBD", "Ras"]),
    ("The S193A mutant [GST–KH1-4(S193A)] failed to interact with 14-3-3 in pull-down experiments.",
     ["GST", "KH1", "14-3-3"], ["14-3-3"]),
    ("Top panel, Ras bound to GST proteins.", ["Ras", "GST"], ["Ras"]),
    ("We observed more p53 co-immunoprecipitated with transfected V5-tagged wild-type ASPP2.",
     ["p53", "V5-tagged", "ASPP2"], ["p53", "ASPP2"]),
    ("IkB coimmunoprecipitated with Myc-tagged Dlc-1.", ["IkB", "Myc", "Dlc-1"], ["IkB", "Dlc-1"]),
    # reagents
    ("Lysates were immunoprecipitated with protein A–protein G–Sepharose–bound mouse control IgG (cIgG) or anti-FLAG antibody.",
     ["protein A–protein G", "cIgG", "anti-FLAG antibody"], []),
    # domains
    ("PIP3 binds to the pleckstrin homology (PH) domain of Gab1.", ["PH", "Gab1"], ["Gab1"]),
    ("Only GST-KSRP fusion proteins containing the KH1 interacted with 14-3-3.",
     ["GST", "KSRP", "KH1", "14-3-3"], ["KSRP", "14-3-3"]),
    # an enzyme class as an activity or a treatment
    ("Nucleotide-free Ras inhibits PI3KC2b lipid kinase activity in vitro.",
     ["Ras", "PI3KC2b", "lipid kinase"], ["Ras", "PI3KC2b"]),
    ("These mutations impair the GTPase activity leading to elevated RasGTP levels.",
     ["GTPase", "RasGTP"], ["RasGTP"]),
    ("Treatment of E-cadherin complexes with tyrosine-specific phosphatase reveals a weaker association.",
     ["E-cadherin", "tyrosine-specific phosphatase"], ["E-cadherin"]),
    # a name cut before "and"
    ("Tyrphostin inhibited tyrosine phosphorylation of β- and γ-catenins.",
     ["β-", "γ-catenins"], ["γ-catenins"]),
    ("E-cadherin forms a complex with β-, γ-, and α-catenins.",
     ["E-cadherin", "β-", "γ-", "α-catenins"], ["E-cadherin", "α-catenins"]),
    ("PIP3 binds to the pleckstrin homology (PH) domain of Gab1.",
     ["pleckstrin homology", "PH", "Gab1"], ["Gab1"]),
])
def test_non_arguments_are_words_for_the_rules(text, genes, kept):
    assert _entities(text, genes) == kept


def test_a_cut_name_leaves_its_list_to_the_next_member():
    text = "E-cadherin forms a complex with β-, γ-, and α-catenins."
    sentence = Sentence("s1", "d1", 0, 0, len(text), text, None, "body", None)
    mentions = [Mention(f"m{text.index(g)}", "d1", "s1", text.index(g), text.index(g) + len(g), g, "gene",
                        None, None, "test") for g in ("E-cadherin", "β-", "γ-", "α-catenins")]
    keys = [u.key for u in build_units(sentence, mentions)]
    assert keys[keys.index("with") + 1] == "§gene"


@pytest.mark.parametrize("text, genes", [
    # GST the enzyme family, Myc the gene: no tag context
    ("Sulforaphane increased GST activity and NQO1 levels in the liver.", ["GST", "NQO1"]),
    ("Myc protein levels were reduced by JQ1 in these cells.", ["Myc"]),
    ("c-Myc binds Max.", ["c-Myc", "Max"]),
    # a gene before its domain's name, a domain named after "of"
    ("Grb2 binds to the SH2 domain of Shp2.", ["Grb2", "Shp2"]),
    ("The EGFR kinase domain mutations confer sensitivity to gefitinib.", ["EGFR"]),
    ("Gefitinib inhibits EGFR tyrosine kinase activity.", ["EGFR"]),
    # a named kinase, not a class
    ("PI-3 kinase activity was augmented by EGF.", ["PI-3 kinase"]),
    # a hyphen of a null allele or a full name
    ("E-cadherin and beta-catenin form a complex.", ["E-cadherin", "beta-catenin"]),
])
def test_genes_stay_entities(text, genes):
    assert _entities(text, genes) == genes


@pytest.mark.parametrize("text, genes", [
    # CIViC train phrasings: a gene's own name before "domain", a therapeutic antibody,
    # a gene whose symbol starts like a domain's name
    ("The ALK kinase domain mutation V1180L was found in these cells.", ["ALK kinase"]),
    ("Mutations were found in the calcium-binding EGF domain in patients with AVSD.", ["EGF"]),
    ("KRAS mutations predict resistance to anti-EGFR monoclonal antibodies.", ["KRAS", "anti-EGFR monoclonal antibodies"]),
    ("RRM1 was the most upregulated gene in gemcitabine-resistant cells.", ["RRM1"]),
])
def test_grounded_genes_before_domain_or_antibody_stay(text, genes):
    assert _entities(text, genes, grounded=tuple(genes)) == genes


@pytest.mark.parametrize("text, genes", [
    ("The ALK kinase domain mutation V1180L was found in these cells.", ["ALK kinase"]),
    ("PTEN loss is associated with loss of sensitivity to the HER2-antibody trastuzumab.", ["PTEN", "HER2-antibody"]),
    ("Quinoxalines are antagonists of the IgG:FcRn protein-protein interaction.", ["IgG", "FcRn"]),
])
def test_an_ungrounded_name_with_a_gene_symbol_stays(text, genes):
    assert _entities(text, genes) == genes
