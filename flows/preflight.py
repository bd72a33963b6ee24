"""Checks made before a command starts anything, and one-line messages for the
failures that are not about one document.

Each check raises `PreflightError` with a message that says what is wrong and
what to do; the CLI prints it as one line and exits 1 (`--debug` shows the
traceback instead).
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path


class PreflightError(Exception):
    """Something outside any one document stops the command; the message says what to do."""


def check_corpus_readable(corpus: Path) -> None:
    if not corpus.is_dir():
        raise PreflightError(f"corpus folder {corpus} does not exist; put papers in a folder and pass --corpus DIR.")
    if not os.access(corpus, os.R_OK | os.X_OK):
        raise PreflightError(f"corpus folder {corpus} cannot be read (permission denied); "
                             "check its permissions or pass another --corpus.")


def check_cron(cron: str | None) -> None:
    """Refuse an invalid cron line before any server or flow starts."""
    if cron is None:
        return
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        raise PreflightError(f'--cron "{cron}" is not a valid cron schedule; five fields '
                             'minute hour day month weekday, e.g. "0 2 * * *" for 02:00 every day.') from None


def check_prefect_api(api_url: str | None, timeout_s: float = 5.0) -> None:
    """A PREFECT_API_URL that does not answer is refused with what to do about it."""
    if not api_url:
        return
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout_s) as response:
            if response.status == 200:
                return
    except (urllib.error.URLError, OSError, ValueError):
        pass
    raise PreflightError(
        f"the Prefect server at PREFECT_API_URL={api_url} does not answer; start it "
        "(`prefect server start`) or unset PREFECT_API_URL to let litclaims start a temporary one.")


def check_base_model(name: str) -> None:
    """A base spaCy model named in LITCLAIMS_BASE_MODEL must be installed (or a folder)."""
    if not name:
        return
    import spacy.util

    if Path(name).is_dir() or spacy.util.is_package(name):
        return
    raise PreflightError(
        f"LITCLAIMS_BASE_MODEL={name} is not an installed spaCy package or a model folder; "
        f"install it (pip install {name}) or unset LITCLAIMS_BASE_MODEL to use the shipped pipeline.")


def describe_database_error(error: Exception, db_path: Path) -> str | None:
    """A one-line message for a database file DuckDB cannot open (damaged, truncated,
    not a database); None for other errors. The file is never touched."""
    text = str(error)
    markers = ("not a valid DuckDB database", "Corrupt", "corrupt", "truncated", "unexpected end",
               "Failed to read", "database file", "checksum", "IO Error")
    if not any(marker in text for marker in markers):
        return None
    first_line = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    return (f"{db_path} cannot be opened as a litclaims database ({first_line[:160]}); it was left as it is. "
            "Pass another --db, or move the file away to start a new database.")
