"""Qualifiers of a matched claim: negated, certainty, evidence.

Cues are found once per sentence (as unit index ranges); each claim then asks
which cues are *in its scope*:

* a local cue ("not", "may", "likely") counts when it sits inside the matched
  words, or before them in the same clause (a clause starts after a comma,
  ";", "that", "which", "whereas", ...). So "it is not surprising that
  tamoxifen attenuates ER" is not negated, and "ER may lead to ..." is hedged,
  while "blockade of EGFR by gefitinib may result in ..." stays asserted;
* a governing hedge ("suggest that", "it is possible that", "appears that")
  hedges everything after it up to the next ";";
* negation cues that the rule consumed as part of its phrasing ("did not
  respond to" in a resistance rule) do not negate the claim;
* a negated verb of effect that takes a whole claim as its object ("X did not
  affect EGF-induced Akt activation", "had no effect on DSLET-stimulated ERK
  phosphorylation", "fails to rescue ...", "is not required for ...") negates
  the claims that start before it (X's) but not the claim it is about, which
  the sentence presupposes (cues.toml `[negation] presupposing`, issue 13 round 11);
* a claim that is the subject of a negated verb of observation right after it
  ("inhibition of EGFR by gefitinib was not observed", "... could not be
  detected") is negated, although the cue follows the matched words; a
  relative or appended clause ("..., an effect that was not observed with
  ...") does not reach back (issue 13 round 12).

Evidence takes the strongest cue in the sentence (clinical > in_vivo >
in_vitro). A sentence without cues that continues the study of the sentence
before it ("These cells ...", "Furthermore, ...") inherits its level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from litclaims.extract.claims.patterns import CompiledPattern, EncodedKeys, TriggerIndex, compile_pattern
from litclaims.extract.claims.rules import Cues, compile_context
from litclaims.extract.claims.units import Unit, encode
from litclaims.schemas.vocabulary import entity_key

EVIDENCE_ORDER = ("unspecified", "in_vitro", "in_vivo", "clinical")

# at most this many units between the claim's last unit and the cue ("in these cells")
PREDICATE_GAP = 4


@dataclass(frozen=True)
class CueSpan:
    start: int  # unit indices, inclusive
    end: int


class CueFinder:
    """Compiled cue lists; `find(units, cues)` gives the spans where they occur."""

    def __init__(self, cues: Cues, compile_regex: Callable[[str], re.Pattern] = re.compile) -> None:
        ctx = compile_context(cues, compile_regex=compile_regex)

        def comp(fragments: Iterable[str]):
            out = []
            for f in fragments:
                try:
                    out.append(compile_pattern(f, ctx, need_slots=False))
                except Exception as exc:
                    raise ValueError(f"cues.toml: cue {f!r}: {exc}") from exc
            return out

        self.negation = comp(cues.negation)
        self.negation_exceptions = comp(cues.negation_exceptions)
        self.presupposing = comp(cues.negation_presupposing)
        self.predicate_negation = comp(cues.negation_after_claim)
        self.hedge_local = comp(cues.hedge_local)
        self.hedge_governing = comp(cues.hedge_governing)
        self.unasserted = comp(cues.unasserted)
        self.blockade_before = comp(cues.blockade_before)
        self.blockade_after = comp(cues.blockade_after)
        self.wild_type_before = comp(cues.wild_type_before)
        self.wild_type_after = comp(cues.wild_type_after)
        self.clause_starts = comp(cues.clause_starts)
        self.evidence = {level: comp(frags) for level, frags in cues.evidence.items()}
        self.evidence_entity_types = dict(cues.evidence_entity_types)
        self.continuation_anaphors = comp(cues.continuation_anaphors)
        self.continuation_connectives = comp(cues.continuation_connectives)
        self.result_verbs = comp(cues.result_verbs)
        self.triggers = CueTriggers(self._cue_lists())

    def _cue_lists(self) -> list[list[CompiledPattern]]:
        lists = [v for v in vars(self).values() if isinstance(v, list)]
        return lists + list(self.evidence.values())


class CueTriggers:
    """Every cue pattern of every list filed by its trigger word set (one TriggerIndex
    over all of them): a sentence's keys are looked up once, and each list then runs only
    its patterns the sentence can hold, instead of checking every pattern's words."""

    def __init__(self, cue_lists: Iterable[Sequence[CompiledPattern]]) -> None:
        self._patterns = [p for patterns in cue_lists for p in patterns]
        self._index = TriggerIndex([p.required for p in self._patterns])

    def possible(self, keys: EncodedKeys) -> set[int]:
        """The ids of the patterns whose trigger set the sentence holds."""
        return {id(self._patterns[position]) for position in self._index.candidates(keys)}


