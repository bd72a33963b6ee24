"""The spans near a place in a doc, found without reading every span of the doc.

The resolver asks, for each of a chunk's mentions, which lexicon matches cover it,
lie inside it or touch it. Asked of the whole list each time, that costs the number
of mentions times the number of matches: the seed review four times over as one
paragraph cost twice as much per word as the review once (`bench/bench_scaling.py
--one-paragraph`; docs/reliability.md, "One paragraph, eleventh session"). The index answers from the spans that start close enough to overlap the
place, so a chunk costs time linear in its length.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Generic, Protocol, Sequence, TypeVar


class HasOffsets(Protocol):
    start: int
    end: int


SpanT = TypeVar("SpanT", bound=HasOffsets)


class SpanIndex(Generic[SpanT]):
    """Spans (spaCy Spans or candidates: anything with token `start` and `end`) by
    where they start."""

    def __init__(self, spans: Sequence[SpanT]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self._starts = [spans[i].start for i in self._order]
        self._spans = spans
        self._longest = max((s.end - s.start for s in spans), default=0)

    def near(self, start: int, end: int, margin: int = 0) -> list[SpanT]:
        """The spans that overlap tokens start - margin .. end + margin (end exclusive),
        in the order of the list the index was built from."""
        lo = bisect_left(self._starts, start - margin - self._longest)
        hi = bisect_left(self._starts, end + margin)
        found = [i for i in self._order[lo:hi] if self._spans[i].end > start - margin]
        return [self._spans[i] for i in sorted(found)]
