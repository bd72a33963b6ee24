"""Name dropout: train the NER heads to read a name's context, shape and lexicon tag
rather than its identity (issue 14, round 20).

The heads memorise names: the hashed NORM embedding of a training name becomes
a strong "this is a gene" signal, and a name never seen in training lacks it.
With probability p per gold mention, every token of the mention gets a constant
NORM (`UNKNOWN_NORM`) for one update, so that update cannot key on which name it
is; PREFIX, SUFFIX, SHAPE and the lexicon tag (`doc.spans["lexicon"]`, made by
the production front end from the real text) are kept. The tokens, the lexicon
tags and the gold offsets do not change, so no example has to be rebuilt; the
norms are put back right after the encoder's forward pass (its backward pass
uses the row ids computed in that pass).

Mention replacement (another surface of the same type put into the text) would
have to run the front end again for every replaced sentence and epoch; name
dropout needs no front-end pass and is drawn anew for every batch.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.training import Example

UNKNOWN_NORM = "<litclaims-unknown-name>"


def gold_mentions(by_head: dict[str, Example], labels: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Token spans (start, end) of the labelled entities of one sentence (of `labels`
    only, when given), over all its heads' references (each reference has the
    predicted doc's tokens); a span that two heads label is listed once."""
    spans = set()
    for example in by_head.values():
        for ent in example.reference.ents:
            if labels is None or ent.label_ in labels:
                spans.add((ent.start, ent.end))
    return sorted(spans)


@dataclass
class NameDropout:
    """Draws, per batch, which gold mentions lose their NORM; seeded, so a run with the
    same seed and batches masks the same mentions."""

    p: float
    seed: int = 0
    labels: frozenset[str] | None = None  # mask only mentions of these types (None: all)
    masked_mentions: int = 0
    seen_mentions: int = 0
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.p <= 1.0:
            raise ValueError(f"name dropout must be within 0..1, not {self.p}")
        self._rng = random.Random(self.seed)

    def mask(self, batch: list[dict[str, Example]]) -> list[tuple[Doc, int, str]]:
        """Give the chosen mentions' tokens UNKNOWN_NORM in the predicted docs; returns
        what `restore` needs to put the old norms back."""
        changed: list[tuple[Doc, int, str]] = []
        if self.p <= 0.0:
            return changed
        for by_head in batch:
            doc = next(iter(by_head.values())).predicted
            for start, end in gold_mentions(by_head, self.labels):
                self.seen_mentions += 1
                if self._rng.random() >= self.p:
                    continue
                self.masked_mentions += 1
                for i in range(start, end):
                    token = doc[i]
                    changed.append((doc, i, token.norm_))
                    token.norm_ = UNKNOWN_NORM
        return changed

    @staticmethod
    def restore(changed: list[tuple[Doc, int, str]]) -> None:
        for doc, i, norm in reversed(changed):
            doc[i].norm_ = norm
