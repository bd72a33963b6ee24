"""Per-document limits and partial reads: a pathological file is a recorded
failure naming the limit and its option; a damaged page is counted, not hidden."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from litclaims.ingest import IngestError, read_documents
from litclaims.ingest.limits import MB, LimitExceeded, ReadLimits

BODY = ("Gefitinib inhibits EGFR in PC-9 cells, and resistance to gefitinib is conferred by MET "
        "amplification in HCC827 cells. ")


def _page(text: str) -> bytes:
    return f"BT /F1 11 Tf 40 700 Td ({text}) Tj ET".encode()


def raw_pdf(streams: list[bytes]) -> bytes:
    """A minimal PDF, one page per Flate-compressed content stream (given compressed)."""
    n = len(streams)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    font = 3 + 2 * n
    for i, data in enumerate(streams):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _pages(count: int) -> list[bytes]:
    return [zlib.compress(_page(BODY * 2)) for _ in range(count)]


def _damaged_pdf(folder: Path) -> Path:
    """Four pages; the second one's content stream is no zlib stream."""
    path = folder / "damaged.pdf"
    streams = _pages(4)
    streams[1] = b"these bytes are no zlib stream"
    path.write_bytes(raw_pdf(streams))
    return path


def test_a_file_over_the_size_limit_names_the_option(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(BODY * 100, encoding="utf-8")
    with pytest.raises(LimitExceeded, match="--max-file-mb"):
        read_documents(path, ReadLimits(max_file_bytes=1000))


def test_a_pdf_over_the_page_limit_names_the_option(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(raw_pdf(_pages(5)))
    assert read_documents(path, ReadLimits(max_pages=5))[0].n_pages == 5
    with pytest.raises(LimitExceeded, match="5 pages is over the 4-page limit.*--max-pages"):
        read_documents(path, ReadLimits(max_pages=4))


def test_a_stream_that_inflates_past_the_limit_is_refused_before_it_is_inflated(tmp_path):
    bomb = zlib.compress(_page(BODY) + b" " * (4 * MB), 9)  # about 4 KB that inflate to 4 MB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(raw_pdf([zlib.compress(_page(BODY * 2)), bomb]))
    with pytest.raises(LimitExceeded, match="page 2.*--max-stream-mb"):
        read_documents(path, ReadLimits(max_stream_bytes=1 * MB))
    assert read_documents(path)[0].n_pages == 2  # the default lets it through


def test_a_damaged_page_is_counted_and_the_rest_is_read(tmp_path):
    path = _damaged_pdf(tmp_path)
    (document,) = read_documents(path)
    assert document.quality.verdict == "degraded"
    assert document.quality.pages_unread == (2,) and document.quality.pages_total == 4
    assert any("read partly: 3 of 4 pages" in note for note in document.quality.notes)
    assert document.text.count("HCC827") == 6


def test_a_limit_failure_is_an_ingest_error_the_run_records(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(raw_pdf(_pages(3)))
    with pytest.raises(IngestError) as caught:
        read_documents(path, ReadLimits(max_pages=2))
    assert caught.value.stage == "parse" and "long.pdf" in caught.value.message


def test_the_runs_settings_reach_the_reader_and_a_file_past_them_fails_alone(tmp_path, extractor):
    from litclaims.flows.analysis import analyze_batch, read_limits
    from litclaims.flows.batches import Batch, BatchFile
    from litclaims.flows.planning import hash_files
    from litclaims.schemas.config import Settings
    from litclaims.schemas.records import DocumentFailure, Extraction

    (tmp_path / "a_long.pdf").write_bytes(raw_pdf(_pages(3)))
    (tmp_path / "b_note.txt").write_text(BODY * 3, encoding="utf-8")
    files, _ = hash_files(sorted(tmp_path.iterdir()))
    limits = read_limits(Settings(max_pages=2))
    outcome = analyze_batch(Batch(1, tuple(BatchFile(f) for f in files)), extractor, limits=limits)
    (failure,), (extraction,) = (f.outcomes for f in outcome.files)
    assert isinstance(failure, DocumentFailure) and "--max-pages" in failure.message
    assert isinstance(extraction, Extraction)


def test_a_text_longer_than_the_character_limit_names_the_option(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(BODY * 200, encoding="utf-8")
    with pytest.raises(LimitExceeded, match="--max-chars"):
        read_documents(path, ReadLimits(max_chars=5000))
    assert len(read_documents(path)[0].text) > 5000


def test_the_run_summary_says_which_paper_was_read_partly(tmp_path):
    from litclaims.flows.summary import _read_partly
    from litclaims.schemas import store
    from tests.records_factory import make_extraction
    from dataclasses import replace as replaced

    path = _damaged_pdf(tmp_path)
    (document,) = read_documents(path)
    extraction = make_extraction()
    extraction = replaced(extraction, document=replaced(extraction.document, quality=document.quality,
                                                        source_path=str(path)))
    db = tmp_path / "db.duckdb"
    store.migrate_database(db)
    with store.writer(db) as con:
        store.store_extraction(con, extraction, "run-1")
        assert _read_partly(con, "run-1") == ("damaged.pdf, 3 of 4 pages",)
