"""The worker pool: one job per worker at a time; a worker still busy at the deadline is killed and replaced."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TextIO

from biopolicy.graph import store as st
from biopolicy.graph.endpoint.jobs import Answer, DescribeJob, QueryJob, ResourceView, UpdateJob, message

DEFAULT_TIMEOUT = 10.0
DEFAULT_WORKERS = 2
DEFAULT_MAX_MEMORY_MB = 2048
WORKER_MAIN = "import biopolicy.graph.endpoint.worker as w; w.worker_entry()"


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    jobs: Connection
    answers: Connection


class WorkerPool:
    """Worker processes that each answer one job at a time, killed and replaced at a job's deadline.

    A worker is a fresh interpreter (``subprocess``, not ``multiprocessing``: that would re-import
    the caller's main module and needs the ``if __name__ == "__main__"`` idiom everywhere).
    """

    def __init__(
        self,
        store_dir: Path,
        *,
        size: int = DEFAULT_WORKERS,
        timeout: float = DEFAULT_TIMEOUT,
        max_memory_mb: int = DEFAULT_MAX_MEMORY_MB,
        log: TextIO | None = None,
    ) -> None:
        self.store_dir = Path(store_dir).resolve()
        self.size = size
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.log = log
        self.sandboxed = True
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(size)]
        try:
            for worker in started:
                self._await_ready(worker)
        except BaseException:
            for worker in started:
                self._kill(worker)
            raise
        for worker in started:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        jobs_read, jobs_write = os.pipe()
        answers_read, answers_write = os.pipe()
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER_MAIN,
                 str(jobs_read), str(answers_write), str(self.store_dir), str(self.max_memory_mb)],
                pass_fds=(jobs_read, answers_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(jobs_read)
            os.close(answers_write)
        worker = _Worker(process, Connection(jobs_write, readable=False), Connection(answers_read, writable=False))
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
                f"if --max-memory ({self.max_memory_mb} MB) is small, raise it: the store alone reserves ~600 MB"
            ) from error
        if kind == "error":
            raise st.StoreError(detail)
        if not detail:
            self.sandboxed = False

    def _kill(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.process.wait(5)
        worker.jobs.close()
        worker.answers.close()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)

        def restart() -> None:
            pause = 0.5
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
                if self._closed:
                    self._kill(replacement)
                else:
                    self._idle.put(replacement)
                return

        threading.Thread(target=restart, name="biopolicy-worker-restart", daemon=True).start()

    def _say(self, text: str) -> None:
        if self.log is not None:
            print(text, file=self.log, flush=True)

    def worker_pids(self) -> list[int]:
        with self._lock:
            return sorted(worker.process.pid for worker in self._all)

    def run(self, job: QueryJob | DescribeJob | UpdateJob, deadline: float | None = None) -> Answer | ResourceView:
        """The worker's answer to ``job``, or 503 if none is free or it is not done by ``deadline``.

        ``deadline`` is a :func:`time.monotonic` time, the request's arrival plus the time limit
        (now plus the time limit if not given): waiting for a free worker spends the same limit
        as running the query, so no request takes longer than the limit the endpoint advertises.
        """
        if self._closed:
            return message(503, "the endpoint is shutting down")
        if deadline is None:
            deadline = time.monotonic() + self.timeout
        busy = message(503, f"all {self.size} query workers are busy; try again in a moment", **{"Retry-After": "2"})
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return busy
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self._idle.put(worker)
            return busy
        healthy = False
        try:
            worker.jobs.send(job)
            if not worker.answers.poll(remaining):
                return message(
                    503,
                    f"the query was stopped after {self.timeout:g} s, this endpoint's time limit: narrow it "
                    "(more specific patterns, LIMIT) or query your own copy of the data "
                    "(graph/build/dumps/biopolicy.nq)",
                )
            answer = worker.answers.recv()
            healthy = True
            return answer
        except (EOFError, OSError):
            return message(
                500, f"the query worker stopped (exit code {worker.process.poll()}); the query may need more "
                f"memory than this endpoint allows ({self.max_memory_mb} MB)"
            )
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._kill(worker)
