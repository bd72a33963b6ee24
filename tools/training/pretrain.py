"""Pretrain the shared encoder on unlabelled text (spaCy's character cloze objective).

    OMP_NUM_THREADS=1 python -m tools.training.pretrain [--shared ../shared] \
        --out build/pretrain/tok2vec.bin [--minutes 20]

The encoder learns to predict the first and last characters of each word from
its context (spaCy's `create_pretrain_characters`, as `spacy pretrain` does),
on the text of the corpora's *training* files plus the GENIA part-of-speech
corpus (immunology and cell-line abstracts), with the production front end's
lexicon features. Devel text is never read, and GENIA sentences that are also
in the JNLPBA file (whose held-out third is the cell-line evaluation) are
skipped. `tools.training.train --init-tok2vec` starts from the saved weights.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

from spacy.ml.models.multi_task import create_pretrain_characters
from spacy.util import minibatch
from thinc.api import Adam, set_dropout_rate

from litclaims.evaluation.conll import read_conll
from tools.training.corpora import load_corpus
from tools.training.train import front_end, start_session, tok2vec_config

N_CHARACTERS = 4


def _sentence_key(tokens: list[str]) -> str:
    return re.sub(r"[^0-9a-z]", "", "".join(tokens).lower())


def pretraining_texts(shared: Path) -> list[str]:
    """Sentences of the training files and of GENIA POS (minus JNLPBA's), as text."""
    texts: list[str] = []
    for name in ("bc5cdr", "bc2gm", "jnlpba"):
        texts += [" ".join(s.tokens) for s in load_corpus(shared, name, "train")]
    jnlpba_keys = {_sentence_key(s.tokens) for s in read_conll(shared / "ner" / "jnlpba" / "devel.tsv")}
    for sentence in read_conll(shared / "ner" / "genia_pos" / "train.tsv"):
        if _sentence_key(sentence.tokens) not in jnlpba_keys:
            texts.append(" ".join(sentence.tokens))
    return texts


def pretrain(args: argparse.Namespace) -> int:
    session = start_session(args)
    if session is None:
        return 2
    shared, log, started = session
    front = front_end()
    texts = pretraining_texts(shared)
    docs = list(front.pipe(texts, batch_size=256))
    log(f"{len(docs)} sentences, {sum(len(d) for d in docs)} tokens")
    tok2vec = front.add_pipe("tok2vec", config=tok2vec_config(args))
    model = create_pretrain_characters(maxout_pieces=3, hidden_size=300, n_characters=N_CHARACTERS)(front.vocab, tok2vec.model)
    model.initialize(X=docs[:100])
    set_dropout_rate(model, args.dropout)
    loss_fn = model.attrs["loss"]
    optimizer = Adam(learn_rate=args.learn_rate)
    deadline = started + args.minutes * 60
    for epoch in range(1, args.max_epochs + 1):
        random.shuffle(docs)
        total, words = 0.0, 0
        for batch in minibatch(docs, size=args.batch_size):
            predictions, backprop = model.begin_update(batch)
            loss, gradients = loss_fn(model.ops, batch, predictions)
            backprop(gradients)
            model.finish_update(optimizer)
            total += float(loss)
            words += sum(len(d) for d in batch)
            if time.time() > deadline:
                break
        log(f"epoch {epoch}: loss per word {total / max(words, 1):.3f}, {words} words")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(tok2vec.model.to_bytes())
        if time.time() > deadline:
            log("time budget reached")
            break
    log(f"saved {args.out}")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the encoder weights")
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--max-epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--learn-rate", type=float, default=0.001)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=0)
    # The encoder's shape must be the one train.py builds.
    parser.add_argument("--width", type=int, default=96)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--norm-rows", type=int, default=20000)
    parser.add_argument("--chars", type=int, default=0)
    parser.add_argument("--char-width", type=int, default=16)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Pretrain the litclaims NER encoder.")
    add_arguments(parser)
    sys.exit(pretrain(parser.parse_args()))
