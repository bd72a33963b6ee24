"""The compiled-regex cache (extract/claims/regex_cache.py): a pattern read from the cache
behaves as `re.compile` makes it, a warm load compiles nothing, and a damaged, missing or
unwritable cache costs only the time."""

from __future__ import annotations

import re

import pytest

from litclaims.extract.claims import regex_cache
from litclaims.extract.claims.engine import ClaimEngine
from litclaims.extract.claims.regex_cache import RegexCache
from litclaims.schemas.config import Settings, default_cache_directory

PATTERNS = [
    r"(?<= )(?=(?P<all>§gene (?:confers|mediates) resistance to (?P<O_0>§drug(?:\.\w+)?) ))",
    r"(?i)\b(?:inhibit[^ ]*|block(?:s|ed)?)\b",
    r"(?P<a>x)(?P<b>y)?(?(b)z|w)",
    r"[α-ω]+\d{1,4}(?!\w)",
]
TEXTS = [" §gene confers resistance to §drug.class now ", "Gefitinib INHIBITS and Blocked EGFR", "xyz xw x",
         "αβ12 γ3x δ7"]


def _behaviour(pattern: re.Pattern) -> list:
    return [(pattern.pattern, pattern.flags, dict(pattern.groupindex), pattern.groups)] + [
        [(m.span(), m.groupdict(), m.groups()) for m in pattern.finditer(text)] for text in TEXTS]


def test_a_pattern_from_the_cache_behaves_as_re_compile_makes_it(tmp_path):
    cold = RegexCache.for_rules(tmp_path, "rules1")
    first = [cold.compile(p) for p in PATTERNS]
    cold.save()
    warm = RegexCache.for_rules(tmp_path, "rules1")
    second = [warm.compile(p) for p in PATTERNS]
    assert (cold.misses, warm.hits, warm.misses) == (len(PATTERNS), len(PATTERNS), 0)
    for pattern, a, b in zip(PATTERNS, first, second):
        assert _behaviour(a) == _behaviour(b) == _behaviour(re.compile(pattern))


def test_another_set_of_rules_has_a_file_of_its_own_and_old_files_go(tmp_path):
    for i in range(regex_cache.KEEP_FILES + 2):
        cache = RegexCache.for_rules(tmp_path, f"rules{i}")
        cache.compile(PATTERNS[0])
        cache.save()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == regex_cache.KEEP_FILES and any(name.endswith("rules5.json.z") for name in files)


def test_a_damaged_or_unwritable_cache_costs_only_the_time(tmp_path):
    cache = RegexCache.for_rules(tmp_path, "rules")
    cache.compile(PATTERNS[0])
    cache.save()
    cache.path.write_bytes(b"not a cache")
    damaged = RegexCache.for_rules(tmp_path, "rules")
    assert _behaviour(damaged.compile(PATTERNS[0])) == _behaviour(re.compile(PATTERNS[0]))
    assert damaged.misses == 1
    damaged.save()  # rewritten whole
    assert RegexCache.for_rules(tmp_path, "rules").compile(PATTERNS[0]) is not None

    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the cache folder would be")
    unwritable = RegexCache.for_rules(blocked, "rules")
    assert _behaviour(unwritable.compile(PATTERNS[1])) == _behaviour(re.compile(PATTERNS[1]))
    unwritable.save()  # logged, not raised


def test_the_setting_names_a_folder_or_turns_the_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv("LITCLAIMS_CACHE_DIR", str(tmp_path / "c"))
    assert Settings().cache_dir == tmp_path / "c"
    monkeypatch.setenv("LITCLAIMS_CACHE_DIR", "off")
    assert Settings().cache_dir is None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_directory() == tmp_path / "xdg" / "litclaims"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_directory() == tmp_path / "home" / ".cache" / "litclaims"


def test_a_warm_engine_compiles_nothing_and_claims_what_the_uncached_engine_claims(
        tmp_path, monkeypatch, extractor, seed_corpus):
    from litclaims.ingest import read_documents

    uncached = ClaimEngine.load()  # every pattern through re.compile
    ClaimEngine.load(cache_dir=tmp_path)  # fills the cache
    assert list(tmp_path.glob("claim-regexes-*"))

    def no_compiling(pattern):
        raise AssertionError(f"a warm load compiled {pattern[:80]!r}")

    monkeypatch.setattr(regex_cache, "_compile_parts", no_compiling)
    warm = ClaimEngine.load(cache_dir=tmp_path)
    sentences = [s for path in sorted(seed_corpus.glob("*.txt")) for document in read_documents(path)
                 for s in extractor.analyze(document)]
    claims = warm.extract(sentences)
    assert len(claims) >= 100
    assert claims == uncached.extract(sentences)
