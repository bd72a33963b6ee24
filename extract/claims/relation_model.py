"""A learned relation model beside the rules: every candidate pair of mentions in a
sentence gets a claim type (its direction is the pair's order) or none.

A linear model (multinomial logistic regression, trained by
`python -m tools.relations.train`, data card in docs/relation-model.md) over
hashed sparse features of the sentence's unit sequence (units.py): the words
between and around the pair, trigger stems and where they stand, the entity
types, distance, order, the other mentions between, and the rule claims the
sentence already has; and, beside them (DenseLayer), dense features from the
pipeline's own encoder (`biomed_tok2vec`'s contextual token vectors, carried on
AnalyzedSentence.vectors): the mean vector of the subject's tokens, of the
object's, and the mean and max of the tokens between them. Inference is numpy
only: a feature's CRC32 picks a row of the sparse weight matrix, a pair's scores
are the sum of its rows plus its dense vector times the dense weights.

The engine runs it only when asked (`ClaimEngine.load(relation_model=True)`); it
adds claims for pairs the rules left without any claim, with `rule`
"model:relations-v2" and the measured confidence of its probability band.
"""

from __future__ import annotations

import json
import re
from array import array
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from litclaims.extract.analyzed import TokenVectors
from litclaims.extract.claims.relation_dense import DenseLayer
from litclaims.extract.claims.units import ENTITY_PREFIX, Unit

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "relations"
MODEL_NAME = "relations-v2"
RULE_PREFIX = "model:"
NONE = "none"
CLASSES = ("none", "inhibition", "activation", "expression_up", "expression_down", "interaction",
           "resistance", "sensitization", "response_association")
# the claim types the spec allows for a (subject type, object type) pair, among those the
# training data teaches for it (gene -> gene: only BioRED's Bind; the corpora's README maps
# no gene--gene correlation, so gene -> gene inhibition and activation stay with the rules)
ALLOWED: dict[tuple[str, str], frozenset[str]] = {
    ("drug", "gene"): frozenset({"inhibition", "activation", "expression_up", "expression_down"}),
    ("gene", "gene"): frozenset({"interaction"}),
    ("gene", "drug"): frozenset({"resistance", "sensitization", "response_association"}),
    ("gene", "therapy"): frozenset({"resistance", "sensitization", "response_association"}),
}
# What a run lets the model claim (Settings.relation_model, off by default; docs/relation-model.md):
# "response" is the gene -> drug / therapy types CIViC and CIViCmine teach it; "molecular" the
# drug -> gene and gene -> gene types ChemProt and BioRED teach it, whose precision outside
# ChemProt's kind of text is low (BioRED dev, review prose); "all" both.
RESPONSE_TYPES = frozenset({"resistance", "sensitization", "response_association"})
MODEL_SCOPES: dict[str, frozenset[str]] = {
    "off": frozenset(),
    "response": RESPONSE_TYPES,
    "molecular": frozenset(CLASSES[1:]) - RESPONSE_TYPES,
    "all": frozenset(CLASSES[1:]),
}
# claim types that one family of the corpora's labels holds (the relation scoring counts them
# together): a pair's family probability is the sum of its members'
FAMILIES = (("inhibition", "expression_down"), ("activation", "expression_up"))
# word stems that state a relation; where they stand relative to the pair is a feature
TRIGGERS = re.compile(
    r"^(inhib|block|suppress|antagon|agonis|activat|stimul|induc|increas|decreas|reduc|enhanc|elevat|attenu|"
    r"upregul|downregul|express|level|bind|interact|complex|associat|phosphor|resist|sensitiz|sensitiv|respon|"
    r"refract|benefit|efficac|effective|correlat|predict|abolish|abrogat|impair|restor|promot|potentiat|"
    r"prevent|diminish|lower|loss|overexpress|knock|silenc|deplet|mutat|amplif|fusion|target|selective|potent)"
)
# words that say which way a drug response went: the whole sentence counts for gene -> drug pairs
OUTCOME = re.compile(
    r"^(resist|sensitiv|sensitiz|respon|benefit|poor|short|long|improv|progress|wors|better|lack|fail|less|more|"
    r"reduc|increas|decreas|partial|complet|remission|regress|stabl|durabl|refract|effectiv|efficac|surviv|prolong|"
    r"no|not|non|insensitiv|toleran|predict|associat|correlat|inferior|superior|higher|lower|ic0|gi0)"
)
# nouns that name a mention's role: "D, a G inhibitor", "the G agonist D"
ROLE_NOUNS = re.compile(r"^(inhibit|antagon|agonis|activat|block|modulat|ligand|substrat|analog|blocker)")
# a word that, hyphenated after a mention, makes it an adjective: "tamoxifen-resistant cells"
ADJECTIVE_AFTER = re.compile(r"^(resist|refract|sensitiv|treat|induc|mediat|depend|stimul|bound|bind|specif|selective)")
# a drug so followed is an adjective of cells, not an agent ("tamoxifen-resistant cells")
RESISTANT_ADJECTIVE = re.compile(r"^(resistant|refractory|insensitive|tolerant)$")
# The trigger gate of the molecular claims (eleventh session, docs/relation-model.md "Model round
# (2026-12-07, eleventh session)"): a drug -> gene or gene -> gene claim of the model needs a
# trigger stem (TRIGGERS' match) of its type's family between the pair, or, where none of the
# family stands between, one right next to it (the nearest trigger outside a span with no trigger,
# at most 3 units away; a role noun within 3 units after a mention) and no coordinator with a
# determiner between ("Gefitinib and an EGFR inhibitor": the role noun is the second drug's).
FAMILY_TRIGGERS: dict[str, re.Pattern] = {
    "inhibition": re.compile(r"^(inhib|block|suppress|antagon|decreas|reduc|attenu|downregul|abolish|abrogat|impair|"
                             r"prevent|diminish|lower|silenc|deplet)"),
    "activation": re.compile(r"^(activat|stimul|induc|increas|enhanc|elevat|upregul|agonis|promot|potentiat|restor|"
                             r"overexpress)"),
    "interaction": re.compile(r"^(bind|interact|complex|associat)"),
}
EXPRESSION_TRIGGERS = re.compile(r"^(express|level|overexpress)")
GATE_FAMILIES: dict[str, tuple[re.Pattern, ...]] = {
    "inhibition": (FAMILY_TRIGGERS["inhibition"],),
    "expression_down": (FAMILY_TRIGGERS["inhibition"], EXPRESSION_TRIGGERS),
    "activation": (FAMILY_TRIGGERS["activation"],),
    "expression_up": (FAMILY_TRIGGERS["activation"], EXPRESSION_TRIGGERS),
    "interaction": (FAMILY_TRIGGERS["interaction"],),
}
COORDINATED = frozenset((c, d) for c in ("and", "or", "versus", "vs", "nor", "plus") for d in ("a", "an", "the"))
# the pairs whose features leave out the mentions' own words and last letters ("sw:", "ow:",
# "ssuf:", "osuf:"): for drug -> gene and gene -> gene pairs they taught the model which names
# ChemProt relates rather than what the sentence says (eleventh session, chosen out of fold)
NAME_FREE_TYPES = frozenset({("drug", "gene"), ("gene", "gene")})
NAME_FEATURES = ("sw:", "ow:", "ssuf:", "osuf:")
NEGATIONS = frozenset({"not", "no", "neither", "nor", "without", "failed", "lack", "unable", "cannot", "absence"})
# words that end or join clauses: a pair across one is less often related
CLAUSE_BREAKS = frozenset({";", ",", "whereas", "while", "but", "although", "however", "which", "that", "and", "or"})
DIGITS = re.compile(r"\d+")
WINDOW = 3
MAX_BETWEEN = 40  # units: farther pairs are not candidates
MAX_MENTIONS = 40  # a sentence with more mentions (a list) is skipped


