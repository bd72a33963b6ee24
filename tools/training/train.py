"""Train the shipped NER model: one shared encoder, one NER head per corpus.

    OMP_NUM_THREADS=1 python -m tools.training.train [--shared ../shared] \
        [--out extract/models] [--minutes 14] [--max-epochs 30] [--resume extract/models/biomed] \
        [--init-tok2vec build/pretrain/tok2vec.bin]

Each corpus annotates only its own types (a BC2GM sentence that mentions
cisplatin says nothing about chemicals), so each corpus trains its own head:
`ner_bc5cdr` (drug, disease), `ner_bc2gm` (gene), `ner_jnlpba` (cell_line, the
training part of the JNLPBA split). All heads read one `tok2vec` (CNN, hashed
NORM/PREFIX/SUFFIX/SHAPE embeddings plus lexicon-tag embeddings; with
`--vectors`, also GloVe word vectors, tools.training.word_vectors), which every
batch updates: multi-task learning as in Crichton et al. (2017), and one
encoder pass at run time instead of three.

Model selection uses the last 10% of each *training* file (a contiguous block, so
few of its abstracts are trained on; JNLPBA's part is too small to spare any);
the devel files stay for `litclaims eval ner`. The best epoch by mean F1 over
drug, disease and gene is saved to <out>/<name>/ (settings and per-epoch
history in its meta.json) and <out>/models.json is updated.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Callable

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import compounding, minibatch
from thinc.api import Adam, set_dropout_rate, warmup_linear

from litclaims.extract.components.models import MANIFEST, MODELS_DIR
from litclaims.extract.components.word_vectors import set_word_vectors
from litclaims.extract.pipeline import POOL, RESOLVER, build_pipeline
from litclaims.evaluation.conll import Score, tally
from tools.shared import shared_dir
from tools.training import extra_corpora
from tools.training.augment import NameDropout
from tools.training.corpora import SPECS, load_corpus, require_shared
from tools.training.examples import AlignmentStats, make_examples
from tools.training.word_vectors import VectorTable
from litclaims.schemas.config import Settings

HEADS = ("bc5cdr", "bc2gm", "jnlpba")
SELECTION_TYPES = ("drug", "disease", "gene")
BIORED_SELECTION = ("biored_gene", "biored_drug")


def tok2vec_config(args: argparse.Namespace) -> dict:
    embed = {
        "@architectures": "litclaims.LexiconHashEmbed.v1",
        "width": args.width,
        "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
        "rows": [args.norm_rows, 2500, 5000, 2500],
        "lexicon_width": 32,
        "lexicon_rows": 512,
    }
    vectors = getattr(args, "vectors", None)  # tools.training.pretrain has no such option
    if args.chars and vectors:
        raise SystemExit("--chars and --vectors cannot be combined")
    if args.chars:
        embed.update({"@architectures": "litclaims.LexiconCharEmbed.v1", "char_width": args.char_width, "chars": args.chars})
    if vectors:
        embed.update({"@architectures": "litclaims.LexiconVectorsEmbed.v1", "vector_width": VectorTable.width_of(vectors)})
    return {
        "model": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": embed,
            "encode": {
                "@architectures": "spacy.MaxoutWindowEncoder.v2",
                "width": args.width,
                "depth": args.depth,
                "window_size": 1,
                "maxout_pieces": 3,
            },
        }
    }


def head_config(args: argparse.Namespace) -> dict:
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": args.hidden_width,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": args.width, "upstream": "*"},
        }
    }


def front_end() -> Language:
    """The production pipeline up to the models. Left out: the abbreviation detector
    and its pooling (they change neither tokens nor lexicon spans) and the sentence
    splitter (the corpora come split into sentences; a split inside one, as in
    "F. VIII", would leave an entity across a sentence boundary, which spaCy's NER
    cannot learn)."""
    nlp = build_pipeline(Settings(), use_models=False)
    nlp.remove_pipe(RESOLVER)
    nlp.remove_pipe(POOL)
    nlp.remove_pipe("abbreviation_detector")
    nlp.remove_pipe("litclaims_sentences")
    return nlp


def load_examples(front: Language, shared: Path, args, log):
    """Per corpus: its examples (one per head: the own head's fully labelled one and
    negatives-only ones for the others) for training and validation."""
    train: dict[str, list[dict[str, Example]]] = {}
    validation: dict[str, list[Example]] = {}
    for name in HEADS:
        sentences = load_corpus(shared, name, "train")
        stats = AlignmentStats()
        others = [SPECS[h] for h in HEADS if h != name] if args.cross_negatives else []
        examples = [make_examples(front, s, SPECS[name], others, stats) for s in sentences]
        cut = len(examples) if name == "jnlpba" else int(len(examples) * (1 - args.validation))
        train[name] = examples[:cut]
        validation[name] = [e[name] for e in examples[cut:]]
        log(f"{name}: {len(sentences)} sentences, {stats.entities} entities ({stats.misaligned} not on token edges); "
            f"train {cut}, validation {len(examples) - cut}")
    if args.biored:
        # The production sentence splitter cuts the abstracts into training sentences.
        splitter = build_pipeline(Settings(), use_models=False)
        splitter.select_pipes(enable=["litclaims_token_splitter", "litclaims_sentences"])
        biored_train, biored_heldout = extra_corpora.load_biored(shared)
        train["biored"] = extra_corpora.biored_examples(front, extra_corpora.biored_sentences(splitter, biored_train))
        # Validation on the held-out abstracts: the gene head's genes, the chemical head's drugs.
        heldout = extra_corpora.biored_examples(front, extra_corpora.biored_sentences(splitter, biored_heldout))
        validation["biored"] = heldout
        log(f"biored: train {len(train['biored'])} sentences ({len(biored_train)} abstracts), "
            f"held-out {len(heldout)} sentences ({len(biored_heldout)} abstracts)")
    if args.chemprot:
        heads = tuple(h for h, t in (("bc2gm", "gene"), ("bc5cdr", "drug")) if t in args.chemprot_types.split(","))
        train["chemprot"] = extra_corpora.chemprot_examples(front, extra_corpora.load_chemprot(shared), heads)
        log(f"chemprot: {len(train['chemprot'])} sentences with typed marks")
    return train, validation


def validation_scores(nlp: Language, validation: dict) -> dict[str, Score]:
    """Each corpus's slice scored by its head; BioRED's held-out part by the gene head
    (gene) and the chemical head (drug), keyed "biored_gene", "biored_drug"."""
    scores: dict[str, Score] = {}
    for corpus, examples in validation.items():
        if not examples:
            continue
        if corpus != "biored":
            scores.update(evaluate(nlp, corpus, examples))
            continue
        for head, label in (("bc2gm", "gene"), ("bc5cdr", "drug")):
            scored = evaluate(nlp, head, [by_head[head] for by_head in examples], types=frozenset({label}))
            scores[f"biored_{label}"] = scored[label]
    return scores


def evaluate(nlp: Language, head: str, examples: list[Example], types: frozenset[str] | None = None) -> dict[str, Score]:
    types = types or SPECS[head].types
    scores = {t: Score() for t in types}
    docs = [eg.predicted.copy() for eg in examples]
    docs = list(nlp.get_pipe("tok2vec").pipe(docs))
    for doc, eg in zip(nlp.get_pipe(f"ner_{head}").pipe(docs), examples):
        gold = {(e.start, e.end, e.label_) for e in eg.reference.ents if e.label_ in types}
        pred = {(e.start, e.end, e.label_) for e in doc.ents if e.label_ in types}
        tally(scores, gold, pred)
    return scores


def name_dropout_of(args: argparse.Namespace) -> NameDropout | None:
    """The --name-dropout option as a NameDropout (None when off)."""
    if not args.name_dropout:
        return None
    labels = frozenset(args.name_dropout_labels.split(",")) if args.name_dropout_labels else None
    return NameDropout(args.name_dropout, args.seed, labels)


def update_heads(nlp: Language, batch: list[dict[str, Example]], optimizer, drop: float, losses: dict,
                 freeze_encoder: bool = False, name_dropout: NameDropout | None = None) -> None:
    """One step on one corpus's batch: the shared encoder, the corpus's own head, and
    the other heads on their negatives-only examples. (nlp.update would hand the
    encoder's backprop to the *last* listener only, whatever it was given.)"""
    tok2vec = nlp.get_pipe("tok2vec")
    heads = sorted(batch[0])
    docs = [examples[heads[0]].predicted for examples in batch]
    set_dropout_rate(tok2vec.model, drop)
    # Name dropout (--name-dropout): some gold mentions lose their NORM for this
    # forward pass only; the backward pass reuses the row ids computed here.
    masked = name_dropout.mask(batch) if name_dropout else []
    try:
        tokvecs, bp_tokvecs = tok2vec.model.begin_update(docs)
    finally:
        NameDropout.restore(masked)
    d_tokvecs = [tok2vec.model.ops.alloc2f(*t.shape) for t in tokvecs]

    def accumulate(one_d_tokvecs):
        for i, d in enumerate(one_d_tokvecs):
            d_tokvecs[i] += d
        return []

    for head in heads:
        ner = nlp.get_pipe(f"ner_{head}")
        for listener in tok2vec.listener_map[ner.name]:
            listener.receive(listener.get_batch_id(docs), tokvecs, accumulate)
        ner.update([examples[head] for examples in batch], drop=drop, sgd=None, losses=losses)
        ner.finish_update(optimizer)
    if not freeze_encoder:
        bp_tokvecs(d_tokvecs)
        tok2vec.finish_update(optimizer)


def start_session(args: argparse.Namespace) -> tuple[Path, Callable[[str], None], float] | None:
    """The shared data folder, a logger with elapsed seconds, and the start time, with
    the random seeds set; None (after saying why) when the corpora are missing."""
    shared = shared_dir(args.shared)
    try:
        require_shared(shared)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    random.seed(args.seed)
    spacy.util.fix_random_seed(args.seed)
    started = time.time()

    def log(message: str) -> None:
        print(f"[{time.time() - started:7.1f}s] {message}", flush=True)

    return shared, log, started


def train(args: argparse.Namespace) -> int:
    session = start_session(args)
    if session is None:
        return 2
    shared, log, started = session
    front = front_end()
    train_sets, validation = load_examples(front, shared, args, log)
    front.add_pipe("tok2vec", config=tok2vec_config(args))
    for head in HEADS:
        ner = front.add_pipe("ner", name=f"ner_{head}", config=head_config(args))
        for label in sorted(SPECS[head].types):
            ner.add_label(label)
    # Each head is initialised on its own corpus only: nlp.initialize would give every
    # head every label it sees in the sample (a gene head with drug labels).
    sample = [next(iter(by_head.values())) for examples in train_sets.values() for by_head in examples[:300]]
    if args.vectors:
        table = VectorTable.load(args.vectors)
        set_word_vectors(front.get_pipe("tok2vec").model, table.words, table.codes, table.scales)
        log(f"word vectors: {len(table.words)} words x {table.width} from {args.vectors}")
    front.get_pipe("tok2vec").initialize(lambda: sample, nlp=front)
    for head in HEADS:
        own = [by_head[head] for by_head in train_sets[head][:500]]
        front.get_pipe(f"ner_{head}").initialize(lambda own=own: own, nlp=front)
    front._link_components()  # connect the heads' listeners to the shared tok2vec
    if args.init_tok2vec:
        # Encoder weights from tools.training.pretrain (same architecture settings).
        front.get_pipe("tok2vec").model.from_bytes(args.init_tok2vec.read_bytes())
        log(f"encoder initialised from {args.init_tok2vec}")
    sessions: list = []
    if args.resume:
        # Continue from a saved model of the same architecture (a second session within
        # the per-job time limit); earlier sessions stay in meta.json.
        for name in ["tok2vec", *(f"ner_{h}" for h in HEADS)]:
            front.get_pipe(name).from_disk(args.resume / name, exclude=["vocab"])
        meta = json.loads((args.resume / "meta.json").read_text())
        sessions = meta.get("litclaims_training", {}).get("sessions", [])  # a checkpoint has none
        log(f"resumed from {args.resume} after {sum(s['best_epoch'] for s in sessions)} epochs")
    # spaCy's default optimizer settings, plus parameter averaging (the averages are
    # what is evaluated and saved).
    batches = epoch_batches(train_sets, args)
    learn_rate = args.learn_rate
    if args.decay_epochs:
        # Linear warm-up over 200 steps, then a linear fall to zero at the end of
        # epoch --decay-epochs (constant-rate runs kept swinging between epochs).
        learn_rate = warmup_linear(args.learn_rate, 200, args.decay_epochs * len(batches))
    optimizer = Adam(learn_rate=learn_rate, L2=0.01, L2_is_weight_decay=True, grad_clip=1.0, use_averages=True)
    components = ["tok2vec", *(f"ner_{h}" for h in HEADS)]
    best: tuple[float, int, dict] = (-1.0, 0, {})
    history = []
    deadline = started + args.minutes * 60
    name_dropout = name_dropout_of(args)
    for epoch in range(1, args.max_epochs + 1):
        if epoch > 1:
            batches = epoch_batches(train_sets, args)
        losses: dict[str, float] = {}
        tokens = 0
        epoch_start = time.time()
        for n_batch, (head, batch) in enumerate(batches, 1):
            update_heads(front, batch, optimizer, args.dropout, losses, args.freeze_encoder, name_dropout)
            optimizer.step_schedules()
            tokens += sum(len(next(iter(examples.values())).predicted) for examples in batch)
            if n_batch % 300 == 0:
                log(f"epoch {epoch}: {n_batch}/{len(batches)} batches, {tokens / (time.time() - epoch_start):.0f} tokens/s")
            if time.time() > deadline:
                break
        with front.use_params(optimizer.averages):
            scores = validation_scores(front, validation)
            selection = [t for t in SELECTION_TYPES + BIORED_SELECTION if t in scores]
            mean = sum(scores[t].f1 for t in selection) / len(selection)
            loss_text = ", ".join(f"{k} {v:.0f}" for k, v in sorted(losses.items()))
            if name_dropout:
                log(f"name dropout: {name_dropout.masked_mentions} of {name_dropout.seen_mentions} gold mentions masked so far")
            log(f"epoch {epoch}: loss {loss_text}; validation F1 "
                + ", ".join(f"{t} {s.f1:.1f}" for t, s in sorted(scores.items())) + f"; mean {mean:.2f}")
            history.append({"epoch": epoch, **{t: round(s.f1, 2) for t, s in scores.items()}})
            if mean > best[0]:
                best = (mean, epoch, {name: front.get_pipe(name).to_bytes() for name in components})
            if args.checkpoints:
                # Every epoch's (averaged) weights, to compare epochs on what validation
                # does not cover (the cell-line head has no validation slice).
                save_model(front, components, args.checkpoints / f"epoch{epoch:02d}", args.name, {}, args)
        if time.time() > deadline:
            log("time budget reached")
            break
    for name, data in best[2].items():
        front.get_pipe(name).from_bytes(data)
    log(f"best epoch {best[1]} (validation mean F1 {best[0]:.2f})")
    save(front, components, args, sessions, best[1], history, time.time() - started)
    return 0


def epoch_batches(train_sets: dict[str, list[dict[str, Example]]], args) -> list[tuple[str, list]]:
    """One epoch: every corpus's examples shuffled into batches of one corpus each,
    the batches of all corpora shuffled together."""
    batches = []
    trained = set(args.train_heads.split(","))
    for corpus, corpus_examples in train_sets.items():
        # Only the heads being trained: a corpus's examples for the others are dropped.
        corpus_examples = [kept for kept in ({h: e for h, e in by_head.items() if h in trained}
                                             for by_head in corpus_examples) if kept]
        repeat = {"jnlpba": args.jnlpba_repeat, "biored": args.biored_repeat}.get(corpus, 1)
        examples = corpus_examples * repeat
        random.shuffle(examples)
        sizes = compounding(args.batch_start, args.batch_end, 1.001)
        batches += [(corpus, b) for b in minibatch(examples, size=sizes)]
    random.shuffle(batches)
    return batches


def model_description(args) -> str:
    extra = [name for name, used in (("BioRED train (all but a held-out fifth; NCBI, US government work)", getattr(args, "biored", False)),
                                     ("ChemProt train's marked entities (BioCreative VI, research use)", getattr(args, "chemprot", False)))
             if used]
    return ("litclaims NER: shared CNN encoder with lexicon features; heads ner_bc5cdr (drug, disease), "
            "ner_bc2gm (gene), ner_jnlpba (cell_line). Trained on BC5CDR, BC2GM and part of JNLPBA (CC BY 4.0 via "
            "cambridgeltl/MTL-Bioinformatics-2016)" + "".join(f", {e}" for e in extra) + ".")


def save_model(front: Language, components: list[str], target: Path, name: str, training_meta: dict, args=None) -> None:
    out_nlp = spacy.blank("en")
    for component in components:
        out_nlp.add_pipe(component, source=front)
    out_nlp.meta["name"] = name
    out_nlp.meta["version"] = "0.1.0"
    out_nlp.meta["description"] = model_description(args)
    if training_meta:
        out_nlp.meta["litclaims_training"] = training_meta
    target.parent.mkdir(parents=True, exist_ok=True)
    out_nlp.to_disk(target)


def save(front: Language, components: list[str], args, sessions: list, best_epoch: int, history: list, seconds: float) -> None:
    out_nlp = spacy.blank("en")
    for name in components:
        out_nlp.add_pipe(name, source=front)
    out_nlp.meta["name"] = args.name
    out_nlp.meta["version"] = "0.1.0"
    out_nlp.meta["description"] = model_description(args)
    session = {
        "command": "python -m tools.training.train " + " ".join(sys.argv[1:]),
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "best_epoch": best_epoch,
        "history": history,
        "seconds": round(seconds),
    }
    # One entry per training session (--resume adds one); the shipped weights are the
    # last session's best epoch, after sum(best_epoch) epochs in all.
    out_nlp.meta["litclaims_training"] = {"sessions": sessions + [session]}
    target = args.out / args.name
    args.out.mkdir(parents=True, exist_ok=True)
    out_nlp.to_disk(target)
    manifest_path = args.out / MANIFEST.name
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else []
    manifest = [e for e in manifest if e["name"] != args.name] + [{"name": args.name}]
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"saved {target}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared)")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    parser.add_argument("--name", default="biomed")
    parser.add_argument("--minutes", type=float, default=14.0, help="stop training after this long")
    parser.add_argument("--max-epochs", type=int, default=30)
    parser.add_argument("--width", type=int, default=96)
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--chars", type=int, default=0,
                        help="also embed this many UTF-8 bytes of each word (half from each end; 0: none)")
    parser.add_argument("--char-width", type=int, default=16, help="dimensions per embedded byte (with --chars)")
    parser.add_argument("--hidden-width", type=int, default=64)
    parser.add_argument("--norm-rows", type=int, default=10000)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--learn-rate", type=float, default=0.001)
    parser.add_argument("--decay-epochs", type=int, default=0,
                        help="let the learning rate fall linearly to zero over this many epochs (0: constant)")
    parser.add_argument("--batch-start", type=int, default=8)
    parser.add_argument("--batch-end", type=int, default=48)
    parser.add_argument("--jnlpba-repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--validation", type=float, default=0.1, help="share of each training file (its last sentences) kept for model selection")
    parser.add_argument("--cross-negatives", action=argparse.BooleanOptionalAction, default=False,
                        help="train each head on the other corpora's annotations as negatives")
    parser.add_argument("--biored", action=argparse.BooleanOptionalAction, default=False,
                        help="also train on BioRED Train.PubTator (all but the held-out fifth, tools.training.extra_corpora)")
    parser.add_argument("--biored-repeat", type=int, default=1, help="BioRED's examples this many times per epoch")
    parser.add_argument("--chemprot", action=argparse.BooleanOptionalAction, default=False,
                        help="also train on ChemProt train's marked chemicals and genes (partial annotation)")
    parser.add_argument("--chemprot-types", default="gene,drug",
                        help="which of ChemProt's marked types to train on (gene: the gene head, drug: the chemical head)")
    parser.add_argument("--freeze-encoder", action=argparse.BooleanOptionalAction, default=False,
                        help="update the heads only (with --resume: the other heads keep their accuracy exactly)")
    parser.add_argument("--train-heads", default=",".join(HEADS), help="the heads to update (comma-separated)")
    parser.add_argument("--name-dropout", type=float, default=0.0,
                        help="per training batch, give each gold mention's tokens a constant unknown NORM with this "
                             "probability (PREFIX/SUFFIX/SHAPE and the lexicon tag kept; tools.training.augment)")
    parser.add_argument("--name-dropout-labels", default="",
                        help="with --name-dropout: mask only gold mentions of these types (comma-separated; default: all)")
    parser.add_argument("--resume", type=Path, default=None, help="a saved model folder to continue training from")
    parser.add_argument("--checkpoints", type=Path, default=None, help="also save every epoch's model under this folder")
    parser.add_argument("--vectors", type=Path, default=None,
                        help="a word-vector table written by tools.training.word_vectors, read by the encoder "
                             "(litclaims.LexiconVectorsEmbed.v1)")
    parser.add_argument("--init-tok2vec", type=Path, default=None,
                        help="encoder weights written by tools.training.pretrain to start from")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Train the litclaims NER model.")
    add_arguments(parser)
    sys.exit(train(parser.parse_args()))
