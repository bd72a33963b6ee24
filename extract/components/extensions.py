"""The Doc/Span extensions the pipeline sets and the extractor reads."""

from __future__ import annotations

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    """Idempotent (force=True), so building several pipelines in one process is fine."""
    # The entity's preferred name ("IGF1R", "Tamoxifen", "MCF-7"); None when ungrounded.
    Span.set_extension("entity_name", default=None, force=True)
    # Which component found the mention: "lexicon", "abbreviation", "ner_gene", ...
    Span.set_extension("mention_source", default=None, force=True)
    # Which paper (or running text) a doc is a chunk of, set by whoever makes the docs
    # (litclaims.extract.pipeline.paper_docs): consecutive docs with the same id share
    # their abbreviation definitions (litclaims_abbreviation_pool). None: a doc alone.
    Doc.set_extension("paper_id", default=None, force=True)
    # Abbreviations defined anywhere in the paper ({short form: long form}); set by
    # litclaims_abbreviation_pool so a definition in one section resolves the short
    # form in the others. None when no pool ran.
    Doc.set_extension("document_abbreviations", default=None, force=True)
    # {short form: entity type} for the abbreviations whose long form a trained model
    # tagged ("atrial fibrillation (AF)": disease), pooled like the above.
    Doc.set_extension("document_abbreviation_types", default=None, force=True)
    # The resolver's mentions before they are cut back to names, as plain rows
    # ({"chosen": [...], "overlapped": [...]}, see grounding.Candidate.to_row): what
    # litclaims_mention_extents builds doc.spans["mentions"] from.
    Doc.set_extension("resolved_candidates", default=None, force=True)
