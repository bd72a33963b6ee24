"""The state a claim's gene argument is stated in: "EGFR T790M confers resistance to
gefitinib" -> T790M, "loss of PTEN" -> loss, "EGFR-mutant cells" -> mutation.

One job: given a sentence's units (units.py) and a gene mention of it, the state the
words around the mention give it, or "". A state is

* a sequence change written as such, as written without HGVS's "p." (T790M, V600E,
  G12C, Thr790Met, E746_A750del, M774insAYVM; "p.G12C" -> G12C), a DNA change
  (c.2573T>G), an exon change ("exon 19 deletion", "exon 14 skipping"), ITD; a
  position alone (G12, V600) only beside a mutation word ("KRAS G12 mutations");
* else one of the kinds of `schemas.vocabulary.GENE_STATE_KINDS`, from the words the
  field writes for it (`GENE_STATE_WORDS`): "EGFR mutation", "BRAF-mutant", "MET
  amplification", "HER2-amplified", "loss of PTEN", "PTEN-null", "ALK-rearranged",
  "EML4-ALK" (two genes joined by a hyphen: a fusion), "overexpression of IGF-IR",
  "cells overexpressing HER2", "high expression of ABCB1", "knockdown of IGF-IR",
  "IGF-IR siRNA", "siRNA against IGF-IR", "wild-type KRAS".

Several states are joined by ";" in text order ("EGFR L858R/T790M" -> "L858R;T790M");
a named change makes a bare mutation word redundant ("KRAS G12C mutant" -> G12C).
A state word before a list of genes, or after it, holds for every gene of the list
("loss of PTEN and RB1", "EGFR and KRAS mutations").
"""

from __future__ import annotations

import re
from typing import Sequence

from litclaims.extract.claims.units import Unit
from litclaims.schemas.records import Mention
from litclaims.schemas.vocabulary import (
    GENE_AMOUNT_STATES, GENE_STATE_KINDS, GENE_STATE_SEPARATOR, GENE_STATE_WORDS,
)

_AA = "ACDEFGHIKLMNPQRSTVWY"
_AA3 = "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val"
# A protein change as written (case kept, so "T47D" cell lines and words never match in
# lower case): substitution, stop, frameshift, in-frame indel, three-letter form.
_PROTEIN_CHANGE = re.compile(
    rf"(?:p\.)?(?:[{_AA}]\d{{1,4}}(?:[{_AA}]|\*|X|fs\*?\d*|del[{_AA}]*|ins[{_AA}]+|dup|delins[{_AA}]+"
    rf"|_[{_AA}]\d{{1,4}}(?:del[{_AA}]*|ins[{_AA}]+|dup|delins[{_AA}]+))"
    rf"|(?:{_AA3})\d{{1,4}}(?:{_AA3}|Ter|\*|fs\S*|del|dup))"
)
_POSITION = re.compile(rf"(?:p\.)?[{_AA}]\d{{1,4}}")  # "G12", "V600": only beside a mutation word
_DNA_CHANGE = re.compile(r"[cg]\.\S*\d\S*")
_NAMED_VARIANTS = {"itd": "ITD"}
_EXON_CHANGES = {"deletion": "deletion", "deletions": "deletion", "insertion": "insertion",
                 "insertions": "insertion", "skipping": "skipping", "mutation": "mutation", "mutations": "mutation",
                 "duplication": "duplication"}
# What joins the genes of a list ("PTEN and RB1", "PI3K/Akt", "EML4-ALK") and the changes
# of one gene ("L858R/T790M", "L858R and T790M").
_LIST_JOINS = frozenset({"and", "or", ",", "/", "+"})
_HIGH = frozenset({"high", "higher", "elevated", "increased"})
_LEVEL = frozenset({"expression", "levels", "level"})
_AGAINST = frozenset({"against", "targeting", "to"})
# "ALK harboring the F1174L mutation", "ERBB2 with an R678Q mutation"
_CARRYING = frozenset({"harboring", "harbouring", "carrying", "bearing", "containing", "with"})
_KNOCKDOWN_AGENTS = frozenset({"sirna", "sirnas", "shrna", "shrnas", "antisense"})
# Claim types whose object is what changes: an amount state there is the claim's effect.
_AMOUNT_CLAIMS = frozenset({"expression_up", "expression_down"})
_AFTER_WINDOW = 8
_KINDS = frozenset(GENE_STATE_KINDS)


