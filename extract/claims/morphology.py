"""English verb forms for the rule tables, so a rule lists "inhibit" once and
matches inhibits / inhibited / inhibiting too.

A verb entry may be several words ("contribute to", "lead to"): only the first
word is inflected. Irregular past forms come from the cue table (`[irregular]`).
"""

from __future__ import annotations

from typing import Mapping

_VOWELS = set("aeiou")
FORM_KINDS = ("any", "finite", "base", "pp", "ing")


def inflect(word: str, irregular: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """base / s / ed / ing forms of one verb (several where spelling varies)."""
    w = word.lower()
    irregular = irregular or {}
    if w.endswith("e") and not w.endswith("ee"):
        stem = w[:-1]
        forms = {"base": [w], "s": [w + "s"], "ed": [stem + "ed"], "ing": [stem + "ing"]}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in _VOWELS:
        forms = {"base": [w], "s": [w[:-1] + "ies"], "ed": [w[:-1] + "ied"], "ing": [w + "ing"]}
    elif w.endswith(("s", "sh", "ch", "x", "z")):
        forms = {"base": [w], "s": [w + "es"], "ed": [w + "ed"], "ing": [w + "ing"]}
    else:
        forms = {"base": [w], "s": [w + "s"], "ed": [w + "ed"], "ing": [w + "ing"]}
        # confer -> conferred, abut -> abutted: allow the doubled consonant too.
        if len(w) > 2 and w[-1] not in _VOWELS | {"w", "x", "y"} and w[-2] in _VOWELS and w[-3] not in _VOWELS:
            forms["ed"].append(w + w[-1] + "ed")
            forms["ing"].append(w + w[-1] + "ing")
    if w in irregular:
        forms["ed"] = [f for f in irregular[w].split("|") if f]
    return forms


def verb_fragments(entry: str, kind: str, irregular: Mapping[str, str] | None = None) -> list[str]:
    """DSL fragments for one verb entry in one form kind ("any", "finite", "base",
    "pp", "ing"): "contribute to" / "finite" -> ["contribute|contributes|contributed to"]."""
    if kind not in FORM_KINDS:
        raise ValueError(f"unknown verb form {kind!r}; use one of {FORM_KINDS}")
    first, _, rest = entry.strip().partition(" ")
    forms = inflect(first, irregular)
    if kind == "any":
        words = forms["base"] + forms["s"] + forms["ed"] + forms["ing"]
    elif kind == "finite":
        words = forms["base"] + forms["s"] + forms["ed"]
    elif kind == "base":
        words = forms["base"] + forms["s"]
    elif kind == "pp":
        words = forms["ed"]
    else:
        words = forms["ing"]
    seen: list[str] = []
    for w in words:
        if w not in seen:
            seen.append(w)
    head = "|".join(seen)
    return [f"{head} {rest}".strip()]
