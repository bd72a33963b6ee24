"""A sentence as a flat sequence of units: words and entity mentions.

The claim rules are patterns over this sequence, so it is built to make those
patterns simple and robust:

* every entity mention becomes ONE unit, whatever its length in tokens;
* words are lower-cased and their hyphens dropped ("down-regulation" and
  "downregulation" are the same unit), so a rule names a word once;
* reference markers ("(16)", "(53-56)", "(reviewed in (19))") are removed:
  they sit between list items and verbs and carry no meaning for a claim;
* "long form (ABBR)" and "drug (Brand)" pairs become one unit, so a claim is
  not emitted twice for one entity;
* vague mentions the spec excludes ("IGF signaling", "the IGF system") become
  plain words;
* words at the edges of a mention that state what it is ("ROS1 G2032R mutation",
  "wild-type KRAS", "MCF-7 cells") are repeated as word units around it, so the
  rules see "§gene g2032r mutation" whichever span convention the tagger follows
  (the mention itself, and so the claim's subject, keeps its full text).

A second, *reduced* view also drops appositives (", an inhibitor of IGF-IR
tyrosine kinase activity,") and parentheticals, so that "AG1024, an inhibitor
of IGF-IR ..., can inhibit growth of MCF-7 cells" binds AG1024, not IGF-IR,
as the subject of "inhibit".

Offsets of units are relative to the sentence text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from litclaims.extract.claims.non_arguments import non_argument_indexes
from litclaims.schemas.records import Mention, Sentence, stable_id

# Words keep internal hyphens and apostrophes ("cross-talk", "receptor's");
# everything else that is not a space is a one-character token.
# An HGVS change ("c.3028G>A", "p.G778_P780dup", "c.2887-18_2887-7del12") is one word:
# its "." would otherwise end every gap like a sentence's full stop.
_WORD = re.compile(r"\b[cgp]\.[0-9A-Za-z][\w>*+\-]*(?<![-.])|\w+(?:[-'’]\w+)*|[^\w\s]")
_CITATION_WORDS = frozenset({"reviewed", "in", "see", "ref", "refs", "e.g.", "eg", "and", "for", "review", "also"})
_NUMERIC = re.compile(r"^\d+[a-z]?$")
ENTITY_PREFIX = "§"
# A drug-class mention whose name holds its target gene ("aromatase inhibitors")
# is encoded with this suffix, so that a pattern slot of type "class" can bind the
# target; ordinary drug slots match it too.
CLASS_SUFFIX = ".class"
# A therapy named only inside a resistance or sensitivity word ("radioresistance",
# "radiosensitive") is its own object of a resistance / sensitization claim; the
# slot types "res" and "sens" bind such mentions.
FLAVOURS = {"class": ("drug", CLASS_SUFFIX), "res": ("therapy", ".res"), "sens": ("therapy", ".sens")}
_RES_WORD = re.compile(r"(resistan|insensitiv|refractor|toleran)", re.IGNORECASE)
_SENS_WORD = re.compile(r"sensiti[vz]|sensitis", re.IGNORECASE)
_CLASS_NAME = re.compile(
    r"^(?P<target>.+?)[\s-]+(?:(?:tyrosine|serine/threonine|receptor)\s+)?(?:kinase\s+)?"
    r"(?:inhibitors?|antagonists?|blockers?|antibod(?:y|ies))$",
    re.IGNORECASE,
)


def word_key(text: str) -> str:
    """How a word is compared: lower case, hyphens inside a word dropped, one apostrophe."""
    if len(text) == 1:
        return text
    return text.lower().replace("-", "").replace("’", "'")


@dataclass(frozen=True)
class Unit:
    """One word or one entity mention of a sentence."""

    key: str  # word_key(word), or ENTITY_PREFIX + entity_type
    start: int  # sentence-relative character offsets
    end: int
    text: str
    mention: Mention | None = None
    target: Mention | None = None  # the gene a drug-class mention names ("aromatase inhibitors")

    @property
    def is_entity(self) -> bool:
        return self.mention is not None

    @property
    def entity_type(self) -> str | None:
        return self.mention.entity_type if self.mention else None


@dataclass(frozen=True)
class EdgeWords:
    """Words that may begin or end a mention of one entity type without naming the
    entity: "wild-type KRAS", "ROS1 G2032R mutation", "MCF-7 cells". `pattern` also
    counts (sequence variants, numbers)."""

    leading: frozenset[str]
    trailing: frozenset[str]
    pattern: re.Pattern[str] | None = None
    # a mention made only of these words names no particular entity ("tumor", "tumors",
    # "disease progression" tagged as diseases): it is read as words, so the rules'
    # literal words ("tumor regression", "had tumor progression on") still match
    generic: frozenset[str] = frozenset()

    def is_edge(self, key: str, words: frozenset[str]) -> bool:
        return key in words or bool(self.pattern and self.pattern.fullmatch(key))


@dataclass(frozen=True)
class VagueEntity:
    """A mention text that is not an entity when one of `heads` follows it."""

    text: str
    heads: frozenset[str]


def build_units(
    sentence: Sentence,
    mentions: Sequence[Mention],
    vague: Sequence[VagueEntity] = (),
    genes: Mapping[str, Mention] | None = None,
    edges: Mapping[str, "EdgeWords"] | None = None,
) -> list[Unit]:
    """The full view of a sentence: words and mentions, citations removed, pairs merged.
    `genes` maps surface keys to gene mentions found anywhere in the document: a
    drug-class mention whose name starts with one of them gets it as its target.
    `edges` (entity type -> EdgeWords): words at a mention's edges to repeat as words."""
    units = _tokenize(sentence, mentions)
    units = _demote_non_arguments(units, sentence.text)
    if genes:
        units = [_with_target(u, genes) for u in units]
    units = _drop_citations(units)
    units = _join_fusions(units)
    units = _merge_parenthetical_pairs(units)
    units = _drop_descriptors(units)
    units = _demote_vague(units, vague)
    if edges:  # last: the steps above compare neighbouring units
        units = _demote_bare_states(units, edges.get("gene"))
        units = _with_edge_words(units, edges)
    return units


