"""What `pip install .` puts into site-packages: `litclaims` and nothing else of
ours, with every data file the pipeline loads."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(out), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = out.glob("litclaims-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return archive.namelist()


def test_only_the_litclaims_package_is_installed(wheel_names):
    top_level = {name.split("/")[0] for name in wheel_names}
    assert {t for t in top_level if not t.endswith(".dist-info")} == {"litclaims"}


def test_the_product_subpackages_and_not_the_tooling(wheel_names):
    for module in ("litclaims/__init__.py", "litclaims/ingest/reader.py", "litclaims/extract/extractor.py",
                   "litclaims/schemas/store.py", "litclaims/flows/cli.py", "litclaims/evaluation/claims.py"):
        assert module in wheel_names
    assert not any("/tools/" in name or "/tests/" in name or "/training/" in name for name in wheel_names)


def test_every_runtime_data_file_is_shipped(wheel_names):
    shipped = set(wheel_names)
    expected = [REPO / "extract" / "claims" / "confidence.json", REPO / "extract" / "data" / "lexicon.tsv.gz",
                REPO / "extract" / "data" / "annotated_names.tsv", REPO / "extract" / "data" / "mesh_protein_names.tsv",
                REPO / "extract" / "models" / "models.json"]
    expected += sorted((REPO / "extract" / "claims" / "rules").glob("*.toml"))
    expected += sorted((REPO / "schemas" / "sql").glob("*.sql"))
    expected += sorted((REPO / "ingest" / "data").iterdir())
    expected += sorted(p for p in (REPO / "extract" / "models").rglob("*") if p.is_file())
    missing = [p for p in expected if "litclaims/" + p.relative_to(REPO).as_posix() not in shipped]
    assert not missing
