"""Merge the candidate mentions into `doc.ents` and ground them.

Candidates come from span groups: `doc.spans["lexicon"]` (the lexicon matcher)
and `doc.spans["ner_*"]` (the trained models, labels already in this project's
types). The rules, in order (one pass each in `EntityResolver.__call__`; the
measured policy constants are in extract.components.resolver_policy):

1. Abbreviations defined in the document ("type I insulin-like growth factor
   receptor (IGF-IR)") are grounded through their long form. A short form whose
   long form is not an entity ("endoplasmic reticulum (ER)") drops the lexicon's
   guess for it, so "ER" there is not estrogen receptor
   (extract.components.abbreviations).
2. Model spans win over lexicon spans they overlap (the models decide the
   boundaries they were trained on). Where two heads claim overlapping text
   (the gene head and the chemical head both on "OCT"), the span the lexicon
   supports in its type wins, then the type order of TYPE_PRIORITY (measured
   on the devel sets, docs/ner.md), then the longer span. A model span is grounded by a lexicon lookup of its own
   text in its type, else by the one same-type lexicon match inside it, else
   stays ungrounded.
   A model span the lexicon cannot ground in its type gives way to a lexicon
   match of another type that covers it ("HER-2" from the chemical head), and
   one that holds two or more lexicon matches gives way to them.
3. Lexicon spans that no model span overlaps are kept (the types in
   LEXICON_DEFERS_TO_MODEL excepted, none at present: dropping the gene
   matches the gene head declined gains 1.2 gene F1 on BC2GM devel but loses
   genes the claims need, such as "IRS-1" in "IRS-1 expression").
4. A model span that is one lexicon name of its type plus generic words ("IGF-IR
   kinase", "ER protein", "EGFR T790M mutation", "MCF-7 cells") is cut back to
   the name, which is what the claims and their gold use (extract.components.names).
   The recognised extent is what `litclaims tag` reports: the resolver leaves its
   mentions before the cut on the doc (doc._.resolved_candidates), and the
   `litclaims_mention_extents` component, which only tagging runs, turns them into
   doc.spans["mentions"] (cell lines extended by "cells"/"cell line" as JNLPBA
   writes them).
"""

from __future__ import annotations

import re
from typing import Iterable

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from litclaims.extract.components.abbreviations import defined_short_forms, long_form_span
from litclaims.extract.components.annotated_names import SPAN_KEY as ANNOTATED_KEY, load_table
from litclaims.extract.components.cell_line_extent import (is_bare_acronym, is_coded_line_name, is_short_symbol_without_tail,
                                                           is_unsupported_lexicon_line, NamesSaidWithCells)
from litclaims.extract.components.extensions import register_extensions
from litclaims.schemas.span_index import SpanIndex
from litclaims.extract.components.grounding import (MODEL_KEY_PREFIX, Candidate, entity_span, ground_gene_head_span,
                                                    ground_text, mesh_protein_name)
from litclaims.extract.components.lexicon_ner import SPAN_KEY as LEXICON_KEY
from litclaims.extract.components.mention_context import (
    AMINO_ACID_GENOTYPE, CELL_NOUN, CELL_WORDS, COMPARISON, NOT_IN_A_LINE_NAME, VARIANT_OR_COMPARISON, called_a_line,
    followed_by_molecule_word, is_a_residue_alone, is_derivative_suffix, is_gene_state, is_never_a_name, is_statistical,
    marked_as_marker,
    name_plus_generic, names_a_molecule, names_a_sequence_unit, names_a_t_cell_subset, said_to_be_a_line,
)
from litclaims.extract.components.token_arrays import token_texts
from litclaims.extract.components.token_splitter import PROTEIN_CHANGE
from litclaims.extract.components.names import names_of
from litclaims.extract.components.resolver_policy import LEXICON_DEFERS_TO_MODEL, LEXICON_OVERRULES, model_span_rank
from litclaims.extract.lexicon.compiled import Entity, Lexicon
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.matcher import ION, unbalanced_brackets
from litclaims.extract.lexicon.shipped import LEXICON_CONFIG

