"""What the words in and around a span say it is: a cell line ("... cells", "the
cell line, THP-1"), a molecule or part of one ("SH2 domain", "MET4 gene"), a
resistant derivative's suffix ("HCC827 GR cells"), a gene's state ("D842I"), or a
line phrase that names no line ("human cancer cell lines"). The resolver's rules
and the extents component read these; none of them looks anything up but the
lexicon spans it is given."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from litclaims.extract.components.cell_line_extent import LEFT_MODIFIERS, is_short_symbol_without_tail, names_no_line, tail_end
from litclaims.extract.components.grounding import Candidate
from litclaims.extract.components.token_splitter import PROTEIN_CHANGE

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

# Words that make a phrase a gene, protein or part of one, never a cell line.
MOLECULE_WORDS = frozenset(
    """gene genes protein proteins domain domains kinase kinases receptor receptors mutant mutants
    promoter promoters transcript transcripts mrna plasmid terminus oncogene proto-oncogene
    construct constructs vector vectors cdna sirna shrna antibody antibodies""".split()
)


def names_a_molecule(span: Span) -> bool:
    words = {t.lower_ for t in span}
    return bool(words & MOLECULE_WORDS) and not words & {"cells", "cell", "line", "lines"}


CELL_WORDS = frozenset("cells cell line lines clone clones".split())
# Characters of a reference, page range or affiliation, never in a line's name or
# phrase ("29:181–201", "¹,²*", "[2,21-23]").
# Comparisons and statistics ("P<0.01", "OR= 0.009", "± 2") are no line's either.
NOT_IN_A_LINE_NAME = re.compile(r"[:;*\[\]–—¹²³⁴⁵⁶⁷⁸⁹⁰@<>=≤≥±]|\d,\d")

# Statistical and typographic abbreviations: never an entity, whatever a lexicon
# alias (OR, HR, CI), a Cellosaurus name (SEM, "S.E.M.") or a head says. Compared
# with dots, spaces and brackets dropped ("S.E.M.", "IC(50)"), case as written; the
# lower-case forms only where the text writes them with dots ("s.e.m.", "s.d.").
STATISTICAL_ABBREVIATIONS = frozenset(
    "OR ORs aOR AOR HR HRs aHR CI CIs SEM SEMs SD SDs SE SEs RR RRs IQR AUC ROC CV "
    "IC50 IC50s EC50 ED50 LD50 GI50 IC90 EC90".split())
_DOTTED_STATISTICS = frozenset({"sem", "sd", "se"})
_STAT_PUNCT = re.compile(r"[.\s()]")


# T helper and regulatory subsets ("Th17 cells", "Tfh", "Th1/Th17", "Treg"): cell
# types, which the cell-line head and the coded-name rule read as lines.
_T_CELL_SUBSET = re.compile(r"^(?:(?:Th\d{0,2}|Tfh|Tregs?|Tc\d{1,2}|Tr1)(?:/|$))+$")
# A dbSNP id ("rs9271366") or a nucleotide change ("G-395A", "C677T"): a variant,
# never an entity of this project's types.
VARIANT_ID = r"(?:^|\s)(?:rs\d+|[ACGT]-?\d{2,}[ACGT])(?:\s|$)"
# A comparison ("or=" of "> or =", "P<0.01"): no entity's name.
COMPARISON = re.compile(r"[<>=≤≥]")
# Either, in one search.
VARIANT_OR_COMPARISON = re.compile(VARIANT_ID + r"|[<>=≤≥]")


# A genotype of amino acids ("Ser/Ser", "Arg/Pro"): no line.
_AMINO_ACID = "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val"
AMINO_ACID_GENOTYPE = re.compile(rf"^(?:{_AMINO_ACID})(?:/(?:{_AMINO_ACID}))+$")


def marked_as_marker(doc: Doc, span: Span) -> bool:
    """"F4/80(+) macrophages", "F4/80+ cells", "CD4-positive": a marker the cells
    carry, not a line's name."""
    if span.end >= len(doc):
        return False
    after = doc[span.end]
    if after.text in ("+", "+)") or after.lower_ in ("positive", "negative", "-positive", "-negative"):
        return True
    return after.text == "(" and span.end + 1 < len(doc) and doc[span.end + 1].text in ("+", "-")


