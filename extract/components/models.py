"""The trained NER models shipped in extract/models/, and how they join the pipeline.

`extract/models/models.json` lists the models ([{"name": "biomed"}]); each
`extract/models/<name>/` is a spaCy pipeline saved with `to_disk`: a shared
`tok2vec` and one `ner_<corpus>` head per training corpus, each head predicting
only the types its corpus annotates. Their components are sourced into the
production pipeline as `<name>_<component>`; after each head, a stash component
moves what it found from `doc.ents` into the span group `ner_<corpus>` and clears
`doc.ents`, so the resolver sees every head's candidates side by side (and the
mention's `source` says which head found it).
"""

from __future__ import annotations

import json
from pathlib import Path

import spacy
from spacy.language import Language

from litclaims.extract.components import lexicon_features  # noqa: F401  (registers the models' embedding layer)
from litclaims.extract.components import word_vectors  # noqa: F401  (registers the embedding layer with word vectors)
from spacy.tokens import Doc, Span

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MANIFEST = MODELS_DIR / "models.json"
stash_entities_factory_name = "litclaims_stash_entities"

# Labels of this project's corpora and of scispaCy's models, in this project's types.
DEFAULT_LABEL_MAP = {
    "Chemical": "drug", "CHEMICAL": "drug", "SIMPLE_CHEMICAL": "drug", "drug": "drug",
    "Disease": "disease", "DISEASE": "disease", "CANCER": "disease", "disease": "disease",
    "GENE": "gene", "GENE_OR_GENE_PRODUCT": "gene", "PROTEIN": "gene", "protein": "gene", "gene": "gene",
    "cell_line": "cell_line", "CELL_LINE": "cell_line",
}


def read_manifest() -> list[dict]:
    if not MANIFEST.exists():
        return []
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def model_files() -> list[Path]:
    """Every file of every shipped model, in a stable order (for the fingerprint)."""
    files: list[Path] = []
    if MANIFEST.exists():
        files.append(MANIFEST)
    for entry in read_manifest():
        folder = MODELS_DIR / entry["name"]
        files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    return files


def add_trained_models(nlp: Language) -> None:
    """Source each shipped model's components into `nlp`, each NER head followed by its stash."""
    for entry in read_manifest():
        name = entry["name"]
        source = spacy.load(MODELS_DIR / name)
        for pipe_name in source.pipe_names:
            nlp.add_pipe(pipe_name, name=f"{name}_{pipe_name}", source=source)
            if source.get_pipe_meta(pipe_name).factory == "ner":
                key = pipe_name if pipe_name.startswith("ner_") else f"ner_{name}"
                nlp.add_pipe(
                    stash_entities_factory_name,
                    name=f"stash_{name}_{pipe_name}",
                    config={"key": key, "labels": entry.get("labels", {})},
                )


def predicted_types(nlp: Language) -> frozenset[str]:
    """This project's entity types that the pipeline's NER components can predict."""
    types: set[str] = set()
    stashes = [proc for _, proc in nlp.pipeline if isinstance(proc, StashEntities)]
    for name, proc in nlp.pipeline:
        labels = getattr(proc, "labels", None)
        if nlp.get_pipe_meta(name).factory == "ner" and labels:
            for stash in stashes:
                types.update(stash.labels[label] for label in labels if label in stash.labels)
    return frozenset(types)


class StashEntities:
    """doc.ents -> doc.spans[key] (mapped labels; unknown labels dropped), then clear doc.ents."""

    def __init__(self, nlp: Language, name: str, key: str, labels: dict[str, str]) -> None:
        self.name = name
        self.key = key
        self.labels = {**DEFAULT_LABEL_MAP, **labels}

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for ent in doc.ents:
            label = self.labels.get(ent.label_)
            if label:
                spans.append(Span(doc, ent.start, ent.end, label=label))
        doc.spans[self.key] = spans
        doc.set_ents([], default="outside")
        return doc


@Language.factory(stash_entities_factory_name, default_config={"key": "ner", "labels": {}})
def make_stash_entities(nlp: Language, name: str, key: str, labels: dict[str, str]) -> StashEntities:
    return StashEntities(nlp, name, key, labels)
