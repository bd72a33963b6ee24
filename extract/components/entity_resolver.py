"""Merge the candidate mentions into `doc.ents` and ground them.

Candidates come from span groups: `doc.spans["lexicon"]` (the lexicon matcher)
and `doc.spans["ner_*"]` (the trained models, labels already in this project's
types). The rules, in order:

1. Abbreviations defined in the document ("type I insulin-like growth factor
   receptor (IGF-IR)") are grounded through their long form. A short form whose
   long form is not an entity ("endoplasmic reticulum (ER)") drops the lexicon's
   guess for it, so "ER" there is not estrogen receptor.
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
   the name, which is what the claims and their gold use; the recognised extent
   stays in doc.spans["mentions"] (cell lines extended by "cells"/"cell line" as
   JNLPBA writes them), which is what `litclaims tag` reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from litclaims.extract.components.cell_line_extent import (
    LEFT_MODIFIERS, generic_line_phrases, head_start, is_bare_acronym, is_coded_line_name, is_short_symbol_without_tail,
    names_no_line, tail_end,
)
from litclaims.extract.components.lexicon_ner import SPAN_KEY as LEXICON_KEY
from litclaims.extract.components.token_splitter import PROTEIN_CHANGE
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.compiled import Entity, Lexicon
from litclaims.schemas.vocabulary import MENTIONS_SPANS, MODEL_SPANS_PREFIX

MODEL_KEY_PREFIX = MODEL_SPANS_PREFIX
# The span group holding every mention with its recognised extent (see __call__).
MENTIONS_KEY = MENTIONS_SPANS
# Types whose lexicon-only matches are dropped when a model predicts the type (see 3.).
LEXICON_DEFERS_TO_MODEL = frozenset()
# Types whose lexicon-only matches are left out of the recognised mentions
# (doc.spans["mentions"]) when a head predicts the type: on the devel sets they
# added 43 right and 181 wrong genes, 44 right and 66 wrong drugs.
EXTENTS_DEFER_TO_MODEL = frozenset({"gene", "drug"})
# Lexicon types that overrule a head's ungroundable span of another type (rule 2);
# letting drug and disease names overrule too cost 1.7 points of gene F1 on BC2GM
# devel ("insulin" is a drug in the lexicon and a gene in BC2GM).
LEXICON_OVERRULES = frozenset({"gene", "cell_line"})
# Which head wins where two claim overlapping text and the lexicon does not decide.
# Each head also fires on the other corpora's text (the chemical head on protein
# names and on "TPA" in "TPA-treated HL-60 cells", the gene head on drug codes).
# Measured on the devel sets (docs/ner.md): cell lines first, then genes, costs
# the other types least.
TYPE_PRIORITY = {"cell_line": 0, "therapy": 1, "gene": 2, "drug": 3, "disease": 4}


def model_span_rank(supported: bool, label: str, length: int, start: int) -> tuple:
    """Sort key for overlapping model spans (smaller wins)."""
    return (not supported, TYPE_PRIORITY.get(label, 9), -length, start)


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    entity: Entity | None
    source: str


def abbreviation_map(doc: Doc) -> dict[str, str]:
    """{short form: long form} for this doc: the document-wide map when the doc was
    processed by process_sections, else the doc's own definitions."""
    shared = doc._.document_abbreviations
    if shared is not None:
        return shared
    found: dict[str, str] = {}
    if doc.has_extension("abbreviations"):
        for short in doc._.abbreviations:
            long_form = short._.long_form
            if long_form is not None:
                found.setdefault(short.text, long_form if isinstance(long_form, str) else long_form.text)
    return found


