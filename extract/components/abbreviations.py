"""Abbreviations a paper defines, pooled over its chunks, and what each short form
stands for.

scispaCy's `abbreviation_detector` finds the definitions in one doc ("selective
estrogen receptor modulators (SERMs)"). A paper goes through the pipeline as
several docs (its sections, or the sentences of a CoNLL file), and a definition in
one resolves the short form in the others. `litclaims_abbreviation_pool` does that
pooling inside `nlp.pipe`: consecutive docs with the same `doc._.paper_id` are one
paper; it sets `doc._.document_abbreviations` / `doc._.document_abbreviation_types`
on each from the definitions of the whole paper, or, with a `window` (per call,
through `nlp.pipe(..., component_cfg={POOL: {"window": n}})`), from the `n` docs
before it and itself, as running text reads. The first definition of a short form
wins. A doc without a paper id is pooled alone.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from litclaims.extract.components.extensions import register_extensions
from litclaims.extract.components.grounding import MODEL_KEY_PREFIX, ground_construct, ground_text, mesh_protein_name
from litclaims.extract.components.mention_context import CELL_NOUN, is_never_a_name, is_statistical
from litclaims.extract.components.resolver_policy import type_rank
from litclaims.extract.lexicon.compiled import Entity, Lexicon
from litclaims.extract.lexicon.keys import norm_key
from litclaims.schemas.vocabulary import LEXICON_SPANS

POOL = "litclaims_abbreviation_pool"


# Words that open a parenthetical definition before the name itself: "Akt (also
# known as protein kinase B)", "(a.k.a. ...)", "(i.e., ...)". They are no part of
# the long form.
_DEFINITION_OPENERS = frozenset({"also", "aka", "a.k.a.", "a.k.a", "i.e.", "i.e.,", "formerly", "previously"})
_DEFINITION_FILLER = frozenset({"known", "as", "called", "termed", "named", "referred", "to", ",", "or", "designated"})


def long_form_span(short: Span) -> Span | None:
    """The long form scispaCy found for a short form, without the words that open a
    definition ("also known as protein kinase B" -> "protein kinase B")."""
    long_form = short._.long_form
    if not isinstance(long_form, Span):
        return None
    start = long_form.start
    if long_form[0].lower_ in _DEFINITION_OPENERS:
        start += 1
        while start < long_form.end - 1 and long_form.doc[start].lower_ in _DEFINITION_FILLER:
            start += 1
    return long_form.doc[start : long_form.end]


def short_form_parts(text: str) -> list[str]:
    """The short form and, for slash-joined synonyms ("COT/TPL2"), each of them."""
    parts = [p.strip() for p in text.split("/")] if "/" in text else []
    return [text] + [p for p in parts if len(p) >= 2 and p != text]


# A symbol: two or more capitals or digits, few lower-case letters ("COT", "TPL2",
# "PKB"; not a supplier's name, "Sigma", "AstraZeneca").
_SYNONYM = re.compile(r"^(?=(?:[^A-Z0-9]*[A-Z0-9]){2})(?!(?:[^a-z]*[a-z]){4})[A-Za-z][A-Za-z0-9-]{1,11}$")
_SYNONYM_SEPARATORS = frozenset({"/", ","})


# (the synonyms, the gene name they follow) of each list in a doc
SynonymLists = list[tuple[list[str], Span]]


def synonym_lists(doc: Doc) -> SynonymLists:
    """Synonyms listed in brackets after a name, which scispaCy's detector leaves
    (it wants one short form, shorter than the long form): "MAP3K8 (COT/TPL2)",
    "TPL2 (COT, MAP3K8)". Two or more symbol-like words joined by "/" or ",", right
    after a gene name the lexicon or a head found; each is a synonym of that gene
    (a list after other names is a list of examples: "T cell lines (ATL-1k, MT-2)")."""
    names = [s for key in doc.spans if key == LEXICON_SPANS or key.startswith(MODEL_KEY_PREFIX)
             for s in doc.spans[key] if s.label_ == "gene" and not CELL_NOUN.match(s[-1].lower_)]
    if not names:
        return []
    by_end: dict[int, Span] = {}
    for span in names:
        if span.end not in by_end or len(span) > len(by_end[span.end]):
            by_end[span.end] = span
    found = []
    # only where a name ends (in token order): a walk over every token of the doc, made
    # twice per doc, cost more than the lists
    for start in sorted(by_end):
        if start >= len(doc) or doc[start].text != "(":
            continue
        parts: list[str] = []
        k, expect_word = start + 1, True
        while k < len(doc) and k - start <= 8:
            text = doc[k].text
            if text == ")":
                break
            if expect_word != (text not in _SYNONYM_SEPARATORS) or (expect_word and not _SYNONYM.match(text)):
                parts = []
                break
            if expect_word:
                parts.append(text)
            expect_word = not expect_word
            k += 1
        if len(parts) >= 2 and k < len(doc) and doc[k].text == ")" and not expect_word:
            found.append((parts, by_end[start]))
    return found


def own_definitions(doc: Doc) -> tuple[dict[str, str], dict[str, str]]:
    """(own_abbreviations, own_abbreviation_types) of this doc, its synonym lists read once."""
    synonyms = synonym_lists(doc)
    return own_abbreviations(doc, synonyms), own_abbreviation_types(doc, synonyms)


def own_abbreviations(doc: Doc, synonyms: SynonymLists | None = None) -> dict[str, str]:
    """{short form: long form} defined in this doc (the first definition wins); a
    slash-joined short form defines each of its synonyms too ("MAP3K8 (COT/TPL2)").
    `synonyms`: the doc's synonym_lists, when the caller has them already."""
    found: dict[str, str] = {}
    for parts, name in synonym_lists(doc) if synonyms is None else synonyms:
        for part in parts:
            if part != name.text:
                found.setdefault(part, name.text)
    if doc.has_extension("abbreviations"):
        for short in doc._.abbreviations:
            long_form = long_form_span(short)
            if long_form is None:
                raw = short._.long_form
                if raw is None:
                    continue
                long_form = raw
            text = long_form if isinstance(long_form, str) else long_form.text
            for part in short_form_parts(short.text):
                found.setdefault(part, text)
    return found


