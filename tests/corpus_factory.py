"""Builds small corpora on disk for flow tests: the seeds, a generated PDF, bad inputs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.conftest import SEED_DIR

PDF_PARAGRAPHS = [
    ("1. Introduction", [
        "Overexpression of IGF-IR in MCF-7 cells conferred resistance to tamoxifen (12).",
        "Gefitinib inhibits EGFR in SKBR3 cells (13).",
    ]),
    ("2. Results", [
        "The IGF-IR inhibitor NVP-ADW742 sensitized cells to etoposide and carboplatin (14).",
        "HER-2 confers resistance to trastuzumab in breast cancer cells (15).",
    ]),
]


def write_claims_pdf(path: Path) -> Path:
    """A two-page PDF with a heading and claim sentences on each page."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for heading, sentences in PDF_PARAGRAPHS:
        y = 780
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(72, y, heading)
        pdf.setFont("Helvetica", 10)
        for sentence in sentences:
            y -= 24
            pdf.drawString(72, y, sentence)
        pdf.showPage()
    pdf.save()
    return path


def write_encrypted_pdf(path: Path) -> Path:
    pdf = canvas.Canvas(str(path), encrypt="secret-password")
    pdf.drawString(72, 720, "Tamoxifen binds ER.")
    pdf.save()
    return path


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    bad = {
        "empty": folder / "empty.pdf",
        "corrupt": folder / "corrupt.pdf",
        "encrypted": folder / "encrypted.pdf",
        "binary": folder / "junk.txt",
        "latin1": folder / "latin1.txt",
    }
    bad["empty"].write_bytes(b"")
    bad["corrupt"].write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nthis is not a pdf at all" + bytes(range(256)))
    write_encrypted_pdf(bad["encrypted"])
    bad["binary"].write_bytes(os.urandom(4096).replace(b"\n", b"\x00"))
    bad["latin1"].write_bytes("Tamoxifen r\u00e9sistance in \u00e9tudes of MCF-7 cells.\n".encode("latin-1") * 20)
    return bad


def make_corpus(folder: Path, *, with_bad_inputs: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEED_DIR.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    write_claims_pdf(folder / "claims.pdf")
    if with_bad_inputs:
        write_bad_inputs(folder / "bad")
    return folder