def abbreviation_types(doc: Doc) -> dict[str, str]:
    """{short form: type} for the abbreviations whose long form a model head tagged
    (the document-wide map when process_sections set one). The lexicon grounds long
    forms it knows; this types the ones it does not ("atrial fibrillation (AF)",
    "overactive bladder (OAB)"), so the short form is a mention of that type."""
    shared = doc._.document_abbreviation_types
    if shared is not None:
        return shared
    found: dict[str, str] = {}
    if not doc.has_extension("abbreviations"):
        return found
    model_spans = [s for key in doc.spans if key.startswith(MODEL_KEY_PREFIX) for s in doc.spans[key]]
    for short in doc._.abbreviations:
        long_form = short._.long_form
        if not isinstance(long_form, Span):
            continue
        # A head's span that ends the long form types it ("dyskinesia" of
        # "levodopa-induced dyskinesia (LID)"); one inside it but not at its end does
        # not ("cocaine" of "cocaine-induced seizures").
        matches = [s for s in model_spans if long_form.start <= s.start and s.end == long_form.end]
        if matches:
            best = min(matches, key=lambda s: (s.start, TYPE_PRIORITY.get(s.label_, 9)))
            found.setdefault(short.text, best.label_)
    return found


def ground_text(lexicon: Lexicon, text: str, label: str | None = None) -> Entity | None:
    """The lexicon's entity for a piece of text (in `label`'s type when given).
    Plural and possessive endings are retried without them ("SERMs", "IGF-IR's")."""
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


class EntityResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon: Lexicon | None = None
        # Entity types the loaded models predict (set by extract.pipeline.build_pipeline).
        self.model_types: frozenset[str] = frozenset()

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        if lexicon is None:
            raise RuntimeError(f"{self.name}: no lexicon set; build the pipeline with litclaims.extract.pipeline.build_pipeline")
        abbreviations = abbreviation_map(doc)
        # short form -> its entity via the long form (None: defined, but not an entity)
        defined: dict[str, Entity | None] = {
            short: ground_text(lexicon, long_form) for short, long_form in abbreviations.items()
        }
        for short, long_form in abbreviations.items():
            if defined[short] is None and _names_its_kind(lexicon, short, long_form):
                # "tamoxifen-resistant MCF-7 (TamR)": the long form is no entry, but it
                # names a line as the lexicon's TamR is one; the lexicon decides, unlike
                # "endoplasmic reticulum (ER)", whose long form names no gene.
                del defined[short]
        for short, label in abbreviation_types(doc).items():
            if defined.get(short) is None and short in abbreviations:
                # Typed by the model, not in the lexicon: a mention without an id.
                defined[short] = Entity(label, "", abbreviations[short])
        lexicon_spans = list(doc.spans[LEXICON_KEY]) if LEXICON_KEY in doc.spans else []
        model_spans = [
            (key, span) for key in sorted(doc.spans) if key.startswith(MODEL_KEY_PREFIX) for span in doc.spans[key]
        ]

        chosen: list[Candidate] = []
        taken = [False] * len(doc)

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end])

        def take(c: Candidate) -> None:
            chosen.append(c)
            for k in range(c.start, c.end):
                taken[k] = True

        # Models first: lexicon-supported spans, then by type priority, then longest.
        ranked = []
        preferred_lexicon: set[tuple[int, int]] = set()
        gene_spans = [span for _, span in model_spans if span.label_ == "gene"]
        for source, span in model_spans:
            label = span.label_
            entity = None
            # A chemical in a protein's name ("retinoic acid receptor", "thymidine
            # kinase") yields to the protein in doc.ents and stays a nested mention.
            in_gene_name = label in ("drug", "disease") and any(
                g.start <= span.start and span.end <= g.end and len(g) > len(span) for g in gene_spans)
            if label == "cell_line" and _names_a_molecule(span):
                continue  # "dominant-negative ras gene", "N-terminal Ets domain": not a line
            if label == "cell_line" and _NOT_IN_A_LINE_NAME.search(span.text):
                continue  # "Mamm 29:181–201", "Virányi ¹,²*": a reference or an author line
            if (label == "cell_line" and is_short_symbol_without_tail(doc, span.start, span.end)
                    and not _called_a_line(doc, span.start, span.end)
                    and any((g.start, g.end) == (span.start, span.end) for g in gene_spans)):
                continue  # "Fyn SH2, SH3": both heads fired; a short symbol without "cells" is the gene's
            # Cells are no gene, drug or disease: the heads' spans ending in a cell noun
            # are other heads' business (no BC2GM gene or BC5CDR chemical mention ends
            # so; two BC5CDR disease mentions end in "cells").
            if label in ("gene", "drug") and (_said_to_be_a_line(doc, span, lexicon_spans)
                                              or _is_derivative_suffix(doc, span.start, span.end, lexicon_spans)):
                continue  # "LCC2 and LCC9 cells"; "GR" of "HCC827 GR cells" (gefitinib-resistant)
            if label == "gene" and CELL_NOUN.match(span[-1].lower_):
                # "HTLV-I-infected T cell lines" is no gene (BC2GM has no gene ending so);
                # "the monocytic cell line, THP-1", "THP-1 cells", "(ATL-1k, MT-2, S-LB1)":
                # a name that is both a gene alias and a line is the line where the text
                # says so (the lexicon's span is then taken).
                continue
            if label == "disease" and CELL_NOUN.match(span[-1].lower_) and span[-1].lower_ not in ("cell", "cells"):
                continue  # "mature and immature T-cell lines" from the disease head ("... cells" can be a disease's)
            if label == "drug" and (CELL_NOUN.match(span[-1].lower_) or (
                    span.end + 1 < len(doc) and doc[span.end].lower_ == "cell" and doc[span.end + 1].lower_ in ("line", "lines"))):
                # "T-cell lines", "EBV-negative B-lymphoma (cell lines)" from the chemical
                # head: cells, not a drug (BC5CDR has no chemical before "cell line"; two
                # before "cells": "B3 serotonin cells").
                continue
            if span.end + 1 < len(doc) and doc[span.end].lower_ == "et" and doc[span.end + 1].lower_ in ("al", "al."):
                continue  # "Jones et al.": an author
            if len(span.text) <= 3 and span.text in defined and defined[span.text] is None:
                continue  # a short form this paper defines as something else ("endoplasmic reticulum (ER)")
            if span.text in defined and defined[span.text] is not None and defined[span.text].entity_type != label:
                continue  # defined as another type ("neuroleptic malignant syndrome (NMS)", not the gene NMS)
            if span.text in defined and defined[span.text] is not None and defined[span.text].entity_type == label:
                entity = defined[span.text]
            if entity is None:
                entity = ground_text(lexicon, span.text, label)
            supported = entity is not None
            if entity is None:
                inside_any = [s for s in lexicon_spans if s.start >= span.start and s.end <= span.end]
                if len(inside_any) >= 2:
                    # "alpha-IR3 block IGF-IR" as one gene: a span the lexicon does not know
                    # that holds two lexicon entities is two mentions, which the lexicon has.
                    continue
                inside = [s for s in inside_any if s.label_ == label]
                if len(inside) == 1:
                    entity = ground_text(lexicon, inside[0].text, label)
            if not supported:
                covering = [
                    s for s in lexicon_spans
                    if s.label_ != label and s.label_ in LEXICON_OVERRULES
                    and not (s.label_ == "cell_line" and (
                        _followed_by_molecule_word(doc, s) or is_short_symbol_without_tail(doc, s.start, s.end)))
                    and (s.start <= span.start and s.end >= span.end or _name_plus_generic(doc, span, s))
                ]
                if covering:
                    # A head fired on another type's name: "HER-2" from the chemical head,
                    # "SKBR3" from the gene head, "MCF" of "MCF - 7", "Jurkat cells" as a drug. The lexicon knows the
                    # text (or more around it) in another type and not in the head's: the
                    # lexicon's span wins, whatever the lexicon-only policy below says.
                    preferred_lexicon.update((s.start, s.end) for s in covering)
                    continue
            rank = (in_gene_name, *model_span_rank(supported, label, span.end - span.start, span.start))
            ranked.append((rank, Candidate(span.start, span.end, label, entity, source)))
        overlapped: list[Candidate] = []
        for _, candidate in sorted(ranked, key=lambda rc: rc[0]):
            if free(candidate.start, candidate.end):
                take(candidate)
            else:
                overlapped.append(candidate)

        for span in lexicon_spans:
            if not free(span.start, span.end):
                continue
            text = span.text
            if text in defined:
                entity = defined[text]
                if entity is None:
                    continue  # defined in this paper as something that is not an entity
                take(Candidate(span.start, span.end, entity.entity_type, entity, "abbreviation"))
                continue
            if span.label_ == "cell_line" and _followed_by_molecule_word(doc, span):
                continue
            if _is_derivative_suffix(doc, span.start, span.end, lexicon_spans):
                continue  # "GR" of "HCC827 GR cells" is not the glucocorticoid receptor
            entity = Entity(span.label_, span.kb_id_, "") if span.kb_id_ else None
            entity = ground_text(lexicon, text, span.label_) or entity or Entity(span.label_, "", text)
            if (span.label_ in self.model_types and span.label_ in LEXICON_DEFERS_TO_MODEL and not entity.curated
                    and (span.start, span.end) not in preferred_lexicon):
                continue  # the model saw this match (as a feature) and did not tag it
            take(Candidate(span.start, span.end, span.label_, entity, "lexicon"))

        # "HCC827 GR cells": the resistant derivative is the line, a lab-made one without
        # an id (as "MCF-7/HER-2"); its suffix was kept free above.
        for c in list(chosen):
            if c.label != "cell_line" or c.end >= len(doc) or not _is_derivative_suffix(doc, c.end, c.end + 1, lexicon_spans):
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

        # Short forms defined in the paper that neither the models nor the lexicon found.
        if defined:
            for token in doc:
                if taken[token.i]:
                    continue
                entity = defined.get(token.text)
                if entity is not None:
                    take(Candidate(token.i, token.i + 1, entity.entity_type, entity, "abbreviation"))

        # Lines the lexicon does not list and no head found, named by a coded name
        # before "cells" ("U9-IIIB cells"): a cell line without an id.
        for token in doc:
            # (the name comes right before "cells"/"cell": test that word first)
            i = token.i - 1
            if token.lower_ in ("cells", "cell") and i >= 0 and not taken[i] and is_coded_line_name(doc, i):
                take(Candidate(i, i + 1, "cell_line", None, "pattern"))

        # Two views of the same mentions. doc.spans["mentions"]: each mention as
        # recognised, with the training corpora's extent ("IGF-IR kinase", "U937
        # cells", "human T cell line"), which `litclaims tag` reports. doc.ents: the
        # name inside it ("IGF-IR", "U937"), which grounding, the claims and their gold
        # use; unnamed cell-line phrases are left out of it (nothing to ground, and
        # "cancer cell lines" is no context for a claim).
        _extend_to_long_forms(doc, chosen, taken)
        for c in chosen:
            _strip_marker_edges(doc, c)
        chosen = [
            c for c in chosen
            if not (c.label == "cell_line" and c.source == "lexicon" and is_bare_acronym(doc, c.start, c.end))
            and not (is_gene_state(doc[c.start : c.end].text) and not (c.entity and c.entity.entity_id))
        ]
        extents = _recognised_extents(doc, chosen)
        # The recognised mentions of a type a trained head predicts are the head's: a
        # lexicon-only match the head saw (as a feature) and did not tag stays a name
        # in doc.ents, where the claims need known names ("IRS-1 expression"), but
        # is not reported as a recognised mention (measured: docs/ner.md).
        extents = [
            e for e in extents
            if not (e.source == "lexicon" and e.label in self.model_types and e.label in EXTENTS_DEFER_TO_MODEL)
        ]
        extents += _nested_mentions(overlapped, extents) + _alternate_types(overlapped, extents)
        extents += _generic_line_phrases(doc, extents)
        names = _names(doc, chosen, lexicon_spans, lexicon, defined, overlapped)

        doc.spans[MENTIONS_KEY] = [
            _entity_span(doc, c) for c in sorted(extents, key=lambda c: c.start) if c.end > c.start
        ]
        doc.set_ents([_entity_span(doc, c) for c in sorted(names, key=lambda c: c.start)], default="outside")
        # Span extensions live on the doc's user data keyed by offsets, so the spans
        # in doc.ents carry what was set on these equal spans.
        return doc


