"""Which sentences the claim engine reads (issue 12).

Not the reference list, not the front matter (authors, affiliations, journal
and licence lines: surnames read as genes, postcodes as cell lines), and not
a Methods sentence that says where a material came from: "X were purchased
from Sigma (St. Louis, MO)", "antibodies against IGF-1R were from Cell
Signaling", "was a gift from Dr. Smith", catalogue numbers. Captions keep
their claims; the sentence's `heading_kind` says they are captions.

Counted before writing the rule, over the sentences of the seeds, the eight
JATS papers and the ten PDFs of ../shared (docs/ingest.md): every
"purchased/obtained/acquired/received ... from <Name>", "were from <Name>" and
"gift(s) from/of" sentence with a capitalised source stood in a Methods
section (55 sentences; one claim among them, "AG1478 ... were purchased from
Biomol": an inhibitor's target named in its reagent line); the same verbs
with a lower-case source ("data obtained from clinical trials") are findings
and stay. So the rule reads Methods sections only and wants a named source.

Two more kinds of Methods sentence state no finding (issue 13, round 11, read on the
eight JATS papers: 14 claims from them, all wrong): a recipe that lists reagents with
their amounts ("lysed in buffer containing 50 mM Tris-HCl, 150 mM NaCl, 10 ug/ml soybean
trypsin inhibitor, 1 mM PMSF ...": "trypsin inhibitor" made DTT and leupeptin inhibitors
of trypsin) and a sentence that says how a figure was computed ("The fold increase of p53
by HRASV12 was determined by the activity of ..."). A recipe has at least three amounts
with a unit; the computation is "was/were determined/calculated/quantified by|as".
"""

from __future__ import annotations

import re

from litclaims.schemas.records import Sentence

NOT_CLAIMED_KINDS = frozenset({"references", "front_matter"})
SUPPLIER = re.compile(
    r"\b(?:(?:purchased|obtained|bought|acquired|received|supplied|provided|ordered)\s+(?:\w+\s+)?(?:from|by)"
    r"|(?:were|was)\s+(?:all\s+|also\s+)?from"
    r"|gifts?\s+(?:from|of))"
    r"\s+(?:the\s+)?(?:[A-Z]|Drs?\b)"
)
AMOUNT = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:[mµμunp]M|M|mg/ml|[µμun]g/ml|mg/mL|[µμun]g/mL|U/ml|units/ml|%)(?![\w/])"
)
COMPUTED = re.compile(r"\b(?:was|were|is|are)\s+(?:then\s+)?(?:determined|calculated|quantified|quantitated|normali[sz]ed)\s+(?:by|as)\b")
CATALOGUE_NUMBER = re.compile(r"\b(?:cat(?:alog(?:ue)?)?\.?\s*(?:no\.?|number|#)|catalog(?:ue)?\s+number)\s*:?\s*\w", re.I)


def is_claimable(sentence: Sentence) -> bool:
    """Does the claim engine read this sentence?"""
    if sentence.section_kind == "references" or sentence.heading_kind in NOT_CLAIMED_KINDS:
        return False
    return not (sentence.heading_kind == "methods" and (is_supplier_sentence(sentence.text) or is_protocol_sentence(sentence.text)))


def is_supplier_sentence(text: str) -> bool:
    """A reagent or supplier sentence: where a material came from, or its catalogue number."""
    return bool(SUPPLIER.search(text) or CATALOGUE_NUMBER.search(text))


def is_protocol_sentence(text: str) -> bool:
    """A Methods recipe (three or more amounts with a unit) or how a figure was computed."""
    return len(AMOUNT.findall(text)) >= 3 or bool(COMPUTED.search(text))