# A protein change, an indel or a dbSNP id ("d842i", "y772_a775dup", "rs557806"): unlike
# the edge pattern, never a bare number or a name such as "p53" or "h3122".
_CHANGE = re.compile(r"[a-z]\d{1,4}[a-z]+|[a-z]?\d{1,4}_?[a-z]?\d*(?:del|ins|dup|fs)[a-z0-9]*|[a-z]{3}\d{1,4}[a-z]{3}|rs\d{3,}")


def _demote_bare_states(units: list[Unit], gene_edges: EdgeWords | None) -> list[Unit]:
    """An ungrounded mention made only of words that state a gene state ("ITD", "TKD
    mutations", "D842I", "F1174L mutation", a variant tagged as a drug) names no
    entity: it becomes words, so "FLT3-ITD" reads as FLT3 with its state and the
    rules bind the gene, not the state, as a claim's subject."""
    if gene_edges is None:
        return units
    words_of_state = gene_edges.leading | gene_edges.trailing
    out: list[Unit] = []
    for u in units:
        m = u.mention
        # cell-line names look like variants ("T47D"), so only other mentions qualify
        if m is None or m.entity_id or u.target is not None or m.entity_type == "cell_line":
            out.append(u)
            continue
        words = [w for w in _words(u.text, 0, len(u.text)) if w.key not in ("/", "-")]
        state = bool(words) and all(gene_edges.is_edge(w.key, words_of_state) for w in words)
        if state and any(_CHANGE.fullmatch(w.key) or w.key in gene_edges.trailing for w in words):
            out.extend(Unit(w.key, w.start + u.start, w.end + u.start, w.text) for w in _words(u.text, 0, len(u.text)))
        else:
            out.append(u)
    return out