def _names_its_kind(lexicon: Lexicon, short: str, long_form: str) -> bool:
    """Whether some words of the long form are an entity of a type the lexicon gives
    the short form."""
    kinds = {e.entity_type for e in lexicon.lookup(norm_key(short), short)}
    if not kinds:
        return False
    words = long_form.split()
    if "cell_line" in kinds and words and CELL_NOUN.match(words[-1].lower()):
        return True  # "tamoxifen-resistant breast cancer cells (TAM-R)": cells, as the lexicon's TAM-R
    return any(
        ground_text(lexicon, " ".join(words[i:j]), kind) is not None
        for kind in kinds for i in range(len(words)) for j in range(i + 1, min(len(words), i + 4) + 1)
    )


def _names(doc: Doc, chosen: list[Candidate], lexicon_spans: list[Span], lexicon: Lexicon, defined: dict,
           overlapped: list[Candidate]) -> list[Candidate]:
    """The chosen mentions cut back to the names the claims use (doc.ents); changes
    the chosen candidates in place."""
    for c in chosen:
        if c.source.startswith(MODEL_KEY_PREFIX):
            _trim_to_name(doc, c, lexicon_spans, lexicon)
    chosen = [c for c in chosen if _disease_name(doc, c, lexicon_spans, lexicon, defined)]
    unnamed = [c for c in chosen if c.end > c.start and _is_unnamed_cell_line(doc, c)]
    names = [c for c in chosen if c.end > c.start and c not in unnamed]
    # An unnamed line is no name, but what it is made of may be: "human breast cancer
    # cell lines" gives the disease, "EGFR L858R expressing cells" the gene.
    for c in unnamed:
        inside = [replace(o) for o in overlapped
                  if c.start <= o.start and o.end <= c.end and o.label != "cell_line"]
        for o in inside:
            if o.source.startswith(MODEL_KEY_PREFIX):
                _trim_to_name(doc, o, lexicon_spans, lexicon)
        inside = [o for o in inside if o.end > o.start and _disease_name(doc, o, lexicon_spans, lexicon, defined)]
        inside += [
            Candidate(s.start, s.end, "gene", ground_text(lexicon, s.text, "gene"), "lexicon")
            for s in lexicon_spans
            if c.start <= s.start and s.end <= c.end and ground_text(lexicon, s.text, "gene")
        ]
        for o in inside:
            if not any(n.start < o.end and o.start < n.end for n in names):
                names.append(o)
    return names


