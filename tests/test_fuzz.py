"""Property-based fuzzing: whatever bytes a file holds, reading it gives documents
or a clear IngestError, and whatever text a document holds, extraction returns
records; no other exception escapes a document."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from litclaims.ingest import IngestError, read_documents
from litclaims.schemas.records import Document

SUFFIXES = [".txt", ".pdf", ".html", ".xml", ".nxml", ".json"]
# Text a paper could hold, and the characters that broke readers before:
# brackets, citation marks, ligatures, control characters, long runs.
PAPERISH = st.text(
    alphabet=st.sampled_from(list("abcdefgIGFR-1 ()[]{}.,;:\n\t0123456789%µβ²³⁴ﬁﬂ\u00ad\u200b<>&'\"/\\")),
    max_size=600)
STRUCTURED_PREFIXES = [b"", b"%PDF-1.4\n", b"<?xml version='1.0'?><article>", b"<collection>",
                       b"<PubmedArticleSet>", b"{\"documents\": [", b"<html><body>"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(STRUCTURED_PREFIXES), body=st.binary(max_size=2000),
       suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_give_documents_or_an_ingest_error(prefix, body, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(prefix + body)
        try:
            documents = read_documents(path)
        except IngestError as error:
            assert error.message
            return
        for document in documents:
            assert isinstance(document, Document)
            assert all(0 <= s.start <= s.end <= len(document.text) for s in document.sections)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=PAPERISH)
def test_any_text_extracts_without_an_exception(extractor, text):
    document = Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path="fuzz.txt",
                        media_type="text/plain", text=text)
    extraction = extractor.extract(document)
    for sentence in extraction.sentences:
        assert document.text[sentence.start:sentence.end] == sentence.text
    for mention in extraction.mentions:
        assert document.text[mention.start:mention.end] == mention.text
