"""Readers for the relation corpora of the shared data folder, as one record type.

Every corpus becomes `RelationExample`s: a text (a sentence, an abstract or a
CIViC statement), its annotated entity mentions (offsets in that text, types in
this project's vocabulary, a key naming the entity) and the annotated relations
between entity keys, each with the claim types that state it
(`../shared/relations/README.md` maps the labels):

| corpus | text | relations | negatives annotated |
| --- | --- | --- | --- |
| `chemprot` | one sentence | chemical -> gene, only pairs with a relation | no |
| `biored` | title + abstract | document-level, between ids; scored on pairs in one sentence | yes (every mention annotated) |
| `civicmine` | one sentence | `Predictive` gene -- drug, direction not annotated | yes, gene -- drug pairs |
| `drug_combo` | one sentence | drug combinations: no claim type | no |
| `civic` | a CIViC 2018 statement | the row's gene -> drug with its direction | "Does Not Support" rows |

Splits: ChemProt and BioRED have their own train / dev files. CIViCmine and
drug_combo ship one training file and CIViC 2018 one table, so they are split
here by a stable hash (`split_of`): an example is `dev` when the first 8 hex
digits of SHA-256("<corpus>:<id>") modulo 10 are 7, 8 or 9 (about 30%), else
`train`; the id is the CIViC evidence id, the CIViCmine file stem, the
drug_combo `doc_id` (so sentences of one paper stay on one side).

Paths are arguments: these readers take the shared data folder (`--data`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "dev")
CORPORA = ("chemprot", "biored", "civicmine", "drug_combo", "civic", "gold")
CIVIC_TSV = "civic/civic_nightly_ClinicalEvidenceSummaries_2018-05.tsv"
GOLD_FILE = "gold/dev.jsonl"

# claim types that state a label's relation; the first is the one a learner is taught
INHIBITION_TYPES = ("inhibition", "expression_down")
ACTIVATION_TYPES = ("activation", "expression_up")
DRUG_RESPONSE_TYPES = ("resistance", "sensitization", "response_association")
CHEMPROT_TYPES: dict[str, tuple[str, ...]] = {
    **{label: INHIBITION_TYPES for label in ("INHIBITOR", "ANTAGONIST", "DOWNREGULATOR", "INDIRECT-DOWNREGULATOR")},
    **{label: ACTIVATION_TYPES for label in (
        "ACTIVATOR", "AGONIST", "AGONIST-ACTIVATOR", "UPREGULATOR", "INDIRECT-UPREGULATOR")},
    # related, but stated by no claim type: an inhibition or activation claim on them is wrong
    **{label: () for label in ("SUBSTRATE", "PRODUCT-OF", "SUBSTRATE_PRODUCT-OF", "AGONIST-INHIBITOR")},
}
BIORED_TYPES = {"Negative_Correlation": INHIBITION_TYPES, "Positive_Correlation": ACTIVATION_TYPES,
                "Bind": ("interaction",)}
# the entity-type pairs whose unrelated co-occurrences in one sentence are negatives
BIORED_NEGATIVE_TYPES = (("drug", "gene"), ("gene", "gene"))
BIORED_ENTITY_TYPES = {"GeneOrGeneProduct": "gene", "ChemicalEntity": "drug", "CellLine": "cell_line",
                       "DiseaseOrPhenotypicFeature": "disease"}
CIVICMINE_ENTITY_TYPES = {"gene": "gene", "drug": "drug", "cancer": "disease"}
# "inhibition (or expression_down where the sentence speaks of expression or levels)"
EXPRESSION_WORDS = re.compile(r"\b(express\w*|level\w*|mrna|transcript\w*|protein amount\w*|abundance)\b", re.I)


@dataclass(frozen=True)
class GoldEntity:
    start: int
    end: int
    entity_type: str | None  # None: the corpus does not say (ChemProt: chemical or gene)
    text: str
    keys: tuple[str, ...]  # the entities it names (BioRED: its ids; one mention may name several)


@dataclass(frozen=True)
class GoldRelation:
    a: str  # entity keys
    b: str
    label: str  # the corpus's label
    claim_types: tuple[str, ...]  # claim types that state it; () = related, no claim type
    directed: bool  # a is the claim's subject (CIViC 2018: gene -> drug); else either order


@dataclass(frozen=True)
class RelationExample:
    corpus: str
    example_id: str
    text: str
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    # every pair of annotated entities without a relation is a negative (between these types)
    negative_pairs: tuple[tuple[str, str], ...] = ()
    sentence_level: bool = True  # the text is one sentence (else: pairs count within one sentence)
    drugs: tuple[str, ...] = ()  # CIViC 2018: the row's drug names ("Selumetinib (AZD6244)")
    gene: str = ""  # CIViC 2018: the row's gene symbol
    supports: bool = True  # CIViC 2018: False for "Does Not Support" rows
    variant: str = ""  # CIViC 2018: the row's variant ("T790M", "AMPLIFICATION")


def split_of(corpus: str, example_id: str) -> str:
    """The deterministic split of a corpus without one (see the module docstring)."""
    digest = hashlib.sha256(f"{corpus}:{example_id}".encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 10 >= 7 else "train"


def read_corpus(corpus: str, split: str, data: Path) -> list[RelationExample]:
    """The examples of one corpus and split, from the shared data folder `data`."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    readers = {
        "chemprot": lambda: read_chemprot(data / "relations" / "chemprot" / f"{split}.jsonl"),
        "biored": lambda: read_biored(data / "relations" / "biored" / f"{split.capitalize()}.PubTator"),
        "civicmine": lambda: _split(read_civicmine(data / "relations" / "civicmine" / "training.tar.gz"), split),
        "drug_combo": lambda: _split(read_drug_combo(data / "relations" / "drug_combo" / "final_train_set.jsonl.gz"), split),
        "civic": lambda: _split(read_civic(data / CIVIC_TSV), split),
    }
    if corpus not in readers:
        raise ValueError(f"unknown corpus {corpus!r}; one of {', '.join(readers)} (the dev gold is read by evaluation.claims)")
    return readers[corpus]()


