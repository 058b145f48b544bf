"""The worker processes: sized to the machine, started, suspended and resumed, killed and replaced.

Which job a worker runs, and when, is :mod:`.admission`'s choice; this module keeps the
processes: how many there are (:func:`machine_sizing`), starting one, telling why one died, and
replacing a killed one in the background, one at a time, so that replacements do not crowd out
the queries (docs/decisions/0013-endpoint-admission.md).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, TextIO

from biopolicy.graph import store as st
from biopolicy.graph.endpoint.admission import DEFAULT_SLOW_PER_CLIENT, Admission
from biopolicy.graph.endpoint.jobs import (
    Answer,
    DescribeJob,
    QueryJob,
    ResourceView,
    UpdateJob,
    message,
    out_of_memory,
)

DEFAULT_TIMEOUT = 10.0
WORKERS_PER_CPU = 4
MEMORY_SHARE = 0.75  # of the memory available at start, shared by the workers' caps
MIN_MEMORY_MB, MAX_MEMORY_MB = 1536, 4096  # the store and a query's stack reserve ~1 GB of address space
WORKER_MAIN = "import biopolicy.graph.endpoint.worker as w; w.worker_entry()"
_STDERR_TAIL = 4096


@dataclass(frozen=True)
class Sizing:
    cpus: int  # queries computing at once
    workers: int  # processes: queries in progress at once, computing or suspended
    max_memory_mb: int  # each worker's address-space cap


def machine_sizing(cpus: int | None = None, workers: int | None = None, max_memory_mb: int | None = None) -> Sizing:
    """What is not given, sized to this machine: one query computing per CPU, four workers per CPU,
    three quarters of the available memory shared by the workers' caps (1536–4096 MB each).

    >>> machine_sizing(cpus=2, workers=8, max_memory_mb=2048)
    Sizing(cpus=2, workers=8, max_memory_mb=2048)
    >>> machine_sizing(cpus=4, workers=2, max_memory_mb=2048).cpus
    2
    """
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if workers is None:
        workers = WORKERS_PER_CPU * cpus
    if max_memory_mb is None:
        share = int(_available_memory_mb() * MEMORY_SHARE / workers) // 256 * 256
        max_memory_mb = max(MIN_MEMORY_MB, min(MAX_MEMORY_MB, share))
    return Sizing(min(cpus, workers), workers, max_memory_mb)


def _available_memory_mb() -> int:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    with contextlib.suppress(OSError, ValueError, AttributeError):
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1 << 20)
    return 4096


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    jobs: Connection
    answers: Connection
    stderr: IO[bytes]

    def signal(self, number: int) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.process.pid, number)


# Holding the dataset in memory: measured on a 500-plan synthetic store (1.68 M quads, a 388 MB N-Quads
# dump), a worker's in-memory copy loads in 5.7 s and answers the 17,936-row responsibilities
# listing in 0.55-0.59 s against 2.6-2.7 s on disk (BENCHMARKS.md). Loading that dump peaked at
# 793 MB resident (2.14× the dump's 370 MB); "auto" counts 2.5× (the cap is on address space, which
# exceeds what is resident) and keeps the copy in memory when that and QUERY_ROOM_MB fit a worker's cap.
MEMORY_PER_DUMP_BYTE = 2.5
QUERY_ROOM_MB = 512


def fits_in_memory(store_dir: Path, max_memory_mb: int) -> bool:
    """Whether each worker can hold the store's N-Quads dump in memory within its address-space cap."""
    dump = Path(store_dir) / st.DUMPS / st.NQUADS_DUMP
    if not dump.is_file():
        return False
    return dump.stat().st_size * MEMORY_PER_DUMP_BYTE / 2**20 + QUERY_ROOM_MB <= max_memory_mb


