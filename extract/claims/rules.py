"""Rule tables: load the TOML files shipped in `extract/claims/rules/`, check
them, and compile their patterns.

`cues.toml` holds the shared vocabulary (macros, negation and hedge cues,
evidence cues, clause breakers, list coordinators, vague entities); every other
`*.toml` file holds `[[rule]]` entries. See docs/claims.md for the format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from litclaims.extract.claims.morphology import verb_fragments
from litclaims.extract.claims.patterns import CompileContext, CompiledPattern, PatternError, compile_pattern, parse
from litclaims.extract.claims.units import FLAVOURS, EdgeWords, VagueEntity, word_key
from litclaims.schemas.vocabulary import CLAIM_TYPES, ENTITY_TYPES

RULES_DIR = Path(__file__).resolve().parent / "rules"
CUES_FILE = "cues.toml"

SCOPES = ("clause", "match")
# The cue table's macro of the words after a gene that make it a drug's named target
# ("PDE3 inhibitors", "the Src kinase inhibitor, PP1"); in the rules of these claim
# types such a gene is no subject (issue 13 round 23). Resistance and sensitization
# keep it: there the gene whose inhibition sensitizes is the subject (the spec).
NAMED_TARGET = "NAMED_TARGET"
MOLECULAR_TYPES = frozenset({"activation", "inhibition", "interaction", "phosphorylation", "expression_up", "expression_down"})


@dataclass(frozen=True)
class Rule:
    rule_id: str
    version: str
    claim_type: str
    subject_types: tuple[str, ...]
    object_types: tuple[str, ...]
    patterns: tuple[str, ...]
    compiled: tuple[CompiledPattern, ...]
    # "clause": hedge/negation cues count in the claim's clause before it and inside it;
    # "match": only inside the matched words (for presupposed, definitional phrasings:
    # "EGFR kinase inhibitors such as erlotinib", "blockade of EGFR by gefitinib").
    scope: str
    # A definitional phrasing ("D, an inhibitor of X", "X inhibitors such as D") states
    # what a thing is, not a study's finding: evidence only from cues inside it.
    definitional: bool
    source: str  # file the rule came from


@dataclass(frozen=True)
class Cues:
    macros: Mapping[str, str]
    breakers: tuple[str, ...]
    list_breakers: tuple[str, ...]
    coordinators: tuple[str, ...]
    exemplifiers: tuple[str, ...]
    conjunctions: frozenset[str]
    negation: tuple[str, ...]
    negation_exceptions: tuple[str, ...]
    negation_presupposing: tuple[str, ...]  # negated verbs of effect that presuppose their object
    negation_after_claim: tuple[str, ...]  # "was not observed" right after a claim
    hedge_local: tuple[str, ...]
    hedge_governing: tuple[str, ...]
    unasserted: tuple[str, ...]
    blockade_before: tuple[str, ...]
    blockade_after: tuple[str, ...]
    wild_type_before: tuple[str, ...]
    wild_type_after: tuple[str, ...]
    anaphora_version: str
    anaphors: tuple[str, ...]
    anaphora_antecedents: tuple[str, ...]
    edges: Mapping[str, EdgeWords]
    clause_starts: tuple[str, ...]
    evidence: Mapping[str, tuple[str, ...]]
    evidence_entity_types: Mapping[str, str]
    continuation_anaphors: tuple[str, ...]
    continuation_connectives: tuple[str, ...]
    result_verbs: tuple[str, ...]
    vague: tuple[VagueEntity, ...]
    irregular: Mapping[str, str]


def load_cues(path: Path) -> Cues:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        ev = data["evidence"]
        return Cues(
            macros=dict(data["macros"]),
            breakers=tuple(data["gaps"]["breakers"]),
            list_breakers=tuple(data["lists"]["breakers"]),
            coordinators=tuple(data["lists"]["coordinators"]),
            exemplifiers=tuple(data["lists"]["exemplifiers"]),
            conjunctions=frozenset(data["lists"]["conjunctions"]),
            unasserted=tuple(data["unasserted"]["cues"]),
            blockade_before=tuple(data["blockade"]["before"]),
            blockade_after=tuple(data["blockade"]["after"]),
            wild_type_before=tuple(data.get("wild_type", {}).get("before", ())),
            wild_type_after=tuple(data.get("wild_type", {}).get("after", ())),
            anaphora_version=str(data.get("anaphora", {}).get("version", "1")),
            anaphors=tuple(data.get("anaphora", {}).get("anaphors", ())),
            anaphora_antecedents=tuple(data.get("anaphora", {}).get("antecedents", ())),
            edges=_edge_words(data.get("mention_edges", {})),
            negation=tuple(data["negation"]["cues"]),
            negation_exceptions=tuple(data["negation"]["not_negation"]),
            negation_presupposing=tuple(data["negation"].get("presupposing", ())),
            negation_after_claim=tuple(data["negation"].get("after_claim", ())),
            hedge_local=tuple(data["hedging"]["local"]),
            hedge_governing=tuple(data["hedging"]["governing"]),
            clause_starts=tuple(data["scope"]["clause_starts"]),
            evidence={level: tuple(ev[level]) for level in ("in_vitro", "in_vivo", "clinical")},
            evidence_entity_types=dict(ev.get("entity_types", {})),
            continuation_anaphors=tuple(ev["continuation"]["anaphors"]),
            continuation_connectives=tuple(ev["continuation"]["connectives"]),
            result_verbs=tuple(ev["continuation"]["result_verbs"]),
            vague=tuple(
                VagueEntity(v["text"], frozenset(v["heads"])) for v in data.get("vague", [])
            ),
            irregular=dict(data.get("irregular", {})),
        )
    except KeyError as exc:
        raise ValueError(f"{path.name}: missing table or key {exc}") from exc


def _edge_words(table: Mapping[str, Mapping]) -> dict[str, EdgeWords]:
    """[mention_edges.<type>] leading / trailing word lists; `variants = true` also
    counts sequence variants and numbers as edge words; `generic`: words of which a
    mention made only of them is read as words (units.EdgeWords.generic)."""
    from litclaims.extract.claims.patterns import VARIANT_WORD

    out = {}
    for entity_type, entry in table.items():
        pattern = re.compile(rf"{VARIANT_WORD}|\d+") if entry.get("variants") else None
        out[entity_type] = EdgeWords(
            frozenset(word_key(w) for w in entry.get("leading", ())),
            frozenset(word_key(w) for w in entry.get("trailing", ())),
            pattern,
            frozenset(word_key(w) for w in entry.get("generic", ())),
        )
    return out


def check_macros(macros: Mapping[str, str]) -> None:
    """Reject a macro whose alternatives mix a set of one-word alternatives with more
    words: "with|carrying|positive for" reads as "(with|carrying|positive) for";
    it must be written "with|carrying | positive for"."""
    for name, text in macros.items():
        try:
            node = parse(text)
        except PatternError as exc:
            raise ValueError(f"{CUES_FILE}: macro {name}: {exc}") from exc
        for branch in node.children if node.kind == "alt" else [node]:
            items = branch.children if branch.kind == "seq" else [branch]
            piped = [str(n.value) for n in items if n.kind == "word" and "|" in str(n.value)]
            if piped and len(items) > 1:
                raise ValueError(
                    f"{CUES_FILE}: macro {name}: ambiguous alternatives near {piped[0][-30:]!r}: "
                    "separate alternatives of several words with ' | '"
                )


def load_rules(rules_dir: Path = RULES_DIR, compile_regex: Callable[[str], re.Pattern] = re.compile,
               ) -> tuple[Cues, tuple[Rule, ...]]:
    """The cues and the rules of `rules_dir`, their patterns compiled by `compile_regex`."""
    cues = load_cues(rules_dir / CUES_FILE)
    check_macros(cues.macros)
    rules: list[Rule] = []
    seen: set[str] = set()
    for path in sorted(rules_dir.glob("*.toml")):
        if path.name == CUES_FILE:
            continue
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("rule", []):
            rule = _build_rule(entry, cues, path.name, compile_regex)
            if rule.rule_id in seen:
                raise ValueError(f"{path.name}: rule id {rule.rule_id!r} is used twice")
            seen.add(rule.rule_id)
            rules.append(rule)
    return cues, tuple(rules)


def compile_context(
    cues: Cues,
    subject: tuple[str, ...] = (),
    obj: tuple[str, ...] = (),
    verbs: tuple[str, ...] = (),
    nouns: tuple[str, ...] = (),
    claim_type: str | None = None,
    compile_regex: Callable[[str], re.Pattern] = re.compile,
) -> CompileContext:
    not_before = cues.macros.get(NAMED_TARGET, "") if claim_type in MOLECULAR_TYPES else ""
    return CompileContext(
        subject_types=subject,
        object_types=obj,
        verbs=verbs,
        nouns=nouns,
        macros=cues.macros,
        breakers=cues.breakers,
        list_breakers=cues.list_breakers,
        coordinators=cues.coordinators,
        exemplifiers=cues.exemplifiers,
        negation_cues=" | ".join(cues.negation),
        verb_forms=lambda lemma, kind: verb_fragments(lemma, kind, cues.irregular),
        gene_subject_not_before=f"( {not_before} )" if not_before else "",
        compile_regex=compile_regex,
    )


def _build_rule(entry: dict, cues: Cues, source: str, compile_regex: Callable[[str], re.Pattern]) -> Rule:
    rule_id = entry.get("id")
    where = f"{source}: rule {rule_id!r}"
    if not rule_id:
        raise ValueError(f"{source}: a rule without an id")
    claim_type = entry.get("claim_type")
    if claim_type not in CLAIM_TYPES:
        raise ValueError(f"{where}: claim_type {claim_type!r} is not one of {CLAIM_TYPES}")
    subject = tuple(entry.get("subject", ()))
    obj = tuple(entry.get("object", ()))
    for t in subject + obj:
        if t not in ENTITY_TYPES + tuple(FLAVOURS):
            raise ValueError(f"{where}: entity type {t!r} is not one of {ENTITY_TYPES}")
    patterns = tuple(entry.get("patterns", ()))
    if not patterns:
        raise ValueError(f"{where}: no patterns")
    scope = entry.get("scope", "clause")
    if scope not in SCOPES:
        raise ValueError(f"{where}: scope {scope!r} is not one of {SCOPES}")
    ctx = compile_context(cues, subject, obj, tuple(entry.get("verbs", ())), tuple(entry.get("nouns", ())), claim_type,
                          compile_regex)
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(compile_pattern(pattern, ctx))
        except (PatternError, re.error) as exc:
            raise ValueError(f"{where}: pattern {pattern!r}: {exc}") from exc
    return Rule(
        rule_id=rule_id,
        version=str(entry.get("version", "1")),
        claim_type=claim_type,
        subject_types=subject,
        object_types=obj,
        patterns=patterns,
        compiled=tuple(compiled),
        scope=scope,
        definitional=bool(entry.get("definitional", False)),
        source=source,
    )
