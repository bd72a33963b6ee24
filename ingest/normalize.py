"""Character-level repairs applied to every line before any joining.

- pdfminer's `(cid:N)` placeholders (glyphs of a font without a Unicode map)
  are dropped and counted: they are not text, and left in they become
  garbage "words" for the tokenizer.
- Ligature glyphs U+FB00-FB06 become their letters. A run of them with no
  letter attached is not a word but part of a drawn formula or a symbol font,
  so it is dropped instead (counted apart) rather than turned into "ffifl".
- Soft hyphens, the non-breaking hyphen U+2011, U+2010, U+FFFE/U+FEFF and
  zero-width characters are normalised so the hyphen repair and the tokenizer
  see one kind of hyphen and no invisible characters.
- Mathematical alphanumeric symbols become plain letters.
"""

from __future__ import annotations

import re
import unicodedata

from litclaims.ingest.blocks import Counts

LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",  # long s + t
    "\ufb06": "st",
}

CID_RUN = re.compile(r"(?:\(cid:\d+\)\s*)+")
CID_GLYPH = re.compile(r"\(cid:\d+\)")
LIGATURE_RUN = re.compile("[\ufb00-\ufb06]+")
MULTI_SPACE = re.compile(" {2,}")

# A soft hyphen at the end of a line marks a hyphenation point: the word goes on
# on the next line without a hyphen. Marked with this private character until the
# line joiner sees it (it never reaches the clean text).
SOFT_BREAK = "\ue000"

_TRANSLATE = {
    0x2010: "-",  # hyphen
    0x2011: "-",  # non-breaking hyphen
    0x00A0: " ",  # no-break space
    0x2002: " ",
    0x2003: " ",
    0x2009: " ",  # thin space
    0x200A: " ",  # hair space
    0x202F: " ",  # narrow no-break space
    0x2007: " ",
    0x0009: " ",
    0x200B: None,  # zero-width space
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,  # BOM / zero-width no-break space
    0xFFFE: None,  # noncharacter some PDF producers emit for a hyphen they dropped
    0xFFFF: None,
    0x000D: None,
}
# Mathematical alphanumeric symbols (U+1D400-1D7FF): PDFs set Greek letters in gene
# names in math italic ("ER𝛼", "PKC𝛼"); their compatibility form is the plain letter.
for _code in range(0x1D400, 0x1D800):
    _plain = unicodedata.normalize("NFKC", chr(_code))
    if _plain != chr(_code):
        _TRANSLATE[_code] = _plain
# C0/C1 control characters other than newline carry no text.
for _code in list(range(0x00, 0x20)) + list(range(0x7F, 0xA0)):
    if _code not in (0x0A, 0x09, 0x0D):
        _TRANSLATE.setdefault(_code, None)


def normalize_line(line: str, counts: Counts) -> str:
    """One physical line, without its newline, with the character repairs applied."""
    if "(cid:" in line:
        line = _drop_cid_runs(line, counts)
    if "\u00ad" in line:
        stripped = line.rstrip()
        if stripped.endswith("\u00ad"):
            line = stripped[:-1].replace("\u00ad", "") + SOFT_BREAK
        else:
            line = line.replace("\u00ad", "")
    line = line.translate(_TRANSLATE)
    if _has_ligature(line):
        line = _expand_ligatures(line, counts)
    if "  " in line:
        # Justified text and PDF extraction leave runs of spaces; one is enough.
        line = MULTI_SPACE.sub(" ", line)
    return line


def _drop_cid_runs(line: str, counts: Counts) -> str:
    counts.cid_glyphs_dropped += len(CID_GLYPH.findall(line))
    return CID_RUN.sub(" ", line)


def _has_ligature(line: str) -> bool:
    return any("\ufb00" <= ch <= "\ufb06" for ch in line)


def _expand_ligatures(line: str, counts: Counts) -> str:
    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        start, end = match.span()
        before = line[start - 1] if start > 0 else ""
        after = line[end] if end < len(line) else ""
        if len(run) == 1 and (before.isalpha() or after.isalpha()):
            counts.ligatures_expanded += 1
            return LIGATURES[run]
        # Several ligature glyphs in a row, or one standing alone: a symbol of a
        # drawn formula, not letters of a word.
        counts.formula_glyphs_dropped += len(run)
        return ""

    return LIGATURE_RUN.sub(replace, line)


def count_cid_glyphs(text: str) -> int:
    return len(CID_GLYPH.findall(text))
