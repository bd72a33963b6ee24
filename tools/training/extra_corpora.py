"""More varied training data for the existing heads: BioRED train and ChemProt train.

The shipped heads learnt three corpora's conventions (BC5CDR chemicals, BC2GM
genes, JNLPBA cell-line phrases). These two corpora add other writers' choices to
the same heads, so no head (and no run-time cost) is added:

- BioRED `Train.PubTator` (400 abstracts, every gene, chemical, cell line and
  disease mention): split by a hash of the PMID into a training part and a
  held-out part (`is_biored_heldout`, one abstract in five) on which every choice
  of this round is measured; Dev.PubTator is never read here. Per sentence, one
  example per head:
  - `bc2gm` (gene): BioRED genes are genes, every other token is "not a gene"
    (BioRED marks every gene mention).
  - `bc5cdr` (drug, disease): BioRED chemicals are drugs; BioRED's diseases and
    phenotypes are wider than BC5CDR's diseases, so their tokens are missing
    (unknown) and only the rest is "not a disease".
  - `jnlpba` (cell_line): a BioRED line ("COS-7") with "cells"/"cell line" after
    it is a cell_line in JNLPBA's extent ("COS-7 cells"); the other annotated
    mentions are not lines; every other token is unknown (BioRED does not mark
    the unnamed line phrases JNLPBA marks).
- ChemProt `train.jsonl`: each row marks the two entities of one chemical-gene
  pair (`<< >>` and `[[ ]]`, in text order, type not said). The marks of one
  sentence are pooled; which side of the pairs is the chemical is decided per
  sentence by the lexicon's types of the marked names (the pairs form a two-sided
  graph). A *partial* annotation: marked genes are genes and marked chemicals
  drugs, the other side's marks are "not this type", every unmarked token is
  unknown (ChemProt marks only entities in a listed pair).

    python -m tools.training.extra_corpora [--shared ../shared] [--out build/ner]

writes `biored_train_heldout.PubTator` (the held-out part, for
`litclaims eval grounding --data ...`) and `biored_train_part.PubTator` (the
training part, whose errors may be read).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example

from litclaims.evaluation.grounding import Abstract, read_pubtator
from tools.shared import REPO_ROOT, shared_dir

DEFAULT_OUT = REPO_ROOT / "build" / "ner"
BIORED_TRAIN = Path("relations/biored/Train.PubTator")
CHEMPROT_TRAIN = Path("relations/chemprot/train.jsonl")
CELL_WORDS = ("cells", "cell", "cell line", "cell lines")
MARK = re.compile(r"<< (.+?) >>|\[\[ (.+?) \]\]")
GENE_WORDS = re.compile(
    r"(receptor|kinase|ase\b|ases\b|protein|factor|channel|transporter|enzyme|cytochrome|CYP\d|\bR\b|[A-Z]{2,}\d)",
    re.IGNORECASE,
)


def is_biored_heldout(pmid: str) -> bool:
    """One abstract in five, by a hash of its PMID (stable across runs and machines)."""
    return int(hashlib.md5(pmid.encode()).hexdigest(), 16) % 5 == 0


@dataclass
class Marked:
    """One sentence with typed character spans (start, end, type) and the spans that
    are known not to be of each head's types."""

    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def blank_reference(predicted: Doc) -> Doc:
    return Doc(predicted.vocab, words=[t.text for t in predicted], spaces=[bool(t.whitespace_) for t in predicted])


def head_example(predicted: Doc, spans: list[tuple[int, int, str]], positive: set[str], default: str) -> Example:
    """An example for one head: spans whose type is in `positive` are labelled, the
    other annotated spans are "outside", and every other token is `default`
    ("outside" for a complete annotation, "missing" for a partial one). Spans typed
    "?" are missing whatever the default."""
    reference = blank_reference(predicted)
    ents, outside, missing, taken = [], [], [], set()
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        span = reference.char_span(start, end, label=label if label in positive else "", alignment_mode="expand")
        if span is None or taken & set(range(span.start, span.end)):
            continue
        taken |= set(range(span.start, span.end))
        if label == "?":
            missing.append(span)
        elif label in positive:
            ents.append(span)
        else:
            outside.append(span)
    reference.set_ents(ents, outside=outside, missing=missing, default=default)
    return Example(predicted, reference)


