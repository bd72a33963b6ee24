"""The names the production pipeline finds in texts read as the docs of one paper."""

from __future__ import annotations

from litclaims.extract.pipeline import paper_docs


def paper_names(nlp, *texts: str) -> set[tuple[str, str, str]]:
    """(text, type, id) of every name (doc.ents) in `texts`, piped as one paper's docs."""
    return {(e.text, e.label_, e.kb_id_) for doc in nlp.pipe(paper_docs(nlp, list(texts), "p")) for e in doc.ents}