def _extend_to_long_forms(doc: Doc, chosen: list[Candidate], taken: list[bool]) -> None:
    """A model span that ends where an abbreviation's long form ends and covers half
    of it or more ("malignant syndrome" of "neuroleptic malignant syndrome (NMS)")
    is the long form: the definition says where the name starts."""
    if not doc.has_extension("abbreviations"):
        return
    for short in doc._.abbreviations:
        long_form = short._.long_form
        if not isinstance(long_form, Span):
            continue
        for c in chosen:
            if (c.source.startswith(MODEL_KEY_PREFIX) and c.end == long_form.end
                    and long_form.start < c.start and (c.end - c.start) * 2 >= len(long_form)
                    and not any(taken[long_form.start : c.start])):
                for k in range(long_form.start, c.start):
                    taken[k] = True
                c.start = long_form.start


def _recognised_extents(doc: Doc, chosen: list[Candidate]) -> list[Candidate]:
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
        if extent.label != "cell_line":
            continue
        extent.end = tail_end(doc, extent.end, labels, end_of)
        extent.start = head_start(doc, extent.start, labels, start_of)
        for k in range(extent.start, extent.end):
            labels[k] = "cell_line"
    # Mentions a cell line's extent took in ("TPA" of "TPA-treated HL-60 cells") stay,
    # nested in it.
    return extents


