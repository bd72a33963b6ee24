"""Name dropout (tools/training/augment.py): which tokens lose their NORM, what is kept."""

import spacy
from spacy.attrs import NORM, PREFIX, SHAPE, SUFFIX
from spacy.tokens import Doc, Span
from spacy.training import Example

from tools.training.augment import UNKNOWN_NORM, NameDropout, gold_mentions


def _batch():
    nlp = spacy.blank("en")
    predicted = nlp("Gefitinib inhibits EGFR kinase in A549 cells .")
    predicted.spans["lexicon"] = [Span(predicted, 0, 1, label="drug"), Span(predicted, 2, 3, label="gene")]
    words = [t.text for t in predicted]
    chem = Doc(nlp.vocab, words=words)
    chem.set_ents([Span(chem, 0, 1, label="drug")], default="outside")
    gene = Doc(nlp.vocab, words=words)
    gene.set_ents([Span(gene, 2, 4, label="gene")], default="outside")
    return predicted, [{"bc5cdr": Example(predicted, chem), "bc2gm": Example(predicted, gene)}]


def test_gold_mentions_pool_the_heads():
    _, batch = _batch()
    assert gold_mentions(batch[0]) == [(0, 1), (2, 4)]


def test_every_mention_token_masked_at_p1_and_restored():
    doc, batch = _batch()
    before = doc.to_array([NORM, PREFIX, SUFFIX, SHAPE]).tolist()
    words = [t.text for t in doc]
    dropout = NameDropout(1.0, seed=3)
    changed = dropout.mask(batch)
    norms = [t.norm_ for t in doc]
    assert norms[0] == norms[2] == norms[3] == UNKNOWN_NORM
    assert norms[1] == "inhibits" and norms[5] == "a549"
    # What the encoder reads: NORM changed for the mention tokens only; the
    # prefix, suffix and shape columns, the tokens, the lexicon spans and the gold
    # entities (offsets and types) are untouched.
    masked = doc.to_array([NORM, PREFIX, SUFFIX, SHAPE]).tolist()
    assert [row[1:] for row in masked] == [row[1:] for row in before]
    assert [row[0] for i, row in enumerate(masked) if i not in (0, 2, 3)] == [row[0] for i, row in enumerate(before) if i not in (0, 2, 3)]
    assert [t.text for t in doc] == words
    assert [(s.start, s.end, s.label_) for s in doc.spans["lexicon"]] == [(0, 1, "drug"), (2, 3, "gene")]
    assert [(e.start, e.end, e.label_) for e in batch[0]["bc2gm"].reference.ents] == [(2, 4, "gene")]
    assert [(e.start, e.end, e.label_) for e in batch[0]["bc5cdr"].reference.ents] == [(0, 1, "drug")]
    NameDropout.restore(changed)
    assert doc.to_array([NORM, PREFIX, SUFFIX, SHAPE]).tolist() == before
    assert (dropout.masked_mentions, dropout.seen_mentions) == (2, 2)


def test_p0_changes_nothing():
    doc, batch = _batch()
    before = doc.to_array([NORM]).tolist()
    assert NameDropout(0.0).mask(batch) == []
    assert doc.to_array([NORM]).tolist() == before


def test_seeded_draws_repeat():
    def draws(seed):
        doc, batch = _batch()
        dropout = NameDropout(0.5, seed=seed)
        out = []
        for _ in range(20):
            changed = dropout.mask(batch)
            out.append(tuple(i for _, i, _ in changed))
            NameDropout.restore(changed)
        return out

    assert draws(7) == draws(7)
    assert any(draws(7)) and not all(draws(7))


def test_labels_limit_the_masked_mentions():
    doc, batch = _batch()
    assert gold_mentions(batch[0], frozenset({"gene"})) == [(2, 4)]
    changed = NameDropout(1.0, labels=frozenset({"gene"})).mask(batch)
    assert [i for _, i, _ in changed] == [2, 3]
    assert doc[0].norm_ == "gefitinib"
    NameDropout.restore(changed)