def names_a_t_cell_subset(span: Span) -> bool:
    """"Th17 cells", "Th1/Th17": a T-cell subset, no line."""
    return any(_T_CELL_SUBSET.match(t.text) for t in span)


# "single nucleotide polymorphism", "amino acid substitution", "nucleotide sequence":
# units of a sequence, no chemical in the text's sense.
SEQUENCE_UNITS = frozenset({"nucleotide", "nucleotides", "single-nucleotide", "single nucleotide", "amino acid",
                            "amino acids", "amino-acid", "single-amino-acid"})
SEQUENCE_WORDS = frozenset("""polymorphism polymorphisms substitution substitutions change changes sequence sequences
    exchange deletion deletions insertion insertions variant variants variation variations residue residues
    position positions repeat repeats difference differences identity homology level""".split())


def names_a_sequence_unit(doc: Doc, end: int, text: str) -> bool:
    """"nucleotide" of "single nucleotide polymorphism", "amino acid" of "amino acid
    substitution" (`text`, ending at token `end`): a sequence's unit before a
    sequence word."""
    return text.lower() in SEQUENCE_UNITS and end < len(doc) and doc[end].lower_ in SEQUENCE_WORDS


# What a full paper's running text holds that is never a name (issue 14 round 12): a
# figure or table label ("Fig. 2 A", "Figure 3"), a span without a letter ("×", "±",
# "18–21", the reference numbers "[26]–[29"; but "[3H]RX821002" has letters), a nucleic
# acid word alone ("mRNA": the heads read
# it beside a gene's name; BC2GM and BC5CDR train never annotate it alone).
_FIGURE_OR_REFERENCE = re.compile(r"^(?:Figs?|Figures?|Tables?|Suppl)\b\.?(?:\s|$)")
# A protein family named by numbers alone ("14-3-3"). (Letting a bare number through as
# well, a compound's code such as "17864" that ChemProt train marks once, lowered the
# BioRED held-out chemicals 79.18 -> 78.99: reverted.)
_NUMBERED_NAME = re.compile(r"^\d+(?:-\d+){2,}$")
NUCLEIC_ACID_WORDS = frozenset("mRNA mRNAs RNA RNAs DNA DNAs cDNA cDNAs pre-mRNA".split())


def is_never_a_name(text: str) -> bool:
    """A figure label, a span without a letter (a reference number), or a nucleic-acid word alone."""
    return (text in NUCLEIC_ACID_WORDS or (not any(ch.isalpha() for ch in text) and not _NUMBERED_NAME.match(text))
            or _FIGURE_OR_REFERENCE.match(text) is not None)


# A residue named alone ("Y701", "Tyr705", "Thr35"; issue 14 round 13): BC2GM train leaves
# "Tyr/Ser/Thr" plus a number 0 of 21 times a gene, a "Y" plus two to four digits alone 9
# of 11 (the two: an antibody's clone, a mutant's). "S13", "T84" stay (ribosomal
# proteins, cell lines), as does a line's "Y79" (the rule is for gene and drug spans).
_RESIDUE_ALONE = re.compile(r"^(?:Y\d{2,4}|(?:Tyr|Ser|Thr)\d{1,4})$")


def is_a_residue_alone(text: str) -> bool:
    """A residue's name alone: "Y701", "Tyr705", "Thr35"."""
    return _RESIDUE_ALONE.match(text) is not None


def is_statistical(text: str) -> bool:
    """Whether `text` is a statistical abbreviation ("OR", "95% CI" aside)."""
    compact = _STAT_PUNCT.sub("", text)
    return compact in STATISTICAL_ABBREVIATIONS or ("." in text and compact.lower() in _DOTTED_STATISTICS)
# "cells", "lines", "lymphocytes", "macrophages", "fibroblasts", "neutrophils".
CELL_NOUN = re.compile(r"^(?:cells?|(?:sub)?lines?|clones?|\w*(?:cytes|phages|blasts|phils))$")


