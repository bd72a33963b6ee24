"""tools.relations.directions switches the relation model off by direction: its two groups
must name every class the model claims (and nothing else), and a switched-off class must
never reach its threshold."""

from __future__ import annotations

from litclaims.extract.claims.relation_model import ALLOWED, CLASSES, NONE
from tools.relations.directions import GROUPS, OFF


def test_the_two_directions_partition_the_models_classes():
    drug_gene, gene_drug = set(GROUPS["drug-gene"]), set(GROUPS["gene-drug"])
    assert not drug_gene & gene_drug
    assert drug_gene | gene_drug == set(CLASSES) - {NONE}
    # the drug -> gene group is what the model may claim for drug/gene and gene/gene pairs
    assert drug_gene == set(ALLOWED[("drug", "gene")]) | set(ALLOWED[("gene", "gene")])
    assert gene_drug == set(ALLOWED[("gene", "drug")]) == set(ALLOWED[("gene", "therapy")])


def test_a_switched_off_class_never_claims():
    assert OFF > 1.0  # a probability never reaches it
