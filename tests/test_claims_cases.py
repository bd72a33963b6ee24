"""One-sentence claim cases from tests/cases/claims.toml, each run through the
production extractor (the session's `claims_of` fixture).

The table's header says what each key means. The expected values are checked
against the project's vocabulary (claim types, certainty and evidence levels,
rule ids) so that a typo in the table cannot make a case silently weaker.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, get_args

import pytest

from litclaims.extract.claims.rules import load_rules
from litclaims.schemas.records import Certainty, Claim, Evidence
from litclaims.schemas.vocabulary import CLAIM_TYPES

CASES_FILE = Path(__file__).parent / "cases" / "claims.toml"

CASE_KEYS = {"id", "phenomenon", "text", "match", "claims", "absent", "only", "exhaustive", "no_claims", "xfail"}
# Keys that pick claims; in `claims` entries the others are checked on every picked claim.
PICK_KEYS = ("type", "subject", "object", "negated")
QUALIFIER_KEYS = ("certainty", "evidence", "disease", "cell_lines", "rule", "subject_state", "object_state")
EXPECTATION_KEYS = ("claims", "absent", "only", "exhaustive", "no_claims")
MATCH_MODES = ("text", "casefold", "gene")


def load_cases() -> list[dict[str, Any]]:
    with CASES_FILE.open("rb") as handle:
        return tomllib.load(handle)["case"]


CASES = load_cases()


# --- what a claim looks like to the table ----------------------------------------------


def _name(claim: Claim, role: str, mode: str) -> str:
    mention = claim.subject if role == "subject" else claim.object
    if mode == "text":
        return mention.text
    if mode == "gene" and role == "subject":
        return (mention.entity_name or mention.text).split()[0].lower()
    return mention.text.lower()


def claim_row(claim: Claim, mode: str) -> dict[str, Any]:
    return {
        "type": claim.claim_type,
        "subject": _name(claim, "subject", mode),
        "object": _name(claim, "object", mode),
        "negated": claim.negated,
        "certainty": claim.certainty,
        "evidence": claim.evidence,
        "disease": claim.disease,
        "cell_lines": list(claim.cell_lines),
        "rule": claim.rule,
        "subject_state": claim.subject_state,
        "object_state": claim.object_state,
    }


def _picks(row: dict[str, Any], entry: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return all(row[key] == entry[key] for key in keys if key in entry)


def _show(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "  (no claims)"
    return "\n".join(
        f"  {r['type']} {r['subject']!r} -> {r['object']!r} negated={r['negated']} {r['certainty']} {r['evidence']}"
        f" disease={r['disease']!r} cell_lines={r['cell_lines']} rule={r['rule']}"
        for r in rows
    )


# --- checking one case ---------------------------------------------------------------------


def case_problems(case: dict[str, Any], claims: list[Claim]) -> list[str]:
    """Every way the claims fall short of the case (empty when they meet it)."""
    rows = [claim_row(c, case.get("match", "text")) for c in claims]
    problems: list[str] = []
    if case.get("no_claims") and rows:
        problems.append(f"expected no claim, got {len(rows)}")
    for claim_type in case.get("only", []):
        n = sum(r["type"] == claim_type for r in rows)
        if n != 1:
            problems.append(f"expected exactly one {claim_type} claim, got {n}")
    for want in case.get("claims", []):
        picked = [r for r in rows if _picks(r, want, PICK_KEYS)]
        if not picked:
            problems.append(f"missing claim {want}")
        for key in QUALIFIER_KEYS:
            if key in want and any(r[key] != want[key] for r in picked):
                problems.append(f"{key}: expected {want[key]!r} on every claim picked by {want}")
    for unwanted in case.get("absent", []):
        if any(_picks(r, unwanted, tuple(unwanted)) for r in rows):
            problems.append(f"unwanted claim {unwanted}")
    for scope in case.get("exhaustive", []):
        got = {(r["type"], r["subject"], r["object"]) for r in rows if _picks(r, scope, PICK_KEYS)}
        listed = {
            (w["type"], w["subject"], w["object"])
            for w in case.get("claims", [])
            if _picks(w, scope, PICK_KEYS) and all(k in w for k in ("type", "subject", "object"))
        }
        if got != listed:
            problems.append(f"claims picked by {scope}: extra {sorted(got - listed)}, missing {sorted(listed - got)}")
    return problems


def _param(case: dict[str, Any]):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_claim_case(claims_of, case):
    claims = claims_of(case["text"])
    problems = case_problems(case, claims)
    rows = [claim_row(c, case.get("match", "text")) for c in claims]
    assert not problems, (
        f"{case['phenomenon']}\n{case['text']}\n" + "\n".join(problems) + "\nthe extractor returned:\n" + _show(rows)
    )


# --- the table itself ------------------------------------------------------------------------


def table_problems(cases: list[dict[str, Any]]) -> list[str]:
    """Malformed cases: unknown keys (a typo would silently drop a check), values
    outside the project's vocabulary, cases that check nothing."""
    rule_ids = {rule.rule_id for rule in load_rules()[1]}
    allowed = {
        "type": set(CLAIM_TYPES),
        "certainty": set(get_args(Certainty)),
        "evidence": set(get_args(Evidence)),
        "rule": rule_ids,
    }
    problems: list[str] = []
    seen: set[str] = set()
    for n, case in enumerate(cases):
        name = case.get("id", f"case {n}")
        if name in seen:
            problems.append(f"{name}: id used twice")
        seen.add(name)
        problems += [f"{name}: unknown key {key!r}" for key in set(case) - CASE_KEYS]
        problems += [f"{name}: no {key}" for key in ("id", "phenomenon", "text") if not case.get(key)]
        if not any(case.get(key) for key in EXPECTATION_KEYS):
            problems.append(f"{name}: checks nothing")
        if case.get("match", "text") not in MATCH_MODES:
            problems.append(f"{name}: match must be one of {MATCH_MODES}")
        if case.get("match", "text") != "text":
            # these modes compare in lower case: a capital letter would make an `absent` entry vacuous
            problems += [
                f"{name}: {group}: {key} {entry[key]!r} must be lower case under match = {case['match']!r}"
                for group in ("claims", "absent", "exhaustive")
                for entry in case.get(group, [])
                for key in ("subject", "object")
                if key in entry and entry[key] != entry[key].lower()
            ]
        problems += [f"{name}: only: unknown claim type {t!r}" for t in case.get("only", []) if t not in CLAIM_TYPES]
        for group, keys in (("claims", PICK_KEYS + QUALIFIER_KEYS), ("absent", PICK_KEYS + QUALIFIER_KEYS),
                            ("exhaustive", PICK_KEYS)):
            for entry in case.get(group, []):
                if not entry:
                    problems.append(f"{name}: empty {group} entry")
                problems += [f"{name}: {group}: unknown key {key!r}" for key in set(entry) - set(keys)]
                problems += [
                    f"{name}: {group}: {key} {value!r} is not one of {sorted(allowed[key])}"
                    for key, value in entry.items()
                    if key in allowed and value not in allowed[key]
                ]
    return problems


