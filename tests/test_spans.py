"""The span indexes answer exactly what a scan over every span answers (loaders/spans.py)."""

from hypothesis import given
from hypothesis import strategies as st

from biopolicy.loaders.spans import Innermost, SpanSet

spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=30)


@given(spans, st.integers(-2, 62))
def test_span_set_covers_what_any_span_covers(items, offset):
    assert SpanSet(items).covers(offset) == any(start <= offset < end for start, end in items)


@st.composite
def nested_spans(draw, start=0, end=80, depth=0):
    """Spans that nest, as a document's units do: children lie inside their parent, apart."""
    found = []
    cursor = start
    while depth < 4 and cursor < end and draw(st.booleans()):
        child_start = draw(st.integers(cursor, end))
        child_end = draw(st.integers(child_start, end))
        found.append((child_start, child_end))
        found += draw(nested_spans(child_start, child_end, depth + 1))
        cursor = child_end
    return found


def _brute_innermost(items, offset):
    best = None
    for span, value in items:
        if span[0] <= offset < span[1] and (best is None or span[1] - span[0] <= best[0][1] - best[0][0]):
            best = (span, value)
    return best[1] if best else None


@given(nested_spans(), st.integers(-1, 81))
def test_innermost_is_the_shortest_containing_span_with_later_ties_winning(found, offset):
    items = [(span, index) for index, span in enumerate(found)]
    assert Innermost(items).at(offset) == _brute_innermost(items, offset)


def test_identical_spans_give_the_later_value():
    assert Innermost([((0, 10), "parent"), ((0, 10), "child")]).at(3) == "child"