def _with_edge_words(units: list[Unit], edges: Mapping[str, EdgeWords]) -> list[Unit]:
    out: list[Unit] = []
    for u in units:
        rule = edges.get(u.entity_type or "")
        if rule is None:
            out.append(u)
            continue
        words = _words(u.text, 0, len(u.text))
        if rule.generic and words and all(w.key in rule.generic for w in words):
            out.extend(Unit(w.key, w.start + u.start, w.end + u.start, w.text) for w in words)
            continue
        if all(rule.is_edge(w.key, rule.leading | rule.trailing) for w in words):
            out.append(u)  # nothing but edge words ("cell line"): leave it alone
            continue
        a, b = 0, len(words)
        while a < b - 1 and rule.is_edge(words[a].key, rule.leading):
            a += 1
        while b - 1 > a and rule.is_edge(words[b - 1].key, rule.trailing):
            b -= 1
        shift = u.start
        out.extend(Unit(w.key, w.start + shift, w.end + shift, w.text) for w in words[:a])
        out.append(u)
        out.extend(Unit(w.key, w.start + shift, w.end + shift, w.text) for w in words[b:])
    return out


def surface_key(text: str) -> str:
    return re.sub(r"[\s\-‐‑–]+", "", text).lower()


def _with_target(unit: Unit, genes: Mapping[str, Mention]) -> Unit:
    """"aromatase inhibitors" -> the unit keeps the drug mention and gets the gene
    mention "aromatase" (grounded as the pipeline grounded it elsewhere in the
    document). Only class mentions the pipeline left ungrounded qualify."""
    m = unit.mention
    if m is None or m.entity_type != "drug" or m.entity_id:
        return unit
    found = _CLASS_NAME.match(m.text)
    if not found:
        return unit
    known = genes.get(surface_key(found.group("target")))
    if known is None:
        return unit
    start = m.start
    target = Mention(
        mention_id=stable_id(m.doc_id, start, start + len(found.group("target")), "gene", "class_target"),
        doc_id=m.doc_id,
        sentence_id=m.sentence_id,
        start=start,
        end=start + len(found.group("target")),
        text=found.group("target"),
        entity_type="gene",
        entity_id=known.entity_id,
        entity_name=known.entity_name,
        source="claims:drug_class_target",
    )
    return Unit(unit.key + CLASS_SUFFIX, unit.start, unit.end, unit.text, m, target)


def reduced_view(units: Sequence[Unit]) -> list[Unit]:
    """The units without appositives (", a/an ... ,") and parentheticals ("( ... )")."""
    return _without_asides(units, drop_parenthetical=lambda inside: True, drop_appositives=True)


def plain_view(units: Sequence[Unit]) -> list[Unit]:
    """The units without parentheticals that hold no mention: "HRAS mutations (Q61L,
    Q61R and G12V) sensitized ...", "a short-lived (~3-month) response", "(n = 72)".
    Such an aside stands between a subject and its verb without changing the claim;
    a parenthetical that names an entity ("MEK inhibitors (selumetinib)") stays."""
    return _without_asides(
        units, drop_parenthetical=lambda inside: not any(x.is_entity for x in inside), drop_appositives=False
    )


def _without_asides(units: Sequence[Unit], drop_parenthetical, drop_appositives: bool) -> list[Unit]:
    """The units minus the parentheticals `drop_parenthetical(inside units)` accepts
    and, with `drop_appositives`, the appositives (", a/an ... ,")."""
    out: list[Unit] = []
    i = 0
    n = len(units)
    while i < n:
        u = units[i]
        if u.key == "(":
            close = _matching_paren(units, i)
            if close is not None and drop_parenthetical(units[i + 1 : close]):
                i = close + 1
                continue
        if drop_appositives and u.key == "," and i + 1 < n and units[i + 1].key in ("a", "an") and out:
            end = _appositive_end(units, i + 1)
            if end is not None:
                i = end
                continue
        out.append(u)
        i += 1
    return out


def _appositive_end(units: Sequence[Unit], start: int) -> int | None:
    """Index just past an appositive that starts at `start` (after its comma): its
    closing comma, or the sentence end. None when it runs into a clause break."""
    for j in range(start, min(len(units), start + 18)):
        key = units[j].key
        if key in (";", ":"):
            return None
        if key == ",":
            return j + 1
    if len(units) - start <= 18:
        return len(units)
    return None