def test_case_table_is_well_formed():
    assert table_problems(CASES) == []


def test_table_checks_catch_a_wrong_expectation():
    """The checker itself: a claim that differs from a case in any one picked or
    checked key is reported, and the vocabulary check rejects a misspelt type."""
    from tests.records_factory import make_extraction

    claim = make_extraction().claims[0]
    row = claim_row(claim, "text")
    exact = {key: row[key] for key in PICK_KEYS + QUALIFIER_KEYS}
    case = {"id": "x", "phenomenon": "x", "text": "x", "claims": [exact]}
    assert case_problems(case, [claim]) == []
    for key, wrong in (("type", "interaction"), ("subject", "nothing"), ("negated", not row["negated"]),
                       ("evidence", "in_vivo" if row["evidence"] != "in_vivo" else "clinical"),
                       ("subject_state", row["subject_state"] + "T790M")):
        assert case_problems({**case, "claims": [{**exact, key: wrong}]}, [claim]), key
    assert case_problems({**case, "absent": [{"type": row["type"]}]}, [claim])
    assert case_problems({**case, "no_claims": True}, [claim])
    in_vocabulary = {key: value for key, value in exact.items() if key != "rule"}  # the factory's rule is made up
    assert table_problems([{**case, "claims": [in_vocabulary]}]) == []
    assert table_problems([{**case, "claims": [{**in_vocabulary, "type": "resistence"}]}])
    assert table_problems([{**case, "claims": [{**in_vocabulary, "evidance": "clinical"}]}])
    lower = {"id": "x", "phenomenon": "x", "text": "x", "match": "casefold", "absent": [{"subject": "igf-ir"}]}
    assert table_problems([lower]) == []
    assert table_problems([{**lower, "absent": [{"subject": "IGF-IR"}]}])
