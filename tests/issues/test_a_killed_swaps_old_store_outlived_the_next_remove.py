"""Regression: a writer killed between its swap and its clean-up left ``build.old-<pid>``, and a
following ``remove`` that refused (the plan was already gone) did not remove it (found by
tools/faults.py, issue #12). A writer command cleans the leftovers under the lock before it decides.
"""

import pytest

from biopolicy.graph import store as st
from tests.graph_fixtures import fake_loaders


def test_a_refused_remove_still_cleans_a_killed_writers_leftovers(monkeypatch, tmp_path):
    fake_loaders.install(monkeypatch)
    store_dir = tmp_path / "build"
    fake_loaders.build_fixture_store(store_dir)
    leftover = tmp_path / "build.old-424242"
    (leftover / "oxigraph").mkdir(parents=True)
    before = fake_loaders.snapshot(store_dir)
    with pytest.raises(st.StoreError, match="no plan"):
        st.remove_plan(store_dir, "no-such-plan")
    assert not leftover.exists()
    assert fake_loaders.snapshot(store_dir) == before
