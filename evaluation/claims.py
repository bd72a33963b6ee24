"""Scoring predicted claims against gold claims with the spec's matching rule.

A predicted claim matches a gold claim when it comes from the same sentence
(whitespace-normalised text overlap: the gold sentence is located in the
document's clean text and the spans must intersect), has the same claim_type
and `negated`, and its subject and object match the gold ones by grounded id
or, failing that, by surface text compared case-insensitively with hyphens and
spaces ignored. Gold rows carry surface text only; their grounded id is the id
the pipeline gave a mention with that surface in that sentence. `interaction`
is symmetric, so subject and object may be swapped. Matching is one-to-one.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from litclaims.schemas.vocabulary import CLAIM_TYPES, SYMMETRIC_CLAIM_TYPES as SYMMETRIC_TYPES
from litclaims.schemas.records import Claim, Extraction, Mention, Sentence


@dataclass(frozen=True)
class GoldClaim:
    doc: str
    sentence: str
    claim_type: str
    subject: str
    subject_type: str
    object: str
    object_type: str
    negated: bool
    certainty: str
    evidence: str
    cell_lines: tuple[str, ...]
    disease: str | None
    citations: tuple[str, ...]
    section: str | None


def load_gold(path: Path) -> list[GoldClaim]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            rows.append(
                GoldClaim(
                    doc=r["doc"],
                    sentence=r["sentence"],
                    claim_type=r["claim_type"],
                    subject=r["subject"],
                    subject_type=r.get("subject_type", ""),
                    object=r["object"],
                    object_type=r.get("object_type", ""),
                    negated=bool(r.get("negated", False)),
                    certainty=r.get("certainty", "asserted"),
                    evidence=r.get("evidence", "unspecified"),
                    cell_lines=tuple(r.get("cell_lines") or ()),
                    disease=r.get("disease"),
                    citations=tuple(r.get("citations") or ()),
                    section=r.get("section"),
                )
            )
        except (KeyError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}:{n}: not a gold claim row ({exc})") from exc
    return rows


def surface_key(text: str) -> str:
    """The spec's surface comparison: case-insensitive, hyphens and spaces ignored."""
    return re.sub(r"[\s\-‐‑–]+", "", text).lower()


