"""Which files of a corpus folder need work: pure functions over paths and hashes.

A file is the unit of planning (its bytes are hashed without reading its format);
it may hold several documents (a PubMed XML set, a BioC collection). A file is
unchanged when every document it holds is stored from these bytes, at this path,
by this extractor version; a file of which only some documents are stored is read
again, and the stored ones are skipped document by document.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from litclaims.ingest import IngestError
from litclaims.ingest.formats import check_suffix
from litclaims.schemas.records import DocumentFailure
from litclaims.schemas.store import StoredDocument


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    sha256: str  # of the bytes: the doc_id of a file's only document, the base of the ids of several
    # Documents of this file already stored from these bytes at this path by this extractor
    # version (some of a multi-document file whose other documents failed last time).
    stored_doc_ids: frozenset[str] = frozenset()
    size: int = 0  # bytes, for cutting batches by size


@dataclass(frozen=True)
class WorkPlan:
    to_process: tuple[CorpusFile, ...]
    unchanged: tuple[CorpusFile, ...]  # every document stored from the same bytes and extractor version
    duplicates: tuple[tuple[CorpusFile, str], ...]  # same bytes as a stored file at another path
    # Files never read into documents: an unsupported type, or not readable (permissions, vanished).
    rejected: tuple[DocumentFailure, ...]
    # Unchanged files found at a new path (renamed, moved, or swapped with another):
    # (file, the path its documents were stored under); also in `unchanged`.
    moved: tuple[tuple[CorpusFile, str], ...] = ()

    @property
    def files_seen(self) -> int:
        """Every file of the folder, supported or not, each in exactly one of the four."""
        return len(self.to_process) + len(self.unchanged) + len(self.duplicates) + len(self.rejected)


def sha256_file(path: Path) -> str:
    return _hash_and_size(path)[0]


def _hash_and_size(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every file below `corpus_dir`, recursively, in a stable order; hidden files and
    folders (editor swap files, .git) are ignored."""
    if not corpus_dir.is_dir():
        raise NotADirectoryError(f"Corpus folder {corpus_dir} does not exist or is not a folder.")
    found = []
    for path in corpus_dir.rglob("*"):
        relative = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file():
            found.append(path)
    return sorted(found)


def split_supported(paths: Iterable[Path]) -> tuple[list[Path], list[DocumentFailure]]:
    """The files ingest reads, and a failure for each of the others that names the
    supported formats (ingest's own message, so the list is defined once)."""
    supported, unsupported = [], []
    for path in paths:
        try:
            check_suffix(path.suffix.lower(), path.name)
        except IngestError as error:
            unsupported.append(DocumentFailure(str(path), None, error.stage, "UnsupportedFormat", error.message))
        else:
            supported.append(path)
    return supported, unsupported


def hash_files(paths: Iterable[Path]) -> tuple[list[CorpusFile], list[DocumentFailure]]:
    """Each file with its hash, or the failure to read it (stage "read": it has no id yet)."""
    files, unreadable = [], []
    for path in paths:
        try:
            sha256, size = _hash_and_size(path)
            files.append(CorpusFile(path=path, sha256=sha256, size=size))
        except OSError as error:
            unreadable.append(DocumentFailure(str(path), None, "read", "OSError",
                                              f"cannot read file: {error.strerror or error}"))
    return files, unreadable


def plan_work(files: Iterable[CorpusFile], stored: Iterable[StoredDocument], extractor_version: str,
              rejected: Iterable[DocumentFailure] = ()) -> WorkPlan:
    by_file: dict[str, list[StoredDocument]] = defaultdict(list)
    for document in stored:
        by_file[document.file_id].append(document)
    files = list(files)
    bytes_at = {str(f.path): f.sha256 for f in files}  # what each path holds now
    to_process, unchanged, duplicates, moved = [], [], [], []
    claimed: dict[str, Path] = {}
    for f in files:
        if f.sha256 in claimed:
            duplicates.append((f, str(claimed[f.sha256])))
            continue
        claimed[f.sha256] = f.path
        known = by_file.get(f.sha256, [])
        here = [d for d in known if d.source_path == str(f.path)]
        # A stored copy counts as another copy only where its path still holds these bytes;
        # a path that now holds other bytes (or nothing) is where this file used to be.
        elsewhere = [d.source_path for d in known if d.source_path != str(f.path) and bytes_at.get(d.source_path) == f.sha256]
        current = frozenset(d.doc_id for d in here if d.extractor_version == extractor_version)
        came_from = _moved_from(f, known, bytes_at, extractor_version)
        if not here and elsewhere:
            duplicates.append((f, elsewhere[0]))
        elif here and len(current) == here[0].documents_in_file:
            unchanged.append(f)
        elif not here and came_from:
            unchanged.append(f)
            moved.append((f, came_from))
        else:
            # New, partly stored, or stored by an older extractor.
            to_process.append(replace(f, stored_doc_ids=current))
    return WorkPlan(tuple(to_process), tuple(unchanged), tuple(duplicates), tuple(rejected), tuple(moved))


def _moved_from(f: CorpusFile, known: list[StoredDocument], bytes_at: dict[str, str], extractor_version: str) -> str | None:
    """The path this file's documents are stored under when the file has left it (a rename
    or a swap) and all of them are current; None otherwise."""
    for old_path in sorted({d.source_path for d in known if bytes_at.get(d.source_path) != f.sha256}):
        there = [d for d in known if d.source_path == old_path and d.extractor_version == extractor_version]
        if there and len(there) == there[0].documents_in_file:
            return old_path
    return None
