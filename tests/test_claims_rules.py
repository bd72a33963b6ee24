"""The rule tables and the pattern language, without the pipeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.anaphora import ANAPHORA_KEY
from litclaims.extract.claims.engine import CONFIDENCE_FILE
from litclaims.extract.claims.morphology import inflect
from litclaims.extract.claims.patterns import PatternError, compile_pattern, parse
from litclaims.extract.claims.rules import RULES_DIR, compile_context, load_rules
from litclaims.schemas.vocabulary import CLAIM_TYPES


@pytest.fixture(scope="module")
def cues():
    return load_rules()[0]


def matches(pattern: str, encoded: str, cues, subject=("gene",), obj=("drug",), verbs=()):
    compiled = compile_pattern(pattern, compile_context(cues, subject, obj, verbs))
    out = []
    for m in compiled.regex.finditer(encoded):
        out.append({name: m.group(name).split() for name in compiled.slot_types if m.start(name) >= 0})
    return out


def test_every_claim_type_has_rules():
    _, rules = load_rules()
    assert {r.claim_type for r in rules} == set(CLAIM_TYPES)
    assert len({r.rule_id for r in rules}) == len(rules)


def test_verb_forms():
    assert inflect("confer")["ed"] == ["confered", "conferred"]
    assert inflect("activate") == {"base": ["activate"], "s": ["activates"], "ed": ["activated"], "ing": ["activating"]}
    assert inflect("bind", {"bind": "bound"})["ed"] == ["bound"]


def test_gap_binds_the_nearest_subject(cues):
    found = matches("S ~6 confer* resistance to O", " §gene and §gene conferred resistance to §drug . ", cues)
    assert found == [{"S_0": ["§gene"], "O_0": ["§drug"]}]  # only the second gene reaches the verb


def test_list_slot_takes_coordinated_mentions(cues):
    found = matches("S confers resistance to O+", " §gene confers resistance to §drug , §drug and §drug . ", cues)
    assert found[0]["O_0"] == ["§drug", ",", "§drug", "and", "§drug"]


def test_list_does_not_run_into_an_appositive(cues):
    found = matches(
        "S stimulates expression of O+", " §gene stimulates expression of §gene , a potent ligand of §gene . ", cues,
        obj=("gene",),
    )
    assert found[0]["O_0"] == ["§gene"]


def test_gap_never_crosses_a_clause_break(cues):
    assert matches("S ~8 confer* resistance to O", " §gene binds ; it confers resistance to §drug . ", cues) == []


def test_variant_words(cues):
    pattern = "S VARIANT ( mutation|mutant )? ~3 sensitive to O"
    for words in ("v600e mutation", "t790m", "g12 mutant", "e746_a750del", "p780ins", "glu636fs", "rs1800566"):
        assert matches(pattern, f" §gene {words} cells were sensitive to §drug . ", cues), words
    for words in ("mutation", "cells", "600"):
        assert not matches("S VARIANT sensitive to O", f" §gene {words} sensitive to §drug . ", cues), words


def test_macros_with_ambiguous_alternatives_are_rejected(tmp_path: Path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    cues_file = rules_dir / "cues.toml"
    text = cues_file.read_text(encoding="utf-8")
    cues_file.write_text(text.replace("[macros]\n", '[macros]\nBAD_MACRO = "with|carrying|positive for"\n', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="BAD_MACRO"):
        load_rules(rules_dir)


def test_mention_edge_words_are_seen_as_words(cues):
    from litclaims.extract.claims.units import build_units
    from litclaims.schemas.records import Mention, Sentence

    text = "Patients with wild-type KRAS and the ROS1 G2032R mutation were studied in MCF-7 cells."
    sentence = Sentence("s1", "d1", 0, 0, len(text), text, None, "body", None)

    def mention(surface: str, entity_type: str) -> Mention:
        start = text.index(surface)
        return Mention(surface, "d1", "s1", start, start + len(surface), surface, entity_type, None, None, "test")

    mentions = [mention("wild-type KRAS", "gene"), mention("ROS1 G2032R mutation", "gene"), mention("MCF-7 cells", "cell_line")]
    keys = [u.key for u in build_units(sentence, mentions, cues.vague, None, cues.edges)]
    assert keys[2:5] == ["wildtype", "§gene", "and"]
    assert keys[6:9] == ["§gene", "g2032r", "mutation"]
    assert keys[-3:] == ["§cell_line", "cells", "."]
    # the mention itself keeps its whole text
    units = build_units(sentence, mentions, cues.vague, None, cues.edges)
    assert [u.text for u in units if u.mention][1] == "ROS1 G2032R mutation"


def test_multiword_alternatives_need_spaced_bars():
    with pytest.raises(PatternError):
        parse("( due to|following )")
    with pytest.raises(PatternError):
        parse("little|minimal only minor|limited")
    parse("( due to | following )")
    parse("( little|minimal ) ( effect|effects )")


def test_rule_table_errors_name_the_rule(tmp_path: Path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    (rules_dir / "zz_bad.toml").write_text(
        '[[rule]]\nid = "bad.type"\nversion = 1\nclaim_type = "cures"\nsubject = ["gene"]\nobject = ["drug"]\npatterns = ["S cures O"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="bad.type"):
        load_rules(rules_dir)


def test_fingerprint_follows_the_rule_files(tmp_path: Path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    before = ClaimEngine.load(rules_dir, CONFIDENCE_FILE).fingerprint
    assert before == ClaimEngine.load(rules_dir, CONFIDENCE_FILE).fingerprint
    path = rules_dir / "resistance.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"confer", ', '"confer", "impart", '), encoding="utf-8")
    assert ClaimEngine.load(rules_dir, CONFIDENCE_FILE).fingerprint != before


def test_confidence_comes_from_the_measured_table():
    engine = ClaimEngine.load()
    if not CONFIDENCE_FILE.exists():
        pytest.fail("extract/claims/confidence.json is missing: run litclaims eval confidence --data ../shared --write extract/claims/confidence.json")
    assert set(engine.confidence) == {r.rule_id for r in engine.rules} | {ANAPHORA_KEY}
    assert all(0.0 <= v <= 1.0 for v in engine.confidence.values())