def _generic_line_phrases(doc: Doc, extents: list[Candidate]) -> list[Candidate]:
    """Phrases about cell lines that name none ("human lymphoblastoid cell line", "CD4
    positive T cell lines"): recognised mentions as the corpora annotate them, never
    names. A marker's gene mention inside one stays, nested."""
    labels: list[str | None] = [None] * len(doc)
    for e in extents:
        for k in range(e.start, e.end):
            labels[k] = e.label
    return [Candidate(start, end, "cell_line", None, "pattern") for start, end in generic_line_phrases(doc, labels)]


def _alternate_types(overlapped: list[Candidate], extents: list[Candidate]) -> list[Candidate]:
    """Two heads on the very same words with different types ("angiotensin II": a
    peptide for BC2GM, a chemical for BC5CDR): the text is both; doc.ents keeps the
    winner, the recognised mentions keep the other type too."""
    spans = {(e.start, e.end): e.label for e in extents}
    alternates: dict[tuple[int, int, str], Candidate] = {}
    for c in overlapped:
        label = spans.get((c.start, c.end))
        if label is not None and label != c.label and c.source.startswith(MODEL_KEY_PREFIX):
            alternates.setdefault((c.start, c.end, c.label), c)
    return list(alternates.values())


def _nested_mentions(overlapped: list[Candidate], extents: list[Candidate]) -> list[Candidate]:
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


def _disease_name(doc: Doc, c: Candidate, lexicon_spans: list[Span], lexicon: Lexicon, defined: dict) -> bool:
    """Whether a model's disease mention stays in doc.ents, cut back to its name: a
    span MeSH grounds stays; one holding one disease name is cut to it ("shrink
    tumors" -> "tumors", "mouse melanoma cells" -> "melanoma"); one naming no disease
    MeSH knows ("DNA damage", "hyperactive", "oncogenes") is no claim context. Short
    forms a paper defines stay whatever MeSH says. Measured (docs/ner.md): the claims'
    dev gold gains (F1 0.858 -> 0.867, disease qualifier 0.881 -> 0.910); ungrounded
    diseases of other fields ("nephrotoxicity", "convulsions") stay recognised
    mentions (doc.spans["mentions"]) but are not names."""
    if c.label != "disease" or not c.source.startswith(MODEL_KEY_PREFIX):
        return True
    if ground_text(lexicon, doc[c.start : c.end].text, "disease") is not None:
        return True
    if doc[c.start : c.end].text in defined:
        return True
    inside = [s for s in lexicon_spans if c.start <= s.start and s.end <= c.end and s.label_ == "disease"]
    if len(inside) != 1:
        return False
    c.start, c.end = inside[0].start, inside[0].end
    c.entity = ground_text(lexicon, inside[0].text, "disease") or c.entity
    return True


def _entity_span(doc: Doc, c: Candidate) -> Span:
    kb_id = c.entity.entity_id if c.entity else ""
    span = Span(doc, c.start, c.end, label=c.label, kb_id=kb_id)
    span._.entity_name = (c.entity.name or None) if c.entity else None
    span._.mention_source = c.source
    return span


# Words the corpora's conventions put inside a mention ("IGF-IR kinase", "ER
# protein", "EGFR T790M mutation", "MCF-7 cells") that name no other entity: a
# model span made of one lexicon name of its type plus such words is cut back to
# the name, which is what the claims and their gold use ("IGF-IR", "MCF-7").
GENERIC_WORDS = frozenset(
    """cells cell line lines clone clones cultured human kinase kinases tyrosine protein proteins
    gene genes mrna mrnas transcript transcripts mutation mutations mutant mutants variant variants
    expression levels level activity signaling signalling pathway phosphorylation overexpression
    amplification amplifications amplified deletion deletions fusion fusions rearrangement rearrangements
    rearranged translocation translocations alteration alterations loss status positive negative
    inactivation knockdown mutated copy number domain subunit isoform wild-type wildtype wild type
    dominant-negative dominant negative construct constructs""".split()
)
_VARIANT = re.compile(r"^(?:p\.)?[A-Z]\d+[A-Z*]?$|^ex(?:on)?\d+$|^del\d*$|^\d+$|^-$|^/$")