def _split(examples: list[RelationExample], split: str) -> list[RelationExample]:
    return [e for e in examples if split_of(e.corpus, e.example_id.split("#")[0]) == split]


def parse_chemprot_line(marked: str) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """"<< A >> ... [[ B ]]" -> (plain text, span of A, span of B): markers removed.
    The closing marker is the first one after its opening marker (the text may hold ">>")."""
    cuts: list[tuple[int, int, str]] = []  # (position, marker length, which)
    for opening, closing, which in (("<< ", " >>", "<"), ("[[ ", " ]]", "[")):
        start = marked.find(opening)
        end = marked.find(closing, start + len(opening)) if start >= 0 else -1
        if start < 0 or end < 0:
            raise ValueError(f"not a marked ChemProt pair: {marked[:80]!r}")
        cuts += [(start, len(opening), which), (end, len(closing), which)]
    out: list[str] = []
    spans: dict[str, list[int]] = {"<": [], "[": []}
    pos = length = 0
    for at, size, which in sorted(cuts):
        out.append(marked[pos:at])
        length += at - pos
        spans[which].append(length)
        pos = at + size
    out.append(marked[pos:])
    return "".join(out), (spans["<"][0], spans["<"][1]), (spans["["][0], spans["["][1])


def read_chemprot(path: Path) -> list[RelationExample]:
    """One example per sentence, with every listed pair of it (marked spans become entities)."""
    by_text: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text, a, b = parse_chemprot_line(row["text"])
        entry = by_text.setdefault(text, {"spans": {}, "relations": []})
        keys = [entry["spans"].setdefault(span, f"e{len(entry['spans'])}") for span in (a, b)]
        types = CHEMPROT_TYPES.get(row["label"], ())
        if types == INHIBITION_TYPES and EXPRESSION_WORDS.search(text) and "DOWNREGULATOR" in row["label"]:
            types = ("expression_down", "inhibition")
        if types == ACTIVATION_TYPES and EXPRESSION_WORDS.search(text) and "UPREGULATOR" in row["label"]:
            types = ("expression_up", "activation")
        entry["relations"].append(GoldRelation(keys[0], keys[1], row["label"], types, directed=False))
    examples = []
    for n, (text, entry) in enumerate(by_text.items()):
        entities = tuple(
            GoldEntity(s, e, None, text[s:e], (key,)) for (s, e), key in sorted(entry["spans"].items())
        )
        examples.append(RelationExample("chemprot", f"chemprot-{n:05d}", text, entities, tuple(entry["relations"])))
    return examples


def read_biored(path: Path) -> list[RelationExample]:
    """One example per abstract (title and abstract joined by a space, as PubTator's offsets are)."""
    examples = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        example = _biored_block(block)
        if example is not None:
            examples.append(example)
    return examples