def _tokenize(sentence: Sentence, mentions: Sequence[Mention]) -> list[Unit]:
    text = sentence.text
    spans = sorted(
        (
            (m.start - sentence.start, m.end - sentence.start, m)
            for m in mentions
            if m.start >= sentence.start and m.end <= sentence.end and m.end > m.start
        ),
        key=lambda s: (s[0], -s[1]),
    )
    units: list[Unit] = []
    pos = 0
    for start, end, mention in spans:
        if start < pos:  # overlapping mention: keep the earlier, longer one
            continue
        units.extend(_words(text, pos, start))
        key = ENTITY_PREFIX + mention.entity_type
        if mention.entity_type == "therapy":
            flavour = "res" if _RES_WORD.search(mention.text) else "sens" if _SENS_WORD.search(mention.text) else None
            # "chemoresistance to cisplatin": the drug after "to" is what the cells resist,
            # so the word is read as "resistance" / "sensitivity", not as its own therapy
            # (issue 13 round 12)
            if flavour and _named_after_to(text, end, spans):
                units.append(Unit("resistance" if flavour == "res" else "sensitivity", start, end, text[start:end]))
                pos = end
                continue
            if flavour:
                key += FLAVOURS[flavour][1]
        # "5-HT(1A) agonist", "p27(kip1) expression": a mention that ends inside its own
        # parenthesis (the tagger stopped before the ")") takes the ")" along, so the words
        # after it follow the mention (round 9a; 69 such mentions in ChemProt train sentences)
        if mention.text.count("(") > mention.text.count(")") and text[end:end + 1] == ")":
            end += 1
        units.append(Unit(key, start, end, text[start:end], mention))
        pos = end
    units.extend(_words(text, pos, len(text)))
    return units


_TO_NEXT = re.compile(r"\s+(?:to|towards?|against)\s+")


def _named_after_to(text: str, end: int, spans) -> bool:
    """Whether "to" and a drug or therapy mention follow the character offset `end`."""
    m = _TO_NEXT.match(text, end)
    return bool(m) and any(s == m.end() and mm.entity_type in ("drug", "therapy") for s, _, mm in spans)


def _words(text: str, start: int, end: int) -> list[Unit]:
    out = []
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        out.append(Unit(word_key(word), m.start(), m.end(), word))
    return out


def _matching_paren(units: Sequence[Unit], open_index: int) -> int | None:
    depth = 0
    for j in range(open_index, len(units)):
        if units[j].key == "(":
            depth += 1
        elif units[j].key == ")":
            depth -= 1
            if depth == 0:
                return j
    return None


def _is_citation_content(units: Sequence[Unit]) -> bool:
    has_number = False
    for u in units:
        if u.is_entity:
            return False
        if _NUMERIC.match(u.key):
            has_number = True
        elif u.key not in _CITATION_WORDS and u.key not in {",", "-", "–", "—", ";", "(", ")", "."}:
            return False
    return has_number


def _drop_citations(units: list[Unit]) -> list[Unit]:
    out: list[Unit] = []
    i = 0
    while i < len(units):
        if units[i].key in ("(", "["):
            closer = ")" if units[i].key == "(" else "]"
            close = _matching_paren(units, i) if closer == ")" else _find(units, i, "]")
            if close is not None and _is_citation_content(units[i + 1 : close]):
                i = close + 1
                continue
        out.append(units[i])
        i += 1
    return out


def _find(units: Sequence[Unit], start: int, key: str) -> int | None:
    for j in range(start, len(units)):
        if units[j].key == key:
            return j
    return None


def _abbreviation_like(text: str) -> bool:
    return sum(1 for c in text if c.isupper()) >= 2


