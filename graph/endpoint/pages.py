"""What the endpoint shows people and describes itself with: the query page's files and catalogue,
the HTML page of a resource, and the SPARQL service description.

Resource pages render a :class:`~.jobs.ResourceView` that a worker gathered
(:func:`~.worker.describe_resource`); nothing here reads the store.
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

import pyoxigraph as ox

from biopolicy.graph import formats
from biopolicy.graph import store as st
from biopolicy.graph.endpoint.jobs import ResourceView
from biopolicy.loaders import resources

WEB_DIR = resources.web_dir()
PAGE_FILES = {
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
    # CodeMirror 5, vendored with its licence (graph/web/vendor/codemirror/README.md)
    "vendor/codemirror/codemirror.js": "text/javascript; charset=utf-8",
    "vendor/codemirror/codemirror.css": "text/css; charset=utf-8",
    "vendor/codemirror/sparql.js": "text/javascript; charset=utf-8",
    "vendor/codemirror/LICENSE": "text/plain; charset=utf-8",
}
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# IRIs the server can dereference: the data and the vocabulary concepts, as paths on this server.
DEREFERENCEABLE = {"/id/": st.ID, "/vocab/": st.VOCAB}
# The W3C's names of the formats the service description lists (https://www.w3.org/ns/formats/).
W3C_FORMAT_NAMES = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def catalogue(timeout: float, max_rows: int) -> bytes:
    """``/api/queries``: the canned queries with their header titles, the limits and the prefixes."""
    from biopolicy.graph import query as q

    queries = [
        {
            "name": canned.name,
            "title": canned.title or canned.name,
            "title_zh": canned.title_zh,
            "question": canned.question,
            "columns": canned.columns,
            "params": canned.params,
            "param_kinds": {name: q.PARAM_KINDS.get(kind, q.PARAM_KINDS["text"])[0].pattern
                            for name, kind in canned.param_kinds.items()},
            "param_hints": {name: q.PARAM_KINDS.get(kind, q.PARAM_KINDS["text"])[1]
                            for name, kind in canned.param_kinds.items()},
            "text": canned.text,
        }
        for canned in q.catalogue()
    ]
    limits = {"timeout_s": timeout, "max_rows": max_rows}
    prefixes = {"id": st.ID, **st.PREFIXES}
    return json.dumps({"limits": limits, "prefixes": prefixes, "queries": queries}, ensure_ascii=False).encode()


def service_description(url: str, timeout: float, max_rows: int) -> str:
    """The SPARQL service description of the endpoint at ``url``, in Turtle."""
    names = [fmt.name for fmt in (*formats.ENDPOINT_RESULT_FORMATS, *formats.GRAPH_FORMATS)]
    listed = " , ".join(f"<http://www.w3.org/ns/formats/{W3C_FORMAT_NAMES[name]}>" for name in names)
    return f"""@prefix sd: <{st.SD}> .
@prefix void: <{st.VOID}> .
@prefix dcterms: <{st.DCTERMS}> .
<{url}> a sd:Service ;
    sd:endpoint <{url}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {listed} ;
    sd:defaultDataset [ a sd:Dataset ; dcterms:source <{st.DATASET}> ;
        dcterms:description "The default graph is the union of every named graph of the dataset."@en ] ;
    dcterms:description "Read-only: no updates, no SERVICE, no LOAD, no FROM of other servers' graphs; each query is stopped after {timeout:g} s and may answer at most {max_rows} rows."@en .
"""


def local_href(iri: str, root: str) -> str | None:
    """The path on this server that describes ``iri``, relative to the page (``None``: not ours).

    >>> local_href(st.ID + "plan/x#target", "../../")
    '../../id/plan/x'
    """
    for prefix, namespace in DEREFERENCEABLE.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            rest = iri[len(namespace) :].split("#", 1)[0]
            return root + prefix.strip("/") + "/" + quote(rest, safe="/-_.~")
    return None


def _compact(iri: str) -> str:
    return formats.compact(formats.Term("uri", iri))


def fact_html(iri: str, view: ResourceView) -> str:
    """A fact's words, value and quoted sentence, shown inline beside its link ('' if it has none)."""
    fact = view.facts.get(iri)
    if fact is None:
        return ""
    parts = []
    if fact.label and fact.label != view.labels.get(iri):
        parts.append(f'<span class="fact-label">{html.escape(fact.label)}</span>')
    if fact.value:
        parts.append(f'<span class="fact-value">{html.escape(fact.value)}</span>')
    if fact.quote:
        line = f'<span class="line">line {html.escape(fact.line)}</span> ' if fact.line else ""
        parts.append(f'<q class="quote">{html.escape(fact.quote)}</q> {line}')
    return f' <span class="fact">{" ".join(parts)}</span>' if parts else ""


