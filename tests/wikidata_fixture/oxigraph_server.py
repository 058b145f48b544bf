"""Start a real Oxigraph server (PyPI ``oxigraph``: ``.venv/bin/oxigraph``) on a free loopback port.

    with oxigraph_server(tmp_path / "db", union_default_graph=True) as base:   # "http://127.0.0.1:PORT"
        ... base + "/query", base + "/update", base + "/store" ...
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(query_url: str, process: subprocess.Popen, timeout: float, why) -> None:
    """Return once ``query_url`` answers ``ASK {}``; RuntimeError(``why()``) if ``process`` ends or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(query_url + "?query=ASK%7B%7D", timeout=2) as response:
                response.read()
            return
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(why()) from None
            time.sleep(0.05)


@contextlib.contextmanager
def oxigraph_server(
    location: Path, *, union_default_graph: bool = False, read_only: bool = False, load: Path | None = None
) -> Iterator[str]:
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph server binary (PyPI oxigraph) is not installed")
    if load is None and read_only and not Path(location).exists():
        load = Path(location).parent / "empty.nt"
        load.write_bytes(b"")
    if load is not None:
        subprocess.run([binary, "load", "--location", str(location), "--file", str(load)], check=True,
                       capture_output=True, timeout=60)
    port = free_port()
    command = [binary, "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base + "/query", process, 15,
                             lambda: f"oxigraph did not start: {process.stderr.read().decode()[-500:]}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        process.stderr.close()