def _merge_parenthetical_pairs(units: list[Unit]) -> list[Unit]:
    """"E1 ( E2 )" with E1 and E2 of one type -> one unit (the abbreviation when the
    parenthesis holds one, else the first name: "gefitinib (Iressa)" -> gefitinib);
    a therapy with a drug in its parenthesis ("chemotherapy (doxorubicin)") -> the drug."""
    out: list[Unit] = []
    i = 0
    while i < len(units):
        u = units[i]
        if (
            u.is_entity
            and i + 3 < len(units)
            and units[i + 1].key == "("
            and units[i + 2].is_entity
            and units[i + 3].key == ")"
            and (
                units[i + 2].entity_type == u.entity_type
                # "chemotherapy (doxorubicin)": the drug names the therapy
                or (u.entity_type == "therapy" and units[i + 2].entity_type == "drug")
            )
        ):
            inner = units[i + 2]
            if inner.entity_type != u.entity_type:
                keep = inner
            else:
                keep = inner if _abbreviation_like(inner.text) and len(inner.text) < len(u.text) else u
            target = u.target or inner.target
            key = keep.key.removesuffix(CLASS_SUFFIX) + (CLASS_SUFFIX if target else "")
            out.append(Unit(key, u.start, units[i + 3].end, keep.text, keep.mention, target))
            i += 4
            continue
        out.append(u)
        i += 1
    return out


def _join_fusions(units: list[Unit]) -> list[Unit]:
    """"EML4-ALK", "KIF5B-RET": two gene mentions joined by a bare hyphen name a fusion
    of both genes; the hyphen is read as the slash of "PI3K/Akt", so a list slot takes
    both partners and a rule binds the fusion's genes, not only the one nearest."""
    out = list(units)
    for i in range(1, len(units) - 1):
        a, h, b = units[i - 1], units[i], units[i + 1]
        if (
            h.key in ("-", "–")
            and a.entity_type == "gene"
            and b.entity_type == "gene"
            and a.end == h.start
            and h.end == b.start
        ):
            out[i] = Unit("/", h.start, h.end, h.text)
    return out


def _drop_descriptors(units: list[Unit]) -> list[Unit]:
    """"the chemotherapeutic drugs doxorubicin and cisplatin", "p44/p42 MAPK": a mention
    right before another of the same kind describes it; the second one is the entity."""
    out: list[Unit] = []
    for i, u in enumerate(units):
        if u.is_entity and i + 1 < len(units):
            nxt = units[i + 1]
            same_kind = nxt.is_entity and (
                nxt.entity_type == u.entity_type or (u.entity_type == "therapy" and nxt.entity_type == "drug")
            )
            if same_kind and nxt.start - u.end <= 1 and u.target is None:
                continue
        out.append(u)
    return out


def _demote_non_arguments(units: list[Unit], text: str) -> list[Unit]:
    """Tags, reagents, domains, activity words and cut names typed as genes
    (claims/non_arguments.py) become words, and a cut name ("beta-" of "beta- and
    gamma-catenins") is dropped with its coordinator: the rules bind no claim to them."""
    demote, dropped = non_argument_indexes(units, text)
    if not demote and not dropped:
        return units
    return [Unit(word_key(u.text), u.start, u.end, u.text) if i in demote else u
            for i, u in enumerate(units) if i not in dropped]


def _demote_vague(units: list[Unit], vague: Sequence[VagueEntity]) -> list[Unit]:
    if not vague:
        return units
    table = {v.text.lower(): v.heads for v in vague}
    out = list(units)
    for i, u in enumerate(units):
        if not u.is_entity:
            continue
        heads = table.get(u.text.lower())
        if heads and i + 1 < len(units) and units[i + 1].key in heads:
            out[i] = Unit(word_key(u.text), u.start, u.end, u.text)
    return out


def encode(units: Sequence[Unit]) -> tuple[str, list[int]]:
    """The string the rule regexes run over (" key key key ... "), and where each
    unit starts in it. Every key has one space before and after it."""
    starts = []
    parts = []
    pos = 1
    for u in units:
        starts.append(pos)
        parts.append(u.key)
        pos += len(u.key) + 1
    return " " + " ".join(parts) + " ", starts
