"""Every ``>>>`` example in the package's docstrings runs (as Oxigraph's bindings test theirs)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import biopolicy.graph
import biopolicy.loaders


def package_modules() -> list[str]:
    names = []
    for package in (biopolicy.loaders, biopolicy.graph):
        names += [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    return sorted(names)


@pytest.mark.parametrize("name", package_modules())
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples of {name} failed"
