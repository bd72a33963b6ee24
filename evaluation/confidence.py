"""Each claim judged right or wrong on the dev splits, pooled per rule and per model
score band: the confidence a claim carries (extract/claims/confidence.json).

A verdict exists only where the data can judge a claim (negated claims state no
relation and are never judged):

* relation corpora (evaluation.relation_scoring's pairs): a claim on an annotated pair
  is right when its type is one of the pair's claim types in the right direction, and
  wrong on a negative pair, in the wrong direction or with a type of another family;
  on ChemProt a claim on a listed pair with no claim type (SUBSTRATE, PRODUCT-OF) or on
  two marked entities the sentence does not relate is wrong (the corpus README); on
  BioRED a pair related without a claim type (Association) judges nothing;
* CIViC statements: a resistance or sensitization claim on the row's gene and one of
  its drugs is right when a Supports row states that direction, wrong otherwise;
* the dev gold: a claim in the sections the gold covers is right when it matches a
  gold claim (evaluation.claims).

Confidence is the pooled precision with add-one smoothing, (right + 1) / (judged + 2):
a rule never judged gets 0.5, one judged once is not certain.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from litclaims.evaluation.relation_corpora import GoldEntity, GoldRelation, RelationExample
from litclaims.evaluation.relation_scoring import NEGATIVE, claim_landings, example_document, overlapping, window_units
from litclaims.schemas.records import Claim

# the model's probability bands, each with its own measured confidence
MODEL_BANDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)
DIRECTIONAL = ("resistance", "sensitization")


@dataclass(frozen=True)
class Verdict:
    """One judged claim: where it was judged, which rule made it, its score as extracted."""

    source: str
    rule: str
    score: float | None
    right: bool


def relation_verdicts(corpus: str, examples: Iterable[RelationExample], extractor) -> list[Verdict]:
    verdicts = []
    for example in examples:
        extraction = extractor.extract(example_document(example))
        windows = [(0, len(example.text))] if example.sentence_level else [(s.start, s.end) for s in extraction.sentences]
        for window in windows:
            claims = [c for c in extraction.claims if window[0] <= c.subject.start < window[1] and not c.negated]
            if not claims:
                continue
            gold = [e for e in example.entities if window[0] <= e.start and e.end <= window[1]]
            pairs = window_units(example, window)
            for claim in claims:
                right = judge_pair_claim(corpus, claim, gold, pairs)
                if right is not None:
                    verdicts.append(Verdict(corpus, claim.rule, claim.confidence, right))
    return verdicts


def judge_pair_claim(corpus: str, claim: Claim, gold: Sequence[GoldEntity],
                     pairs: Mapping[frozenset, tuple[str, GoldRelation | None]]) -> bool | None:
    """Right, wrong, or None (nothing to judge it by) for one claim of a window whose
    gold entities and scored pairs (relation_scoring.window_units) are given."""
    subject_keys, object_keys = overlapping(claim.subject, gold), overlapping(claim.object, gold)
    if not subject_keys or not object_keys or subject_keys & object_keys:
        return None
    landed = claim_landings(claim, gold, {pair: relation for pair, (_, relation) in pairs.items()})
    if not landed:
        # ChemProt lists every related pair among its marked entities: the others are not related
        return False if corpus == "chemprot" else None
    verdicts = [_judge(corpus, claim, *pairs[pair], right_direction) for pair, right_direction in landed]
    judged = [v for v in verdicts if v is not None]
    return any(judged) if judged else None


def _judge(corpus: str, claim: Claim, label: str, relation: GoldRelation | None, right_direction: bool) -> bool | None:
    if relation is None or label == NEGATIVE:
        return False
    if not relation.claim_types:
        return False if corpus == "chemprot" else None
    return claim.claim_type in relation.claim_types and right_direction


def civic_verdicts(rows: Sequence, extractor) -> list[Verdict]:
    """Resistance / sensitization claims on each CIViC row's own gene and drugs."""
    from litclaims.evaluation.civic import drug_matches, gene_matches, statement_document

    verdicts = []
    for row in rows:
        for claim in extractor.extract(statement_document(row)).claims:
            if claim.negated or claim.claim_type not in DIRECTIONAL:
                continue
            if gene_matches(claim.subject, row.gene) and drug_matches(claim.object, row.drugs):
                right = row.direction == "Supports" and claim.claim_type == row.claim_type
                verdicts.append(Verdict("civic", claim.rule, claim.confidence, right))
    return verdicts


