"""`litclaims tag` and `litclaims eval ner`: run the production pipeline on CoNLL NER
files and score it.

    litclaims tag --conll IN.tsv --out OUT.tsv
        IN: `token<TAB>tag` per line, blank lines between sentences. Each sentence's
        tokens are joined by single spaces and run through the production pipeline;
        OUT has `token<TAB>gold<TAB>predicted`, predictions in IOB2 with this
        project's types (B-gene, I-drug, B-cell_line, B-disease, B-therapy),
        aligned to the input tokens. The predictions are the mentions' recognised
        extents (doc.spans["mentions"]: "U937 cells", from the
        litclaims_mention_extents component, which tagging adds after the production
        pipeline); --names gives the grounded names inside them instead (doc.ents: "U937").

    litclaims eval ner --data IN.tsv --map GENE=gene [--map ...]
        Entity-level exact-match precision, recall and F1 per type (conlleval rules).
        IN may be a corpus file (two columns: it is tagged first, as `tag` does) or a
        file `tag` wrote (three columns: its predictions are scored as they are).
        --map renames the file's gold types to this project's; gold types without a
        mapping are ignored, and so are predictions of types no mapping targets
        (the corpus does not annotate them).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from litclaims.schemas.vocabulary import MENTIONS_SPANS as MENTIONS_KEY
from litclaims.schemas.vocabulary import ENTITY_TYPES
from litclaims.evaluation.conll import ConllSentence, format_scores, map_tags, read_conll, score, spans_to_tags, write_conll


# Sentences before a sentence whose abbreviation definitions apply to it: a PubMed
# abstract is about ten sentences.
DEFAULT_CONTEXT = 20
# The paper id of a corpus file's sentences: one running text.
RUNNING_TEXT = "running-text"


def flat_mentions(mentions, types: frozenset[str] | None = None) -> list:
    """One layer of IOB tags from mentions that may nest ("serotonin" inside
    "serotonin receptor"): those of `types` (all when None), outer ones first."""
    picked: list = []
    for span in sorted(mentions, key=lambda s: (-(s.end - s.start), s.start)):
        if types is not None and span.label_ not in types:
            continue
        if all(span.end <= p.start or p.end <= span.start for p in picked):
            picked.append(span)
    return sorted(picked, key=lambda s: s.start)


def tag_sentences(
    nlp,
    sentences: list[ConllSentence],
    batch_size: int = 256,
    names: bool = False,
    types: frozenset[str] | None = None,
    context: int = DEFAULT_CONTEXT,
) -> list[list[str]]:
    """Predicted IOB2 tags on each sentence's own tokens: the mentions' recognised
    extents ("U937 cells", "IGF-IR kinase"; `nlp` needs the litclaims_mention_extents
    component, see _build_nlp), or with `names` the grounded names inside them that
    the claims use ("U937", "IGF-IR"). `types` restricts the tags to those types, so
    that a mention nested in one of another type ("serotonin" in "serotonin receptor")
    is reported when only its type is asked for. The sentences are read as running
    text: an abbreviation defined in one of the `context` sentences before a sentence
    resolves in it, as a definition anywhere in a paper does in production."""
    from litclaims.extract.pipeline import paper_docs, running_text_config

    texts = [" ".join(s.tokens) for s in sentences]
    docs = nlp.pipe(
        paper_docs(nlp, texts, RUNNING_TEXT),
        batch_size=batch_size,
        component_cfg=running_text_config(context, one_sentence_each=True),
    )
    predicted: list[list[str]] = []
    for sentence, doc in zip(sentences, docs):
        mentions = doc.ents if names else flat_mentions(doc.spans[MENTIONS_KEY], types)
        spans = [(e.start_char, e.end_char, e.label_) for e in mentions]
        predicted.append(spans_to_tags(sentence.tokens, spans))
    return predicted


def _build_nlp(args: argparse.Namespace):
    """The production pipeline plus the recognised-extent view that tagging reports."""
    from litclaims.extract.pipeline import add_mention_extents, build_pipeline
    from litclaims.schemas.config import Settings

    settings = Settings()
    if getattr(args, "base_model", None):
        settings = settings.with_overrides(base_model=args.base_model)
    nlp = build_pipeline(settings, use_models=not getattr(args, "no_models", False))
    add_mention_extents(nlp)
    return nlp


def _add_pipeline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-model", default=None, help="a spaCy/scispaCy package or path to build on (as LITCLAIMS_BASE_MODEL)")
    parser.add_argument("--no-models", action="store_true", help="lexicon and rules only, without the trained NER model")
    parser.add_argument(
        "--context",
        type=int,
        default=DEFAULT_CONTEXT,
        help="abbreviations defined in this many preceding sentences resolve in a sentence, as in running text "
        f"(default {DEFAULT_CONTEXT}; 0: each sentence alone)",
    )
    parser.add_argument(
        "--names",
        action="store_true",
        help="report the grounded names the claims use (\"IGF-IR\", \"U937\") instead of the mentions' "
        "recognised extents (\"IGF-IR kinase\", \"U937 cells\", as the corpora annotate them)",
    )


def add_tag_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--conll", type=Path, required=True, help="input: token<TAB>tag per line, blank line between sentences")
    parser.add_argument("--out", type=Path, required=True, help="output: token<TAB>gold<TAB>predicted")
    parser.add_argument(
        "--types",
        default=None,
        help="comma-separated types to tag (e.g. gene, or drug,disease); a mention nested in one of another "
        "type (\"serotonin\" in \"serotonin receptor\") is tagged when its type is asked for. Default: all "
        "types, outer mentions first",
    )
    _add_pipeline_arguments(parser)


def run_tag(args: argparse.Namespace) -> int:
    if not args.conll.exists():
        print(f"error: {args.conll} does not exist", file=sys.stderr)
        return 2
    types = frozenset(t.strip() for t in args.types.split(",") if t.strip()) if args.types else None
    unknown = sorted((types or frozenset()) - set(ENTITY_TYPES))
    if unknown:
        print(f"error: unknown type(s) {', '.join(unknown)} in --types; choose from {', '.join(ENTITY_TYPES)}",
              file=sys.stderr)
        return 2
    if args.context < 0:
        print("error: --context takes a number of sentences, 0 or more", file=sys.stderr)
        return 2
    sentences = read_conll(args.conll)
    nlp = _build_nlp(args)
    started = time.perf_counter()
    predicted = tag_sentences(nlp, sentences, names=args.names, types=types, context=args.context)
    seconds = time.perf_counter() - started
    write_conll(args.out, ([(t, g, p) for t, g, p in zip(s.tokens, s.tags, tags)] for s, tags in zip(sentences, predicted)))
    words = sum(len(s.tokens) for s in sentences)
    print(f"tagged {len(sentences)} sentences ({words} tokens) in {seconds:.1f}s -> {args.out}")
    return 0


def parse_maps(values: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        source, sep, target = value.partition("=")
        if not sep or not source or not target:
            raise ValueError(f"--map takes CORPUS_TYPE=project_type, got {value!r}")
        mapping[source] = target
    return mapping


def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True, help="a CoNLL corpus file, or a file written by `litclaims tag`")
    parser.add_argument("--map", action="append", default=[], metavar="GOLD=type", help="rename a gold type (repeatable)")
    _add_pipeline_arguments(parser)


def run_eval(args: argparse.Namespace) -> int:
    if not args.data.exists():
        print(f"error: {args.data} does not exist", file=sys.stderr)
        return 2
    try:
        mapping = parse_maps(args.map)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not mapping:
        print("error: give at least one --map GOLD=type (e.g. --map GENE=gene)", file=sys.stderr)
        return 2
    sentences = read_conll(args.data)
    tagged = bool(sentences) and all(len(cols) >= 1 for s in sentences for cols in s.extra)
    if tagged:
        predicted = [[cols[0] for cols in s.extra] for s in sentences]
        how = "predictions read from the file"
    else:
        nlp = _build_nlp(args)
        started = time.perf_counter()
        predicted = tag_sentences(
            nlp, sentences, names=args.names, types=frozenset(mapping.values()), context=args.context
        )
        how = f"tagged by the production pipeline in {time.perf_counter() - started:.1f}s"
    pairs = [(map_tags(s.tags, mapping), tags) for s, tags in zip(sentences, predicted)]
    scores = score(pairs, set(mapping.values()))
    print(f"{args.data.name}: {len(sentences)} sentences; {how}")
    print(format_scores(scores))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tag and score CoNLL NER files with the litclaims pipeline.")
    sub = parser.add_subparsers(dest="command", required=True)
    add_tag_arguments(sub.add_parser("tag", help="tag a CoNLL file"))
    add_eval_arguments(sub.add_parser("eval", help="score the pipeline on a CoNLL file"))
    args = parser.parse_args(argv)
    return run_tag(args) if args.command == "tag" else run_eval(args)


if __name__ == "__main__":
    sys.exit(main())
