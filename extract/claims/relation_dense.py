"""The relation model's dense part: what a candidate pair reads from the pipeline's
shared encoder (`biomed_tok2vec`'s contextual token vectors, carried on
AnalyzedSentence.vectors) and the layer that scores it (relation_model.RelationModel
adds its scores to the sparse features')."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language

from litclaims.extract.analyzed import TokenVectors
from litclaims.extract.claims.units import Unit

# the dense pieces a pair can read from the encoder's token vectors, each one vector of the
# encoder's width: the mean over the subject's tokens, the object's, and the mean and the
# (element-wise) max over the tokens between the two mentions
DENSE_PIECES = ("subject", "object", "between_mean", "between_max")
# the pipeline component whose token vectors (doc.tensor) the dense pieces read
ENCODER_PIPE = "biomed_tok2vec"


def dense_pieces(vectors: TokenVectors, units: Sequence[Unit], s: int, o: int) -> np.ndarray:
    """All DENSE_PIECES of one pair, concatenated (float32, 4 x the encoder's width); a
    piece with no token (nothing between adjacent mentions) is NaN: it gets the training
    mean (DenseLayer.inputs), so it adds nothing the model did not see on average."""
    return dense_matrix(vectors, units, [(s, o)])[0]


def dense_matrix(vectors: TokenVectors, units: Sequence[Unit], pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """dense_pieces of every pair of one sentence (pairs x 4 x width): the float32 copy of the
    vectors and each mention's mean are made once per sentence, not once per pair."""
    width = vectors.width
    out = np.full((len(pairs), len(DENSE_PIECES) * width), np.nan, dtype=np.float32)
    # TokenVectors.rows of every unit's own range and of every span between two units, from
    # four searchsorted calls per sentence instead of two per range
    unit_starts = np.array([u.start for u in units])
    unit_ends = np.array([u.end for u in units])
    first_from_start = np.searchsorted(vectors.ends, unit_starts, side="right")
    last_to_end = np.searchsorted(vectors.starts, unit_ends, side="left")
    first_from_end = np.searchsorted(vectors.ends, unit_ends, side="right")
    last_to_start = np.searchsorted(vectors.starts, unit_starts, side="left")
    # only the tokens from the first mention of a pair to the last one are read: only they
    # are made float32 (elementwise, so the same values), the rows counted from the first
    involved = [i for pair in pairs for i in pair]
    offset = int(first_from_start[min(involved)])
    values = vectors.values[offset:max(offset, int(last_to_end[max(involved)]))].astype(np.float32)
    first_from_start, last_to_end, first_from_end, last_to_start = (
        (rows - offset).tolist() for rows in (first_from_start, last_to_end, first_from_end, last_to_start))
    means: dict[int, np.ndarray | None] = {}
    spans: dict[tuple[int, int], tuple[np.ndarray | None, np.ndarray | None]] = {}

    def mean_of(index: int) -> np.ndarray | None:
        if index not in means:
            first, last = first_from_start[index], last_to_end[index]
            means[index] = _mean(values[first:last]) if last > first else None
        return means[index]

    def between(lo: int, hi: int) -> tuple[np.ndarray | None, np.ndarray | None]:
        # both orders of a pair share the span between them
        if (lo, hi) not in spans:
            first, last = first_from_end[lo], last_to_start[hi]
            inside = values[first:last]
            spans[(lo, hi)] = (_mean(inside), np.maximum.reduce(inside, axis=0)) if last > first else (None, None)
        return spans[(lo, hi)]

    for n, (s, o) in enumerate(pairs):
        pieces = (mean_of(s), mean_of(o)) + between(min(s, o), max(s, o))
        for k, piece in enumerate(pieces):
            if piece is not None:
                out[n, k * width:(k + 1) * width] = piece
    return out


def _mean(rows: np.ndarray) -> np.ndarray:
    """rows.mean(axis=0) of float32 rows, bit for bit (ndarray.mean sums the same way, then
    divides by the count in place), without its Python-level wrapper."""
    total = np.add.reduce(rows, axis=0)
    return np.true_divide(total, rows.shape[0], out=total)


def select_pieces(dense: np.ndarray, pieces: Sequence[str], width: int) -> np.ndarray:
    """The columns of `pieces` (names of DENSE_PIECES) of pair x all-pieces rows."""
    if tuple(pieces) == DENSE_PIECES:  # all of them, in order: every column as it stands
        return dense
    columns = [np.arange(width) + DENSE_PIECES.index(p) * width for p in pieces]
    return dense[:, np.concatenate(columns)] if columns else dense[:, :0]


def encoder_fingerprint(nlp: "Language") -> tuple[str, int] | None:
    """(fingerprint, width) of the pipeline's shared encoder (ENCODER_PIPE): a hash of its
    weights, so that a model trained on one encoder's vectors never reads another's
    (a scispaCy base model has its own encoder, or none). None when there is none."""
    import hashlib

    if ENCODER_PIPE not in nlp.pipe_names:
        return None
    model = nlp.get_pipe(ENCODER_PIPE).model
    digest = hashlib.sha256(model.to_bytes()).hexdigest()[:16]
    return f"{ENCODER_PIPE}:{digest}", int(model.get_dim("nO"))


@dataclass(frozen=True, eq=False)
class DenseLayer:
    """The dense part of the model: which DENSE_PIECES it reads, its weights (pieces x
    width rows, one column per class; the training standardisation is folded into them
    and into the model's bias) and the training mean of every input, which stands in for
    a piece that is missing (no token between the pair) or for all of them when the
    sentence carries no vectors of this encoder."""

    pieces: tuple[str, ...]
    weights: np.ndarray  # float32, (len(pieces) * width) x classes
    mean: np.ndarray  # float32, len(pieces) * width
    encoder: str  # encoder_fingerprint's fingerprint
    width: int

    def inputs(self, vectors: TokenVectors | None, units: Sequence[Unit],
               pairs: Sequence[tuple[int, int]], read: Sequence[int] | None = None) -> np.ndarray:
        """The pairs' dense inputs (pairs x rows of `weights`), missing values filled with the
        mean. `read`: the indices of the pairs whose inputs are wanted; the others' rows stand
        at the mean (None: all of them)."""
        if vectors is None or vectors.encoder != self.encoder or vectors.width != self.width:
            return np.tile(self.mean, (len(pairs), 1))
        if read is not None:
            x = np.tile(self.mean, (len(pairs), 1))
            if len(read):
                x[read] = self.inputs(vectors, units, [pairs[n] for n in read])
            return x
        x = select_pieces(dense_matrix(vectors, units, pairs), self.pieces, self.width)
        return np.where(np.isnan(x), self.mean, x)

    def scores(self, vectors: TokenVectors | None, units: Sequence[Unit],
               pairs: Sequence[tuple[int, int]], read: Sequence[int] | None = None) -> np.ndarray:
        # all pairs' rows in one product even where only `read` ones are wanted: a matrix
        # product's rounding may depend on its shape, never on the other rows' values
        return self.inputs(vectors, units, pairs, read) @ self.weights
