"""Sentences, entity mentions and claims from a clean document."""

from litclaims.extract.analyzed import AnalyzedSentence
from litclaims.extract.extractor import Extractor

__all__ = ["AnalyzedSentence", "Extractor"]