RESOLVER = "litclaims_entity_resolver"


class EntityResolver:
    """Lexicon and model candidates -> doc.ents (see the module docstring). Config:
    the lexicon (the shipped one by default) and `model_types`, the types the
    pipeline's trained heads predict."""

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon, model_types: Iterable[str]) -> None:
        self.name = name
        self.lexicon = lexicon
        self.model_types = frozenset(model_types)

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        defined = defined_short_forms(doc, lexicon)
        lexicon_spans = list(doc.spans[LEXICON_KEY]) if LEXICON_KEY in doc.spans else []
        selection = Selection(len(doc))
        overlapped, preferred_lexicon = take_model_spans(doc, selection, lexicon_spans, defined, lexicon)
        take_lexicon_spans(doc, selection, lexicon_spans, defined, lexicon, self.model_types, preferred_lexicon)
        take_annotated_names(doc, selection, defined)
        grow_lines_by_derivative_suffix(doc, selection, lexicon_spans)
        take_undetected_short_forms(doc, selection, defined)
        take_coded_line_names(doc, selection)
        chosen = settle_edges(doc, selection)
        # The mentions as recognised, before names_of cuts them back to names: what
        # litclaims_mention_extents (tagging only) builds doc.spans["mentions"] from.
        doc._.resolved_candidates = {"chosen": [c.to_row() for c in chosen],
                                     "overlapped": [c.to_row() for c in overlapped]}
        names = names_of(doc, chosen, lexicon_spans, lexicon, defined, overlapped)
        # Span extensions live on the doc's user data keyed by offsets, so the spans
        # in doc.ents carry what was set on these equal spans.
        doc.set_ents([entity_span(doc, c) for c in sorted(names, key=lambda c: c.start)], default="outside")
        return doc


class Selection:
    """The mentions taken so far and the tokens they cover: no two overlap."""

    def __init__(self, n_tokens: int) -> None:
        self.chosen: list[Candidate] = []
        self.taken = [False] * n_tokens

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def take(self, c: Candidate) -> None:
        self.chosen.append(c)
        for k in range(c.start, c.end):
            self.taken[k] = True


# Rule 2: the trained heads' spans.

def take_model_spans(doc: Doc, selection: Selection, lexicon_spans: list[Span], defined: dict[str, Entity | None],
                     lexicon: Lexicon) -> tuple[list[Candidate], set[tuple[int, int]]]:
    """Take the heads' spans, best first (lexicon-supported, then type priority, then
    longest). Returns the spans that lost to an overlapping one, and the lexicon
    spans that overrule a head's span (taken by rule 3 whatever its policy says)."""
    model_spans = [
        (key, span) for key in sorted(doc.spans) if key.startswith(MODEL_KEY_PREFIX) for span in doc.spans[key]
    ]
    gene_spans = [span for _, span in model_spans if span.label_ == "gene"]
    # (each span asks only the matches near it: linear in the chunk's length)
    lexicon_index, gene_index = SpanIndex(lexicon_spans), SpanIndex(gene_spans)
    ranked = []
    preferred_lexicon: set[tuple[int, int]] = set()
    for source, span in model_spans:
        near = lexicon_index.near(span.start, span.end, 2)
        if head_span_rejected(doc, span, gene_index.near(span.start, span.end), near, defined):
            continue
        grounding = ground_model_span(span, defined, lexicon, near)
        if grounding is None:
            continue
        entity, supported = grounding
        label = span.label_
        if label == "drug" and span.text not in defined:
            gene = protein_listed_as_drug(lexicon, span.text)
            if gene is not None:
                label, entity = "gene", gene  # "COX-1", "caspase-3" from the chemical head
        if entity is None and not supported:
            listed = annotated_type(span.text)
            if listed is not None and listed != label:
                label = listed  # round 11 (B): a name the training corpora annotate as another type
            if (label == "drug" and listed is None and undefined_capitals(span.text, defined)
                    and reads_as_running_text(doc)):
                continue
        if not supported:
            covering = overruling_lexicon_spans(doc, span, near)
            if covering:
                # A head fired on another type's name: "HER-2" from the chemical head,
                # "SKBR3" from the gene head, "MCF" of "MCF - 7", "Jurkat cells" as a drug. The lexicon knows the
                # text (or more around it) in another type and not in the head's: the
                # lexicon's span wins, whatever the lexicon-only policy below says.
                preferred_lexicon.update((s.start, s.end) for s in covering)
                continue
        if not supported:
            longer = lexicon_name_around(span, near)
            if longer is not None:
                # "reactive oxygen" of "reactive oxygen species": the head stopped inside a
                # name the lexicon knows in the head's type; the name is the mention.
                span, supported = longer, True
                entity = ground_text(lexicon, span.text, span.label_) or entity
        rank = (inside_a_gene_name(span, gene_index.near(span.start, span.end)), *model_span_rank(supported, label, len(span), span.start))
        ranked.append((rank, Candidate(span.start, span.end, label, entity, source)))
    overlapped: list[Candidate] = []
    for _, candidate in sorted(ranked, key=lambda rc: rc[0]):
        if selection.free(candidate.start, candidate.end):
            selection.take(candidate)
        else:
            overlapped.append(candidate)
    return overlapped, preferred_lexicon


