"""Shape rules for the installed code that a reader relies on."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The folders pyproject installs as litclaims and its subpackages.
INSTALLED = tuple(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                  ["tool"]["setuptools"]["package-dir"].values())
MAX_FUNCTION_LINES = 80


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.lineno, node.end_lineno - node.lineno + 1


def test_no_function_in_the_installed_packages_is_longer_than_80_lines():
    too_long = [
        f"{path.relative_to(REPO)}:{line} {name} ({length} lines)"
        for folder in INSTALLED
        for path in sorted((REPO / folder).rglob("*.py"))
        for name, line, length in _functions(path)
        if length > MAX_FUNCTION_LINES
    ]
    assert not too_long, "split these functions:\n" + "\n".join(too_long)


def test_installed_code_never_reads_the_shared_development_folder():
    offenders = [
        str(path.relative_to(REPO))
        for folder in INSTALLED
        for path in sorted((REPO / folder).rglob("*.py"))
        if '"shared"' in path.read_text(encoding="utf-8") or "'shared'" in path.read_text(encoding="utf-8")
    ]
    assert not offenders
