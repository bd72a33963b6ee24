"""CIViC check: do the curators' evidence statements yield the claim their
structured fields state?

For a Predictive row that Supports "Resistance or Non-Response" the statement
should yield a `resistance` claim, for "Sensitivity" a `sensitization` claim,
whose subject grounds to the row's gene and whose object to one of its drugs
(not negated). For a "Does Not Support" row, yielding that positive claim is
an error. Each statement becomes an in-memory Document and goes through the
production extractor.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from litclaims.schemas.records import Claim, Document
from litclaims.schemas.vocabulary import GENE_STATE_KINDS

DIRECTIONS = {"Resistance or Non-Response": "resistance", "Sensitivity": "sensitization"}


@dataclass(frozen=True)
class CivicRow:
    evidence_id: str
    gene: str
    variant: str
    drugs: tuple[str, ...]
    direction: str  # "Supports" / "Does Not Support"
    claim_type: str  # resistance / sensitization
    statement: str


def row_of_example(example) -> CivicRow:
    """The CivicRow of a `civic` relation example (evaluation.relation_corpora)."""
    return CivicRow(example.example_id, example.gene, example.variant, example.drugs,
                    "Supports" if example.supports else "Does Not Support",
                    example.relations[0].claim_types[0], example.text)


def load_civic(path: Path) -> list[CivicRow]:
    """Predictive rows about resistance or sensitivity that have a statement and drugs."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            if r.get("evidence_type") != "Predictive":
                continue
            claim_type = DIRECTIONS.get(r.get("clinical_significance", ""))
            direction = r.get("evidence_direction", "")
            if claim_type is None or direction not in ("Supports", "Does Not Support"):
                continue
            statement = (r.get("evidence_statement") or "").strip()
            drugs = tuple(d.strip() for d in (r.get("drugs") or "").split(",") if d.strip())
            if not statement or not drugs:
                continue
            rows.append(
                CivicRow(
                    evidence_id=r.get("evidence_id", ""),
                    gene=r["gene"].strip(),
                    variant=r.get("variant", "").strip(),
                    drugs=drugs,
                    direction=direction,
                    claim_type=claim_type,
                    statement=statement,
                )
            )
    return rows


def statement_document(row: CivicRow) -> Document:
    data = row.statement.encode("utf-8")
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        source_path=f"civic:EID{row.evidence_id}",
        media_type="text/plain",
        text=row.statement,
    )


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def drug_name_forms(drug: str) -> list[str]:
    """"BEZ235 (NVP-BEZ235, Dactolisib)" -> ["BEZ235", "NVP-BEZ235", "Dactolisib"]: the row's
    name and the names in its brackets."""
    forms = [drug.split("(")[0]]
    inner = re.search(r"\((.*)\)", drug)
    if inner:
        forms += inner.group(1).split(",")
    return [f.strip() for f in forms if f.strip()]


def drug_names(drug: str) -> set[str]:
    """"Selumetinib (AZD6244)" -> {"selumetinib", "azd6244"}; "BEZ235 (NVP-BEZ235, Dactolisib)" -> three."""
    return {n for n in (_key(f) for f in drug_name_forms(drug)) if n}


def gene_matches(claim_subject, gene: str) -> bool:
    wanted = _key(gene)
    return any(
        _key(value) == wanted
        for value in (claim_subject.text, claim_subject.entity_name or "")
        if value
    )


def drug_matches(claim_object, drugs: Sequence[str]) -> bool:
    """A mention is the row's drug by name ("Selumetinib", "AZD6244") or by the lexicon's id
    for one of the row's names: "ATRA" grounded to tretinoin is the row's "All-trans Retinoic
    Acid"; a name the lexicon does not know matches by name only."""
    wanted = set().union(*(drug_names(d) for d in drugs))
    values = {_key(claim_object.text), _key(claim_object.entity_name or "")}
    if values & wanted:
        return True
    return bool(claim_object.entity_id) and claim_object.entity_id in drug_ids(tuple(drugs))


@lru_cache(maxsize=4096)
def drug_ids(drugs: tuple[str, ...]) -> frozenset[str]:
    """The shipped lexicon's drug ids for a row's drug names (each name and the names in
    its brackets); names it does not ground, or grounds without an id, give none."""
    from litclaims.extract.components.grounding import ground_text
    from litclaims.extract.lexicon.shipped import compiled_lexicon

    lexicon = compiled_lexicon()
    entities = (ground_text(lexicon, name, "drug") for d in drugs for name in drug_name_forms(d))
    return frozenset(e.entity_id for e in entities if e is not None and e.entity_id)


