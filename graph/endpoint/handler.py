"""The HTTP side: :class:`Endpoint` (a threading server and its worker pool) and the request handler.

The handler parses no SPARQL: it routes, reads bodies within their limits, negotiates whether a
browser wants the query page, and hands every query and resource to the pool with the request's
deadline, its arrival plus the time limit, and its client's address (for the per-client limit of
slow queries). Every answer, the standard library's own error pages included, carries
:data:`.http_input.SECURITY_HEADERS`; what a client sends is decoded strictly (:mod:`.http_input`).
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO
from urllib.parse import urlencode, urlsplit

from biopolicy.graph import formats
from biopolicy.graph import store as st
from biopolicy.graph.endpoint import canned, pages, published
from biopolicy.graph.endpoint.http_input import (
    SECURITY_HEADERS,
    RequestError,
    form,
    request_target,
    resource_iri,
    service_host,
    visible,
)
from biopolicy.graph.endpoint.jobs import (
    DEFAULT_MAX_ROWS,
    TEXT,
    Answer,
    DescribeJob,
    QueryJob,
    ResourceView,
    UpdateJob,
    message,
)
from biopolicy.graph.endpoint.negotiation import FORMAT_PARAMETERS, HTML_FORMAT, describe_formats, negotiate
from biopolicy.graph.endpoint.pool import DEFAULT_SLOW_PER_CLIENT, DEFAULT_TIMEOUT, WorkerPool
from biopolicy.loaders.errors import QueryError

DEFAULT_STORE = Path("graph/build")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_REQUEST_BYTES = 1_000_000
DISCARDED_REQUEST_BYTES = 16_000_000
LISTEN_BACKLOG = 128  # the standard library's 5 drops connections when 50 clients arrive at once


@dataclass
class ServeConfig:
    store_dir: Path = DEFAULT_STORE
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    workers: int | None = None  # worker processes; None: sized to the machine (pool.machine_sizing)
    cpus: int | None = None  # queries computing at once; None: this machine's CPUs
    max_memory_mb: int | None = None  # each worker's address-space cap; None: sized to the machine
    slow_per_client: int = DEFAULT_SLOW_PER_CLIENT
    log: TextIO | None = None
    base_url: str | None = None  # the public address in /.well-known/void; None: from the Host header
    ontology_docs: Path | None = published.DEFAULT_ONTOLOGY_DOCS  # the pyLODE page's folder (make docs)
    in_memory: str = "auto"  # "yes", "no", or "auto": in memory when the dataset fits (pool.fits_in_memory)


class Endpoint:
    """The HTTP server and its worker pool. ``with Endpoint(config) as endpoint: endpoint.url``."""

    def __init__(self, config: ServeConfig):
        self.config = config
        if not st.database_path(config.store_dir).is_dir():
            st.open_store(config.store_dir)  # recovers an interrupted swap, or says there is no store
        self.pool = WorkerPool(
            config.store_dir,
            size=config.workers,
            cpus=config.cpus,
            timeout=config.timeout,
            max_memory_mb=config.max_memory_mb,
            slow_per_client=config.slow_per_client,
            log=config.log,
            in_memory=config.in_memory,
        )
        try:
            self.server = _Server((config.host, config.port), _handler_class(self))
        except OSError as error:
            self.pool.close()
            raise st.StoreError(f"cannot listen on {config.host}:{config.port}: {error}") from error
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.digests = published.DigestCache()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def start(self) -> Endpoint:
        self._thread = threading.Thread(target=self.serve_forever, name="biopolicy-serve", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join(5)
        self.server.server_close()
        self.pool.close()

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()


class _Server(ThreadingHTTPServer):
    request_queue_size = LISTEN_BACKLOG


def _handler_class(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    return type("BiopolicyHandler", (_Handler,), {"endpoint": endpoint})


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    server_version = "biopolicy-kg"
    protocol_version = "HTTP/1.1"
    # The headers and the body are two writes: with Nagle's algorithm a short body waited for the
    # client's delayed ACK, 40 ms on a kept-alive connection (every small answer, measured).
    disable_nagle_algorithm = True
    timeout = 60  # seconds a client may take to send its request
    deadline = 0.0  # time.monotonic() by which this request's answer is due

    # -- plumbing ---------------------------------------------------------------------------

    def log_message(self, format: str, *args) -> None:
        log = self.endpoint.config.log
        if log is not None:
            print(f"{self.address_string()} {format % args}", file=log, flush=True)

    def version_string(self) -> str:
        return self.server_version  # not the Python version the standard library would add

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # an answer without a status line or headers
            self.send_error(505, "HTTP/0.9 is not supported: send HTTP/1.1 or HTTP/1.0")
            return False
        return True

    def send_error(self, code: int, message_text: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (400, 414, 431, 501, …) as plain text with our headers."""
        if getattr(self, "request_version", "") == "HTTP/0.9":  # not known yet: send the status line, headers
            self.request_version = "HTTP/1.0"
        short, long = self.responses.get(code, ("Error", ""))
        self.log_error("code %d, message %s", code, message_text or short)
        self.close_connection = True
        detail = message_text or long
        text = f"{int(code)} {short}: {visible(detail)}" if detail else f"{int(code)} {short}"
        self._send(message(int(code), text), head=self.command == "HEAD", extra={"Connection": "close"})

    def _send(self, answer: Answer, *, head: bool = False, extra: dict[str, str] | None = None) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in {**SECURITY_HEADERS, **answer.headers, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(answer.body)

    def _run(self, job: QueryJob | DescribeJob | UpdateJob) -> Answer | ResourceView:
        return self.endpoint.pool.run(job, deadline=self.deadline, client=self.client_address[0])

    def _split(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(request_target(self.path))
        return parts.path, form(parts.query, "query string")

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked" or length is None:
            self._send(message(411, "send the request body with a Content-Length header"), extra={"Connection": "close"})
            self.close_connection = True
            return None
        try:
            size = int(length)
        except ValueError:
            size = -1
        if size < 0 or size > MAX_REQUEST_BYTES:
            if 0 < size <= DISCARDED_REQUEST_BYTES:
                # read what the client sends so that it sees the answer instead of a broken pipe
                remaining = size
                while remaining > 0 and (chunk := self.rfile.read(min(remaining, 1 << 16))):
                    remaining -= len(chunk)
            self._send(
                message(413, f"the request body is limited to {MAX_REQUEST_BYTES:,} bytes"), extra={"Connection": "close"}
            )
            self.close_connection = True
            return None
        return self.rfile.read(size)

    def _cors(self) -> dict[str, str]:
        return {"Access-Control-Allow-Origin": "*", "Vary": "Accept"}

    # -- methods ----------------------------------------------------------------------------

    def _safely(self, action) -> None:
        # the request line and headers are in: the time limit counts from here, once
        self.deadline = time.monotonic() + self.endpoint.config.timeout
        try:
            action()
        except RequestError as refusal:
            self._send(message(refusal.status, str(refusal)), head=self.command == "HEAD", extra=self._cors())
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as error:  # noqa: BLE001 - answer 500 rather than drop the connection
            self.log_message("internal error on %s: %s", self.path, traceback.format_exc())
            self.close_connection = True
            with contextlib.suppress(OSError):
                self._send(message(500, f"internal error: {type(error).__name__}: {error}"))

    def do_GET(self) -> None:
        self._safely(lambda: self._get(head=False))

    def do_HEAD(self) -> None:
        self._safely(lambda: self._get(head=True))

    def do_POST(self) -> None:
        self._safely(self._post)

    def _post(self) -> None:
        path, params = self._split()
        if path != "/sparql":
            body = self._read_body()
            if body is not None:
                self._send(message(405, "POST is accepted at /sparql only"), extra={"Allow": "GET, HEAD"})
            return
        body = self._read_body()
        if body is None:
            return
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._send(message(400, "the request body is not UTF-8"), extra=self._cors())
            return
        if content_type == "application/x-www-form-urlencoded":
            for name, values in form(text, "form body").items():
                params.setdefault(name, []).extend(values)
            self._sparql(params, method="POST")
        elif content_type == "application/sparql-query":
            self._sparql(params, method="POST", direct=text)
        elif content_type == "application/sparql-update":
            self._sparql(params, method="POST", update=text)
        else:
            self._send(
                message(
                    415,
                    "send a query as application/x-www-form-urlencoded (query=…) or application/sparql-query",
                ),
                extra=self._cors(),
            )

    def do_OPTIONS(self) -> None:
        headers = {
            **self._cors(),
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Max-Age": "86400",
            "Allow": "GET, HEAD, POST, OPTIONS",
        }
        self._send(Answer(204, TEXT, b""), extra=headers)

    def _refuse_write(self) -> None:
        def refuse() -> None:
            if self.headers.get("Content-Length") is None:
                self.close_connection = True  # a body we do not know the length of is left unread
            elif self._read_body() is None:
                return
            self._send(
                message(405, "this endpoint is read-only: it has no Graph Store Protocol and takes no updates"),
                extra={"Allow": "GET, HEAD, POST, OPTIONS"},
            )

        self._safely(refuse)

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    # -- routes -----------------------------------------------------------------------------

    def _get(self, *, head: bool) -> None:
        path, params = self._split()
        if path in ("/", "/index.html"):
            self._page("index.html", "text/html; charset=utf-8", head)
        elif path.startswith("/web/") and path[len("/web/") :] in pages.PAGE_FILES:
            name = path[len("/web/") :]
            self._page(name, pages.PAGE_FILES[name], head)
        elif path == "/favicon.ico":
            self._page("favicon.svg", pages.PAGE_FILES["favicon.svg"], head)
        elif path == "/api/queries":
            body = pages.catalogue(self.endpoint.config.timeout, self.endpoint.config.max_rows)
            self._send(Answer(200, "application/json; charset=utf-8", body), head=head, extra={"Cache-Control": "no-cache"})
        elif path == "/sparql":
            self._sparql(params, method="GET", head=head)
        elif path.startswith(canned.ROUTE) and len(path) > len(canned.ROUTE):
            self._canned(path[len(canned.ROUTE) :], params, head)
        elif any(path.startswith(prefix) and len(path) > len(prefix) for prefix in pages.DEREFERENCEABLE):
            self._resource(path, params, head)
        elif path == published.VOID_ROUTE:
            self._void(params, head)
        elif path.startswith(published.DUMPS_ROUTE):
            self._dump(path[len(published.DUMPS_ROUTE) :], head)
        elif path == published.CONTEXT_ROUTE:
            self._send(Answer(200, "application/ld+json", published.context_document()), head=head,
                       extra={**self._cors(), "Cache-Control": "no-cache"})
        elif path == published.ONTOLOGY_ROUTE:
            self._ontology(params, head)
        else:
            self._send(message(404, f"no page at {path}: try / (the query page) or /sparql"), head=head)

    def _page(self, name: str, content_type: str, head: bool) -> None:
        try:
            body = (pages.WEB_DIR / name).read_bytes()
        except OSError:
            self._send(message(404, f"the page file {name} is missing from {pages.WEB_DIR}"), head=head)
            return
        headers = {"Cache-Control": "no-cache"}
        if name == "index.html":
            headers |= {"Content-Security-Policy": pages.PAGE_POLICY, "Referrer-Policy": "no-referrer"}
        self._send(Answer(200, content_type, body), head=head, extra=headers)

    def _sparql(
        self,
        params: dict[str, list[str]],
        *,
        method: str,
        head: bool = False,
        direct: str | None = None,
        update: str | None = None,
        page: str = "./",
    ) -> None:
        cors = self._cors()
        if update is not None or "update" in params:
            text = update if update is not None else params["update"][0]
            self._send(self._run(UpdateJob(text)), head=head, extra=cors)
            return
        queries = [direct] if direct is not None else params.get("query", [])
        if not queries:
            if method == "GET":
                self._service_description(head)
            else:
                self._send(message(400, "no query: send query=… or a body of type application/sparql-query"), extra=cors)
            return
        if len(queries) > 1:
            self._send(message(400, "send exactly one query parameter"), head=head, extra=cors)
            return
        keyword = next((params[name][0] for name in FORMAT_PARAMETERS if params.get(name)), None)
        accept = self.headers.get("Accept")
        every_format = (*formats.ENDPOINT_RESULT_FORMATS, *formats.GRAPH_FORMATS, HTML_FORMAT)
        if method == "GET" and not keyword and negotiate(accept, every_format) is HTML_FORMAT:
            # a browser following a link to a query: show it on the query page
            location = page + "?" + urlencode({"query": queries[0], "run": "1"})
            self._send(message(303, f"see {location}"), head=head, extra={"Location": location, **cors})
            return
        job = QueryJob(
            text=queries[0],
            accept=accept,
            keyword=keyword,
            default_graphs=tuple(params.get("default-graph-uri", [])),
            named_graphs=tuple(params.get("named-graph-uri", [])),
            max_rows=self.endpoint.config.max_rows,
        )
        answer, source = canned.materialised_answer(self.endpoint.config.store_dir, job), canned.MATERIALISED
        if answer is None:
            answer, source = self._run(job), canned.LIVE
        headers = {**cors, canned.ANSWER_HEADER: source, "Access-Control-Expose-Headers": canned.ANSWER_HEADER}
        self._send(answer, head=head, extra=headers)

    def _canned(self, name: str, params: dict[str, list[str]], head: bool) -> None:
        """``GET /query/NAME?param=…``: the canned query's text, with those parameters, sent to :meth:`_sparql`."""
        if not canned.is_canned(name):
            self._send(message(404, f"no canned query {name!r}: GET /api/queries lists them"), head=head,
                       extra=self._cors())
            return
        protocol = (*FORMAT_PARAMETERS, "default-graph-uri", "named-graph-uri")
        try:
            text = canned.canned_text(name, {key: values for key, values in params.items() if key not in protocol})
        except QueryError as error:
            self._send(message(400, str(error)), head=head, extra=self._cors())
            return
        self._sparql({key: values for key, values in params.items() if key in protocol} | {"query": [text]},
                     method="GET", head=head, page="../")

    def _service_description(self, head: bool) -> None:
        import pyoxigraph as ox

        config = self.endpoint.config
        host = service_host(self.headers.get("Host"), urlsplit(self.endpoint.url).netloc)
        body = pages.service_description(f"http://{host}/sparql", config.timeout, config.max_rows).encode()
        fmt = negotiate(self.headers.get("Accept"), formats.GRAPH_FORMATS) or formats.GRAPH_FORMATS[0]
        if fmt.name != "turtle":
            body = ox.serialize(ox.parse(body, ox.RdfFormat.TURTLE), format=fmt.rdf)
        self._send(Answer(200, fmt.content_type, body), head=head, extra=self._cors())

    def _base_url(self) -> str:
        if self.endpoint.config.base_url:
            return self.endpoint.config.base_url.rstrip("/") + "/"
        return f"http://{service_host(self.headers.get('Host'), urlsplit(self.endpoint.url).netloc)}/"

    def _negotiated(self, params: dict[str, list[str]], offers: tuple, head: bool, what: str):
        """The format a client asked for among ``offers``, or ``None`` after answering 406."""
        keyword = (params.get("format") or [None])[0]
        fmt = negotiate(self.headers.get("Accept"), offers, keyword)
        if fmt is None:
            self._send(message(406, f"{what} can be had as {describe_formats(offers)}"), head=head, extra=self._cors())
        return fmt

    def _void(self, params: dict[str, list[str]], head: bool) -> None:
        """``/.well-known/void``: the dataset description, naming this server's address."""
        fmt = self._negotiated(params, formats.GRAPH_FORMATS, head, "the dataset description")
        if fmt is None:
            return
        try:
            triples = published.served_description(self.endpoint.config.store_dir, self._base_url())
        except (OSError, SyntaxError) as error:
            self._send(message(404, f"the store has no readable dataset description ({error}): rebuild it"), head=head)
            return
        body = formats.write_triples(triples, fmt)
        self._send(Answer(200, fmt.content_type, body), head=head, extra={**self._cors(), "Cache-Control": "no-cache"})

    def _dump(self, name: str, head: bool) -> None:
        """``/dumps/NAME``: a dump file streamed, with its SHA-256 as ETag (and 304 when the client has it)."""
        dump = published.open_dump(self.endpoint.config.store_dir, name, self.endpoint.digests)
        if dump is None:
            names = ", ".join(published.DUMP_MEDIA_TYPES)
            self._send(message(404, f"no dump {visible(name)!r}: the dumps are {names}"), head=head, extra=self._cors())
            return
        with dump.handle:
            headers = {**self._cors(), "ETag": f'"{dump.sha256}"', "Cache-Control": "no-cache", "Accept-Ranges": "none",
                       "Content-Disposition": f'attachment; filename="{name}"'}
            headers.pop("Vary")
            if published.etag_matches(self.headers.get("If-None-Match"), dump.sha256):
                self.send_response(304)
                for key, value in {**SECURITY_HEADERS, **headers}.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", dump.media_type)
            self.send_header("Content-Length", str(dump.size))
            for key, value in {**SECURITY_HEADERS, **headers}.items():
                self.send_header(key, value)
            self.end_headers()
            if head:
                return
            remaining = dump.size  # what was announced, even if the file grew since
            while remaining > 0 and (block := dump.handle.read(min(published.CHUNK, remaining))):
                self.wfile.write(block)
                remaining -= len(block)

    def _ontology(self, params: dict[str, list[str]], head: bool) -> None:
        """``/ontology``: the pyLODE page to browsers, the ontology as RDF to clients (``Vary: Accept``)."""
        page = published.ontology_page(self.endpoint.config.ontology_docs)
        offers = (*formats.GRAPH_FORMATS, *((HTML_FORMAT,) if page is not None else ()))
        fmt = self._negotiated(params, offers, head, "the ontology")
        if fmt is None:
            return
        headers = {**self._cors(), "Cache-Control": "no-cache"}
        if fmt is HTML_FORMAT:
            headers["Content-Security-Policy"] = published.ONTOLOGY_PAGE_POLICY
            self._send(Answer(200, HTML_FORMAT.content_type, page), head=head, extra=headers)
            return
        self._send(Answer(200, fmt.content_type, published.ontology_rdf(fmt)), head=head, extra=headers)

    def _resource(self, path: str, params: dict[str, list[str]], head: bool) -> None:
        prefix = next(prefix for prefix in pages.DEREFERENCEABLE if path.startswith(prefix))
        iri = resource_iri(pages.DEREFERENCEABLE[prefix], path, path[len(prefix) :])
        keyword = (params.get("format") or [None])[0]
        # Turtle for */* (curl, RDF clients); browsers name text/html and get the page.
        fmt = negotiate(self.headers.get("Accept"), (*formats.GRAPH_FORMATS, HTML_FORMAT), keyword)
        headers = {"Vary": "Accept", "Access-Control-Allow-Origin": "*"}
        if fmt is None:
            offered = describe_formats((HTML_FORMAT, *formats.GRAPH_FORMATS))
            self._send(message(406, f"a resource can be had as {offered}"), head=head, extra=headers)
            return
        answer = self._run(DescribeJob(iri, fmt.name))
        if isinstance(answer, ResourceView):
            depth = path.count("/") - 1
            body = pages.render_resource(answer, root="../" * depth).encode()
            headers |= {"Content-Security-Policy": pages.PAGE_POLICY, "Referrer-Policy": "no-referrer"}
            answer = Answer(200, "text/html; charset=utf-8", body)
        self._send(answer, head=head, extra=headers)

