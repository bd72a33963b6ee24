"""Which words BC2GM writes inside a gene mention's extent, counted on its train gold only.

    python -m tools.training.extent_words [--data ../shared] [--min-share 0.8] [--min-count 10]

For each candidate word: how often it is the last word of a multi-word gene mention
against how often it stands right after one (a form noun: "p53 gene"), and how often it
is the first word against right before one (an origin word: "human insulin"). A word
joins the recognised-mention view's lists (extract/components/mention_extents.py) when
its share inside is at least --min-share and it is inside at least --min-count times:
one criterion for every word, fixed before BC2GM devel is measured.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Iterable

from litclaims.evaluation.conll import ConllSentence, read_conll
from tools.shared import shared_dir

FORM_CANDIDATES = (
    "gene genes protein proteins mrna mrnas promoter promoters cdna cdnas transcript transcripts sequence sequences "
    "region regions product products locus enhancer homolog isoforms allele alleles polypeptide site sites element "
    "elements mutants antigen antigens motif mutant antibody antibodies domain domains family receptor receptors "
    "kinase subunit"
).split()
ORIGIN_CANDIDATES = (
    "human mouse murine rat bovine chicken drosophila xenopus yeast mammalian recombinant viral bacterial mutant "
    "serum plasma"
).split()


def mention_spans(tags: list[str]) -> list[tuple[int, int]]:
    """Token ranges of the mentions an IOB2 tag sequence marks."""
    spans, i = [], 0
    while i < len(tags):
        if tags[i].startswith("B"):
            j = i + 1
            while j < len(tags) and tags[j].startswith("I"):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    return spans


def edge_counts(sentences: Iterable[ConllSentence]) -> tuple[Counter, Counter, Counter, Counter]:
    """(last word inside, word right after, first word inside, word right before)."""
    last_in, after, first_in, before = Counter(), Counter(), Counter(), Counter()
    for s in sentences:
        words = [t.lower() for t in s.tokens]
        for a, b in mention_spans(s.tags):
            if b - a > 1:
                last_in[words[b - 1]] += 1
                first_in[words[a]] += 1
            if b < len(words) and s.tags[b] == "O":
                after[words[b]] += 1
            if a > 0 and s.tags[a - 1] == "O":
                before[words[a - 1]] += 1
    return last_in, after, first_in, before


def chosen(words, inside: Counter, outside: Counter, min_share: float, min_count: int) -> list[str]:
    return [w for w in words if inside[w] >= min_count and inside[w] / (inside[w] + outside[w]) >= min_share]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--min-share", type=float, default=0.8)
    parser.add_argument("--min-count", type=int, default=10)
    args = parser.parse_args(argv)
    last_in, after, first_in, before = edge_counts(read_conll(shared_dir(args.data) / "ner" / "bc2gm" / "train.tsv"))
    for name, words, inside, outside in (("form nouns", FORM_CANDIDATES, last_in, after),
                                         ("origin words", ORIGIN_CANDIDATES, first_in, before)):
        print(f"{name}: inside / beside, share")
        for w in words:
            total = inside[w] + outside[w]
            print(f"  {w:12} {inside[w]:5} {outside[w]:5}  {inside[w] / total if total else 0:.2f}")
        print(f"  chosen: {' '.join(chosen(words, inside, outside, args.min_share, args.min_count))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