def sentence_bounds(splitter: Language, text: str) -> list[tuple[int, int]]:
    return [(s.start_char, s.end_char) for s in splitter(text).sents]


def biored_sentences(splitter: Language, abstracts: list[Abstract]) -> list[Marked]:
    """The sentences of the abstracts (title and abstract separately) with their
    mentions; a mention across a sentence boundary drops that sentence."""
    out: list[Marked] = []
    for a in abstracts:
        for base, text in ((0, a.title), (len(a.title) + 1, a.abstract)):
            for s_start, s_end in sentence_bounds(splitter, text):
                lo, hi = base + s_start, base + s_end
                inside = [(m[0] - lo, m[1] - lo, m[2]) for m in a.mentions if lo <= m[0] and m[1] <= hi]
                across = [m for m in a.mentions if m[0] < hi and m[1] > lo and not (lo <= m[0] and m[1] <= hi)]
                if not across:
                    out.append(Marked(text[s_start:s_end], inside))
    return out


def biored_examples(front: Language, sentences: list[Marked]) -> list[dict[str, Example]]:
    examples = []
    for sentence in sentences:
        predicted = front(sentence.text)
        diseases_unknown = [(s, e, "?" if t == "disease" else t) for s, e, t in sentence.spans]
        examples.append({
            "bc2gm": head_example(predicted, sentence.spans, {"gene"}, "outside"),
            "bc5cdr": head_example(predicted, diseases_unknown, {"drug"}, "outside"),
            "jnlpba": head_example(predicted, with_cell_words(sentence), {"cell_line"}, "missing"),
        })
    return examples


def with_cell_words(sentence: Marked) -> list[tuple[int, int, str]]:
    """Cell lines in JNLPBA's extent: the name and "cells"/"cell line(s)" after it;
    a line without such a word is left unknown (JNLPBA would not mark it bare)."""
    out = []
    for start, end, label in sentence.spans:
        if label != "cell_line":
            out.append((start, end, label))
            continue
        rest = sentence.text[end:]
        for word in sorted(CELL_WORDS, key=len, reverse=True):
            if re.match(rf"\s+{word}\b", rest):
                out.append((start, end + len(re.match(rf"\s+{word}\b", rest).group(0)), "cell_line"))
                break
        else:
            out.append((start, end, "?"))
    return out


def chemprot_sentences(rows: list[dict]) -> list[tuple[str, list[tuple[int, int]], list[tuple[tuple[int, int], tuple[int, int]]]]]:
    """Per distinct sentence: its text, the marked character spans, and the pairs
    (first span, second span) of the rows that mark it."""
    by_text: dict[str, tuple[set, set]] = {}
    for row in rows:
        plain, spans = unmark(row["text"])
        if len(spans) != 2:
            continue
        marks, pairs = by_text.setdefault(plain, (set(), set()))
        marks.update(spans)
        pairs.add((spans[0], spans[1]))
    return [(text, sorted(marks), sorted(pairs)) for text, (marks, pairs) in by_text.items()]


def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    plain, spans, pos = [], [], 0
    length = 0
    for match in MARK.finditer(text):
        before = text[pos:match.start()]
        plain.append(before)
        length += len(before)
        name = match.group(1) or match.group(2)
        spans.append((length, length + len(name)))
        plain.append(name)
        length += len(name)
        pos = match.end()
    plain.append(text[pos:])
    return "".join(plain), spans