def right_claim(claims: Sequence[Claim], row: CivicRow) -> Claim | None:
    """The positive claim the row states, if the statement yields it."""
    for c in claims:
        if c.claim_type == row.claim_type and not c.negated and gene_matches(c.subject, row.gene) and drug_matches(c.object, row.drugs):
            return c
    return None


@dataclass
class CivicResult:
    supports: list[tuple[CivicRow, list[Claim], Claim | None]] = field(default_factory=list)
    not_supports: list[tuple[CivicRow, list[Claim], Claim | None]] = field(default_factory=list)
    # Supports rows whose gene and drug are mentions of one sentence: the most a
    # same-sentence claim extractor can reach on these statements
    reachable: set[str] = field(default_factory=set)
    # why a Supports row yields no right claim (see miss_reason)
    reasons: Counter = field(default_factory=Counter)
    # the row's gene / drug written in a statement without a mention of it: (name, what
    # the pipeline made of that text: "untagged" or the entity type it gave it)
    gene_misses: Counter = field(default_factory=Counter)
    drug_misses: Counter = field(default_factory=Counter)


def evaluate_civic(rows: Sequence[CivicRow], extractor, limit: int = 0) -> CivicResult:
    result = CivicResult()
    counts = {"Supports": 0, "Does Not Support": 0}
    for row in rows:
        if limit and counts[row.direction] >= limit:
            continue
        counts[row.direction] += 1
        extraction = extractor.extract(statement_document(row))
        claims = list(extraction.claims)
        hit = right_claim(claims, row)
        if _same_sentence(extraction.mentions, row):
            result.reachable.add(row.evidence_id)
        target = result.supports if row.direction == "Supports" else result.not_supports
        target.append((row, claims, hit))
        if row.direction == "Supports":
            if hit is None:
                result.reasons[miss_reason(row, claims, extraction.mentions, extraction.sentences)] += 1
            _count_misses(row, extraction, result)
    return result


MISS_REASONS = {
    "no_gene": "the gene is not a mention anywhere in the statement",
    "no_drug": "no drug of the row is a mention in the statement",
    "other_sentences": "gene and drug are mentions, but never in one sentence",
    "opposite": "the sentence yields the opposite direction (resistance vs sensitization)",
    "negated": "the sentence yields the claim, negated",
    "association": "the sentence yields response_association only (\"associated/correlated with response\")",
    "other_claims": "the sentence yields claims, none about this gene and drug",
    "no_claim": "the sentence (gene and drug in it) yields no claim, though it has an outcome word",
    "no_claim_no_outcome": "the sentence (gene and drug in it) yields no claim and has no outcome word (a study description)",
}
# words without which a sentence states no drug response: "Phase II study of MEK162 in
# 71 patients with NRAS mutant melanoma" has none
OUTCOME_WORDS = re.compile(
    r"sensitiv|resist|respon|benefit|effective|efficac|surviv|regress|remission|ic50|gi50|improv|prolong|shorter|"
    r"longer|poor|refractor|progress|shrink|synerg|activ|inhibit|potent|correlat|associat|predict",
    re.IGNORECASE,
)


def miss_reason(row: CivicRow, claims: Sequence[Claim], mentions, sentences) -> str:
    """Why a Supports row yields no right claim; a key of MISS_REASONS."""
    genes = {m.sentence_id for m in mentions if m.entity_type == "gene" and gene_matches(m, row.gene)}
    drugs = {m.sentence_id for m in mentions if m.entity_type in ("drug", "therapy") and drug_matches(m, row.drugs)}
    if not genes:
        return "no_gene"
    if not drugs:
        return "no_drug"
    shared = genes & drugs
    if not shared:
        return "other_sentences"
    about = [
        c for c in claims
        if c.sentence_id in shared and gene_matches(c.subject, row.gene) and drug_matches(c.object, row.drugs)
    ]
    if any(c.claim_type in DIRECTIONS.values() and c.claim_type != row.claim_type and not c.negated for c in about):
        return "opposite"
    if any(c.claim_type == row.claim_type and c.negated for c in about):
        return "negated"
    if any(c.claim_type == "response_association" for c in about):
        return "association"
    if any(c.sentence_id in shared for c in claims):
        return "other_claims"
    if not any(OUTCOME_WORDS.search(s.text) for s in sentences if s.sentence_id in shared):
        return "no_claim_no_outcome"
    return "no_claim"


