"""Incremental planning: which files need work."""

from __future__ import annotations

from pathlib import Path

from litclaims.flows.planning import corpus_files, hash_files, plan_work, split_supported
from litclaims.ingest import SUPPORTED_SUFFIXES
from litclaims.schemas.store import StoredDocument


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_corpus_files_are_every_file_sorted_without_hidden_ones(tmp_path):
    _write(tmp_path / "b.pdf", b"%PDF")
    _write(tmp_path / "a.txt", b"x")
    _write(tmp_path / "sub" / "c.HTML", b"<p>x</p>")
    _write(tmp_path / "sub" / "d.nxml", b"<article/>")
    _write(tmp_path / "notes.docx", b"x")
    _write(tmp_path / "README", b"x")
    _write(tmp_path / ".git" / "d.txt", b"x")
    _write(tmp_path / ".a.txt.swp", b"x")
    paths = corpus_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "README", "a.txt", "b.pdf", "notes.docx", "sub/c.HTML", "sub/d.nxml"]
    supported, unsupported = split_supported(paths)
    assert [p.name for p in supported] == ["a.txt", "b.pdf", "c.HTML", "d.nxml"]
    assert [(u.source_path.rsplit("/", 1)[-1], u.doc_id, u.stage, u.error_type) for u in unsupported] == [
        ("README", None, "read", "UnsupportedFormat"), ("notes.docx", None, "read", "UnsupportedFormat")]
    # The message names the formats that are read, as ingest lists them.
    assert all(suffix in unsupported[1].message for suffix in SUPPORTED_SUFFIXES)
    assert ".docx" in unsupported[1].message


def test_plan_skips_unchanged_and_reprocesses_changed_or_outdated(tmp_path):
    a = _write(tmp_path / "a.txt", b"alpha")
    b = _write(tmp_path / "b.txt", b"beta")
    c = _write(tmp_path / "c.txt", b"gamma")
    files, rejected = hash_files([a, b, c])
    by_name = {f.path.name: f for f in files}
    stored = [
        StoredDocument(by_name["a.txt"].sha256, str(a), "v1"),  # unchanged
        StoredDocument("0" * 64, str(b), "v1"),  # b's bytes changed since
        StoredDocument(by_name["c.txt"].sha256, str(c), "v0"),  # older extractor
    ]
    plan = plan_work(files, stored, "v1", rejected)
    assert [f.path.name for f in plan.unchanged] == ["a.txt"]
    assert [f.path.name for f in plan.to_process] == ["b.txt", "c.txt"]
    assert plan.duplicates == () and plan.rejected == ()


def test_plan_reports_a_copy_of_a_stored_paper_as_duplicate(tmp_path):
    a = _write(tmp_path / "a.txt", b"same")
    copy = _write(tmp_path / "copy.txt", b"same")
    files, _ = hash_files([a, copy])
    plan = plan_work(files, [StoredDocument(files[0].sha256, str(a), "v1")], "v1")
    assert [f.path.name for f in plan.unchanged] == ["a.txt"]
    assert [(f.path.name, of) for f, of in plan.duplicates] == [("copy.txt", str(a))]


def test_a_moved_file_follows_its_rows_and_is_processed_again_only_for_a_new_extractor(tmp_path):
    moved = _write(tmp_path / "new.txt", b"moved")
    files, _ = hash_files([moved])
    stored = [StoredDocument(files[0].sha256, str(tmp_path / "old.txt"), "v1")]
    plan = plan_work(files, stored, "v1")
    assert plan.to_process == () and [(f.path.name, Path(old).name) for f, old in plan.moved] == [("new.txt", "old.txt")]
    assert [f.path.name for f in plan_work(files, stored, "v2").to_process] == ["new.txt"]


def test_a_file_that_cannot_be_read_is_a_read_failure_without_an_id(tmp_path):
    kept = _write(tmp_path / "kept.txt", b"kept")
    files, unreadable = hash_files([kept, tmp_path / "vanished.txt"])
    assert [f.path for f in files] == [kept]
    assert [(u.source_path, u.doc_id, u.stage, u.error_type) for u in unreadable] == [
        (str(tmp_path / "vanished.txt"), None, "read", "OSError")]
    assert "cannot read file" in unreadable[0].message
    assert plan_work(files, [], "v1", unreadable).rejected == tuple(unreadable)


def test_a_file_of_several_documents_is_unchanged_only_when_all_are_stored(tmp_path):
    whole = _write(tmp_path / "whole.xml", b"<PubmedArticleSet>1</PubmedArticleSet>")
    partial = _write(tmp_path / "partial.xml", b"<PubmedArticleSet>2</PubmedArticleSet>")
    files, _ = hash_files([whole, partial])
    by_name = {f.path.name: f for f in files}

    def stored(name: str, doc_id: str, version: str = "v1") -> StoredDocument:
        f = by_name[name]
        return StoredDocument(doc_id, str(f.path), version, f.sha256, 3)

    plan = plan_work(files, [stored("whole.xml", "w1"), stored("whole.xml", "w2"), stored("whole.xml", "w3"),
                             stored("partial.xml", "p1"), stored("partial.xml", "p2", "v0")], "v1")
    assert [f.path.name for f in plan.unchanged] == ["whole.xml"]
    # Read again; the document stored by this version is skipped, the older one is not.
    assert [(f.path.name, f.stored_doc_ids) for f in plan.to_process] == [("partial.xml", frozenset({"p1"}))]


def test_a_copy_of_a_multi_document_file_is_a_duplicate_and_every_file_is_counted_once(tmp_path):
    original = _write(tmp_path / "set.xml", b"<collection/>")
    copy = _write(tmp_path / "copy" / "set.xml", b"<collection/>")
    files, _ = hash_files([original, copy])
    stored = [StoredDocument(f"d{i}", str(original), "v1", files[0].sha256, 2) for i in (1, 2)]
    _, unsupported = split_supported([tmp_path / "notes.docx"])
    plan = plan_work(files, stored, "v1", unsupported)
    assert [f.path for f in plan.unchanged] == [original]
    assert [(f.path, of) for f, of in plan.duplicates] == [(copy, str(original))]
    assert plan.files_seen == 3


def test_files_that_swap_names_are_moved_not_duplicates(tmp_path):
    from litclaims.flows.planning import plan_work
    from litclaims.schemas.store import StoredDocument

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("first paper", encoding="utf-8")
    b.write_text("second paper", encoding="utf-8")
    (fa, fb), _ = hash_files([a, b])
    stored = [StoredDocument(fa.sha256, str(a), "v1", fa.sha256, 1), StoredDocument(fb.sha256, str(b), "v1", fb.sha256, 1)]
    a.write_text("second paper", encoding="utf-8")  # the swap
    b.write_text("first paper", encoding="utf-8")
    files, _ = hash_files([a, b])
    plan = plan_work(files, stored, "v1")
    assert plan.to_process == () and plan.duplicates == ()
    assert sorted((f.path.name, Path(old).name) for f, old in plan.moved) == [("a.txt", "b.txt"), ("b.txt", "a.txt")]
    assert plan.files_seen == 2