# Capitals alone, as a short form is written ("ITP", "SNP", "VCFS").
CAPITALS_ALONE = re.compile(r"[A-Z]{2,6}")


def undefined_capitals(text: str, defined: dict[str, Entity | None]) -> bool:
    """Capitals alone that the chemical head typed, the lexicon does not know and the
    paper does not define: a chemical's short form is defined in the paper or is a
    name the lexicon lists; such undefined capitals are mostly a disease's or
    variant's letters ("chronic ITP", "this SNP", "DGS/VCFS"). In abstracts (running
    text, below) such names were chemicals 7 times of 27 on the BioRED training part,
    none of 15 on its held-out part (issue 14 round 14)."""
    return CAPITALS_ALONE.fullmatch(text) is not None and text not in defined


def reads_as_running_text(doc: Doc) -> bool:
    """Several sentences (an abstract, a section), where a paper defines its short
    forms; a sentence read alone (ChemProt's texts) may use one defined elsewhere."""
    return sum(1 for _ in zip(doc.sents, range(3))) >= 3


# A protein's name: a number after letters ("COX-1", "caspase-3", "TGF-beta1", "IL-23",
# "CD24"), an enzyme's ending, or a factor or receptor.
PROTEIN_SHAPE = re.compile(r"[A-Za-z]-?\d+$|ases?$|in-\d|factor|receptor")


def protein_listed_as_drug(lexicon: Lexicon, text: str) -> Entity | None:
    """The gene entry of a name written like a protein that the lexicon lists first as a
    drug and also as a gene ("COX-2", "caspase-3", "ICAM-1": the drug sources list the
    biologic or a product named after it). Across BC2GM train, BC5CDR train and the BioRED
    training part such names are annotated 91 times as genes and never as chemicals
    (other such names: 170 genes, 31 chemicals, e.g. "LPS", "ROS"; issue 14 round 9).
    Also a drug-listed name whose first entry is a curated gene row ("COX-1": PTGS1)."""
    if not PROTEIN_SHAPE.search(text):
        return None
    entities = lexicon.lookup(norm_key(text), text)
    if not any(e.entity_type == "drug" for e in entities):
        return None
    if entities[0].entity_type == "gene" and entities[0].curated:
        return entities[0]  # a curated row chose the gene ("COX-1" is PTGS1, not MT-CO1)
    if entities[0].entity_type != "drug":
        return None
    return next((e for e in entities if e.entity_type == "gene"), None)


def lexicon_name_around(span: Span, lexicon_spans: list[Span]) -> Span | None:
    """The one lexicon match of the span's type that holds the span and is longer."""
    around = [s for s in lexicon_spans if s.label_ == span.label_ and s.start <= span.start and span.end <= s.end
              and len(s) > len(span)]
    return around[0] if len(around) == 1 else None


