"""The claim engine: analyzed sentences of one document -> typed claims.

For each sentence it builds the unit sequence (units.py), runs the rules'
patterns over the full and the reduced view (only those whose required words
the view holds: patterns.TriggerIndex), turns each match into one claim
per (subject, object) pair of the matched lists, attaches the qualifiers
(qualifiers.py) and the rule's measured precision (confidence.json), and keeps
one claim per (type, subject entity, object entity, polarity) in a sentence.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

from spacy.tokens import Span

from litclaims.extract.analyzed import AnalyzedSentence
from litclaims.extract.claims.anaphora import ANAPHORA_KEY, ANAPHORA_SUFFIX, AnaphoraResolver
from litclaims.extract.claims.gene_states import anaphor_state, claim_states
from litclaims.extract.claims.non_arguments import is_vague_subject
from litclaims.extract.claims.patterns import EncodedKeys, TriggerIndex
from litclaims.extract.claims.qualifiers import (
    CueFinder,
    CueSpan,
    SentenceCues,
    certainty,
    evidence,
    study_levels,
    is_blocked,
    is_wild_type,
    is_negated,
    is_unasserted,
    sentence_cues,
)
from litclaims.extract.claims.relation_model import MODEL_SCOPES, RelationModel, RuleHit, load_model_bands
from litclaims.extract.claims.regex_cache import RegexCache
from litclaims.extract.claims.respectively import pair_respectively
from litclaims.extract.claims.subsumed import drop_subsumed_associations
from litclaims.extract.claims.rules import CUES_FILE, RULES_DIR, Cues, Rule, load_rules
from litclaims.schemas.vocabulary import SYMMETRIC_CLAIM_TYPES, entity_key
from litclaims.extract.claims.units import (
    ENTITY_PREFIX, FLAVOURS, Unit, build_units, encode, plain_view, reduced_view, surface_key,
)
from litclaims.schemas.records import Claim, Mention, stable_id

CONFIDENCE_FILE = Path(__file__).resolve().parent / "confidence.json"
# Knock-down or blockade of the subject reverses an expression claim, and an inhibition or
# activation claim whose subject is a gene ("Sag deletion inactivates Kras": activation Sag ->
# Kras; issue 13 round 27): claim type -> (the reversed type, the subject types it holds for;
# None: every type). Not for a drug subject: the cues also stand before drugs ("inhibitors
# against"), and reversing those raised ChemProt's polarity errors (ninth session).
REVERSIBLE: dict[str, tuple[str, frozenset[str] | None]] = {
    "expression_up": ("expression_down", None),
    "expression_down": ("expression_up", None),
    "inhibition": ("activation", frozenset({"gene"})),
    "activation": ("inhibition", frozenset({"gene"})),
}
# A wild-type gene is not the gene state that confers resistance or sensitivity:
# "patients with wild-type KRAS benefit from cetuximab" claims nothing about KRAS
# as a cause, so these claims are not made for a subject stated to be wild-type.
STATE_CLAIMS = frozenset({"resistance", "sensitization"})


@dataclass(frozen=True)
class RuleMatch:
    """One (subject, object) pair a rule found in a sentence, before qualifiers."""

    rule: Rule
    subject: Mention
    object: Mention
    first: int  # unit range of the match in the sentence's full view
    last: int
    consumed_negation: tuple[CueSpan, ...]


# How an entity unit (the only kind a rule's slot binds) starts in the encoded sentence.
_SLOT_UNIT = " " + ENTITY_PREFIX


def mention_key(mention: Mention) -> str:
    """The entity a mention names (schemas.vocabulary.entity_key)."""
    return entity_key(mention.entity_id, mention.text)


class ClaimEngine:
    def __init__(self, cues: Cues, rules: Sequence[Rule], confidence: Mapping[str, float], fingerprint: str,
                 relation_model: RelationModel | None = None,
                 compile_regex: Callable[[str], re.Pattern] = re.compile) -> None:
        self.cues = cues
        self.rules = tuple(rules)
        self.confidence = dict(confidence)
        self._fingerprint = fingerprint
        self._finder = CueFinder(cues, compile_regex)
        self._anaphora = AnaphoraResolver(cues, compile_regex)
        # every (rule, pattern) in rule order, with the word sets its trigger leaves to check
        self._patterns = [(rule, p, p.required[1:]) for rule in self.rules for p in rule.compiled]
        self._triggers = TriggerIndex([p.required for _, p, _ in self._patterns])
        # the learned relation model (relation_model.py): off unless asked for
        self.relation_model = relation_model

    @classmethod
    def load(cls, rules_dir: Path = RULES_DIR, confidence_file: Path | None = CONFIDENCE_FILE,
             relation_model: bool | str | RelationModel = False, cache_dir: Path | None = None) -> "ClaimEngine":
        """The rule tables; with `relation_model` the learned model also runs after the
        rules, and the fingerprint names its weights and what it may claim. A scope of
        MODEL_SCOPES ("response", "molecular", "all"; True is "all", False and "off" none):
        the shipped model, its claims carrying their probability band's measured confidence;
        a model passed in is used as it is. `confidence_file=None`: no measured confidence, so of
        two rules making the same claim the first in rule order names it (what `litclaims
        eval confidence` measures with, so that the table it writes does not depend on the
        table it read). `cache_dir`: where the compiled patterns are kept between processes
        (regex_cache.py); None: compiled in this process only."""
        regexes = RegexCache.for_rules(cache_dir, _fingerprint(rules_dir, None))
        cues, rules = load_rules(rules_dir, regexes.compile)
        confidence = load_confidence(confidence_file, rules, cues.anaphora_version) if confidence_file else {}
        fingerprint = _fingerprint(rules_dir, confidence_file)
        model = _shipped_model(relation_model, confidence_file) if isinstance(relation_model, (bool, str)) \
            else relation_model
        if model is not None:
            fingerprint = hashlib.sha256(f"{fingerprint}+{model.name}:{_model_digest(model)}".encode()).hexdigest()[:12]
        engine = cls(cues, rules, confidence, fingerprint, model, regexes.compile)
        regexes.save()
        return engine

    @property
    def fingerprint(self) -> str:
        """Short hash of the rule tables and the confidence table."""
        return self._fingerprint

    def extract(self, sentences: Sequence[AnalyzedSentence]) -> list[Claim]:
        claims: list[Claim] = []
        genes = _gene_index(sentences)
        prepared = [self._prepare(a, genes) for a in sentences]
        same_section = [
            i > 0 and sentences[i].sentence.section == sentences[i - 1].sentence.section
            for i in range(len(sentences))
        ]
        levels = study_levels([cues for _, cues in prepared], same_section)
        linked = [same and _same_paragraph(sentences[i - 1], sentences[i]) for i, same in enumerate(same_section)]
        anaphors = self._anaphora.resolve([a.sentence for a in sentences], [u for u, _ in prepared], linked)
        sentence_rules: list[list[Claim]] = []
        for i, (analyzed, (units, cues), level) in enumerate(zip(sentences, prepared, levels)):
            by_rules = drop_subsumed_associations(
                pair_respectively(list(self._claims_of(analyzed, units, cues, level)), analyzed.sentence.text))
            sentence_rules.append(by_rules)
            claims.extend(by_rules)
            for resolved in anaphors.get(i, ()):
                anaphor = resolved.mention
                with_anaphor = build_units(
                    analyzed.sentence, tuple(analyzed.mentions) + (anaphor,), self.cues.vague, genes, self.cues.edges
                )
                cues_a = sentence_cues(with_anaphor, self._finder)
                claims.extend(
                    replace(c, subject_state=anaphor_state(c.subject_state, resolved.antecedent_state))
                    for c in self._claims_of(analyzed, with_anaphor, cues_a, level, anaphor)
                )
        if self.relation_model is not None:
            proposed = [list(self._model_claims(a, u, c, level, by_rules))
                        for a, (u, c), level, by_rules in zip(sentences, prepared, levels, sentence_rules)]
            claims.extend(consistent_directions(proposed, claims))
        return claims

    def relation_inputs(self, sentences: Sequence[AnalyzedSentence]) -> list[list[Unit]]:
        """The unit sequence of each sentence, as extract() builds it (for training the model)."""
        genes = _gene_index(sentences)
        return [self._prepare(a, genes)[0] for a in sentences]

    def _model_claims(self, analyzed: AnalyzedSentence, units: list[Unit], cues: SentenceCues, level: str,
                      by_rules: Sequence[Claim]) -> Iterator[Claim]:
        """The relation model's claims on pairs the rules left without any claim."""
        model = self.relation_model
        assert model is not None
        hits = rule_hits(units, by_rules)
        taken = {frozenset((mention_key(c.subject), mention_key(c.object))) for c in by_rules}
        # a mention a rule already gave a claim of this type to in this sentence gets no
        # second partner from the model ("D is a tyrosine kinase inhibitor of EGFR": the
        # rule's D -> EGFR, not the model's D -> "tyrosine kinase")
        roles = {(mention_key(m), c.claim_type) for c in by_rules for m in (c.subject, c.object)}
        settled = frozenset(taken)  # pairs the loop below drops whatever the model says: left unscored
        skip = lambda s, o: _dropped_before_scoring(units, cues, settled, s, o)  # noqa: E731
        for p in model.predict(units, hits, analyzed.vectors, skip):
            subject, obj = units[p.subject].mention, units[p.object].mention
            subject_key, object_key = mention_key(subject), mention_key(obj)  # type: ignore[arg-type]
            pair = frozenset((subject_key, object_key))
            first, last = min(p.subject, p.object), max(p.subject, p.object)
            if pair in taken or is_unasserted(cues, units, first, last) or is_vague_subject(subject):
                continue
            if (subject_key, p.claim_type) in roles or (object_key, p.claim_type) in roles:
                continue
            if p.claim_type in STATE_CLAIMS and is_wild_type(cues, p.subject):
                continue
            taken.add(pair)
            yield self._model_claim(analyzed, units, cues, level, p, model.rule)

    def _model_claim(self, analyzed, units, cues, level, p, rule_id: str) -> Claim:
        sentence = analyzed.sentence
        subject, obj = units[p.subject].mention, units[p.object].mention
        first, last = min(p.subject, p.object), max(p.subject, p.object)
        return Claim(
            claim_id=stable_id(sentence.doc_id, sentence.start, sentence.end, p.claim_type, subject.start,
                               subject.end, obj.start, obj.end, rule_id),
            doc_id=sentence.doc_id,
            sentence_id=sentence.sentence_id,
            claim_type=p.claim_type,
            subject=subject,
            object=obj,
            negated=is_negated(cues, first, last, "clause", ()),
            certainty=certainty(cues, units, first, last, "clause"),  # type: ignore[arg-type]
            evidence=evidence(cues, first, last, level, False),  # type: ignore[arg-type]
            cell_lines=_unique(m.text for m in analyzed.mentions if m.entity_type == "cell_line"),
            disease=next((m.text for m in analyzed.mentions if m.entity_type == "disease"), None),
            citations=tuple(sentence.citations),
            rule=rule_id,
            rule_version="1",
            confidence=self.relation_model.confidence_of(p.probability),  # type: ignore[union-attr]
            **claim_states(units, p.claim_type, subject, obj),
        )

    def matches(self, analyzed: AnalyzedSentence) -> list[RuleMatch]:
        """Every rule match of one sentence (no qualifiers, no de-duplication)."""
        units, _ = self._prepare(analyzed, _gene_index([analyzed]))
        return list(self._matches(units))

    def _prepare(self, analyzed: AnalyzedSentence, genes: Mapping[str, Mention] | None = None) -> tuple[list[Unit], SentenceCues]:
        units = build_units(analyzed.sentence, analyzed.mentions, self.cues.vague, genes, self.cues.edges)
        return units, sentence_cues(units, self._finder)

    def _claims_of(
        self,
        analyzed: AnalyzedSentence,
        units: list[Unit],
        cues: SentenceCues,
        level: str,
        anaphor: Mention | None = None,
    ) -> Iterator[Claim]:
        """The claims of one sentence. With `anaphor`, only the gene-state claims whose
        subject is that resolved anaphor (anaphora.py)."""
        sentence = analyzed.sentence
        cell_lines = _unique(m.text for m in analyzed.mentions if m.entity_type == "cell_line")
        disease = next((m.text for m in analyzed.mentions if m.entity_type == "disease"), None)
        kept: dict[tuple, tuple[float, Claim]] = {}
        order: list[tuple] = []
        for match in self._matches(units):
            rule = match.rule
            if anaphor is not None and (match.subject is not anaphor or rule.claim_type not in STATE_CLAIMS):
                continue
            if is_vague_subject(match.subject):
                continue
            if is_unasserted(cues, units, match.first, match.last):
                continue
            negated = is_negated(cues, match.first, match.last, rule.scope, match.consumed_negation)
            claim_type = rule.claim_type
            if claim_type in STATE_CLAIMS and is_wild_type(cues, _unit_index(units, match.subject)):
                continue
            reversed_type, reversible_subjects = REVERSIBLE.get(claim_type, (None, None))
            if reversed_type is not None and (reversible_subjects is None or match.subject.entity_type in reversible_subjects) \
                    and is_blocked(cues, _unit_index(units, match.subject)):
                claim_type = reversed_type
            subject_key, object_key = mention_key(match.subject), mention_key(match.object)
            pair = (subject_key, object_key)
            if claim_type in SYMMETRIC_CLAIM_TYPES:
                pair = tuple(sorted(pair))
            key = (claim_type, pair, negated)
            rule_id = rule.rule_id + (ANAPHORA_SUFFIX if anaphor is not None else "")
            confidence = self.confidence.get(ANAPHORA_KEY if anaphor is not None else rule.rule_id)
            rank = confidence if confidence is not None else -1.0
            if key in kept and rank <= kept[key][0]:
                continue  # a claim at least as confident is kept for this key: build no other
            claim = Claim(
                claim_id=stable_id(
                    sentence.doc_id,
                    sentence.start,
                    sentence.end,
                    claim_type,
                    match.subject.start,
                    match.subject.end,
                    match.object.start,
                    match.object.end,
                    rule_id,
                ),
                doc_id=sentence.doc_id,
                sentence_id=sentence.sentence_id,
                claim_type=claim_type,
                subject=match.subject,
                object=match.object,
                negated=negated,
                certainty=certainty(cues, units, match.first, match.last, rule.scope),  # type: ignore[arg-type]
                evidence=evidence(cues, match.first, match.last, level, rule.definitional),  # type: ignore[arg-type]
                cell_lines=cell_lines,
                disease=disease,
                citations=tuple(sentence.citations),
                rule=rule_id,
                rule_version=rule.version,
                confidence=confidence,
                **claim_states(units, claim_type, match.subject, match.object),
            )
            if key not in kept:
                order.append(key)
            kept[key] = (rank, claim)
        for key in order:
            yield kept[key][1]

    def _matches(self, units: list[Unit]) -> Iterator[RuleMatch]:
        full_index = {id(u): i for i, u in enumerate(units)}
        views = [units]
        # each view only drops units, so one of the same length is the same view
        for view in (plain_view(units), reduced_view(units)):
            if all(len(view) != len(v) for v in views):
                views.append(view)
        for view in views:
            encoded, starts = encode(view)
            if encoded.count(_SLOT_UNIT) < 2:
                continue  # every rule binds a subject and an object: two entity units at least
            keys = EncodedKeys(encoded)
            unit_at = {pos: i for i, pos in enumerate(starts)}
            for position in self._triggers.candidates(keys):
                rule, pattern, other_required = self._patterns[position]
                if not keys.has_all(other_required):
                    continue  # a word the pattern needs is not in the sentence
                for m in pattern.regex.finditer(encoded):
                    yield from self._pairs(rule, pattern, m, view, starts, unit_at, full_index)

    def _pairs(self, rule, pattern, m, view, starts, unit_at, full_index) -> Iterator[RuleMatch]:
        def units_in(a: int, b: int) -> list[int]:
            i = unit_at.get(a)
            out = []
            while i is not None and i < len(view) and starts[i] < b:
                out.append(i)
                i += 1
            return out

        subjects: list[Mention] = []
        objects: list[Mention] = []
        consumed: list[CueSpan] = []
        for name, types in pattern.slot_types.items():
            if m.start(name) < 0:
                continue
            items = [i for i in units_in(m.start(name), m.end(name)) if _fills(view[i], types)]
            items = self._list_items(view, items, keep_end=(name == pattern.leading))
            (subjects if name.startswith("S") else objects).extend(_bound(view[i], types) for i in items)
        for name in m.groupdict():
            if name.startswith("NEG_") and m.start(name) >= 0:
                idx = [full_index[id(view[i])] for i in units_in(m.start(name), m.end(name))]
                if idx:
                    consumed.append(CueSpan(min(idx), max(idx)))
        span = units_in(m.start("all"), m.end("all"))
        if not span or not subjects or not objects:
            return
        first = full_index[id(view[span[0]])]
        last = full_index[id(view[span[-1]])]
        for s in subjects:
            for o in objects:
                if s.start == o.start or mention_key(s) == mention_key(o):
                    continue
                yield RuleMatch(rule, s, o, first, last, tuple(consumed))


    def _list_items(self, view: list[Unit], items: list[int], keep_end: bool) -> list[int]:
        """The items of a matched list that really are one: items joined by commas
        alone are not ("IGF-II, IGF-IR activity was ..."). A list before its verb
        keeps the items nearest the verb."""
        if len(items) < 2:
            return items
        joined = [
            any(u.key in self.cues.conjunctions for u in view[a + 1 : b]) for a, b in zip(items, items[1:])
        ]
        if all(joined):
            return items
        # "TNF-a (..), IL-1b (..), IL-6 (..), and prostaglandin E2": a comma series that
        # goes on with ", and" / ", or" to a last item of another kind is a list all the same
        # (round 9a; ChemProt train)
        # (only a bare series: nothing but a comma between the items)
        after = [u.key for u in view[items[-1] + 1 : items[-1] + 3]]
        bare = all([u.key for u in view[a + 1 : b]] == [","] for a, b in zip(items, items[1:]))
        if bare and not keep_end and after[:1] == [","] and after[1:2] in (["and"], ["or"]):
            return items
        if keep_end:
            return items if any(joined) else items[-1:]
        last_conj = max((k for k, ok in enumerate(joined) if ok), default=-1)
        return items[: last_conj + 2]