def claim_states(units: Sequence[Unit], claim_type: str, subject: Mention, obj: Mention) -> dict[str, str]:
    """The Claim fields `subject_state` and `object_state` of one claim."""
    object_state = gene_state(units, obj)
    if claim_type in _AMOUNT_CLAIMS:
        object_state = GENE_STATE_SEPARATOR.join(
            s for s in object_state.split(GENE_STATE_SEPARATOR) if s and s not in GENE_AMOUNT_STATES
        )
    return {"subject_state": gene_state(units, subject), "object_state": object_state}


def anaphor_state(own: str, antecedent: str) -> str:
    """The state of a resolved anaphor: what its own words name when that is a sequence
    change or a kind of its own ("the S492R mutation" -> S492R, "the amplification" ->
    amplification), else the state its antecedent was stated in ("a G724S mutation in
    the EGFR gene. This mutation ..." -> G724S; "MET amplification ... The patient ..."
    -> amplification)."""
    parts = [s for s in own.split(GENE_STATE_SEPARATOR) if s]
    if not antecedent or any(s != "mutation" for s in parts):
        return own
    return antecedent


def gene_state(units: Sequence[Unit], mention: Mention) -> str:
    """The state the sentence states `mention` (a gene) in, or ""."""
    if mention.entity_type != "gene":
        return ""
    index = next((i for i, u in enumerate(units) if u.mention is mention), -1)
    if index < 0:
        return ""  # a drug class's target gene ("aromatase inhibitors") has no state
    first, last = _gene_list(units, index)
    after = _after(units, last)
    if last != index:  # a change after a list names its last gene only ("EGFR and KRAS G12C")
        after = [s for s in after if s in _KINDS]
    found = _inside(units[index]) + _before(units, first) + _fusion(units, index) + after
    if first >= 1 and units[first - 1].key in _HIGH and last + 1 < len(units) and units[last + 1].key in _LEVEL:
        found.append("overexpression")  # "high EGFR expression"
    return _joined(found)


def _gene_list(units: Sequence[Unit], index: int) -> tuple[int, int]:
    """The first and last unit of the list of genes `index` is in ("PTEN and RB1")."""
    first = last = index
    while first >= 2 and units[first - 1].key in _LIST_JOINS and units[first - 2].entity_type == "gene":
        first -= 2
    while last + 2 < len(units) and units[last + 1].key in _LIST_JOINS and units[last + 2].entity_type == "gene":
        last += 2
    return first, last


def _inside(unit: Unit) -> list[str]:
    """States written inside the mention after its name ("IGF-IR siRNA", "the S492R
    mutation" as a resolved anaphor); the name itself ("S6K") is never one."""
    return [s for word in unit.text.split()[1:] for s in _word_states(word)]


def _before(units: Sequence[Unit], first: int) -> list[str]:
    """"loss of PTEN", "mutant KRAS", "wild-type KRAS", "V600E BRAF", "siRNA against
    IGF-IR", "cells overexpressing HER2", "a T790M mutation in EGFR"."""
    i = first - 1
    if i >= 1 and units[i].key in ("the", "a", "an") and units[i - 1].key in ("of", "in", "within"):
        i -= 1
    if i < 0 or units[i].is_entity:
        return []
    word = units[i]
    if word.key == "type" and i >= 1 and units[i - 1].key == "wild":
        return ["wild-type"]
    if word.key in ("of", "in", "within"):
        return _noun_before(units, i - 1) if i >= 1 else []
    if word.key in _AGAINST:
        agent = i - 2 if i >= 2 and units[i - 1].key == "directed" else i - 1
        return ["knockdown"] if agent >= 0 and units[agent].key in _KNOCKDOWN_AGENTS else []
    if _is_change(word.text):
        return _changes_before(units, i)
    states = _word_states(word.text)
    if word.key == "overexpressing" or (states and _is_adjective(word.key)):
        return states
    return []


def _changes_before(units: Sequence[Unit], i: int) -> list[str]:
    """The changes of a run that ends at `i`, in text order: "H1968Y or P2213S mTOR"."""
    changes = [units[i].text.removeprefix("p.")]
    while i >= 2 and units[i - 1].key in _LIST_JOINS and _is_change(units[i - 2].text):
        i -= 2
        changes.insert(0, units[i].text.removeprefix("p."))
    return changes


