""""respectively": a rule that paired a list of subjects with a list of objects of the
same length keeps only the pairs in the same position.

"KRAS and BRAF mutations conferred resistance to cetuximab and vemurafenib,
respectively" matches once with two subjects and two objects; without this step
every subject takes every object (four claims, two of them wrong). The pairing
applies to the claims one rule made of one sentence when they are exactly the
cross product of n subjects and n objects (n > 1) and the sentence says
"respectively"; anything else is left as it is.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Sequence

from litclaims.schemas.records import Claim

RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def pair_respectively(claims: Sequence[Claim], sentence_text: str) -> list[Claim]:
    """The claims of one sentence, list-by-list matches paired position by position."""
    if len(claims) < 4 or not RESPECTIVELY.search(sentence_text):
        return list(claims)
    groups: dict[tuple[str, str, bool], list[Claim]] = defaultdict(list)
    for claim in claims:
        groups[(claim.rule, claim.claim_type, claim.negated)].append(claim)
    crossed = set()
    for group in groups.values():
        crossed.update(_unaligned(group))
    return [c for c in claims if id(c) not in crossed]


def _unaligned(group: Sequence[Claim]) -> set[int]:
    """ids of the claims off the diagonal of a full n x n cross product (n > 1)."""
    subjects = sorted({(c.subject.start, c.subject.end) for c in group})
    objects = sorted({(c.object.start, c.object.end) for c in group})
    pairs = {((c.subject.start, c.subject.end), (c.object.start, c.object.end)) for c in group}
    n = len(subjects)
    if n < 2 or len(objects) != n or len(pairs) != n * n:
        return set()
    position = {span: i for i, span in enumerate(subjects)}
    target = {span: i for i, span in enumerate(objects)}
    return {id(c) for c in group
            if position[(c.subject.start, c.subject.end)] != target[(c.object.start, c.object.end)]}
