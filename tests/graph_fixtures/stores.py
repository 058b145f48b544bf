"""Start a real Oxigraph server, Apache Jena Fuseki or Virtuoso Open Source on free loopback ports.

Each context manager yields a :class:`RunningStore`: its URLs, the arguments ``biopolicy publish``
needs, and the command it was started with. The commands are the README's recipes ("Moving the
graph to a bigger store") with the ports and the data directory replaced, and the configuration
files are the ones in ``deploy/``. ``*_unavailable()`` says why a store cannot be started here
(not installed, not fetched), for ``pytest.skip``, or returns None.

    with virtuoso(tmp_path / "virtuoso") as remote:
        publish(store_dir, remote.update, graph_store=remote.graph_store, user=remote.user, ...)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.wikidata_fixture.oxigraph_server import free_port, oxigraph_binary, wait_until_answering

REPOSITORY = Path(__file__).resolve().parents[2]
DEPLOY = REPOSITORY / "deploy"
FUSEKI_VERSION = "5.6.0"
FUSEKI_DIR = Path(os.environ.get("BIOPOLICY_FUSEKI_DIR", Path.home() / ".cache" / "biopolicy" / f"fuseki-{FUSEKI_VERSION}"))
FUSEKI_MAIN = "org.apache.jena.fuseki.main.cmds.FusekiMainCmd"
VIRTUOSO_PASSWORD = "dba"  # a fresh Virtuoso database's dba password; the server listens on loopback only
START_TIMEOUT = 60


@dataclass
class RunningStore:
    name: str
    query: str
    update: str
    graph_store: str
    command: list[str]
    user: str | None = None
    password: str | None = None


def oxigraph_unavailable() -> str | None:
    return None if oxigraph_binary() else "the oxigraph server (PyPI oxigraph) is not installed"


def fuseki_unavailable() -> str | None:
    if shutil.which("java") is None:
        return "java is not installed (Fuseki needs Java 17)"
    if not (FUSEKI_DIR / f"jena-fuseki-main-{FUSEKI_VERSION}.jar").is_file():
        return (f"Apache Jena Fuseki {FUSEKI_VERSION} is not in {FUSEKI_DIR} "
                "(make stores fetches it from Maven Central, which must be reachable)")
    return None


def virtuoso_unavailable() -> str | None:
    if shutil.which("virtuoso-t") is None:
        return "virtuoso-t is not installed (make stores installs Debian's virtuoso-opensource)"
    return None


def oxigraph_command(location: Path, port: int) -> list[str]:
    return ["oxigraph", "serve", "--location", str(location), "--union-default-graph", "--bind", f"127.0.0.1:{port}"]


def fuseki_command(port: int, config: Path) -> list[str]:
    return ["java", "-cp", f"{FUSEKI_DIR}/*", FUSEKI_MAIN, "--localhost", f"--port={port}", f"--config={config}"]


def virtuoso_command() -> list[str]:
    return ["virtuoso-t", "+foreground", "+configfile", "virtuoso.ini"]


@contextlib.contextmanager
def oxigraph(directory: Path) -> Iterator[RunningStore]:
    port = free_port()
    command = oxigraph_command(directory / "data", port)
    base = f"http://127.0.0.1:{port}"
    store = RunningStore("oxigraph", base + "/query", base + "/update", base + "/store", command)
    directory.mkdir(parents=True, exist_ok=True)
    with _running([oxigraph_binary(), *command[1:]], directory, store.query):
        yield store


@contextlib.contextmanager
def fuseki(directory: Path) -> Iterator[RunningStore]:
    port = free_port()
    command = fuseki_command(port, DEPLOY / "fuseki-biopolicy.ttl")
    base = f"http://127.0.0.1:{port}/biopolicy"
    store = RunningStore("fuseki", base + "/query", base + "/update", base + "/data", command)
    directory.mkdir(parents=True, exist_ok=True)
    with _running(command, directory, store.query):
        yield store


@contextlib.contextmanager
def virtuoso(directory: Path) -> Iterator[RunningStore]:
    sql_port, http_port = free_port(), free_port()
    directory.mkdir(parents=True, exist_ok=True)
    ini = (DEPLOY / "virtuoso.ini").read_text(encoding="utf-8")
    ini = ini.replace("127.0.0.1:1111", f"127.0.0.1:{sql_port}").replace("127.0.0.1:8890", f"127.0.0.1:{http_port}")
    (directory / "virtuoso.ini").write_text(ini, encoding="utf-8")
    base = f"http://127.0.0.1:{http_port}"
    store = RunningStore("virtuoso", base + "/sparql", base + "/sparql-auth", base + "/sparql-graph-crud-auth",
                         virtuoso_command(), user="dba", password=VIRTUOSO_PASSWORD)
    with _running(store.command, directory, store.query):
        yield store


@contextlib.contextmanager
def _running(command: list[str], directory: Path, query_url: str) -> Iterator[None]:
    """Run ``command`` in ``directory`` until its query endpoint answers ``ASK {}``; stop it after."""
    log = open(directory / "server.log", "wb")  # noqa: SIM115 - closed in finally
    process = subprocess.Popen(command, cwd=directory, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_until_answering(query_url, process, START_TIMEOUT, lambda: (
            f"{command[0]} did not start: "
            + (directory / "server.log").read_bytes()[-800:].decode("utf-8", "replace")))
        yield
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def biopolicy_command() -> str:
    return str(Path(sys.executable).parent / "biopolicy")
