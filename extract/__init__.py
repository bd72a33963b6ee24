"""Sentences, entity mentions and claims from a clean document."""

from extract.analyzed import AnalyzedSentence
from extract.extractor import Extractor

__all__ = ["AnalyzedSentence", "Extractor"]
