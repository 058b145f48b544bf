"""``biopolicy serve``: the store as a read-only SPARQL 1.1 endpoint, a query page and resource pages.

What it answers (the README shows clients; ``docs/decisions/0006-endpoint.md`` why so)::

    GET  /                      the query page (graph/web/, no CDN): editor, canned queries, table, CSV
    GET  /api/queries           the canned queries of queries/*.rq with their header titles (JSON)
    GET  /sparql?query=…        SPARQL 1.1 Protocol query; POST as a form or application/sparql-query
    GET  /sparql                the SPARQL service description (Turtle)
    GET  /query/NAME?param=…    a canned query by name (its parameters set), answered as at /sparql
    GET  /id/…, /vocab/…        a resource's description: HTML for browsers, Turtle, N-Triples,
                                JSON-LD or RDF/XML by Accept (or ?format=ttl|nt|jsonld|rdfxml|html)
    GET  /.well-known/void      the VoID/DCAT dataset description, naming this server (Turtle, N-Triples,
                                JSON-LD, RDF/XML by Accept)
    GET  /dumps/NAME            a dump (biopolicy.nq, plans.ttl, plans.jsonld, void.ttl), streamed; ETag: SHA-256
    GET  /context.jsonld        the JSON-LD @context of every JSON-LD answer and dump
    GET  /ontology              the ontology: pyLODE HTML for browsers (make docs), Turtle, RDF/XML, JSON-LD

The parts, in the order a request meets them (``docs/decisions/0011-endpoint-in-parts.md``):

``handler``      the HTTP server: routes, request bodies, CORS; it parses no SPARQL, and it stamps
                 each request with its deadline (arrival + ``--timeout``) and its client's address
``http_input``   what a client sends, decoded strictly (UTF-8, IRIs), and the security headers
                 every answer carries
``negotiation``  ``Accept`` and ``format=`` against the formats of :mod:`graph.formats`
``canned``       a canned query (by its text or ``/query/NAME``) answered from the store's materialised
                 answer while it is current (:mod:`graph.answers`), without a worker; every answer
                 to a query says which in ``X-Biopolicy-Answer: materialised|live``
``admission``    which job computes now: least-served first in time slices, the others suspended;
                 slow jobs limited per client and in total (decision 0013)
``pool``         worker processes sized to the machine, one job each at a time; a worker still
                 busy at the deadline is killed (→ 503) and replaced, the others go on answering
``jobs``         what passes between the server and a worker: the jobs and their answers
``worker``       a worker's main: guard (:mod:`graph.sparql_guard`), run, serialise; describe a
                 resource. It imports neither the server, nor the pages, nor this list's others
``sandbox``      what a worker denies itself first: internet sockets (seccomp), address space
``pages``        the query page's files, the catalogue, the resource pages, the service description
``published``    the dataset description, dump files, JSON-LD context and ontology as the server gives them
``serve``        the ``biopolicy serve`` subcommand (``register(subparsers)``)

The result writers are :mod:`graph.formats`, shared with ``biopolicy query``.

Guards, in the order a request meets them:

* every request is handed to a worker process (:class:`~.pool.WorkerPool`, one read-only store
  handle each) that is killed at the request's deadline (``--timeout``, default 10 s, counted
  once from the request's arrival, waiting for a free worker included) → 503. pyoxigraph has no
  query timeout of its own and a Rust query loop ignores Python signals, so only a process can
  be stopped. A pathological query costs a worker, never the server; while it runs it computes
  only when shorter queries leave a CPU free (:mod:`.admission`);
* in the worker, brackets nested more than 64 deep → 400 before any parse, then
  :mod:`graph.sparql_guard` reads the query's parse tree: updates → 403,
  ``SERVICE``, ``LOAD`` and ``FROM`` naming anything but this dataset's graphs → 400, each with a
  message saying why (:func:`~.worker.answer_query` skips the parse for a text with neither keyword);
* a worker holds at most ``--max-rows`` solutions or triples (default 50,000) → 400 beyond it,
  never a silently truncated answer; its address space is capped (``--max-memory``);
* a worker's system calls are filtered (:func:`~.sandbox.sandbox_network`, Linux seccomp): it
  cannot open an internet socket, so even a query the guard missed cannot fetch anything.

This package's ``__init__`` imports nothing, so that a worker importing ``endpoint.worker``
loads only what it runs.
"""
