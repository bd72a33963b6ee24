"""Compare sentence splitters: this project's rule splitter and scispaCy's pysbd one.

    python -m tools.training.eval_sentences [--shared ../shared]

Two measurements:
- seed review: the clean text of corpus/004_32e9bb3871b250ca.txt (through the
  ingest), split section by section; the share of the hand-checked sentences in
  ../shared/gold/dev.jsonl that come out as exactly one predicted sentence;
- GENIA (../shared/ner/genia_pos/devel.tsv): sentences joined into documents of
  ten, tokens joined by spaces; precision and recall of sentence starts.
Both also report the splitter's own speed (tokens per second, one core).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import scispacy.custom_sentence_segmenter  # noqa: F401  (registers pysbd_sentencizer)

from litclaims.extract.pipeline import build_pipeline
from litclaims.evaluation.conll import read_conll
from tools.shared import REPO_ROOT, shared_dir
from litclaims.schemas.config import Settings

SEED = REPO_ROOT / "corpus" / "004_32e9bb3871b250ca.txt"
SPLITTERS = ("litclaims_sentences", "pysbd_sentencizer")


def splitter_pipeline(name: str):
    nlp = build_pipeline(Settings(), use_models=False)
    if name != "litclaims_sentences":
        nlp.replace_pipe("litclaims_sentences", name)
    return nlp


def timed_sentences(nlp, texts: list[str]) -> tuple[list[list[tuple[int, int, str]]], float, int]:
    """Sentences (start_char, end_char, text) per text, the splitter's own seconds, tokens."""
    splitter = nlp.get_pipe("litclaims_sentences")  # replace_pipe keeps the slot's name
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        doc = nlp.get_pipe("litclaims_token_splitter")(doc)
        docs.append(doc)
    start = time.perf_counter()
    docs = [splitter(doc) for doc in docs]
    seconds = time.perf_counter() - start
    out = [[(s.start_char, s.end_char, s.text.strip()) for s in doc.sents] for doc in docs]
    return out, seconds, sum(len(d) for d in docs)


def seed_sentences(shared: Path) -> tuple[list[str], set[str]]:
    from litclaims.ingest.reader import read_document

    document = read_document(SEED)
    chunks = [document.text[s.start : s.end] for s in document.sections] or [document.text]
    gold = set()
    for line in (shared / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            gold.add(" ".join(json.loads(line)["sentence"].split()))
    return chunks, gold


def genia_documents(shared: Path, per_doc: int = 10) -> tuple[list[str], list[set[int]]]:
    sentences = read_conll(shared / "ner" / "genia_pos" / "devel.tsv")
    texts, starts = [], []
    for i in range(0, len(sentences), per_doc):
        group = sentences[i : i + per_doc]
        text, offsets = "", set()
        for s in group:
            if text:
                text += " "
            offsets.add(len(text))
            text += " ".join(s.tokens)
        texts.append(text)
        starts.append(offsets)
    return texts, starts


def run(args: argparse.Namespace) -> int:
    shared = shared_dir(args.shared)
    if not (shared / "gold" / "dev.jsonl").exists():
        print(f"error: no gold/dev.jsonl under {shared}; pass --shared DIR", file=sys.stderr)
        return 2
    chunks, gold = seed_sentences(shared)
    genia_texts, genia_starts = genia_documents(shared)
    print(f"{'splitter':<22} {'seed gold sentences found':>26} {'GENIA P':>8} {'GENIA R':>8} {'tokens/s':>10}")
    for name in SPLITTERS:
        nlp = splitter_pipeline(name)
        seed_out, seed_s, seed_tokens = timed_sentences(nlp, chunks)
        predicted = {" ".join(text.split()) for doc in seed_out for _, _, text in doc}
        found = len(gold & predicted)
        genia_out, genia_s, genia_tokens = timed_sentences(nlp, genia_texts)
        tp = fp = fn = 0
        for doc, starts in zip(genia_out, genia_starts):
            pred = {start for start, _, _ in doc}
            tp += len(pred & starts)
            fp += len(pred - starts)
            fn += len(starts - pred)
        speed = (seed_tokens + genia_tokens) / (seed_s + genia_s)
        print(
            f"{name:<22} {found:>12}/{len(gold):<13} {100 * tp / (tp + fp):8.2f} {100 * tp / (tp + fn):8.2f} {speed:10,.0f}"
        )
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Compare sentence splitters.")
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
