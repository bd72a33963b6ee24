"""The compiled lexicon at run time: norm key -> grounded entity candidates.

Loading is a single pass that splits lines into dicts; candidate lists are
JSON strings decoded only when a key is hit, so start-up stays well under a
second for ~400k keys.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from litclaims.schemas.vocabulary import ENTITY_TYPES  # noqa: F401  (the compile tool reads it here)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LEXICON_FILE = "lexicon.tsv.gz"
CURATED_FILE = DATA_DIR / "curated_entities.tsv"


# Ids the shared drug lexicon gives its own curated rows ("LEX:alphaIR3"): no
# namespace anyone else reads, so the entity is given without an id. Every other id
# says its namespace as the field writes it: HGNC:5465, FPLX:AKT, UNII:...,
# CHEBI:..., DRUGBANK:DB..., MESH:D.../MESH:C..., Cellosaurus's CVCL_0031
# (docs/ner.md, "Identifiers").
INTERNAL_ID_PREFIX = "LEX:"


@dataclass(frozen=True)
class Entity:
    """A grounded entity. `entity_id` is "" for fixed-vocabulary entries without an id
    (therapies, drug classes, lab-made cell-line derivatives)."""

    entity_type: str
    entity_id: str
    name: str
    curated: bool = False  # from extract/data/curated_entities.tsv (a deliberate domain choice)


def _spelled_as(text: str, spellings: list[str]) -> bool:
    if text in spellings:
        return True
    if text[:1].isupper() and text[1:].islower():
        return text.lower() in spellings
    return False


class Lexicon:
    """Lookups over the compiled file written by `tools.lexicon.compile`."""

    def __init__(self, entity_lines: list[str], keys: dict[str, str], starts: dict[str, int], digest: str) -> None:
        self._entity_lines = entity_lines
        self._keys = keys
        self._starts = starts
        self.digest = digest

    @classmethod
    def load(cls, path: Path) -> "Lexicon":
        if not path.exists():
            raise FileNotFoundError(
                f"compiled lexicon {path} is missing; regenerate it with `python -m tools.lexicon.compile`"
            )
        raw = path.read_bytes()
        lines = gzip.decompress(raw).decode("utf-8").split("\n")
        if not lines or not lines[0].startswith("#lexicon v2"):
            raise ValueError(f"{path} is not a compiled lexicon (v2); recompile with `python -m tools.lexicon.compile`")
        i_ent = lines.index("#entities")
        i_keys = lines.index("#keys")
        i_starts = lines.index("#starts")
        entity_lines = lines[i_ent + 1 : i_keys]
        # key -> "flags<TAB>candidates (JSON)", decoded on a hit
        keys = dict(line.split("\t", 1) for line in lines[i_keys + 1 : i_starts])
        starts = {tok: int(n) for tok, n in (line.split("\t") for line in lines[i_starts + 1 :] if line)}
        return cls(entity_lines, keys, starts, hashlib.sha256(raw).hexdigest()[:16])

    def __len__(self) -> int:
        return len(self._keys)

    def max_tokens(self, first_norm: str) -> int:
        """How many tokens a lexicon surface starting with this token can have (0: none starts so)."""
        return self._starts.get(first_norm, 0)

    def has_key(self, norm: str) -> bool:
        return norm in self._keys

    def entity(self, index: int) -> Entity:
        entity_type, entity_id, name, origin = self._entity_lines[index].split("\t")
        if entity_id.startswith(INTERNAL_ID_PREFIX):
            entity_id = ""  # a curated row of the shared lexicon with no registry id (alpha-IR3)
        return Entity(entity_type, entity_id, name, origin == "curated")

    def lookup(self, norm: str, text: str) -> list[Entity]:
        """Entities (best first, at most one per type) whose surfaces have key `norm`
        and accept `text` (whitespace collapsed to single spaces).

        Risky keys (short, English words, 3-letter symbols) accept only their listed
        spellings, exactly, or with a capital first letter where the listed spelling
        is lower case (sentence-initial). Text with a space matches only keys that
        some multi-word surface has: "as a" is not "ASA"."""
        packed = self._keys.get(norm)
        if packed is None:
            return []
        flags, _, candidates = packed.partition("\t")
        if " " in text and "w" not in flags:
            return []
        found: list[Entity] = []
        types: set[str] = set()
        for candidate in json.loads(candidates):
            if len(candidate) > 1 and not _spelled_as(text, candidate[1:]):
                continue
            entity = self.entity(candidate[0])
            if entity.entity_type in types:
                continue  # a later (worse) candidate of a type already found
            # Cell lines are written with capitals or digits; a lower-case match is a
            # word ("bona fide", "human lung").
            if entity.entity_type == "cell_line" and text.islower():
                continue
            types.add(entity.entity_type)
            found.append(entity)
        return found

    def lookup_gene_in_other_case(self, norm: str, text: str) -> Entity | None:
        """The gene whose listed spelling of key `norm` is `text` in another case ("fyn",
        "src": mouse genes and knockouts written in lower case), for a span a head already
        typed as a gene (issue 14 round 12). Text of fewer than three characters never."""
        packed = self._keys.get(norm)
        if packed is None or len(text) < 3:
            return None
        folded = text.casefold()
        for candidate in json.loads(packed.partition("\t")[2]):
            entity = self.entity(candidate[0])
            if entity.entity_type != "gene" or not entity.entity_id:
                continue
            if len(candidate) == 1 or any(s.casefold() == folded for s in candidate[1:]):
                return entity
        return None

    def lookup_type(self, norm: str, text: str, entity_type: str) -> Entity | None:
        for entity in self.lookup(norm, text):
            if entity.entity_type == entity_type:
                return entity
        return None