def inside_a_gene_name(span: Span, gene_spans: list[Span]) -> bool:
    """A chemical in a protein's name ("retinoic acid receptor", "thymidine kinase")
    yields to the protein in doc.ents and stays a nested mention."""
    return span.label_ in ("drug", "disease") and any(
        g.start <= span.start and span.end <= g.end and len(g) > len(span) for g in gene_spans)


def head_span_rejected(doc: Doc, span: Span, gene_spans: list[Span], lexicon_spans: list[Span],
                       defined: dict[str, Entity | None]) -> bool:
    """Whether a head's span is no mention of the head's type."""
    text = span.text  # (Span.text joins the tokens on every call)
    return ((is_statistical(text) and not called_a_line(doc, span.start, span.end))
            or is_never_a_name(text)  # "Fig. 2 A", "[26]–[29", "×", "mRNA"
            or (span.label_ in ("gene", "drug") and is_a_residue_alone(text))  # "Y701", "Thr35"
            or (span.label_ != "drug" and text[-1] in "+-)" and ION.match(text) is not None)  # "Ca2+"
            or VARIANT_OR_COMPARISON.search(text) is not None  # "rs9271366 SNP", "G-395A variant", "or="
            or (span.label_ == "drug" and names_a_sequence_unit(doc, span.end, text))
            or line_span_is_no_line(doc, span, gene_spans)
            or span_names_cells(doc, span, lexicon_spans)
            or names_an_author(doc, span)
            or defined_as_something_else(span, defined))


def line_span_is_no_line(doc: Doc, span: Span, gene_spans: list[Span]) -> bool:
    """A cell-line head's span that names a molecule ("dominant-negative ras gene",
    "N-terminal Ets domain"), holds a reference's or author line's characters ("Mamm
    29:181–201", "Virányi ¹,²*"), or is a short symbol without "cells" that the gene
    head also found ("Fyn SH2, SH3": the gene's), or crosses a bracket ("IRS-1 (29": a
    gene and its reference number)."""
    if span.label_ != "cell_line":
        return False
    return (names_a_molecule(span) or names_something_else(doc, span, span.text) or unbalanced_brackets(span.text)
            or (bool(PROTEIN_CHANGE.match(span.text))  # "S491A" is a mutant, not a line
                and not called_a_line(doc, span.start, span.end))
            or (is_short_symbol_without_tail(doc, span.start, span.end)
                and not called_a_line(doc, span.start, span.end)
                and any((g.start, g.end) == (span.start, span.end) for g in gene_spans)))


def names_something_else(doc: Doc, span: Span, text: str) -> bool:
    """A line name, from the lexicon or a head, whose own characters or neighbours say it
    is something else: a reference's or author line's characters, a comparison, a T-cell
    subset ("Th1"), an amino-acid genotype ("Ser/Ser"), a marker ("F4/80(+) macrophages")."""
    return bool(NOT_IN_A_LINE_NAME.search(text) or names_a_t_cell_subset(span)
                or AMINO_ACID_GENOTYPE.match(text) or marked_as_marker(doc, span))


