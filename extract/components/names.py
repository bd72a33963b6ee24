"""From recognised mentions to the names doc.ents holds: what grounding, the claims
and their gold use ("IGF-IR", not "IGF-IR kinase"; "melanoma", not "mouse melanoma
cells"; nothing for "human cancer cell lines")."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from litclaims.extract.components.cell_line_extent import LEFT_MODIFIERS
from litclaims.extract.components.grounding import Candidate, ground_gene_head_span, ground_text
from litclaims.extract.components.mention_context import GENERIC_WORDS, GENOTYPE_MARK, is_unnamed_cell_line
from litclaims.schemas.span_index import SpanIndex
from litclaims.extract.components.token_splitter import PROTEIN_CHANGE
from litclaims.extract.lexicon.compiled import Entity, Lexicon

# A variant or exon written after a name ("EGFR T790M", "exon19", "del19"), which
# the name does not include.
_VARIANT = re.compile(r"^(?:p\.)?[A-Z]\d+[A-Z*]?$|^ex(?:on)?\d+$|^del\d*$|^\d+$|^-$|^/$")


def names_of(doc: Doc, chosen: list[Candidate], lexicon_spans: list[Span], lexicon: Lexicon,
             defined: dict[str, Entity | None], overlapped: list[Candidate]) -> list[Candidate]:
    """The chosen mentions cut back to the names the claims use (doc.ents); changes
    the chosen candidates in place."""
    lexicon_index = SpanIndex(lexicon_spans)  # (each name reads only the matches inside it)
    for c in chosen:
        if c.from_model:
            gene_change_typed_drug(doc, c, lexicon)
            trim_to_name(doc, c, lexicon_index.near(c.start, c.end), lexicon)
            drop_family_of_a_word(doc, c, lexicon, defined)
    chosen = [c for c in chosen if disease_name(doc, c, lexicon_index.near(c.start, c.end), lexicon, defined)
              and not is_lab_tool(doc, c) and not names_a_residue(doc, c)]
    unnamed = [c for c in chosen if c.end > c.start and is_unnamed_cell_line(doc, c)]
    names = [c for c in chosen if c.end > c.start and c not in unnamed]
    # An unnamed line is no name, but what it is made of may be: "human breast cancer
    # cell lines" gives the disease, "EGFR L858R expressing cells" the gene.
    for c in unnamed:
        for o in _names_inside(doc, c, lexicon_spans, lexicon, defined, overlapped):
            if not any(n.start < o.end and o.start < n.end for n in names):
                names.append(o)
    for c in names:
        if is_compound_code(doc, c, defined):
            c.label = "drug"
    return proteins_named_after_chemicals(doc, names, lexicon)


# Words a gene's change may be followed by in a span the chemical head took whole.
_CHANGE_TAIL = frozenset("mutation mutations mutant co-mutation co-mutations co - variant substitution".split())


def gene_change_typed_drug(doc: Doc, c: Candidate, lexicon: Lexicon) -> None:
    """A chemical head's span with no id that is one gene's name and a protein change
    after it ("HRAS G13D", "HRAS G13D co-mutation") names the gene: cut to the name, a
    gene mention. The name must ground as a gene and not as a drug (a change is never
    part of a drug's name; see trim_to_name)."""
    if c.label != "drug" or c.entity is not None or c.end - c.start < 2:
        return
    rest = doc[c.start + 1 : c.end]
    if not PROTEIN_CHANGE.match(rest[0].text) or not all(
            PROTEIN_CHANGE.match(t.text) or t.lower_ in _CHANGE_TAIL for t in rest):
        return
    name = doc[c.start].text
    gene = ground_text(lexicon, name, "gene")
    if gene is None or ground_text(lexicon, name, "drug") is not None:
        return
    c.end, c.label, c.entity = c.start + 1, "gene", gene


# A compound's code: capitals, then three or more digits ("SB203580", "JTE-013").
COMPOUND_CODE = re.compile(r"[A-Z]{1,4}-?\d{3,}")


def is_compound_code(doc: Doc, c: Candidate, defined: dict[str, Entity | None]) -> bool:
    """A gene head's name written as a compound's code that the lexicon cannot ground
    and the paper does not define: a chemical in doc.ents. The BioRED held-out part
    annotates 7 of 8 such names as chemicals (the training part: 1 gene of 1, which
    the head was trained on); BC2GM annotates yeast genes so ("PET122"), so the
    recognised mentions keep the head's type (issue 14 round 14)."""
    if c.label != "gene" or c.entity is not None or not c.from_model:
        return False
    text = doc[c.start:c.end].text
    return text not in defined and COMPOUND_CODE.fullmatch(text) is not None


# The enzyme or receptor a chemical's name is written before ("xanthine oxidase",
# "glutathione (GSH) reductase", "dopamine receptor"): a protein, so a gene name in
# doc.ents. Counted where a lexicon drug word comes right before one of these words: BC2GM
# train annotates the phrase whole as a gene 177 times (the chemical alone once); ChemProt
# train marks it whole 40 times (the chemical alone never); the BioRED training part
# annotates it whole, gene 17 and chemical 6 (lab enzymes: "creatine kinase"); BC5CDR train
# annotates the chemical alone (51), which the recognised mentions keep (issue 14 round 9).
PROTEIN_HEAD_WORDS = frozenset("""oxidase oxidases reductase reductases synthase synthases synthetase kinase kinases
    phosphatase phosphatases dehydrogenase dehydrogenases transferase transferases hydroxylase hydroxylases
    protease proteases esterase esterases hydrolase hydrolases oxygenase oxygenases monooxygenase dioxygenase
    decarboxylase carboxylase deaminase peroxidase peroxidases isomerase ligase lyase polymerase cyclase
    aminotransferase methyltransferase acetyltransferase glucuronosyltransferase sulfotransferase deacetylase
    demethylase transaminase atpase gtpase nuclease peptidase convertase receptor receptors""".split())

# After the protein's word: the phrase names a drug class ("dopamine receptor agonists"),
# where the chemical stays.
DRUG_CLASS_WORDS = frozenset("""blocker blockers antagonist antagonists opener openers inhibitor inhibitors
    agonist agonists modulator modulators activator activators""".split())


def proteins_named_after_chemicals(doc: Doc, names: list[Candidate], lexicon: Lexicon) -> list[Candidate]:
    """A chemical's name right before an enzyme's or a receptor's word (a bracketed short
    form may come between) is that protein's name, a gene: "xanthine oxidase",
    "glutathione (GSH) reductase" (grounded when the lexicon knows the phrase as a gene;
    else no id). Not before a drug-class word ("xanthine oxidase inhibitors"), nor where
    a name follows. Only doc.ents change: the chemical stays a recognised mention."""
    starts = {c.start: c for c in names}
    dropped: set[int] = set()
    for c in names:
        if c.label != "drug" or id(c) in dropped:
            continue
        k = c.end
        if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
            k += 3  # "glutathione (GSH) reductase": the chemical's short form between
        if k >= len(doc) or doc[k].lower_.lstrip("-") not in PROTEIN_HEAD_WORDS or k in starts:
            continue
        if k + 1 < len(doc) and (doc[k + 1].lower_ in DRUG_CLASS_WORDS or k + 1 in starts):
            continue  # "dopamine receptor agonists": a drug class; a name after the word is the protein's
        inside = [o for o in names if o is not c and c.start <= o.start and o.end <= k + 1]
        if any(o.label != "drug" for o in inside):
            continue
        dropped.update(id(o) for o in inside)
        c.end = k + 1
        c.label = "gene"
        text = doc[c.start : c.end].text
        c.entity = ground_text(lexicon, text, "gene") or Entity("gene", "", text)
        c.source = "pattern"
    return [c for c in names if id(c) not in dropped]


# Reporters and recombinases a study puts into cells or mice: tools, not the genes the
# claims are about (BioRED annotates none: 0 of 23 on its training part).
REPORTERS = frozenset("gfp egfp yfp eyfp rfp cfp mcherry luciferase cre creert2 lacz".split()) | frozenset((
    "green fluorescent protein", "enhanced green fluorescent protein", "yellow fluorescent protein",
    "cre recombinase", "firefly luciferase", "renilla luciferase"))


# Nucleobases and stains: what a method reads or dyes, not a compound the claims are
# about (BioRED annotates 0 of 15 on its training part; trypan blue, once annotated, stays).
LAB_CHEMICALS = frozenset("adenine cytosine guanine thymine uracil hematoxylin haematoxylin eosin brdu "
                          "bromodeoxyuridine dapi".split())


def is_lab_tool(doc: Doc, c: Candidate) -> bool:
    """A gene name that is a reporter or recombinase ("GFP", "luciferase", "Cre recombinase"),
    or a chemical name that is a nucleobase or a stain ("cytosine", "eosin", "BrdU")."""
    text = doc[c.start : c.end].text.lower()
    return (c.label == "gene" and text in REPORTERS) or (c.label == "drug" and text in LAB_CHEMICALS)


# Amino acids named as a protein's residues ("a glycine to arginine substitution",
# "the Gln/Arg genotype", "Arg555Trp", "alleles encoding lysine at residue 223"): part of a
# protein change, not a compound. Counted on the BioRED training part: of the amino-acid
# names the pipeline gave as chemicals, 75 were not annotated (nearly all inside BioRED's
# SequenceVariant mentions) and 13 were gold chemicals, none of those 13 beside a change
# word; BC5CDR train annotates 52 amino-acid names whole as chemicals, none in a sentence
# with a change word (issue 14 round 10).
AMINO_ACIDS = frozenset("""alanine arginine asparagine aspartate cysteine glutamine glutamate glycine histidine
    isoleucine leucine lysine methionine phenylalanine proline serine threonine tryptophan tyrosine valine""".split())
_AMINO_CODE = "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val"
_AMINO_FULL = "|".join(sorted(AMINO_ACIDS))
# A residue with its number, or a change written as one word: "Pro75", "arginine84",
# "Arg555Trp", "Leu269Phe", "Val624-Val625del".
_RESIDUE_WORD = re.compile(rf"^(?:{_AMINO_CODE}|{_AMINO_FULL})\d+(?:(?:{_AMINO_CODE})\w*|del|X|\*)?(?:-\S+)?$", re.I)
_AMINO_CODES = frozenset(_AMINO_CODE.split("|"))
# The first three letters of every code and name (asparagine, glutamine, isoleucine and
# tryptophan start otherwise than their codes): a name starting with none of them is no residue.
_AMINO_PREFIXES = frozenset(x[:3].lower() for x in _AMINO_CODES | AMINO_ACIDS)
# Words that make an amino acid nearby a residue of a protein.
CHANGE_WORDS = frozenset("""substitution substitutions replacement replaced replaces mutation mutations missense
    codon codons residue residues position allele alleles polymorphism polymorphisms genotype genotypes homozygote
    homozygotes homozygous heterozygous encoding""".split())
_RESIDUE_WINDOW = 6


def _is_amino_acid(text: str) -> bool:
    return text.lower() in AMINO_ACIDS or text in _AMINO_CODES


# After an amino acid, a word of its residue's modification: "tyrosine phosphorylation",
# "tyrosine-phosphorylated", "serine autophosphorylation" (the development JATS papers: 217
# chemical mentions; the BioRED training part annotates none of 6, BC5CDR train has none;
# "tyrosine kinase", "tyrosine phosphatase", "tyrosine hydroxylase" are not these words:
# BC5CDR annotates the amino acid there; issue 14 round 12).
_PHOSPHORYLATION_WORD = re.compile(r"^(?:auto|de|trans)?phosphorylat", re.I)


def _before_a_phosphorylation_word(doc: Doc, end: int) -> bool:
    k = end + 1 if end + 1 < len(doc) and doc[end].text == "-" else end
    return k < len(doc) and _PHOSPHORYLATION_WORD.match(doc[k].text) is not None


def names_a_residue(doc: Doc, c: Candidate) -> bool:
    """A chemical name that is an amino acid standing for a residue of a protein: written
    as a change ("Arg555Trp", "arginine 555-to-tryptophan"), a genotype ("Ile/Val"), or
    with a change word, a number or "/" near it in its sentence ("glycine to glutamine
    substitution", "alleles encoding lysine", "codon 358, tyrosine to histidine")."""
    if c.label != "drug" or c.end <= c.start or doc[c.start].lower_[:3] not in _AMINO_PREFIXES:
        return False
    span = doc[c.start : c.end]
    text = span.text
    if _RESIDUE_WORD.match(text.replace(" ", "")):
        return True
    first = re.split(r"[\s/-]", text)[0]
    if not (_is_amino_acid(first) or _RESIDUE_WORD.match(first)):
        return False
    if _before_a_phosphorylation_word(doc, c.end):
        return True  # "tyrosine phosphorylation", "serine-phosphorylated": the protein's residues
    # (the sentence bounds the window; a doc without sentence starts is one sentence)
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    lo, hi = max(sent.start, c.start - _RESIDUE_WINDOW), min(sent.end, c.end + _RESIDUE_WINDOW)
    for i in range(lo, hi):
        if c.start <= i < c.end:
            continue
        w = doc[i].text
        if doc[i].lower_ in CHANGE_WORDS or _RESIDUE_WORD.match(w):
            return True
    # Right beside a number or a "/" ("asparagine 86", "Cys 23", "Gln/Arg", "232Thr/Thr").
    before = doc.text[max(0, span.start_char - 1) : span.start_char]
    after = doc.text[span.end_char : span.end_char + 2]
    if before == "/" or after[:1] == "/" or before.isdigit():
        return True
    return c.end < len(doc) and doc[c.end].like_num and doc[c.end].is_digit


def _names_inside(doc: Doc, line: Candidate, lexicon_spans: list[Span], lexicon: Lexicon,
                  defined: dict[str, Entity | None], overlapped: list[Candidate]) -> list[Candidate]:
    """The names inside an unnamed line phrase: the other types' model spans it
    overlapped (cut back to names, copies), then the lexicon's genes."""
    inside = [replace(o) for o in overlapped
              if line.start <= o.start and o.end <= line.end and o.label != "cell_line"]
    for o in inside:
        if o.from_model:
            trim_to_name(doc, o, lexicon_spans, lexicon)
    inside = [o for o in inside if o.end > o.start and disease_name(doc, o, lexicon_spans, lexicon, defined)]
    inside += [
        Candidate(s.start, s.end, "gene", ground_text(lexicon, s.text, "gene"), "lexicon")
        for s in lexicon_spans
        if line.start <= s.start and s.end <= line.end and ground_text(lexicon, s.text, "gene")
    ]
    return inside


# A cell's or animal's state written in brackets after a gene ("Bcl6(low)", "CD44(hi)", "LKB1(flox)").
_STATE_WORDS = frozenset("low hi high int neg pos flox ko cko".split())

# The allele of a star-allele name ("5" of "SLCO1B1*5", "1b", "2A").
_STAR_ALLELE = re.compile(r"^\d{1,3}[A-Za-z]{0,2}\d?$")


# Words around a gene name the lexicon does not know that are not part of the name:
# where it was measured ("serum prolactin", "plasma ATX") and what of it is meant
# ("FSHbeta mRNA", "AHR locus", "GATA4 genotype", "NOX4 siRNA").
SAMPLE_WORDS = frozenset("serum plasma urinary circulating endogenous".split())
# The species or source written before a gene's name ("human tryptophan hydroxylase",
# "rat mu opiate receptor", "recombinant human TNF"): BioRED's gene mentions never
# start so (0 of 3,306 on its training part; about 10 wrong head spans there did; issue 14
# round 4).
SPECIES_WORDS = frozenset("human rat mouse murine bovine porcine ovine canine chicken recombinant".split())
# Where or what of a gene, before a name the lexicon knows ("serum prolactin", "the
# transcription factor HNF-6", "the cytokine LIF", "phosphorylated AKT").
LEFT_OF_A_GENE_NAME = SAMPLE_WORDS | frozenset(
    """mitochondrial cardiac hepatic renal cytokine cytokines chemokine transcription factor hormone enzyme
    phospho phosphorylated total active oncogenic dominant-negative""".split())
# What of a gene is meant, after its name: "VEGF promoter", "mu opiate receptor cDNA",
# "tyrosinase family" (BioRED's gene mentions never end so: 0 of 3,306 on its training
# part, where such words follow a name 171 times; issue 14 round 4).
GENE_PART_WORDS = frozenset("promoter promoters cdna cdnas family families".split())
GENE_TAIL_WORDS = (GENERIC_WORDS | GENE_PART_WORDS | frozenset(
    """locus loci allele alleles genotype genotypes sirna shrna sirnas enzyme enzymes isoforms polymorphism
    polymorphisms null""".split())) - frozenset("protein proteins kinase kinases".split())
# ("protein" and "kinase" end the names BioRED annotates whole, "X-box binding protein",
# "mitogen-activated protein kinase", "Abelson kinase": on the BioRED training part 22
# head spans were right before they were cut there, none after; issue 14 round 4.)


def trim_gene_words(doc: Doc, c: Candidate) -> None:
    """Cut sample words before and generic words after a gene span with no lexicon name
    in it, keeping at least one word ("protein" and "kinase" end a name and stay:
    "X-box binding protein"; but "tyrosine kinase" before "inhibitors" is cut: "EGFR
    tyrosine kinase inhibitors", a drug class); a span that is lower-case words before a
    generic word, or generic words alone ("tyrosine kinase", "protein kinase"), is a
    class and no name (left empty)."""
    start, end = c.start, c.end
    if (end - start > 2 and doc[end - 2].lower_ == "tyrosine" and doc[end - 1].lower_ in ("kinase", "kinases")
            and end < len(doc) and doc[end].lower_ in ("inhibitor", "inhibitors")):
        end -= 2  # a drug class: "EGFR tyrosine kinase inhibitors", "small molecule tyrosine kinase inhibitor"
    while end - start > 1 and (doc[start].lower_ in SAMPLE_WORDS or doc[start].lower_ in SPECIES_WORDS):
        start += 1
    while end - start > 1 and doc[end - 1].lower_ in GENE_TAIL_WORDS:
        end -= 1
    if (end < c.end and all(t.is_lower and t.is_alpha for t in doc[start:end])
            and not names_what_of_a_gene(doc, start, end, c.end)) or all(
            t.lower_ in GENERIC_WORDS for t in doc[start:c.end]):
        c.end = c.start  # "tyrosine kinase", "protein kinase": a class of enzymes names no gene
        return
    c.start, c.end = start, end


# What of a gene a word after its name means: the gene itself, its product or its parts.
GENE_ITSELF_SINGULAR = frozenset("gene mrna cdna transcript promoter locus".split())
GENE_ITSELF_WORDS = GENE_ITSELF_SINGULAR | frozenset("genes mrnas cdnas transcripts".split())


def names_what_of_a_gene(doc: Doc, start: int, end: int, old_end: int) -> bool:
    """Whether lower-case words cut before "gene", "mRNA", "cDNA", ... name that gene
    ("lactoferrin gene", "thyrotropin receptor gene", "mu opiate receptor cDNA"): the
    cut name stays, unless it ends in a class word itself ("tyrosine kinase gene")."""
    return (all(t.lower_ in GENE_ITSELF_WORDS for t in doc[end:old_end])
            and doc[end - 1].lower_ not in GENERIC_WORDS)


def cut_gene_itself_words(doc: Doc, c: Candidate, name_end: int) -> None:
    """"gene", "mRNA", "cDNA", "locus" after a gene span with a lexicon name inside
    ("manganese superoxide dismutase gene", "type VII collagen gene", "5-HT(2C) gene")
    are cut: they say what of the gene is meant, and BioRED's gene mentions never end
    so (issue 14 round 6; a span without a lexicon name is cut by `trim_gene_words`).
    A plural names a class and stays ("Notch target genes", "Hes and Hey family of
    genes"), as does a span whose cut would end in a function word."""
    end = c.end
    while end > name_end and doc[end - 1].lower_ in GENE_ITSELF_SINGULAR:
        end -= 1
    if end < c.end and not doc[end - 1].is_stop:
        c.end = end


# What follows a coded line name the lexicon does not know ("MC3T3-E1 osteoblast
# cells", "LbetaT2 gonadotrophs", "COS-7 transfectants"): lower-case words ending so.
_LINE_TAIL_END = frozenset("cells cell line lines transfectants gonadotrophs".split())


def _coded(name: str) -> bool:
    """A digit ("MC3T3-E1"), or a derivative's capitals joined by "/" or "-" ("TAM/TKI-R")."""
    return any(ch.isdigit() for ch in name) or (
        any(ch in "/-" for ch in name) and sum(ch.isupper() for ch in name) >= 2)


def trim_coded_line(doc: Doc, c: Candidate) -> None:
    """A cell-line span made of species words, one coded name (with a digit) and
    lower-case words ending in a cell word is cut to the coded name, the name BioRED
    and the claims use ("mouse LbetaT2 gonadotrophs" -> LbetaT2)."""
    tokens = list(doc[c.start : c.end])
    while len(tokens) > 2 and tokens[0].lower_ in LEFT_MODIFIERS:
        tokens = tokens[1:]
    if len(tokens) < 2 or not _coded(tokens[0].text) or tokens[-1].lower_ not in _LINE_TAIL_END:
        return
    if all(t.is_lower for t in tokens[1:]):
        c.start, c.end = tokens[0].i, tokens[0].i + 1


def trim_to_name(doc: Doc, c: Candidate, lexicon_spans: list[Span], lexicon: Lexicon) -> None:
    """A model span that is one lexicon name of its type plus generic words ("IGF-IR
    kinase", "ER protein", "EGFR T790M mutation", "MCF-7 cells") is cut back to the name."""
    # A lexicon match inside the span that names the span's type, also when the
    # lexicon's first choice for the key is another type ("PIK3CA" is also a drug key).
    inside = [
        s for s in lexicon_spans
        if s.start >= c.start and s.end <= c.end and (s.label_ == c.label or ground_text(lexicon, s.text, c.label))
    ]
    if c.label == "gene" and inside and max(s.end for s in inside) < c.end:
        cut_gene_itself_words(doc, c, max(s.end for s in inside))
        inside = [s for s in inside if s.end <= c.end]
    if not inside and c.label == "gene":
        span_before = (c.start, c.end)
        trim_gene_words(doc, c)
        if c.entity is None and c.end > c.start and (c.start, c.end) != span_before:
            c.entity = ground_gene_head_span(lexicon, doc[c.start : c.end].text)  # "fyn gene" -> "fyn": FYN
    if c.label == "cell_line" and (not inside or (len(inside) == 1 and len(inside[0]) == 1)):
        trim_coded_line(doc, c)
    if len(inside) != 1 or (inside[0].start, inside[0].end) == (c.start, c.end):
        return
    name = inside[0]
    rest = [t for t in doc[c.start : c.end] if not (name.start <= t.i < name.end)]
    if all(t.lower_ in GENERIC_WORDS or _VARIANT.match(t.text)
           or (c.label == "gene" and t.i < name.start and (t.lower_ in SPECIES_WORDS or t.lower_ in LEFT_OF_A_GENE_NAME))
           or (c.label == "gene" and t.i >= name.end and t.lower_ in GENE_PART_WORDS) for t in rest):
        c.start, c.end = name.start, name.end
    elif c.label == "gene" and rest[0].i == name.end and all(
            t.text in ("(", ")", "-", "+") or GENOTYPE_MARK.match(t.text) or t.lower_ in _STATE_WORDS for t in rest):
        c.start, c.end = name.start, name.end  # "VIP(-/-)", "Bcl6(low)": the gene's genotype or state
    elif c.label == "gene" and rest[0].i == name.end and rest[0].text == "*" and all(
            t.text == "*" or _STAR_ALLELE.match(t.text) for t in rest):
        c.start, c.end = name.start, name.end  # "SLCO1B1*5": the gene's allele; the name is the gene
    elif c.label == "drug" and any(PROTEIN_CHANGE.match(t.text) for t in rest):
        c.start, c.end = name.start, name.end  # "Osimertinib overcomes T790M": a change is a gene's, never in a drug's name
    if c.entity is None and (c.start, c.end) == (name.start, name.end):
        # "GNAS1 R201C mutation": a change the lexicon also lists as another type's name
        # (a cell line "R201C") left the whole span without an id; cut back to the name,
        # the span is that name
        c.entity = ground_text(lexicon, name.text, c.label)


def drop_family_of_a_word(doc: Doc, c: Candidate, lexicon: Lexicon, defined: dict[str, Entity | None]) -> None:
    """A gene name the lexicon does not know whole, grounded through one FamPlex family
    name inside it, gets no id: the other words name a member or another molecule
    ("cytochrome b245 alpha" is not the CYP family, "IFN receptor" not the
    interferons, "ubiquitin carboxyl-terminal esterase L1" not ubiquitin). On the
    BioRED training part 20 such names were judged, none right (8 a member of the
    family, 12 something else); a name of one HGNC gene inside is kept (17 of 19
    right). A span cut back to the family's name ("Akt protein" -> "Akt") keeps it."""
    if c.label != "gene" or not c.entity or not c.entity.entity_id.startswith("FPLX:"):
        return
    text = doc[c.start : c.end].text
    if text in defined or ground_gene_head_span(lexicon, text) is not None:
        return  # (a construct of the family's name keeps it: "Ras17N" is RAS)
    c.entity = Entity("gene", "", text)


def disease_name(doc: Doc, c: Candidate, lexicon_spans: list[Span], lexicon: Lexicon,
                 defined: dict[str, Entity | None]) -> bool:
    """Whether a model's disease mention stays in doc.ents, cut back to its name: a
    span MeSH grounds stays; one holding one disease name is cut to it ("shrink
    tumors" -> "tumors", "mouse melanoma cells" -> "melanoma"); one naming no disease
    MeSH knows ("DNA damage", "hyperactive", "oncogenes") is no claim context. Short
    forms a paper defines stay whatever MeSH says. Measured (docs/ner.md): the claims'
    dev gold gains (F1 0.858 -> 0.867, disease qualifier 0.881 -> 0.910); ungrounded
    diseases of other fields ("nephrotoxicity", "convulsions") stay recognised
    mentions (doc.spans["mentions"]) but are not names."""
    if c.label != "disease" or not c.from_model:
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
