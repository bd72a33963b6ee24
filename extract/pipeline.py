"""The spaCy pipeline: tokens, sentences, abbreviations, entities with grounding.

    blank "en" (or settings.base_model) with scispaCy's tokenizer
    -> litclaims_token_splitter     "PI3K/Akt" -> PI3K / Akt (lexicon-aware)
    -> litclaims_sentences          rule sentence splitter ("et al.", "Fig. 1", "vs.")
    -> abbreviation_detector        scispaCy (Schwartz & Hearst)
    -> litclaims_lexicon_ner        lexicon matches -> doc.spans["lexicon"]
    -> litclaims_annotated_names    names the training corpora annotate, unknown to the
                                    lexicon -> doc.spans["annotated_names"]
    -> trained NER models           shipped in extract/models/ -> doc.spans["ner_*"]
    -> litclaims_abbreviation_pool  definitions pooled over the docs of one paper
    -> litclaims_entity_resolver    merge, resolve abbreviations, ground -> doc.ents
   [-> litclaims_mention_extents    recognised extents -> doc.spans["mentions"];
                                    only `litclaims tag` / `eval ner` add it]

The components that need the lexicon name it in their config (the registered
`litclaims.lexicon.v1`, the compiled lexicon in the package data); the resolver's
config also lists the entity types the trained heads predict.

`nlp.pipe(docs)` is how a paper goes through it: `paper_docs` makes one doc per
chunk (section) with the paper's id in `doc._.paper_id`, so that a definition in
one section ("selective estrogen receptor modulators (SERMs)") resolves the short
form in every other; a text given alone (`nlp(text)`) is a paper of one doc.
`running_text_config` gives the per-call settings for reading the sentences of a
corpus as running text (`litclaims eval ner`).

Everything it loads is inside the package (extract/data, extract/models): nothing
at run time reads the shared data folder.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Any, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
from litclaims.extract.components.bounded_abbreviations import FACTORY as BOUNDED_ABBREVIATIONS
from litclaims.extract.components import lexicon_ner, sentences, token_splitter  # noqa: F401
from litclaims.extract.components.annotated_names import ANNOTATED_NAMES_PATH, FACTORY as ANNOTATED_NAMES
from litclaims.extract.components.grounding import MESH_PROTEIN_NAMES_PATH
from litclaims.extract.components.abbreviations import POOL
from litclaims.extract.components.entity_resolver import RESOLVER
from litclaims.extract.components.extensions import register_extensions
from litclaims.extract.components.mention_extents import MENTION_EXTENTS
from litclaims.extract.components.models import MODELS_DIR, add_trained_models, model_files, predicted_types
from litclaims.extract.components.tokenizer import build_tokenizer
from litclaims.extract.lexicon.shipped import SHIPPED_LEXICON
from litclaims.schemas.config import Settings

LEXICON_PATH = SHIPPED_LEXICON
TOKEN_SPLITTER = "litclaims_token_splitter"
SENTENCE_SPLITTER = "litclaims_sentences"
LEXICON_NER = "litclaims_lexicon_ner"

# scispaCy's abbreviation detector runs an empty Matcher on every doc without a
# definition, and spaCy warns (W036) each time; the warning says nothing useful here.
warnings.filterwarnings("ignore", message=r"\[W036\]", category=UserWarning)


def build_pipeline(settings: Settings, *, use_models: bool = True, mention_extents: bool = False) -> Language:
    """A fresh pipeline. `settings.base_model` non-empty: that spaCy package (or path)
    is the base, keeping its tokenizer and components, and the lexicon grounding is
    added after them; its own `ner` (if any) is kept as a `ner_base` candidate source.
    `mention_extents`: add the recognised-extent view (add_mention_extents)."""
    register_extensions()
    if settings.base_model:
        nlp = spacy.load(settings.base_model)
    else:
        nlp = spacy.blank("en")
        nlp.tokenizer = build_tokenizer(nlp)
    nlp.add_pipe(TOKEN_SPLITTER, first=True)
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe(SENTENCE_SPLITTER, after=TOKEN_SPLITTER)
    if not nlp.has_pipe("abbreviation_detector"):
        # scispaCy's detector, its candidate matcher bounded (linear in bracket runs)
        nlp.add_pipe(BOUNDED_ABBREVIATIONS, name="abbreviation_detector")
    nlp.add_pipe(LEXICON_NER)
    nlp.add_pipe(ANNOTATED_NAMES)
    if settings.base_model:
        add_base_model_ner(nlp)
    elif use_models:
        add_trained_models(nlp)
    nlp.add_pipe(POOL)
    nlp.add_pipe(RESOLVER, config={"model_types": sorted(predicted_types(nlp))})
    if mention_extents:
        add_mention_extents(nlp)
    return nlp


def add_mention_extents(nlp: Language) -> None:
    """Add the recognised-extent view after the resolver: doc.spans["mentions"], each
    mention with the extent the NER corpora annotate ("U937 cells", "IGF-IR kinase").
    `litclaims tag` and `litclaims eval ner` report it; production does not need it."""
    nlp.add_pipe(MENTION_EXTENTS, after=RESOLVER, config={"model_types": sorted(predicted_types(nlp))})


def add_base_model_ner(nlp: Language) -> None:
    """A base model's own `ner` writes doc.ents; move its spans to a candidate group so
    the resolver can merge them with the lexicon (labels mapped to this project's types)."""
    from litclaims.extract.components.models import stash_entities_factory_name

    if nlp.has_pipe("ner"):
        nlp.add_pipe(stash_entities_factory_name, name="stash_ner_base", config={"key": "ner_base"})


def paper_docs(nlp: Language, texts: Iterable[str], paper_id: str) -> list[Doc]:
    """One doc per chunk of a paper (its sections, or a corpus's sentences read as
    running text), marked as that paper's, for `nlp.pipe`: the abbreviation pool
    shares their definitions."""
    docs = []
    for text in texts:
        doc = nlp.make_doc(text)
        doc._.paper_id = paper_id
        docs.append(doc)
    return docs


def running_text_config(window: int, one_sentence_each: bool = False) -> dict[str, dict[str, Any]]:
    """`component_cfg` for `nlp.pipe` over consecutive pieces of running text (the
    sentences of a CoNLL file, in their abstracts' order, as `paper_docs` of one
    id): an abbreviation defined in one of the `window` pieces before a piece, or in
    the piece itself, resolves in it. `one_sentence_each`: the pieces are sentences
    already (a corpus's split), so the sentence splitter does not split them again
    ("factor PU . 1" is one name). A fresh dict each call (nlp.pipe adds to it)."""
    return {POOL: {"window": window}, SENTENCE_SPLITTER: {"one_sentence_each": one_sentence_each}}


def pipeline_fingerprint(settings: Settings) -> str:
    """A short hash of every data and model file the pipeline loads, plus the base model
    name, so that changing any of them changes the extractor version."""
    digest = hashlib.sha256()
    digest.update(f"base={settings.base_model}\n".encode())
    files = [LEXICON_PATH, ANNOTATED_NAMES_PATH, MESH_PROTEIN_NAMES_PATH]
    if not settings.base_model:
        files += model_files()
    for path in files:
        digest.update(str(path.relative_to(path.parents[2])).encode())
        digest.update(_file_digest(path).encode())
    return digest.hexdigest()[:12]


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


__all__ = [
    "LEXICON_PATH", "MODELS_DIR", "POOL", "RESOLVER", "add_mention_extents", "build_pipeline", "paper_docs",
    "pipeline_fingerprint", "running_text_config",
]
