"""``biopolicy publish``: copy every named graph of the store into another SPARQL store, one graph at a time.

For a store that has outgrown a laptop (Oxigraph server, Apache Jena Fuseki, GraphDB, Virtuoso).
Each graph is replaced whole and atomically, by one request:

* with ``--graph-store URL``: a SPARQL 1.1 Graph Store Protocol ``PUT URL?graph=<iri>`` whose body
  is the graph as N-Triples (https://www.w3.org/TR/sparql11-http-rdf-update/#http-put);
* otherwise: one SPARQL 1.1 Update request ``DROP SILENT GRAPH <iri> ; INSERT DATA { GRAPH <iri> { … } }``
  to ``--endpoint``, which the stores above run as one transaction.

Order: the ontology, vocabularies, jurisdictions and links first, then the plans, then the graphs
derived from them (``graph/inferred``, ``graph/meta``), so a query that runs while a publish is
under way sees each plan either before or after, never half. The dataset as a whole is not
swapped at once: publish to a fresh repository and switch clients over if that matters.

Graphs of this dataset's namespace (``https://w3id.org/biopolicy/graph/…``) that the remote store
holds but the local one does not (a plan removed with ``biopolicy remove``) are emptied by one
``DELETE … WHERE`` request, so that remote answers equal local ones; with ``--query-endpoint`` they
are listed first and dropped by name (some stores, Oxigraph among them, keep an emptied graph's
name). ``--keep-stale`` keeps them. Nothing outside the namespace is touched.

Queries expect the default graph to be the union of the named graphs: start Oxigraph with
``--union-default-graph``, or see the README ("Moving the graph to a bigger store") for Fuseki, GraphDB and Virtuoso.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from biopolicy.graph import store as st

DEFAULT_STORE = Path("graph/build")
PASSWORD_VARIABLE = "BIOPOLICY_PUBLISH_PASSWORD"
REQUEST_TIMEOUT = 600
DERIVED_GRAPHS = (st.INFERRED_GRAPH, st.META_GRAPH)


@dataclass
class PublishReport:
    graphs: int
    triples: int
    seconds: float
    method: str  # "Graph Store Protocol" or "SPARQL Update"
    stale_dropped: bool
    stale: list[str] = field(default_factory=list)  # their names, when a query endpoint listed them


def publication_order(graphs: list[str]) -> list[str]:
    """Reference graphs, then plans, then the derived graphs (inferred, meta)."""
    plans = [iri for iri in graphs if iri.startswith(st.PLAN_GRAPH)]
    derived = [iri for iri in DERIVED_GRAPHS if iri in graphs]
    reference = [iri for iri in graphs if iri not in plans and iri not in derived]
    return sorted(reference) + sorted(plans) + derived


def insert_data_request(graph_iri: str, ntriples: bytes) -> bytes:
    """One SPARQL Update request that replaces a graph: N-Triples are valid ``INSERT DATA`` triples."""
    return (
        f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n".encode()
        + ntriples
        + b"\n} }\n"
    )


def stale_graphs_query(keep: list[str]) -> str:
    kept = ", ".join(f"<{iri}>" for iri in sorted(keep))
    condition = f'STRSTARTS(STR(?g), "{st.GRAPH}")' + (f" && ?g NOT IN ({kept})" if kept else "")
    return f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} FILTER({condition}) }} ORDER BY ?g"


def drop_request(graphs: list[str]) -> bytes:
    return " ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri in graphs).encode() + b"\n"


def prune_request(keep: list[str]) -> bytes:
    """Delete the triples of every graph of this dataset's namespace that is not in ``keep``."""
    kept = ", ".join(f"<{iri}>" for iri in sorted(keep))
    condition = f'STRSTARTS(STR(?g), "{st.GRAPH}")' + (f" && ?g NOT IN ({kept})" if kept else "")
    # GRAPH ?g {} lists the graph names without touching their triples; only stale graphs are read.
    return (
        f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }}\nWHERE {{ GRAPH ?g {{ }} FILTER({condition}) GRAPH ?g {{ ?s ?p ?o }} }}\n"
    ).encode()


def graph_store_url(base: str, graph_iri: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}graph={quote(graph_iri, safe='')}"