def _same_paragraph(previous: AnalyzedSentence, current: AnalyzedSentence) -> bool:
    """No blank line between two sentences of one section (when the spaCy spans tell)."""
    a, b = getattr(previous, "span", None), getattr(current, "span", None)
    if a is None or b is None or a.doc is not b.doc:
        return True
    return "\n\n" not in whitespace_between(a, b)


def whitespace_between(a: Span, b: Span) -> str:
    """The text from the end of `a`'s last word to the start of `b`'s first (a sentence
    span keeps the whitespace after it, "... gene.\n\n"), read from the few tokens
    around the boundary: Span.text of both sentences, as this once did, joins every token
    of the two (a sizeable share of the claim step), and Doc.text every token of the doc."""
    doc = a.doc
    last = a.end - 1
    while last > a.start and doc[last].is_space:
        last -= 1
    first = b.start
    while first < b.end - 1 and doc[first].is_space:
        first += 1
    if doc[last].is_space or doc[first].is_space:  # a sentence of whitespace only
        both = doc[a.start : b.end].text
        gap = both[a.end_char - a.start_char : b.start_char - a.start_char]
        return a.text[len(a.text.rstrip()) :] + gap + b.text[: len(b.text) - len(b.text.lstrip())]
    return doc[last].whitespace_ + "".join(doc[i].text_with_ws for i in range(last + 1, first))


