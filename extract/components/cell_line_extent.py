"""The extent of a cell-line mention as the cell-line corpora annotate it.

GENIA/JNLPBA count the whole noun phrase around a line's name as the mention:
the treatment and species words before it ("TPA-treated HL-60 cells", "human
U-937", "cloned stably transfected Jurkat T cells", "phorbol ester-treated
HeLa") and the cell-type words and "cells"/"cell line" after it ("THP-1
monocytic leukemia cells", "T47D mammary tumor cells"). The grounded name stays
the bare line ("HL-60"); this is only the recognised extent that `litclaims tag`
reports (doc.spans["mentions"]).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

# What ends a cell-line phrase ("cells", "cell line", "cell clones").
TAILS = (
    ("cell", "lines"), ("cell", "line"), ("cell", "clones"), ("cell", "clone"),
    ("cells",), ("lines",), ("line",), ("clones",), ("clone",),
)
# Words between a line's name and its tail ("HL-60 leukemic cells", "Jurkat T
# lymphoid cells"): cell types, lineages, tumour kinds.
DESCRIPTORS = frozenset(
    """t b nk pre-b pro-b t-cell b-cell t-lymphoid lymphoid lymphoblastoid lymphoblastic lymphocytic
    lymphoma leukemic leukaemic leukemia leukaemia monocytic myelomonocytic myeloid myeloblastic
    promyelocytic erythroid erythroleukemia erythroleukemic megakaryoblastic macrophage macrophage-like
    hybridoma myeloma tumor tumour mammary breast cancer carcinoma adenocarcinoma epithelial melanoma
    glioma glioblastoma neuroblastoma hepatoma osteosarcoma sarcoma fibroblast fibroblastic endothelial
    prostate colon lung ovarian cervical""".split()
)
MAX_DESCRIPTORS = 3

# Words before a line's name that JNLPBA keeps in the mention.
LEFT_MODIFIERS = frozenset(
    """treated activated unstimulated stimulated transfected stably transiently cloned infected
    uninfected human mouse murine rat hamster monkey simian normal resting parental transformed
    differentiated undifferentiated immortalized""".split()
)
# "TPA-treated", "32P-labeled", "HIV-infected", "LPS-stimulated" (one token, or
# split by the token splitter when the first part is a name).
PARTICIPLES = frozenset(
    "treated stimulated activated infected transfected labeled labelled transformed primed induced".split()
)
# "in 3/4 B-cell lines": how many of the lines tested.
FRACTION = re.compile(r"^\d+/\d+$")
TREATED = re.compile(r"^\S+-(?:" + "|".join(sorted(PARTICIPLES)) + ")$")


def tail_end(doc: Doc, end: int, labels: list[str | None] | None = None, end_of: dict[int, int] | None = None) -> int:
    """The end of the tail after a name that ends at `end` (up to MAX_DESCRIPTORS
    descriptor words, then "cells"/"cell line"); `end` itself when there is none.
    `labels` holds each token's mention type (None: in no mention; no list: no
    mentions around); a disease mention among the descriptors ("THP-1 monocytic
    leukemia cells") is taken whole, its first token mapped to its end by `end_of`."""

    def label(k: int) -> str | None:
        return labels[k] if labels is not None else None

    end_of = end_of or {}
    # "Raji B and Jurkat T cells": the lineage letter of the first conjunct.
    if end + 1 < len(doc) and doc[end].text in ("B", "T") and doc[end + 1].lower_ in ("and", "or"):
        return end + 1 if label(end) is None else end
    k = end
    while k < len(doc) and k - end < MAX_DESCRIPTORS:
        if label(k) is None and doc[k].lower_ in DESCRIPTORS:
            k += 1
        elif label(k) == "disease" and k in end_of:
            k = end_of[k]
        else:
            break
    for tail in TAILS:
        stop = k + len(tail)
        if (stop <= len(doc) and all(label(i) is None for i in range(k, stop))
                and tuple(t.lower_ for t in doc[k:stop]) == tail):
            return stop
    return end


def head_start(doc: Doc, start: int, labels: list[str | None], start_of: dict[int, int]) -> int:
    """The start of the modifiers before a name that starts at `start` ("human",
    "TPA-treated", "cloned stably transfected"). A treatment participle glued to a
    mention by a hyphen ("phorbol ester-treated", split by the tokenizer into
    "phorbol ester", "-", "treated") takes the mention along; `start_of` maps a
    mention's last token to its first."""
    k = start
    while k > 0:
        previous = doc[k - 1]
        if labels[k - 1] is not None:
            break
        if previous.lower_ in PARTICIPLES and k >= 3 and doc[k - 2].text == "-" and _glued(doc, k - 3, k - 1):
            k -= 2
            k = start_of.get(k - 1, k - 1)
        elif previous.lower_ in LEFT_MODIFIERS or TREATED.match(previous.text) or FRACTION.match(previous.text):
            k -= 1
        else:
            break
    return k


def _glued(doc: Doc, first: int, last: int) -> bool:
    """No whitespace between tokens first..last."""
    return all(not doc[i].whitespace_ for i in range(first, last))


def is_bare_acronym(doc: Doc, start: int, end: int) -> bool:
    """Three letters or fewer and no digit ("SEM", "SLE", "Ser"): Cellosaurus has
    such lines, but in running text the string is far more often an abbreviation
    (standard error of the mean, lupus, serine). Taken as a cell line only when
    "cells"/"cell line" follows."""
    text = doc[start:end].text
    if len(text) > 3 or not text.isalpha():
        return False
    return tail_end(doc, end) == end


SHORT_SYMBOL = re.compile(r"^[A-Za-z]{1,3}\d$")


def is_short_symbol_without_tail(doc: Doc, start: int, end: int) -> bool:
    """"SH2", "VP1", "NS3": Cellosaurus has lines so named, but a gene head that tags
    such a symbol without "cells" after it is usually right (a domain, a viral protein)."""
    return bool(SHORT_SYMBOL.match(doc[start:end].text)) and tail_end(doc, end) == end


# A line's name as laboratories coin them: letters and digits, often with hyphens
# ("U9-IIIB", "C81-66-45", "BaF3-R"), or a resistant derivative's "-R" ("TAM/TKI-R").
_CODED_NAME = re.compile(r"^(?=.*[A-Z])(?=.*\d)[A-Za-z0-9][A-Za-z0-9/-]{2,}$|^[A-Z][A-Za-z0-9/-]*-R$")


def is_coded_line_name(doc: Doc, i: int) -> bool:
    """Token i is an unlisted line's name: a coded name directly before "cells" or
    "cell line(s)" ("U9-IIIB cells"), not a protein change ("T790M cells")."""
    from litclaims.extract.components.token_splitter import PROTEIN_CHANGE

    if not (i + 1 < len(doc) and (doc[i + 1].lower_ == "cells" or (
            doc[i + 1].lower_ == "cell" and i + 2 < len(doc) and doc[i + 2].lower_ in ("line", "lines")))):
        return False  # the cheap test first: this runs on every free token
    text = doc[i].text
    return bool(_CODED_NAME.match(text)) and not PROTEIN_CHANGE.match(text)


# "HTLV-I-bearing", "EBV-negative", "E1A-expressing": what a line carries, not its name.
MARKER = re.compile(r"^\S+-(?:bearing|negative|positive|expressing|derived|infected|transformed|treated|resistant|sensitive)$")
# A lineage or cell type glued to "cell": "T-cell lines", "B-cell line".
_CELL_COMPOUND = re.compile(r"^[A-Za-z]{1,5}-cell$", re.IGNORECASE)
LINE_WORDS = frozenset(("line", "lines"))
# "CD4+", "CD8-": a surface marker the cells carry or lack.
SURFACE_MARKER = re.compile(r"^[A-Za-z][A-Za-z0-9]*\d[+-]$")


def _is_descriptor(word: str) -> bool:
    """A cell-type word, also with a lineage letter glued on ("B-lymphoma", "T-lymphoblastoid")."""
    word = word.lower()
    return word in DESCRIPTORS or (
        "-" in word and len(word.split("-", 1)[0]) <= 3 and word.split("-", 1)[1] in DESCRIPTORS)


def _describes_cells(token) -> bool:
    return (_is_descriptor(token.text) or token.lower_ in LEFT_MODIFIERS or bool(TREATED.match(token.text))
            or bool(MARKER.match(token.text)) or bool(_CELL_COMPOUND.match(token.text)))


def generic_line_phrases(doc: Doc, labels: list[str | None]) -> list[tuple[int, int]]:
    """Noun phrases that speak of cell lines without naming one: descriptor words
    before "cell line(s)" ("human megakaryocytic cell line", "T-cell lines",
    "HTLV-I-bearing cell lines", "CD4 positive T cell lines"). JNLPBA annotates such
    phrases as cell_line (91% of the "cell line(s)" phrases of its training part); a
    bare "cell lines" after a determiner is annotated either way and is left alone.
    `labels` holds each token's mention type (None: in no mention); the phrase takes
    in disease mentions ("glioblastoma and neuroblastoma cell lines") and a marker's
    gene mention ("CD4" of "CD4 positive", "CD4 +"), which stay nested in it."""
    phrases: list[tuple[int, int]] = []
    if "line" not in doc.text.lower():
        return phrases
    for i, token in enumerate(doc):
        if token.lower_ not in LINE_WORDS or labels[i] is not None or i == 0 or labels[i - 1] is not None:
            continue
        if doc[i - 1].lower_ == "cell":
            k = i - 1
        elif _CELL_COMPOUND.match(doc[i - 1].text):
            k = i  # "T-cell lines": the compound is itself a descriptor
        else:
            continue
        start = k
        while start > 0:
            previous = doc[start - 1]
            if labels[start - 1] is None and (_describes_cells(previous) or SURFACE_MARKER.match(previous.text)):
                start -= 1  # "human", "lymphoblastoid", "CD4+"
            elif labels[start - 1] == "disease":
                start -= 1  # "human breast cancer cell lines": the disease mention stays, nested
                while start > 0 and labels[start - 1] == "disease":
                    start -= 1
            elif (previous.lower_ in ("and", "or") and start < i - 1 and start >= 2
                    and (labels[start - 2] == "disease" or labels[start - 2] is None and _describes_cells(doc[start - 2]))):
                start -= 1  # "megakaryocytic and erythroid cell lines": one phrase
            elif (previous.text in ("positive", "negative", "+", "-") and labels[start - 1] is None and start >= 2
                    and labels[start - 2] in (None, "gene") and (previous.text not in "+-" or not doc[start - 2].whitespace_)):
                start -= 2  # "CD4 positive", "CD4 +"
                while start > 0 and labels[start - 1] == "gene" and labels[start] == "gene":
                    start -= 1
            elif previous.text in ("+", "-") and labels[start - 1] == "gene":
                start -= 1  # "CD4+" recognised as one gene mention
                while start > 0 and labels[start - 1] == "gene":
                    start -= 1
            else:
                break
        if start < i - 1 or (start == i - 1 and k == i):
            phrases.append((start, i + 1))
    return phrases


def names_no_line(words: list[str]) -> bool:
    """Whether a cell-line phrase's words name no particular line: what is left after
    the descriptor, modifier, marker and tail words has no capital and no digit
    ("T-cell lines", "EBV-negative B-lymphoma cell lines"; not "Jurkat T cells")."""
    generic = LEFT_MODIFIERS | {"cell", "cells", "line", "lines", "clone", "clones"}
    rest = [w for w in words if w.lower() not in generic and not _is_descriptor(w) and not TREATED.match(w)
            and not MARKER.match(w) and not _CELL_COMPOUND.match(w)]
    return not any(ch.isupper() or ch.isdigit() for ch in " ".join(rest))



# Words that put cells in a sentence: "cells", "cell line", "clones", "lymphocytes",
# "cultured", "transfected", "xenografts".
_CELLS_WORD = re.compile(
    r"^(?:cells?|(?:sub)?lines?|clones?|\w*(?:cytes|phages|blasts|phils)|cultured?|cultures|transfect\w*|xenografts?)$")




def is_unsupported_lexicon_line(doc: Doc, span, lines_with_cells: "NamesSaidWithCells") -> bool:
    """A lexicon line name that no head tagged ("B11", "G22", "18C", "RT2", "C-344",
    "Val-9": Cellosaurus has thousands of such codes, and in running text they are far
    more often alleles, variants, markers, columns or antibodies' epitopes), or a
    derivative "X/Y" the lexicon built from a parent line's name ("CAG/CAA"), in a
    sentence with no word for cells and no tumour word beside it ("colon cancer
    (CMT-93)", "MH134 hepatoma"), where the doc does not speak of that name's cells
    elsewhere ("HeLa cells ... weak (HeLa) or no activation (293T and RCS)": the line).
    On the BioRED training part the rule drops 13 lexicon lines, all wrong; on its
    held-out part 11, all wrong (counts only)."""
    if lines_with_cells.speaks_of_cells(span) or _tumour_word_beside(doc, span.start, span.end):
        return False
    return not lines_with_cells.said_with_cells(span)


class NamesSaidWithCells:
    """Per doc: whether a sentence has a word that puts cells in it ("cells", "cell
    line", "cultured", "transfected"), and whether a name stands somewhere in such a
    sentence. Each sentence is read once and each name looked up once (through a token
    index built on first use), so a long chunk with many coded names costs time linear
    in its length."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._has_sentences = doc.has_annotation("SENT_START")  # (reads every token: once)
        self._positions: dict[str, list[int]] | None = None
        self._said: dict[str, bool] = {}
        self._cells_in_sentence: dict[int, bool] = {}

    def speaks_of_cells(self, span) -> bool:
        """Whether the sentence of `span` (the doc where it has no sentences) puts cells in it."""
        sentence = span.sent if self._has_sentences else self._doc[:]
        if sentence.start not in self._cells_in_sentence:
            self._cells_in_sentence[sentence.start] = any(_CELLS_WORD.match(t.lower_) for t in sentence)
        return self._cells_in_sentence[sentence.start]

    def said_with_cells(self, span) -> bool:
        """Whether the name of `span` stands somewhere in the doc in a sentence about cells."""
        text, n = span.text, len(span)
        if text not in self._said:
            self._said[text] = any(self._doc[i : i + n].text == text and self.speaks_of_cells(self._doc[i : i + n])
                                   for i in self._index().get(span.doc[span.start].text, ()))
        return self._said[text]

    def _index(self) -> dict[str, list[int]]:
        if self._positions is None:
            self._positions = {}
            for token in self._doc:
                self._positions.setdefault(token.text, []).append(token.i)
        return self._positions


def _tumour_word_beside(doc: Doc, start: int, end: int) -> bool:
    """A tumour or cell-type word within two tokens of the name ("mouse colon cancer
    (CMT-93)", "an MH134 hepatoma model")."""
    window = list(doc[max(0, start - 2) : start]) + list(doc[end : end + 2])
    return any(t.lower_ in DESCRIPTORS and t.lower_ not in ("t", "b") for t in window)
