"""Bad input: each gets an IngestError with a message a user can act on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from litclaims.ingest import IngestError, read_document

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "ingest"))
from pdf_factory import encrypted_pdf, single_page_pdf  # noqa: E402


def _error(path: Path) -> IngestError:
    with pytest.raises(IngestError) as info:
        read_document(path)
    return info.value


def test_empty_text_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    err = _error(path)
    assert err.stage == "read" and "empty" in err.message


def test_whitespace_only_text_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_bytes(b"  \n\n \t\n")
    assert "empty" in _error(path).message


def test_empty_pdf(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert "empty" in _error(path).message


def test_corrupt_pdf(tmp_path):
    good = single_page_pdf(tmp_path / "good.pdf", ["A line of text that is long enough."])
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(good.read_bytes()[:300])  # header kept, body cut off
    err = _error(path)
    assert err.stage == "parse"
    assert "corrupt" in err.message or "damaged" in err.message


def test_not_a_pdf_with_pdf_name(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"<html><body>not a pdf</body></html>")
    err = _error(path)
    assert "not a PDF" in err.message


def test_encrypted_pdf_says_password_protected(tmp_path):
    path = encrypted_pdf(tmp_path / "locked.pdf")
    err = _error(path)
    assert "password-protected" in err.message


def test_binary_junk_with_txt_name(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 8)
    err = _error(path)
    assert err.stage == "read" and "binary" in err.message


def test_non_utf8_text_names_the_byte_and_offset(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Tamoxifen resistance in caf".encode() + b"\xe9 cells \x93quoted\x94.")
    err = _error(path)
    offset = len("Tamoxifen resistance in caf")
    assert f"offset {offset}" in err.message
    assert "0xe9" in err.message
    assert "cp1252" in err.message  # 0x93/0x94 are Windows-1252 quotes


def test_utf16_text_file(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Some text here.".encode("utf-16"))
    assert "UTF-16" in _error(path).message


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "paper.docx"
    path.write_bytes(b"PK\x03\x04")
    err = _error(path)
    assert "unsupported" in err.message and ".docx" in err.message


def test_missing_file(tmp_path):
    err = _error(tmp_path / "nowhere.txt")
    assert err.stage == "read" and "not found" in err.message


def test_no_raw_pdfminer_exception_for_random_bytes(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes((i * 37) % 256 for i in range(5000)))
    err = _error(path)
    assert err.stage == "parse"
