"""Sentences, entity mentions and claims from a clean document."""

from extract.extractor import AnalyzedSentence, Extractor

__all__ = ["AnalyzedSentence", "Extractor"]
