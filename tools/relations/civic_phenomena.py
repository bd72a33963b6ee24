"""What the CIViC 2018 Supports misses of the rules look like, counted (issue 13, round 14).

    OMP_NUM_THREADS=1 python -m tools.relations.civic_phenomena [--data ../shared] [--split train|dev] [--show N]

Runs the production extractor (rules only) over the CIViC 2018 rows of the split and prints:

1. the Supports misses that a same-sentence rule could reach (reason no_claim, other_claims,
   association or opposite, `evaluation.civic.miss_reason`) by claim type and by the first cue
   family their shared sentence holds (`CUE_FAMILIES`: "sensitive to" before "response",
   before "effective", ...);
2. how many rows state each phrasing of `PHRASINGS`, by direction and claim type, and how many
   CIViCmine train sentences do (a second corpus: is the phrasing CIViC's own?);
3. the Supports rows whose resistance / sensitization claims on their gene and drug have
   another direction (what `litclaims eval relations` counts against direction accuracy), by
   the rule of the wrong claim, and the same figure if a sensitization claim whose subject is
   knocked down, silenced or depleted were read as resistance (CIViC's reading in some rows;
   the spec's is sensitization: "for sensitization the gene whose inhibition sensitizes is the
   subject").

`--split dev` prints part 3 only (counts: the phrasings to write rules for are chosen on train);
`--show N` (train only) lists N reachable misses with their sentence.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

os.environ.setdefault("OMP_NUM_THREADS", "1")

from tools.shared import shared_dir  # noqa: E402

REACHABLE = ("no_claim", "other_claims", "association", "opposite")
DIRECTED = ("resistance", "sensitization")

# The first family whose cue a sentence holds names it (order matters: a sentence with
# "sensitive to" and "response" counts as "sensitive").
CUE_FAMILIES = (
    ("sensitive", r"\bsensitiv|\bsensitiz"),
    ("response", r"\brespon"),
    ("survival", r"surviv|\bPFS\b|\bOS\b|progression"),
    ("effective", r"effective|efficacy|activity|potent"),
    ("growth or death", r"inhibit|apoptosis|growth|regression|shrinkage"),
    ("resistant", r"resistan|refractor"),
)

# Phrasings the round's helper counted before writing a rule (docs/claims.md, round 14).
PHRASINGS = {
    "led to sensitivity": r"\b(led|lead|leads|leading|resulted|results|resulting|result)\s+(to|in)\s+(\S+\s+){0,4}"
                          r"(sensitivity|sensitization|responsiveness|susceptibility)\s+(to|towards)",
    "found to be sensitive": r"(found|shown|reported|observed|demonstrated)\s+to\s+be\s+(\S+\s+)?(sensitive|responsive)",
    "resistant to D1 but sensitive": r"(resistant|resistance|insensitive|refractory)\s+to\s+(\S+\s+){0,5}"
                                     r"(but|while|whereas|yet)\s+(\S+\s+){0,2}(sensitive|sensitivity|responsive)",
    "less sensitive": r"less\s+(sensitive|responsive)",
    "more sensitive": r"more\s+(sensitive|responsive)",
    "compared to wild type": r"compared\s+(to|with)\s+(\S+\s+){0,4}wild[- ]?type",
    "non-responders": r"non-?responders|non-?responding|poor responders",
    "shorter duration": r"shorter\s+(duration|time)",
    "lack of response": r"lack\s+of\s+(response|benefit|efficacy|sensitivity)",
    "higher risk of progression": r"(higher|increased|greater)\s+risk\s+of\s+(progression|relapse|recurrence|death)",
    "overcome resistance": r"overc[oa]me\s+(\S+\s+){0,3}resistance",
    "a number before the outcome": r"\d+(\.\d+)?\s?%\s+(\S+\s+){0,2}(shrinkage|reduction|response|regression|decrease)",
}

# An experimental knock-down of the subject (not a gene state such as "PTEN loss").
KNOCKDOWN = re.compile(r"knock-?down|knocked|silenc\w*|deplet\w*|siRNA|shRNA|down-?regulation", re.I)
KNOCKDOWN_WINDOW = 30  # characters either side of the subject


def cue_family(text: str) -> str:
    """The first family of `CUE_FAMILIES` whose cue `text` holds, else "none"."""
    for name, pattern in CUE_FAMILIES:
        if re.search(pattern, text, re.I):
            return name
    return "none"


def phrasing_counts(texts: Iterable[tuple[str, str]], phrasings: dict[str, str] = PHRASINGS) -> dict[str, Counter]:
    """For each phrasing, how many texts of each group state it; `texts` are (group, text)."""
    counts = {name: Counter() for name in phrasings}
    compiled = {name: re.compile(p, re.I) for name, p in phrasings.items()}
    for group, text in texts:
        for name, pattern in compiled.items():
            if pattern.search(text):
                counts[name][group] += 1
    return counts


def knocked_down(sentence: str, subject: str) -> bool:
    """Whether a knock-down cue stands within `KNOCKDOWN_WINDOW` characters of the subject."""
    at = sentence.find(subject)
    if at < 0:
        return False
    window = sentence[max(0, at - KNOCKDOWN_WINDOW): at + len(subject) + KNOCKDOWN_WINDOW]
    return bool(KNOCKDOWN.search(window))


def directed_claims(claims, row):
    from litclaims.evaluation.civic import drug_matches, gene_matches

    return [c for c in claims if c.claim_type in DIRECTED and not c.negated
            and gene_matches(c.subject, row.gene) and drug_matches(c.object, row.drugs)]


@dataclass
class Tally:
    families: Counter = field(default_factory=Counter)  # (claim type, cue family) of reachable misses
    wrong_by_rule: Counter = field(default_factory=Counter)
    directed: int = 0  # Supports rows with a resistance / sensitization claim on their gene and drug
    right: int = 0
    right_if_knockdown_resists: int = 0
    shown: list[str] = field(default_factory=list)


def count_direction(tally: Tally, row, about, sentences) -> None:
    """Part 3 for one row: `about` are its directed claims on its gene and drug."""
    tally.directed += 1
    tally.right += {c.claim_type for c in about} == {row.claim_type}
    wrong = {c.rule.split("+")[0] for c in about if c.claim_type != row.claim_type}
    if wrong:
        tally.wrong_by_rule[" + ".join(sorted(wrong))] += 1
    read = {"resistance" if c.claim_type == "sensitization" and knocked_down(sentences[c.sentence_id], c.subject.text)
            else c.claim_type for c in about}
    tally.right_if_knockdown_resists += read == {row.claim_type}


def shared_sentence(extraction, row) -> str:
    """The first sentence holding a mention of the row's gene and one of its drugs ("" if none)."""
    from litclaims.evaluation.civic import drug_matches, gene_matches

    genes = {m.sentence_id for m in extraction.mentions if m.entity_type == "gene" and gene_matches(m, row.gene)}
    drugs = {m.sentence_id for m in extraction.mentions
             if m.entity_type in ("drug", "therapy") and drug_matches(m, row.drugs)}
    shared = sorted(genes & drugs)
    return next((s.text for s in extraction.sentences if shared and s.sentence_id == shared[0]), "")