class EncodedSentence:
    """One sentence's units encoded once (units.encode) for all its cue lists."""

    def __init__(self, units: Sequence[Unit], triggers: CueTriggers | None = None) -> None:
        """`triggers`: the finder's CueTriggers, whose lists `find` is then given."""
        self.length = len(units)
        self.encoded, starts = encode(units)
        self.index_of = {pos: i for i, pos in enumerate(starts)}
        self.ends = [s + len(u.key) for s, u in zip(starts, units)]
        self.keys = EncodedKeys(self.encoded)
        self._possible = triggers.possible(self.keys) if triggers is not None else None

    def find(self, patterns: Sequence[CompiledPattern]) -> list[CueSpan]:
        """Where the cues occur; a cue whose words are not all in the sentence is not run."""
        spans = []
        possible = self._possible
        for pattern in patterns:
            if possible is None:
                if not self.keys.has_all(pattern.required):
                    continue
            # the trigger (the first word set) is in the sentence; the others must be too
            elif id(pattern) not in possible or not self.keys.has_all(pattern.required[1:]):
                continue
            for m in pattern.regex.finditer(self.encoded):
                a = self.index_of.get(m.start("all"))
                if a is None or m.end("all") <= m.start("all"):
                    continue
                last = m.end("all") - 1  # the trailing space
                b = a
                while b + 1 < self.length and self.ends[b] < last:
                    b += 1
                spans.append(CueSpan(a, b))
        return spans


def find_spans(units: Sequence[Unit], patterns: Sequence[CompiledPattern]) -> list[CueSpan]:
    return EncodedSentence(units).find(patterns)


@dataclass(frozen=True)
class SentenceCues:
    """Every cue of one sentence, as unit ranges of its full view."""

    negation: tuple[CueSpan, ...]
    presupposing: tuple[CueSpan, ...]  # negated verbs of effect (cues.toml [negation] presupposing)
    predicate_negation: tuple[CueSpan, ...]  # "was not observed" after a claim (cues.toml [negation] after_claim)
    hedge_local: tuple[CueSpan, ...]
    hedge_governing: tuple[CueSpan, ...]
    unasserted: tuple[CueSpan, ...]
    blockade_before: tuple[CueSpan, ...]
    blockade_after: tuple[CueSpan, ...]
    blocked: frozenset[int]  # entity units knocked down or blocked (blocked_entities)
    wild_type_before: tuple[CueSpan, ...]
    wild_type_after: tuple[CueSpan, ...]
    clause_starts: tuple[int, ...]  # unit indices where a clause begins
    asides: tuple[CueSpan, ...]  # parentheticals "( ... )", as unit ranges
    evidence: tuple[tuple[int, str], ...]  # (unit index, level) of every evidence cue
    continues_previous: bool
    length: int  # number of units

    @property
    def evidence_level(self) -> str:
        """The strongest evidence cue anywhere in the sentence (the study it describes)."""
        return strongest(level for _, level in self.evidence)


