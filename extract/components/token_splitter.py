"""Split tokens that scispaCy's tokenizer keeps whole but that hold two mentions
or a mention plus a word: "PI3K/Akt" -> PI3K / Akt, "anti-IGF-IR" -> anti - IGF-IR,
"IGF-IR-mediated" -> IGF-IR - mediated, "EML4-ALK" -> EML4 - ALK (a fusion of two
genes), "FLT3-ITD" -> FLT3 - ITD, "ERBB2-V777L" -> ERBB2 - V777L, "BRAF(V600E)" ->
BRAF ( V600E ), "ER+" -> ER +.

What stays whole: lexicon entries ("HER2/neu", "ERK1/2", "Akt/PKB"), cell-line
derivatives ("MCF-7/HER-2": a cell line before the slash; "TAM/TKI-R": a
resistant-line suffix) and slashes before a bare number ("ERK1/2").
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import (DEP, ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS,
                         SENT_START, SPACY, TAG)
from spacy.language import Language
from spacy.tokens import Doc

from litclaims.extract.components.token_arrays import token_texts, whitespace_flags
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.compiled import Lexicon
from litclaims.extract.lexicon.matcher import ION
from litclaims.extract.lexicon.shipped import LEXICON_CONFIG

# Words that follow a mention after a hyphen and are not part of its name.
HYPHEN_SUFFIXES = frozenset(
    """mediated dependent independent induced resistant resistance sensitive sensitivity
    positive negative null deficient expressing overexpressing transfected treated
    stimulated targeted targeting specific related associated activated driven binding
    responsive refractory naive containing based like regulated signaling signalling
    knockdown depleted silenced inhibited inhibitor inhibitors inhibition blocking
    neutralizing producing secreting selected derived bound type family
    pathway axis itd tkd
    mutant mutants mutated mutation mutations amplified amplification rearranged rearrangement
    deleted deletion overexpressed wildtype altered translocated methylated knockout
    exposed injected infused fed administered pretreated challenged icv activation silencing stained
    reconstituted neutralized deficiency labeling labeled sparing cooperating isoforms""".split()
) | frozenset(  # a reporter fused to or driven by the gene ("IL-10-GFP", "Ltf-Cre"; issue 14 round 5)
    "gfp egfp yfp eyfp rfp cfp mcherry luc luciferase cre creert2".split())
HYPHEN_PREFIXES = frozenset({"anti", "non", "pro", "phospho"})

_SLASH_RE = re.compile(r"/")
_RESISTANT_LINE_RE = re.compile(r"-R$")
_BARE_NUMBER_RE = re.compile(r"^[0-9]+[a-z]?$")


def _split_slashes(text: str, lexicon: Lexicon) -> list[str] | None:
    """Pieces of a slash-joined token, or None to keep it whole."""
    if "/" not in text or text.startswith("/") or text.endswith("/"):
        return None
    if lexicon.has_key(norm_key(text)) or _RESISTANT_LINE_RE.search(text):
        return None
    parts = text.split("/")
    left = norm_key(parts[0])
    if any(not p for p in parts):
        return None
    # A named derivative of a cell line ("MCF-7/HER-2", "MCF7/LCC9").
    if any(e.entity_type == "cell_line" for e in lexicon.lookup(left, parts[0])):
        return None
    # "ERK1/2", "p42/44", "1/2": the right part is an index, not a name.
    if any(_BARE_NUMBER_RE.match(p) for p in parts[1:]):
        return None
    if not all(any(c.isalpha() for c in p) for p in parts):
        return None  # units and ratios ("ng/ml" has letters; "5/6" has none)
    pieces: list[str] = []
    for k, part in enumerate(parts):
        if k:
            pieces.append("/")
        pieces.append(part)
    return pieces


def _split_hyphen_affixes(text: str, lexicon: Lexicon) -> list[str] | None:
    """"anti-IGF-IR" -> [anti, -, IGF-IR]; "IGF-IR-mediated" -> [IGF-IR, -, mediated]."""
    if "-" not in text or lexicon.has_key(norm_key(text)):
        return None
    head, _, tail = text.rpartition("-")
    pieces: list[str] | None = None
    if head and tail.lower() in HYPHEN_SUFFIXES and any(c.isalnum() for c in head):
        pieces = [head, "-", tail]
    else:
        first, _, rest = text.partition("-")
        if first.lower() in HYPHEN_PREFIXES and rest and any(c.isupper() or c.isdigit() for c in rest):
            pieces = [first, "-", rest]
        elif first == "p" and rest[:1].isupper():
            pieces = [first, "-", rest]  # "p-Akt", "p-ERK": phosphorylated forms
    if pieces is None:
        return None
    # The remaining name may itself carry an affix ("anti-IGF-IR-mediated").
    out: list[str] = []
    for piece in pieces:
        again = _split_hyphen_affixes(piece, lexicon) if piece != "-" and piece != text else None
        out.extend(again if again else [piece])
    return out


def _is_gene_symbol(text: str, lexicon: Lexicon) -> bool:
    return (len(text) >= 3 and any(c.isupper() for c in text)
            and any(e.entity_type == "gene" for e in lexicon.lookup(norm_key(text), text)))


def _split_fusion(text: str, lexicon: Lexicon) -> list[str] | None:
    """"EML4-ALK" -> [EML4, -, ALK], "BCR-ABL1", "KIF5B-RET": a gene fusion names two
    genes; each is a mention. Names the lexicon knows whole ("IGF-IR", "HER-2",
    "Bcl-2") stay whole."""
    if text.count("-") != 1 or lexicon.has_key(norm_key(text)):
        return None
    left, _, right = text.partition("-")
    if _is_gene_symbol(left, lexicon) and _is_gene_symbol(right, lexicon):
        return [left, "-", right]
    return None


# A protein change written after a gene ("V600E", "T790M", "D842I", "E746_A750del").
PROTEIN_CHANGE = re.compile(r"^(?:p\.)?[A-Z]\d{2,}(?:[A-Z*]|_[A-Z]\d+\w*|del\w*|dup\w*|ins\w*|fs\*?\d*)$")
_GENE_VARIANT = re.compile(r"^(?P<gene>[A-Za-z0-9]+)(?P<sep>[-(])(?P<change>[^()]+)(?P<close>\)?)$")


def _split_gene_variant(text: str, lexicon: Lexicon) -> list[str] | None:
    """"ERBB2-V777L" -> [ERBB2, -, V777L]; "BRAF(V600E)" -> [BRAF, (, V600E, )]."""
    match = _GENE_VARIANT.match(text)
    if match is None or not PROTEIN_CHANGE.match(match["change"]) or not _is_gene_symbol(match["gene"], lexicon):
        return None
    if match["sep"] == "-" and match["close"]:
        return None
    return [match["gene"], match["sep"], match["change"]] + ([")"] if match["close"] else [])


def _split_sign(text: str, lexicon: Lexicon) -> list[str] | None:
    """"ER+" -> [ER, +], "HER2-" -> [HER2, -] when the rest is a lexicon key ("R-" stays);
    an ion keeps its charge ("Ca2+" is not the gene CA2)."""
    if len(text) < 3 or text[-1] not in "+-" or text[-2] in "+-" or ION.match(text):
        return None
    stem = text[:-1]
    if lexicon.has_key(norm_key(stem)) and not lexicon.has_key(norm_key(text) + text[-1]):
        return [stem, text[-1]]
    return None


def _split_final_period(text: str, lexicon: Lexicon) -> list[str] | None:
    """"IGF-I." -> [IGF-I, .]: the tokenizer keeps a sentence's final period on names
    that end in a capital after a hyphen."""
    if not text.endswith(".") or text.count(".") != 1 or len(text) < 3:
        return None
    stem = text[:-1]
    if lexicon.has_key(norm_key(stem)):
        return [stem, "."]
    return None


def _split_open_bracket(text: str, lexicon: Lexicon) -> list[str] | None:
    """"F4/80(" -> [F4/80, (]: the tokenizer leaves an opening bracket on a name
    before "+)" ("F4/80(+) cells")."""
    if text.endswith("(") and text.count("(") > text.count(")") and len(text) > 2:
        return [text[:-1], "("]
    return None


# A genotype or cell-state mark after a name, its bracket left open by the tokenizer:
# "VIP(-/" of "VIP(-/-)", "LKB1(endo-/-", "Thra1(PV/+", "Bcl6(low", "CD44(hi".
_GENOTYPE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9.-]*[A-Za-z0-9])\((?P<mark>[^()]+)$")


def _split_genotype(text: str, lexicon: Lexicon) -> list[str] | None:
    """"VIP(-/" -> [VIP, (, -/]: a name before an unclosed bracket holding its genotype or
    state; names the lexicon knows with the bracket ("5-HT(2C)") stay whole."""
    match = _GENOTYPE.match(text)
    if match is None or (norm_key(text) != norm_key(match["name"]) and lexicon.has_key(norm_key(text))):
        return None
    if not any(c.isupper() or c.isdigit() for c in match["name"]):
        return None
    if not any(c.isalpha() or c == "/" for c in match["mark"]):
        return None  # "ZnSO(4)", "IP(3)", "Na(+)": a formula's count or an ion's charge
    return [match["name"], "(", match["mark"]]


# A polymorphism written after a gene: a position and alleles ("IL1B-511CC",
# "FAS-670", "FCGR2B-232Thr", "CCR5-Delta32").
POLYMORPHISM = re.compile(r"^(?:\d{2,}[A-Za-z]{0,3}|Delta\d+)$")


def _split_polymorphism(text: str, lexicon: Lexicon) -> list[str] | None:
    """"IL1B-511CC" -> [IL1B, -, 511CC] where the part before the hyphen is a gene symbol
    and the whole no lexicon key."""
    head, _, tail = text.rpartition("-")
    if not head or not POLYMORPHISM.match(tail) or lexicon.has_key(norm_key(text)):
        return None
    return [head, "-", tail] if _is_gene_symbol(head, lexicon) else None


# A cell phenotype written as markers with their signs: "CD4(+)CD25(+)FoxP3(+",
# "CD4+IFN-g+IL-10", "CD3+CD4+LAG-3+CD49b+CD25-Foxp3-". Each marker is a gene.
_MARKER_AND_SIGN = re.compile(r"([A-Za-z][A-Za-z0-9.]*(?:-(?![A-Z])[A-Za-z0-9]+)*)(\([+-]\)?|\+|-(?=[A-Z]|$))")


def _split_phenotype(text: str, lexicon: Lexicon) -> list[str] | None:
    """"CD4+IFN-g+IL-10" -> [CD4, +, IFN-g, +, IL-10]: two or more markers, each with a
    sign, the last one's sign may be missing."""
    if "+" not in text and "(-" not in text:
        return None
    pieces: list[str] = []
    pos, markers = 0, 0
    for match in _MARKER_AND_SIGN.finditer(text):
        if match.start() != pos:
            return None
        pieces += [match[1], *_sign_pieces(match[2])]
        pos, markers = match.end(), markers + 1
    rest = text[pos:]
    if rest:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9.-]*", rest):
            return None
        pieces.append(rest)
        markers += 1
    return pieces if markers >= 2 else None


def _sign_pieces(sign: str) -> list[str]:
    return [c for c in sign]  # "(+)" -> "(", "+", ")"


# A name in brackets left as one token once the word glued to it is split off:
# "(VEGF)" of "(VEGF)-induced", "(PKC)" of "(PKC)/mitogen-activated".
_BRACKETED = re.compile(r"^\((?P<inner>[^()]*[A-Za-z][^()]*)\)$")


def _split_brackets(text: str, lexicon: Lexicon) -> list[str] | None:
    """"(VEGF)" -> [(, VEGF, )] (issue 14 round 4: about 18 such mentions of the BioRED
    training part were found with their brackets, "(SOD1)-overexpressing",
    "(NF-kappaB)-dependent", "(STZ)-induced")."""
    match = _BRACKETED.match(text)
    if match is None or len(match["inner"]) < 2:
        return None
    return ["(", match["inner"], ")"]


def split_plan(text: str, lexicon: Lexicon) -> list[str] | None:
    """How to split one token's text, or None to keep it."""
    if len(text) < 3 or text.isalpha() or text.isspace():
        return None
    if "(" in text and _split_gene_variant(text, lexicon):
        return _split_gene_variant(text, lexicon)
    for rule in (_split_open_bracket, _split_final_period, _split_slashes, _split_hyphen_affixes, _split_gene_variant,
                 _split_fusion, _split_sign, _split_genotype, _split_polymorphism, _split_phenotype, _split_brackets):
        pieces = rule(text, lexicon)
        if pieces:
            # Each piece may still need a different rule ("PI3K/Akt-dependent").
            out: list[str] = []
            for piece in pieces:
                sub = split_plan(piece, lexicon) if piece != text else None
                out.extend(sub if sub else [piece])
            return out
    return None


class TokenSplitter:
    """Splits a Doc's tokens; the lexicon (from the component's config) says which
    joined names stay whole.

    All splits of a doc make ONE new Doc, built from the words and spaces in one pass
    (`split_tokens`): spaCy's retokenizer applies each split on its own, moving the
    token arrays behind it, so a chunk with many splits cost O(splits x tokens)
    (docs/reliability.md, "One paragraph, twelfth session"). The component is first
    in the pipeline: a doc reaches it with the tokenizer's output only (texts,
    whitespace, norms) and its user data; a doc that carries more (tags, entities,
    spans, a tensor) is split in place by the retokenizer as before."""

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        merge_ions(doc)
        plans: list[tuple[int, list[str]]] = []
        for i, text in enumerate(token_texts(doc)):
            if len(text) < 3 or not ("/" in text or "-" in text or "(" in text or text[-1] in "+."):
                continue
            pieces = split_plan(text, self.lexicon)
            if pieces and len(pieces) > 1:
                plans.append((i, pieces))
        if not plans:
            return doc
        if _carries_annotation(doc):
            return retokenize_splits(doc, plans)
        return split_tokens(doc, plans)


# Token attributes a doc straight from the tokenizer leaves unset: a doc with any of
# them set is split by the retokenizer, which carries them over.
# (The tokenizer may leave the first token's sentence start set or not.)
_ANNOTATION_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]


