"""The NER corpora in ../shared/ner, as this project trains and evaluates on them.

- bc5cdr: the chemical and disease files annotate the same sentences; merged
  into one corpus with both types (Chemical -> drug, Disease -> disease).
- bc2gm: GENE -> gene.
- jnlpba: only a devel file exists; its documents are split here, every third
  document (index % 3 == 2) held out for evaluation and never trained on.
  Only cell_line is kept; protein/DNA/RNA/cell_type follow other guidelines
  and are marked "unknown" (missing) rather than "not an entity" in training.

    python -m tools.training.corpora [--shared ../shared] [--out build/ner]

writes the JNLPBA split (jnlpba_train.tsv, jnlpba_heldout.tsv) and the merged
BC5CDR files, so that `litclaims eval ner` can read them.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from litclaims.evaluation.conll import ConllSentence, read_conll, write_conll
from tools.shared import REPO_ROOT, shared_dir

DEFAULT_OUT = REPO_ROOT / "build" / "ner"


@dataclass(frozen=True)
class CorpusSpec:
    name: str
    mapping: dict[str, str]  # corpus label -> this project's type
    unknown: frozenset[str] = frozenset()  # corpus labels to treat as missing annotation in training

    @property
    def types(self) -> frozenset[str]:
        return frozenset(self.mapping.values())


BC5CDR = CorpusSpec("bc5cdr", {"Chemical": "drug", "Disease": "disease"})
BC2GM = CorpusSpec("bc2gm", {"GENE": "gene"})
JNLPBA = CorpusSpec("jnlpba", {"cell_line": "cell_line"}, frozenset({"protein", "DNA", "RNA", "cell_type"}))
SPECS = {s.name: s for s in (BC5CDR, BC2GM, JNLPBA)}


def require_shared(shared: Path) -> Path:
    ner = shared / "ner"
    if not (ner / "bc2gm" / "train.tsv").exists():
        raise FileNotFoundError(
            f"no NER corpora under {ner}; pass --shared DIR (the folder that holds ner/)"
        )
    return ner


def merge_bc5cdr(chem: list[ConllSentence], disease: list[ConllSentence]) -> list[ConllSentence]:
    """One sentence list with both types (the two files have the same sentences)."""
    if len(chem) != len(disease):
        raise ValueError("BC5CDR chemical and disease files differ in sentence count")
    merged = []
    for c, d in zip(chem, disease):
        if c.tokens != d.tokens:
            raise ValueError(f"BC5CDR files disagree on tokens: {' '.join(c.tokens)[:80]}")
        tags = [ct if ct != "O" else dt for ct, dt in zip(c.tags, d.tags)]
        merged.append(ConllSentence(c.tokens, tags, c.doc_index))
    return merged


def is_heldout_doc(doc_index: int) -> bool:
    return doc_index % 3 == 2


def load_corpus(shared: Path, name: str, split: str) -> list[ConllSentence]:
    """split: "train" or "devel" (for jnlpba: "train" and "devel" are the two parts of its devel file)."""
    ner = require_shared(shared)
    if name == "bc5cdr":
        return merge_bc5cdr(read_conll(ner / "bc5cdr_chem" / f"{split}.tsv"), read_conll(ner / "bc5cdr_disease" / f"{split}.tsv"))
    if name == "bc2gm":
        return read_conll(ner / "bc2gm" / f"{split}.tsv")
    if name == "jnlpba":
        sentences = read_conll(ner / "jnlpba" / "devel.tsv")
        heldout = split != "train"
        return [s for s in sentences if is_heldout_doc(s.doc_index) == heldout]
    raise ValueError(f"unknown corpus {name!r}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)


def run(args: argparse.Namespace) -> int:
    shared = shared_dir(args.shared)
    try:
        jn_train = load_corpus(shared, "jnlpba", "train")
        jn_held = load_corpus(shared, "jnlpba", "devel")
        bc5_devel = load_corpus(shared, "bc5cdr", "devel")
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out: Path = args.out
    for file_name, sentences in (
        ("jnlpba_train.tsv", jn_train),
        ("jnlpba_heldout.tsv", jn_held),
        ("bc5cdr_devel.tsv", bc5_devel),
    ):
        write_conll(out / file_name, ([(t, g) for t, g in zip(s.tokens, s.tags)] for s in sentences))
        print(f"wrote {out / file_name}: {len(sentences)} sentences")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the JNLPBA split and merged BC5CDR devel file.")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
