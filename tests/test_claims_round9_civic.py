"""Issue 13, round 9b (CIViC resistance and sensitization), through the real pipeline.

A disease mention made only of generic words ("tumor", "cell death") is read as words
(`generic` of `[mention_edges.disease]` in cues.toml), so the clinical and cell-line
rules that spell these words out match again; a specific disease ("neuroblastoma",
"breast cancer") stays a mention, and the claim's `disease` qualifier is unchanged.
"""

from __future__ import annotations

from litclaims.extract.claims.rules import CUES_FILE, RULES_DIR, load_cues
from litclaims.extract.claims.units import build_units
from litclaims.schemas.records import Mention, Sentence
from tests.claim_hits import claim_hits


def test_undergo_cell_death_when_cell_death_is_a_disease_mention(claims_of):
    # CIViC train EID1327: the tagger marks "death" as a disease, which hid "undergo cell
    # death when treated with" from sensitization.drug_effect
    claims = claims_of(
        "The SH-SY5Y neuroblastoma cell line containing the F1174L ALK mutation was found to "
        "undergo cell death when treated with the ALK/IGF1R inhibitor AZD3463."
    )
    hits = claim_hits(claims, "sensitization", "ALK", "AZD3463")
    assert hits
    assert hits[0].subject_state == "F1174L"
    # the specific disease is still the claim's disease qualifier
    assert hits[0].disease == "neuroblastoma"


def test_not_undergoing_cell_death_stays_negated(claims_of):
    claims = claims_of(
        "Breast cancer cells harboring PIK3CA mutations were not found to undergo cell death "
        "when treated with alpelisib."
    )
    assert not claim_hits(claims, "sensitization", "PIK3CA", "alpelisib")
    assert claim_hits(claims, "sensitization", "PIK3CA", "alpelisib", negated=True)


def _units(text: str, diseases: tuple[str, ...]):
    sentence = Sentence("s0", "d", 0, 0, len(text), text, None, "body", None)
    mentions = []
    for surface in diseases:
        start = text.index(surface)
        mentions.append(Mention(f"m{start}", "d", "s0", start, start + len(surface), surface, "disease",
                                f"MESH:{surface}", surface, "test"))
    cues = load_cues(RULES_DIR / CUES_FILE)
    return build_units(sentence, mentions, cues.vague, None, cues.edges)


def test_generic_disease_mentions_become_words():
    units = _units("Vandetanib led to tumor regression in breast cancer xenografts.", ("tumor", "breast cancer"))
    keys = [u.key for u in units]
    assert "tumor" in keys and "regression" in keys
    entities = [u.text for u in units if u.is_entity]
    assert entities == ["breast cancer"]


def test_disease_progression_stays_a_mention():
    # "progression" is left out of the generic words on purpose (see cues.toml)
    units = _units("Patients had a longer time to disease progression.", ("disease progression",))
    assert [u.text for u in units if u.is_entity] == ["disease progression"]
