"""SpanIndex answers what a scan of every span answers, in the list's order."""

from dataclasses import dataclass

from hypothesis import given, strategies as st

from litclaims.schemas.span_index import SpanIndex


@dataclass(frozen=True)
class Offsets:
    start: int
    end: int


spans_strategy = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 8)).map(lambda t: Offsets(t[0], t[0] + t[1])), max_size=40)


@given(spans_strategy, st.integers(0, 70), st.integers(1, 6), st.integers(0, 3))
def test_near_is_every_span_overlapping_the_widened_place_in_list_order(spans, start, length, margin):
    end = start + length
    expected = [s for s in spans if s.start < end + margin and s.end > start - margin]
    assert SpanIndex(spans).near(start, end, margin) == expected


def test_no_spans():
    assert SpanIndex([]).near(0, 5, 2) == []