def span_names_cells(doc: Doc, span: Span, lexicon_spans: list[Span]) -> bool:
    """Cells are no gene, drug or disease: the heads' spans that are a line the text
    calls one, or that end in a cell noun, are other heads' business (no BC2GM gene or
    BC5CDR chemical mention ends so; two BC5CDR disease mentions end in "cells")."""
    label, last = span.label_, span[-1].lower_
    if label in ("gene", "drug") and (said_to_be_a_line(doc, span, lexicon_spans)
                                      or is_derivative_suffix(doc, span.start, span.end, lexicon_spans)):
        return True  # "LCC2 and LCC9 cells"; "GR" of "HCC827 GR cells" (gefitinib-resistant)
    if label == "gene" and CELL_NOUN.match(last):
        # "HTLV-I-infected T cell lines" is no gene (BC2GM has no gene ending so);
        # "the monocytic cell line, THP-1", "THP-1 cells", "(ATL-1k, MT-2, S-LB1)":
        # a name that is both a gene alias and a line is the line where the text
        # says so (the lexicon's span is then taken).
        return True
    if label == "disease" and CELL_NOUN.match(last) and last not in ("cell", "cells"):
        return True  # "mature and immature T-cell lines" from the disease head ("... cells" can be a disease's)
    # "T-cell lines", "EBV-negative B-lymphoma (cell lines)" from the chemical head:
    # cells, not a drug (BC5CDR has no chemical before "cell line"; two before
    # "cells": "B3 serotonin cells").
    return label == "drug" and (CELL_NOUN.match(last) is not None or (
        span.end + 1 < len(doc) and doc[span.end].lower_ == "cell" and doc[span.end + 1].lower_ in ("line", "lines")))


def names_an_author(doc: Doc, span: Span) -> bool:
    """"Jones et al.": an author."""
    return span.end + 1 < len(doc) and doc[span.end].lower_ == "et" and doc[span.end + 1].lower_ in ("al", "al.")


def defined_as_something_else(span: Span, defined: dict[str, Entity | None]) -> bool:
    """A short form this paper defines as no entity ("endoplasmic reticulum (ER)"), or
    as an entity of another type ("neuroleptic malignant syndrome (NMS)", not the gene
    NMS)."""
    if span.text not in defined:
        return False
    entity = defined[span.text]
    if entity is None:
        return len(span.text) <= 3
    return entity.entity_type != span.label_


def ground_model_span(span: Span, defined: dict[str, Entity | None], lexicon: Lexicon,
                      lexicon_spans: list[Span]) -> tuple[Entity | None, bool] | None:
    """(entity, whether the lexicon supports the span in its type): the paper's
    definition of it, else the lexicon's entry for its text, else the one same-type
    lexicon match inside it (unsupported). None: the span holds two or more lexicon
    matches and gives way to them ("alpha-IR3 block IGF-IR" as one gene)."""
    label = span.label_
    entity = defined.get(span.text)
    if entity is None or entity.entity_type != label:
        entity = ground_text(lexicon, span.text, label)
    if entity is None and label == "gene":
        entity = ground_gene_head_span(lexicon, span.text) or elided_name(span, lexicon)  # "fyn", "src"; "β-"
    if entity is not None:
        return entity, True
    inside_any = [s for s in lexicon_spans if s.start >= span.start and s.end <= span.end]
    if len(inside_any) >= 2:
        return whole_gene_name(span, inside_any)
    inside = [s for s in inside_any if s.label_ == label]
    if len(inside) == 1:
        entity = ground_text(lexicon, inside[0].text, label)
    return entity, False


def elided_name(span: Span, lexicon: Lexicon) -> Entity | None:
    """A gene name whose head word is left to the next one of a list: "β- and
    γ-catenins", "β-, γ-, and α-catenins" ("β-" is beta-catenin; issue 14 round 12)."""
    text = span.text
    if not text.endswith("-") or len(text) < 2:
        return None
    doc = span.doc
    for k in range(span.end, min(len(doc), span.end + 8)):
        word = doc[k].text
        if word in (",", "and", "or", "&") or (word.endswith("-") and len(word) > 1):
            continue
        head, _, tail = word.partition("-")
        if not head or not tail:
            return None
        return ground_text(lexicon, text + tail, "gene")
    return None


