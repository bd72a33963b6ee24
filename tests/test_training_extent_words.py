"""tools.training.extent_words: the words BC2GM writes at a gene mention's edge, by one criterion."""

from collections import Counter

from tools.training.extent_words import chosen, edge_counts, mention_spans


def test_edges_are_counted_inside_and_beside_mentions():
    sentence = [("human", "B-GENE"), ("insulin", "I-GENE"), ("gene", "I-GENE"), ("and", "O"),
                ("p53", "B-GENE"), ("gene", "O")]
    assert mention_spans(sentence) == [(0, 3), (4, 5)]
    last_in, after, first_in, before = edge_counts([sentence])
    assert last_in["gene"] == 1 and after["gene"] == 1
    assert first_in["human"] == 1 and before["and"] == 1


def test_a_word_is_chosen_by_its_share_inside_and_its_count():
    inside, outside = Counter(gene=9, serum=8), Counter(gene=1, serum=4)
    assert chosen(["gene", "serum"], inside, outside, 0.8, 5) == ["gene"]
    assert chosen(["gene", "serum"], inside, outside, 0.8, 10) == []