def normalize_heading(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


class TextLocator:
    """Finds a sentence in a document's clean text, comparing with whitespace collapsed."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        prev_space = False
        for i, ch in enumerate(text):
            if ch.isspace():
                if prev_space:
                    continue
                chars.append(" ")
                prev_space = True
            else:
                chars.append(ch)
                prev_space = False
            offsets.append(i)
        self.norm = "".join(chars)
        self.offsets = offsets

    def find(self, sentence: str) -> tuple[int, int] | None:
        needle = re.sub(r"\s+", " ", sentence).strip()
        i = self.norm.find(needle)
        if i < 0:
            return None
        return self.offsets[i], self.offsets[i + len(needle) - 1] + 1


@dataclass
class Pair:
    gold: GoldClaim
    predicted: Claim
    sentence: Sentence


@dataclass
class Scores:
    gold: list[GoldClaim]
    predicted: list[tuple[Claim, Sentence]]
    matched: list[Pair]
    missed: list[GoldClaim]
    spurious: list[tuple[Claim, Sentence]]
    unlocated: list[GoldClaim] = field(default_factory=list)

    def counts(self, claim_type: str | None = None) -> tuple[int, int, int]:
        """(true positives, predicted, gold) for one type or overall."""
        tp = sum(1 for p in self.matched if claim_type in (None, p.gold.claim_type))
        pred = sum(1 for c, _ in self.predicted if claim_type in (None, c.claim_type))
        gold = sum(1 for g in self.gold if claim_type in (None, g.claim_type))
        return tp, pred, gold

    def per_rule(self) -> dict[str, tuple[int, int]]:
        """rule id -> (true positives, predicted)."""
        out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for c, _ in self.predicted:
            out[c.rule][1] += 1
        for p in self.matched:
            out[p.predicted.rule][0] += 1
        return {k: (v[0], v[1]) for k, v in out.items()}


def prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _gold_keys(text: str, sentence_mentions: Sequence[Mention]) -> set[str]:
    """The gold argument's text key, plus the grounded id of a pipeline mention with
    that surface in the same sentence."""
    key = surface_key(text)
    keys = {"text:" + key}
    for m in sentence_mentions:
        if m.entity_id and surface_key(m.text) == key:
            keys.add("id:" + m.entity_id)
    return keys


def _predicted_keys(m: Mention) -> set[str]:
    keys = {"text:" + surface_key(m.text)}
    if m.entity_id:
        keys.add("id:" + m.entity_id)
    return keys


def score_document(
    gold: Sequence[GoldClaim], extraction: Extraction, covered_sections: Iterable[str]
) -> Scores:
    """Score one document's claims against its gold rows. Predicted claims count only
    in the sections the gold covers."""
    covered = {normalize_heading(s) for s in covered_sections}
    sentences = {s.sentence_id: s for s in extraction.sentences}
    mentions_by_sentence: dict[str, list[Mention]] = defaultdict(list)
    for m in extraction.mentions:
        mentions_by_sentence[m.sentence_id].append(m)
    predicted = [
        (c, sentences[c.sentence_id])
        for c in extraction.claims
        if normalize_heading(sentences[c.sentence_id].section) in covered
    ]
    locator = TextLocator(extraction.document.text)
    unmatched = list(range(len(predicted)))
    matched: list[Pair] = []
    missed: list[GoldClaim] = []
    unlocated: list[GoldClaim] = []
    for g in gold:
        span = locator.find(g.sentence)
        if span is None:
            unlocated.append(g)
            missed.append(g)
            continue
        hit = None
        for i in unmatched:
            claim, sentence = predicted[i]
            if not (sentence.start < span[1] and span[0] < sentence.end):
                continue
            if claim.claim_type != g.claim_type or claim.negated != g.negated:
                continue
            ments = mentions_by_sentence[sentence.sentence_id]
            gs, go = _gold_keys(g.subject, ments), _gold_keys(g.object, ments)
            ps, po = _predicted_keys(claim.subject), _predicted_keys(claim.object)
            ok = bool(gs & ps) and bool(go & po)
            if not ok and g.claim_type in SYMMETRIC_TYPES:
                ok = bool(gs & po) and bool(go & ps)
            if ok:
                hit = i
                break
        if hit is None:
            missed.append(g)
        else:
            unmatched.remove(hit)
            matched.append(Pair(g, predicted[hit][0], predicted[hit][1]))
    spurious = [predicted[i] for i in unmatched]
    return Scores(list(gold), predicted, matched, missed, spurious, unlocated)


def merge(scores: Sequence[Scores]) -> Scores:
    out = Scores([], [], [], [], [], [])
    for s in scores:
        out.gold += s.gold
        out.predicted += s.predicted
        out.matched += s.matched
        out.missed += s.missed
        out.spurious += s.spurious
        out.unlocated += s.unlocated
    return out


def qualifier_accuracy(matched: Sequence[Pair]) -> dict[str, tuple[int, int]]:
    """qualifier -> (correct, matched claims)."""
    n = len(matched)
    return {
        "certainty": (sum(p.gold.certainty == p.predicted.certainty for p in matched), n),
        "evidence": (sum(p.gold.evidence == p.predicted.evidence for p in matched), n),
        "cell_lines": (
            sum({surface_key(c) for c in p.gold.cell_lines} == {surface_key(c) for c in p.predicted.cell_lines} for p in matched),
            n,
        ),
        "disease": (
            sum(surface_key(p.gold.disease or "") == surface_key(p.predicted.disease or "") for p in matched),
            n,
        ),
        "citations": (sum(set(p.gold.citations) == set(p.predicted.citations) for p in matched), n),
    }


def format_report(scores: Scores, show: int = 1000) -> str:
    lines = []
    lines.append(f"{'claim_type':<22}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for t in CLAIM_TYPES:
        tp, pred, gold = scores.counts(t)
        p, r, f = prf(tp, pred, gold)
        lines.append(f"{t:<22}{gold:>6}{pred:>6}{tp:>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
    tp, pred, gold = scores.counts()
    p, r, f = prf(tp, pred, gold)
    lines.append(f"{'overall':<22}{gold:>6}{pred:>6}{tp:>6}{p:>8.3f}{r:>8.3f}{f:>8.3f}")
    lines.append("")
    lines.append("qualifier accuracy over matched claims:")
    for name, (ok, n) in qualifier_accuracy(scores.matched).items():
        lines.append(f"  {name:<12}{ok:>4}/{n:<4} {ok / n if n else 0:.3f}")
    neg_gold = [g for g in scores.gold if g.negated]
    neg_found = [p for p in scores.matched if p.gold.negated]
    lines.append(f"  negated gold claims recognised as negated: {len(neg_found)}/{len(neg_gold)}")
    by_type_missing = [t for t in CLAIM_TYPES if scores.counts(t)[0] == 0]
    lines.append(f"  claim types without a correct extraction: {', '.join(by_type_missing) or 'none'}")
    with_subject = sum(1 for c, _ in scores.predicted if c.subject_state)
    with_object = sum(1 for c, _ in scores.predicted if c.object_state)
    lines.append(f"  gene states on the predicted claims: subject {with_subject}, object {with_object}"
                 f" of {len(scores.predicted)} (the gold annotates no state)")
    if scores.unlocated:
        lines.append(f"\ngold sentences not found in the ingested text: {len(scores.unlocated)}")
        for g in scores.unlocated[:show]:
            lines.append(f"  - {g.sentence[:160]}")
    lines.append(f"\nmissed ({len(scores.missed)}):")
    for g in scores.missed[:show]:
        neg = " NEG" if g.negated else ""
        lines.append(f"  - {g.claim_type}{neg}: {g.subject} -> {g.object}   | {g.sentence[:200]}")
    lines.append(f"\nspurious ({len(scores.spurious)}):")
    for c, s in scores.spurious[:show]:
        neg = " NEG" if c.negated else ""
        lines.append(f"  + {c.claim_type}{neg}: {c.subject.text} -> {c.object.text} [{c.rule}]   | {s.text[:200]}")
    wrong_q = [p for p in scores.matched if p.gold.certainty != p.predicted.certainty or p.gold.evidence != p.predicted.evidence]
    lines.append(f"\nmatched with a different certainty/evidence ({len(wrong_q)}):")
    for p in wrong_q[:show]:
        lines.append(
            f"  ~ {p.gold.claim_type}: {p.gold.subject} -> {p.gold.object}: certainty {p.predicted.certainty} (gold {p.gold.certainty}),"
            f" evidence {p.predicted.evidence} (gold {p.gold.evidence})   | {p.sentence.text[:160]}"
        )
    return "\n".join(lines)


def rule_precisions(scores: Scores) -> dict[str, dict]:
    """Per rule: true positives, predictions and precision on the scored claims."""
    out = {}
    for rule, (tp, n) in sorted(scores.per_rule().items()):
        out[rule] = {"true_positives": tp, "predicted": n, "precision": round(tp / n, 4) if n else None}
    return out


def type_precisions(scores: Scores) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for t in CLAIM_TYPES:
        tp, pred, _ = scores.counts(t)
        out[t] = round(tp / pred, 4) if pred else None
    return out
