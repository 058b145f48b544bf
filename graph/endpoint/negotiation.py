"""Content negotiation: which of the formats of :mod:`graph.formats` a client asked for.

A client names a format by the ``format``/``output``/``results`` parameter (a keyword such as
``csv`` or a media type) or by ``Accept`` with its q-values; SELECT and ASK are offered
:data:`graph.formats.ENDPOINT_RESULT_FORMATS`, CONSTRUCT, DESCRIBE and resources
:data:`graph.formats.GRAPH_FORMATS` (resources also :data:`HTML_FORMAT`).
"""

from __future__ import annotations

from biopolicy.graph.formats import Format

HTML_FORMAT = Format(name="html", media_type="text/html", extension="html", aliases=("application/xhtml+xml",),
                     keywords=("html",))
FORMAT_PARAMETERS = ("format", "output", "results")


def accept_ranges(header: str) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` of each entry of an ``Accept`` header.

    >>> accept_ranges("text/csv;q=0.9, */*;q=0.1")
    [('text/csv', 0.9, 0), ('*/*', 0.1, 1)]
    """
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [item.strip() for item in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return ranges


def negotiate(accept: str | None, offers: tuple[Format, ...], keyword: str | None = None) -> Format | None:
    """The offer a client asked for by keyword or ``Accept``; ``None`` when it accepts none of them.

    Among offers of equal quality the one the client named most specifically wins (``text/csv``
    over ``*/*``), then the one it named first, then the server's order (the first is the default).

    >>> from biopolicy.graph.formats import ENDPOINT_RESULT_FORMATS as offers
    >>> negotiate("text/html;q=0.5, text/csv;q=0.9, */*;q=0.1", offers).name
    'csv'
    >>> negotiate(None, offers, "tsv").name, negotiate(None, offers).name, negotiate("image/png", offers)
    ('tsv', 'json', None)
    """
    if keyword:
        wanted = keyword.strip().lower()
        for offer in offers:
            if wanted in offer.keywords or wanted == offer.media_type or wanted in offer.aliases:
                return offer
        return None
    if not accept or not accept.strip():
        return offers[0]
    ranges = accept_ranges(accept)
    best, best_key = None, None
    for index, offer in enumerate(offers):
        types = (offer.media_type, *offer.aliases)
        match = None
        for media, q, position in ranges:
            if media in types:
                specificity = 3
            elif media.endswith("/*") and any(t.startswith(media[:-1]) for t in types):
                specificity = 2
            elif media == "*/*":
                specificity = 1
            else:
                continue
            if match is None or specificity > match[1] or (specificity == match[1] and position < -match[2]):
                match = (q, specificity, -position)
        if match is None or match[0] <= 0:
            continue
        key = (*match, -index)
        if best_key is None or key > best_key:
            best, best_key = offer, key
    return best


def describe_formats(offers: tuple[Format, ...]) -> str:
    """The offers as a 406 answer lists them: ``media type (keyword)``."""
    return ", ".join(f"{offer.media_type} ({offer.keywords[0]})" for offer in offers if offer.keywords)