class Remote:
    """HTTP to the target store, with optional Basic or Digest authentication, sent with the first try.

    urllib's auth handlers send a request without credentials and answer the server's 401 with a
    second try. Virtuoso closes the connection with its 401 while a large body is still being
    written, so that first try ends in a broken pipe, not in a 401. Instead, one bodiless ``HEAD``
    fetches the challenge before the first request to a URL, and every request carries its
    ``Authorization`` header from the start (RFC 7616 allows a client to reuse a nonce with a
    fresh ``nc``); a 401 that says the nonce is stale fetches a new challenge and tries once more.
    """

    def __init__(self, update_url: str, graph_store: str | None, user: str | None, password: str | None):
        self.update_url = update_url
        self.graph_store = graph_store
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        self._user = user
        if user:
            for url in filter(None, (update_url, graph_store)):
                self._passwords.add_password(None, url, user, password or "")
        self._digest = urllib.request.HTTPDigestAuthHandler(self._passwords)
        self._challenges: dict[str, str | None] = {}  # URL without query → its WWW-Authenticate, or None
        self._opener = urllib.request.build_opener()

    def send(self, method: str, url: str, body: bytes, content_type: str, what: str) -> None:
        for attempt in (1, 2):
            request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
            if self._user:
                self._authorise(request, fresh=attempt == 2)
            try:
                with self._opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                    response.read()
                return
            except urllib.error.HTTPError as error:
                detail = error.read()[:500].decode("utf-8", "replace").strip()
                if error.code == 401 and self._user and attempt == 1 and error.headers.get("WWW-Authenticate"):
                    continue
                raise st.StoreError(
                    f"{url} refused {what}: HTTP {error.code} {error.reason}" + (f": {detail}" if detail else "")
                ) from error
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                raise st.StoreError(f"cannot reach {url} ({reason}); nothing more was sent") from error

    def _authorise(self, request: urllib.request.Request, *, fresh: bool) -> None:
        """Add the ``Authorization`` header the server's challenge asks for (none if it asks none)."""
        endpoint = request.full_url.split("?", 1)[0]
        if fresh or endpoint not in self._challenges:
            self._challenges[endpoint] = self._challenge(endpoint)
        challenge = self._challenges[endpoint]
        if challenge is None:
            return
        scheme, _, parameters = challenge.partition(" ")
        if scheme.lower() == "digest":
            fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(parameters)))
            value = self._digest.get_authorization(request, fields)
            if value:
                request.add_unredirected_header("Authorization", f"Digest {value}")
        elif scheme.lower() == "basic":
            user, password = self._passwords.find_user_password(None, request.full_url)
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")

    def _challenge(self, endpoint: str) -> str | None:
        """The ``WWW-Authenticate`` challenge a bodiless request to ``endpoint`` gets, or None."""
        try:
            with self._opener.open(urllib.request.Request(endpoint, method="HEAD"), timeout=REQUEST_TIMEOUT):
                return None
        except urllib.error.HTTPError as error:
            error.close()
            return error.headers.get("WWW-Authenticate") if error.code == 401 else None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise st.StoreError(f"cannot reach {endpoint} ({reason}); nothing more was sent") from error

    def put_graph(self, graph_iri: str, ntriples: bytes) -> None:
        assert self.graph_store is not None
        url = graph_store_url(self.graph_store, graph_iri)
        self.send("PUT", url, ntriples, "application/n-triples", f"graph <{graph_iri}>")

    def update(self, body: bytes, what: str) -> None:
        self.send("POST", self.update_url, body, "application/sparql-update; charset=utf-8", what)


def publish(
    store_dir: Path,
    update_url: str,
    *,
    graph_store: str | None = None,
    query_endpoint: str | None = None,
    keep_stale: bool = False,
    user: str | None = None,
    password: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> PublishReport:
    """Replace every named graph of ``store_dir`` in the remote store; drop stale ones of ours."""
    started = time.perf_counter()
    store = st.open_store(Path(store_dir))
    graphs = publication_order(st.list_graphs(store))
    if not graphs:
        raise st.StoreError(f"{store_dir} holds no named graphs: nothing to publish")
    remote = Remote(update_url, graph_store, user, password)
    total = 0
    stale: list[str] = []
    pruned = False

    def prune() -> None:
        nonlocal pruned, stale
        pruned = True
        if keep_stale:
            return
        if query_endpoint:
            stale = stale_graph_names(query_endpoint, graphs)
            if stale:
                remote.update(drop_request(stale), "the removal of stale graphs")
        else:
            remote.update(prune_request(graphs), "the removal of stale graphs")

    for index, graph_iri in enumerate(graphs, 1):
        if not pruned and graph_iri in DERIVED_GRAPHS:
            prune()
        ntriples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph_iri))
        count = ntriples.count(b"\n")
        if graph_store:
            remote.put_graph(graph_iri, ntriples)
        else:
            remote.update(insert_data_request(graph_iri, ntriples), f"graph <{graph_iri}>")
        total += count
        if progress is not None:
            progress(f"[{index}/{len(graphs)}] {st.plan_key(graph_iri)}: {count:,} triples")
    if not pruned:
        prune()
    method = "Graph Store Protocol" if graph_store else "SPARQL Update"
    return PublishReport(len(graphs), total, time.perf_counter() - started, method, not keep_stale, stale)


