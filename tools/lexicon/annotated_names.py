"""Names the training corpora annotate that the compiled lexicon does not know.

    python -m tools.lexicon.annotated_names [--shared ../shared] [--biored build/ner/biored_train_part.PubTator] \
        [--out extract/data/annotated_names.tsv] [--report]

For every text annotated as a chemical or a gene in the training corpora (BC5CDR
train chemicals, BC2GM train genes, the BioRED training part) whose norm key the
compiled lexicon neither knows nor stops, count how often its key occurs in each
corpus's text (token n-grams) and how often those occurrences are annotated with the
type. Keep the texts annotated reliably (`judge`): an annotation rate of at least
MIN_RATE over the corpora that annotate the type in full (BC5CDR and BioRED for
chemicals, BC2GM and BioRED for genes), at least MIN_COUNT annotations, no such
corpus that holds it twice or more annotating it in under CORPUS_FLOOR of its
occurrences, never annotated with the other type, and no class or generic word (the
words the project keeps out of names, docs/ner.md rounds 4-6). ChemProt is not a
source: its marks say which pair, not which is the chemical, and its licence forbids
redistributing the corpus. `--choose` prints the two-fold table the thresholds were
chosen on (issue 14 round 11).

Only training files are read (never a dev, devel or held-out file). The output is
one row per kept spelling: surface, type, token count, first token's key, the
counts behind it; `litclaims_annotated_names` loads it at run time (no id: the
lexicon does not know these names).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from litclaims.extract.components.mention_context import GENERIC_WORDS, MOLECULE_WORDS
from litclaims.extract.components.names import AMINO_ACIDS, DRUG_CLASS_WORDS, PROTEIN_HEAD_WORDS
from litclaims.extract.components.annotated_names import ANNOTATED_NAMES_FILE
from litclaims.extract.lexicon.compiled import CURATED_FILE, DATA_DIR, LEXICON_FILE, Lexicon
from litclaims.extract.lexicon.keys import norm_key
from tools.shared import REPO_ROOT, shared_dir

TYPES = ("drug", "gene")
OTHER = {"drug": "gene", "gene": "drug"}
# Corpora that annotate a type in full (every mention), by type.
FULL = {"drug": ("bc5cdr", "biored"), "gene": ("bc2gm", "biored")}
MAX_TOKENS = 10

MIN_RATE = 0.8
MIN_COUNT = 3
CORPUS_FLOOR = 0.5

# Class and generic words (docs/ner.md rounds 4-6): a text made only of them names a class
# ("tyrosine kinase", "ion channel", "protein kinase"); one ending in a generic or a plural
# class word is a class or a gene's part ("cytokines", "FSHbeta mRNA", "MAP kinases",
# "EGFR inhibitors"), which the names view keeps out. A specific name before a singular
# head word stays ("xanthine oxidase", "thymidine kinase").
HEAD_WORDS = (PROTEIN_HEAD_WORDS | MOLECULE_WORDS | frozenset(
    """channel transporter exchanger pump cytokine chemokine enzyme hormone factor antibody ligand peptide
    isoform isozyme isoenzyme complex family superfamily member ion salt acid""".split()))
CLASS_WORDS = GENERIC_WORDS | HEAD_WORDS | DRUG_CLASS_WORDS | frozenset(
    """tyrosine serine threonine amino alpha beta gamma human type i ii channels transporters exchangers pumps
    cytokines chemokines enzymes hormones factors antibodies ligands peptides drug drugs agent agents compound
    compounds metabolite metabolites substrate substrates analog analogs analogue analogues derivative
    derivatives isozymes isoenzymes families members acids ions salts growth nuclear""".split())
END_WORDS = (GENERIC_WORDS | DRUG_CLASS_WORDS | frozenset(
    w for w in CLASS_WORDS if w.endswith("s") and w[:-1] in HEAD_WORDS | {"drug", "agent", "compound",
                                                                          "metabolite", "analog", "analogue",
                                                                          "derivative", "substrate"})
    | frozenset("drug agent compound metabolite analog analogue derivative substrate regimen regimens suppressants "
                "blockers".split())) - frozenset(
    {"kinase", "tyrosine"})
_TOKEN = re.compile(r"\w+|[^\w\s]")
_CHANGE = re.compile(r"^(?:p\.)?[A-Z]\d+[A-Z*]$")
_AMINO_CODES = frozenset("ala arg asn asp cys gln glu gly his ile leu lys met phe pro ser thr trp tyr val".split())


@dataclass
class Text:
    """One document's text (a CoNLL corpus: a block of sentences) with its gold mentions."""

    corpus: str
    doc: str
    text: str
    mentions: list[tuple[int, int, str]]  # (start, end, type)


