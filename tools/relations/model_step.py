"""The relation model's step alone, on one core: its time and its exact output.

    OMP_NUM_THREADS=1 python -m tools.relations.model_step [--corpus corpus] [--repeat 7]
        [--dump FILE.jsonl] [--compare FILE.jsonl] [--profile FILE.prof]

The documents of the corpus folder are analysed once (NER, vectors); then the claim
step (`ClaimEngine.extract` over each document's claimable sentences) is timed with
the rules only and with the shipped model, alternating, and so is the model's own
call (`RelationModel.predict` over the inputs the engine gave it, recorded in one
pass). Prints the best and median seconds of each.

`--dump`: every model prediction (sentence, pair, type, probability as its exact
float repr) and every claim of the claim step with the model (type, subject, object,
rule, confidence), one JSON row each, for `--compare` against another commit's dump
(the model's output must not change when only its speed does).
`--profile`: a cProfile of the predict passes, for pstats.
`--save-inputs FILE`: pickle the recorded predict inputs; `--inputs FILE`: run only
`--repeat` predict passes over such a file (`--skipping`: without the pairs the engine
skipped), without loading the pipeline (for
`valgrind --tool=callgrind`, whose instruction counts are repeatable on a shared
machine: the count of 0 passes subtracted from the count of n passes is n passes' cost).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from tools.shared import REPO_ROOT  # noqa: E402


@dataclass(frozen=True)
class PredictCall:
    """One call of RelationModel.predict as the engine made it."""

    doc_id: str
    units: Sequence[Any]
    hits: Sequence[Any]
    vectors: Any
    skipped: frozenset = frozenset()  # the candidate pairs the engine's `skip` left unscored


def _seconds(run: Callable[[], Any]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def record_calls(engine, documents: Sequence[Sequence[Any]]) -> tuple[list[PredictCall], list[dict]]:
    """The predict calls of one claim-step pass with the model, and that pass's claims as rows."""
    from litclaims.extract.claims.relation_model import candidates

    model = engine.relation_model
    calls: list[PredictCall] = []
    original = model.predict
    current: list[str] = []

    def recording(units, hits, vectors=None, *skip):
        # the pairs the engine's `skip` drops, kept apart: the dumped predictions cover every
        # candidate pair; the timing covers both (predict_all)
        skipped = frozenset(p for p in candidates(units) if skip and skip[0](*p))
        calls.append(PredictCall(current[0], units, hits, vectors, skipped))
        return original(units, hits, vectors, *skip)

    claims = []
    model.predict = recording  # an instance attribute: only this model object records
    try:
        for sentences in documents:
            current[:] = [sentences[0].sentence.doc_id if sentences else ""]
            claims.extend(engine.extract(sentences))
    finally:
        del model.predict
    rows = [{"kind": "claim", "sentence": c.sentence_id, "type": c.claim_type,
             "subject": [c.subject.start, c.subject.end, c.subject.text],
             "object": [c.object.start, c.object.end, c.object.text], "rule": c.rule,
             "confidence": repr(c.confidence), "negated": c.negated} for c in claims]
    return calls, rows


def prediction_rows(model, calls: Sequence[PredictCall]) -> list[dict]:
    rows = []
    for n, call in enumerate(calls):
        for p in model.predict(call.units, call.hits, call.vectors):
            rows.append({"kind": "prediction", "call": n, "doc": call.doc_id, "subject": p.subject,
                         "object": p.object, "type": p.claim_type, "probability": repr(p.probability)})
    return rows


def predict_all(model, calls: Sequence[PredictCall], skipping: bool = False) -> int:
    """The predictions of every call; `skipping`: without the pairs the engine skipped."""
    if not skipping:
        return sum(1 for call in calls for _ in model.predict(call.units, call.hits, call.vectors))
    return sum(1 for call in calls
               for _ in model.predict(call.units, call.hits, call.vectors, lambda s, o: (s, o) in call.skipped))


def _predict_passes(inputs: Path, repeat: int, skipping: bool) -> int:
    from litclaims.extract.claims.relation_model import RelationModel

    model = RelationModel.load()
    calls = [PredictCall(*row) for row in pickle.loads(inputs.read_bytes())]
    predictions = sum(predict_all(model, calls, skipping) for _ in range(repeat))
    print(f"{repeat} predict passes over {len(calls)} calls: {predictions} predictions")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--save-inputs", type=Path)
    parser.add_argument("--inputs", type=Path)
    parser.add_argument("--skipping", action="store_true", help="with --inputs: leave out the pairs the engine skipped")
    args = parser.parse_args(argv)
    if args.inputs:
        return _predict_passes(args.inputs, args.repeat, args.skipping)
    from litclaims.evaluation.relations_cli import build_extractor
    from litclaims.extract.claimable import is_claimable
    from litclaims.ingest import read_document

    paths = sorted(args.corpus.glob("*.txt"))
    if not paths:
        print(f"no .txt files in {args.corpus}", file=sys.stderr)
        return 2
    with_model = build_extractor(True)
    rules_only = build_extractor(False).engine
    documents = [[a for a in with_model.analyze(read_document(p)) if is_claimable(a.sentence)] for p in paths]
    engine = with_model.engine
    model = engine.relation_model
    calls, claim_rows = record_calls(engine, documents)
    rows = prediction_rows(model, calls) + claim_rows
    print(f"{len(paths)} documents, {sum(map(len, documents))} claimable sentences, {len(calls)} model calls, "
          f"{sum(r['kind'] == 'prediction' for r in rows)} predictions, {len(claim_rows)} claims with the model")
    if args.save_inputs:
        # plain tuples: a pickled PredictCall would name this module as __main__
        args.save_inputs.write_bytes(pickle.dumps([(c.doc_id, c.units, c.hits, c.vectors, c.skipped) for c in calls]))
    if args.dump:
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        args.dump.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    if args.profile:
        import cProfile

        cProfile.runctx("for _ in range(repeat): predict_all(model, calls)", globals(),
                        {"repeat": args.repeat, "model": model, "calls": calls, "predict_all": predict_all},
                        str(args.profile))
    else:
        timed = {
            "claim step, rules only": lambda: [rules_only.extract(d) for d in documents],
            "claim step, rules + model": lambda: [engine.extract(d) for d in documents],
            "model predict alone": lambda: predict_all(model, calls),
        }
        if any(c.skipped for c in calls):
            timed["model predict, engine's skip"] = lambda: predict_all(model, calls, skipping=True)
        for run in timed.values():
            run()  # warm-up
        results: dict[str, list[float]] = {name: [] for name in timed}
        for _ in range(args.repeat):  # alternating, so drift on a shared machine hits all alike
            for name, run in timed.items():
                results[name].append(_seconds(run))
        for name, values in results.items():
            print(f"{name:<28} best {min(values):.4f} s   median {statistics.median(values):.4f} s")
    if args.compare:
        theirs = [json.loads(line) for line in args.compare.read_text(encoding="utf-8").splitlines()]
        ours = [json.loads(json.dumps(r, sort_keys=True)) for r in rows]
        if ours != theirs:
            differing = sum(1 for a, b in zip(ours, theirs) if a != b) + abs(len(ours) - len(theirs))
            print(f"DIFFERENT from {args.compare}: {len(ours)} rows against {len(theirs)}, {differing} differ")
            return 1
        print(f"identical to {args.compare} ({len(ours)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
