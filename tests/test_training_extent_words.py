"""tools.training.extent_words: the words BC2GM writes at a gene mention's edge, by one criterion."""

from collections import Counter

from litclaims.evaluation.conll import ConllSentence
from tools.training.extent_words import chosen, edge_counts, mention_spans


def test_edges_are_counted_inside_and_beside_mentions():
    sentence = ConllSentence(["human", "insulin", "gene", "and", "p53", "gene"],
                             ["B-GENE", "I-GENE", "I-GENE", "O", "B-GENE", "O"])
    assert mention_spans(sentence.tags) == [(0, 3), (4, 5)]
    last_in, after, first_in, before = edge_counts([sentence])
    assert last_in["gene"] == 1 and after["gene"] == 1
    assert first_in["human"] == 1 and before["and"] == 1


def test_a_word_is_chosen_by_its_share_inside_and_its_count():
    inside, outside = Counter(gene=9, serum=8), Counter(gene=1, serum=4)
    assert chosen(["gene", "serum"], inside, outside, 0.8, 5) == ["gene"]
    assert chosen(["gene", "serum"], inside, outside, 0.8, 10) == []