def tally_rows(rows, extractor, show: int) -> Tally:
    from litclaims.evaluation.civic import miss_reason, right_claim, statement_document

    tally = Tally()
    for row in (r for r in rows if r.direction == "Supports"):
        extraction = extractor.extract(statement_document(row))
        claims = list(extraction.claims)
        about = directed_claims(claims, row)
        if about:
            count_direction(tally, row, about, {s.sentence_id: s.text for s in extraction.sentences})
        if right_claim(claims, row) is not None:
            continue
        reason = miss_reason(row, claims, extraction.mentions, extraction.sentences)
        if reason not in REACHABLE:
            continue
        text = shared_sentence(extraction, row)
        tally.families[(row.claim_type, cue_family(text))] += 1
        if len(tally.shown) < show:
            tally.shown.append(f"  EID{row.evidence_id} {row.claim_type} {row.gene} / {row.drugs[0]} [{reason}]: {text[:300]}")
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared)")
    parser.add_argument("--split", choices=("train", "dev"), default="train")
    parser.add_argument("--show", type=int, default=0, help="train only: list this many reachable misses")
    args = parser.parse_args(argv)
    if args.show and args.split != "train":
        parser.error("--show reads sentences: train split only")
    from litclaims.evaluation.civic import load_civic
    from litclaims.evaluation.relation_corpora import split_of
    from litclaims.extract import Extractor
    from litclaims.schemas.config import Settings

    data = shared_dir(args.data)
    rows = [r for r in load_civic(data / "civic" / "civic_nightly_ClinicalEvidenceSummaries_2018-05.tsv")
            if split_of("civic", r.evidence_id) == args.split]
    tally = tally_rows(rows, Extractor.from_settings(Settings(relation_model="off")), args.show)
    print(f"CIViC 2018 {args.split}, rules only")
    if args.split == "train":
        print_train_counts(tally.families, rows, data)
    print(f"\n3. direction accuracy {tally.right}/{tally.directed}; wrong-direction rows by the rule of the wrong claim:")
    for rule, n in tally.wrong_by_rule.most_common():
        print(f"  {n:>4}  {rule}")
    print(f"  with a knocked-down subject's sensitization read as resistance: {tally.right_if_knockdown_resists}/{tally.directed}")
    if tally.shown:
        print("\nreachable misses:")
        print("\n".join(tally.shown))
    return 0


def print_train_counts(families: Counter, rows, data: Path) -> None:
    from litclaims.evaluation.relation_corpora import _split, read_civicmine

    print("\n1. reachable Supports misses (no_claim, other_claims, association, opposite) by cue family")
    for claim_type in DIRECTED:
        part = {f: n for (t, f), n in families.items() if t == claim_type}
        print(f"  {claim_type:<14} {sum(part.values()):>4}: " + ", ".join(f"{f} {n}" for f, n in sorted(part.items(), key=lambda x: -x[1])))
    print("\n2. rows stating each phrasing (direction / claim type), CIViCmine train sentences")
    groups = [(f"{r.direction[:3]} {r.claim_type[:4]}", r.statement) for r in rows]
    civicmine = [("civicmine", e.text) for e in _split(read_civicmine(data / "relations" / "civicmine" / "training.tar.gz"), "train")]
    for name, counts in phrasing_counts(groups + civicmine).items():
        print(f"  {name:<30} " + ", ".join(f"{g} {n}" for g, n in sorted(counts.items())))


if __name__ == "__main__":
    sys.exit(main())
