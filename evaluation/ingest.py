"""`litclaims eval ingest`: how clean is the clean text of a PDF, against the
publisher's XML full text of the same article.

Per PDF it prints:
- recall: share of the XML body's words (letters only, case-folded, counted
  with multiplicity) found in the clean text. The XML body is the article's
  `<body>` (JATS/NLM) or `<bdy>` (BMC article.dtd) with figure and table
  captions, without table cells, formulas and sub-articles;
- lig: ligature glyphs U+FB00-FB06 left in the clean text;
- cid: `(cid:N)` glyphs left;
- split: words left split by a line-end hyphen ("prolifer-ation" where the XML
  says "proliferation") or by a dropped ligature ("signi cant");
- hdr: running-header/footer lines (a page's first or last line in bare
  pdfminer output that recurs on 3+ pages) still inside body text;
- gaps: words split by a space inside them (pdfminer word spacing), for
  information: not a target;
- bare_split / bare_recall: the same measures for bare
  `pdfminer.high_level.extract_text`, for comparison.

Where the XML is JATS, the structure against the JATS reader's document of
it (`litclaims.evaluation.ingest_structure`): jats_recall, headings found,
sentences found and fused. A PDF, text or HTML file can be scored on
structure alone against a JATS file with --doc X --jats Y.

    litclaims eval ingest --pdf X.pdf --xml X.xml [--pdf Y.pdf --xml Y.xml]
    litclaims eval ingest --dir ../shared/pdfs      (reads manifest.tsv)
    litclaims eval ingest --doc X.pdf --jats X.nxml  (or a .txt/.html of the paper)
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from litclaims.evaluation.ingest_structure import StructureRow, is_jats, structure_row
from litclaims.ingest.errors import IngestError
from litclaims.ingest.normalize import LIGATURES, count_cid_glyphs

WORD = re.compile(r"[^\W\d_]+")
HYPHENATED = re.compile(r"\b([^\W\d_]+)-([^\W\d_]+)\b")
LINE_END_HYPHEN = re.compile(r"-[ \t]*\n\s*")
LIGATURE_GLYPHS = re.compile("[\ufb00-\ufb06]")
# Targets of issue 3.
TARGET_RECALL = 0.99
TARGET_MAX_SPLIT = 3
HEADER_MIN_PAGES = 3

# Elements whose text is not running text of the article body.
SKIP_TAGS = {
    "table", "tblbdy", "tgroup", "thead", "tbody", "colspec",  # table cells (captions are kept)
    "disp-formula", "inline-formula", "tex-math", "math", "mml:math", "formula",
    "sub-article", "response", "ref-list", "back", "bm", "supplementary-material",
    "object-id", "graphic", "inline-graphic", "alternatives",
}


@dataclass(frozen=True)
class EvalRow:
    pdf: str
    pages: int | None
    verdict: str
    recall: float
    ligature_glyphs: int
    cid_glyphs: int
    split_words: int
    header_lines_in_body: int
    bare_recall: float
    bare_split_words: int
    gap_words: int
    passed: bool
    split_examples: tuple[str, ...] = ()
    header_examples: tuple[str, ...] = ()
    # Against the JATS reader's document of the XML; None when the XML is not JATS.
    structure: StructureRow | None = None


# --- the reference text ------------------------------------------------------


def xml_body_text(xml_path: Path) -> str:
    """Running text of the article body in a JATS/NLM or BMC XML file."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, recover=True, huge_tree=True)
    root = etree.parse(str(xml_path), parser).getroot()
    bodies = [el for el in root.iter() if isinstance(el.tag, str) and _local(el.tag) in ("body", "bdy")]
    # The article's own body: the first one not inside a sub-article (referee reports).
    main = [b for b in bodies if not any(_local(a.tag) in ("sub-article", "response") for a in b.iterancestors())]
    if not main:
        raise IngestError(f"{xml_path.name}: no <body> or <bdy> element: not a JATS/NLM or BMC article", stage="parse")
    parts: list[str] = []
    _collect(main[0], parts)
    return " ".join(parts)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _collect(element, parts: list[str]) -> None:
    if not isinstance(element.tag, str):
        if element.tail:
            parts.append(element.tail)
        return
    name = _local(element.tag)
    if name in SKIP_TAGS or element.tag.endswith("}math"):
        if element.tail:
            parts.append(element.tail)
        return
    block = name in ("p", "title", "st", "sec", "caption", "label", "list-item", "fig", "table-wrap")
    if element.text:
        parts.append(element.text)
    for child in element:
        _collect(child, parts)
    if block:
        parts.append(" ")
    if element.tail:
        parts.append(element.tail)


# --- measures -----------------------------------------------------------------