def _count_misses(row: CivicRow, extraction, result: CivicResult) -> None:
    """The row's gene and drug names written in the statement where the pipeline made no
    matching mention: what the pipeline missed (its tagging is not the claim rules' job)."""
    text = extraction.document.text
    names = [("gene", row.gene, result.gene_misses, lambda m: m.entity_type == "gene" and gene_matches(m, row.gene))]
    names += [
        ("drug", d.split(" (")[0].strip(), result.drug_misses,
         lambda m: m.entity_type in ("drug", "therapy") and drug_matches(m, row.drugs))
        for d in row.drugs
    ]
    for _, name, counter, is_it in names:
        if not name or any(is_it(m) for m in extraction.mentions):
            continue
        found = re.search(rf"(?<![\w]){re.escape(name)}(?![a-z0-9])", text, re.IGNORECASE)
        if not found:
            continue
        covering = [m for m in extraction.mentions if m.start <= found.start() and found.end() <= m.end]
        counter[(name, covering[0].entity_type if covering else "untagged")] += 1


def _same_sentence(mentions, row: CivicRow) -> bool:
    genes = {m.sentence_id for m in mentions if m.entity_type == "gene" and gene_matches(m, row.gene)}
    drugs = {m.sentence_id for m in mentions if m.entity_type in ("drug", "therapy") and drug_matches(m, row.drugs)}
    return bool(genes & drugs)


def _what(label: str, entity_type: str) -> str:
    if entity_type == "untagged":
        return "not tagged"
    if entity_type == label or (label == "drug" and entity_type == "therapy"):
        return f"inside a {entity_type} mention with other text"
    return f"tagged as {entity_type}"


def _rate(items) -> tuple[int, int, float]:
    n = len(items)
    k = sum(1 for _, _, hit in items if hit is not None)
    return k, n, (k / n if n else 0.0)


def one_sentence_rate(result: CivicResult) -> tuple[int, int, float]:
    """(right, rows, rate) over the Supports rows that name the row's gene and a drug as
    mentions in one sentence: what a sentence-level extractor can reach at most."""
    return _rate([x for x in result.supports if x[0].evidence_id in result.reachable])


def format_civic(result: CivicResult, show: int = 20) -> str:
    lines = []
    for label, items in (("Supports", result.supports), ("Does Not Support", result.not_supports)):
        for claim_type in ("resistance", "sensitization"):
            part = [x for x in items if x[0].claim_type == claim_type]
            k, n, r = _rate(part)
            lines.append(f"{label:<17} {claim_type:<14} {k:>5}/{n:<5} {r:6.1%} yield the positive claim (right gene, drug, direction)")
        k, n, r = _rate(items)
        lines.append(f"{label:<17} {'all':<14} {k:>5}/{n:<5} {r:6.1%}")
    k, n, r = _rate(result.supports)
    target = "met" if r >= 0.60 else "NOT met"
    lines.append(f"\nSupports rows yielding the right claim: {r:.1%} (target >= 60%: {target})")
    k2, n2, r2 = one_sentence_rate(result)
    lines.append(
        f"  only {n2}/{n} ({n2 / n if n else 0:.1%}) Supports statements name the gene and a drug in one sentence"
        f" (the spec's claims are within a sentence); of those, {k2} ({r2:.1%}) yield the right claim"
    )
    k, n, r = _rate(result.not_supports)
    target = "met" if r < 0.10 else "NOT met"
    lines.append(f"Does Not Support rows yielding the positive claim: {r:.1%} (target < 10%: {target})")
    if result.reasons:
        total = sum(result.reasons.values())
        lines.append(f"\nSupports rows without the right claim ({total}), by reason:")
        for key, text in MISS_REASONS.items():
            lines.append(f"  {result.reasons.get(key, 0):>5}  {text}")
    for label, counter in (("gene", result.gene_misses), ("drug", result.drug_misses)):
        if counter:
            rows = sum(counter.values())
            lines.append(f"\nSupports rows whose {label} is written in the statement but is not a {label} mention ({rows}); most frequent:")
            for (name, what), count in counter.most_common(15):
                lines.append(f"  {count:>5}  {name} ({_what(label, what)})")
    misses = [x for x in result.supports if x[2] is None]
    if show and misses:
        lines.append(f"\nSupports rows without the right claim (first {min(show, len(misses))} of {len(misses)}):")
        for row, claims, _ in misses[:show]:
            got = "; ".join(f"{c.claim_type}{' NEG' if c.negated else ''} {c.subject.text}->{c.object.text}" for c in claims) or "no claims"
            lines.append(f"  EID{row.evidence_id} {row.claim_type} {row.gene} / {', '.join(row.drugs)}: {row.statement[:220]}")
            lines.append(f"      got: {got}")
    wrong = [x for x in result.not_supports if x[2] is not None]
    if show and wrong:
        lines.append(f"\nDoes Not Support rows that yield the positive claim ({len(wrong)}):")
        for row, _, hit in wrong[:show]:
            lines.append(f"  EID{row.evidence_id} {row.claim_type} {row.gene} / {', '.join(row.drugs)} [{hit.rule}]: {row.statement[:220]}")
    return "\n".join(lines)