def _biored_block(block: str) -> RelationExample | None:
    title = abstract = pmid = ""
    entities: list[GoldEntity] = []
    relations: list[GoldRelation] = []
    for line in block.splitlines():
        if "|t|" in line[:20]:
            pmid, _, title = line.split("|", 2)
        elif "|a|" in line[:20]:
            abstract = line.split("|", 2)[2]
        else:
            cols = line.split("\t")
            if len(cols) >= 6 and cols[1].isdigit():
                keys = tuple(k.strip() for k in cols[5].split(",") if k.strip() and k.strip() != "-")
                entities.append(GoldEntity(int(cols[1]), int(cols[2]), BIORED_ENTITY_TYPES.get(cols[4], cols[4]),
                                           cols[3], keys))
            elif len(cols) >= 4 and not cols[1].isdigit():
                relations.append(GoldRelation(cols[2], cols[3], cols[1], _biored_types(cols[1], cols[2], cols[3], entities),
                                              directed=False))
    if not pmid:
        return None
    text = f"{title} {abstract}"
    return RelationExample("biored", f"biored-{pmid}", text, tuple(entities), tuple(relations),
                           negative_pairs=BIORED_NEGATIVE_TYPES, sentence_level=False)


def _biored_types(label: str, a: str, b: str, entities: list[GoldEntity]) -> tuple[str, ...]:
    """The README's mapping: chemical--gene correlations, gene--gene Bind; else no claim type."""
    types = {key: e.entity_type for e in entities for key in e.keys}
    pair = {types.get(a), types.get(b)}
    if label in ("Negative_Correlation", "Positive_Correlation") and pair == {"drug", "gene"}:
        return BIORED_TYPES[label]
    if label == "Bind" and pair == {"gene"}:
        return BIORED_TYPES[label]
    return ()


def read_civicmine(path: Path) -> list[RelationExample]:
    """The brat files of the CIViCmine training archive: one example per sentence."""
    files: dict[str, dict[str, str]] = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive.getmembers():
            name = Path(member.name)
            if member.isfile() and name.suffix in (".txt", ".a1", ".a2"):
                data = archive.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
                files.setdefault(name.stem, {})[name.suffix] = data
    examples = []
    for stem, parts in sorted(files.items()):
        if ".txt" in parts:
            examples.append(_civicmine_example(stem, parts))
    return examples


def _civicmine_example(stem: str, parts: dict[str, str]) -> RelationExample:
    text = parts[".txt"]
    entities: list[GoldEntity] = []
    relations: list[GoldRelation] = []
    for line in (parts.get(".a1", "") + "\n" + parts.get(".a2", "")).splitlines():
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0].startswith("T"):
            label, start, end = cols[1].split()[:3]
            if label in CIVICMINE_ENTITY_TYPES:
                entities.append(GoldEntity(int(start), int(end), CIVICMINE_ENTITY_TYPES[label], text[int(start):int(end)],
                                           (cols[0],)))
        elif len(cols) >= 2 and cols[0].startswith("R") and cols[1].startswith("Predictive"):
            args = dict(arg.split(":") for arg in cols[1].split()[1:])
            if "gene" in args and "drug" in args:
                relations.append(GoldRelation(args["gene"], args["drug"], "Predictive", DRUG_RESPONSE_TYPES, directed=True))
    return RelationExample("civicmine", f"civicmine-{stem}", text, tuple(entities), tuple(relations),
                           negative_pairs=(("gene", "drug"),))


def read_drug_combo(path: Path) -> list[RelationExample]:
    """Sentences with drug spans; each combination's drug pairs are related with no claim type."""
    examples = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            row = json.loads(line)
            text = row["sentence"]
            entities = tuple(GoldEntity(s["start"], s["end"], "drug", s["text"], (f"d{s['span_id']}",)) for s in row["spans"])
            relations = []
            for rel in row.get("rels", []):
                ids = [f"d{i}" for i in rel["spans"]]
                relations += [GoldRelation(a, b, rel["class"], (), directed=False)
                              for i, a in enumerate(ids) for b in ids[i + 1:]]
            examples.append(RelationExample("drug_combo", f"{row['doc_id']}#{n}", text, entities, tuple(relations)))
    return examples


def read_civic(path: Path) -> list[RelationExample]:
    """CIViC 2018 Predictive rows (evaluation.civic.load_civic): no mention offsets, the row's
    gene and drugs are matched by name (evaluation.civic.gene_matches / drug_matches)."""
    from litclaims.evaluation.civic import load_civic

    return [
        RelationExample("civic", row.evidence_id, row.statement, (),
                        (GoldRelation("gene", "drug", row.direction, (row.claim_type,), directed=True),),
                        sentence_level=False, drugs=row.drugs, gene=row.gene, supports=row.direction == "Supports",
                        variant=row.variant)
        for row in load_civic(path)
    ]

