"""HTML documentation of the ontology, written with pyLODE (``make docs``).

pyLODE is not a dependency of the project: ``make docs`` installs ``pylode==3.3.4`` (3.4.1 fails to
import, see STACK-NOTES), and this module imports it only when asked to write the page, so the rest
of the tool works without it. The page is self-contained (CSS and images inlined) and needs no
network. pyLODE's VocPub profile (3.3.4) lists no SKOS concepts, so the vocabularies are not
rendered; the README's table and ``ontology/vocab/*.ttl`` document them.
"""

from __future__ import annotations

import logging
from pathlib import Path

from rdflib import Graph

from biopolicy.graph.store import StoreError
from biopolicy.loaders import resources

ONTOLOGY = resources.ontology_dir() / "biopolicy.ttl"
PYLODE_REQUIREMENT = "pylode==3.3.4"
PAGE = "index.html"


class DocsUnavailable(StoreError):
    """pyLODE is missing or failed; the CLI prints the message as one line."""


def _pylode():
    try:
        import pylode
    except ImportError as error:
        raise DocsUnavailable(
            f"pyLODE is not installed ({error}): run `make docs`, which installs {PYLODE_REQUIREMENT}, "
            f"or `.venv/bin/pip install {PYLODE_REQUIREMENT}`"
        ) from error
    return pylode


def write_ontology_docs(out_dir: Path) -> str:
    """Write ``out_dir/index.html`` documenting ontology/biopolicy.ttl; returns the page's name."""
    pylode = _pylode()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # pyLODE turns the root logger to DEBUG when imported; its progress and asyncio's are not news
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    try:
        pylode.OntPub(ontology=Graph().parse(ONTOLOGY)).make_html(destination=out_dir / PAGE, include_css=True)
    except pylode.PylodeError as error:
        raise DocsUnavailable(f"pyLODE cannot document {ONTOLOGY.name}: {error}") from error
    finally:
        root.setLevel(level)
    return PAGE