def words(text: str) -> list[str]:
    """Letter runs of 2+, case-folded, after NFKC (so "µ" and "μ" are one letter
    and a superscript citation "identified⁷" is the word "identified")."""
    return [w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", text)) if len(w) >= 2]


def word_recall(reference: str, candidate: str) -> float:
    ref = Counter(words(reference))
    cand = Counter(words(candidate))
    total = sum(ref.values())
    if not total:
        return 0.0
    return sum(min(n, cand[w]) for w, n in ref.items()) / total


def split_words(reference: str, candidate: str) -> list[str]:
    """Words of the candidate left split by a line-end hyphen ("prolifer-ation"
    where the reference has "proliferation") or by a dropped ligature ("signi
    cant", "e ect" where the reference has "significant", "effect")."""
    ref_words = set(words(reference))
    ref_hyphenated = {f"{a.lower()}-{b.lower()}" for a, b in HYPHENATED.findall(reference)}
    ref_tokens = [w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", reference))]
    ref_bigrams = set(zip(ref_tokens, ref_tokens[1:]))
    found: list[str] = []
    # Raw extractor output keeps the line break after the hyphen: same word break.
    candidate = LINE_END_HYPHEN.sub("-", candidate)
    for a, b in HYPHENATED.findall(candidate):
        a, b = a.lower(), b.lower()
        if f"{a}-{b}" not in ref_hyphenated and a + b in ref_words:
            found.append(f"{a}-{b}")
    tokens = [w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", candidate))]
    for a, b in zip(tokens, tokens[1:]):
        if (a, b) in ref_bigrams:
            continue
        for glue in ("fi", "fl", "ff", "ffi", "ffl"):
            if (a + glue + b) in ref_words:
                found.append(f"{a} {b}")
                break
    return found


def gap_words(reference: str, candidate: str) -> list[str]:
    """Words split by a space inside them ("recogni tion"): pdfminer's word
    spacing, not a hyphen or ligature. Reported, not part of the targets."""
    ref_words = set(words(reference))
    ref_tokens = [w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", reference))]
    ref_bigrams = set(zip(ref_tokens, ref_tokens[1:]))
    tokens = [w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", candidate))]
    return [
        f"{a} {b}"
        for a, b in zip(tokens, tokens[1:])
        if (a, b) not in ref_bigrams and (a + b) in ref_words and max(len(a), len(b)) >= 3 and not (a in ref_words and b in ref_words)
    ]


def running_header_lines(pdf_path: Path) -> set[str]:
    """First and last lines of pages in bare pdfminer output that recur
    (digits ignored) on HEADER_MIN_PAGES or more pages."""
    from pdfminer.high_level import extract_text

    text = extract_text(str(pdf_path))
    return _recurring_edge_lines(text.split("\f"))


def _recurring_edge_lines(pages: list[str]) -> set[str]:
    seen: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for page in pages:
        lines = [l.strip() for l in page.split("\n") if l.strip()]
        edge = set(lines[:2] + lines[-2:])
        for line in edge:
            key = re.sub(r"\d+", "#", line.lower())
            if len(re.sub(r"[^a-z]", "", key)) >= 6:
                seen[key] += 1
                examples.setdefault(key, line)
    return {examples[k] for k, n in seen.items() if n >= HEADER_MIN_PAGES}


def header_lines_in_body(document, header_lines: set[str], reference: str) -> list[str]:
    """Running-header lines found inside body sections of the clean text
    (digits ignored, whitespace normalised), beyond the times the article's
    own text says the same words (a header "Range and Viranyi" is also a citation)."""
    found = []
    bodies = " | ".join(re.sub(r"\d+", "#", " ".join(document.text[s.start : s.end].split())) for s in document.sections if s.kind == "body")
    ref = re.sub(r"\d+", "#", " ".join(reference.split()))
    for line in header_lines:
        key = re.sub(r"\d+", "#", " ".join(line.split()))
        extra = bodies.count(key) - ref.count(key)
        found.extend([line] * max(extra, 0))
    return found


def body_text(document) -> str:
    """The clean text without the reference list (its entries are not body words)."""
    return "\n\n".join(document.text[s.start : s.end] for s in document.sections if s.kind != "references")


def evaluate_pair(pdf_path: Path, xml_path: Path) -> EvalRow:
    from pdfminer.high_level import extract_text

    from litclaims.ingest.reader import read_document

    reference = xml_body_text(xml_path)
    document = read_document(pdf_path)
    bare = extract_text(str(pdf_path))
    headers = _recurring_edge_lines(bare.split("\f"))
    recall = word_recall(reference, document.text)
    body = body_text(document)
    splits = split_words(reference, body)
    gaps = gap_words(reference, body)
    headers_left = header_lines_in_body(document, headers, reference)
    lig = len(LIGATURE_GLYPHS.findall(document.text))
    cid = count_cid_glyphs(document.text)
    bare_clean = bare.translate({ord(k): v for k, v in LIGATURES.items()})
    passed = recall >= TARGET_RECALL and lig == 0 and cid == 0 and len(splits) <= TARGET_MAX_SPLIT and not headers_left
    structure = structure_row(pdf_path, document, xml_path, read_document(xml_path)) if is_jats(xml_path) else None
    return EvalRow(
        pdf=pdf_path.name,
        pages=document.n_pages,
        verdict=document.quality.verdict,
        recall=round(recall, 4),
        ligature_glyphs=lig,
        cid_glyphs=cid,
        split_words=len(splits),
        header_lines_in_body=len(headers_left),
        bare_recall=round(word_recall(reference, bare_clean), 4),
        bare_split_words=len(split_words(reference, bare)),
        gap_words=len(gaps),
        passed=passed,
        split_examples=tuple(splits[:8]) + tuple(f"gap:{g}" for g in gaps[:4]),
        header_examples=tuple(sorted(set(headers_left))[:4]),
        structure=structure,
    )


# --- command line -------------------------------------------------------------


def pairs_from_manifest(folder: Path) -> list[tuple[Path, Path]]:
    manifest = folder / "manifest.tsv"
    if not manifest.exists():
        raise FileNotFoundError(f"{manifest} not found")
    pairs = []
    with manifest.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row.get("reference_xml"):
                pairs.append((folder / row["pdf"], folder / row["reference_xml"]))
    return pairs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pdf", type=Path, action="append", default=[], help="a PDF (repeat with --xml for several)")
    parser.add_argument("--xml", type=Path, action="append", default=[], help="the publisher XML of the --pdf at the same position")
    parser.add_argument("--dir", type=Path, default=None, help="a folder with manifest.tsv listing PDF/XML pairs (e.g. ../shared/pdfs)")
    parser.add_argument("--doc", type=Path, action="append", default=[],
                        help="a PDF, text or HTML file scored on structure against the --jats at the same position")
    parser.add_argument("--jats", type=Path, action="append", default=[], help="the JATS XML of the --doc at the same position")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--examples", action="store_true", help="print the split words and header lines found")


def run(args: argparse.Namespace) -> int:
    if args.dir is None and not args.pdf and not args.doc:
        print("give --pdf X.pdf --xml X.xml, --doc X --jats X.nxml, or --dir FOLDER with a manifest.tsv", file=sys.stderr)
        return 2
    if len(args.pdf) != len(args.xml) or len(args.doc) != len(args.jats):
        print("each --pdf needs its --xml, each --doc its --jats (same count, same order)", file=sys.stderr)
        return 2
    if args.doc:
        from litclaims.evaluation.ingest_structure_cli import run_structure

        return run_structure(list(zip(args.doc, args.jats)), args.format)
    pairs = list(zip(args.pdf, args.xml))
    if args.dir is not None:
        try:
            pairs += pairs_from_manifest(args.dir)
        except FileNotFoundError as exc:
            print(f"{exc}: pass a --dir holding manifest.tsv, or --pdf/--xml", file=sys.stderr)
            return 2
    rows: list[EvalRow] = []
    for pdf, xml in pairs:
        for path in (pdf, xml):
            if not path.exists():
                print(f"not found: {path}", file=sys.stderr)
                return 2
        try:
            rows.append(evaluate_pair(pdf, xml))
        except IngestError as exc:
            print(f"{pdf.name}: {exc}", file=sys.stderr)
            return 1
    if args.format == "json":
        print(json.dumps([asdict(r) for r in rows], indent=2))
    else:
        print(format_table(rows, examples=args.examples))
    return 0 if all(r.passed for r in rows) else 1


def format_table(rows: list[EvalRow], *, examples: bool = False) -> str:
    from litclaims.evaluation.ingest_structure_cli import STRUCTURE_HEAD, structure_cells

    head = ("pdf", "pages", "verdict", "recall", "lig", "cid", "split", "hdr", "gaps", "bare_recall", "bare_split", "pass",
            *STRUCTURE_HEAD)
    body = [
        (r.pdf, str(r.pages), r.verdict, f"{r.recall:.4f}", str(r.ligature_glyphs), str(r.cid_glyphs), str(r.split_words),
         str(r.header_lines_in_body), str(r.gap_words), f"{r.bare_recall:.4f}", str(r.bare_split_words), "yes" if r.passed else "NO",
         *structure_cells(r.structure))
        for r in rows
    ]
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in (head, *body)]
    if rows:
        lines.append(
            f"targets: recall >= {TARGET_RECALL}, lig 0, cid 0, split <= {TARGET_MAX_SPLIT}, hdr 0; "
            f"passed {sum(r.passed for r in rows)}/{len(rows)}"
        )
    if examples:
        for r in rows:
            if r.split_examples or r.header_examples:
                lines.append(f"{r.pdf}: split {list(r.split_examples)} headers {list(r.header_examples)}")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="litclaims eval ingest", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    raise SystemExit(run(parser.parse_args()))