def consistent_directions(proposed: Sequence[Sequence[Claim]], by_rules: Sequence[Claim]) -> list[Claim]:
    """The model's claims of one document, in sentence order, without a resistance or
    sensitization claim that contradicts, on the same gene and drug, a rule's claim of the
    document or the model's own more confident claim (the rules' reading and the
    surest reading win)."""
    def pair(c: Claim) -> tuple[str, str]:
        return mention_key(c.subject), mention_key(c.object)

    settled: dict[tuple[str, str], set[str]] = {}
    for c in by_rules:
        if c.claim_type in STATE_CLAIMS and not c.negated:
            settled.setdefault(pair(c), set()).add(c.claim_type)
    best: dict[tuple[str, str], Claim] = {}
    for c in (c for sentence in proposed for c in sentence):
        if c.claim_type in STATE_CLAIMS and not c.negated and pair(c) not in settled:
            if pair(c) not in best or (c.confidence or 0.0) > (best[pair(c)].confidence or 0.0):
                best[pair(c)] = c
    out = []
    for c in (c for sentence in proposed for c in sentence):
        if c.claim_type in STATE_CLAIMS and not c.negated:
            wanted = settled.get(pair(c)) or {best[pair(c)].claim_type}
            if c.claim_type not in wanted:
                continue
        out.append(c)
    return out


