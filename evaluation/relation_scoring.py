"""Scoring the extractor's claims against the relation corpora (evaluation.relation_corpora).

Each example's text becomes an in-memory Document and goes through the
production extractor. The scored units are pairs of annotated entities:

* in a one-sentence example (ChemProt, CIViCmine, drug_combo), every annotated
  relation, and every unrelated pair of the types the corpus annotates
  negatives for (CIViCmine gene--drug);
* in an abstract (BioRED), every pair of entities with gold mentions in one
  sentence of the pipeline's sentence split: related if the document relates
  their ids, a negative if it relates them in no way (chemical--gene, gene--gene).

A claim lands on a unit when its subject and object overlap gold mentions of
the unit's two entities (same sentence). Negated claims state no relation and
are not counted. A claim states the relation when its type is one of the
relation's claim types and its direction is right: the relation's first entity
is the subject where the corpus says so (CIViCmine and CIViC: gene -> drug);
for chemical--gene correlations (ChemProt, BioRED) the chemical is the subject
(ChemProt does not type its entities: the pipeline's drug mention is taken as
the chemical); interactions go either way.

A missed relation "had an entity missing" when one of its two entities has no
pipeline mention of the right type overlapping a gold mention of it in that
sentence.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from litclaims.evaluation.relation_corpora import (
    ACTIVATION_TYPES,
    DRUG_RESPONSE_TYPES,
    INHIBITION_TYPES,
    GoldEntity,
    GoldRelation,
    RelationExample,
)
from litclaims.schemas.records import Claim, Document, Mention

# families of claim types that state the same kind of relation, as printed
GROUPS: dict[str, tuple[str, ...]] = {
    "inhibition": INHIBITION_TYPES,
    "activation": ACTIVATION_TYPES,
    "interaction": ("interaction",),
    "drug_response": DRUG_RESPONSE_TYPES,
}
NO_TYPE = "no_claim_type"  # related, but by no claim type (ChemProt SUBSTRATE, BioRED Association, combinations)
NEGATIVE = "negative"  # annotated as unrelated
DRUG_TYPES = ("drug", "therapy")


def group_of(claim_types: Sequence[str]) -> str:
    for name, types in GROUPS.items():
        if claim_types and set(claim_types) <= set(types):
            return name
    return NO_TYPE


def claim_group(claim_type: str) -> str:
    return next((name for name, types in GROUPS.items() if claim_type in types), claim_type)


@dataclass
class Unit:
    """One scored pair of entities (in one sentence, for an abstract)."""

    example_id: str
    label: str  # the corpus label, or NEGATIVE
    group: str  # GROUPS key, NO_TYPE or NEGATIVE
    claim_types: tuple[str, ...]
    entities_found: bool  # both entities are pipeline mentions of the right type
    found: set[str] = field(default_factory=set)  # claim types stated in the right direction
    reversed: set[str] = field(default_factory=set)  # claim types on the pair in the wrong direction
    rules: set[str] = field(default_factory=set)  # rules of the claims in `found`
    # claim types stated in the right direction on the pair's "X (Y)" partner spans: the
    # claim names "IL-2" of "interleukin-2 (IL-2)" where the pair marks the long form
    partner_found: set[str] = field(default_factory=set)

    @property
    def hit(self) -> bool:
        return bool(self.found & set(self.claim_types))

    @property
    def partner_hit(self) -> bool:
        return bool((self.found | self.partner_found) & set(self.claim_types))


@dataclass
class RelationScores:
    units: list[Unit] = field(default_factory=list)
    off_pairs: Counter = field(default_factory=Counter)  # claim group -> claims on no scored pair
    examples: int = 0


def example_document(example: RelationExample) -> Document:
    data = example.text.encode("utf-8")
    return Document(doc_id=hashlib.sha256(data).hexdigest(), source_path=f"{example.corpus}:{example.example_id}",
                     media_type="text/plain", text=example.text)


def score_examples(examples: Iterable[RelationExample], extractor) -> RelationScores:
    scores = RelationScores()
    for example in examples:
        extraction = extractor.extract(example_document(example))
        scores.examples += 1
        windows = [(0, len(example.text))] if example.sentence_level else [(s.start, s.end) for s in extraction.sentences]
        for start, end in windows:
            claims = [c for c in extraction.claims if start <= c.subject.start < end and not c.negated]
            mentions = [m for m in extraction.mentions if start <= m.start < end]
            units, off = score_window(example, (start, end), claims, mentions)
            scores.units += units
            scores.off_pairs.update(off)
    return scores


def _keys_in(entities: Sequence[GoldEntity], window: tuple[int, int]) -> set[str]:
    return {k for e in entities if window[0] <= e.start and e.end <= window[1] for k in e.keys}


def window_units(example: RelationExample, window: tuple[int, int]) -> dict[frozenset, tuple[str, GoldRelation | None]]:
    """The scored pairs of one window: {key pair: (label, relation or None for a negative)}."""
    present = _keys_in(example.entities, window)
    types = {k: e.entity_type for e in example.entities for k in e.keys}
    related: dict[frozenset, list[GoldRelation]] = defaultdict(list)
    for r in example.relations:
        related[frozenset((r.a, r.b))].append(r)
    units: dict[frozenset, tuple[str, GoldRelation | None]] = {}
    for pair, relations in related.items():
        if len(pair) == 2 and pair <= present:
            best = max(relations, key=lambda r: len(r.claim_types) > 0)  # a typed relation wins over an untyped one
            units[pair] = (best.label, best)
    negative_types = {tuple(sorted(p)) for p in example.negative_pairs}
    keys = sorted(present)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            pair = frozenset((a, b))
            if pair not in units and pair not in related and tuple(sorted((types.get(a) or "", types.get(b) or ""))) in negative_types:
                units[pair] = (NEGATIVE, None)
    return units


def score_window(example: RelationExample, window: tuple[int, int], claims: Sequence[Claim],
                 mentions: Sequence[Mention]) -> tuple[list[Unit], Counter]:
    gold = [e for e in example.entities if window[0] <= e.start and e.end <= window[1]]
    units: dict[frozenset, Unit] = {}
    relations: dict[frozenset, GoldRelation | None] = {}
    for pair, (label, relation) in window_units(example, window).items():
        claim_types = relation.claim_types if relation else ()
        group = group_of(claim_types) if relation else NEGATIVE
        units[pair] = Unit(example.example_id, label, group, claim_types, _entities_found(pair, gold, mentions))
        relations[pair] = relation
    off: Counter = Counter()
    partners = definition_partners(example.text, gold)
    for claim in claims:
        landed = claim_landings(claim, gold, relations)
        for pair, right_direction in landed:
            if right_direction:
                units[pair].found.add(claim.claim_type)
                units[pair].rules.add(claim.rule)
            else:
                units[pair].reversed.add(claim.claim_type)
        if not landed:
            off[claim_group(claim.claim_type)] += 1
        for pair, right_direction in claim_landings(claim, gold, relations, partners):
            if right_direction:
                units[pair].partner_found.add(claim.claim_type)
    return list(units.values()), off


def definition_partners(text: str, gold: Sequence[GoldEntity]) -> dict[str, set[str]]:
    """Key -> keys of the gold entities written right beside it as "X (Y)": one entity in
    two spans, which ChemProt marks and relates apart ("phosphodiesterase (PDE)"), also where
    the bracket lists more names of it ("SR 141716A (rimonabant; SR1)", "X (Y, Z)": every name
    in it is X's partner)."""
    partners: dict[str, set[str]] = defaultdict(set)
    for x in gold:
        for y in gold:
            if y.start > x.end and _names_in_brackets_after(text, x.end, y):
                for a in x.keys:
                    partners[a].update(y.keys)
                for b in y.keys:
                    partners[b].update(x.keys)
    return partners


def _names_in_brackets_after(text: str, end: int, y: GoldEntity) -> bool:
    """Whether y is one of the names a bracket right after position `end` lists: the bracket
    opens right after it, and y stands first or after a "," / ";" in it, before it closes."""
    before, after = text[end:y.start], text[y.end:y.end + 2].strip()
    if not before.lstrip().startswith("(") or ")" in before:
        return False
    inside = before.lstrip()[1:].strip()
    listed = inside == "" or inside.endswith((",", ";"))
    return listed and after[:1] in (")", ";", ",")


def claim_landings(claim: Claim, gold: Sequence[GoldEntity], relations: dict[frozenset, GoldRelation | None],
                   partners: dict[str, set[str]] | None = None) -> list[tuple[frozenset, bool]]:
    """The scored pairs a claim lands on (its subject and object overlap gold mentions of
    the pair's two entities), each with whether the claim's direction is right. With
    `partners`, an argument also lands on its span's "X (Y)" partner."""
    subject_keys, object_keys = overlapping(claim.subject, gold), overlapping(claim.object, gold)
    if partners:
        subject_keys = subject_keys | {p for k in subject_keys for p in partners.get(k, ())}
        object_keys = object_keys | {p for k in object_keys for p in partners.get(k, ())}
    landed = []
    for pair, relation in relations.items():
        a, b = sorted(pair)
        if (a in subject_keys and b in object_keys) or (b in subject_keys and a in object_keys):
            landed.append((pair, _right_direction(claim, relation, subject_keys, gold)))
    return landed


def overlapping(mention: Mention, gold: Sequence[GoldEntity]) -> set[str]:
    """The keys of the gold entities a mention overlaps."""
    return {k for e in gold if e.start < mention.end and mention.start < e.end for k in e.keys}


def _right_direction(claim: Claim, relation: GoldRelation | None, subject_keys: set[str], gold: Sequence[GoldEntity]) -> bool:
    """Is the claim's subject the relation's subject? (Negatives and interactions: any order.)"""
    if relation is None or claim.claim_type == "interaction":
        return True
    if relation.directed:
        return relation.a in subject_keys
    if group_of(relation.claim_types) in ("inhibition", "activation") or not relation.claim_types:
        types = {k: e.entity_type for e in gold for k in e.keys}
        subject_type = next((types[k] for k in subject_keys if k in (relation.a, relation.b)), None)
        if subject_type is None:  # ChemProt: the chemical is the pipeline's drug mention
            return claim.subject.entity_type in DRUG_TYPES and claim.object.entity_type == "gene"
        return subject_type == "drug"
    return True


def _entities_found(pair: frozenset, gold: Sequence[GoldEntity], mentions: Sequence[Mention]) -> bool:
    """Both entities of the pair have an overlapping pipeline mention of the right type (ChemProt,
    untyped: one drug and one gene)."""
    found_types: list[set[str]] = []
    for key in sorted(pair):
        spans = [e for e in gold if key in e.keys]
        wanted = {spans[0].entity_type} if spans and spans[0].entity_type else None
        got = {m.entity_type for m in mentions for e in spans if e.start < m.end and m.start < e.end}
        if "drug" in (wanted or ()):
            wanted = set(DRUG_TYPES)
        if wanted is not None and not got & wanted:
            return False
        found_types.append(got)
    if all(not e.entity_type for e in gold if set(e.keys) & pair):
        a, b = found_types
        return bool((a & set(DRUG_TYPES) and "gene" in b) or (b & set(DRUG_TYPES) and "gene" in a))
    return True


def _rate(k: int, n: int) -> str:
    return f"{k:>5}/{n:<5} {k / n if n else 0.0:6.1%}"


def format_labels(units: Sequence[Unit]) -> list[str]:
    """Recall per corpus label: pairs stated by a claim of one of the label's claim types."""
    lines = [f"{'label':<24}{'group':<15}{'stated by a claim (recall)':<28}{'opposite polarity':<20}{'misses w/o entity':<18}"]
    by_label: dict[str, list[Unit]] = defaultdict(list)
    for u in units:
        by_label[u.label].append(u)
    for label, items in sorted(by_label.items(), key=lambda kv: (kv[1][0].group, -len(kv[1]))):
        group = items[0].group
        hits = sum(u.hit for u in items)
        opposite = sum(_opposite(u) for u in items)
        misses = [u for u in items if not u.hit]
        lines.append(f"{label:<24}{group:<15}{_rate(hits, len(items)) if group in GROUPS else '     -':<28}"
                     f"{_rate(opposite, len(items)) if group in ('inhibition', 'activation') else '     -':<20}"
                     f"{sum(not u.entities_found for u in misses):>5}/{len(misses)}")
    return lines


def _opposite(unit: Unit) -> bool:
    if unit.group == "inhibition":
        return bool(unit.found & set(ACTIVATION_TYPES))
    if unit.group == "activation":
        return bool(unit.found & set(INHIBITION_TYPES))
    return False


def format_groups(units: Sequence[Unit], with_precision: bool) -> list[str]:
    """P/R/F1 per claim-type family. Precision only where the corpus annotates negatives:
    a claim of the family on a negative, on a pair of another family or in the wrong
    direction is a false positive; related pairs without a claim type are left out."""
    lines = [f"{'claim types':<44}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}  R (entities found)"]
    for name, types in GROUPS.items():
        gold = [u for u in units if u.group == name]
        judged = [u for u in units if u.group != NO_TYPE]
        pred = sum(bool((u.found | u.reversed) & set(types)) for u in judged)
        tp = sum(u.hit for u in gold)
        if not gold and not pred:
            continue
        found = [u for u in gold if u.entities_found]
        p = tp / pred if pred and with_precision else None
        r = tp / len(gold) if gold else 0.0
        f = 2 * p * r / (p + r) if p and r else None
        lines.append(f"{name + ' (' + ', '.join(types) + ')':<44}{len(gold):>6}{pred if with_precision else '-':>6}{tp:>6}"
                     f"{_num(p):>8}{r:>8.3f}{_num(f):>8}  {_rate(sum(u.hit for u in found), len(found))}")
    return lines


def format_partner_recall(units: Sequence[Unit]) -> list[str]:
    """Recall per family when a claim on a pair's "X (Y)" partner span (or a name the bracket
    lists, "X (Y; Z)") counts too: ChemProt
    relates both spans of one entity, the claims name it once. A second reading beside the
    table above, which stays the figure of record."""
    extra = {name: sum(u.partner_hit and not u.hit for u in units if u.group == name) for name in GROUPS}
    if not any(extra.values()):
        return []
    parts = []
    for name, n in extra.items():
        gold = [u for u in units if u.group == name]
        if gold:
            parts.append(f"{name} {sum(u.partner_hit for u in gold) / len(gold):.3f} (+{n})")
    return ['recall when a claim on the pair\'s "X (Y)" / "X (Y; Z)" partner span counts too: ' + ", ".join(parts)]


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_polarity(units: Sequence[Unit]) -> list[str]:
    """What the pairs of each kind got: the polarity confusion (right-direction claims)."""
    columns = ("inhibition only", "activation only", "both", "other claims", "no claim")
    lines = [f"{'gold':<16}" + "".join(f"{c:>17}" for c in columns)]
    for group in ("inhibition", "activation", "interaction", "drug_response", NO_TYPE, NEGATIVE):
        items = [u for u in units if u.group == group]
        if not items:
            continue
        row = Counter(_polarity_column(u) for u in items)
        lines.append(f"{group:<16}" + "".join(f"{row.get(c, 0):>17}" for c in columns))
    pairs = [u for u in units if u.group in ("inhibition", "activation")]
    if pairs:
        errors = sum(_opposite(u) for u in pairs)
        lines.append(f"polarity errors: {errors} of {len(pairs)} inhibition/activation pairs ({errors / len(pairs):.1%})")
    return lines


def _polarity_column(unit: Unit) -> str:
    down, up = bool(unit.found & set(INHIBITION_TYPES)), bool(unit.found & set(ACTIVATION_TYPES))
    if down and up:
        return "both"
    if down:
        return "inhibition only"
    if up:
        return "activation only"
    return "other claims" if unit.found else "no claim"


def format_relation_scores(scores: RelationScores, with_precision: bool) -> str:
    units = scores.units
    positives = [u for u in units if u.group in GROUPS]
    misses = [u for u in positives if not u.hit]
    lines = [f"{scores.examples} texts, {len(units)} scored pairs ({len(positives)} with a claim type, "
             f"{sum(u.group == NEGATIVE for u in units)} negatives, {sum(u.group == NO_TYPE for u in units)} related without one)", ""]
    lines += format_groups(units, with_precision)
    lines += format_partner_recall(units) + [""]
    lines += format_labels(units) + [""]
    lines += format_polarity(units) + [""]
    missing = sum(not u.entities_found for u in misses)
    lines.append(f"misses with an entity missing or mistyped: {missing} of {len(misses)} ({missing / len(misses) if misses else 0:.1%})")
    untyped = Counter(t for u in units if u.group == NO_TYPE for t in u.found)
    if untyped:
        lines.append("claims on related pairs without a claim type: " + ", ".join(f"{t} {n}" for t, n in untyped.most_common()))
    if scores.off_pairs:
        lines.append("claims on no scored pair (an argument that is no annotated entity, or an unscored pair): "
                     + ", ".join(f"{t} {n}" for t, n in scores.off_pairs.most_common()))
    return "\n".join(lines)