def stale_graph_names(query_endpoint: str, keep: list[str]) -> list[str]:
    from biopolicy.graph.query import QueryError, run_on_endpoint

    try:
        return run_on_endpoint(query_endpoint, stale_graphs_query(keep)).column("g")
    except QueryError as error:
        raise st.StoreError(f"cannot list the graphs at {query_endpoint}: {error}") from error


# ---------------------------------------------------------------------------------------------
# Command line


def cmd_publish(args) -> int:
    password = None
    if args.user:
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise st.StoreError(f"--user {args.user}: set the password in ${PASSWORD_VARIABLE}")
            password = getpass.getpass(f"password for {args.user}: ")
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
    report = publish(
        args.store,
        args.endpoint,
        graph_store=args.graph_store,
        query_endpoint=args.query_endpoint,
        keep_stale=args.keep_stale,
        user=args.user,
        password=password,
        progress=None if args.quiet else say,
    )
    stale = ""
    if report.stale:
        stale = f"; dropped {len(report.stale)} stale graphs ({', '.join(st.plan_key(g) for g in report.stale)})"
    elif report.stale_dropped:
        stale = "; emptied graphs of this dataset that the store no longer has"
    say(
        f"published {report.graphs} graphs ({report.triples:,} triples) by {report.method} in "
        f"{report.seconds:.1f} s{stale}. Query it with: biopolicy query plans --endpoint QUERY-URL "
        "(its default graph must be the union of the named graphs)"
    )
    return 0


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``biopolicy publish`` to the command line's subparsers."""
    summary = "Copy every named graph of the store into another SPARQL store, replacing each graph atomically."
    examples = """# Oxigraph server (oxigraph serve --location data --union-default-graph)
biopolicy publish --endpoint http://localhost:7878/update --graph-store http://localhost:7878/store \\
    --query-endpoint http://localhost:7878/query
# Apache Jena Fuseki, dataset /biopolicy (deploy/fuseki-biopolicy.ttl)
biopolicy publish --endpoint http://localhost:3030/biopolicy/update --graph-store http://localhost:3030/biopolicy/data \\
    --query-endpoint http://localhost:3030/biopolicy/query
# GraphDB repository biopolicy (SPARQL Update only)
biopolicy publish --endpoint http://localhost:7200/repositories/biopolicy/statements
# Virtuoso, by the Graph Store Protocol with a digest login (password from $BIOPOLICY_PUBLISH_PASSWORD)
biopolicy publish --endpoint http://localhost:8890/sparql-auth --user dba \\
    --graph-store http://localhost:8890/sparql-graph-crud-auth --query-endpoint http://localhost:8890/sparql"""
    parser = subparsers.add_parser(
        "publish",
        help=summary,
        description=summary + " Graphs of this dataset that the target holds but the store does not are dropped.",
        epilog="examples:\n" + "\n".join(f"  {line}" for line in examples.splitlines()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the SPARQL 1.1 Update endpoint of the target store")
    parser.add_argument("--graph-store", metavar="URL",
                        help="its SPARQL 1.1 Graph Store Protocol endpoint: send each graph by PUT instead of Update")
    parser.add_argument("--query-endpoint", metavar="URL",
                        help="its SPARQL query endpoint: list stale graphs of this dataset and drop them by name")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, metavar="DIR",
                        help=f"store directory (default {DEFAULT_STORE})")
    parser.add_argument("--keep-stale", action="store_true",
                        help="keep graphs of this dataset that the local store no longer has")
    parser.add_argument("--user", metavar="NAME",
                        help=f"authenticate (Basic or Digest); the password comes from ${PASSWORD_VARIABLE}")
    parser.add_argument("--quiet", action="store_true", help="no line per graph")
    parser.set_defaults(handler=cmd_publish)
    return parser
