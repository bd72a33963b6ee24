"""All run-time configuration in one place.

Values come from, in order: explicit arguments (the CLI's flags, through
`with_overrides`), environment variables (`LITCLAIMS_*`, read when a `Settings`
is made, never at import), then the defaults below. Nothing else in the code
reads the environment for litclaims settings: the CLI makes one `Settings` per
command and passes it on (to the Prefect flow as a parameter).
"""

from __future__ import annotations

import os
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable

# The file types a run reads are ingest's to say (`litclaims.ingest.SUPPORTED_SUFFIXES`):
# schemas is below ingest and never imports it.


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def boolean(value: str) -> bool:
    """An environment flag: 1/true/yes/on or 0/false/no/off."""
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(value)


RELATION_MODEL_SCOPES = ("off", "response", "molecular", "all")  # extract.claims.relation_model.MODEL_SCOPES


def relation_model_scope(value: str) -> str:
    """What the relation model may claim: off, response, molecular or all (a boolean flag: all or off)."""
    lowered = value.strip().lower()
    if lowered in RELATION_MODEL_SCOPES:
        return lowered
    return "all" if boolean(lowered) else "off"


def cache_directory(value: str) -> Path | None:
    """LITCLAIMS_CACHE_DIR: a folder, or off / none for no cache."""
    return None if value.strip().lower() in ("off", "none") else Path(value).expanduser()


def default_cache_directory() -> Path | None:
    """$XDG_CACHE_HOME/litclaims, else ~/.cache/litclaims; None where there is no home."""
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "litclaims"
    except RuntimeError:  # no home directory to be found
        return None


def _from_environment(variable: str, convert: Callable[[str], Any], default: Any) -> Any:
    """A dataclass field whose default is `$variable` (converted) when set, else `default`."""

    def read() -> Any:
        value = os.environ.get(variable)
        if not value:
            return default
        try:
            return convert(value)
        except ValueError:
            raise ValueError(f"{variable}={value!r} is not a valid {convert.__name__}") from None

    # (Not "default": pydantic, validating the flow's Settings parameter, reads that key.)
    return field(default_factory=read, metadata={"environment": variable, "fallback": default})


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = _from_environment("LITCLAIMS_CORPUS", Path, Path("corpus"))
    db_path: Path = _from_environment("LITCLAIMS_DB", Path, Path("litclaims.duckdb"))
    # A spaCy/scispaCy package name (e.g. "en_core_sci_sm") to build on instead of
    # the shipped rule-and-lexicon pipeline; empty means the shipped pipeline.
    base_model: str = _from_environment("LITCLAIMS_BASE_MODEL", str, "")
    # Worker processes that parse and extract at once, each with the pipeline loaded
    # (writes always go through one writer, the flow process).
    max_workers: int = _from_environment("LITCLAIMS_WORKERS", int, available_cores())
    # A batch (one task, one transaction) holds at most this many files and bytes; a
    # larger file is a batch alone. Small corpora get smaller batches (docs/scaling.md).
    batch_files: int = _from_environment("LITCLAIMS_BATCH_FILES", int, 256)
    batch_bytes: int = _from_environment("LITCLAIMS_BATCH_BYTES", int, 1 << 20)
    # An existing Dask cluster's scheduler (tcp://HOST:PORT) to analyse on instead of
    # local worker processes; empty: local workers.
    dask_address: str = _from_environment("LITCLAIMS_DASK_ADDRESS", str, "")
    # How long a writer or reader waits for another process to release the DuckDB file.
    db_lock_timeout_s: float = _from_environment("LITCLAIMS_DB_LOCK_TIMEOUT", float, 30.0)
    # Prefect retries of a document's tasks after a transient error (a locked database,
    # a file system hiccup); bad input and bugs are never retried.
    task_retries: int = _from_environment("LITCLAIMS_TASK_RETRIES", int, 2)
    task_retry_delay_s: float = _from_environment("LITCLAIMS_TASK_RETRY_DELAY", float, 1.0)
    # Per-document read limits (docs/reliability.md): a document past one is a recorded
    # failure naming the limit. The defaults let a 300-page thesis through.
    max_file_mb: float = _from_environment("LITCLAIMS_MAX_FILE_MB", float, 500.0)
    max_pages: int = _from_environment("LITCLAIMS_MAX_PAGES", int, 1000)
    max_stream_mb: float = _from_environment("LITCLAIMS_MAX_STREAM_MB", float, 256.0)
    max_chars: int = _from_environment("LITCLAIMS_MAX_CHARS", int, 1_000_000)
    # A worker analysing one file longer than this is stopped and replaced; the file
    # fails. 0: no limit. A worker's address space in MB (0: no limit).
    max_seconds_per_file: float = _from_environment("LITCLAIMS_MAX_SECONDS_PER_FILE", float, 900.0)
    max_worker_memory_mb: float = _from_environment("LITCLAIMS_MAX_WORKER_MEMORY_MB", float, 0.0)
    # What the learned relation model beside the rules may claim (docs/relation-model.md):
    # "off" (the default), "response" (a gene's resistance, sensitization or response
    # association to a drug or therapy), "molecular" (drug -> gene, gene -> gene) or "all".
    # Off by default: on the dev splits every scope costs a target the rules meet (CIViC
    # Does Not Support rows with the positive claim; precision on BioRED and review prose,
    # two cases in tests/cases/claims.toml).
    relation_model: str = _from_environment("LITCLAIMS_RELATION_MODEL", relation_model_scope, "off")
    # What the claim engine compiles from its rule tables, kept between processes so that
    # each analysis worker starts in about a second instead of 6-12 s (extract/claims/
    # regex_cache.py). Only a cache: deleting it, or "off", changes no output.
    cache_dir: Path | None = _from_environment("LITCLAIMS_CACHE_DIR", cache_directory, default_cache_directory())

    def with_overrides(self, **values: Any) -> "Settings":
        """These settings with every value that is not None replaced (the CLI's flags)."""
        clean = {k: v for k, v in values.items() if v is not None}
        for key in ("corpus_dir", "db_path"):
            if key in clean:
                clean[key] = Path(clean[key])
        return replace(self, **clean)

    def as_parameters(self) -> dict[str, Any]:
        """These settings as JSON values, e.g. a Prefect deployment's stored parameters."""
        return {f.name: _json_value(getattr(self, f.name)) for f in fields(self)}


def _json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Path) else value


def setting_source(name: str) -> str:
    """Where a setting comes from when no flag gives it, for --help: 'env X, default Y'."""
    setting: Field = next(f for f in fields(Settings) if f.name == name)
    return f"env {setting.metadata['environment']}, default {setting.metadata['fallback']}"


def prefect_environment_defaults() -> dict[str, str]:
    """Prefect settings this tool needs; applied with setdefault so a user's own win."""
    return {
        # No usage telemetry from a research tool running on someone's laptop.
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        # The temporary server takes 10-25 s to start on a small machine; the default (20 s) is too tight.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
        "PREFECT_LOGGING_LOG_PRINTS": "false",
    }
