"""The content-stream reader reads what pdfminer.six's own parser reads: the same
objects from hand-written streams full of the grammar's corners, and the same page
layout from a PDF with text, vector paths, an inline image and a Form XObject."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTContainer, LTText
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import KWD, LIT, PSEOF

from litclaims.ingest.pdf_content import ContentStreamInterpreter, UnmirroredContent, content_objects

STREAMS = {
    "numbers": b"1 -2 +3 4.5 -.5 .25 5. -0 1.2.3 12Tf - + . -. +.x 7",
    "operators": b"BT /F1 9.5 Tf 1 0 0 1 72 700 Tm (Hi) Tj T* (a) ' 1 2 (b) \" ET q Q",
    "names": b"/A /B#20C /D#4 /E# /#41#42 / /F\xc3\xa9 /G\xff",
    "strings": b"(plain) (a(b)c) (x\\(y\\)z) (\\n\\t\\r\\b\\f\\\\) (\\101\\7x\\0123) (\\q) (ab\\\ncd) (ab\\\r\ncd) ()",
    "hex strings": b"<48656c6c6f> <48 65 6C 6c 6f> <abc> <> <a>> (after)",
    "arrays and dictionaries": b"[1 2 [3 (x) /N] <<>> ] TJ << /A 1 /B [1 2] /C << /D (e) >> >> BDC",
    "comments and whitespace": b"1 % a comment ] ( >> \n2\r3\x00 4\t\x0c re",
    "strays": b"] >> > } { 1 2 } ) * \x01 \x80 9 true false null",
    "unterminated string": b"1 2 (never closed",
    "unterminated array": b"1 [2 3 (x)",
    "unterminated hex": b"1 <4142",
}


def _pdfminer_objects(streams: list[bytes]) -> list:
    parser = PDFContentParser([PDFStream({}, data) for data in streams])
    objects = []
    while True:
        try:
            objects.append(parser.nextobject()[1])
        except PSEOF:
            return objects


@pytest.mark.parametrize("name", sorted(STREAMS))
def test_objects_are_pdfminers(name):
    data = STREAMS[name]
    assert content_objects(data) == _pdfminer_objects([data])


def test_typed_objects():
    objects = content_objects(b"/F1 9.5 Tf (a\\(b) <4142> [1 /N] << /K 2 >> true 3")
    assert objects == [LIT("F1"), 9.5, KWD(b"Tf"), b"a(b", b"AB", [1, LIT("N")], {"K": 2}, True, 3]
    assert isinstance(objects[1], float) and isinstance(objects[-1], int)


def test_streams_join_at_token_boundaries():
    # A token cut at the end of one stream ends there (pdfminer: #1157).
    from litclaims.ingest.pdf_content import _joined_data

    streams = [b"10 2", b"0 m 30 40 l", b"S"]
    joined = _joined_data([PDFStream({}, data) for data in streams])
    assert content_objects(joined) == _pdfminer_objects(streams)
    assert content_objects(joined)[:2] == [10, 2]


@pytest.mark.parametrize("data", [b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI", b"<< /A >> BDC", b"(\\777)"])
def test_what_pdfminer_must_read_is_handed_over(data):
    with pytest.raises(UnmirroredContent):
        content_objects(data)


def _drawn_pdf(path: Path) -> Path:
    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter)
    c.setFont("Helvetica", 10)
    c.drawString(72, 720, "Gefitinib resistance (IC50 > 10 \u00b5M) in PC9 cells [12].")
    c.drawString(72, 706, "Parentheses (nested (twice)) and back\\slashes survive.")
    for i in range(40):  # a vector figure: many small paths
        c.line(72 + i * 3, 500, 80 + i * 3, 560 + (i % 7))
        c.circle(300 + i * 2, 520, 3 + i % 4, stroke=1, fill=i % 2)
    c.rect(72, 400, 200, 60, fill=0)
    c.drawString(80, 420, "Label inside the figure")
    c.drawInlineImage(Image.new("RGB", (4, 4), (200, 10, 10)), 400, 600, 20, 20)
    c.beginForm("legend")
    c.drawString(72, 300, "Text of a Form XObject")
    c.endForm()
    c.doForm("legend")
    c.showPage()
    c.drawString(72, 720, "Second page.")
    c.save()
    return path


def _layouts(pdf: Path, interpreter_class) -> list:
    document = PDFDocument(PDFParser(io.BytesIO(pdf.read_bytes())))
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAParams(boxes_flow=None))
    interpreter = interpreter_class(resources, device)
    pages = []
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        pages.append(_flatten(device.get_result()))
    return pages


def _flatten(item) -> list:
    text = item.get_text() if isinstance(item, LTText) else None
    children = [_flatten(child) for child in item] if isinstance(item, LTContainer) else []
    box = [round(v, 3) for v in item.bbox] if hasattr(item, "bbox") else None  # LTAnno: a space or newline
    return [type(item).__name__, box, text, children]


def test_page_layout_is_pdfminers(tmp_path):
    pdf = _drawn_pdf(tmp_path / "drawn.pdf")
    ours = _layouts(pdf, ContentStreamInterpreter)
    assert ours == _layouts(pdf, PDFPageInterpreter)
    # The page really had each construct the comparison is meant to cover.
    kinds = str(ours)
    for kind in ("LTCurve", "LTImage", "LTFigure", "(nested (twice))", "back\\\\slashes"):
        assert kind in kinds
    assert "Text of a Form XObject" in "".join(_figure_chars(ours[0]))


def _figure_chars(node: list, in_figure: bool = False) -> list[str]:
    kind, _, text, children = node
    in_figure = in_figure or kind == "LTFigure"
    chars = [text] if in_figure and kind == "LTChar" else []
    return chars + [c for child in children for c in _figure_chars(child, in_figure)]
