"""Incremental planning: which files need work."""

from __future__ import annotations

from litclaims.flows.planning import corpus_paths, hash_files, plan_work
from litclaims.schemas.store import StoredDocument


def _write(path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_corpus_paths_are_supported_files_sorted_without_hidden_ones(tmp_path):
    _write(tmp_path / "b.pdf", b"%PDF")
    _write(tmp_path / "a.txt", b"x")
    _write(tmp_path / "sub" / "c.HTML", b"<p>x</p>")
    _write(tmp_path / "notes.docx", b"x")
    _write(tmp_path / ".git" / "d.txt", b"x")
    _write(tmp_path / ".a.txt.swp", b"x")
    assert [p.relative_to(tmp_path).as_posix() for p in corpus_paths(tmp_path)] == ["a.txt", "b.pdf", "sub/c.HTML"]


def test_plan_skips_unchanged_and_reprocesses_changed_or_outdated(tmp_path):
    a = _write(tmp_path / "a.txt", b"alpha")
    b = _write(tmp_path / "b.txt", b"beta")
    c = _write(tmp_path / "c.txt", b"gamma")
    files, unreadable = hash_files([a, b, c])
    by_name = {f.path.name: f for f in files}
    stored = [
        StoredDocument(by_name["a.txt"].doc_id, str(a), "v1"),  # unchanged
        StoredDocument("0" * 64, str(b), "v1"),  # b's bytes changed since
        StoredDocument(by_name["c.txt"].doc_id, str(c), "v0"),  # older extractor
    ]
    plan = plan_work(files, stored, "v1", unreadable)
    assert [f.path.name for f in plan.unchanged] == ["a.txt"]
    assert [f.path.name for f in plan.to_process] == ["b.txt", "c.txt"]
    assert plan.duplicates == () and plan.unreadable == ()


def test_plan_reports_a_copy_of_a_stored_paper_as_duplicate(tmp_path):
    a = _write(tmp_path / "a.txt", b"same")
    copy = _write(tmp_path / "copy.txt", b"same")
    files, _ = hash_files([a, copy])
    plan = plan_work(files, [StoredDocument(files[0].doc_id, str(a), "v1")], "v1")
    assert [f.path.name for f in plan.unchanged] == ["a.txt"]
    assert [(f.path.name, of) for f, of in plan.duplicates] == [("copy.txt", str(a))]


def test_a_moved_file_is_processed_again_under_its_new_path(tmp_path):
    moved = _write(tmp_path / "new.txt", b"moved")
    files, _ = hash_files([moved])
    plan = plan_work(files, [StoredDocument(files[0].doc_id, str(tmp_path / "old.txt"), "v1")], "v1")
    assert [f.path.name for f in plan.to_process] == ["new.txt"]


def test_a_file_that_cannot_be_read_is_a_read_failure_without_an_id(tmp_path):
    kept = _write(tmp_path / "kept.txt", b"kept")
    files, unreadable = hash_files([kept, tmp_path / "vanished.txt"])
    assert [f.path for f in files] == [kept]
    assert [(u.source_path, u.doc_id, u.stage, u.error_type) for u in unreadable] == [
        (str(tmp_path / "vanished.txt"), None, "read", "OSError")]
    assert "cannot read file" in unreadable[0].message
    assert plan_work(files, [], "v1", unreadable).unreadable == tuple(unreadable)
