"""Which cross-validation fold a training pair belongs to.

Out-of-fold rates choose the relation model's settings, so a fold must not share a
source with the others: otherwise the model is scored on sentences whose pairs it
memorised from their neighbours ("alprenolol ... beta 1-adrenoceptors" four sentences
running), and features that carry the names' identity look better than they travel.

* ChemProt (as packaged) has no document ids, but keeps an abstract's sentences in
  order: consecutive sentences go to one fold in blocks of CHEMPROT_BLOCK (a block
  edge cuts at most one abstract);
* CIViC statements are grouped by their paper (PubMed id): one paper gives several
  rows, often with the same statement for two genes;
* BioRED examples are abstracts and CIViCmine examples are files already.
"""

from __future__ import annotations

import csv
import zlib
from pathlib import Path

from litclaims.evaluation.relation_corpora import CIVIC_TSV

CHEMPROT_BLOCK = 40


def civic_papers(data: Path) -> dict[str, str]:
    """Evidence id -> PubMed id of the CIViC 2018 statements."""
    csv.field_size_limit(1 << 30)
    with (data / CIVIC_TSV).open(encoding="utf-8", newline="") as fh:
        return {r["evidence_id"]: r.get("pubmed_id") or r["evidence_id"] for r in csv.DictReader(fh, delimiter="\t")}


def source_of(corpus: str, example_id: str, papers: dict[str, str] | None) -> str:
    """The unit that must not straddle two folds; `papers` None: the example itself (the
    grouping of the sessions before the ninth, kept to compare against)."""
    if papers is None:
        return f"{corpus}:{example_id}"
    if corpus == "chemprot":
        return f"chemprot:block{int(example_id.rsplit('-', 1)[1]) // CHEMPROT_BLOCK}"
    if corpus == "civic":
        return f"pmid:{papers.get(example_id, example_id)}"
    return f"{corpus}:{example_id}"


def fold_of(source: str, folds: int) -> int:
    return zlib.crc32(source.encode("utf-8")) % folds