def _trim_to_name(doc: Doc, c: "Candidate", lexicon_spans: list[Span], lexicon: Lexicon) -> None:
    # A lexicon match inside the span that names the span's type, also when the
    # lexicon's first choice for the key is another type ("PIK3CA" is also a drug key).
    inside = [
        s for s in lexicon_spans
        if s.start >= c.start and s.end <= c.end and (s.label_ == c.label or ground_text(lexicon, s.text, c.label))
    ]
    if len(inside) != 1 or (inside[0].start, inside[0].end) == (c.start, c.end):
        return
    name = inside[0]
    rest = [t for t in doc[c.start : c.end] if not (name.start <= t.i < name.end)]
    if all(t.lower_ in GENERIC_WORDS or _VARIANT.match(t.text) for t in rest):
        c.start, c.end = name.start, name.end
    elif c.label == "drug" and any(PROTEIN_CHANGE.match(t.text) for t in rest):
        c.start, c.end = name.start, name.end  # "Osimertinib overcomes T790M": a change is a gene's, never in a drug's name


# Words that make a phrase a gene, protein or part of one, never a cell line.
MOLECULE_WORDS = frozenset(
    """gene genes protein proteins domain domains kinase kinases receptor receptors mutant mutants
    promoter promoters transcript transcripts mrna plasmid terminus oncogene proto-oncogene
    construct constructs vector vectors cdna sirna shrna antibody antibodies""".split()
)


def _names_a_molecule(span: Span) -> bool:
    words = {t.lower_ for t in span}
    return bool(words & MOLECULE_WORDS) and not words & {"cells", "cell", "line", "lines"}


CELL_WORDS = frozenset("cells cell line lines clone clones".split())
# Characters of a reference, page range or affiliation, never in a line's name or
# phrase ("29:181–201", "¹,²*", "[2,21-23]").
_NOT_IN_A_LINE_NAME = re.compile(r"[:;*\[\]–—¹²³⁴⁵⁶⁷⁸⁹⁰@]|\d,\d")
# "cells", "lines", "lymphocytes", "macrophages", "fibroblasts", "neutrophils".
CELL_NOUN = re.compile(r"^(?:cells?|(?:sub)?lines?|clones?|\w*(?:cytes|phages|blasts|phils))$")


def _name_plus_generic(doc: Doc, span: Span, name: Span) -> bool:
    """The span is the lexicon name `name` plus generic words of the name's type
    ("Jurkat cells", "human U-937" for a line; "JH2 domain" is no line)."""
    if not (span.start <= name.start and name.end <= span.end) or (name.start, name.end) == (span.start, span.end):
        return False
    words = CELL_WORDS | LEFT_MODIFIERS if name.label_ == "cell_line" else GENERIC_WORDS - CELL_WORDS
    return all(t.lower_ in words for t in doc[span.start : span.end] if not name.start <= t.i < name.end)


def _called_a_line(doc: Doc, start: int, end: int) -> bool:
    """"cells"/"cell line" after the words, or "cell line(s)" (and a comma, bracket or
    colon) right before them: "the monocytic cell line, THP-1"."""
    if tail_end(doc, end) > end:
        return True
    k = start
    while k > 0 and doc[k - 1].text in (",", "(", ":"):
        k -= 1
    return k >= 2 and doc[k - 2].lower_ == "cell" and doc[k - 1].lower_ in ("line", "lines")