def _carries_annotation(doc: Doc) -> bool:
    return bool(doc.tensor.size or len(doc.spans) or doc.to_array(_ANNOTATION_ATTRS).any()
                or doc.to_array([SENT_START])[1:].any())


def retokenize_splits(doc: Doc, plans: list[tuple[int, list[str]]]) -> Doc:
    """The splits made in place by spaCy's retokenizer (one split at a time: cost
    O(splits x tokens)); each piece's head is the first piece."""
    with doc.retokenize() as retokenizer:
        for i, pieces in plans:
            token = doc[i]
            retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces))
    return doc


def split_tokens(doc: Doc, plans: list[tuple[int, list[str]]]) -> Doc:
    """A new Doc with each planned token (index, pieces; in token order) replaced by its
    pieces, built in one pass: what `retokenize_splits` gives a doc from the tokenizer
    (the same texts, whitespace (a piece before another has none), norms (a piece has
    none of its own), heads (each piece's the first piece), the first token's sentence
    start (the first piece keeps it)), with the doc's user data
    (`doc._` values), categories, hooks and pipe context."""
    orths = doc.to_array(ORTH).tolist()
    flags = doc.to_array(SPACY).tolist()
    old_norms = doc.to_array(NORM).tolist()
    first_start = int(doc.to_array([SENT_START])[0]) if len(doc) else 0
    strings = doc.vocab.strings
    words: list[int | str] = []
    spaces: list[int] = []
    norms: list[int] = []
    firsts: list[tuple[int, int]] = []  # (new index of the first piece, pieces)
    start = 0
    for i, pieces in plans:
        if "".join(pieces) != strings[orths[i]]:
            raise ValueError(f"split pieces {pieces!r} do not make the token {strings[orths[i]]!r}")
        # the tokens before it as they are (slices: list.extend runs in C)
        words += orths[start:i]
        spaces += flags[start:i]
        norms += old_norms[start:i]
        firsts.append((len(words), len(pieces)))
        words += pieces
        spaces += [0] * (len(pieces) - 1)
        spaces.append(flags[i])
        norms += [0] * len(pieces)
        start = i + 1
    words += orths[start:]
    spaces += flags[start:]
    norms += old_norms[start:]
    heads = numpy.zeros(len(words), dtype="int64")
    for first, n in firsts:
        heads[first:first + n] = numpy.arange(0, -n, -1)
    new = Doc(doc.vocab, words=words, spaces=spaces, user_data=dict(doc.user_data))
    # HEAD is a relative offset, -k stored as uint64 like spaCy's own arrays
    values = numpy.zeros((len(words), 3), dtype="uint64")
    values[:, 0] = numpy.asarray(norms, dtype="uint64")
    values[:, 1] = heads.astype("uint64")
    values[0, 2] = first_start
    new.from_array([NORM, HEAD, SENT_START], values)
    new.cats = dict(doc.cats)
    new.user_hooks = dict(doc.user_hooks)
    new.user_token_hooks = dict(doc.user_token_hooks)
    new.user_span_hooks = dict(doc.user_span_hooks)
    new._context = doc._context
    new.has_unknown_spaces = doc.has_unknown_spaces
    return new


