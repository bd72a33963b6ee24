"""Compiled rule regexes kept on disk between processes.

The rule tables compile to about 2 MB of regular expressions (some 380 patterns);
Python's `re` parses and compiles them in 6-12 s on this project's machines, in every
process that loads the claim engine: each analysis worker of a run, each served run,
each `litclaims eval`. `re` keeps compiled patterns only within a process, and a pickled
pattern is compiled again when it is loaded.

This cache keeps what CPython's regex compiler produces for each pattern string (the
SRE code words, the flags and the group names) and builds the pattern from them with
`_sre.compile`, the call `re._compiler.compile` ends with after parsing. CPython checks
the code words when it builds a pattern. A cache file belongs to one regex engine (its
name carries the interpreter's cache tag and `_sre.MAGIC`) and one set of rule files;
entries are looked up by the whole pattern string, so an entry can never stand for
another pattern. Anything unexpected (another Python implementation, a cache directory
that cannot be written, a damaged file) costs only the time: the pattern is compiled by
`re.compile` as without a cache. The file is JSON, not pickle: reading it runs no code.
"""

from __future__ import annotations

import array
import base64
import json
import logging
import os
import re
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# How many cache files (one per set of rule files) a directory keeps; older ones go.
KEEP_FILES = 4
_PREFIX = "claim-regexes-"


def _engine_tag() -> str | None:
    """The regex engine the cached code words belong to; None: no cache on this interpreter."""
    try:
        import _sre
        from re import _compiler, _parser  # noqa: F401  (CPython's compiler, 3.11+)
    except ImportError:
        return None
    if sys.implementation.name != "cpython" or array.array("I").itemsize != _sre.CODESIZE:
        return None
    return f"{sys.implementation.cache_tag}-{_sre.MAGIC}"


def _compile_parts(pattern: str) -> dict[str, Any]:
    """What `re._compiler.compile` computes for `pattern` before its last call."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, 0)
    code = _compiler._code(parsed, 0)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return {"flags": parsed.state.flags, "code": code, "groups": parsed.state.groups - 1,
            "groupindex": groupindex, "indexgroup": indexgroup}


def _pattern_from_parts(pattern: str, parts: dict[str, Any]) -> re.Pattern:
    import _sre

    return _sre.compile(pattern, parts["flags"], list(parts["code"]), parts["groups"],
                        parts["groupindex"], tuple(parts["indexgroup"]))


class RegexCache:
    """`compile(pattern)` gives `re.compile(pattern)`, from the cache file when it holds
    the pattern; `save()` writes the file when this process compiled a pattern it lacked.
    Without a file (`path=None`) it only compiles."""

    def __init__(self, path: Path | None) -> None:
        self.path = path if _engine_tag() else None
        self.hits = 0
        self.misses = 0
        self._entries: dict[str, dict[str, Any]] = self._read() if self.path else {}
        # What this process compiled or read: what a save writes (entries of patterns
        # the rules no longer make drop out).
        self._used: dict[str, dict[str, Any]] = {}
        self._new = False

    @classmethod
    def for_rules(cls, cache_dir: Path | None, rules_fingerprint: str) -> "RegexCache":
        """The cache of one set of rule files (named by their fingerprint) in `cache_dir`."""
        tag = _engine_tag()
        if cache_dir is None or tag is None:
            return cls(None)
        return cls(Path(cache_dir) / f"{_PREFIX}{tag}-{rules_fingerprint}.json.z")

    def compile(self, pattern: str) -> re.Pattern:
        entry = self._entries.get(pattern)
        if entry is not None:
            try:
                compiled = _pattern_from_parts(pattern, entry)
                self.hits += 1
                self._used[pattern] = entry
                return compiled
            except (TypeError, ValueError, RuntimeError, OverflowError) as error:  # damaged entry: compile it again
                log.debug("regex cache entry unusable (%s); compiling", error)
        self.misses += 1
        if self.path is None:
            return re.compile(pattern)
        parts = _compile_parts(pattern)
        compiled = _pattern_from_parts(pattern, parts)
        self._entries[pattern] = self._used[pattern] = parts
        self._new = True
        return compiled

    def save(self) -> None:
        """Write the file if this process added entries; a failure to write is only logged."""
        if self.path is None or not self._new:
            return
        data = zlib.compress(json.dumps([_encoded(p, e) for p, e in self._used.items()]).encode(), 3)
        written = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside and renamed: a reader never sees half a file, and two
            # processes saving at once leave one whole file.
            with tempfile.NamedTemporaryFile(dir=self.path.parent, prefix=".tmp-", delete=False) as out:
                written = Path(out.name)
                out.write(data)
            os.replace(written, self.path)
            self._new = False
            _remove_old_files(self.path)
        except OSError as error:
            log.debug("regex cache not written to %s: %s", self.path, error)
            if written is not None:
                written.unlink(missing_ok=True)  # no half-written file left behind

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            rows = json.loads(zlib.decompress(self.path.read_bytes()))
            return {row["pattern"]: _decoded(row) for row in rows}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, KeyError, TypeError, zlib.error) as error:
            log.debug("regex cache %s unreadable (%s); compiling", self.path, error)
            return {}


def _encoded(pattern: str, parts: dict[str, Any]) -> dict[str, Any]:
    code = base64.b64encode(array.array("I", parts["code"]).tobytes()).decode("ascii")
    return {"pattern": pattern, **{k: v for k, v in parts.items() if k != "code"}, "code": code}


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    code = array.array("I")
    code.frombytes(base64.b64decode(row["code"]))
    return {"flags": int(row["flags"]), "code": code, "groups": int(row["groups"]),
            "groupindex": {str(k): int(v) for k, v in row["groupindex"].items()},
            "indexgroup": [None if g is None else str(g) for g in row["indexgroup"]]}


def _remove_old_files(kept: Path) -> None:
    """Keep the KEEP_FILES newest cache files of the directory (edited rules make new ones)."""
    files = sorted(kept.parent.glob(f"{_PREFIX}*.json.z"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_FILES:]:
        if old != kept:
            old.unlink(missing_ok=True)