@dataclass
class Counts:
    occurrences: Counter = field(default_factory=Counter)  # (corpus, key) -> n-gram occurrences
    annotated: Counter = field(default_factory=Counter)  # (corpus, key, type) -> annotated occurrences
    surfaces: dict = field(default_factory=lambda: defaultdict(Counter))  # (key, type) -> surface -> n


def read_conll(path: Path, corpus: str, labels: dict[str, str], block: int = 10) -> Iterator[Text]:
    """Sentences of a CoNLL file (token, tag), joined by spaces; `block` sentences make a document."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, tag = line.split("\t")[:2]
        current.append((token, tag))
    if current:
        sentences.append(current)
    for n in range(0, len(sentences), block):
        parts: list[str] = []
        mentions: list[tuple[int, int, str]] = []
        pos = 0
        for sentence in sentences[n : n + block]:
            open_start = open_end = -1
            open_type = ""
            for token, tag in sentence:
                start = pos
                parts.append(token)
                pos += len(token)
                parts.append(" ")
                pos += 1
                kind = tag[2:] if len(tag) > 2 else ""
                if tag.startswith("I-") and open_start >= 0 and kind == open_type:
                    open_end = start + len(token)
                    continue
                if open_start >= 0:
                    mentions.append((open_start, open_end, labels[open_type]))
                    open_start = -1
                if tag.startswith(("B-", "I-")) and kind in labels:
                    open_start, open_end, open_type = start, start + len(token), kind
            if open_start >= 0:
                mentions.append((open_start, open_end, labels[open_type]))
            parts.append("\n")
            pos += 1
        yield Text(corpus, f"{corpus}-{n // block}", "".join(parts), mentions)


def read_pubtator(path: Path) -> Iterator[Text]:
    """The abstracts of a BioRED PubTator file with their gene and chemical mentions (the
    grounding evaluation's reader)."""
    from litclaims.evaluation.grounding import read_pubtator as read_abstracts

    for abstract in read_abstracts(path):
        mentions = [(start, end, label) for start, end, label, _ in abstract.mentions if label in ("gene", "drug")]
        yield Text("biored", abstract.pmid, f"{abstract.title} {abstract.abstract}", mentions)


def training_texts(shared: Path, biored: Path) -> list[Text]:
    texts = list(read_conll(shared / "ner" / "bc5cdr_chem" / "train.tsv", "bc5cdr", {"Chemical": "drug"}))
    texts += read_conll(shared / "ner" / "bc2gm" / "train.tsv", "bc2gm", {"GENE": "gene"})
    texts += read_pubtator(biored)
    return texts


def tokens_of(text: str) -> list[tuple[int, int, str]]:
    """(start, end, norm key) of each token (punctuation: key "")."""
    return [(m.start(), m.end(), norm_key(m.group())) for m in _TOKEN.finditer(text)]


def count(texts: Iterable[Text], keys: set[str] | None = None) -> Counts:
    """Annotations and occurrences per corpus. `keys`: count occurrences only of these
    keys (default: every annotated key)."""
    texts = list(texts)
    counts = Counts()
    for t in texts:
        for start, end, kind in t.mentions:
            surface = " ".join(t.text[start:end].split())
            key = norm_key(surface)
            if key:
                counts.annotated[(t.corpus, key, kind)] += 1
                counts.surfaces[(key, kind)][surface] += 1
    wanted = keys if keys is not None else {key for (_, key, _) in counts.annotated}
    for t in texts:
        toks = tokens_of(t.text)
        for i, (start, _, first) in enumerate(toks):
            if not first:
                continue
            key = ""
            for j in range(i, min(len(toks), i + MAX_TOKENS)):
                if j > i and "\n" in t.text[toks[j - 1][1] : toks[j][0]]:
                    break  # no n-gram across a sentence break of a CoNLL file
                key += toks[j][2]
                if toks[j][2] and key in wanted:
                    counts.occurrences[(t.corpus, key)] += 1
    return counts


def is_class_or_generic(surface: str) -> bool:
    words = surface.lower().replace("-", " ").split()
    if not words:
        return True
    if words[-1] in END_WORDS or all(w in CLASS_WORDS for w in words):
        return True
    if len(words) == 1 and (words[0] in AMINO_ACIDS or words[0] in _AMINO_CODES):
        return True
    return bool(_CHANGE.match(surface)) or not any(c.isalpha() for c in surface)


@dataclass(frozen=True)
class Verdict:
    key: str
    kind: str
    kept: bool
    why: str
    annotated: int
    occurrences: int  # in the corpora that annotate the type in full
    rate: float


def judge(counts: Counts, key: str, kind: str, *, min_rate: float = MIN_RATE, min_count: int = MIN_COUNT,
          floor: float = CORPUS_FLOOR) -> Verdict:
    full_ann = sum(counts.annotated[(c, key, kind)] for c in FULL[kind])
    full_occ = sum(counts.occurrences[(c, key)] for c in FULL[kind])
    other = sum(counts.annotated[(c, key, OTHER[kind])] for c in ("bc5cdr", "bc2gm", "biored"))
    rate = full_ann / full_occ if full_occ else 0.0

    def verdict(kept: bool, why: str) -> Verdict:
        return Verdict(key, kind, kept, why, full_ann, full_occ, rate)

    surface = counts.surfaces[(key, kind)].most_common(1)[0][0] if counts.surfaces[(key, kind)] else key
    if len(key) < 2 or is_class_or_generic(surface):
        return verdict(False, "class")
    if other:
        return verdict(False, "other type")
    if full_ann < min_count:
        return verdict(False, "count")
    for c in FULL[kind]:
        occ = counts.occurrences[(c, key)]
        if occ >= 2 and counts.annotated[(c, key, kind)] / occ < floor:
            return verdict(False, "corpus disagrees")
    if rate < min_rate:
        return verdict(False, "rate")
    return verdict(True, "rate")


def unknown_keys(counts: Counts, lexicon: Lexicon, stopped: set[str]) -> set[tuple[str, str]]:
    """(key, type) annotated somewhere whose key the lexicon neither knows nor stops."""
    return {(key, kind) for (_, key, kind) in counts.annotated
            if kind in TYPES and not lexicon.has_key(key) and key not in stopped}


def stopped_keys() -> set[str]:
    keys = set()
    for line in CURATED_FILE.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and not line.startswith("#") and cols[1] == "-":
            keys.add(norm_key(cols[0]))
    return keys


def rows(counts: Counts, verdicts: list[Verdict], tokenize) -> list[tuple]:
    out = []
    for v in verdicts:
        if not v.kept:
            continue
        spellings = set(counts.surfaces[(v.key, v.kind)])
        # A CoNLL file's spelling has spaces around punctuation ("CaCl ( 2 )"): prose writes it closed up.
        spellings |= {_CLOSED_UP.sub(r"\1", s) for s in spellings}
        for surface in sorted(spellings):
            tokens = tokenize(surface)
            first = next((norm_key(t) for t in tokens if norm_key(t)), "")
            out.append((surface, v.kind, len(tokens), first, v.annotated, v.occurrences))
    return sorted(set(out))


_CLOSED_UP = re.compile(r"\s*([^\w\s])\s*")


def two_folds(texts: list[Text], lexicon: Lexicon, stopped: set[str],
              grid: Iterable[tuple[float, int]]) -> list[tuple[float, int, int, int, int, int]]:
    """Choosing the thresholds on the training corpora alone: the documents split in two
    by a hash of their ids; the list is built from one half and its names counted in the
    other (both ways). Per (min rate, min count): (rate, count, names kept, occurrences
    in the other half's fully annotated corpora, of them annotated with the type, gold
    mentions of the other half the list covers)."""
    import hashlib

    def half(t: Text) -> int:
        return int(hashlib.sha256(f"{t.corpus}:{t.doc}".encode()).hexdigest()[:8], 16) % 2

    folds = [[t for t in texts if half(t) == h] for h in (0, 1)]
    results = []
    grid = list(grid)
    counted = [count(f) for f in folds]
    for min_rate, min_count in grid:
        kept_total = occ_total = ann_total = 0
        for h in (0, 1):
            train, test = counted[h], counted[1 - h]
            kept = [(k, t) for k, t in unknown_keys(train, lexicon, stopped)
                    if judge(train, k, t, min_rate=min_rate, min_count=min_count).kept]
            kept_keys = {k for k, _ in kept}
            test_occ = count(folds[1 - h], kept_keys)
            kept_total += len(kept)
            for k, t in kept:
                occ = sum(test_occ.occurrences[(c, k)] for c in FULL[t])
                occ_total += occ
                ann_total += sum(test_occ.annotated[(c, k, t)] for c in FULL[t])
        results.append((min_rate, min_count, kept_total, occ_total, ann_total))
    return results


HEADER = """# Names the training corpora annotate that the compiled lexicon does not know (issue 14, round 11).
# Written by `python -m tools.lexicon.annotated_names`; do not edit by hand.
# Sources (training files only): BC5CDR train chemicals, BC2GM train genes, the BioRED training part,
# (docs/data-licenses.md). A row is a spelling seen annotated (or it closed up); no id.
# Columns: surface, type, tokens, first token's key, annotations, occurrences (token n-grams with
# its key) in those corpora.
"""


def write(out: Path, table: list[tuple]) -> None:
    lines = [HEADER.rstrip("\n")]
    lines += ["\t".join(str(x) for x in row) for row in table]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=None)
    parser.add_argument("--biored", type=Path, default=REPO_ROOT / "build" / "ner" / "biored_train_part.PubTator")
    parser.add_argument("--out", type=Path, default=DATA_DIR / ANNOTATED_NAMES_FILE)
    parser.add_argument("--report", action="store_true", help="print the verdicts' counts")
    parser.add_argument("--choose", action="store_true",
                        help="print the two-fold table the thresholds were chosen on (training corpora only)")
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    lexicon = Lexicon.load(DATA_DIR / LEXICON_FILE)
    texts = training_texts(shared, args.biored)
    counts = count(texts)
    candidates = unknown_keys(counts, lexicon, stopped_keys())
    if args.choose:
        grid = [(r, n) for r in (0.5, 0.6, 0.7, 0.8, 0.9, 1.0) for n in (1, 2, 3, 5)]
        print("min rate  min count  names kept  occurrences in the other half  annotated  precision")
        for min_rate, min_count, kept, occ, ann in two_folds(texts, lexicon, stopped_keys(), grid):
            print(f"{min_rate:8.1f}  {min_count:9d}  {kept:10d}  {occ:29d}  {ann:9d}  {ann / max(occ, 1):9.3f}")
        return 0
    verdicts = [judge(counts, key, kind) for key, kind in sorted(candidates)]

    import spacy
    from litclaims.extract.components.tokenizer import build_tokenizer

    tokenizer = build_tokenizer(spacy.blank("en"))
    table = rows(counts, verdicts, lambda s: [t.text for t in tokenizer(s)])
    write(args.out, table)
    if args.report:
        by = Counter((v.kind, v.kept, v.why) for v in verdicts)
        for (kind, kept, why), n in sorted(by.items()):
            print(f"{kind:5} {'kept' if kept else 'dropped':8} {why:18} {n}")
    print(f"wrote {args.out}: {len(table)} spellings of {sum(v.kept for v in verdicts)} names "
          f"({len(candidates)} annotated names unknown to the lexicon)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
