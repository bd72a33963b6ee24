"""The spaCy pipeline: tokens, sentences, abbreviations, entities with grounding.

    blank "en" (or settings.base_model) with scispaCy's tokenizer
    -> litclaims_token_splitter   "PI3K/Akt" -> PI3K / Akt (lexicon-aware)
    -> litclaims_sentences        rule sentence splitter ("et al.", "Fig. 1", "vs.")
    -> abbreviation_detector      scispaCy (Schwartz & Hearst)
    -> litclaims_lexicon_ner      lexicon matches -> doc.spans["lexicon"]
    -> trained NER models         shipped in extract/models/ -> doc.spans["ner_*"]
    -> litclaims_entity_resolver  merge, resolve abbreviations, ground -> doc.ents

Everything it loads is inside the package (extract/data, extract/models): nothing
at run time reads the shared data folder.
"""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Importing the component modules registers their factories with spaCy.
import scispacy.abbreviation  # noqa: F401  (registers "abbreviation_detector")
from litclaims.extract.components import entity_resolver, lexicon_ner, sentences, token_splitter  # noqa: F401
from litclaims.extract.components.entity_resolver import abbreviation_map, abbreviation_types
from litclaims.extract.components.extensions import register_extensions
from litclaims.extract.components.models import MODELS_DIR, add_trained_models, model_files, predicted_types
from litclaims.extract.components.tokenizer import build_tokenizer
from litclaims.extract.lexicon.compiled import DATA_DIR, LEXICON_FILE, Lexicon
from litclaims.schemas.config import Settings

LEXICON_PATH = DATA_DIR / LEXICON_FILE

# scispaCy's abbreviation detector runs an empty Matcher on every doc without a
# definition, and spaCy warns (W036) each time; the warning says nothing useful here.
warnings.filterwarnings("ignore", message=r"\[W036\]", category=UserWarning)
# The component that first needs document-wide abbreviations (see process_sections).
RESOLVER = "litclaims_entity_resolver"
SENTENCE_SPLITTER = "litclaims_sentences"


def build_pipeline(settings: Settings, *, use_models: bool = True) -> Language:
    """A fresh pipeline. `settings.base_model` non-empty: that spaCy package (or path)
    is the base, keeping its tokenizer and components, and the lexicon grounding is
    added after them; its own `ner` (if any) is kept as a `ner_base` candidate source.
    Each doc gets two views of its mentions (see the resolver): doc.ents, the grounded
    names, and doc.spans["mentions"], the recognised extents."""
    register_extensions()
    lexicon = Lexicon.load(LEXICON_PATH)
    if settings.base_model:
        nlp = spacy.load(settings.base_model)
    else:
        nlp = spacy.blank("en")
        nlp.tokenizer = build_tokenizer(nlp)
    nlp.add_pipe("litclaims_token_splitter", first=True)
    if not nlp.has_pipe("parser") and not nlp.has_pipe("senter") and not nlp.has_pipe("sentencizer"):
        nlp.add_pipe(SENTENCE_SPLITTER, after="litclaims_token_splitter")
    if not nlp.has_pipe("abbreviation_detector"):
        nlp.add_pipe("abbreviation_detector")
    nlp.add_pipe("litclaims_lexicon_ner")
    if settings.base_model:
        add_base_model_ner(nlp)
    elif use_models:
        add_trained_models(nlp)
    nlp.add_pipe(RESOLVER)
    for name in ("litclaims_token_splitter", "litclaims_lexicon_ner", RESOLVER):
        nlp.get_pipe(name).lexicon = lexicon
    nlp.get_pipe(RESOLVER).model_types = predicted_types(nlp)
    return nlp


def add_base_model_ner(nlp: Language) -> None:
    """A base model's own `ner` writes doc.ents; move its spans to a candidate group so
    the resolver can merge them with the lexicon (labels mapped to this project's types)."""
    from litclaims.extract.components.models import stash_entities_factory_name

    if nlp.has_pipe("ner"):
        nlp.add_pipe(stash_entities_factory_name, name="stash_ner_base", config={"key": "ner_base"})


def pipeline_fingerprint(settings: Settings) -> str:
    """A short hash of every data and model file the pipeline loads, plus the base model
    name, so that changing any of them changes the extractor version."""
    digest = hashlib.sha256()
    digest.update(f"base={settings.base_model}\n".encode())
    files = [LEXICON_PATH] if settings.base_model else [LEXICON_PATH, *model_files()]
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


def process_sections(nlp: Language, chunks: list[str]) -> list[Doc]:
    """Run the pipeline over the sections of one document.

    Components run over all sections in turn; before the resolver, the
    abbreviations defined in any section are pooled so that a definition in one
    section ("selective estrogen receptor modulators (SERMs)") resolves the short
    form in every other section. The first definition of a short form wins.
    """
    return _process_pooled(nlp, chunks, window=None)


def process_running_text(nlp: Language, texts: list[str], window: int, one_sentence_each: bool = False) -> list[Doc]:
    """Run the pipeline over consecutive pieces of running text (the sentences of a
    CoNLL file, in their abstracts' order): an abbreviation defined in one of the
    `window` pieces before a piece, or in the piece itself, resolves in it.
    `one_sentence_each`: the pieces are sentences already (a corpus's split), so the
    sentence splitter does not split them again ("factor PU . 1" is one name)."""
    return _process_pooled(nlp, texts, window=window, one_sentence_each=one_sentence_each)


def _process_pooled(nlp: Language, texts: list[str], window: int | None, one_sentence_each: bool = False) -> list[Doc]:
    docs = [nlp.make_doc(text) for text in texts]
    for name, proc in nlp.pipeline:
        if name == RESOLVER:
            _pool_abbreviations(docs, window)
        if one_sentence_each and name == SENTENCE_SPLITTER:
            for doc in docs:
                for token in doc:
                    token.is_sent_start = token.i == 0
            continue
        docs = list(_run(proc, docs))
    return docs


def _pool_abbreviations(docs: list[Doc], window: int | None) -> None:
    """Set each doc's document-wide abbreviations: from every doc (window None) or
    from the `window` docs before it and itself. The first definition wins."""
    found = [(abbreviation_map(doc), abbreviation_types(doc)) for doc in docs]
    if window is None:
        forms: dict[str, str] = {}
        types: dict[str, str] = {}
        for doc_forms, doc_types in found:
            for short, long_form in doc_forms.items():
                forms.setdefault(short, long_form)
            for short, label in doc_types.items():
                types.setdefault(short, label)
        for doc in docs:
            doc._.document_abbreviations = forms
            doc._.document_abbreviation_types = types
        return
    for i, doc in enumerate(docs):
        forms, types = {}, {}
        for doc_forms, doc_types in found[max(0, i - window) : i + 1]:
            for short, long_form in doc_forms.items():
                forms.setdefault(short, long_form)
            for short, label in doc_types.items():
                types.setdefault(short, label)
        doc._.document_abbreviations = forms
        doc._.document_abbreviation_types = types


def _run(proc, docs: list[Doc]) -> Iterable[Doc]:
    if hasattr(proc, "pipe"):
        return proc.pipe(docs)
    return (proc(doc) for doc in docs)


__all__ = ["build_pipeline", "pipeline_fingerprint", "process_running_text", "process_sections", "MODELS_DIR"]
