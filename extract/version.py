"""The extractor version stored with every row: the package version plus a hash
of exactly the inputs that decide what a file turns into.

Those inputs are listed here, not discovered: the runtime modules of
`litclaims.ingest` and `litclaims.extract` and the vocabulary and records they
produce (hashed below), and the data the pipeline and the claim engine load
(lexicon, models, rule tables, confidence: their own fingerprints). Editing a
scorer (litclaims.evaluation), a tool (tools/), a test, a benchmark or a doc
leaves the version as it is, so users' papers are not reprocessed for it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Mapping

import litclaims

# Folder of each runtime package -> the files of it that are runtime inputs.
RUNTIME_CODE = {
    "ingest": ("**/*.py", "data/*"),
    "extract": ("**/*.py",),
    "schemas": ("records.py", "vocabulary.py"),
}


def package_folders() -> dict[str, Path]:
    """Where the installed runtime packages live (the repository's top-level folders
    in a source checkout)."""
    import litclaims.extract
    import litclaims.ingest
    import litclaims.schemas

    return {
        "ingest": Path(litclaims.ingest.__file__).parent,
        "extract": Path(litclaims.extract.__file__).parent,
        "schemas": Path(litclaims.schemas.__file__).parent,
    }


def runtime_code_files(folders: Mapping[str, Path]) -> list[tuple[str, Path]]:
    """(stable name, path) of every runtime code file, in a stable order."""
    found: dict[str, Path] = {}
    for package, patterns in RUNTIME_CODE.items():
        root = folders[package]
        for pattern in patterns:
            for path in root.glob(pattern):
                if path.is_file() and "__pycache__" not in path.parts:
                    found[f"{package}/{path.relative_to(root).as_posix()}"] = path
    return sorted(found.items())


def code_fingerprint(folders: Mapping[str, Path] | None = None) -> str:
    """A short hash of the runtime code files' names and bytes."""
    digest = hashlib.sha256()
    for name, path in runtime_code_files(folders or package_folders()):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def compute_extractor_version(nlp_fingerprint: str, engine_fingerprint: str, code: str) -> str:
    """`<package version>+<hash of the pipeline data, the rules and the runtime code>`."""
    digest = hashlib.sha256(f"{nlp_fingerprint}|{engine_fingerprint}|{code}".encode()).hexdigest()[:10]
    return f"{litclaims.__version__}+{digest}"
