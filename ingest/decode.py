"""Bytes of a text file -> str, or an IngestError that says what is wrong.

Issue 2 asks that a text file which is not UTF-8 gets an error row, so there is
no silent cp1252/latin-1 fallback: the message names the first bad byte, its
offset, and what the file probably is, so the user can convert it
(`iconv -f cp1252 -t utf-8`)."""

from __future__ import annotations

import codecs

from litclaims.ingest.errors import IngestError

# Share of control bytes (other than tab/newline/CR/FF) above which a file is
# binary, not text with a stray byte.
BINARY_CONTROL_SHARE = 0.05
SNIFF_BYTES = 8192


def decode_text(data: bytes, name: str) -> str:
    if not data.strip():
        raise IngestError(f"{name}: the file is empty (no text to read)", stage="read")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        raise IngestError(
            f"{name}: the file is UTF-16 encoded; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8)",
            stage="read",
        )
    if _looks_binary(data):
        raise IngestError(
            f"{name}: this is a binary file, not text (it has NUL or control bytes); "
            "check that it was saved as plain text, or give it its real extension",
            stage="read",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1]
        guess = _guess_legacy_encoding(data)
        raise IngestError(
            f"{name}: not valid UTF-8: byte 0x{bad.hex()} at offset {exc.start} ({exc.reason}); "
            f"the file looks {guess}-encoded; convert it to UTF-8 (e.g. iconv -f {guess} -t utf-8)",
            stage="read",
        ) from None
    return text.lstrip("\ufeff")


def _looks_binary(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and not (head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE)):
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0D, 0x0C))
    return controls / max(len(head), 1) > BINARY_CONTROL_SHARE


def _guess_legacy_encoding(data: bytes) -> str:
    # Bytes 0x80-0x9F are printable in cp1252 (curly quotes, dashes) but control
    # characters in latin-1: their presence points to Windows-1252.
    if any(0x80 <= b <= 0x9F for b in data):
        return "cp1252"
    return "latin-1"
