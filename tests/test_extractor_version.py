"""The extractor version changes with the runtime inputs and only with them.

A copy of the repository's folders stands in for the installed packages, so
files can be edited without touching the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from litclaims.extract.version import code_fingerprint, package_folders, runtime_code_files

REPO = Path(__file__).resolve().parent.parent
COPIED = ("ingest", "extract", "schemas", "evaluation", "tools", "bench", "docs", "tests")


@pytest.fixture()
def checkout(tmp_path: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "models", "data")
    for name in COPIED:
        shutil.copytree(REPO / name, tmp_path / name, ignore=ignore)
    shutil.copytree(REPO / "ingest" / "data", tmp_path / "ingest" / "data")
    return tmp_path


def _folders(root: Path) -> dict[str, Path]:
    return {name: root / name for name in ("ingest", "extract", "schemas")}


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_the_installed_packages_are_what_is_hashed():
    names = {name for name, _ in runtime_code_files(package_folders())}
    assert "extract/extractor.py" in names
    assert "ingest/reader.py" in names
    assert "schemas/vocabulary.py" in names
    assert not any(n.startswith(("evaluation/", "tools/", "tests/")) for n in names)


def test_editing_any_tooling_file_leaves_the_version(checkout: Path):
    before = code_fingerprint(_folders(checkout))
    edited = 0
    for folder in ("tools", "evaluation", "bench", "docs", "tests"):
        for path in (checkout / folder).rglob("*"):
            if path.is_file() and path.suffix in (".py", ".md", ".json", ".toml", ".tsv"):
                _append(path, "\n# edited\n")
                edited += 1
    _append(checkout / "schemas" / "store.py", "\n# the store does not decide what a paper yields\n")
    assert edited > 20
    assert code_fingerprint(_folders(checkout)) == before


@pytest.mark.parametrize("runtime_file", [
    "ingest/reader.py",
    "extract/claims/engine.py",
    "extract/components/entity_resolver.py",
    "schemas/vocabulary.py",
])
def test_editing_a_runtime_module_changes_the_version(checkout: Path, runtime_file: str):
    before = code_fingerprint(_folders(checkout))
    _append(checkout / runtime_file, "\n# edited\n")
    assert code_fingerprint(_folders(checkout)) != before


def test_rule_tables_and_confidence_are_in_the_engine_fingerprint(tmp_path: Path):
    from litclaims.extract.claims.engine import CONFIDENCE_FILE, RULES_DIR, _fingerprint

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    confidence = tmp_path / "confidence.json"
    shutil.copy(CONFIDENCE_FILE, confidence)
    before = _fingerprint(rules, confidence)
    _append(next(iter(sorted(rules.glob("*.toml")))), "\n# edited\n")
    after_rules = _fingerprint(rules, confidence)
    _append(confidence, "\n")
    assert len({before, after_rules, _fingerprint(rules, confidence)}) == 3
