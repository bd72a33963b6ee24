"""An embedding layer for the trained NER that adds what the lexicon matched.

Besides spaCy's hashed NORM/PREFIX/SUFFIX/SHAPE embeddings, every token gets
an embedding of its lexicon tag: "B-gene", "I-drug|gene", ... or "O", read from
`doc.spans["lexicon"]` (set by litclaims_lexicon_ner, which runs before the
models). The models learn how far to trust the lexicon per type instead of the
resolver guessing it.

`litclaims.LexiconCharEmbed.v1` adds spaCy's character embedding (the first and
last UTF-8 bytes of each word), which lets rare names be told by their spelling
("Xa12p", "...ase") rather than by a hash row seen a handful of times.

The architectures are registered under "litclaims.LexiconHashEmbed.v1" and
"litclaims.LexiconCharEmbed.v1"; a saved
model's config names it, so this module must be imported before `spacy.load`
(litclaims.extract.components.models does).
"""

from __future__ import annotations

import zlib
from typing import Callable, List, Sequence

import numpy
from spacy.attrs import intify_attr
from spacy.ml._character_embed import CharacterEmbed
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

LEXICON_KEY = "lexicon"


def _tag_id(tag: str) -> int:
    # A stable id (Python's str hash changes between processes).
    return zlib.crc32(tag.encode("utf-8"))


OUTSIDE_ID = _tag_id("O")


def lexicon_tags(doc: Doc) -> list[str]:
    """The lexicon tag of each token: "B-<types>", "I-<types>" or "O"."""
    tags = ["O"] * len(doc)
    for span in doc.spans.get(LEXICON_KEY, []):
        types = span.id_ or span.label_
        for i in range(span.start, span.end):
            tags[i] = ("B-" if i == span.start else "I-") + types
    return tags


def LexiconFeatureExtractor(columns: Sequence[str]) -> Model[List[Doc], List[Ints2d]]:
    """Like spaCy's FeatureExtractor, plus a last column with the lexicon tag id."""
    attr_ids = [intify_attr(c) for c in columns]

    def forward(model: Model, docs: List[Doc], is_train: bool):
        features = []
        for doc in docs:
            attrs = doc.to_array(attr_ids).reshape(len(doc), len(attr_ids)).astype("uint64")
            lex = numpy.asarray([_tag_id(t) if t != "O" else OUTSIDE_ID for t in lexicon_tags(doc)], dtype="uint64")
            features.append(model.ops.asarray2i(numpy.hstack([attrs, lex.reshape(-1, 1)]), dtype="uint64"))
        backprop: Callable = lambda d_features: []
        return features, backprop

    return Model("extract_lexicon_features", forward, attrs={"columns": list(columns)})


@registry.architectures("litclaims.LexiconHashEmbed.v1")
def LexiconHashEmbed(
    width: int,
    attrs: List[str],
    rows: List[int],
    lexicon_width: int,
    lexicon_rows: int,
) -> Model[List[Doc], List[Floats2d]]:
    """spaCy's MultiHashEmbed (no static vectors) with a lexicon-tag table beside it."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    concat_size = width * len(attrs) + lexicon_width
    # Layer for layer as first shipped: a saved model only loads into the same structure.
    return chain(
        LexiconFeatureExtractor(attrs),
        list2ragged(),
        with_array(concatenate(*_embeddings(width, attrs, rows, lexicon_width, lexicon_rows))),
        with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


@registry.architectures("litclaims.LexiconCharEmbed.v1")
def LexiconCharEmbed(
    width: int,
    attrs: List[str],
    rows: List[int],
    lexicon_width: int,
    lexicon_rows: int,
    char_width: int,
    chars: int,
) -> Model[List[Doc], List[Floats2d]]:
    """LexiconHashEmbed plus spaCy's CharacterEmbed: `chars` UTF-8 bytes per word
    (half from its start, half from its end), each embedded in `char_width` dims."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    concat_size = width * len(attrs) + lexicon_width + char_width * chars
    return chain(
        concatenate(
            hashed_features(width, attrs, rows, lexicon_width, lexicon_rows),
            chain(CharacterEmbed(nM=char_width, nC=chars), list2ragged()),
        ),
        with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


def _embeddings(width: int, attrs: List[str], rows: List[int], lexicon_width: int, lexicon_rows: int) -> list[Model]:
    """A hash table per attribute column, then one for the lexicon-tag column."""
    embeddings = [HashEmbed(width, rows[i], column=i, seed=8 + i, dropout=0.0) for i in range(len(attrs))]
    embeddings.append(HashEmbed(lexicon_width, lexicon_rows, column=len(attrs), seed=8 + len(attrs), dropout=0.0))
    return embeddings


def hashed_features(width: int, attrs: List[str], rows: List[int], lexicon_width: int, lexicon_rows: int) -> Model:
    """The hashed attribute embeddings and the lexicon-tag embedding, concatenated (Ragged)."""
    return chain(
        LexiconFeatureExtractor(attrs),
        list2ragged(),
        with_array(concatenate(*_embeddings(width, attrs, rows, lexicon_width, lexicon_rows))),
    )