def own_abbreviation_types(doc: Doc, synonyms: SynonymLists | None = None) -> dict[str, str]:
    """{short form: type} for this doc's abbreviations whose long form a model head
    tagged. The lexicon grounds long forms it knows; this types the ones it does not
    ("atrial fibrillation (AF)", "overactive bladder (OAB)"), so the short form is a
    mention of that type. `synonyms` as in own_abbreviations."""
    found: dict[str, str] = {}
    if not doc.has_extension("abbreviations"):
        return found
    abbreviations = doc._.abbreviations
    # (the heads' spans only where some long form needs a type)
    model_spans = ([s for key in doc.spans if key.startswith(MODEL_KEY_PREFIX) for s in doc.spans[key]]
                   if abbreviations else [])
    ending_at: dict[int, list[Span]] = {}  # (the heads' spans by end: linear in the chunk's length)
    for s in model_spans:
        ending_at.setdefault(s.end, []).append(s)
    for short in abbreviations:
        long_form = long_form_span(short)
        if long_form is None:
            continue
        ending_there = ending_at.get(long_form.end, [])
        # A head's span that ends the long form types it ("dyskinesia" of
        # "levodopa-induced dyskinesia (LID)"); one inside it but not at its end does
        # not ("cocaine" of "cocaine-induced seizures").
        raw_start = short._.long_form.start
        matches = [s for s in ending_there if raw_start <= s.start]
        if not matches:
            # A head's span that holds the whole long form and words before it types it
            # too ("the cytokine leukemia inhibitory factor (LIF)", "human mitochondrial
            # very-long-chain acyl-coenzyme A dehydrogenase (VLCAD)"): without a type,
            # an untyped long form made "LIF" no entity in the whole paper. Issue 14
            # round 4: on the BioRED training part such a span's type was the gold
            # type of the short form in 69 of 82 definitions (8 another type, 5 none).
            matches = [s for s in ending_there if s.start < long_form.start
                       and not s[0].lower_.startswith("anti")]  # "anti-IGF-1R monoclonal antibodies (mAbs)"
        if matches:
            best = min(matches, key=lambda s: (s.start, type_rank(s.label_)))
            for part in short_form_parts(short.text):
                found.setdefault(part, best.label_)
    for parts, name in synonym_lists(doc) if synonyms is None else synonyms:
        if name.label_ and name.label_ != "-":
            for part in parts:
                found.setdefault(part, name.label_)
    return found


def abbreviation_map(doc: Doc) -> dict[str, str]:
    """{short form: long form} for this doc: the paper's pooled map when the pool set
    one, else the doc's own definitions."""
    shared = doc._.document_abbreviations
    return shared if shared is not None else own_abbreviations(doc)


def abbreviation_types(doc: Doc) -> dict[str, str]:
    """{short form: type} from a tagged long form, pooled like abbreviation_map."""
    shared = doc._.document_abbreviation_types
    return shared if shared is not None else own_abbreviation_types(doc)