def _dropped_before_scoring(units: Sequence[Unit], cues: SentenceCues, settled: frozenset, s: int, o: int) -> bool:
    """Whether _model_claims drops the pair (s, o) whatever its type and probability: a
    rule's claim already joins its mentions, or a question governs it. The model then need
    not score it (the other pairs' scores do not depend on it)."""
    pair = frozenset((mention_key(units[s].mention), mention_key(units[o].mention)))  # type: ignore[arg-type]
    return pair in settled or is_unasserted(cues, units, min(s, o), max(s, o))


def rule_hits(units: Sequence[Unit], claims: Sequence[Claim]) -> list[RuleHit]:
    """The rule claims of a sentence by the unit indices of their arguments (model features)."""
    hits = []
    for c in claims:
        s, o = _unit_index(units, c.subject), _unit_index(units, c.object)
        if s >= 0 and o >= 0:
            hits.append(RuleHit(c.claim_type, c.rule, s, o))
    return hits


def _shipped_model(scope: bool | str, confidence_file: Path | None) -> RelationModel | None:
    """The shipped model restricted to a scope of MODEL_SCOPES (True: "all"; False: "off"),
    with its measured confidence bands when a confidence file is given; None for "off"."""
    name = ("all" if scope else "off") if isinstance(scope, bool) else scope
    if name not in MODEL_SCOPES:
        raise ValueError(f"relation model scope {name!r}: one of {', '.join(MODEL_SCOPES)}")
    if not MODEL_SCOPES[name]:
        return None
    model = RelationModel.load().restricted_to(MODEL_SCOPES[name])
    return model.with_bands(load_model_bands(confidence_file, model.rule)) if confidence_file else model


