"""The recognised-extent view: doc.spans["mentions"], each mention with the extent
the training corpora annotate ("IGF-IR kinase", "U937 cells", "TPA-treated HL-60
cells", "human T cell line"), which `litclaims tag` and `litclaims eval ner` report.

doc.ents holds the names inside these extents, which grounding and the claims use;
`litclaims run` does not need the extents and does not run this component. It is
added after the resolver (litclaims.extract.pipeline.add_mention_extents) and reads
what the resolver left on the doc (doc._.resolved_candidates): the mentions it
chose before they were cut back to names, and the model spans that lost to them.
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from litclaims.extract.components.cell_line_extent import generic_line_phrases, head_start, tail_end
from litclaims.extract.components.extensions import register_extensions
from litclaims.extract.components.grounding import Candidate, entity_span
from litclaims.extract.components.resolver_policy import EXTENTS_DEFER_TO_MODEL
from litclaims.schemas.vocabulary import MENTIONS_SPANS

MENTION_EXTENTS = "litclaims_mention_extents"


class MentionExtents:
    """doc._.resolved_candidates -> doc.spans["mentions"]. `model_types`: the types the
    pipeline's trained heads predict (config; see EXTENTS_DEFER_TO_MODEL)."""

    def __init__(self, nlp: Language, name: str, model_types: Iterable[str]) -> None:
        self.name = name
        self.model_types = frozenset(model_types)

    def __call__(self, doc: Doc) -> Doc:
        resolved = doc._.resolved_candidates
        if resolved is None:
            raise ValueError(f"{self.name}: no resolved candidates on the doc; add it after litclaims_entity_resolver")
        chosen = [Candidate.from_row(row) for row in resolved["chosen"]]
        overlapped = [Candidate.from_row(row) for row in resolved["overlapped"]]
        extents = [
            e for e in recognised_extents(doc, chosen)
            if not (e.source == "lexicon" and e.label in self.model_types and e.label in EXTENTS_DEFER_TO_MODEL)
        ]
        extents += nested_mentions(overlapped, extents) + alternate_types(overlapped, extents)
        extents += unnamed_line_phrases(doc, extents)
        extents += marker_cell_phrases(doc, extents)
        # A mention's span extensions are keyed by its text's offsets, which a name in
        # doc.ents may share: the name's entity_name and mention_source stay.
        named = {(ent.start_char, ent.end_char) for ent in doc.ents}
        spans = []
        for c in sorted(extents, key=lambda c: c.start):
            if c.end > c.start:
                text = doc[c.start : c.end]
                spans.append(entity_span(doc, c, extensions=(text.start_char, text.end_char) not in named))
        doc.spans[MENTIONS_SPANS] = spans
        return doc