def sentence_cues(units: Sequence[Unit], finder: CueFinder) -> SentenceCues:
    text = EncodedSentence(units, finder.triggers)
    exceptions = text.find(finder.negation_exceptions)
    negation = [
        s
        for s in text.find(finder.negation)
        if not any(e.start <= s.start and s.end <= e.end for e in exceptions)
    ]
    brackets = bracket_pairs(units)
    clause_starts = sorted({s.end + 1 for s in text.find(finder.clause_starts) if not _list_comma(units, s.end, brackets)})
    asides = _parentheticals(units, brackets)
    evidence = [(span.start, level) for level, regexes in finder.evidence.items() for span in text.find(regexes)]
    evidence += [
        (i, finder.evidence_entity_types[u.entity_type])
        for i, u in enumerate(units)
        if u.entity_type in finder.evidence_entity_types
    ]
    blockade_before, blockade_after = text.find(finder.blockade_before), text.find(finder.blockade_after)
    continues = bool(text.find(finder.continuation_anaphors)) or (
        bool(text.find(finder.continuation_connectives)) and bool(text.find(finder.result_verbs))
    )
    return SentenceCues(
        negation=tuple(negation),
        presupposing=tuple(text.find(finder.presupposing)),
        predicate_negation=tuple(text.find(finder.predicate_negation)),
        hedge_local=tuple(text.find(finder.hedge_local)),
        hedge_governing=tuple(text.find(finder.hedge_governing)),
        unasserted=tuple(text.find(finder.unasserted)),
        blockade_before=tuple(blockade_before),
        blockade_after=tuple(blockade_after),
        blocked=blocked_entities(units, blockade_before, blockade_after),
        wild_type_before=tuple(text.find(finder.wild_type_before)),
        wild_type_after=tuple(text.find(finder.wild_type_after)),
        clause_starts=tuple(clause_starts),
        asides=tuple(asides),
        evidence=tuple(sorted(evidence)),
        continues_previous=continues,
        length=len(units),
    )


def _list_comma(units: Sequence[Unit], i: int, brackets: dict[int, int]) -> bool:
    """The comma at unit i joins two mentions of one type inside a list, so it starts no
    clause: in "None of the xenografts harboring KRAS (N=18), NRAS (N=7) or BRAF (N=3)
    mutations showed a response to cetuximab" the negation covers NRAS and BRAF as well as
    KRAS. The list must go on after the second mention ("NRAS (N=7) or"), so "without
    L-arginine, Nor-NOHA increased NOS activity" keeps its clause start; an aside after an
    item ("(N=18)") is skipped (`brackets`: bracket_pairs)."""
    if units[i].key != ",":
        return False
    nxt = i + 1
    if nxt < len(units) and units[nxt].key in _LIST_JOINS:
        nxt += 1  # "KRAS, NRAS, and BRAF"
    if nxt >= len(units) or not units[nxt].is_entity:
        return False
    before = _before_aside(units, i - 1, brackets)
    if before < 0 or not units[before].is_entity or units[before].entity_type != units[nxt].entity_type:
        return False
    after = _after_aside(units, nxt + 1, brackets)
    return after < len(units) and (units[after].key == "," or units[after].key in _LIST_JOINS or nxt > i + 1)


_LIST_JOINS = frozenset({"and", "or", "nor", "/"})


def bracket_pairs(units: Sequence[Unit]) -> dict[int, int]:
    """Each matched "(" unit's index -> its ")" unit's index, and each ")" -> its "("."""
    pairs: dict[int, int] = {}
    open_at: list[int] = []
    for i, u in enumerate(units):
        if u.key == "(":
            open_at.append(i)
        elif u.key == ")" and open_at:
            start = open_at.pop()
            pairs[start], pairs[i] = i, start
    return pairs


def _before_aside(units: Sequence[Unit], j: int, brackets: dict[int, int]) -> int:
    """The index of the unit before a parenthetical ending at j (j itself if none ends there;
    -1 for a ")" that closes nothing)."""
    if j < 0 or units[j].key != ")":
        return j
    return brackets[j] - 1 if j in brackets else -1


def _after_aside(units: Sequence[Unit], j: int, brackets: dict[int, int]) -> int:
    """The index of the unit after a parenthetical starting at j (j itself if none starts
    there; past the end for a "(" that is never closed)."""
    if j >= len(units) or units[j].key != "(":
        return j
    return brackets[j] + 1 if j in brackets else len(units)


def _parentheticals(units: Sequence[Unit], brackets: dict[int, int]) -> list[CueSpan]:
    """Unit ranges of the outermost "( ... )" of a sentence (`brackets`: bracket_pairs)."""
    out = []
    i = 0
    while i < len(units):
        if units[i].key == "(" and i in brackets:
            out.append(CueSpan(i, brackets[i]))
            i = brackets[i]
        i += 1
    return out


