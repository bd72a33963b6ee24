"""All run-time configuration in one place.

Values come from, in order: explicit arguments (the CLI's flags), environment
variables (`LITCLAIMS_*`), then the defaults below. Nothing else in the code
reads the environment for litclaims settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".html", ".htm")


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = field(default_factory=lambda: _env_path("LITCLAIMS_CORPUS", Path("corpus")))
    db_path: Path = field(default_factory=lambda: _env_path("LITCLAIMS_DB", Path("litclaims.duckdb")))
    # A spaCy/scispaCy package name (e.g. "en_core_sci_sm") to build on instead of
    # the shipped rule-and-lexicon pipeline; empty means the shipped pipeline.
    base_model: str = field(default_factory=lambda: os.environ.get("LITCLAIMS_BASE_MODEL", ""))
    # Parse/extract tasks that may run at once (writes always go through one writer).
    max_workers: int = field(default_factory=lambda: int(os.environ.get("LITCLAIMS_WORKERS", "2")))
    # How long a writer or reader waits for another process to release the DuckDB file.
    db_lock_timeout_s: float = field(default_factory=lambda: float(os.environ.get("LITCLAIMS_DB_LOCK_TIMEOUT", "30")))
    task_retries: int = 2
    task_retry_delay_s: float = 1.0

    def with_overrides(self, **values) -> "Settings":
        clean = {k: v for k, v in values.items() if v is not None}
        for key in ("corpus_dir", "db_path"):
            if key in clean:
                clean[key] = Path(clean[key])
        return replace(self, **clean)


def prefect_environment_defaults() -> dict[str, str]:
    """Prefect settings this tool needs; applied with setdefault so a user's own win."""
    return {
        # No usage telemetry from a research tool running on someone's laptop.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # The temporary server takes 10-25 s to start on a small machine; the default (20 s) is too tight.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "PREFECT_LOGGING_LOG_PRINTS": "false",
    }
