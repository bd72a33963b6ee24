"""Gene mentions that name no claim argument in their sentence (issue 13 round 21).

Full papers name their lab tools, protein parts and enzyme activities with words the
gene tagger types as genes, and the training corpora do too: BC2GM annotates "GST" of
"GST fusion proteins", "SH2" of "SH2 domain", "tyrosine kinase" of "tyrosine kinase
activity" as gene names. So the names stay (NER, grounding, the mentions table); only
the claim rules read these mentions as plain words:

* an epitope tag or reporter used as a tag: "GST-KSRP", "GST alone", "V5-tagged";
* a reagent the grounding does not name a gene for: "anti-FLAG antibody", a control
  IgG, "protein A-protein G" ("anti-EGFR antibodies" stay: a therapy in CIViC);
* a protein domain: a bare domain name ("the KH1", "SH3"), or an ungrounded name or a
  lower-case description before "domain(s) / motif(s) / repeat(s)" ("pleckstrin
  homology (PH) domain"); "the ALK kinase domain" keeps ALK;
* an enzyme activity or treatment named by its class only: "lipid kinase activity",
  "intrinsic GTPase activity", "treated with phosphatase";
* a name cut before a coordination: "beta-" of "beta- and gamma-catenins";
* the other molecules of a gene named by the gene ("E-cadherin-associated proteins",
  "HuR target mRNAs": a class, not the gene; issue 13 round 23).

And one mention that is no claim's subject (`is_vague_subject`): a class named by its
role ("GEFs", "GPCRs", "RTKs"; issue 13, thirteenth session).

Counted in docs/claims.md, round 21: on the eight JATS papers 31 of 494 claims bind such
a mention; in the train texts of the relation corpora the final form reads 11 sentences'
mentions as words (ChemProt 5, BioRED 4, CIViC 2).
"""

from __future__ import annotations

import re
from typing import Sequence

from litclaims.schemas.records import Mention

# Tags and reporters a construct is named with. The fluorescent reporters are always
# tags; the others only in a tag context ("Myc" and "GST" are also genes).
_REPORTERS = frozenset("gfp egfp yfp eyfp cfp ecfp rfp mcherry".split())
_TAGS = _REPORTERS | frozenset("gst ha flag v5 myc his his6 mbp tap strep".split())
_TAGGED = re.compile(r"^\w+[-–]tag(?:ged)?$", re.I)
# Words after a tag that show it is one: "GST fusion proteins", "GST alone", "GST pull-down".
_TAG_WORDS = frozenset("tag tags tagged fusion fusions alone pulldown pulldowns beads sepharose agarose".split())
_TAG_PROTEIN_WORDS = frozenset("protein proteins".split())
_TAGS_WITH_PROTEIN = _REPORTERS | frozenset({"gst", "mbp"})

_REAGENT = re.compile(
    r"antibod(?:y|ies)|\bcIgG\b|\bcontrol IgG\b|^protein [AG]\b",
    re.I,
)

# Domain names written bare ("the KH1", "SH3").
_DOMAIN_NAME = re.compile(r"^(?:PH|SH2|SH3|PDZ\d?|KH\d(?:-\d)?)$")
# A domain described in lower-case words ("pleckstrin homology", grounded to PLEK):
# a gene's own name before "domain" ("the ALK kinase domain mutation", "the
# calcium-binding EGF domain") stays, since it names the gene a claim is about.
_DESCRIPTION = re.compile(r"^[a-z][a-z\s-]*$")
_DOMAIN_WORDS = frozenset("domain domains motif motifs repeat repeats".split())

# An enzyme named by its class only.
_ENZYME_CLASS = re.compile(
    r"^(?:(?:lipid|protein|tyrosine|tyrosine-specific|serine/threonine|serine|threonine|intrinsic)\s+)?"
    r"(?:kinase|phosphatase|gtpase|atpase)s?$",
    re.I,
)
_ACTIVITY_WORDS = frozenset("activity activities treatment".split())

# Other molecules named by their gene: "E-cadherin-associated proteins", "HuR target
# mRNAs" ("fatty-acid binding protein" is one protein's name: "binding" is not here).
_OTHERS_OF = re.compile(r"\S[-–\s](?:associated|interacting|target)\s+(?:proteins|genes|mRNAs|transcripts)$", re.I)

# A name cut before a coordination: a Greek letter or one Latin letter and a hyphen.
_CUT = re.compile(r"^(?:[α-ωΑ-Ω]|alpha|beta|gamma|delta|kappa|[A-Za-z])[-–]$", re.I)
_COORDINATION = frozenset({"and", "or", ","})