def _aside(cues: SentenceCues, span: CueSpan, first: int) -> bool:
    """The cue sits in a parenthetical that the claim does not start in: "one patient with
    BRAF V600E melanoma (with no detected PI3K deregulation) had a partial response" is
    not negated by the "no" of the aside."""
    return any(a.start < span.start and span.end < a.end and not a.start < first < a.end for a in cues.asides)


def strongest(levels: Iterable[str]) -> str:
    best = 0
    for level in levels:
        best = max(best, EVIDENCE_ORDER.index(level))
    return EVIDENCE_ORDER[best]


def clause_start(cues: SentenceCues, first: int) -> int:
    start = 0
    for s in cues.clause_starts:
        if s <= first:
            start = s
    return start


def _in_scope(span: CueSpan, lo: int, hi: int) -> bool:
    return lo <= span.start and span.end <= hi


def is_negated(cues: SentenceCues, first: int, last: int, scope: str, consumed: Sequence[CueSpan]) -> bool:
    lo = first if scope == "match" else clause_start(cues, first)
    for span in cues.negation:
        if any(c.start <= span.start and span.end <= c.end for c in consumed):
            continue
        if any(span.start <= c.start and c.end <= span.end for c in consumed):
            continue
        if any(p.start <= span.start and span.end <= p.end and p.end < first for p in cues.presupposing):
            continue
        if _in_scope(span, lo, last) and not _aside(cues, span, first):
            return True
    for span in cues.predicate_negation:
        if last < span.start <= last + 1 + PREDICATE_GAP and not any(last < s <= span.start for s in cues.clause_starts):
            return True
    return False


def certainty(cues: SentenceCues, units: Sequence[Unit], first: int, last: int, scope: str) -> str:
    lo = first if scope == "match" else clause_start(cues, first)
    if any(_in_scope(s, lo, last) and not _aside(cues, s, first) for s in cues.hedge_local):
        return "hedged"
    if scope != "match":
        for span in cues.hedge_governing:
            if span.end < first and not any(u.key == ";" for u in units[span.end : first]):
                return "hedged"
    return "asserted"


def is_blocked(cues: SentenceCues, subject_index: int) -> bool:
    """The subject is knocked down or blocked: "knockdown of IGF-IR", "an antibody
    directed against IGF-IR", "IGF-IR siRNA", "Gab1 -/-", "dominant-negative Ras"."""
    return subject_index in cues.blocked


def blocked_entities(units: Sequence[Unit], before: Sequence[CueSpan], after: Sequence[CueSpan]) -> frozenset[int]:
    """The entity units a blockade cue stands at: a cue that ends at most three units before
    the entity, with no mention between them ("knockdown of the human IGF-IR"; in
    "dominant-negative Ras inhibited ITSN1 activation" Ras only), or before a list the entity
    is an item of ("knockdown of IGF-IR, EGFR and HER2", "a disruption in both the fyn and
    src genes"), unless the entity only modifies the noun after it ("inhibition of the
    actin-activated myosin ATPase"); or a cue right after it ("IGF-IR siRNA",
    "fyn-deficient"). Not a gene re-expressed in the cells that lack it ("expression of Gab1
    in Gab1 -/- MEFs rescues ...": the claim is about the expressed Gab1; issue 13 round 27)."""
    blocked = set()
    for j, u in enumerate(units):
        if not u.is_entity:
            continue
        for s in before:
            if not s.end < j or _modifies_next(units, j):
                continue
            between = units[s.end + 1 : j]
            if all(b.is_entity or b.key in _LIST_JOINS or b.key == "," for b in between):
                blocked.add(j)  # "knockdown of IGF-IR, EGFR and HER2"
            elif j - 3 <= s.end and not any(b.is_entity for b in between):
                blocked.add(j)  # "knockdown of the human IGF-IR"
        if any(s.start == j + 1 for s in after) and not _reexpressed(units, j):
            blocked.add(j)
    return frozenset(blocked)