def _model_digest(model: RelationModel) -> str:
    """A hash of the model's weights, biases, thresholds and the types it may claim."""
    digest = hashlib.sha256(model.weights.tobytes() + model.bias.tobytes())
    if model.dense is not None:
        digest.update(model.dense.weights.tobytes() + model.dense.mean.tobytes())
        digest.update(f"{model.dense.pieces}{model.dense.encoder}".encode())
    digest.update(json.dumps(model.thresholds, sort_keys=True).encode())
    digest.update(json.dumps(sorted(model.claim_types)).encode())
    if model.trigger_gate:
        digest.update(b"trigger_gate")
    return digest.hexdigest()[:12]


def _unit_index(units: Sequence[Unit], mention: Mention) -> int:
    for i, u in enumerate(units):
        if u.mention is mention or u.target is mention:
            return i
    return -1


def _gene_index(sentences: Sequence[AnalyzedSentence]) -> dict[str, Mention]:
    """Grounded gene mentions of a document by surface key (first one wins)."""
    index: dict[str, Mention] = {}
    for a in sentences:
        for m in a.mentions:
            if m.entity_type == "gene" and m.entity_id:
                index.setdefault(surface_key(m.text), m)
    return index


def _fills(unit: Unit, types: Sequence[str]) -> bool:
    if unit.mention is None:
        return False
    if unit.entity_type in types:
        return True
    return any(t in FLAVOURS and unit.key.endswith(FLAVOURS[t][1]) for t in types)


