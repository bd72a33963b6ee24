"""Which files of a corpus folder need work: pure functions over paths and hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from litclaims.schemas.config import SUPPORTED_SUFFIXES
from litclaims.schemas.records import DocumentFailure
from litclaims.schemas.store import StoredDocument


@dataclass(frozen=True)
class CorpusFile:
    path: Path
    doc_id: str  # SHA-256 of the bytes, the same id ingest gives the document


@dataclass(frozen=True)
class WorkPlan:
    to_process: tuple[CorpusFile, ...]
    unchanged: tuple[CorpusFile, ...]  # same bytes and extractor version already stored
    duplicates: tuple[tuple[CorpusFile, str], ...]  # same bytes as a stored file at another path
    unreadable: tuple[DocumentFailure, ...]  # could not even be hashed (permissions, vanished)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_paths(corpus_dir: Path) -> list[Path]:
    """Supported files below `corpus_dir`, recursively, in a stable order; hidden
    files and folders (editor swap files, .git) are ignored."""
    if not corpus_dir.is_dir():
        raise NotADirectoryError(f"Corpus folder {corpus_dir} does not exist or is not a folder.")
    found = []
    for path in corpus_dir.rglob("*"):
        relative = path.relative_to(corpus_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES:
            found.append(path)
    return sorted(found)


def hash_files(paths: Iterable[Path]) -> tuple[list[CorpusFile], list[DocumentFailure]]:
    """Each file with its id, or the failure to read it (stage "read": it has no id yet)."""
    files, unreadable = [], []
    for path in paths:
        try:
            files.append(CorpusFile(path=path, doc_id=sha256_file(path)))
        except OSError as error:
            unreadable.append(DocumentFailure(str(path), None, "read", "OSError",
                                              f"cannot read file: {error.strerror or error}"))
    return files, unreadable


def plan_work(files: Iterable[CorpusFile], stored: Iterable[StoredDocument], extractor_version: str,
              unreadable: Iterable[DocumentFailure] = ()) -> WorkPlan:
    by_id = {s.doc_id: s for s in stored}
    to_process, unchanged, duplicates = [], [], []
    claimed: dict[str, Path] = {}
    for f in files:
        known = by_id.get(f.doc_id)
        if f.doc_id in claimed:
            duplicates.append((f, str(claimed[f.doc_id])))
            continue
        claimed[f.doc_id] = f.path
        if known is None:
            to_process.append(f)
        elif known.source_path != str(f.path) and Path(known.source_path).exists():
            duplicates.append((f, known.source_path))
        elif known.extractor_version == extractor_version and known.source_path == str(f.path):
            unchanged.append(f)
        else:
            # Older extractor, or the stored copy's file moved here: process again.
            to_process.append(f)
    return WorkPlan(tuple(to_process), tuple(unchanged), tuple(duplicates), tuple(unreadable))
