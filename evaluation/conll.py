"""CoNLL-style NER files (`token<TAB>tag` per line, blank line between sentences,
IOB2 tags) and entity-level scoring with conlleval's rules.

Used by `litclaims tag`, `litclaims eval ner` and the training scripts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

DOCSTART = "-DOCSTART-"


@dataclass
class ConllSentence:
    tokens: list[str]
    tags: list[str]  # the file's tags (IOB2), one per token
    doc_index: int = 0  # which -DOCSTART- block it came from (0 when the file has none)
    extra: list[list[str]] = field(default_factory=list)  # further columns (a tagged file's predictions)


def read_conll(path: Path) -> list[ConllSentence]:
    """Sentences of a CoNLL file; -DOCSTART- lines start a new document and are dropped."""
    sentences: list[ConllSentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    extra: list[list[str]] = []
    doc_index = 0
    seen_docstart = False

    def flush() -> None:
        nonlocal tokens, tags, extra
        if tokens:
            sentences.append(ConllSentence(tokens, tags, doc_index, extra))
        tokens, tags, extra = [], [], []

    with open(path, encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                continue
            cols = line.split("\t")
            if cols[0] == DOCSTART:
                flush()
                if seen_docstart:
                    doc_index += 1
                seen_docstart = True
                continue
            if len(cols) < 2:
                raise ValueError(f"{path}:{line_no}: expected token<TAB>tag, got {line!r}")
            tokens.append(cols[0])
            tags.append(cols[1])
            extra.append(cols[2:])
    flush()
    return sentences


def write_conll(path: Path, rows: Iterable[Sequence[Sequence[str]]]) -> None:
    """Each item is one sentence: a sequence of columns per token."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        for sentence in rows:
            for cols in sentence:
                handle.write("\t".join(cols) + "\n")
            handle.write("\n")


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity chunks (start, end, type) of an IOB tag sequence, as conlleval reads them:
    a chunk starts at B-X, at I-X after O, or at I-X after a different type."""
    found: list[tuple[int, int, str]] = []
    start = None
    current = None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-") if tag != "O" else ("O", "", "")
        starts_new = prefix == "B" or (prefix == "I" and label != current)
        if current is not None and (prefix == "O" or starts_new):
            found.append((start, i, current))
            current = None
        if prefix in {"B", "I"} and (starts_new or current is None):
            start, current = i, label
    return found


def map_tags(tags: Sequence[str], mapping: dict[str, str]) -> list[str]:
    """Rename entity types (`GENE` -> `gene`); types not in the mapping become O."""
    out = []
    for tag in tags:
        if tag == "O":
            out.append("O")
            continue
        prefix, _, label = tag.partition("-")
        target = mapping.get(label)
        out.append(f"{prefix}-{target}" if target else "O")
    return out


@dataclass
class Score:
    correct: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return 100.0 * self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return 100.0 * self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def tally(scores: dict[str, Score], gold: set[tuple], predicted: set[tuple]) -> None:
    """Add one sentence's (start, end, type) entities to the per-type counts."""
    for c in gold:
        scores[c[2]].gold += 1
    for c in predicted:
        scores[c[2]].predicted += 1
    for c in gold & predicted:
        scores[c[2]].correct += 1


def score(pairs: Iterable[tuple[Sequence[str], Sequence[str]]], types: Iterable[str]) -> dict[str, Score]:
    """Exact-match entity scores per type over (gold tags, predicted tags) sentence pairs.
    Only `types` are scored: predictions of other types are ignored, since the corpus
    does not annotate them. The "ALL" entry sums the scored types."""
    wanted = set(types)
    scores = {t: Score() for t in sorted(wanted)}
    for gold_tags, predicted_tags in pairs:
        gold = {c for c in chunks(gold_tags) if c[2] in wanted}
        predicted = {c for c in chunks(predicted_tags) if c[2] in wanted}
        tally(scores, gold, predicted)
    total = Score(
        sum(s.correct for s in scores.values()),
        sum(s.predicted for s in scores.values()),
        sum(s.gold for s in scores.values()),
    )
    scores["ALL"] = total
    return scores


def format_scores(scores: dict[str, Score]) -> str:
    lines = [f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for label, s in scores.items():
        lines.append(f"{label:<10} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {s.gold:6d} {s.predicted:6d}")
    return "\n".join(lines)


def iter_token_offsets(tokens: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Character offsets of each token in " ".join(tokens)."""
    pos = 0
    for token in tokens:
        yield pos, pos + len(token)
        pos += len(token) + 1


def spans_to_tags(tokens: Sequence[str], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags on the input tokens for entity character spans over " ".join(tokens).
    A token belongs to the first entity that overlaps it; entities that start inside an
    already tagged token (the pipeline split "PI3K/Akt" that the file keeps whole) are lost."""
    offsets = list(iter_token_offsets(tokens))
    tags = ["O"] * len(tokens)
    for start, end, label in sorted(spans):
        inside = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        for k, i in enumerate(inside):
            tags[i] = ("B-" if k == 0 else "I-") + label
    return tags
