"""Claim filters for tests that read claims: by type, subject and object, or as pairs."""

from __future__ import annotations


def claim_hits(claims, claim_type: str, subject: str, obj: str, negated: bool = False) -> list:
    """Claims of `claim_type` (negated or not, as asked) whose subject's preferred name (else
    its text) is `subject` and whose object's text is `obj`, both compared without case."""
    return [
        c for c in claims
        if c.claim_type == claim_type and c.negated == negated
        and (c.subject.entity_name or c.subject.text).upper() == subject.upper()
        and c.object.text.lower() == obj.lower()
    ]


def claim_pairs(claims, claim_type: str, rule: str | None = None) -> set[tuple[str, str]]:
    """(subject text, object text) of the non-negated claims of `claim_type` (of `rule`, if given)."""
    return {
        (c.subject.text, c.object.text)
        for c in claims
        if c.claim_type == claim_type and not c.negated and (rule is None or c.rule == rule)
    }