def name_plus_generic(doc: Doc, span: Span, name: Span) -> bool:
    """The span is the lexicon name `name` plus generic words of the name's type
    ("Jurkat cells", "human U-937" for a line; "JH2 domain" is no line)."""
    if not (span.start <= name.start and name.end <= span.end) or (name.start, name.end) == (span.start, span.end):
        return False
    words = CELL_WORDS | LEFT_MODIFIERS if name.label_ == "cell_line" else GENERIC_WORDS - CELL_WORDS
    return all(t.lower_ in words for t in doc[span.start : span.end] if not name.start <= t.i < name.end)


def called_a_line(doc: Doc, start: int, end: int) -> bool:
    """"cells"/"cell line" after the words, or "cell line(s)" (and a comma, bracket or
    colon) right before them: "the monocytic cell line, THP-1"."""
    if tail_end(doc, end) > end:
        return True
    k = start
    while k > 0 and doc[k - 1].text in (",", "(", ":"):
        k -= 1
    return k >= 2 and doc[k - 2].lower_ == "cell" and doc[k - 1].lower_ in ("line", "lines")


def said_to_be_a_line(doc: Doc, span: Span, lexicon_spans: list[Span]) -> bool:
    """A span the lexicon knows as a cell line (same words) that its context calls
    one: "cells"/"cell line" after it, "cell line(s)" (and a comma or bracket) before
    it, or a neighbour in its list (", " / "and" / "or") that is a line and no gene."""
    # (offsets first: a span's label_ is a string-store lookup)
    if not any(s.start == span.start and s.end == span.end and s.label_ == "cell_line" for s in lexicon_spans):
        return False
    if followed_by_molecule_word(doc, span):
        return False
    if called_a_line(doc, span.start, span.end):
        return True
    genes = {(s.start, s.end) for s in lexicon_spans if s.label_ == "gene"}
    neighbours = [s for s in lexicon_spans if s.label_ == "cell_line" and (s.start, s.end) not in genes and s is not span
                  and ((0 < span.start - s.end <= 1 and doc[s.end].text in (",", "and", "or"))
                       or (0 < s.start - span.end <= 1 and doc[span.end].text in (",", "and", "or")))]
    if is_short_symbol_without_tail(doc, span.start, span.end):
        # "Fyn SH2, SH3 and kinase domains" are domains; "LCC2 and LCC9 cells" are lines.
        neighbours = [s for s in neighbours if called_a_line(doc, s.start, s.end)]
    return bool(neighbours)


# A resistant derivative's suffix after the parent line's name: "HCC827 GR cells"
# (gefitinib-resistant), "MCF-7 TamR cells", "SKBR3 LapR". Receptor symbols that
# describe lines ("ER", "PR", "AR") are not taken so.
_DERIVATIVE_SUFFIX = re.compile(r"^(?:[A-Z][A-Za-z]{0,4}R|R)$")
_RECEPTOR_WORDS = frozenset(("ER", "PR", "AR"))


def is_derivative_suffix(doc: Doc, start: int, end: int, lexicon_spans: list[Span]) -> bool:
    """Tokens start..end are one suffix word right after a cell line's name and
    before "cells"/"cell line"."""
    if end - start != 1 or doc[start].text in _RECEPTOR_WORDS or not _DERIVATIVE_SUFFIX.match(doc[start].text):
        return False
    after_line = any(s.label_ == "cell_line" and s.end == start for s in lexicon_spans)
    return after_line and tail_end(doc, end) > end


def followed_by_molecule_word(doc: Doc, span: Span) -> bool:
    """"SH2 domain", "MET4 gene", "AML-1 proteins": the name is a gene's or a
    protein part's, whatever else the lexicon says it is."""
    return span.end < len(doc) and doc[span.end].lower_ in MOLECULE_WORDS


def is_unnamed_cell_line(doc: Doc, c: Candidate) -> bool:
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
    return bool(PROTEIN_CHANGE.match(text)) or text in ("ITD", "TKD") or bool(GENOTYPE_MARK.match(text))


# A genotype, state or polymorphism mark split off a gene's name by the token
# splitter ("PV/+" of "Thra1(PV/+)", "Delta32" of "CCR5-Delta32", "511CC").
GENOTYPE_MARK = re.compile(r"^(?:[A-Za-z]{0,6}[-+]?/[-+]?|Delta\d+|\d{2,}[A-Z]{1,3})$")

