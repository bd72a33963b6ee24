"""The spans near a place in a doc, found without reading every span of the doc.

The resolver asks, for each of a chunk's mentions, which lexicon matches cover it,
lie inside it or touch it. Asked of the whole list each time, that costs the number
of mentions times the number of matches: the seed review four times over as one
paragraph cost twice as much per word as the review once (`bench/bench_scaling.py
--one-paragraph`; docs/reliability.md, "One paragraph, eleventh session"). The index answers from the spans that start close enough to overlap the
place, so a chunk costs time linear in its length. A document asks the same of its
sections and reference markers for every sentence (`records.Document`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Generic, Protocol, Sequence, TypeVar


class HasOffsets(Protocol):
    start: int
    end: int


SpanT = TypeVar("SpanT", bound=HasOffsets)


class SpanIndex(Generic[SpanT]):
    """Spans (spaCy Spans, candidates, a document's sections or markers: anything with
    `start` and `end`, in tokens or characters) by where they start. Every query answers
    in the order of the list the index was built from, as a scan of that list would."""

    def __init__(self, spans: Sequence[SpanT]) -> None:
        self._order = sorted(range(len(spans)), key=lambda i: spans[i].start)
        self._starts = [spans[i].start for i in self._order]
        self._spans = spans
        self._longest = max((s.end - s.start for s in spans), default=0)
        self._disjoint: bool | None = None  # known at the first `first_holding` (the resolver never asks)

    def near(self, start: int, end: int, margin: int = 0) -> list[SpanT]:
        """The spans that overlap tokens start - margin .. end + margin (end exclusive),
        in the order of the list the index was built from."""
        lo = bisect_left(self._starts, start - margin - self._longest)
        hi = bisect_left(self._starts, end + margin)
        found = [i for i in self._order[lo:hi] if self._spans[i].end > start - margin]
        return [self._spans[i] for i in sorted(found)]

    def first_holding(self, place: int) -> SpanT | None:
        """The first span in the list with start <= place < end, or None."""
        if self._disjoint is None:
            # Disjoint spans: at most one holds a place, the one starting last at or before it.
            spans, order = self._spans, self._order
            self._disjoint = all(spans[a].end <= spans[b].start for a, b in zip(order, order[1:]))
        if not self._disjoint:
            found = self.near(place, place + 1)
            return found[0] if found else None
        i = bisect_right(self._starts, place) - 1
        if i >= 0 and place < self._spans[self._order[i]].end:
            return self._spans[self._order[i]]
        return None

    def inside(self, start: int, end: int) -> list[SpanT]:
        """The spans with start <= span.start and span.end <= end, empty ones included,
        in the order of the list."""
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        found = [i for i in self._order[lo:hi] if self._spans[i].end <= end]
        return [self._spans[i] for i in sorted(found)]