def _term_html(term, view: ResourceView, root: str) -> str:
    if isinstance(term, ox.NamedNode):
        label = view.labels.get(term.value)
        text = html.escape(_compact(term.value))
        shown = f"{html.escape(label)} <span class=iri>{text}</span>" if label else text
        href = local_href(term.value, root)
        fact = fact_html(term.value, view) if term.value != view.iri else ""
        if href is not None and term.value.split("#", 1)[0] != view.iri:
            return f'<a href="{html.escape(href)}">{shown}</a>{fact}'
        if href is None and term.value.startswith(("http://", "https://")):
            return f'<a href="{html.escape(term.value)}" rel="noopener noreferrer">{shown}</a>{fact}'
        return shown + fact
    if isinstance(term, ox.BlankNode):
        return f"<span class=bnode>_:{html.escape(term.value)}</span>"
    if isinstance(term, ox.Literal):
        note = ""
        if term.language:
            note = f' <span class=lang>@{html.escape(term.language)}</span>'
        elif term.datatype is not None and term.datatype.value != formats.XSD_STRING:
            note = f' <span class=datatype>{html.escape(_compact(term.datatype.value))}</span>'
        return f"<span class=literal>{html.escape(term.value)}</span>{note}"
    return html.escape(str(term))


def render_resource(view: ResourceView, root: str) -> str:
    """The HTML page of one resource: its properties, its #fragment resources, who points at it."""
    title = view.labels.get(view.iri) or _compact(view.iri)
    by_subject: dict = {}
    for subject, predicate, obj in view.triples:
        by_subject.setdefault(subject, []).append((predicate, obj))
    sections = []
    for subject, pairs in by_subject.items():
        rows = "".join(
            f"<tr><th>{_term_html(predicate, view, root)}</th><td>{_term_html(obj, view, root)}</td></tr>"
            for predicate, obj in sorted(pairs, key=lambda pair: (pair[0].value, str(pair[1])))
        )
        heading = "" if subject == ox.NamedNode(view.iri) else f"<h2>{_term_html(subject, view, root)}</h2>"
        sections.append(f'{heading}<table class="properties">{rows}</table>')
    incoming = "".join(
        f"<tr><td>{_term_html(subject, view, root)}</td><th>{_term_html(predicate, view, root)}</th></tr>"
        for subject, predicate in sorted(view.incoming, key=lambda pair: (pair[1].value, str(pair[0])))
    )
    graphs = "".join(f"<li><code>{html.escape(_compact(g))}</code></li>" for g in view.graphs)
    offered = " · ".join(
        f'<a href="?format={key}">{name}</a>'
        for key, name in (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"), ("rdfxml", "RDF/XML"))
    )
    note = "<p class=note>Only part of this resource is shown (the page is limited).</p>" if view.truncated else ""
    return f"""<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · biopolicy-kg</title>
<link rel="stylesheet" href="{root}web/style.css">
<link rel="icon" href="{root}web/favicon.svg" type="image/svg+xml">
</head>
<body class="resource">
<header><a href="{root}">biopolicy-kg SPARQL</a></header>
<main>
<h1>{html.escape(title)}</h1>
<p class="subject"><code>{html.escape(view.iri)}</code><br>as {offered}</p>
{f'<p class="own-fact">{fact_html(view.iri, view)}</p>' if view.iri in view.facts else ""}
{note}{"".join(sections)}
{f'<h2>Referenced by</h2><table class="properties incoming">{incoming}</table>' if incoming else ""}
{f'<h2>In named graphs</h2><ul class="graphs">{graphs}</ul>' if graphs else ""}
</main>
</body>
</html>
"""