def merge_ions(doc: Doc) -> None:
    """"Ca2" "+" -> "Ca2+", "Ca(2" "+" ")" -> "Ca(2+)": the tokenizer splits an ion's
    charge off."""
    # Only where a charge is a token of its own (one pass over the token ids in C;
    # building doc.text for a regex cost more than the merge).
    orth = doc.to_array(ORTH)
    if not ((orth == doc.vocab.strings.add("+")).any() or (orth == doc.vocab.strings.add("-")).any()):
        return
    merges: list = []
    texts, spaces = token_texts(doc), whitespace_flags(doc)
    for i in range(len(doc) - 1):
        if spaces[i] or texts[i + 1] not in "+-" or (merges and merges[-1].end > i):
            continue
        for width in (3, 2):
            span = doc[i : i + width]
            if len(span) == width and not span[:-1].text_with_ws.count(" ") and ION.match(span.text):
                merges.append(span)
                break
    if merges:
        with doc.retokenize() as retokenizer:
            for span in merges:
                retokenizer.merge(span)


@Language.factory("litclaims_token_splitter", default_config={"lexicon": LEXICON_CONFIG})
def make_token_splitter(nlp: Language, name: str, lexicon: Lexicon) -> TokenSplitter:
    return TokenSplitter(nlp, name, lexicon)
