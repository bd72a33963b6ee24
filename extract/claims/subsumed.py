"""A response_association claim on a pair that an asserted resistance or sensitization
claim of the same sentence already relates is dropped, negated or not.

"BRAF V600E was associated with improved response to vemurafenib" matches the
association rule ("associated with ... response to") and the sensitization rule
("associated with improved response"); the spec's response_association is for a
link whose direction the sentence does not give, so the directional claim stands
alone. Counted on the CIViC 2018 train statements: 39 pairs got both; the
directional claim agreed with the curated direction on every one about the row's
gene and drug (26); the seed corpus has no such pair. "KRAS mutation predicts lack of
response to cetuximab" is resistance, not also a negated association.
"""

from __future__ import annotations

from typing import Sequence

from litclaims.schemas.records import Claim

DIRECTIONAL = frozenset({"resistance", "sensitization"})


def drop_subsumed_associations(claims: Sequence[Claim]) -> list[Claim]:
    """The claims of one sentence without the associations a directional claim states."""
    directional = {_pair(c) for c in claims if c.claim_type in DIRECTIONAL and not c.negated}
    if not directional:
        return list(claims)
    return [c for c in claims if c.claim_type != "response_association" or _pair(c) not in directional]


def _pair(claim: Claim) -> tuple[int, int, int, int]:
    return (claim.subject.start, claim.subject.end, claim.object.start, claim.object.end)
