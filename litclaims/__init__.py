"""litclaims: typed claims about therapy resistance, with provenance, from papers.

The Python API in a few names (the subpackages hold the rest):

    import litclaims
    document = litclaims.read_document("paper.pdf")       # clean text + maps back to the source
    extractor = litclaims.Extractor.from_settings(litclaims.Settings())
    extraction = extractor.extract(document)              # sentences, mentions, claims
    con = litclaims.connect("litclaims.duckdb")           # read-only DuckDB connection

Subpackages, in the order data flows through them: `litclaims.ingest`,
`litclaims.extract`, `litclaims.schemas` (records, store, export),
`litclaims.flows` (the Prefect flow and the CLI); `litclaims.evaluation`
scores the output against gold data.
"""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING

try:
    __version__ = metadata.version("litclaims")
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from litclaims.extract import Extractor
    from litclaims.ingest import read_document
    from litclaims.schemas.config import Settings
    from litclaims.schemas.store import connect

# Imported on first use: `import litclaims` (and `litclaims --version`) stays
# fast, and spaCy loads only when the extractor is asked for.
_LAZY = {
    "read_document": "litclaims.ingest",
    "Extractor": "litclaims.extract",
    "Settings": "litclaims.schemas.config",
    "connect": "litclaims.schemas.store",
}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'litclaims' has no attribute {name!r}")


__all__ = ["Extractor", "Settings", "__version__", "connect", "read_document"]
