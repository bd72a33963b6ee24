"""The word prefilter in front of the rule regexes (patterns.WordSet, TriggerIndex):
a pattern is only run on a sentence that holds every word set it requires, so a
required set that a real match can lack would silently lose claims."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.patterns import EncodedKeys, TriggerIndex, WordSet, compile_pattern
from litclaims.extract.claims.rules import compile_context, load_rules
from litclaims.extract.claims.units import encode, plain_view, reduced_view
from litclaims.schemas.records import Document
from tests.test_claims_cases import CASES


@pytest.fixture(scope="module")
def cues():
    return load_rules()[0]


def test_required_sets_are_the_consumed_words_and_slots(cues):
    ctx = compile_context(cues, ("gene",), ("drug", "class"), ("confer",))
    compiled = compile_pattern("S ( strongly )? VERB resistan* ( to|against ) O", ctx)
    required = set(compiled.required)
    assert WordSet(frozenset(), ("resistan",)) in required
    assert WordSet(frozenset({"to", "against"})) in required
    assert WordSet(frozenset({"confer", "confers", "confered", "conferred", "confering", "conferring"})) in required
    assert WordSet(frozenset({"§gene"}), ("§gene.",)) in required
    assert WordSet(frozenset({"§drug", "§drug.class"}), ("§drug.",)) in required
    assert not any("strongly" in words.exact for words in required)  # optional: never required
    # the most selective set first (the trigger); entity slots last
    assert compiled.required[0] == WordSet(frozenset(), ("resistan",))
    assert compiled.required[-1].exact & {"§gene", "§drug"}


def test_an_alternation_requires_one_word_of_any_branch(cues):
    ctx = compile_context(cues, ("gene",), ("drug",))
    compiled = compile_pattern("S ( blocks | is an inhibitor of ) O", ctx)
    either = [w for w in compiled.required if not any(k.startswith("§") for k in w.exact)]
    assert len(either) == 1 and {"blocks"} <= either[0].exact and either[0].exact & {"is", "an", "inhibitor", "of"}


def test_keys_and_triggers_of_an_encoded_sentence():
    keys = EncodedKeys(" §gene confers resistance to §drug . ")
    resistance = WordSet(frozenset(), ("resistan",))
    sensitivity = WordSet(frozenset({"sensitivity"}))
    assert keys.has_all([resistance, WordSet(frozenset({"to"}))])
    assert not keys.has_all([resistance, sensitivity])
    index = TriggerIndex([[sensitivity], [resistance], [], [WordSet(frozenset({"confers"}))]])
    assert index.candidates(keys) == [1, 2, 3]


def _documents():
    for case in CASES:
        text = case["text"]
        yield Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path=f"{case['id']}.txt",
                       media_type="text/plain", text=text)


def test_no_match_of_any_rule_is_filtered_out(extractor):
    """Over every sentence of the claim cases, in each view the engine reads: a pattern
    whose regex matches is always among the candidates and holds all its word sets."""
    engine = extractor.engine
    patterns = [p for rule in engine.rules for p in rule.compiled]
    index = TriggerIndex([p.required for p in patterns])
    matched = 0
    for document in _documents():
        for analyzed in extractor.analyze(document):
            units = engine.relation_inputs([analyzed])[0]
            for view in (units, plain_view(units), reduced_view(units)):
                encoded, _ = encode(view)
                keys = EncodedKeys(encoded)
                candidates = set(index.candidates(keys))
                for position, pattern in enumerate(patterns):
                    if pattern.regex.search(encoded):
                        matched += 1
                        assert position in candidates and keys.has_all(pattern.required), (pattern.text, encoded)
    assert matched > len(CASES) // 2  # the cases do exercise the rules


def test_claims_are_the_same_without_the_prefilter(extractor):
    """An engine whose patterns require nothing runs every regex on every sentence."""
    engine = extractor.engine
    unfiltered_rules = [
        dataclasses.replace(rule, compiled=tuple(dataclasses.replace(p, required=()) for p in rule.compiled))
        for rule in engine.rules
    ]
    unfiltered = ClaimEngine(engine.cues, unfiltered_rules, engine.confidence, engine.fingerprint)
    for document in _documents():
        sentences = list(extractor.analyze(document))
        assert unfiltered.extract(sentences) == engine.extract(sentences), document.source_path


def test_no_anaphor_or_gene_state_match_is_filtered_out(extractor):
    """The anaphora resolver's patterns get the same prefilter: over every sentence of
    the claim cases, an anaphor or gene-state pattern whose regex matches holds all its
    word sets, and a gene-state match always has a gene unit to find."""
    from litclaims.extract.claims.anaphora import AnaphoraResolver

    resolver = AnaphoraResolver(extractor.engine.cues)
    matched = 0
    for document in _documents():
        for analyzed in extractor.analyze(document):
            units = extractor.engine.relation_inputs([analyzed])[0]
            encoded, _ = encode(units)
            keys = EncodedKeys(encoded)
            for pattern in [*resolver._anaphors, *resolver._states]:
                if pattern.regex.search(encoded):
                    matched += 1
                    assert keys.has_all(pattern.required), (pattern.text, encoded)
            if resolver.gene_states(units):
                assert any(u.entity_type == "gene" for u in units)
    assert matched > 20


def test_a_prefix_is_held_by_bisection_as_by_a_scan():
    keys = EncodedKeys(" §gene.class confers resistance to §drug . ")
    for words in (WordSet(frozenset(), ("resistan",)), WordSet(frozenset(), ("§gene.",)),
                  WordSet(frozenset(), ("sensitiv", "zzz")), WordSet(frozenset({"to"})),
                  WordSet(frozenset({"§gene"}), ("§gene.",)), WordSet(frozenset(), ("§drug.",)),
                  WordSet(frozenset(), ("",))):
        assert keys.holds(words) == words.found_in(keys.keys), words
