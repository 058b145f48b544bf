"""The fact families, registered in one list: the pipeline, the emitter, the ``extract`` report and
JSON and the quality scorers iterate ``ALL_FAMILIES`` and nothing else.

Order matters: a family's extractor sees the records of the families before it (tasks need the
plan's metadata, responsibilities the tasks, agencies the responsibilities and the issuer), and
the emitter writes them in this order. Adding a family is one module and one entry here
(``docs/adding-a-family.md``).

>>> [family.name for family in ALL_FAMILIES][:4]
['plans', 'tasks', 'responsibilities', 'agencies']
"""

from __future__ import annotations

from biopolicy.loaders.extract import (
    agencies,
    incentives,
    instruments,
    metadata,
    parks,
    persons,
    platforms,
    responsibilities,
    sectors,
    targets,
    tasks,
)
from biopolicy.loaders.model import Family

ALL_FAMILIES: list[Family] = [
    metadata.FAMILY,
    tasks.FAMILY,
    responsibilities.FAMILY,
    agencies.FAMILY,
    targets.FAMILY,
    incentives.FAMILY,
    parks.FAMILY,
    platforms.FAMILY,
    persons.FAMILY,
    sectors.FAMILY,
    instruments.FAMILY,
]


def by_name(name: str) -> Family:
    """The registered family called ``name``; KeyError names the known ones."""
    for family in ALL_FAMILIES:
        if family.name == name:
            return family
    raise KeyError(f"no fact family {name!r}; known: {', '.join(family.name for family in ALL_FAMILIES)}")


def scored_families() -> tuple[str, ...]:
    """The families the gold standards annotate, in registry order."""
    return tuple(family.name for family in ALL_FAMILIES if family.scored)


def listing_families() -> tuple[str, ...]:
    """The families with a listing query (``queries/<name>.rq``), in registry order."""
    return tuple(family.name for family in ALL_FAMILIES if family.columns)