# --- the claim's gene state against the row's variant -------------------------------------

# CIViC variant words -> the state kind the claim engine writes for them
# (schemas.vocabulary.GENE_STATE_KINDS).
_VARIANT_KINDS = {
    "mutation": "mutation", "mutations": "mutation", "amplification": "amplification", "deletion": "deletion",
    "loss": "loss", "loss-of-function": "loss", "fusion": "fusion", "fusions": "fusion",
    "rearrangement": "fusion", "translocation": "fusion", "overexpression": "overexpression",
    "wild type": "wild-type", "itd": "itd",
}
_EXON_VARIANT = re.compile(r"exon (\d+) (deletion|insertion|skipping|mutation)s?(?: mutations?)?")
_CHANGE_VARIANT = re.compile(r"[a-z]\d{1,4}(?:[a-z*]|_[a-z]\d{1,4}\w*|del\w*|ins\w*|dup|fs\w*)?")
_FUSION_NAME = re.compile(r"[a-z0-9]+-[a-z0-9]+")


def variant_states(variant: str) -> set[str]:
    """The states (in lower case) a CIViC variant names, as the claim engine writes them:
    "T790M" -> {t790m}; "EXON 19 DELETION" -> {exon 19 deletion}; "BCR-ABL T334I" ->
    {fusion, t334i}; "AMPLIFICATION" -> {amplification}; "V600" -> {v600} (a position:
    any change there agrees). Empty for what is no gene state here ("EXPRESSION",
    "UNDEREXPRESSION", "PHOSPHORYLATION", "PROMOTER METHYLATION")."""
    text = " ".join(variant.lower().split())
    if text in _VARIANT_KINDS:
        return {_VARIANT_KINDS[text]}
    exon = _EXON_VARIANT.fullmatch(text)
    if exon:
        return {f"exon {exon.group(1)} {exon.group(2)}"}
    states: set[str] = set()
    for word in text.replace("/", " ").split():
        if word in _VARIANT_KINDS:
            states.add(_VARIANT_KINDS[word])
        elif _CHANGE_VARIANT.fullmatch(word):
            states.add(word)
        elif _FUSION_NAME.fullmatch(word):
            states.add("fusion")
    return states


def state_agrees(claim_state: str, variant: str) -> bool:
    """The claim's state names (one of) the row's: the same change or kind, a change at a
    position the row names alone ("V600E" for "V600"), or any named change for "MUTATION"."""
    wanted = variant_states(variant)
    parts = {p.lower() for p in claim_state.split(";") if p}
    if "mutation" in wanted and any(p not in GENE_STATE_KINDS for p in parts):
        return True  # a named change is a mutation ("V600E" for the row's "MUTATION")
    return any(p == w or (re.fullmatch(r"[a-z]\d{1,4}", w) and p.startswith(w)) for p in parts for w in wanted)


def state_agreement(supports: Sequence[tuple[CivicRow, list[Claim], Claim | None]]) -> Counter:
    """Of the Supports rows whose right claim is found and whose variant names a state
    (variant_states): "agrees" (a right claim's subject_state names the row's state),
    "none" (no right claim states one), "differs"; and "no_state_variant" for the
    found rows whose variant names no state."""
    counts: Counter = Counter()
    for row, claims, hit in supports:
        if hit is None:
            continue
        if not variant_states(row.variant):
            counts["no_state_variant"] += 1
            continue
        right = [c for c in claims if c.claim_type == row.claim_type and not c.negated
                 and gene_matches(c.subject, row.gene) and drug_matches(c.object, row.drugs)]
        states = [c.subject_state for c in right if c.subject_state]
        if any(state_agrees(s, row.variant) for s in states):
            counts["agrees"] += 1
        else:
            counts["differs" if states else "none"] += 1
    return counts


def format_state_agreement(counts: Counter) -> str:
    scored = counts["agrees"] + counts["differs"] + counts["none"]
    rate = counts["agrees"] / scored if scored else 0.0
    return (f"subject_state names the row's variant {counts['agrees']:>5}/{scored:<5} {rate:6.1%}"
            f" (Supports rows with the right claim whose variant is a state; {counts['none']} state none,"
            f" {counts['differs']} another; {counts['no_state_variant']} rows' variants name no state, e.g. EXPRESSION)")
