"""Anaphoric subjects of gene-state claims, resolved within a paragraph.

Curated clinical evidence often names the gene state in one sentence and the
finding in the next: "Whole genome sequencing revealed a G724S mutation in the
EGFR gene. In vitro, this mutation was sensitive to cetuximab." The spec's
claims have both arguments in one sentence, so this is deliberately narrow:

* only explicit anaphors for a gene state (cues.toml `[anaphora] anaphors`:
  "this mutation", "the variant", "the S492R mutation", "these patients",
  "mutant cells", "the fusion"), never "this receptor", "these cells",
  "this pathway" (review prose, where the gold would not annotate);
* the antecedent is a gene mention stated as a gene state ("EGFR mutations",
  "a G724S mutation in the EGFR gene", "KRAS-mutant") in the one or two
  sentences before, in the same section and paragraph, and there must be
  exactly one such gene; the anaphor's own sentence must not state one itself
  before the anaphor (then the anaphor may point at it), nor state the antecedent's
  gene after it (the sentence then tells where that state comes in itself);
* the anaphor becomes a gene mention grounded like its antecedent, and may only
  fill the subject of a resistance or sensitization rule; such claims carry the
  rule id with ANAPHORA_SUFFIX and the measured confidence of the anaphora step;
* the claim's `subject_state` is the antecedent's state ("G724S") unless the anaphor's
  own words name a change or a kind of their own (gene_states.anaphor_state).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from litclaims.extract.claims.gene_states import gene_state
from litclaims.extract.claims.patterns import EncodedKeys, compile_pattern
from litclaims.extract.claims.rules import Cues, compile_context
from litclaims.extract.claims.units import Unit, encode
from litclaims.schemas.records import Mention, Sentence, stable_id

ANAPHORA_SUFFIX = "+anaphora"
# the confidence.json entry that holds the anaphora step's measured precision
ANAPHORA_KEY = "anaphora"
# how far back an antecedent may be, in sentences
WINDOW = 2


@dataclass(frozen=True)
class Antecedent:
    mention: Mention
    sentence_index: int


@dataclass(frozen=True)
class Resolved:
    """An anaphor made a gene mention, and the state its antecedent was stated in."""
    mention: Mention
    antecedent_state: str


class AnaphoraResolver:
    def __init__(self, cues: Cues, compile_regex: Callable[[str], re.Pattern] = re.compile) -> None:
        ctx = compile_context(cues, ("gene",), ("gene",), compile_regex=compile_regex)
        self.version = cues.anaphora_version
        self._anaphors = [compile_pattern(p, ctx, need_slots=False) for p in cues.anaphors]
        self._states = [compile_pattern(p, ctx, need_slots=False) for p in cues.anaphora_antecedents]

    def anaphor_spans(self, units: Sequence[Unit]) -> list[tuple[int, int]]:
        """Unit ranges [a, b] of gene-state anaphors in a sentence, first to last, not overlapping."""
        encoded, starts = encode(units)
        index_of = {pos: i for i, pos in enumerate(starts)}
        ends = [s + len(u.key) for s, u in zip(starts, units)]
        spans: list[tuple[int, int]] = []
        keys = EncodedKeys(encoded)
        for pattern in self._anaphors:
            if not keys.has_all(pattern.required):
                continue  # a word the anaphor needs is not in the sentence
            for m in pattern.regex.finditer(encoded):
                a = index_of.get(m.start("all"))
                if a is None or m.end("all") <= m.start("all"):
                    continue
                b = a
                while b + 1 < len(units) and ends[b] < m.end("all") - 1:
                    b += 1
                if any(units[i].is_entity for i in range(a, b + 1)) or _names_its_gene(units, a):
                    continue
                spans.append((a, b))
        spans.sort(key=lambda s: (s[0], -s[1]))
        out: list[tuple[int, int]] = []
        for s in spans:
            if not out or s[0] > out[-1][1]:
                out.append(s)
        return out

    def gene_states(self, units: Sequence[Unit]) -> list[tuple[int, Mention]]:
        """Gene mentions stated as gene states ("EGFR T790M", "mutations in KRAS"), with
        their unit index."""
        if not any(u.mention is not None and u.entity_type == "gene" for u in units):
            return []  # only gene units are found
        encoded, starts = encode(units)
        unit_at = {pos: i for i, pos in enumerate(starts)}
        found: dict[int, Mention] = {}
        keys = EncodedKeys(encoded)
        for pattern in self._states:
            if not keys.has_all(pattern.required):
                continue  # a word the pattern needs is not in the sentence
            for m in pattern.regex.finditer(encoded):
                for name in pattern.slot_types:
                    if m.start(name) < 0 or m.start(name) not in unit_at:
                        continue
                    # every gene of a coordinated slot: "EGFR and KRAS mutations"
                    i = unit_at[m.start(name)]
                    while i < len(units) and starts[i] < m.end(name):
                        if units[i].mention is not None and units[i].entity_type == "gene":
                            found[i] = units[i].mention
                        i += 1
        return sorted(found.items())

    def resolve(
        self, sentences: Sequence[Sentence], units: Sequence[Sequence[Unit]], linked: Sequence[bool]
    ) -> dict[int, list[Resolved]]:
        """Sentence index -> the anaphors resolved in it. `linked[i]`: sentence i
        continues the paragraph of sentence i - 1."""
        states = [self.gene_states(u) for u in units]
        out: dict[int, list[Resolved]] = {}
        for i, (sentence, sentence_units) in enumerate(zip(sentences, units)):
            spans = self.anaphor_spans(sentence_units)
            if not spans:
                continue
            candidates: dict[str, Antecedent] = {}
            j = i
            while j > 0 and i - j < WINDOW and linked[j]:
                j -= 1
                for _, mention in states[j]:
                    candidates.setdefault(_key(mention), Antecedent(mention, j))
            if len(candidates) != 1 and not _one_fusion(list(candidates.values()), states, units):
                continue
            for a, b in spans:
                if any(k < a for k, _ in states[i]):
                    break  # the sentence states a gene itself before the anaphor
                if any(_key(m) in candidates for _, m in states[i]):
                    # the sentence states the antecedent's gene state itself, after the
                    # anaphor: "The patient ... had a partial response to therapy and then
                    # experienced progressive disease with a re-biopsy identifying a KRAS
                    # Q61H mutation" places the state in its own story (found at
                    # progression), so the anaphor does not borrow it
                    break
                for antecedent in candidates.values():
                    out.setdefault(i, []).append(Resolved(
                        _anaphor_mention(sentence, sentence_units, a, b, antecedent.mention),
                        gene_state(units[antecedent.sentence_index], antecedent.mention),
                    ))
        return out


def _one_fusion(
    candidates: Sequence[Antecedent], states: Sequence[Sequence[tuple[int, Mention]]], units: Sequence[Sequence[Unit]]
) -> bool:
    """The candidate genes are the partners of one fusion ("an ETV6-NTRK3 fusion"):
    adjacent in one sentence, joined by the hyphen units.py reads as a slash. "The
    fusion" then stands for both partners."""
    if len(candidates) < 2 or len({c.sentence_index for c in candidates}) != 1:
        return False
    j = candidates[0].sentence_index
    wanted = {id(c.mention) for c in candidates}
    index = sorted(k for k, m in states[j] if id(m) in wanted)
    if len(index) != len(candidates):
        return False
    return all(
        b == a + 2 and units[j][a + 1].key == "/" and units[j][a + 1].text in ("-", "–")
        for a, b in zip(index, index[1:])
    )


def _names_its_gene(units: Sequence[Unit], a: int) -> bool:
    """"PIK3CA mutant xenografts", "KRAS-mutant cells": a mention right before the
    phrase names what it is about, so it is no anaphor."""
    before = a - 1
    if before >= 0 and units[before].key == "-":
        before -= 1
    return before >= 0 and units[before].is_entity


def _key(mention: Mention) -> str:
    if mention.entity_id:
        return mention.entity_id
    return "".join(ch for ch in mention.text.lower() if ch not in " -")


def _anaphor_mention(sentence: Sentence, units: Sequence[Unit], a: int, b: int, antecedent: Mention) -> Mention:
    start = sentence.start + units[a].start
    end = sentence.start + units[b].end
    return Mention(
        mention_id=stable_id(sentence.doc_id, start, end, "gene", "anaphora", _key(antecedent)),
        doc_id=sentence.doc_id,
        sentence_id=sentence.sentence_id,
        start=start,
        end=end,
        text=sentence.text[units[a].start : units[b].end],
        entity_type="gene",
        entity_id=antecedent.entity_id,
        entity_name=antecedent.entity_name or antecedent.text,
        source="claims:anaphora",
    )
