"""`litclaims query` runs a user's SQL on a connection that can read the
database and nothing else: no files written or read outside it (unless the user
names them with --allow-read), no other database attached, no extension
installed or loaded, and no way to change those settings back.

DuckDB enforces it: `enable_external_access = false` bars the file system and
the network, `allowed_paths` / `allowed_directories` let the named files
through, and `lock_configuration = true` freezes every setting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import duckdb

_READ_ONLY_HINT = "`litclaims query` is read-only and reads only the database"


def lock_down(con: duckdb.DuckDBPyConnection, allow_read: Sequence[Path] = ()) -> None:
    """Confine a (read-only) connection to its database and the `allow_read` files
    or folders; irreversible for this connection."""
    files = [str(Path(p).resolve()) for p in allow_read if not Path(p).is_dir()]
    folders = [str(Path(p).resolve()) + "/" for p in allow_read if Path(p).is_dir()]
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute(f"SET allowed_paths = {_sql_list(files)}")
    con.execute(f"SET allowed_directories = {_sql_list(folders)}")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def _sql_list(values: Sequence[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def refusal(error: duckdb.Error) -> str | None:
    """A one-line message when `error` is the sandbox saying no; None for an
    ordinary SQL error (a typo, a missing column)."""
    text = str(error)
    if "disabled by configuration" in text and ("extension" in text.lower() or "/extensions/" in text):
        return f"refused: {_READ_ONLY_HINT}; extensions cannot be installed or loaded here."
    if "disabled by configuration" in text:
        target = _quoted(text)
        return (f"refused: {_READ_ONLY_HINT}, not {target or 'other files'}; "
                "to join a file of your own, pass --allow-read PATH.")
    if "configuration has been locked" in text:
        return f"refused: {_READ_ONLY_HINT}; its settings cannot be changed."
    if "read-only mode" in text or "read-only" in text.lower() and "attached" in text:
        return f"refused: {_READ_ONLY_HINT}; it cannot be changed from here (use `litclaims run`)."
    return None


def _quoted(text: str) -> str | None:
    start = text.find('"')
    end = text.find('"', start + 1)
    return text[start + 1 : end] if 0 <= start < end else None