def whole_gene_name(span: Span, inside: list[Span]) -> tuple[Entity | None, bool] | None:
    """A gene head's span that holds two or more lexicon names, one of them of another
    type, is one gene name with no id ("cysteine protease", "manganese superoxide
    dismutase", "N-acetylglucosamine (O-GlcNAc) transferase"): the other type's words
    are part of it, no drug. On the BioRED training part 12 such spans were gold genes
    whole and 1 had a gold piece (issue 14 round 5). None: the span gives way to its
    lexicon names: all genes ("alpha-IR3 block IGF-IR", "ATM/ATR"), a disease among them
    ("ALK-rearranged NSCLC"), or a drug last after a gene ("BRAF inhibitor vemurafenib")."""
    if span.label_ != "gene" or not any(s.label_ != "gene" for s in inside):
        return None
    if any(s.label_ == "disease" for s in inside):
        return None  # "ALK-rearranged NSCLC", "EGFR-mutant lung cancer": a gene and a disease
    last = max(inside, key=lambda s: s.end)
    if last.label_ == "drug" and not all(s.label_ == "drug" for s in inside):
        return None  # "BRAF inhibitor vemurafenib": a gene and a drug
    return None, False


def overruling_lexicon_spans(doc: Doc, span: Span, lexicon_spans: list[Span]) -> list[Span]:
    """Lexicon matches of an overruling type (LEXICON_OVERRULES) other than the span's
    that cover it, or that the span is plus generic words of their type; a line's
    match followed by a molecule word, or a short symbol without "cells", does not."""
    return [
        s for s in lexicon_spans
        if s.label_ != span.label_ and s.label_ in LEXICON_OVERRULES
        and not (s.label_ == "cell_line" and (
            followed_by_molecule_word(doc, s) or is_short_symbol_without_tail(doc, s.start, s.end)))
        and (s.start <= span.start and s.end >= span.end or name_plus_generic(doc, span, s))
    ]


# Rule 3 and the rules after it: what the heads left free.

def take_lexicon_spans(doc: Doc, selection: Selection, lexicon_spans: list[Span], defined: dict[str, Entity | None],
                       lexicon: Lexicon, model_types: frozenset[str], preferred_lexicon: set[tuple[int, int]]) -> None:
    """Lexicon matches on free tokens: a defined short form as what it stands for,
    else the match grounded in its type."""
    lines_with_cells = NamesSaidWithCells(doc)
    lexicon_index = SpanIndex(lexicon_spans)
    for span in lexicon_spans:
        if not selection.free(span.start, span.end):
            continue
        text = span.text
        if text in defined:
            entity = defined[text]
            if entity is not None:  # None: defined in this paper as something that is not an entity
                selection.take(Candidate(span.start, span.end, entity.entity_type, entity, "abbreviation"))
            continue
        if (is_statistical(text) and not called_a_line(doc, span.start, span.end)) or COMPARISON.search(text):
            continue  # "OR" (odds ratio), "S.E.M.", "or=": never an entity ("SEM cells" are the line)
        if span.label_ == "cell_line" and (lexicon_line_is_no_line(doc, span, text, lexicon_index.near(span.start, span.end, 2))
                                           or is_unsupported_lexicon_line(doc, span, lines_with_cells)):
            continue
        if is_derivative_suffix(doc, span.start, span.end, lexicon_index.near(span.start, span.end, 1)):
            continue  # "GR" of "HCC827 GR cells" is not the glucocorticoid receptor
        gene = protein_listed_as_drug(lexicon, text) if span.label_ == "drug" else None
        if gene is not None:
            selection.take(Candidate(span.start, span.end, "gene", gene, "lexicon"))  # "COX-2"
            continue
        entity = Entity(span.label_, span.kb_id_, "") if span.kb_id_ else None
        entity = ground_text(lexicon, text, span.label_) or entity or Entity(span.label_, "", text)
        if (span.label_ in model_types and span.label_ in LEXICON_DEFERS_TO_MODEL and not entity.curated
                and (span.start, span.end) not in preferred_lexicon):
            continue  # the model saw this match (as a feature) and did not tag it
        selection.take(Candidate(span.start, span.end, span.label_, entity, "lexicon"))


def annotated_type(text: str) -> str | None:
    """The type the training corpora annotate this text with, where the lexicon does not
    know it (extract/data/annotated_names.tsv)."""
    found = load_table().lookup(norm_key(text), text)
    return found[0].entity_type if len(found) == 1 else None


