"""Regression: ``PlanEmitter.unique`` probed -2, -3, … from the start for every repeated key (issue #12)."""

from biopolicy.loaders.emit import PlanEmitter


class _Probe(PlanEmitter):
    def __init__(self):  # only the IRI bookkeeping of an emitter
        self.used_keys, self.next_suffix = set(), {}


def test_equal_keys_get_consecutive_suffixes_without_rescanning():
    emitter = _Probe()
    iris = [str(emitter.unique("task", "p/1")) for _ in range(2000)]
    assert iris[:3] == ["https://w3id.org/biopolicy/id/task/p/1", "https://w3id.org/biopolicy/id/task/p/1-2",
                        "https://w3id.org/biopolicy/id/task/p/1-3"]
    assert len(set(iris)) == 2000
    assert emitter.next_suffix[("task", "p/1")] == 2000


def test_a_natural_key_that_looks_like_a_suffix_is_still_avoided():
    emitter = _Probe()
    assert str(emitter.unique("task", "p/1-2")).endswith("p/1-2")
    emitter.unique("task", "p/1")
    assert str(emitter.unique("task", "p/1")).endswith("p/1-3")
