"""Where the package's data files are: the ontology, shapes, vocabularies, queries, gazetteers, web assets.

Why one module: the same files are found from a checkout (editable install) and from an installed
wheel, where they are package data of ``biopolicy.ontology``, ``biopolicy.queries``,
``biopolicy.loaders`` and ``biopolicy.graph``. Everything reads its data through these functions,
never through ``__file__`` arithmetic. The package is not zip-safe: the data are real files.

>>> (ontology_dir() / "biopolicy.ttl").is_file()
True
>>> sorted(path.name for path in queries_dir().glob("plans.rq"))
['plans.rq']
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir(package: str) -> Path:
    """The folder of an installed ``biopolicy`` sub-package, as a file-system path."""
    return Path(str(files(package)))


def ontology_dir() -> Path:
    """``ontology/``: biopolicy.ttl, shapes.ttl and vocab/."""
    return package_dir("biopolicy.ontology")


def vocabulary_dir() -> Path:
    return ontology_dir() / "vocab"


def queries_dir() -> Path:
    """``queries/``: the canned ``*.rq`` files."""
    return package_dir("biopolicy.queries")


def gazetteer_dir() -> Path:
    """``loaders/gazetteers/``: the tab-separated pattern and name lists."""
    return package_dir("biopolicy.loaders") / "gazetteers"


def web_dir() -> Path:
    """``graph/web/``: the query page's HTML, script and style."""
    return package_dir("biopolicy.graph") / "web"


def links_dir() -> Path:
    """``graph/links/``: the reviewed link tables."""
    return package_dir("biopolicy.graph") / "links"