def take_annotated_names(doc: Doc, selection: Selection, defined: dict[str, Entity | None]) -> None:
    """Names the training corpora annotate reliably that the lexicon does not know
    (doc.spans["annotated_names"], issue 14 round 11), where no head's span nor lexicon
    match stands: a mention of the listed type with no id. A short form the paper
    defines is what its definition says (rule 1 takes it)."""
    for span in doc.spans.get(ANNOTATED_KEY, []):
        if not selection.free(span.start, span.end) or span.text in defined:
            continue
        if is_statistical(span.text) or COMPARISON.search(span.text):
            continue
        entity = mesh_protein_name(span.text) if span.label_ == "gene" else None
        selection.take(Candidate(span.start, span.end, span.label_, entity or Entity(span.label_, "", span.text), "annotated"))


def lexicon_line_is_no_line(doc: Doc, span: Span, text: str, lexicon_spans: list[Span]) -> bool:
    """A lexicon line name that the words around it (or its own characters) say is
    something else: a molecule ("SH2 domain"), a protein change ("EGFR S491A"), a
    comparison ("P<0.01" is a Cellosaurus name), a T-cell subset ("Th1"), an
    amino-acid genotype ("Ser/Ser") or a marker ("F4/80(+) macrophages")."""
    return (followed_by_molecule_word(doc, span) or reads_as_protein_change(doc, span, lexicon_spans)
            or names_something_else(doc, span, text))


MUTATION_WORDS = frozenset("mutant mutants mutation mutations substitution substitutions variant variants "
                           "phosphomutant site residue allele".split())


def reads_as_protein_change(doc: Doc, span: Span, lexicon_spans: list[Span]) -> bool:
    """A line name written like a protein change ("S491A"; T47D is a line too) is the
    change where the text says so: a mutation word after it, or a gene right before
    it ("EGFR S491A")."""
    if not PROTEIN_CHANGE.match(span.text) or called_a_line(doc, span.start, span.end):
        return False
    if span.end < len(doc) and doc[span.end].lower_ in MUTATION_WORDS:
        return True
    return any(s.label_ == "gene" and s.end in (span.start, span.start - 1) for s in lexicon_spans)


def grow_lines_by_derivative_suffix(doc: Doc, selection: Selection, lexicon_spans: list[Span]) -> None:
    """"HCC827 GR cells": the resistant derivative is the line, a lab-made one without
    an id (as "MCF-7/HER-2"); its suffix was kept free by rule 3."""
    chosen, taken = selection.chosen, selection.taken
    for c in list(chosen):
        if c.label != "cell_line" or c.end >= len(doc) or not is_derivative_suffix(doc, c.end, c.end + 1, lexicon_spans):
            continue
        # The suffix is free, or the line head took it alone ("LapR cells").
        suffix_line = [d for d in chosen if d.start == c.end and d.label == "cell_line"
                       and all(t.lower_ in CELL_WORDS for t in doc[c.end + 1 : d.end])]
        if taken[c.end] and not suffix_line:
            continue
        for d in suffix_line:
            chosen.remove(d)
        taken[c.end] = True
        c.end += 1
        c.entity = Entity("cell_line", "", doc[c.start : c.end].text)


def take_undetected_short_forms(doc: Doc, selection: Selection, defined: dict[str, Entity | None]) -> None:
    """Short forms defined in the paper that neither the models nor the lexicon found."""
    if not defined:
        return
    for i, text in enumerate(token_texts(doc)):
        if selection.taken[i]:
            continue
        entity = defined.get(text)
        if entity is not None:
            selection.take(Candidate(i, i + 1, entity.entity_type, entity, "abbreviation"))


def take_coded_line_names(doc: Doc, selection: Selection) -> None:
    """Lines the lexicon does not list and no head found, named by a coded name
    before "cells" ("U9-IIIB cells"): a cell line without an id."""
    # (the name comes right before "cells"/"cell": find those words first, in the
    # doc's LOWER array, without a Token object per token)
    cell_words = {doc.vocab.strings[word] for word in ("cells", "cell")}
    for after, lower in enumerate(doc.to_array(LOWER).tolist()):
        i = after - 1
        if (lower in cell_words and i >= 0 and not selection.taken[i] and is_coded_line_name(doc, i)
                and not names_a_t_cell_subset(doc[i : i + 1])):  # "Th17 cells" are a cell type
            selection.take(Candidate(i, i + 1, "cell_line", None, "pattern"))