def two_sides(marks: list[tuple[int, int]], pairs) -> list[tuple[set, set]] | None:
    """The connected parts of the pair graph, each split in its two sides; None when
    a part is not two-sided (a mark paired with both sides: nested or odd rows)."""
    side: dict[tuple[int, int], tuple[int, int]] = {}
    neighbours: dict = {m: set() for m in marks}
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    parts = []
    for mark in marks:
        if mark in side:
            continue
        part = len(parts)
        parts.append((set(), set()))
        stack = [(mark, 0)]
        while stack:
            node, colour = stack.pop()
            if node in side:
                if side[node] != (part, colour):
                    return None
                continue
            side[node] = (part, colour)
            parts[part][colour].add(node)
            stack += [(n, 1 - colour) for n in neighbours[node]]
    return parts


def lexicon_vote(doc: Doc, text: str, mark: tuple[int, int]) -> int:
    """+1 when the name reads as a gene, -1 as a chemical, 0 unknown."""
    types = {s.label_ for s in doc.spans.get("lexicon", []) if s.start_char == mark[0] and s.end_char == mark[1]}
    if types == {"gene"}:
        return 1
    if types == {"drug"}:
        return -1
    return 1 if GENE_WORDS.search(text[mark[0]:mark[1]]) else 0


def chemprot_marked(front: Language, rows: list[dict]) -> list[tuple[Doc, list[tuple[int, int, str]]]]:
    """Each distinct sentence, run through the front end, with its marks typed gene
    or drug; a part of the pair graph whose sides the lexicon cannot tell apart is
    left unknown ("?")."""
    out = []
    for text, marks, pairs in chemprot_sentences(rows):
        parts = two_sides(marks, pairs)
        if parts is None:
            continue
        doc = front(text)
        spans = []
        for first, second in parts:
            vote = sum(lexicon_vote(doc, text, m) for m in first) - sum(lexicon_vote(doc, text, m) for m in second)
            genes, chemicals = (first, second) if vote > 0 else (second, first)
            for mark in genes:
                spans.append((*mark, "gene" if vote else "?"))
            for mark in chemicals:
                spans.append((*mark, "drug" if vote else "?"))
        out.append((doc, spans))
    return out


def chemprot_examples(front: Language, rows: list[dict], heads: tuple[str, ...] = ("bc2gm", "bc5cdr")
                      ) -> list[dict[str, Example]]:
    """Examples for the gene head (`bc2gm`) and/or the chemical head (`bc5cdr`)."""
    positive = {"bc2gm": {"gene"}, "bc5cdr": {"drug"}}
    examples = []
    for doc, spans in chemprot_marked(front, rows):
        if all(label == "?" for _, _, label in spans):
            continue
        examples.append({head: head_example(doc, spans, positive[head], "missing") for head in heads})
    return examples


def load_biored(shared: Path) -> tuple[list[Abstract], list[Abstract]]:
    """BioRED train: (training part, held-out part)."""
    abstracts = read_pubtator(shared / BIORED_TRAIN)
    return [a for a in abstracts if not is_biored_heldout(a.pmid)], [a for a in abstracts if is_biored_heldout(a.pmid)]


def load_chemprot(shared: Path) -> list[dict]:
    with (shared / CHEMPROT_TRAIN).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_split(shared: Path, target: Path, heldout: bool) -> int:
    """The PubTator blocks of one part of BioRED train (held-out or training), verbatim."""
    blocks = (shared / BIORED_TRAIN).read_text(encoding="utf-8").strip().split("\n\n")
    kept = [b for b in blocks if is_biored_heldout(b.split("|", 1)[0]) == heldout]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n\n".join(kept) + "\n\n", encoding="utf-8")
    return len(kept)


def run(args: argparse.Namespace) -> int:
    shared = shared_dir(args.shared)
    if not (shared / BIORED_TRAIN).exists():
        print(f"error: no {shared / BIORED_TRAIN}", file=sys.stderr)
        return 2
    for name, heldout in (("biored_train_heldout.PubTator", True), ("biored_train_part.PubTator", False)):
        n = write_split(shared, args.out / name, heldout)
        print(f"wrote {args.out / name}: {n} abstracts")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the BioRED train held-out part.")
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    sys.exit(run(parser.parse_args()))