def gold_verdicts(gold_path: Path, documents: Path, extractor) -> list[Verdict]:
    """The dev gold's judgement of every claim in the sections it covers."""
    from litclaims.evaluation.claims import load_gold, score_document
    from litclaims.ingest import read_document

    by_doc = defaultdict(list)
    for g in load_gold(gold_path):
        by_doc[g.doc].append(g)
    verdicts = []
    for name, rows in sorted(by_doc.items()):
        scores = score_document(rows, extractor.extract(read_document(documents / name)), {g.section for g in rows if g.section})
        right = {id(p.predicted) for p in scores.matched}
        verdicts += [Verdict("gold", c.rule, c.confidence, id(c) in right) for c, _ in scores.predicted]
    return verdicts


def smoothed(right: int, judged: int) -> float:
    return round((right + 1) / (judged + 2), 4)


def per_rule(verdicts: Sequence[Verdict]) -> dict[str, dict]:
    """rule -> right, judged, precision, confidence, and (right, judged) per source."""
    table: dict[str, dict] = {}
    for v in verdicts:
        row = table.setdefault(v.rule, {"true_positives": 0, "predicted": 0, "by_source": defaultdict(lambda: [0, 0])})
        row["true_positives"] += v.right
        row["predicted"] += 1
        row["by_source"][v.source][0] += v.right
        row["by_source"][v.source][1] += 1
    for row in table.values():
        row["precision"] = round(row["true_positives"] / row["predicted"], 4)
        row["confidence"] = smoothed(row["true_positives"], row["predicted"])
        row["by_source"] = {k: list(v) for k, v in sorted(row["by_source"].items())}
    return table


def model_bands(verdicts: Sequence[Verdict], rule: str) -> list[dict]:
    """The model's claims by probability band: right, judged, precision, confidence."""
    bands = []
    for low, high in zip(MODEL_BANDS, MODEL_BANDS[1:]):
        inside = [v for v in verdicts if v.rule == rule and v.score is not None
                  and (low <= v.score < high or v.score == high == 1.0)]
        right = sum(v.right for v in inside)
        bands.append({"from": low, "to": high, "true_positives": right, "predicted": len(inside),
                      "precision": round(right / len(inside), 4) if inside else None,
                      "confidence": smoothed(right, len(inside))})
    return bands


def format_table(rules: Mapping[str, dict], bands: Sequence[dict]) -> str:
    sources = sorted({s for row in rules.values() for s in row["by_source"]})
    lines = [f"{'rule':<36}{'right/judged':>14}{'conf':>7}  " + "  ".join(f"{s:>10}" for s in sources)]
    for rule, row in sorted(rules.items()):
        cells = "  ".join(f"{'/'.join(map(str, row['by_source'].get(s, ['', '']))):>10}" for s in sources)
        lines.append(f"{rule:<36}{row['true_positives']:>7}/{row['predicted']:<6}{row['confidence']:>7.3f}  {cells}")
    if bands:
        lines.append("")
        lines.append("model probability band   right/judged   precision   confidence")
        for b in bands:
            p = "-" if b["precision"] is None else f"{b['precision']:.3f}"
            lines.append(f"  [{b['from']:.2f}, {b['to']:.2f})        {b['true_positives']:>5}/{b['predicted']:<6}   {p:>9}   {b['confidence']:>10.3f}")
    return "\n".join(lines)