def _noun_before(units: Sequence[Unit], i: int) -> list[str]:
    """The state a noun before "of" / "in" names: "loss of", "mutations in", "T790M mutation
    in", "exon 19 deletion in", "high levels of"."""
    noun = units[i]
    if noun.is_entity:
        return []
    if noun.key in _LEVEL:
        return ["overexpression"] if i >= 1 and units[i - 1].key in _HIGH else []
    kind = GENE_STATE_WORDS.get(noun.key)
    if kind is None or kind == "wild-type":
        return _word_states(noun.text) if _is_change(noun.text) else []
    if i >= 2 and units[i - 2].key == "exon" and units[i - 1].key.isdigit() and noun.key in _EXON_CHANGES:
        return [f"exon {units[i - 1].key} {_EXON_CHANGES[noun.key]}"]
    if i >= 1 and _is_change(units[i - 1].text):
        return _word_states(units[i - 1].text)
    return [kind]


def _fusion(units: Sequence[Unit], index: int) -> list[str]:
    """"EML4-ALK": a gene joined to another by a bare hyphen (units.py reads it as "/")."""
    for j, k in ((index - 1, index - 2), (index + 1, index + 2)):
        if 0 <= k < len(units) and units[j].text in ("-", "–") and units[k].entity_type == "gene":
            return ["fusion"]
    return []


def _after(units: Sequence[Unit], last: int) -> list[str]:
    """"EGFR T790M", "KRAS G12C mutant", "EGFR-mutant", "EGFR L858R/T790M mutations",
    "EGFR exon 19 deletion", "MET amplification", "PTEN loss", "IGF-IR knockdown"."""
    found: list[str] = []
    positions: list[str] = []
    k = last + 1
    end = min(len(units), last + 1 + _AFTER_WINDOW)
    if k < end and units[k].key in ("-", "–", "("):
        k += 1
    while k < end and not units[k].is_entity:
        u = units[k]
        states = _word_states(u.text)
        if u.key == "exon" and k + 2 < len(units) and units[k + 1].key.isdigit() and units[k + 2].key in _EXON_CHANGES:
            found.append(f"exon {units[k + 1].key} {_EXON_CHANGES[units[k + 2].key]}")
            k += 2
        elif _POSITION.fullmatch(u.text) and not _PROTEIN_CHANGE.fullmatch(u.text):
            positions.append(u.text.removeprefix("p."))
        elif states:
            found += states
        elif u.key == "wild" and k + 1 < len(units) and units[k + 1].key == "type":
            found.append("wild-type")
            k += 1
        elif u.key in _HIGH and k + 1 < len(units) and units[k + 1].key in _LEVEL:
            found.append("overexpression")  # "CD73 high expression"
            k += 1
        elif u.key in _CARRYING and not found:
            # "ALK harboring the F1174L mutation": only a named change is taken this way
            k += 2 if k + 1 < len(units) and units[k + 1].key in ("a", "an", "the") else 1
            if not _continues(units, k):
                break
            continue
        elif u.key not in ("gene", "genes") and (
                not (u.key in _LIST_JOINS or u.key == ")") or not _continues(units, k + 1)):
            break
        k += 1
    if positions and "mutation" in found:  # "KRAS G12 mutations": a position names a change only here
        found = positions + found
    return found


def _continues(units: Sequence[Unit], k: int) -> bool:
    """A join is inside the run of states when a sequence change follows it ("L858R/T790M")."""
    return k < len(units) and not units[k].is_entity and (_is_change(units[k].text) or bool(_POSITION.fullmatch(units[k].text)))


def _is_change(text: str) -> bool:
    return bool(_PROTEIN_CHANGE.fullmatch(text) or _DNA_CHANGE.fullmatch(text))


def _is_adjective(key: str) -> bool:
    """State words that stand before a gene ("mutant KRAS", "amplified MYC", "wildtype KRAS")."""
    return key.endswith(("ed", "ant")) or key in ("wildtype", "wt", "null")


def _word_states(text: str) -> list[str]:
    """The states one word names: a change, a kind word, or the parts of a hyphenated
    word ("T790M-mutant" -> T790M, mutation)."""
    if _is_change(text):
        return [text.removeprefix("p.")]
    key = text.lower().replace("-", "").replace("’", "'")
    if key in _NAMED_VARIANTS:
        return [_NAMED_VARIANTS[key]]
    if key in GENE_STATE_WORDS:
        return [GENE_STATE_WORDS[key]]
    parts = [p for p in re.split(r"[-–]", text) if p]
    if len(parts) > 1:
        return [s for p in parts for s in _word_states(p)]
    return []


def _joined(states: list[str]) -> str:
    """The states once each, in order; a named change makes a bare "mutation" redundant."""
    out: list[str] = []
    for s in states:
        if s not in out:
            out.append(s)
    if any(s not in _KINDS for s in out):
        out = [s for s in out if s != "mutation"]
    return GENE_STATE_SEPARATOR.join(out)