# FamPlex classes named by what their members do, not by kinship: "GEFs such as Sos",
# "several GPCRs", "ERK activation by RTKs". As a subject such a class is a vague subject,
# which the spec does not take for an entity; as an object it stays ("imatinib inhibits
# RTKs": a drug's targets named as a class, which ChemProt relates). Issue 13 rounds 23
# and 25: on the eight JATS papers every claim with such a subject was wrong.
ROLE_CLASSES = frozenset({"FPLX:GEF", "FPLX:GAP", "FPLX:GPCR", "FPLX:RTK", "FPLX:RSTK"})


def is_vague_subject(mention: Mention) -> bool:
    """A subject mention that names a class by its role (ROLE_CLASSES)."""
    return mention.entity_id in ROLE_CLASSES


def non_argument_indexes(units: Sequence, text: str) -> tuple[set[int], set[int]]:
    """The gene mention units of a sentence that name no claim argument: (indexes to
    read as words, indexes to drop). A cut name is dropped with the commas and "and"
    after it, so the list it stood in keeps its other members ("complex with beta-,
    gamma-, and alpha-catenins" reads "complex with alpha-catenins"). `units` are
    units.Unit (words lower-cased, hyphens dropped); `text` the sentence."""
    out: set[int] = set()
    dropped: set[int] = set()
    tag_names = _tags_in_tag_context(units, text)
    for i, u in enumerate(units):
        if u.entity_type != "gene":
            continue
        name = u.text.strip()
        low = name.lower()
        after = _next_word(units, i)
        if low in _REPORTERS or _TAGGED.match(name) or low in tag_names:
            out.add(i)
        elif _REAGENT.search(name) and not _grounded(u) and (_names_no_gene(name) or _LAB_WORDS.search(name)):
            out.add(i)
        elif _DOMAIN_NAME.match(name) or (after in _DOMAIN_WORDS and (_DESCRIPTION.match(name)
                                                                      or (not _grounded(u) and _names_no_gene(name)))):
            out.add(i)
        elif _ENZYME_CLASS.match(name) and (after in _ACTIVITY_WORDS or _before(units, i) == "with"):
            out.add(i)
        elif _OTHERS_OF.search(name):
            out.add(i)
        elif _CUT.match(name) and after in _COORDINATION:
            dropped.add(i)
            j = i + 1
            while j < len(units) and units[j].key in _COORDINATION:
                dropped.add(j)
                j += 1
    return out, dropped


def _tags_in_tag_context(units: Sequence, text: str) -> set[str]:
    """The tag names the sentence uses as tags: one of them joined by a hyphen to the
    next mention ("GST-KSRP", "GST–KH1-4") or followed by a tag word; then every
    mention of that name in the sentence is the tag ("GST-PI3KC2beta-RBD or GST")."""
    names: set[str] = set()
    for i, u in enumerate(units):
        if u.entity_type != "gene":
            continue
        low = u.text.strip().lower()
        if low not in _TAGS:
            continue
        after = _next_word(units, i)
        if after in _TAG_WORDS or (after in _TAG_PROTEIN_WORDS and low in _TAGS_WITH_PROTEIN):
            names.add(low)
        elif i + 2 < len(units) and units[i + 1].key in ("-", "–") and units[i + 1].start == u.end \
                and units[i + 2].entity_type == "gene" and units[i + 2].start == units[i + 1].end:
            names.add(low)
        elif text[max(0, u.start - 5):u.start].lower().endswith("anti-"):
            names.add(low)
    return names


# A gene symbol inside a mention's text: "HER2-antibody", "ALK kinase".
_SYMBOL = re.compile(r"(?<![\w-])[A-Z][A-Za-z0-9]*[A-Z0-9](?![\w])")
# What makes an antibody a lab reagent even when it names a protein.
_LAB_WORDS = re.compile(r"\b(?:polyclonal|rabbit|goat|sheep|donkey|flag|ha|v5|myc|gst|gfp|cIgG|IgG)\b|^protein [AG]\b", re.I)


def _names_no_gene(name: str) -> bool:
    return _SYMBOL.search(name) is None


def _grounded(unit) -> bool:
    return unit.mention is not None and unit.mention.entity_id is not None


def _next_word(units: Sequence, i: int) -> str | None:
    """The key of the word after unit i, past a closing bracket, a hyphen and a
    bracketed short form ("pleckstrin homology (PH) domain")."""
    j = i + 1
    if j + 2 < len(units) and units[j].key == "(" and units[j + 2].key == ")":
        j += 3
    while j < len(units) and units[j].key in (")", "]", "-", "–"):
        j += 1
    if j < len(units) and not units[j].is_entity:
        return units[j].key
    return None


def _before(units: Sequence, i: int) -> str | None:
    if i > 0 and not units[i - 1].is_entity:
        return units[i - 1].key
    return None
