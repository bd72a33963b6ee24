"""The pattern language of the rule tables, compiled to regular expressions over
the encoded unit sequence (see `units.encode`: "key key key ... ").

A pattern is a space-separated sequence of elements:

    S, O            one subject / object mention of the rule's entity types
                    (type "class": the target gene named by a drug-class mention,
                    "aromatase" in "aromatase inhibitors")
    S+, O+          a coordinated list of them ("IGF-IR, PI3K, IRS-1 and Shc")
    O:cell_line     a slot with its own entity types (comma-separated)
    ~N              up to N other words (never a clause break such as ";" or
                    "whereas", never a mention that could fill the slot next to it)
    ~N/and|or       the same, and never these words either
    VERB            any form of the rule's verbs (inhibit, inhibits, inhibited, inhibiting)
    VERB:finite     inhibit, inhibits, inhibited       VERB:pp   inhibited
    VERB:ing        inhibiting                         VERB:base inhibit, inhibits
    NOUN            the rule's nouns (inhibition, blockade)
    LPAREN, RPAREN  a literal "(" / ")" of the sentence ("the G antagonist (D)")
    NEG             a negation cue that is part of the phrasing ("did not respond");
                    the claim is not marked negated because of it
    AFTER_MENTION   (nothing consumed) the word before is a mention of any type
    MENTION         one mention of any type that is no slot (no claim is made on it): a
                    first verb's object a later phrase steps over ("S inhibited MENTION
                    production and enhanced O"); a gap beside it stops at no mention
    NOTINF_IN_PHRASE  (in the subject gap @SGAP) the verb is no infinitive ("to VERB")
                    when the subject is a preposition's object (macro PP_BEFORE_SUBJECT)
    VARIANT         one word naming a sequence variant: V600E, T790M, G12, Q61,
                    E746_A750del, Q1178*, P780ins, rs1800566 (see VARIANT_WORD)
    word            a word, compared lower-case without hyphens ("cross-talk" = "crosstalk")
    word*           any word starting with it (resistan* = resistance, resistant)
    a|an|the        one of these words
    @NAME           a macro from the cue table (e.g. @BE = is|are|was|were|be|been)
    !word  !@NAME   the next word is not this one / does not start this macro (nothing consumed)
    !( ... )        what follows does not match this group (nothing consumed)
    ( ... | ... )   a group of alternative sequences;  X?  or  ( ... )?  makes it optional

Words and verbs only ever match words; slots only ever match mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from litclaims.extract.claims.units import ENTITY_PREFIX, FLAVOURS, word_key
from litclaims.schemas.vocabulary import ENTITY_TYPES

ANY = r"[^ ]+ "
# A sequence variant written as one word (lower case, as units.word_key makes it):
# protein changes ("v600e", "t790m", "g12", "q61", "d842", "q1178*" where the
# asterisk is its own unit, "e746_a750del", "p780ins", "t1151inst", "m774insayvm",
# "glu636fs"), dbSNP ids ("rs1800566"). Gene states name the gene, so a rule can
# step over "EGFR T790M" or "KRAS G12C mutant" as one phrase.
VARIANT_WORD = (
    r"(?:[a-z]\d{1,4}(?:[a-z]|_[a-z]?\d{1,4}[a-z]*|del[a-z]*|ins[a-z]*|dup[a-z]*|fs[a-z0-9]*)?"
    r"|[a-z]{3}\d{1,4}(?:[a-z]{3}|fs[a-z0-9]*|del[a-z]*|ins[a-z]*)"
    r"|rs\d{3,})"
)
SLOT_TYPES = ENTITY_TYPES + tuple(FLAVOURS)
_TOKEN_RE = re.compile(r"\(|\)\??|[^\s()]+")


class PatternError(ValueError):
    pass


@dataclass
class Node:
    kind: str  # seq, alt, word, slot, gap, verb, noun, neg, macro, notword, mention
    value: object = None
    children: list["Node"] = field(default_factory=list)
    optional: bool = False
    types: tuple[str, ...] = ()
    is_list: bool = False
    role: str = ""


@dataclass(frozen=True)
class CompileContext:
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]
    verbs: tuple[str, ...]
    nouns: tuple[str, ...]
    macros: Mapping[str, str]
    breakers: tuple[str, ...]  # words a gap never crosses
    list_breakers: tuple[str, ...]  # words that end a coordinated list
    coordinators: tuple[str, ...]  # DSL fragments that join list items
    exemplifiers: tuple[str, ...]  # "such as", "including": join items, never right after a mention
    negation_cues: str  # DSL fragment
    verb_forms: Callable[[str, str], list[str]]  # (lemma, form kind) -> DSL word alternatives
    # DSL words that, right after a gene mention, make it the target a drug is named by
    # ("the Src kinase inhibitor, PP1", "PDE3 inhibitors"): such a gene is no subject
    # (rules.py sets it for the molecular claim types; empty: no restriction)
    gene_subject_not_before: str = ""
    # pattern string -> compiled regex (regex_cache.RegexCache.compile keeps them between processes)
    compile_regex: Callable[[str], re.Pattern] = re.compile


def parse(pattern: str) -> Node:
    tokens = _TOKEN_RE.findall(pattern)
    node, pos = _parse_alt(tokens, 0)
    if pos != len(tokens):
        raise PatternError(f"unexpected {tokens[pos]!r} in pattern {pattern!r}")
    return node


def _parse_alt(tokens: list[str], pos: int) -> tuple[Node, int]:
    branches = []
    seq, pos = _parse_seq(tokens, pos)
    branches.append(seq)
    while pos < len(tokens) and tokens[pos] == "|":
        seq, pos = _parse_seq(tokens, pos + 1)
        branches.append(seq)
    if len(branches) == 1:
        return branches[0], pos
    return Node("alt", children=branches), pos


def _parse_seq(tokens: list[str], pos: int) -> tuple[Node, int]:
    items: list[Node] = []
    while pos < len(tokens) and tokens[pos] not in ("|", ")", ")?"):
        tok = tokens[pos]
        if tok == "!" and pos + 1 < len(tokens) and tokens[pos + 1] == "(":
            inner, pos = _parse_alt(tokens, pos + 2)
            if pos >= len(tokens) or tokens[pos] != ")":
                raise PatternError("unclosed '!(' in pattern")
            items.append(Node("notgroup", children=[inner]))
            pos += 1
            continue
        if tok == "(":
            _check_group(tokens, pos + 1)
            inner, pos = _parse_alt(tokens, pos + 1)
            if pos >= len(tokens) or tokens[pos] not in (")", ")?"):
                raise PatternError("unclosed '(' in pattern")
            group = Node("seq", children=[inner]) if inner.kind != "seq" else inner
            group.optional = tokens[pos] == ")?"
            items.append(group)
            pos += 1
            continue
        items.append(_parse_atom(tok))
        pos += 1
    piped = [str(n.value) for n in items if n.kind == "word" and "|" in str(n.value)]
    if len(piped) > 1:
        raise PatternError(
            f"ambiguous words {' '.join(piped)}: put each set of one-word alternatives in its own group "
            "( a|b ) ( c|d ), or separate alternatives of several words with ' | '"
        )
    return Node("seq", children=items), pos


def _check_group(tokens: list[str], start: int) -> None:
    """Reject "( due to|following )": alternatives of several words need " | "
    ("( due to | following )"), and this reads as "due (to|following)"."""
    inner: list[str] = []
    depth = 0
    for tok in tokens[start:]:
        if tok == "(":
            depth += 1
        elif tok in (")", ")?"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0:
            inner.append(tok)
    words = [t for t in inner if not t.startswith(("~", "@", "!", "S", "O")) or "|" in t]
    if "|" not in inner and len(words) > 1 and any("|" in t for t in words):
        raise PatternError(
            f"ambiguous group ( {' '.join(inner)} ): separate alternatives of several words with ' | '"
        )


def _parse_atom(tok: str) -> Node:
    optional = len(tok) > 1 and tok.endswith("?")
    if optional:
        tok = tok[:-1]
    node = _atom(tok)
    node.optional = optional
    return node


def _atom(tok: str) -> Node:
    if tok.startswith("~"):
        count, _, stops = tok[1:].partition("/")
        if count.isdigit():
            return Node("gap", value=int(count), types=tuple(w for w in stops.split("|") if w))
    head, _, types = tok.partition(":")
    if head in ("S", "S+", "O", "O+"):
        return Node(
            "slot",
            role=head[0],
            is_list=head.endswith("+"),
            types=tuple(t for t in types.split(",") if t),
        )
    if head == "VERB":
        return Node("verb", value=types or "any")
    if tok == "NOUN":
        return Node("noun")
    if tok in ("LPAREN", "RPAREN"):  # a literal parenthesis ("(" and ")" group a pattern)
        return Node("word", value="(" if tok == "LPAREN" else ")")
    if tok == "NEG":
        return Node("neg")
    if tok == "AFTER_MENTION":
        return Node("after_mention")
    if tok == "MENTION":
        return Node("mention")
    if tok == "NOTINF_IN_PHRASE":
        return Node("not_infinitive_in_phrase")
    if tok == "VARIANT":
        return Node("variant")
    if tok.startswith("@"):
        return Node("macro", value=tok[1:])
    if tok.startswith("!<") and len(tok) > 2:
        return Node("notprev", value=tok[2:])
    if tok.startswith("!") and len(tok) > 1:
        return Node("notword", value=tok[1:])
    return Node("word", value=tok)


PP_BEFORE_SUBJECT = "PP_BEFORE_SUBJECT"
SUBJECT_GAP = "SGAP"


def _phrase_context(words: list[str]) -> str:
    """The text a phrase of PP_BEFORE_SUBJECT leaves right before a slot: "via" -> " via ";
    "*ed to" (a word ending in "ed", then "to": "recruited to") -> "ed to "."""
    first, rest = words[0], [word_key(w) for w in words[1:]]
    if first.startswith("*"):
        return " ".join([word_key(first[1:])] + rest) + " "
    return " " + " ".join([word_key(first)] + rest) + " "


# A marker in a gap's `exclude` types: the gap stands beside a subject slot.
_SUBJECT_SIDE = "@S"


def _is_subject_gap(node: Node) -> bool:
    return node.kind == "macro" and str(node.value) == SUBJECT_GAP


class _Compiler:
    def __init__(self, ctx: CompileContext) -> None:
        self.ctx = ctx
        self.counters: dict[str, int] = {}
        self.slot_groups: dict[str, tuple[str, ...]] = {}
        self.macro_depth = 0
        # The group set when the subject is a preposition's object (see in_phrase_mark).
        self.in_phrase_group: str | None = None

    def group_name(self, role: str) -> str:
        n = self.counters.get(role, 0)
        self.counters[role] = n + 1
        return f"{role}_{n}"

    def compile(self, node: Node, exclude: tuple[str, ...] = ()) -> str:
        body = self._compile(node, exclude)
        if node.optional:
            return f"(?:{body})?"
        return body

    def _compile(self, node: Node, exclude: tuple[str, ...]) -> str:
        kind = node.kind
        if kind == "seq":
            # A gap next to a slot never skips a mention that could fill that slot, so
            # the slot binds the nearest candidate. A group or macro next to a slot
            # passes the constraint to every gap inside it (the subject gap @SGAP).
            parts = []
            last = len(node.children) - 1
            for i, child in enumerate(node.children):
                local = exclude
                for j in (i - 1, i + 1):
                    if 0 <= j <= last and node.children[j].kind == "slot":
                        local += self.slot_types(node.children[j])
                        if node.children[j].role == "S":
                            local += (_SUBJECT_SIDE,)
                if child.kind == "slot" and child.role == "S" and i < last and _is_subject_gap(node.children[i + 1]):
                    parts.append(self.in_phrase_mark())
                parts.append(self.compile(child, local))
            return "".join(parts)
        if kind == "alt":
            return "(?:" + "|".join(self.compile(c, exclude) for c in node.children) + ")"
        if kind == "word":
            return word_regex(str(node.value))
        if kind == "notword":
            return "(?!" + self.compile(_atom(str(node.value))) + ")"
        if kind == "notprev":
            return "".join(f"(?<! {re.escape(word_key(w))} )" for w in str(node.value).split("|") if w)
        if kind == "notgroup":
            return "(?!" + self.compile(node.children[0]) + ")"
        if kind == "gap":
            return self.gap(int(node.value), exclude, node.types)
        if kind == "slot":
            return self.slot(node)
        if kind == "verb":
            return self.verb(str(node.value))
        if kind == "noun":
            if not self.ctx.nouns:
                raise PatternError("pattern uses NOUN but the rule lists no nouns")
            return "(?:" + "|".join(self.fragment(n) for n in self.ctx.nouns) + ")"
        if kind == "neg":
            return f"(?P<{self.group_name('NEG')}>{self.fragment(self.ctx.negation_cues)})"
        if kind == "variant":
            return "(?!" + ENTITY_PREFIX + ")" + VARIANT_WORD + " "
        if kind == "mention":
            # a mention of any type, plain or flavoured ("§gene ", "§gene.class "), unbound
            return ENTITY_PREFIX + "[^ ]+ "
        if kind == "after_mention":
            # A mention of any type, plain or flavoured, is one fixed unit ("§gene ").
            units = [ENTITY_PREFIX + t for t in ENTITY_TYPES] + [ENTITY_PREFIX + b + x for b, x in FLAVOURS.values()]
            return "(?:" + "|".join(f"(?<= {re.escape(u)} )" for u in units) + ")"
        if kind == "not_infinitive_in_phrase":
            # After a subject inside a prepositional phrase, the verb is no infinitive:
            # "Dishevelled is recruited to the Axin complex to inhibit GSK-3beta" (the
            # infinitive's subject is the clause's, Dishevelled, not Axin).
            # ("related to increased X": a participle after "to" is no infinitive)
            return f"(?({self.in_phrase_group})(?:(?<! to )|(?=[^ ]*ed )))" if self.in_phrase_group else ""
        if kind == "macro":
            name = str(node.value)
            if name not in self.ctx.macros:
                raise PatternError(f"unknown macro @{name}")
            return "(?:" + self.fragment(self.ctx.macros[name], exclude) + ")"
        raise PatternError(f"unknown element {kind}")

    def in_phrase_mark(self) -> str:
        """Before a subject slot followed by the subject gap: an empty group that is set
        when the subject is the object of a preposition of place or means (the cue
        table's macro PP_BEFORE_SUBJECT, with or without a determiner), so that the gap
        can refuse an infinitive ("recruited to the Axin complex to inhibit Z")."""
        phrases = [p.split() for p in self.ctx.macros.get(PP_BEFORE_SUBJECT, "").split("|") if p.strip()]
        if not phrases:
            return ""
        contexts = [_phrase_context(words) + (f"{d} " if d else "") for words in phrases for d in ("", "the", "a", "an")]
        after = "|".join(f"(?<={re.escape(c)})" for c in contexts)
        not_after = "".join(f"(?<!{re.escape(c)})" for c in contexts)
        self.in_phrase_group = self.group_name("inpp")
        return f"(?:(?:{after})(?P<{self.in_phrase_group}>)|{not_after})"

    def fragment(self, text: str, exclude: tuple[str, ...] = ()) -> str:
        self.macro_depth += 1
        if self.macro_depth > 10:
            raise PatternError("macros nest too deep")
        try:
            return self.compile(parse(text), exclude)
        finally:
            self.macro_depth -= 1

    def slot_types(self, node: Node) -> tuple[str, ...]:
        if node.types:
            return node.types
        return self.ctx.subject_types if node.role == "S" else self.ctx.object_types

    def slot(self, node: Node) -> str:
        types = self.slot_types(node)
        ent = entity_regex(types)
        name = self.group_name(node.role)
        self.slot_groups[name] = types
        first = ent
        if node.role == "S" and "gene" in types and self.ctx.gene_subject_not_before:
            # "inhibited by the Src kinase inhibitor, PP1": the gene names what the drug
            # acts on, never the agent (issue 13 round 23). Only a list's first item: "D1
            # and D2, selective G inhibitors, suppressed O" keeps its list (and so D1, D2).
            first = f"(?!{ENTITY_PREFIX}gene {self.fragment(self.ctx.gene_subject_not_before)})" + ent
        if not node.is_list:
            return f"(?P<{name}>{first})"
        filler = self.filler()
        plain = [self.fragment(c) for c in self.ctx.coordinators]
        # "such as"/"including" right after a mention start an example of it, not a
        # next item: "aromatase inhibitors (AIs), such as letrozole"
        not_after_entity = "".join(
            f"(?<! {ENTITY_PREFIX}{re.escape(t)} )(?<! {ENTITY_PREFIX}{re.escape(t)} , )" for t in ENTITY_TYPES
        )
        # (the lookbehinds cover plain mentions; flavoured ones are rare before "such as").
        # Written once before all the examples, not before each: the same alternatives
        # in the same order, a quarter of the lookbehinds for the regex compiler.
        examples = [not_after_entity + "(?:" + "|".join(self.fragment(c) for c in self.ctx.exemplifiers) + ")"]
        coord = "(?:" + "|".join(plain + (examples if self.ctx.exemplifiers else [])) + ")"
        # ", a potent ligand of IGF-IR" is an appositive, not the next item
        no_appositive = f"(?!(?:(?!{ENTITY_PREFIX})[^ ]+ ){{0,3}}?, (?:a|an|which|that|who|whose) )"
        glue = f"(?:{no_appositive}(?:{filler}){{0,3}}{coord}(?:{filler}|{coord}){{0,4}})"
        return f"(?P<{name}>{first}(?:{glue}{ent})*)"

    def filler(self) -> str:
        stops = "|".join(re.escape(word_key(w)) for w in self.ctx.list_breakers)
        return f"(?!(?:{stops}) )(?!{ENTITY_PREFIX})[^ ]+ "

    def gap(self, n: int, exclude: tuple[str, ...], extra_stops: tuple[str, ...] = ()) -> str:
        stops = "|".join(re.escape(word_key(w)) for w in self.ctx.breakers + extra_stops)
        guard = f"(?!(?:{stops}) )"
        types = tuple(t for t in exclude if t != _SUBJECT_SIDE)
        if _SUBJECT_SIDE in exclude and "gene" in types and self.ctx.gene_subject_not_before:
            # a gene that is no subject (a drug's named target, see slot) does not stop a
            # gap beside a subject: "D1 and D2, selective G inhibitors, suppressed O"
            named = self.fragment(self.ctx.gene_subject_not_before)
            types = tuple(t for t in types if t != "gene")
            guard += f"(?!{ENTITY_PREFIX}gene(?:\\.\\w+)? (?!{named}))"
        if types:
            guard += f"(?!{entity_regex(types)})"
        return f"(?:{guard}[^ ]+ ){{0,{n}}}?"

    def verb(self, form: str) -> str:
        if not self.ctx.verbs:
            raise PatternError("pattern uses VERB but the rule lists no verbs")
        alts = []
        for lemma in self.ctx.verbs:
            for frag in self.ctx.verb_forms(lemma, form):
                alts.append(self.fragment(frag))
        return "(?:" + "|".join(alts) + ")"


def word_regex(spec: str) -> str:
    """A word element: "a|an|the", "resist*", "cross-talk"."""
    alts = []
    for alt in spec.split("|"):
        if not alt:
            continue
        prefix = alt.endswith("*") and len(alt) > 1
        if prefix:
            alt = alt[:-1]
        key = re.escape(word_key(alt))
        alts.append(f"{key}[^ ]*" if prefix else key)
    if not alts:
        raise PatternError(f"empty word element {spec!r}")
    return "(?!" + ENTITY_PREFIX + ")(?:" + "|".join(alts) + ") "


def entity_regex(types: Sequence[str]) -> str:
    """Mentions of these types. Special types (units.FLAVOURS): "class" is a drug-class
    mention that names its target gene ("aromatase inhibitors") and binds that gene;
    "res" / "sens" a therapy named inside a resistance / sensitivity word."""
    alts = []
    for t in types:
        if t in FLAVOURS:
            base, suffix = FLAVOURS[t]
            alts.append(re.escape(base + suffix))
        else:
            alts.append(re.escape(t) + r"(?:\.\w+)?")
    return ENTITY_PREFIX + "(?:" + "|".join(alts) + ") "


@dataclass(frozen=True)
class WordSet:
    """The unit keys one element of a pattern can match: a key equal to one of `exact`
    or starting with one of `prefixes` (a word element "a|an|resistan*", a verb's
    forms, a slot's "§gene" / "§gene.class")."""

    exact: frozenset[str]
    prefixes: tuple[str, ...] = ()

    def found_in(self, keys: frozenset[str]) -> bool:
        if not self.exact.isdisjoint(keys):
            return True
        return bool(self.prefixes) and any(key.startswith(self.prefixes) for key in keys)


class EncodedKeys:
    """The unit keys of one encoded sentence (units.encode), to check a pattern's
    required word sets before its regex runs; each word set is looked up once."""

    def __init__(self, encoded: str) -> None:
        # split on the spaces the regexes see: a demoted vague mention ("igf signaling")
        # is one unit but two keys to a pattern
        self.keys = frozenset(encoded.split(" "))
        self.ordered = sorted(self.keys)  # for prefix look-ups (bisect)
        # by identity: hashing the sets' contents for every lookup costs more than
        # evaluating a set twice when two patterns hold equal copies
        self._found: dict[int, bool] = {}

    def has_all(self, required: Sequence[WordSet]) -> bool:
        found = self._found
        for words in required:
            present = found.get(id(words))
            if present is None:
                present = found[id(words)] = self.holds(words)
            if not present:
                return False
        return True

    def holds(self, words: WordSet) -> bool:
        """`words.found_in(self.keys)`, each prefix looked up by bisection in the sorted
        keys (the first key not below a prefix starts with it if any key does) instead
        of a scan of every key."""
        if not words.exact.isdisjoint(self.keys):
            return True
        ordered = self.ordered
        for prefix in words.prefixes:
            at = bisect_left(ordered, prefix)
            if at < len(ordered) and ordered[at].startswith(prefix):
                return True
        return False


class TriggerIndex:
    """Which of a list of patterns a sentence can match. Each pattern is filed under the
    keys (and key prefixes) of its most selective required word set; a sentence's keys
    then name the candidates, in list order, without a look at every pattern."""

    def __init__(self, required: Sequence[Sequence[WordSet]]) -> None:
        self._always: list[int] = []  # patterns that require no word
        self._by_key: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        for i, sets in enumerate(required):
            if not sets:
                self._always.append(i)
                continue
            for key in sets[0].exact:
                self._by_key.setdefault(key, []).append(i)
            for prefix in sets[0].prefixes:
                by_prefix.setdefault(prefix, []).append(i)
        self._by_prefix = tuple(by_prefix.items())

    def candidates(self, keys: EncodedKeys) -> list[int]:
        """The positions of the patterns whose trigger set the sentence holds, in order."""
        found = set(self._always)
        by_key = self._by_key
        for key in keys.keys:
            hit = by_key.get(key)
            if hit:
                found.update(hit)
        if self._by_prefix:
            ordered = keys.ordered
            for prefix, positions in self._by_prefix:
                at = bisect_left(ordered, prefix)
                if at < len(ordered) and ordered[at].startswith(prefix):
                    found.update(positions)
        return sorted(found)


@dataclass(frozen=True)
class CompiledPattern:
    text: str
    regex: re.Pattern[str]
    slot_types: Mapping[str, tuple[str, ...]]  # group name (S_0, O_1, ...) -> entity types
    leading: str | None = None  # the slot group that starts the pattern, if one does
    # Word sets every match holds a key of (a necessary condition, most selective
    # first): a sentence without one of them cannot match, so its regex is not run.
    required: tuple[WordSet, ...] = ()


class _Requirements:
    """The word sets a pattern cannot match without. Only elements every match
    consumes count (not optional ones, gaps, variants, lookarounds); an alternation
    requires the union of one word set of each branch."""

    def __init__(self, ctx: CompileContext) -> None:
        self.ctx = ctx

    def of(self, node: Node) -> list[WordSet]:
        return [] if node.optional else self._of(node)

    def _of(self, node: Node) -> list[WordSet]:
        kind = node.kind
        if kind == "seq":
            return [words for child in node.children for words in self.of(child)]
        if kind == "alt":
            return self._any_of([self.of(child) for child in node.children])
        if kind == "word":
            return [word_set(str(node.value))]
        if kind == "slot":
            types = node.types or (self.ctx.subject_types if node.role == "S" else self.ctx.object_types)
            return [entity_set(types)]
        if kind == "verb":
            fragments = [f for lemma in self.ctx.verbs for f in self.ctx.verb_forms(lemma, str(node.value))]
            return self._any_of([self.of(parse(f)) for f in fragments])
        if kind == "noun":
            return self._any_of([self.of(parse(n)) for n in self.ctx.nouns])
        if kind == "macro" and str(node.value) in self.ctx.macros:
            return self.of(parse(self.ctx.macros[str(node.value)]))
        return []

    @staticmethod
    def _any_of(branches: list[list[WordSet]]) -> list[WordSet]:
        if not branches or any(not b for b in branches):
            return []
        picked = [min(b, key=_looseness) for b in branches]
        exact = frozenset().union(*(w.exact for w in picked))
        prefixes = tuple(sorted({p for w in picked for p in w.prefixes}))
        return [WordSet(exact, prefixes)]


def _looseness(words: WordSet) -> tuple[bool, int, int]:
    """How likely a sentence holds a key of the set: entity slots match most sentences
    the engine looks at; a set with a short word ("to", "of", ",") most others; then
    the more words and prefixes, the likelier."""
    shortest = min((len(w) for w in (*words.exact, *words.prefixes)), default=0)
    return (any(w.startswith(ENTITY_PREFIX) for w in words.exact), -min(shortest, 6),
            len(words.exact) + 4 * len(words.prefixes))


def word_set(spec: str) -> WordSet:
    """The keys a word element ("a|an|the", "resist*") matches (as word_regex)."""
    exact, prefixes = set(), set()
    for alt in spec.split("|"):
        if alt.endswith("*") and len(alt) > 1:
            prefixes.add(word_key(alt[:-1]))
        elif alt:
            exact.add(word_key(alt))
    return WordSet(frozenset(exact), tuple(sorted(prefixes)))


def entity_set(types: Sequence[str]) -> WordSet:
    """The keys a slot of these types matches (as entity_regex)."""
    exact, prefixes = set(), set()
    for t in types:
        if t in FLAVOURS:
            base, suffix = FLAVOURS[t]
            exact.add(ENTITY_PREFIX + base + suffix)
        else:
            exact.add(ENTITY_PREFIX + t)
            prefixes.add(ENTITY_PREFIX + t + ".")
    return WordSet(frozenset(exact), tuple(sorted(prefixes)))


def compile_pattern(pattern: str, ctx: CompileContext, need_slots: bool = True) -> CompiledPattern:
    """The regex for one pattern: a zero-width match at each unit where the pattern
    starts, with the whole match in group `all` and the slots in S_n / O_n."""
    compiler = _Compiler(ctx)
    tree = parse(pattern)
    body = compiler.compile(tree)
    if need_slots and ("S" not in compiler.counters or "O" not in compiler.counters):
        raise PatternError(f"pattern {pattern!r} must bind a subject S and an object O")
    leading = None
    if tree.kind == "seq" and tree.children and tree.children[0].kind == "slot" and not tree.children[0].optional:
        leading = f"{tree.children[0].role}_0"
    # The encoded text starts with a space, so every unit is preceded by one.
    regex = ctx.compile_regex(f"(?<= )(?=(?P<all>{body}))")
    required = sorted(set(_Requirements(ctx).of(tree)), key=_looseness)
    return CompiledPattern(pattern, regex, dict(compiler.slot_groups), leading, tuple(required))