def _modifies_next(units: Sequence[Unit], j: int) -> bool:
    """The entity at j only modifies the noun a cue before it governs: "inhibition of the
    actin-activated myosin ATPase", "blockade of EGF-induced ERK activation" (ChemProt train)."""
    if j + 2 >= len(units) or units[j + 1].key not in ("-", "–"):
        return False
    word = units[j + 2].key
    return word.endswith("ed") and word not in _KNOCKED


# participles after a hyphen that knock the gene out themselves ("EGFR-depleted cells")
_KNOCKED = frozenset({"depleted", "silenced", "deleted", "ablated", "inactivated"})


def _reexpressed(units: Sequence[Unit], j: int) -> bool:
    """The entity at j names the cells another mention of the same entity is put back
    into: "expression of Gab1 in Gab1 -/- MEFs"."""
    i = j - 1
    if i >= 0 and units[i].key in ("the", "these"):
        i -= 1
    if i < 0 or units[i].key not in ("in", "into"):
        return False
    key = _entity_key(units[j])
    return any(u.is_entity and _entity_key(u) == key for u in units[:i])


def _entity_key(unit: Unit) -> str:
    m = unit.mention
    assert m is not None
    return entity_key(m.entity_id, m.text)


def is_wild_type(cues: SentenceCues, subject_index: int) -> bool:
    """The subject is stated to be wild-type: "wild-type KRAS", "KRAS wild-type",
    "cell lines that were wild type for BRAF and NRAS", "HER2-negative"."""
    if any(subject_index - 3 <= s.end < subject_index for s in cues.wild_type_before):
        return True
    return any(s.start == subject_index + 1 for s in cues.wild_type_after)


def is_unasserted(cues: SentenceCues, units: Sequence[Unit], first: int, last: int) -> bool:
    """A question or a gap in knowledge governs the claim ("to determine if S ...")."""
    for span in cues.unasserted:
        if span.start <= last and not any(u.key == ";" for u in units[span.end : first]):
            return True
    return False


def study_levels(sentence_cues: Sequence[SentenceCues], same_section: Sequence[bool]) -> list[str]:
    """The evidence level of the study each sentence of a document describes, in
    order: its own strongest cue, or, for a sentence without cues that continues
    the study before it ("These cells ...", "Furthermore, treatment with gefitinib
    resulted in ..."), that study's level. `same_section[i]`: sentence i is in the
    same section as sentence i-1."""
    levels: list[str] = []
    for i, cues in enumerate(sentence_cues):
        level = cues.evidence_level
        if level == "unspecified" and cues.continues_previous:
            # the nearest study in the two sentences before, within the section
            # ("A recent study showed ... cells. However, X alone had minor effects.
            # Furthermore, treatment with X resulted in ...")
            j = i - 1
            while j >= 0 and j >= i - 2 and same_section[j + 1] and level == "unspecified":
                level = levels[j]
                j -= 1
        levels.append(level)
    return levels


def evidence(cues: SentenceCues, first: int, last: int, study_level: str, definitional: bool) -> str:
    """The evidence level of one claim: the strongest cue in the claim's clause (its
    matched words and the clause around them, plus the clauses that govern it:
    "preclinical data suggest that ..."). A definitional claim ("AG1024, an
    inhibitor of IGF-IR") is not a finding of a study: only cues inside it count.
    A clause without cues, in a sentence without cues, takes the study level the
    sentence inherited."""
    if definitional:
        return strongest(level for i, level in cues.evidence if first <= i <= last)
    lo, hi = evidence_window(cues, first, last)
    found = [level for i, level in cues.evidence if lo <= i < hi]
    if found:
        return strongest(found)
    if not cues.evidence:
        return study_level
    return "unspecified"


def evidence_window(cues: SentenceCues, first: int, last: int) -> tuple[int, int]:
    """[lo, hi) in units: from the start of the clause holding `first` to the end of
    the clause holding `last`, widened leftwards over clauses that introduce it
    (ending in "that", or of six words or fewer)."""
    starts = list(cues.clause_starts)
    lo = clause_start(cues, first)
    while lo > 0:
        previous = max((s for s in starts if s < lo), default=0)
        if lo - previous <= 7:  # a short clause: "at least in breast tumor cells,"
            lo = previous
            continue
        break
    hi = min((s for s in starts if s > last), default=cues.length)
    return lo, hi