def _bound(unit: Unit, types: Sequence[str]) -> Mention:
    """The mention a slot binds: a "class" slot binds the class's target gene."""
    if unit.target is not None and "class" in types and unit.entity_type not in types:
        return unit.target
    return unit.mention  # type: ignore[return-value]


def _unique(texts: Iterator[str]) -> tuple[str, ...]:
    out: list[str] = []
    for t in texts:
        if t not in out:
            out.append(t)
    return tuple(out)


def load_confidence(path: Path, rules: Sequence[Rule], anaphora_version: str = "1") -> dict[str, float]:
    """Rule id -> the confidence measured for it, for rules whose version is the one
    measured (a changed rule has no confidence until the table is regenerated).
    The anaphora step has its own entry (ANAPHORA_KEY)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    versions = {r.rule_id: r.version for r in rules}
    versions[ANAPHORA_KEY] = anaphora_version
    out: dict[str, float] = {}
    for rule_id, row in data.get("rules", {}).items():
        if versions.get(rule_id) == str(row.get("version")) and row.get("confidence") is not None:
            out[rule_id] = float(row["confidence"])
    return out


def _fingerprint(rules_dir: Path, confidence_file: Path | None) -> str:
    digest = hashlib.sha256()
    files = sorted(rules_dir.glob("*.toml"))
    if confidence_file is not None and confidence_file.exists():
        files.append(confidence_file)
    for path in files:
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]