# The chosen mentions' final edges (both views: doc.ents and the recognised extents).

def settle_edges(doc: Doc, selection: Selection) -> list[Candidate]:
    """Model spans grown to an abbreviation's long form and cut free of reference
    markers; then a lexicon line that is a bare acronym, and a gene's state that
    nothing grounds ("D842I"), are no mentions."""
    extend_to_long_forms(doc, selection)
    for c in selection.chosen:
        strip_marker_edges(doc, c)
    return [
        c for c in selection.chosen
        if not (c.label == "cell_line" and c.source == "lexicon" and is_bare_acronym(doc, c.start, c.end))
        and not (is_gene_state(doc[c.start : c.end].text) and not (c.entity and c.entity.entity_id))
    ]


def extend_to_long_forms(doc: Doc, selection: Selection) -> None:
    """A model span that ends where an abbreviation's long form ends and covers half
    of it or more ("malignant syndrome" of "neuroleptic malignant syndrome (NMS)")
    is the long form: the definition says where the name starts."""
    if not doc.has_extension("abbreviations"):
        return
    chosen, taken = selection.chosen, selection.taken
    ending_at: dict[int, list[Candidate]] = {}  # (the candidates by end: linear in the chunk's length)
    for c in chosen:
        ending_at.setdefault(c.end, []).append(c)
    for short in doc._.abbreviations:
        long_form = long_form_span(short)
        if long_form is None or not len(long_form):
            continue
        for c in ending_at.get(long_form.end, ()):
            if (c.from_model and c.end == long_form.end
                    and long_form.start < c.start and (c.end - c.start) * 2 >= len(long_form)
                    and not any(taken[long_form.start : c.start])):
                for k in range(long_form.start, c.start):
                    taken[k] = True
                c.start = long_form.start



_CITATION_GROUP = re.compile(r"^[\(\[][\d\s,\-–]*[\)\]]?$")
_EDGE_PUNCT = frozenset(",;:.([")


def strip_marker_edges(doc: Doc, c: Candidate) -> None:
    """Model spans sometimes swallow a reference marker or a bracket ("SHC (16)",
    "HER2 [47"): cut them off, so a mention is only the name."""
    for k in range(c.start + 1, c.end):
        if doc[k].text in ("(", "[") and _CITATION_GROUP.match(doc[k : c.end].text):
            c.end = k
            break
    # "U2 small nuclear ribonucleoprotein ( snRNP": a bracket opened and not closed
    # in the span starts an aside the name does not include.
    for k in range(c.start + 1, c.end):
        if doc[k].text in ("(", "[") and not any(t.text in (")", "]") for t in doc[k + 1 : c.end]):
            c.end = k
            break
    while c.end - c.start > 1 and doc[c.end - 1].text in _EDGE_PUNCT:
        c.end -= 1
    while c.end - c.start > 1 and doc[c.start].text in ("(", "[") and not any(
            t.text in (")", "]") for t in doc[c.start + 1 : c.end]):
        c.start += 1
    # "(HER3)": brackets around the whole name.
    if c.end - c.start > 2 and doc[c.start].text in ("(", "[") and doc[c.end - 1].text in (")", "]") and not any(
            t.text in ("(", "[", ")", "]") for t in doc[c.start + 1 : c.end - 1]):
        c.start += 1
        c.end -= 1



@Language.factory(RESOLVER, default_config={"lexicon": LEXICON_CONFIG, "model_types": []})
def make_entity_resolver(nlp: Language, name: str, lexicon: Lexicon, model_types: list[str]) -> EntityResolver:
    register_extensions()
    return EntityResolver(nlp, name, lexicon, model_types)
