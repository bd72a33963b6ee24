"""The learned relation model: candidate pairs, features, a save/load round trip, and the
engine step it adds, which runs only when asked for."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.relation_model import (
    CLASSES,
    NONE,
    RelationModel,
    RuleHit,
    candidates,
    hash_features,
    pair_features,
    stem,
)
from litclaims.extract.claims.units import Unit
from litclaims.schemas.records import Document, Mention
from tests.conftest import CACHE_DIR

SENTENCE = "Compound-7 strongly suppressed EGFR and ERK in these cells."


def _units() -> list[Unit]:
    return _sentence_units(SENTENCE, {"Compound-7": "drug", "EGFR": "gene", "ERK": "gene"})


def test_candidates_follow_the_types_the_spec_allows():
    units = _units()
    pairs = {(units[s].text, units[o].text) for s, o in candidates(units)}
    assert ("Compound-7", "EGFR") in pairs and ("EGFR", "ERK") in pairs and ("ERK", "EGFR") in pairs
    assert ("EGFR", "Compound-7") in pairs  # gene -> drug: resistance, sensitization, response_association
    # a drug is never the object of an inhibition-like claim, nor a drug the object of a drug
    assert all(units[s].mention.entity_type != "drug" or units[o].mention.entity_type == "gene" for s, o in candidates(units))


def test_features_name_the_words_between_the_order_and_the_rules():
    units = _units()
    feats = pair_features(units, 0, 3, [RuleHit("inhibition", "inhibition.verb", 0, 3)])
    assert "drug>gene/way=f" in feats
    assert "drug>gene/b:suppress|f" in feats and "drug>gene/b:strongly|f" in feats
    assert "drug>gene/rule:inhibition" in feats and "drug>gene/ruleid:inhibition.verb" in feats
    assert "drug>gene/t:suppress|between|f" in feats
    assert "drug>gene/norule" in pair_features(units, 0, 5, [])
    assert stem("inhibited") == stem("inhibits") == "inhibit"
    assert len(hash_features(feats, 1024)) == len(feats) and hash_features(feats, 1024).max() < 1024


def _trained_like_model(dim: int = 4096, word: str = "suppress") -> RelationModel:
    """A model whose only knowledge is: `word` between a drug and a gene is inhibition."""
    weights = np.zeros((dim, len(CLASSES)), dtype=np.float32)
    bias = np.zeros(len(CLASSES), dtype=np.float32)
    bias[CLASSES.index(NONE)] = 3.0
    for feature in (f"drug>gene/b:{word}|f",):
        weights[hash_features([feature], dim)[0], CLASSES.index("inhibition")] += 4.0
    return RelationModel(weights, bias, CLASSES, {c: 0.6 for c in CLASSES if c != NONE}, name="relations-test")


def test_save_and_load_round_trip(tmp_path: Path):
    model = _trained_like_model()
    model.save(tmp_path, {"trained_on": "nothing"})
    loaded = RelationModel.load(tmp_path, "relations-test")
    assert loaded.classes == model.classes and loaded.thresholds == model.thresholds
    assert np.allclose(loaded.weights, model.weights, atol=1e-2)
    units = _units()
    assert [(units[p.subject].text, units[p.object].text, p.claim_type) for p in loaded.predict(units, [])] == [
        ("Compound-7", "EGFR", "inhibition"), ("Compound-7", "ERK", "inhibition")
    ]


def test_the_shipped_model_loads():
    model = RelationModel.load()
    assert model.classes == CLASSES and model.rule == "model:relations-v2"
    assert set(model.thresholds) == set(CLASSES) - {NONE}


@pytest.fixture(scope="module")
def analyzed_sentences(extractor):
    # no rule knows "quenched"
    text = "In these cells, AZD6244 quenched EGFR."
    doc = Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path="t.txt", media_type="text/plain", text=text)
    return list(extractor.analyze(doc))


def test_the_model_adds_a_claim_only_when_switched_on(extractor, analyzed_sentences):
    default = ClaimEngine.load(cache_dir=CACHE_DIR)
    assert default.relation_model is None
    before = default.extract(analyzed_sentences)
    assert before == extractor.engine.extract(analyzed_sentences) == []
    with_model = ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=_trained_like_model(word="quench"))
    (added,) = with_model.extract(analyzed_sentences)
    assert (added.claim_type, added.subject.text, added.object.text) == ("inhibition", "AZD6244", "EGFR")
    assert added.rule == "model:relations-test" and 0.6 <= added.confidence <= 1.0
    assert (added.negated, added.evidence) == (False, "in_vitro")  # qualifiers as for a rule's claim
    assert with_model.fingerprint != default.fingerprint


def test_a_model_claim_never_contradicts_the_rules_direction_in_a_document():
    from litclaims.extract.claims.engine import consistent_directions
    from litclaims.schemas.records import Claim

    gene = Mention("g", "d", "s1", 0, 4, "EGFR", "gene", "HGNC:3236", "EGFR", "test")
    drug = Mention("r", "d", "s1", 20, 29, "gefitinib", "drug", None, None, "test")
    other = Mention("o", "d", "s2", 40, 49, "erlotinib", "drug", None, None, "test")

    def claim(claim_type, obj, rule, confidence):
        return Claim("c", "d", "s", claim_type, gene, obj, False, "asserted", "unspecified", (), None, (), rule, "1", confidence)

    rules = [claim("resistance", drug, "resistance.shown", 0.9)]
    proposed = [[claim("sensitization", drug, "model:x", 0.99)],
                [claim("sensitization", other, "model:x", 0.96), claim("resistance", other, "model:x", 0.97)]]
    kept = consistent_directions(proposed, rules)
    assert [(c.claim_type, c.object.text) for c in kept] == [("resistance", "erlotinib")]


def test_the_setting_and_the_flag_choose_what_the_model_claims(monkeypatch):
    from litclaims.extract import Extractor
    from litclaims.extract.claims.relation_model import MODEL_SCOPES
    from litclaims.flows.cli import UserError, build_parser, settings_from
    from litclaims.schemas.config import RELATION_MODEL_SCOPES, Settings

    assert set(RELATION_MODEL_SCOPES) == set(MODEL_SCOPES)  # schemas cannot import extract: kept equal here
    assert Settings().relation_model == "off"
    for argv, scope in ((["run", "--relation-model"], "all"), (["run", "--relation-model", "response"], "response"),
                        (["run"], "off")):
        parser, _ = build_parser(argv)
        assert settings_from(parser.parse_args(argv)).relation_model == scope
    monkeypatch.setenv("LITCLAIMS_RELATION_MODEL", "true")  # the boolean flag of before still works
    assert Settings().relation_model == "all"
    monkeypatch.setenv("LITCLAIMS_RELATION_MODEL", "most")
    with pytest.raises(UserError, match="LITCLAIMS_RELATION_MODEL='most'"):
        settings_from(build_parser(["run"])[0].parse_args(["run"]))
    monkeypatch.delenv("LITCLAIMS_RELATION_MODEL")
    models = {scope: Extractor.from_settings(Settings(relation_model=scope)) for scope in RELATION_MODEL_SCOPES}
    assert models["off"].engine.relation_model is None
    assert models["molecular"].engine.relation_model.claim_types == MODEL_SCOPES["molecular"]
    assert models["response"].engine.relation_model.claim_types == {"resistance", "sensitization", "response_association"}
    assert models["all"].engine.relation_model.claim_types == set(CLASSES) - {NONE}
    assert len({m.extractor_version for m in models.values()}) == 4  # stored rows say which produced them


def test_a_scope_drops_the_other_pairs_and_keeps_its_own_probabilities():
    units = _units()  # Compound-7 -> EGFR / ERK (drug -> gene), EGFR <-> ERK (gene -> gene), EGFR -> Compound-7
    weights = np.random.default_rng(0).normal(0, 1, (4096, len(CLASSES))).astype(np.float32)
    model = RelationModel(weights, np.zeros(len(CLASSES), dtype=np.float32), CLASSES,
                          {c: 0.0 for c in CLASSES if c != NONE}, name="relations-test")
    every = {(p.subject, p.object): p for p in model.predict(units, [])}
    response = {"resistance", "sensitization", "response_association"}
    assert {p.claim_type for p in every.values()} & response  # the random model claims some of each kind
    molecular = {(p.subject, p.object): p for p in model.restricted_to(set(CLASSES) - {NONE} - response).predict(units, [])}
    assert molecular and all(p.claim_type not in response for p in molecular.values())
    assert molecular == {k: p for k, p in every.items() if p.claim_type not in response}  # to the bit


def test_the_model_gives_no_second_partner_to_a_mention_a_rule_already_claimed(extractor):
    # the rule reads "AZD6244 inhibits EGFR"; a model firing on "inhibit" between would add AZD6244 -> ERK
    text = "In these cells, AZD6244 inhibits EGFR, whereas ERK was unchanged."
    doc = Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path="t.txt", media_type="text/plain", text=text)
    analyzed = list(extractor.analyze(doc))
    rules_only = ClaimEngine.load(cache_dir=CACHE_DIR).extract(analyzed)
    assert {(c.subject.text, c.object.text) for c in rules_only} == {("AZD6244", "EGFR")}
    eager = _trained_like_model(word="inhibit")
    with_model = ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=eager).extract(analyzed)
    assert {(c.subject.text, c.object.text, c.rule) for c in with_model} == {("AZD6244", "EGFR", "inhibition.verb")}


def _units_of(sentence: str, types: dict[str, str]) -> list[Unit]:
    """Units of a space-separated sentence whose words in `types` are mentions."""
    out, position = [], 0
    for word in sentence.split():
        start = sentence.index(word, position)
        position = start + len(word)
        mention = None
        if word in types:
            mention = Mention(f"m{start}", "d", "s", start, position, word, types[word], None, None, "test")
        key = f"§{types[word]}" if mention else word.lower()
        out.append(Unit(key, start, position, word, mention))
    return out


def test_shape_features_name_the_nearest_trigger_the_role_noun_and_mentions_between():
    # "D , a potent G inhibitor": the role noun right after the object
    units = _units_of("Compound-7 , a new EGFR inhibitor , and ERK", {"Compound-7": "drug", "EGFR": "gene", "ERK": "gene"})
    feats = pair_features(units, 0, 4, [])
    assert "drug>gene/orole:inhibit" in feats and "drug>gene/ntrig:none" in feats
    assert "drug>gene/otrig:inhib|after|near" in feats
    assert "drug>gene/in_first:,|f" in feats and "drug>gene/in_last:new|f" in feats
    assert "drug>gene/same_o_between=False" in feats
    # Compound-7 -> ERK: another gene and the trigger stand between
    far = pair_features(units, 0, 8, [])
    assert "drug>gene/same_o_between=True" in far and "drug>gene/ntrig_o:inhib" in far
    # a mention used as an adjective
    adjective = _units_of("Compound-7 - treated cells lost EGFR", {"Compound-7": "drug", "EGFR": "gene"})
    assert "drug>gene/sadj:treat" in pair_features(adjective, 0, 5, [])


def test_a_drug_that_names_what_cells_resist_is_no_agent_of_a_gene():
    for sentence in ("These tamoxifen - resistant cells need EGFR", "These tamoxifen resistant cells need EGFR"):
        units = _units_of(sentence, {"tamoxifen": "drug", "EGFR": "gene"})
        pairs = {(units[s].text, units[o].text) for s, o in candidates(units)}
        assert ("tamoxifen", "EGFR") not in pairs
        assert ("EGFR", "tamoxifen") in pairs  # the gene -> drug pair stays a candidate
    units = _units_of("Tamoxifen - treated cells lost EGFR", {"Tamoxifen": "drug", "EGFR": "gene"})
    assert ("Tamoxifen", "EGFR") in {(units[s].text, units[o].text) for s, o in candidates(units)}


def test_a_feature_seen_in_fewer_pairs_than_the_min_count_gets_no_column():
    from tools.relations.train import matrix

    features = [["a", "b"], ["a", "c"], ["a"]]
    rows = {f: hash_features([f], 1024)[0] for f in "abc"}
    full, pruned = matrix(features, 1024), matrix(features, 1024, min_count=2)
    assert full[:, rows["b"]].sum() == 1 and pruned[:, rows["b"]].sum() == 0
    assert pruned[:, rows["a"]].sum() == 3


def test_a_pair_is_claimed_when_its_family_is_likely_enough_as_the_likelier_type():
    # "inhibition" 0.5 and "expression_down" 0.4 of a drug -> gene pair: neither alone
    # reaches 0.8, their family (what the corpora's labels hold together) does
    dim = 4096
    weights = np.zeros((dim, len(CLASSES)), dtype=np.float32)
    bias = np.full(len(CLASSES), -20.0, dtype=np.float32)
    bias[[CLASSES.index(NONE), CLASSES.index("inhibition"), CLASSES.index("expression_down")]] = np.log([0.1, 0.5, 0.4])
    units = _units()
    thresholds = {c: 0.8 for c in CLASSES if c != NONE}
    predicted = list(RelationModel(weights, bias, CLASSES, thresholds, name="relations-test").predict(units, []))
    drug_gene = [(units[p.subject].text, units[p.object].text, p.claim_type, round(p.probability, 2)) for p in predicted
                 if units[p.subject].text == "Compound-7"]
    assert drug_gene == [("Compound-7", "EGFR", "inhibition", 0.9), ("Compound-7", "ERK", "inhibition", 0.9)]
    # two types of different families are not summed: 0.5 inhibition + 0.4 activation is no claim
    bias[[CLASSES.index("expression_down"), CLASSES.index("activation")]] = -20.0, np.log(0.4)
    assert not [p for p in RelationModel(weights, bias, CLASSES, thresholds, name="relations-test").predict(units, [])
                if units[p.subject].text == "Compound-7"]


def _sentence_units(sentence: str, types: dict[str, str]) -> list[Unit]:
    out, at = [], 0
    for word in sentence.replace(".", " .").replace(",", " ,").split():
        start = sentence.index(word, at)
        at = start + len(word)
        mention = None
        if word in types:
            mention = Mention(f"m{start}", "d", "s", start, start + len(word), word, types[word], None, None, "test")
        key = f"§{types[word]}" if mention else word.lower().replace("-", "")
        out.append(Unit(key, start, start + len(word), word, mention))
    return out


GATE_SENTENCES = [
    ("Gefitinib and an EGFR inhibitor were combined.", {"Gefitinib": "drug", "EGFR": "gene"}),
    ("Rasagiline, an EGFR inhibitor, was given with KRAS.", {"Rasagiline": "drug", "EGFR": "gene", "KRAS": "gene"}),
    ("Compound-7 strongly suppressed EGFR and ERK in these cells.", {"Compound-7": "drug", "EGFR": "gene", "ERK": "gene"}),
    ("Compound-7 and EGFR were measured.", {"Compound-7": "drug", "EGFR": "gene"}),
    ("Drug-X increased the expression levels of TP53 which binds MDM2.", {"Drug-X": "drug", "TP53": "gene", "MDM2": "gene"}),
]


def test_the_trigger_gate_reads_the_same_off_the_units_and_off_the_features():
    """crossval chooses the thresholds with the gate read off the cached features; the model
    applies it on the units: the two must agree on every pair and molecular type."""
    from litclaims.extract.claims.relation_model import GATE_FAMILIES, SentenceView, passes_trigger_gate
    from tools.relations.crossval import gate_of_features

    checked = 0
    for sentence, types in GATE_SENTENCES:
        units = _sentence_units(sentence, types)
        view = SentenceView.of(units)
        for s, o in candidates(units):
            feats = pair_features(units, s, o, [], view)
            for claim_type in GATE_FAMILIES:
                assert passes_trigger_gate(view, s, o, claim_type) == gate_of_features(feats, claim_type), (sentence, s, o)
                checked += 1
    assert checked > 20


def test_the_trigger_gate_wants_a_trigger_of_the_family_and_no_role_noun_across_and_a():
    from litclaims.extract.claims.relation_model import SentenceView, passes_trigger_gate

    def gate(sentence, types, subject, obj, claim_type):
        units = _sentence_units(sentence, types)
        index = {u.text: i for i, u in enumerate(units)}
        return passes_trigger_gate(SentenceView.of(units), index[subject], index[obj], claim_type)

    assert not gate(*GATE_SENTENCES[0], "Gefitinib", "EGFR", "inhibition")  # the role noun is the other drug's
    assert gate(*GATE_SENTENCES[1], "Rasagiline", "EGFR", "inhibition")  # "D, a G inhibitor"
    assert gate(*GATE_SENTENCES[2], "Compound-7", "ERK", "inhibition")  # a trigger between
    assert not gate(*GATE_SENTENCES[2], "Compound-7", "EGFR", "activation")  # of the other family
    assert not gate(*GATE_SENTENCES[3], "Compound-7", "EGFR", "inhibition")  # no trigger at all
    assert gate(*GATE_SENTENCES[4], "Drug-X", "TP53", "expression_up") and gate(*GATE_SENTENCES[4], "TP53", "MDM2", "interaction")
    assert gate(*GATE_SENTENCES[3], "Compound-7", "EGFR", "resistance")  # the response types are not gated