def _said_to_be_a_line(doc: Doc, span: Span, lexicon_spans: list[Span]) -> bool:
    """A span the lexicon knows as a cell line (same words) that its context calls
    one: "cells"/"cell line" after it, "cell line(s)" (and a comma or bracket) before
    it, or a neighbour in its list (", " / "and" / "or") that is a line and no gene."""
    if not any(s.label_ == "cell_line" and s.start == span.start and s.end == span.end for s in lexicon_spans):
        return False
    if _followed_by_molecule_word(doc, span):
        return False
    if _called_a_line(doc, span.start, span.end):
        return True
    genes = {(s.start, s.end) for s in lexicon_spans if s.label_ == "gene"}
    neighbours = [s for s in lexicon_spans if s.label_ == "cell_line" and (s.start, s.end) not in genes and s is not span
                  and ((0 < span.start - s.end <= 1 and doc[s.end].text in (",", "and", "or"))
                       or (0 < s.start - span.end <= 1 and doc[span.end].text in (",", "and", "or")))]
    if is_short_symbol_without_tail(doc, span.start, span.end):
        # "Fyn SH2, SH3 and kinase domains" are domains; "LCC2 and LCC9 cells" are lines.
        neighbours = [s for s in neighbours if _called_a_line(doc, s.start, s.end)]
    return bool(neighbours)


# A resistant derivative's suffix after the parent line's name: "HCC827 GR cells"
# (gefitinib-resistant), "MCF-7 TamR cells", "SKBR3 LapR". Receptor symbols that
# describe lines ("ER", "PR", "AR") are not taken so.
_DERIVATIVE_SUFFIX = re.compile(r"^(?:[A-Z][A-Za-z]{0,4}R|R)$")
_RECEPTOR_WORDS = frozenset(("ER", "PR", "AR"))


def _is_derivative_suffix(doc: Doc, start: int, end: int, lexicon_spans: list[Span]) -> bool:
    """Tokens start..end are one suffix word right after a cell line's name and
    before "cells"/"cell line"."""
    if end - start != 1 or doc[start].text in _RECEPTOR_WORDS or not _DERIVATIVE_SUFFIX.match(doc[start].text):
        return False
    after_line = any(s.label_ == "cell_line" and s.end == start for s in lexicon_spans)
    return after_line and tail_end(doc, end) > end


def _followed_by_molecule_word(doc: Doc, span: Span) -> bool:
    """"SH2 domain", "MET4 gene", "AML-1 proteins": the name is a gene's or a
    protein part's, whatever else the lexicon says it is."""
    return span.end < len(doc) and doc[span.end].lower_ in MOLECULE_WORDS


_CITATION_GROUP = re.compile(r"^[\(\[][\d\s,\-–]*[\)\]]?$")
_EDGE_PUNCT = frozenset(",;:.([")


def _strip_marker_edges(doc: Doc, c: "Candidate") -> None:
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


def _is_unnamed_cell_line(doc: Doc, c: "Candidate") -> bool:
    """A cell_line span with no grounding and no name in it ("human cancer cell",
    "T-cell lines", "EBV-negative B-lymphoma cell lines"): named lines carry a capital
    or a digit besides their descriptors and markers (MCF-7, HeLa, TAM-R);
    a gene with its state is no line's name ("EGFR L858R expressing cells")."""
    if c.label != "cell_line" or (c.entity is not None and c.entity.entity_id):
        return False
    words = [t.text for t in doc[c.start : c.end]]
    if any(PROTEIN_CHANGE.match(w) for w in words):
        return True
    return names_no_line(doc[c.start : c.end].text.split())  # words as written: "EBV-negative", not "EBV", "-", ...


# What a gene is in, not a gene: a protein change alone ("D842I"), an internal
# tandem duplication ("ITD"), a kinase-domain mutation ("TKD"). Only ungrounded
# mentions are dropped so: "T47D" is written like a protein change and is a line.
def is_gene_state(text: str) -> bool:
    return bool(PROTEIN_CHANGE.match(text)) or text in ("ITD", "TKD")


@Language.factory("litclaims_entity_resolver")
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp, name)
