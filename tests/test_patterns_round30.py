"""MENTION (issue 13 round 30): one mention of any type that is no slot."""

import pytest

from litclaims.extract.claims.patterns import compile_pattern, parse
from litclaims.extract.claims.rules import compile_context, load_rules


@pytest.fixture(scope="module")
def cues():
    return load_rules()[0]


def matches(pattern, encoded, cues, subject=("drug",), obj=("gene",), verbs=("enhance",)):
    compiled = compile_pattern(pattern, compile_context(cues, subject, obj, verbs))
    return [{name: m.group(name).split() for name in compiled.slot_types if m.start(name) >= 0}
            for m in compiled.regex.finditer(encoded)]


def test_mention_parses_as_its_own_element():
    assert parse("S MENTION O").children[1].kind == "mention"


def test_mention_steps_over_a_first_object_that_binds_no_slot(cues):
    pattern = "S inhibited MENTION production and VERB O"
    found = matches(pattern, " §drug inhibited §gene production and enhanced §gene expression . ", cues)
    assert found == [{"S_0": ["§drug"], "O_0": ["§gene"]}]
    # MENTION is no slot: the compiled pattern binds only S and O
    compiled = compile_pattern(pattern, compile_context(cues, ("drug",), ("gene",), ("enhance",)))
    assert set(compiled.slot_types) == {"S_0", "O_0"}


def test_mention_matches_any_type_but_no_word(cues):
    pattern = "S inhibited MENTION and VERB O"
    assert matches(pattern, " §drug inhibited §disease and enhanced §gene . ", cues)
    assert not matches(pattern, " §drug inhibited growth and enhanced §gene . ", cues)