@lru_cache(maxsize=1 << 16)
def stem(key: str) -> str:
    """A crude stem: digits folded, common endings cut ("inhibits", "inhibited" -> "inhibit").
    Memoised (bounded): a pure function of a word, asked for every unit of every sentence
    the model reads, and words recur."""
    if key.startswith(ENTITY_PREFIX):
        return key.split(".")[0]
    word = DIGITS.sub("0", key)
    for ending in ("ations", "ation", "ings", "ing", "ed", "es", "s", "ors", "or", "ers", "er"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def candidates(units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Ordered (subject, object) unit indices whose types the spec allows a learned claim for."""
    mentions = [i for i, u in enumerate(units) if u.mention is not None]
    if len(mentions) > MAX_MENTIONS:
        return []
    out = []
    for s in mentions:
        for o in mentions:
            a, b = units[s].mention, units[o].mention
            if s == o or a is b or abs(s - o) > MAX_BETWEEN or (a.entity_type, b.entity_type) not in ALLOWED:  # type: ignore[union-attr]
                continue
            if a.start == b.start or (a.entity_id and a.entity_id == b.entity_id):  # type: ignore[union-attr]
                continue
            if a.entity_type == "drug" and b.entity_type == "gene" and is_cell_adjective(units, s):  # type: ignore[union-attr]
                continue
            out.append((s, o))
    return out


def is_cell_adjective(units: Sequence[Unit], index: int) -> bool:
    """Whether the mention at `index` only names what cells resist ("tamoxifen-resistant
    cells", "a gefitinib-refractory subline"): such a drug acts on no gene of the sentence.
    Counted on the train splits: 6 of the 19,495 labelled pairs have their drug so, all
    BioRED: "thyroxine-resistant", "iron-refractory" (none) and "glucose tolerant subjects"
    (3 activation pairs by the abstract's document-level relation, stated by no sentence)."""
    after = list(units[index + 1: index + 3])
    if after and after[0].key == "-":
        after = after[1:]
    # the next word, also as the first word of a mention ("resistant MCF-7 cells")
    word = after[0].text.split()[0].lower() if after and after[0].text.strip() else ""
    return RESISTANT_ADJECTIVE.match(word) is not None


@dataclass(frozen=True)
class RuleHit:
    """A rule claim of the sentence, by the unit indices of its arguments."""

    claim_type: str
    rule: str
    subject: int
    object: int


@dataclass(frozen=True)
class SentenceView:
    """What every pair of one sentence shares, computed once: the units' stems, where the
    trigger and outcome words are, how many mentions there are."""

    keys: tuple[str, ...]
    triggers: tuple[tuple[int, str, str], ...]  # (unit index, trigger stem, word stem)
    outcomes: tuple[tuple[int, str, str], ...]  # (unit index, outcome stem, the stem before it)
    mentions: int

    @classmethod
    def of(cls, units: Sequence[Unit]) -> "SentenceView":
        keys = tuple(stem(u.key) for u in units)
        triggers = tuple((i, m.group(1), w) for i, w in enumerate(keys) if (m := TRIGGERS.match(w)))
        outcomes = tuple((i, m.group(1), keys[i - 1] if i else "^") for i, w in enumerate(keys) if (m := OUTCOME.match(w)))
        return cls(keys, triggers, outcomes, sum(1 for u in units if u.mention is not None))


def pair_features(units: Sequence[Unit], s: int, o: int, hits: Sequence[RuleHit],
                  view: SentenceView | None = None) -> list[str]:
    """The features of one ordered candidate pair (see the module docstring), each
    conjoined with the pair's types: drug -> gene and gene -> drug pairs learn apart.
    `view`: the sentence's SentenceView, when the caller scores several pairs."""
    st, ot = units[s].mention.entity_type, units[o].mention.entity_type  # type: ignore[union-attr]
    types = f"{st}>{ot}"
    feats = _features(units, s, o, hits, view or SentenceView.of(units))
    if (st, ot) in NAME_FREE_TYPES:
        feats = [f for f in feats if not f.startswith(NAME_FEATURES)]
    return [f"{types}/{f}" for f in feats]


def _features(units: Sequence[Unit], s: int, o: int, hits: Sequence[RuleHit], view: SentenceView) -> list[str]:
    keys = view.keys
    lo, hi = min(s, o), max(s, o)
    way = "f" if s < o else "b"
    between = keys[lo + 1: hi]
    feats = ["bias", "way=" + way, f"dist={_bucket(len(between))}|{way}", f"mentions={min(6, view.mentions)}"]
    feats += [f"b:{w}|{way}" for w in set(between)]
    feats += [f"bb:{a}_{b}" for a, b in zip(between, between[1:])]
    feats += [f"clause:{w}" for w in set(between) if w in CLAUSE_BREAKS]
    if len(between) <= 6:
        feats.append(f"bs:{' '.join(between)}|{way}")
    before, after = keys[max(0, lo - WINDOW): lo], keys[hi + 1: hi + 1 + WINDOW]
    feats += [f"l{len(before) - i}:{w}" for i, w in enumerate(before)] + [f"r{i + 1}:{w}" for i, w in enumerate(after)]
    feats += [f"l:{w}|{way}" for w in before] + [f"r:{w}|{way}" for w in after]
    for role, index in (("s", s), ("o", o)):
        text_words = re.findall(r"[a-z]+", units[index].text.lower())
        feats += [f"{role}w:{stem(w)}" for w in text_words[1:]]  # "EGFR inhibitors", "KRAS mutant"
        feats.append(f"{role}suf:{units[index].text[-3:].lower()}")
    feats += _trigger_features(view, lo, hi, way)
    feats += [f"neg:{w}" for w in between if w in NEGATIONS]
    feats.append(f"mb={min(3, sum(1 for u in units[lo + 1: hi] if u.mention is not None))}")
    feats += [f"mbt:{u.mention.entity_type}" for u in units[lo + 1: hi] if u.mention is not None]
    feats += _rule_features(hits, s, o)
    if units[o].mention.entity_type in ("drug", "therapy"):  # type: ignore[union-attr]
        feats += _outcome_features(view, lo, hi)
    feats += _shape_features(units, view, s, o, lo, hi, way)
    return feats


def _shape_features(units: Sequence[Unit], view: SentenceView, s: int, o: int, lo: int, hi: int,
                    way: str) -> list[str]:
    """Features that name no content word but the shape of the pair (shared by phrasings
    the training sentences do not spell out): the trigger nearest each end of the span and
    on which side, whether another mention of the subject's or object's type stands between,
    the words just inside the span, a role noun right after a mention ("D, a G inhibitor"),
    and a mention used as an adjective ("D-resistant cells", "D-treated")."""
    keys = view.keys
    feats = []
    inside = [(i, t) for i, t, _ in view.triggers if lo < i < hi]
    if inside:
        near_s = min(inside, key=lambda it: abs(it[0] - s))
        near_o = min(inside, key=lambda it: abs(it[0] - o))
        feats += [f"ntrig_s:{near_s[1]}", f"ntrig_o:{near_o[1]}", f"ntrig_n={min(3, len(inside))}"]
    else:
        feats.append("ntrig:none")
        feats += _outside_trigger(view, lo, hi)
    st, ot = units[s].mention.entity_type, units[o].mention.entity_type  # type: ignore[union-attr]
    between_types = {u.mention.entity_type for u in units[lo + 1: hi] if u.mention is not None}
    feats.append(f"same_s_between={st in between_types}")
    feats.append(f"same_o_between={ot in between_types}")
    if hi - lo > 1:
        feats += [f"in_first:{keys[lo + 1]}|{way}", f"in_last:{keys[hi - 1]}|{way}"]
    for role, index in (("s", s), ("o", o)):
        feats += _words_after_mention(keys, role, index)
    return feats


def _words_after_mention(keys: Sequence[str], role: str, index: int) -> list[str]:
    """A role noun within three units after the mention ("D, a G inhibitor") and a
    hyphenated adjective use ("D-resistant cells"), for the mention in its role."""
    feats = []
    nxt = keys[index + 1: index + 4]
    role_noun = next((w for w in nxt if ROLE_NOUNS.match(w)), None)
    if role_noun:
        feats.append(f"{role}role:{ROLE_NOUNS.match(role_noun).group(1)}")  # type: ignore[union-attr]
    if len(nxt) >= 2 and nxt[0] == "-" and ADJECTIVE_AFTER.match(nxt[1]):
        feats.append(f"{role}adj:{ADJECTIVE_AFTER.match(nxt[1]).group(1)}")  # type: ignore[union-attr]
    return feats


def passes_trigger_gate(view: SentenceView, s: int, o: int, claim_type: str) -> bool:
    """Whether a model claim of `claim_type` on the pair (s, o) has a trigger of its family
    where the pair's features see one (GATE_FAMILIES): between the two mentions, or next to
    the pair (the "otrig ... near" feature's trigger, a role noun after either mention) with
    no coordinator and determiner ("and an") between. Types outside GATE_FAMILIES pass."""
    patterns = GATE_FAMILIES.get(claim_type)
    if patterns is None:
        return True
    lo, hi = min(s, o), max(s, o)
    ours = lambda stem_: any(p.match(stem_) for p in patterns)  # noqa: E731
    inside = [t for i, t, _ in view.triggers if lo < i < hi]
    if any(ours(t) for t in inside):
        return True
    keys = view.keys
    near = [f.split(":", 1)[1] for role, index in (("s", s), ("o", o)) for f in _words_after_mention(keys, role, index)
            if f.startswith(f"{role}role:")]
    if not inside:
        near += [f[len("otrig:"):].split("|")[0] for f in _outside_trigger(view, lo, hi) if f.endswith("|near")]
    if not any(ours(t) for t in near):
        return False
    between = keys[lo + 1: hi]
    return not any(pair in COORDINATED for pair in zip(between, between[1:]))


def _outside_trigger(view: SentenceView, lo: int, hi: int) -> list[str]:
    """For a pair with no trigger between its mentions: the trigger nearest the span
    outside it, its side and whether it is near (at most 3 units away); none if none."""
    outside = [(abs(i - (lo if i < lo else hi)), t, "before" if i < lo else "after")
               for i, t, _ in view.triggers if i < lo or i > hi]
    if not outside:
        return []
    d, t, where = min(outside)
    return [f"otrig:{t}|{where}|{'near' if d <= 3 else 'far'}"]


def _outcome_features(view: SentenceView, lo: int, hi: int) -> list[str]:
    """Outcome words of the sentence, alone, by where they stand and after which word
    ("decreased sensitivity", "no benefit", "less sensitive"): for pairs with a drug object."""
    feats = set()
    for i, outcome, previous in view.outcomes:
        where = "before" if i < lo else ("between" if i < hi else "after")
        feats.update((f"out:{outcome}", f"outp:{outcome}|{where}", f"outbg:{previous}_{outcome}"))
    return sorted(feats)


class PairFeaturizer:
    """The features of all candidate pairs of one sentence, hashed: the same set of rows
    per pair as `hash_features(pair_features(...))` (tested), at a fraction of the cost.
    What a mention or a span contributes is built once per sentence (a mention stands in
    many pairs, a span in both orders of its pair), and the pair's type conjunction is not
    spelled out: CRC32 is incremental, so the hash of "drug>gene/" continues over each
    feature's own bytes (zlib.crc32(feature, crc32(prefix)) == zlib.crc32(prefix + feature))."""

    def __init__(self, units: Sequence[Unit], hits: Sequence[RuleHit], view: SentenceView | None = None) -> None:
        self.units = units
        self.hits = hits
        self.view = view or SentenceView.of(units)
        self.mention_at = tuple(i for i, u in enumerate(units) if u.mention is not None)
        self._roles: dict[tuple[str, int], list[str]] = {}
        self._spans: dict[tuple[int, int], list[str]] = {}
        self._outcomes: dict[tuple[int, int], list[str]] = {}
        self._seeds: dict[str, int] = {}
        # CRC32s of the shared parts, per part and type conjunction (its seed)
        self._codes: dict[tuple[str, int, int, int], list[int]] = {}

    def rows(self, pairs: Sequence[tuple[int, int]], dim: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, starts): every pair's distinct rows in ascending order, one pair after the
        other, and where each pair's rows start (np.add.reduceat's indices)."""
        codes: list[int] = []
        lengths = []
        crc32 = zlib.crc32
        for s, o in pairs:
            seed = self._seed(s, o)
            lo, hi = min(s, o), max(s, o)
            own = [crc32(f.encode(), seed) for f in self._own(s, o)]
            named = self._named(s, o)
            own += self._shared_codes("s", s, -1, seed, named) + self._shared_codes("o", o, -1, seed, named)
            own += self._shared_codes("span", lo, hi, seed)
            if self.units[o].mention.entity_type in ("drug", "therapy"):  # type: ignore[union-attr]
                own += self._shared_codes("outcome", lo, hi, seed)
            codes += own
            lengths.append(len(own))
        keys = np.repeat(np.arange(len(pairs), dtype=np.int64) * dim, lengths)
        # through a typed buffer of unsigned longs (CRC32s are unsigned): np.array of a list
        # of ints discovers each item's type
        buffer = array("L", codes)
        keys += (np.frombuffer(buffer, dtype=f"u{buffer.itemsize}") % dim).astype(np.int64)
        keys = np.unique(keys)  # sorted by pair, then by row: binary features, as in training
        starts = np.searchsorted(keys, np.arange(len(pairs), dtype=np.int64) * dim)
        return keys % dim, starts

    def _seed(self, s: int, o: int) -> int:
        types = f"{self.units[s].mention.entity_type}>{self.units[o].mention.entity_type}/"  # type: ignore[union-attr]
        if types not in self._seeds:
            self._seeds[types] = zlib.crc32(types.encode())
        return self._seeds[types]

    def _named(self, s: int, o: int) -> bool:
        """Whether the pair's features name its mentions' own words (not NAME_FREE_TYPES)."""
        types = (self.units[s].mention.entity_type, self.units[o].mention.entity_type)  # type: ignore[union-attr]
        return types not in NAME_FREE_TYPES

    def _shared_codes(self, part: str, first: int, second: int, seed: int, named: bool = True) -> list[int]:
        """The CRC32s, under one type conjunction, of a part many pairs share: a mention's
        in a role ("s", "o": `first` is its unit index; `named`: with its own words), a
        span's or its outcome words' ("span", "outcome": `first`, `second` its ends). The
        seed stands for the type conjunction, which decides `named`."""
        key = (part, first, second, seed)
        if key not in self._codes:
            if part == "span":
                feats = self._span(first, second)
            elif part == "outcome":
                feats = self._outcome(first, second)
            else:
                feats = self._role(part, first)
                if not named:
                    feats = [f for f in feats if not f.startswith(NAME_FEATURES)]
            self._codes[key] = [zlib.crc32(f.encode(), seed) for f in feats]
        return self._codes[key]

    def features(self, s: int, o: int) -> list[str]:
        """The pair's features without the type conjunction: the same set as _features."""
        lo, hi = min(s, o), max(s, o)
        roles = self._role("s", s) + self._role("o", o)
        if not self._named(s, o):
            roles = [f for f in roles if not f.startswith(NAME_FEATURES)]
        feats = self._own(s, o) + roles + self._span(lo, hi)
        if self.units[o].mention.entity_type in ("drug", "therapy"):  # type: ignore[union-attr]
            feats += self._outcome(lo, hi)
        return feats

    def _outcome(self, lo: int, hi: int) -> list[str]:
        if (lo, hi) not in self._outcomes:
            self._outcomes[(lo, hi)] = _outcome_features(self.view, lo, hi)
        return self._outcomes[(lo, hi)]

    def _own(self, s: int, o: int) -> list[str]:
        """The features that depend on the pair's order, not only on its span or its mentions."""
        units, view, keys = self.units, self.view, self.view.keys
        lo, hi = min(s, o), max(s, o)
        way = "f" if s < o else "b"
        between = keys[lo + 1: hi]
        feats = ["way=" + way, f"dist={_bucket(len(between))}|{way}"]
        feats += [f"b:{w}|{way}" for w in set(between)]
        if len(between) <= 6:
            feats.append(f"bs:{' '.join(between)}|{way}")
        feats += [f"l:{w}|{way}" for w in keys[max(0, lo - WINDOW): lo]]
        feats += [f"r:{w}|{way}" for w in keys[hi + 1: hi + 1 + WINDOW]]
        for i, trigger, _ in view.triggers:
            where = "before" if i < lo else ("between" if i < hi else "after")
            feats.append(f"t:{trigger}|{where}|{way}")
            if where == "between" and min(i - lo, hi - i) <= 2:
                feats.append(f"tnear:{trigger}|{'s' if (i - lo <= 2) == (way == 'f') else 'o'}")
        feats += _rule_features(self.hits, s, o)
        st, ot = units[s].mention.entity_type, units[o].mention.entity_type  # type: ignore[union-attr]
        inside = [(i, t) for i, t, _ in view.triggers if lo < i < hi]
        if inside:
            near_s = min(inside, key=lambda it: abs(it[0] - s))
            near_o = min(inside, key=lambda it: abs(it[0] - o))
            feats += [f"ntrig_s:{near_s[1]}", f"ntrig_o:{near_o[1]}"]
        between_types = {units[i].mention.entity_type for i in self.mention_at if lo < i < hi}  # type: ignore[union-attr]
        feats.append(f"same_s_between={st in between_types}")
        feats.append(f"same_o_between={ot in between_types}")
        if hi - lo > 1:
            feats += [f"in_first:{keys[lo + 1]}|{way}", f"in_last:{keys[hi - 1]}|{way}"]
        return feats

    def _role(self, role: str, index: int) -> list[str]:
        """What one mention adds in one role: its words after the first, its last letters,
        a role noun or an adjective use right after it."""
        if (role, index) not in self._roles:
            unit, keys = self.units[index], self.view.keys
            feats = [f"{role}w:{stem(w)}" for w in re.findall(r"[a-z]+", unit.text.lower())[1:]]
            feats.append(f"{role}suf:{unit.text[-3:].lower()}")
            feats += _words_after_mention(keys, role, index)
            self._roles[(role, index)] = feats
        return self._roles[(role, index)]

    def _span(self, lo: int, hi: int) -> list[str]:
        """What the span between two mentions adds whichever way the pair reads."""
        if (lo, hi) not in self._spans:
            view, keys = self.view, self.view.keys
            between = keys[lo + 1: hi]
            feats = ["bias", f"mentions={min(6, view.mentions)}"]
            feats += [f"bb:{a}_{b}" for a, b in zip(between, between[1:])]
            feats += [f"clause:{w}" for w in set(between) if w in CLAUSE_BREAKS]
            before, after = keys[max(0, lo - WINDOW): lo], keys[hi + 1: hi + 1 + WINDOW]
            feats += [f"l{len(before) - i}:{w}" for i, w in enumerate(before)] + [f"r{i + 1}:{w}" for i, w in enumerate(after)]
            for i, _, w in view.triggers:
                feats.append(f"tw:{w}|{'before' if i < lo else ('between' if i < hi else 'after')}")
            feats += [f"neg:{w}" for w in between if w in NEGATIONS]
            types = [self.units[i].mention.entity_type for i in self.mention_at if lo < i < hi]  # type: ignore[union-attr]
            feats.append(f"mb={min(3, len(types))}")
            feats += [f"mbt:{t}" for t in types]
            inside = [t for i, t, _ in view.triggers if lo < i < hi]
            if inside:
                feats.append(f"ntrig_n={min(3, len(inside))}")
            else:
                feats.append("ntrig:none")
                feats += _outside_trigger(view, lo, hi)
            self._spans[(lo, hi)] = feats
        return self._spans[(lo, hi)]


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20):
        if n <= limit:
            return str(limit)
    return "far"


def _trigger_features(view: SentenceView, lo: int, hi: int, way: str) -> list[str]:
    feats = []
    for i, trigger, w in view.triggers:
        where = "before" if i < lo else ("between" if i < hi else "after")
        feats += [f"t:{trigger}|{where}|{way}", f"tw:{w}|{where}"]
        if where == "between" and min(i - lo, hi - i) <= 2:
            feats.append(f"tnear:{trigger}|{'s' if (i - lo <= 2) == (way == 'f') else 'o'}")
    return feats


def _rule_features(hits: Sequence[RuleHit], s: int, o: int) -> list[str]:
    feats = []
    for h in hits:
        if (h.subject, h.object) == (s, o):
            feats += [f"rule:{h.claim_type}", f"ruleid:{h.rule}"]
        elif (h.subject, h.object) == (o, s):
            feats.append(f"rrule:{h.claim_type}")
        elif h.subject == s or h.object == o:
            feats.append(f"srule:{h.claim_type}")
    return feats or ["norule"]


def hash_features(features: Iterable[str], dim: int) -> np.ndarray:
    """Row indices of the features (CRC32 modulo the weight matrix's height)."""
    return np.fromiter((zlib.crc32(f.encode("utf-8")) % dim for f in features), dtype=np.int64)


@dataclass(frozen=True)
class Prediction:
    subject: int  # unit indices
    object: int
    claim_type: str
    probability: float


class RelationModel:
    """Sparse weights (hashed features x classes), biases, per-class thresholds and,
    optionally, the dense part over the encoder's token vectors (DenseLayer)."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, classes: Sequence[str],
                 thresholds: Mapping[str, float], name: str = MODEL_NAME,
                 bands: Sequence[tuple[float, float, float]] = (), dense: DenseLayer | None = None,
                 claim_types: Iterable[str] | None = None, trigger_gate: bool = False) -> None:
        """`claim_types`: the types it may claim (MODEL_SCOPES); None: every class it has.
        `trigger_gate`: its molecular claims need a trigger of their family (passes_trigger_gate)."""
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.classes = tuple(classes)
        self.thresholds = dict(thresholds)
        self.name = name
        self.bands = tuple(bands)  # (from, to, confidence): see with_bands
        self.dense = dense
        self.claim_types = frozenset(self.classes[1:] if claim_types is None else claim_types) - {NONE}
        self.trigger_gate = trigger_gate
        self._index = {c: i for i, c in enumerate(self.classes)}
        self._allowed: dict[tuple[str, str], np.ndarray] = {}  # _allowed_row, per pair of types

    def with_bands(self, bands: Sequence[tuple[float, float, float]]) -> "RelationModel":
        """The model whose claims carry the confidence measured for their probability band:
        (from, to, confidence) rows of the confidence table (evaluation/confidence.py)."""
        return RelationModel(self.weights, self.bias, self.classes, self.thresholds, self.name, bands, self.dense,
                             self.claim_types, self.trigger_gate)

    def restricted_to(self, claim_types: Iterable[str]) -> "RelationModel":
        """The model that states claims of these types only; a pair that may get none of
        them is not scored (the others keep their probabilities to the bit, see predict)."""
        return RelationModel(self.weights, self.bias, self.classes, self.thresholds, self.name, self.bands,
                             self.dense, claim_types, self.trigger_gate)

    @property
    def reads_vectors(self) -> str | None:
        """The encoder fingerprint whose token vectors the model reads; None for a sparse-only model."""
        return self.dense.encoder if self.dense is not None else None

    def confidence_of(self, probability: float) -> float:
        """The measured confidence of the probability's band; the probability itself
        where no band was measured."""
        for low, high, confidence in self.bands:
            if low <= probability < high or probability == high == 1.0:
                return confidence
        return round(probability, 4)

    @property
    def dim(self) -> int:
        return self.weights.shape[0]

    @property
    def rule(self) -> str:
        return RULE_PREFIX + self.name

    @classmethod
    def load(cls, folder: Path = MODEL_DIR, name: str = MODEL_NAME) -> "RelationModel":
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{name}.npz") as data:
            dense = None
            if meta.get("dense"):
                d = meta["dense"]
                dense = DenseLayer(tuple(d["pieces"]), data["dense_weights"].astype(np.float32),
                                   data["dense_mean"].astype(np.float32), d["encoder"], int(d["width"]))
            return cls(data["weights"], data["bias"], meta["classes"], meta["thresholds"], name, dense=dense,
                       trigger_gate=bool(meta.get("trigger_gate", False)))

    def save(self, folder: Path, meta: Mapping) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"weights": self.weights.astype(np.float16), "bias": self.bias}
        data = {**meta, "name": self.name, "classes": list(self.classes), "thresholds": self.thresholds,
                "dim": self.dim, "trigger_gate": self.trigger_gate}
        if self.dense is not None:
            arrays.update(dense_weights=self.dense.weights, dense_mean=self.dense.mean)
            data["dense"] = {"pieces": list(self.dense.pieces), "encoder": self.dense.encoder,
                             "width": self.dense.width, **data.get("dense", {})}
        np.savez_compressed(folder / f"{self.name}.npz", **arrays)
        (folder / f"{self.name}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    def probabilities(self, features: Sequence[str], allowed: Iterable[str]) -> dict[str, float]:
        """Softmax over "none" and the allowed claim types, of the sparse features (the
        dense part, if any, at its training mean)."""
        rows = np.unique(hash_features(features, self.dim))  # binary features, as in training
        scores = self.weights[rows].sum(axis=0) + self.bias
        if self.dense is not None:
            scores = scores + self.dense.mean @ self.dense.weights
        keep = [self._index[NONE]] + [self._index[c] for c in allowed if c in self._index]
        z = scores[keep] - scores[keep].max()
        p = np.exp(z) / np.exp(z).sum()
        return {self.classes[k]: float(v) for k, v in zip(keep, p)}

    def predict(self, units: Sequence[Unit], hits: Sequence[RuleHit],
                vectors: TokenVectors | None = None,
                skip: Callable[[int, int], bool] | None = None) -> Iterator[Prediction]:
        """The claims the model states: the best allowed claim type of each candidate pair,
        when the probability of its family (FAMILIES) beats "none" and reaches the type's
        threshold; that probability is the claim's. All pairs of the sentence are scored at once.
        `vectors`: the sentence's token vectors, for a model with a dense part (without them,
        or from another encoder, the dense inputs stand at their training mean).
        `skip(subject, object)`: pairs the caller would drop whatever the model says: neither
        their features nor their dense inputs are made, and they are never predicted. The
        others keep their probabilities to the bit: the arrays keep a row for every candidate
        pair (the skipped ones at the bias and the dense mean), since numpy's matrix products
        may round by the shape of their operands."""
        pairs = candidates(units)
        if not pairs:
            return
        read = [n for n, (s, o) in enumerate(pairs)
                if self._may_claim(units[s], units[o]) and (skip is None or not skip(s, o))]
        if not read:
            return
        rows, starts = PairFeaturizer(units, hits).rows([pairs[n] for n in read], self.dim)
        sparse = np.add.reduceat(self.weights[rows], starts, axis=0)
        if len(read) < len(pairs):
            every = np.zeros((len(pairs), sparse.shape[1]), dtype=sparse.dtype)
            every[read] = sparse
            sparse = every
        scores = sparse + self.bias
        if self.dense is not None:
            scores = scores + self.dense.scores(vectors, units, pairs, read if len(read) < len(pairs) else None)
        allowed = np.array([self._allowed_row(units[s].mention.entity_type, units[o].mention.entity_type)  # type: ignore[union-attr]
                            for s, o in pairs])
        scores = np.where(allowed, scores, -np.inf)
        probs = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        kept = set(read)
        view = SentenceView.of(units) if self.trigger_gate else None
        for n, (best, p) in enumerate(zip(*family_decisions(probs, self.classes))):
            name = self.classes[best]
            if (n in kept and name in self.claim_types and p > probs[n, self._index[NONE]]
                    and p >= self.thresholds.get(name, 1.0)
                    and (view is None or passes_trigger_gate(view, pairs[n][0], pairs[n][1], name))):
                yield Prediction(pairs[n][0], pairs[n][1], name, float(p))


    def _may_claim(self, subject: Unit, obj: Unit) -> bool:
        """Whether a pair of these mentions' types may get one of the types this model claims."""
        return not ALLOWED[(subject.mention.entity_type, obj.mention.entity_type)].isdisjoint(self.claim_types)  # type: ignore[union-attr]

    def _allowed_row(self, subject_type: str, object_type: str) -> np.ndarray:
        """Which classes a pair of these types may get: "none" and its ALLOWED claim types."""
        key = (subject_type, object_type)
        if key not in self._allowed:
            row = np.full(len(self.classes), False)
            row[self._index[NONE]] = True
            row[[self._index[c] for c in ALLOWED[key] if c in self._index]] = True
            self._allowed[key] = row
        return self._allowed[key]


def family_decisions(probs: np.ndarray, classes: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per row of class probabilities: the likeliest claim type (never "none") and the
    probability of its family (FAMILIES): "inhibits" and "decreases the expression of"
    share their evidence, and the type is the likelier one. A claim is made when that
    probability beats "none" and reaches the type's threshold (RelationModel.predict;
    tools.relations.crossval decides the same way)."""
    claims = probs.copy()
    claims[:, list(classes).index(NONE)] = -1.0
    best = claims.argmax(axis=1)
    return best, (probs @ _family_matrix(tuple(classes)))[np.arange(len(best)), best]


@lru_cache(maxsize=4)
def _family_matrix(classes: tuple[str, ...]) -> np.ndarray:
    """Row j: 1 for the classes of class j's family (FAMILIES; a class alone else)."""
    index = {c: i for i, c in enumerate(classes)}
    matrix = np.eye(len(index), dtype=np.float32)
    for members in FAMILIES:
        idx = [index[c] for c in members if c in index]
        for j in idx:
            matrix[j, idx] = 1.0
    return matrix


def load_model_bands(confidence_file: Path, rule: str) -> list[tuple[float, float, float]]:
    """(from, to, confidence) of the model's probability bands measured on the dev splits
    (`litclaims eval confidence --write`), for the model that rule names; [] if none."""
    if not confidence_file.exists():
        return []
    model = json.loads(confidence_file.read_text(encoding="utf-8")).get("model") or {}
    if model.get("rule") != rule:
        return []
    return [(b["from"], b["to"], b["confidence"]) for b in model.get("bands", []) if b.get("predicted")]
