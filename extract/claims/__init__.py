"""Claim extraction: rule tables (TOML, in `rules/`) over sentences and their
entity mentions -> typed claims with qualifiers and a measured confidence.

Public API: `ClaimEngine.load()`, `engine.fingerprint`, `engine.extract(sentences)`.
"""

from litclaims.extract.claims.engine import ClaimEngine

__all__ = ["ClaimEngine"]