def defined_short_forms(doc: Doc, lexicon: Lexicon) -> dict[str, Entity | None]:
    """short form -> the entity it stands for, via its long form; None: defined, but
    as something that is no entity ("endoplasmic reticulum (ER)", "odds ratio (OR)").

    Either side grounds the pair: the long form's entity when the lexicon knows it;
    else, where the long form is of the short form's lexicon type (a head typed it
    so: "Akt (also known as protein kinase B)", or some words of it name an entity of
    that type: "tamoxifen-resistant MCF-7 (TamR)"), the lexicon's entry for the short
    form keeps its id. A short form never takes a type other than its long form's."""
    abbreviations = abbreviation_map(doc)
    types = abbreviation_types(doc)
    defined: dict[str, Entity | None] = {}
    for short, long_form in abbreviations.items():
        if is_statistical(short) or is_never_a_name(short):  # "odds ratio (OR)"; "messenger RNA (mRNA)"
            defined[short] = None
            continue
        label = types.get(short)
        # The long form's entity in the type a head gave it, when the lexicon knows it
        # in several ("endothelin-1 (ET-1)": the gene head's EDN1, not the drug the
        # lexicon lists first, which had made "ET-1" a drug beside a gene long form).
        entity = (ground_text(lexicon, long_form, label) if label else None) or ground_text(lexicon, long_form)
        if entity is not None and label == "gene" and entity.entity_type == "drug" and not entity.curated:
            # The lexicon knows a protein's long form only as a drug ("Antithrombin III
            # (AT III)", "vasoactive intestinal peptide (VIP)", "osteocalcin (OC)"); a
            # drug name does not overrule the gene head's span, so the long form stays
            # a gene name, and the short form is a gene too, as below.
            entity = None
        if entity is not None:
            defined[short] = entity
            continue
        if label is not None:
            # Typed by the head that tagged the long form: the short form's own entry
            # in that type, else a mention of that type without an id.
            # A gene's short form that names a construct keeps the gene's id
            # ("dominant-negative Ras (Ras17N)": RAS; issue 14 round 12), and a gene's
            # long form that is a MeSH protein name grounds it ("Lactoferrin (LF)": LTF;
            # issue 14 round 16).
            own = ground_text(lexicon, short, label) or (
                (ground_construct(lexicon, short) or mesh_protein_name(long_form)) if label == "gene" else None)
            defined[short] = own or Entity(label, "", long_form)
        elif _names_its_kind(lexicon, short, long_form):
            continue  # the lexicon decides, as it would without the definition
        else:
            defined[short] = None
    return defined


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


class AbbreviationPool:
    """Sets each doc's paper-wide abbreviations (see the module docstring). Runs after
    the model heads (a long form's type comes from them) and before the resolver."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc, window: int | None = None) -> Doc:
        """A doc on its own is a paper of one doc."""
        return _pool_paper([doc])[0]

    def pipe(self, stream: Iterable[Doc], *, batch_size: int | None = None, window: int | None = None) -> Iterator[Doc]:
        if window is not None:
            yield from _pool_running_text(stream, window)
            return
        paper: list[Doc] = []
        for doc in stream:
            if paper and not _same_paper(paper[-1], doc):
                yield from _pool_paper(paper)
                paper = []
            paper.append(doc)
        yield from _pool_paper(paper)


def _same_paper(previous: Doc, doc: Doc) -> bool:
    return doc._.paper_id is not None and doc._.paper_id == previous._.paper_id


def _pool_paper(docs: list[Doc]) -> list[Doc]:
    """Every doc of the paper gets the definitions of all of them."""
    forms, types = _first_definitions([own_definitions(doc) for doc in docs])
    for doc in docs:
        doc._.document_abbreviations = forms
        doc._.document_abbreviation_types = types
    return docs


def _pool_running_text(stream: Iterable[Doc], window: int) -> Iterator[Doc]:
    """Each doc gets the definitions of the `window` docs of its paper before it and its
    own; no doc waits for the ones after it."""
    recent: deque[tuple[dict[str, str], dict[str, str]]] = deque(maxlen=window + 1)
    previous: Doc | None = None
    for doc in stream:
        if previous is None or not _same_paper(previous, doc):
            recent.clear()
        recent.append(own_definitions(doc))
        doc._.document_abbreviations, doc._.document_abbreviation_types = _first_definitions(recent)
        previous = doc
        yield doc


def _first_definitions(found: Iterable[tuple[dict[str, str], dict[str, str]]]) -> tuple[dict[str, str], dict[str, str]]:
    forms: dict[str, str] = {}
    types: dict[str, str] = {}
    for doc_forms, doc_types in found:
        for short, long_form in doc_forms.items():
            forms.setdefault(short, long_form)
        for short, label in doc_types.items():
            types.setdefault(short, label)
    return forms, types


@Language.factory(POOL)
def make_abbreviation_pool(nlp: Language, name: str) -> AbbreviationPool:
    register_extensions()
    return AbbreviationPool(nlp, name)
