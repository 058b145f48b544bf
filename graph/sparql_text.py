"""The lexical facts of SPARQL text that more than one module needs, without a parser.

:mod:`graph.sparql_guard` counts brackets outside strings, IRIs and comments; the query runners
(:mod:`graph.query`, the endpoint's workers) order the columns of ``SELECT *``. Both skip the same
tokens, defined here once. Importing this module costs nothing (no rdflib), so a worker that
starts fresh can use it.
"""

from __future__ import annotations

import re

# What brackets inside do not nest: strings (long ones first), IRIs (SPARQL's IRIREF) and comments.
# A string left open runs to its end (no parser reads past it), which keeps the scan linear.
NOT_NESTING = (
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:""")?|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*(?:\'\'\')?'
    r'|"(?:[^"\\\n]|\\.)*"?|\'(?:[^\'\\\n]|\\.)*\'?'
    r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*'
)
# A variable (SPARQL's VARNAME), or SELECT with the * that may follow it; skipped tokens first.
_VARIABLE_OR_SKIPPED = re.compile(
    NOT_NESTING + r"|[?$]([\w\u00b7\u0300-\u036f\u203f-\u2040]+)"
    r"|\b(SELECT)\b\s*(?:(?:DISTINCT|REDUCED)\s*)?(\*)?",
    re.IGNORECASE,
)


def star_projection_order(text: str, variables: list[str]) -> list[str]:
    """``variables`` in the order they first appear in ``text`` when its outer form is ``SELECT *``.

    Oxigraph lists the variables of ``SELECT *`` alphabetically; SPARQL leaves the order open and
    Jena and rdflib give the order of appearance, which is what a reader of the query expects
    (``SELECT * { ?plan ?p ?o }`` gives ``plan p o``, not ``o p plan``). Comments, strings and IRIs
    are skipped. Any other projection keeps Oxigraph's order, which is the query's.

    >>> star_projection_order("SELECT * { ?zeta ?alpha ?mid } # ?b", ["alpha", "mid", "zeta"])
    ['zeta', 'alpha', 'mid']
    >>> star_projection_order("SELECT ?b ?a { ?a ?p ?b }", ["b", "a"])
    ['b', 'a']
    """
    seen: list[str] = []
    star: bool | None = None
    for match in _VARIABLE_OR_SKIPPED.finditer(text):
        name, select, asterisk = match.groups()
        if select and star is None:
            star = asterisk is not None
        elif name and name not in seen:
            seen.append(name)
    if not star:
        return variables
    wanted = set(variables)
    ordered = [name for name in seen if name in wanted]
    return ordered + [name for name in variables if name not in ordered]