def recognised_extents(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
    """Each mention's extent as the corpora annotate it: cell lines grow into their
    noun phrase (extract.components.cell_line_extent), absorbing a treatment
    mention before them ("TPA-treated"); other types keep the span as found."""
    chosen = sorted((c for c in chosen if c.end > c.start), key=lambda c: c.start)
    labels: list[str | None] = [None] * len(doc)
    for c in chosen:
        for k in range(c.start, c.end):
            labels[k] = c.label
    start_of = {c.end - 1: c.start for c in chosen}
    end_of = {c.start: c.end for c in chosen}
    extents = [Candidate(c.start, c.end, c.label, c.entity, c.source) for c in chosen]
    for extent in extents:
        if extent.label == "gene":
            grow_gene_extent(doc, extent, labels)
        if extent.label != "cell_line":
            continue
        extent.end = tail_end(doc, extent.end, labels, end_of)
        extent.start = head_start(doc, extent.start, labels, start_of)
        for k in range(extent.start, extent.end):
            labels[k] = "cell_line"
    # Mentions a cell line's extent took in ("TPA" of "TPA-treated HL-60 cells") stay,
    # nested in it.
    return extents


# BC2GM annotates a gene's name with the noun that says which form of it is meant
# ("p53 gene", "IL-2 mRNA", "c-fos promoter") and a word for the organism or origin
# before it ("human insulin", "yeast CDC28", "recombinant IL-2"). The words are those
# that one criterion picks from BC2GM train's gold alone (`python -m
# tools.training.extent_words`: inside a mention's edge at least 10 times and at least
# 80% of the times the word stands at or beside one), fixed before devel was measured:
# e.g. "gene" ends a mention 643 times and follows one 32, "human" starts one 267 times
# and precedes one 32; "serum" (80 / 40), "murine" (23 / 7) and "products" (9 / 3) stay out.
# BioRED leaves these words out ("gene" after a gene mention 211 times, in one 2; "human"
# before one 32, in one 0): doc.ents keeps the name alone, BioRED's convention and the one
# the claims use.
GENE_FORM_NOUNS = frozenset((
    "gene", "genes", "protein", "proteins", "mrna", "mrnas", "promoter", "promoters", "cdna", "cdnas",
    "transcript", "transcripts", "sequence", "sequences", "region", "product", "locus", "enhancer", "homolog",
    "isoforms", "allele", "alleles", "site", "sites", "element", "elements", "mutants", "antigen", "motif",
    "mutant", "antibody", "antibodies", "domain", "domains", "family", "receptor", "receptors", "kinase",
    "subunit",
))
GENE_ORIGIN_WORDS = frozenset((
    "human", "mouse", "rat", "bovine", "chicken", "drosophila", "xenopus", "yeast", "mammalian",
    "recombinant", "viral", "bacterial", "mutant",
))
MAX_FORM_NOUNS = 2


def grow_gene_extent(doc: Doc, extent: Candidate, labels: list[str | None]) -> None:
    """A gene mention's recognised extent takes in the form nouns after it and a
    word of origin before it (GENE_FORM_NOUNS, GENE_ORIGIN_WORDS) that no other mention holds."""
    end = extent.end
    while (end < len(doc) and end - extent.end < MAX_FORM_NOUNS and labels[end] is None
           and doc[end].lower_ in GENE_FORM_NOUNS):
        end += 1
    start = extent.start
    if start > 0 and labels[start - 1] is None and doc[start - 1].lower_ in GENE_ORIGIN_WORDS:
        start -= 1
    for k in range(start, end):
        labels[k] = "gene"
    extent.start, extent.end = start, end


def unnamed_line_phrases(doc: Doc, extents: list[Candidate]) -> list[Candidate]:
    """Phrases about cell lines that name none ("human lymphoblastoid cell line", "CD4
    positive T cell lines"): recognised mentions as the corpora annotate them, never
    names. A marker's gene mention inside one stays, nested."""
    labels: list[str | None] = [None] * len(doc)
    for e in extents:
        for k in range(e.start, e.end):
            labels[k] = e.label
    return [Candidate(start, end, "cell_line", None, "pattern") for start, end in generic_line_phrases(doc, labels)]


# "CD4 cells", "CD4+ T cells", "CD30+ cells", "CD4 positive macrophages": cells named
# by a surface marker.
_CD_MARKER = re.compile(r"^CD\d+[+-]?$")
_MARKER_SIGNS = frozenset(("+", "-", "positive", "negative"))
_LINEAGES = frozenset(("T", "B", "NK", "T-cell", "B-cell"))
_CELL_NOUNS = frozenset(("cells", "cell", "macrophages"))


def marker_cell_phrases(doc: Doc, extents: list[Candidate]) -> list[Candidate]:
    """Cells named by a CD marker ("CD4 cells", "CD4+ T cells"): recognised cell_line
    mentions as JNLPBA annotates them (14 of the 22 such phrases of its training
    part), never names. The marker's gene mention stays, nested."""
    if "CD" not in doc.text:
        return []
    taken = [False] * len(doc)
    for e in extents:
        if e.label == "cell_line":
            for k in range(e.start, e.end):
                taken[k] = True
    phrases = []
    for i, token in enumerate(doc):
        if not _CD_MARKER.match(token.text) or taken[i]:
            continue
        j = i + 1
        while j < len(doc) and doc[j].text in _MARKER_SIGNS:
            j += 1
        if j < len(doc) and doc[j].text in _LINEAGES:
            j += 1
        if j < len(doc) and doc[j].lower_ in _CELL_NOUNS and not any(taken[i : j + 1]):
            phrases.append(Candidate(i, j + 1, "cell_line", None, "pattern"))
    return phrases


def alternate_types(overlapped: list[Candidate], extents: list[Candidate]) -> list[Candidate]:
    """Two heads on the very same words with different types ("angiotensin II": a
    peptide for BC2GM, a chemical for BC5CDR): the text is both; doc.ents keeps the
    winner, the recognised mentions keep the other type too."""
    spans = {(e.start, e.end): e.label for e in extents}
    alternates: dict[tuple[int, int, str], Candidate] = {}
    for c in overlapped:
        label = spans.get((c.start, c.end))
        if label is not None and label != c.label and c.from_model:
            alternates.setdefault((c.start, c.end, c.label), c)
    return list(alternates.values())


def nested_mentions(overlapped: list[Candidate], extents: list[Candidate]) -> list[Candidate]:
    """Model spans that lost to an overlapping span of another type and lie inside it:
    "serotonin" in "serotonin receptor" (BC5CDR annotates the chemical, BC2GM the
    protein). Both are mentions; doc.ents keeps the outer one."""
    nested: list[Candidate] = []
    for c in overlapped:
        if c.label == "cell_line":
            continue  # a line's name inside a protein's ("PEBP2 alpha/AML-1 factor") is not a line
        outer = [e for e in extents if e.start <= c.start and c.end <= e.end and e.label != c.label
                 and (e.start, e.end) != (c.start, c.end)]
        crossing = [e for e in extents + nested if e.start < c.end and c.start < e.end and e not in outer]
        if outer and not crossing:
            nested.append(c)
    return nested



@Language.factory(MENTION_EXTENTS, default_config={"model_types": []})
def make_mention_extents(nlp: Language, name: str, model_types: list[str]) -> MentionExtents:
    register_extensions()
    return MentionExtents(nlp, name, model_types)
