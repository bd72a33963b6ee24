"""Where the project's development data (`shared/`, beside the repository) is.

The tools read corpora, lexicon sources and gold data from it; nothing that
`litclaims run` executes does (users do not have it).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_dir(explicit: Path | None = None) -> Path:
    """`explicit` if given, else $LITCLAIMS_SHARED, else ../shared beside the repository."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("LITCLAIMS_SHARED")
    return Path(env) if env else REPO_ROOT.parent / "shared"