class WorkerPool:
    """Worker processes that each answer one job at a time; :class:`.admission.Admission` picks the job.

    A worker is a fresh interpreter (``subprocess``, not ``multiprocessing``: that would re-import
    the caller's main module and needs the ``if __name__ == "__main__"`` idiom everywhere). Idle
    workers wait in ``_idle``; a killed one is replaced by the restarter thread.
    """

    def __init__(
        self,
        store_dir: Path,
        *,
        size: int | None = None,
        cpus: int | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory_mb: int | None = None,
        slow_per_client: int = DEFAULT_SLOW_PER_CLIENT,
        log: TextIO | None = None,
        in_memory: str = "no",
    ) -> None:
        self.store_dir = Path(store_dir).resolve()
        self.sizing = machine_sizing(cpus, size, max_memory_mb)
        self.in_memory = in_memory == "yes" or (in_memory == "auto" and fits_in_memory(self.store_dir, self.sizing.max_memory_mb))
        self.size = self.sizing.workers
        self.timeout = timeout
        self.max_memory_mb = self.sizing.max_memory_mb
        self.log = log
        self.sandboxed = True
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._dead: queue.SimpleQueue[_Worker | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(self.size)]
        try:
            for worker in started:
                self._await_ready(worker)
        except BaseException:
            for worker in started:
                self._kill(worker)
            raise
        for worker in started:
            self._idle.put(worker)
        self.admission = Admission(self, cpus=self.sizing.cpus, slow_per_client=slow_per_client)
        threading.Thread(target=self._restarter, name="biopolicy-worker-restart", daemon=True).start()

    @property
    def closed(self) -> bool:
        return self._closed

    def _start(self) -> _Worker:
        jobs_read, jobs_write = os.pipe()
        answers_read, answers_write = os.pipe()
        stderr = tempfile.TemporaryFile(prefix="biopolicy-worker-")
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_MAIN,
                 str(jobs_read), str(answers_write), str(self.store_dir), str(self.max_memory_mb),
                 "memory" if self.in_memory else "disk"],
                pass_fds=(jobs_read, answers_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        finally:
            os.close(jobs_read)
            os.close(answers_write)
        worker = _Worker(process, Connection(jobs_write, readable=False), Connection(answers_read, writable=False), stderr)
        with self._lock:
            self._all.add(worker)
        return worker

    def _await_ready(self, worker: _Worker, wait: float = 60.0) -> None:
        try:
            if not worker.answers.poll(wait):
                raise st.StoreError(f"a query worker did not start within {wait:g} s")
            kind, detail = worker.answers.recv()
        except (EOFError, OSError) as error:
            worker.process.wait(5)
            raise st.StoreError(
                f"a query worker stopped while starting (exit code {worker.process.returncode}); "
                f"if --max-memory ({self.max_memory_mb} MB) is small, raise it: the store and a query's "
                f"stack reserve ~1 GB{self._tail_note(worker)}"
            ) from error
        if kind == "error":
            raise st.StoreError(detail)
        if not detail:
            self.sandboxed = False

    def _kill(self, worker: _Worker) -> None:
        worker.signal(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(5)
        worker.jobs.close()
        worker.answers.close()
        worker.stderr.close()
        with self._lock:
            self._all.discard(worker)

    def replace(self, worker: _Worker, then: Callable[[], None] | None = None) -> None:
        """Kill ``worker`` (SIGKILL also ends a suspended process), call ``then`` once it is gone, and
        start another worker in the background, without holding up the caller."""
        worker.signal(signal.SIGKILL)
        with self._lock:
            self._all.discard(worker)

        def reap() -> None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(5)
            if then is not None:
                then()
            self._dead.put(worker)

        threading.Thread(target=reap, name="biopolicy-worker-reap", daemon=True).start()

    def _restarter(self) -> None:
        pause = 0.5
        while True:
            worker = self._dead.get()
            if worker is None:
                return
            self._kill(worker)
            while not self._closed:
                replacement = self._start()
                try:
                    self._await_ready(replacement)
                except st.StoreError as error:
                    self._kill(replacement)
                    self._say(f"could not restart a query worker: {error}; retrying in {pause:g} s")
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
                    continue
                pause = 0.5
                if self._closed:
                    self._kill(replacement)
                else:
                    self._idle.put(replacement)
                    self.admission.wake()
                break

    def death_answer(self, worker: _Worker) -> Answer:
        """What to tell the client whose query a worker died of: out of memory (503), or a crash (500)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(0.5)
        code = worker.process.poll()
        tail = self._stderr_tail(worker)
        if tail:
            self._say(f"a query worker stopped (exit code {code}): {tail}")
        # Rust reports a failed allocation this way, then aborts; the kernel's OOM killer sends SIGKILL
        if "memory allocation of" in tail or "MemoryError" in tail or code == -signal.SIGKILL:
            return out_of_memory(self.max_memory_mb)
        return message(500, f"internal error: the query worker stopped (exit code {code}); it was replaced")

    def _stderr_tail(self, worker: _Worker) -> str:
        with contextlib.suppress(OSError, ValueError):
            worker.stderr.seek(0, os.SEEK_END)
            size = worker.stderr.tell()
            worker.stderr.seek(max(0, size - _STDERR_TAIL))
            return worker.stderr.read().decode("utf-8", "replace").strip()
        return ""

    def _tail_note(self, worker: _Worker) -> str:
        tail = self._stderr_tail(worker)
        return f": {tail.splitlines()[-1]}" if tail else ""

    def _say(self, text: str) -> None:
        if self.log is not None:
            print(text, file=self.log, flush=True)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return sorted(worker.process.pid for worker in self._all)

    def run(
        self, job: QueryJob | DescribeJob | UpdateJob, deadline: float | None = None, client: str = ""
    ) -> Answer | ResourceView:
        """The worker's answer to ``job``, or 503 if it is not done by ``deadline``.

        ``deadline`` is a :func:`time.monotonic` time, the request's arrival plus the time limit
        (now plus the time limit if not given): waiting for a worker, and waiting suspended while
        others compute, spend the same limit as computing, so no request takes longer than the
        limit the endpoint advertises. ``client`` (an address) is who the per-client limit of
        slow queries counts.
        """
        if self._closed:
            return message(503, "the endpoint is shutting down")
        if deadline is None:
            deadline = time.monotonic() + self.timeout
        return self.admission.run(job, deadline, client)

    def close(self) -> None:
        self._closed = True
        self.admission.close()
        self._dead.put(None)
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._kill(worker)

