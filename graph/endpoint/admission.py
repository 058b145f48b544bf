"""Time-sliced admission: which query computes now, which waits suspended, which is refused.

One scheduler thread owns every job in progress (docs/decisions/0013-endpoint-admission.md):

* at most ``cpus`` jobs **compute** at once, and the CPUs go to the jobs that have computed least
  so far: a new job (none yet) takes the place of one that has computed :data:`PREEMPT_GAP`
  longer, which is **suspended** (SIGSTOP) and resumed (SIGCONT) when it is again among the
  least served. A short query therefore waits for no runaway, however many run;
* a job still in progress :data:`SLOW_AFTER` after it started is **slow**. A client may have
  ``slow_per_client`` slow jobs at once (the next is stopped: 429), and slow jobs may hold every
  worker but ``cpus`` of them (the next is stopped: 503), so new queries always find a worker;
* a suspended job that has waited :data:`STARVED_AFTER` computes for a :data:`QUANTUM` anyway, one
  such quantum every :data:`STARVED_AFTER`, so a long query still progresses under a steady stream
  of short ones;
* every job has one deadline, its request's arrival plus the time limit, suspended time included:
  one still unanswered then is killed (503) and its worker replaced.
"""

from __future__ import annotations

import collections
import contextlib
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from biopolicy.graph.endpoint.jobs import Answer, message

PREEMPT_GAP = 0.1  # seconds of computing more than a waiting job's that let it take the CPU
MIN_RUN = 0.02  # seconds a job computes once resumed before it can be suspended again
SLOW_AFTER = 1.0  # seconds in progress after which a job is slow
STARVED_AFTER = 1.0  # seconds a job waits suspended before it computes a quantum anyway
QUANTUM = 0.25
DEFAULT_SLOW_PER_CLIENT = 2
_GRACE = 2.0  # seconds past its deadline a request waits for the scheduler before giving up


@dataclass(eq=False)
class Ticket:
    """One job in progress: waiting for a worker, computing or suspended."""

    job: object
    deadline: float
    client: str
    done: threading.Event = field(default_factory=threading.Event)
    answer: object = None
    worker: object = None
    started: float = 0.0  # when it first computed
    served: float = 0.0  # seconds computed before it was last resumed
    resumed: float = 0.0  # when it last started computing
    suspended: float = 0.0  # when it was last suspended
    slow: bool = False
    starved: bool = False  # computing its quantum for having waited STARVED_AFTER

    def attained(self, now: float, computing: bool) -> float:
        return self.served + (now - self.resumed if computing else 0.0)


class Admission:
    """The scheduler of one :class:`~.pool.WorkerPool`; ``run`` is called from the request threads."""

    def __init__(self, pool, *, cpus: int, slow_per_client: int = DEFAULT_SLOW_PER_CLIENT):
        self.pool = pool
        self.cpus = cpus
        self.slow_per_client = slow_per_client
        # slow jobs may hold every worker but as many as compute at once (at least one for them)
        self.slow_capacity = max(1, pool.size - cpus)
        self._inbox: collections.deque[Ticket] = collections.deque()
        self._inbox_lock = threading.Lock()
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_read, False)
        os.set_blocking(self._wake_write, False)
        self._fresh: collections.deque[Ticket] = collections.deque()  # no worker yet, in arrival order
        self._suspended: list[Ticket] = []
        self._computing: list[Ticket] = []
        self._next_starved = 0.0  # when the next starved job may have its quantum
        self._closing = False
        self._thread = threading.Thread(target=self._loop, name="biopolicy-admission", daemon=True)
        self._thread.start()

    # -- the request threads' side ----------------------------------------------------------

    def run(self, job, deadline: float, client: str):
        ticket = Ticket(job, deadline, client)
        with self._inbox_lock:
            self._inbox.append(ticket)
        self.wake()
        if not ticket.done.wait(max(0.0, deadline - time.monotonic()) + _GRACE):
            return self._busy()
        return ticket.answer

    def wake(self) -> None:
        with self._inbox_lock:
            if self._wake_write < 0:
                return
            try:
                os.write(self._wake_write, b"!")
            except BlockingIOError:
                pass  # a wake-up is pending already

    def close(self) -> None:
        self._closing = True
        self.wake()
        self._thread.join(5)
        with self._inbox_lock:
            os.close(self._wake_read)
            os.close(self._wake_write)
            self._wake_read = self._wake_write = -1

    # -- the scheduler thread ---------------------------------------------------------------

    def _loop(self) -> None:
        while True:
            connections = [self._wake_read, *(ticket.worker.answers for ticket in self._computing)]
            ready = set(wait(connections, self._next_event()))
            if self._wake_read in ready:
                with contextlib.suppress(BlockingIOError):
                    while os.read(self._wake_read, 4096):
                        pass
            with self._inbox_lock:
                self._fresh.extend(self._inbox)
                self._inbox.clear()
            if self._closing or self.pool.closed:
                self._shut_down()
                return
            for ticket in list(self._computing):
                if ticket.worker.answers in ready:
                    self._collect(ticket)
            now = time.monotonic()
            self._expire(now)
            self._classify(now)
            self._schedule(now)

    def _next_event(self) -> float:
        now = time.monotonic()
        moments = [t.deadline for line in (self._fresh, self._suspended, self._computing) for t in line]
        moments += [t.started + SLOW_AFTER for t in (*self._suspended, *self._computing) if not t.slow]
        moments += [t.resumed + QUANTUM for t in self._computing if t.starved]
        if self._suspended:
            moments.append(max(self._next_starved, min(t.suspended for t in self._suspended) + STARVED_AFTER))
        waiting = self._best_waiting(now)
        if waiting is not None and len(self._computing) >= self.cpus:
            floor = waiting.served + PREEMPT_GAP
            for ticket in [t for t in self._computing if not t.starved]:
                # when it will have computed PREEMPT_GAP more than the job waiting for its CPU
                moments.append(max(ticket.resumed + MIN_RUN, ticket.resumed + floor - ticket.served))
        # an idle worker may come back without a wake-up (a test holding one): look again soon
        ceiling = 0.1 if self._fresh else 1.0
        return max(0.005, min([now + ceiling, *moments]) - now)

    def _finish(self, ticket: Ticket, answer) -> None:
        ticket.answer = answer
        ticket.worker = None
        ticket.done.set()

    def _collect(self, ticket: Ticket) -> None:
        worker = ticket.worker
        self._computing.remove(ticket)
        try:
            answer = worker.answers.recv()
        except (EOFError, OSError):
            answer = self.pool.death_answer(worker)
            self.pool.replace(worker)
        else:
            self.pool._idle.put(worker)
        self._finish(ticket, answer)

    def _answered(self, ticket: Ticket) -> bool:
        """Collect ``ticket``'s answer if its worker has begun to send it (resumed first, to finish it)."""
        if not ticket.worker.answers.poll(0):
            return False
        if ticket in self._suspended:
            ticket.worker.signal(signal.SIGCONT)
            self._suspended.remove(ticket)
            self._computing.append(ticket)
        self._collect(ticket)
        return True

    def _stop(self, ticket: Ticket, answer: Answer) -> None:
        """Kill the worker computing (or suspended on) ``ticket``; answer ``answer`` once it is gone."""
        (self._computing if ticket in self._computing else self._suspended).remove(ticket)
        self.pool.replace(ticket.worker, then=lambda: self._finish(ticket, answer))

    def _expire(self, now: float) -> None:
        for ticket in [t for t in self._fresh if t.deadline <= now]:
            self._fresh.remove(ticket)
            self._finish(ticket, self._busy())
        for ticket in [t for t in (*self._suspended, *self._computing) if t.deadline <= now]:
            if not self._answered(ticket):
                self._stop(ticket, self._timed_out())

    def _classify(self, now: float) -> None:
        """Jobs in progress for SLOW_AFTER become slow, within the per-client and total limits."""
        for ticket in [t for t in (*self._computing, *self._suspended) if not t.slow and now - t.started >= SLOW_AFTER]:
            if self._answered(ticket):
                continue
            refusal = self._slow_refusal(ticket)
            if refusal is None:
                ticket.slow = True
            else:
                self._stop(ticket, refusal)

    def _slow_refusal(self, ticket: Ticket) -> Answer | None:
        slow = [t for t in (*self._computing, *self._suspended) if t.slow]
        mine = sum(1 for t in slow if t.client == ticket.client)
        if mine >= self.slow_per_client:
            return message(
                429,
                f"this client already has {mine} slow queries in progress (for more than {SLOW_AFTER:g} s), "
                "as many as this endpoint allows one client; this one was stopped: wait for them, or narrow "
                "it (more specific patterns, LIMIT)",
                **{"Retry-After": f"{self.pool.timeout:g}"},
            )
        if len(slow) >= self.slow_capacity:
            return message(
                503,
                f"this endpoint already holds {len(slow)} slow queries, as many as it can; this one was "
                f"stopped after {SLOW_AFTER:g} s: try again in a moment, or narrow it (more specific "
                "patterns, LIMIT)",
                **{"Retry-After": "5"},
            )
        return None

    def _best_waiting(self, now: float) -> Ticket | None:
        """The waiting job that has computed least (a new one if a worker is idle for it)."""
        if self._fresh and not self.pool._idle.empty():
            return self._fresh[0]
        return min(self._suspended, key=lambda t: (t.served, t.suspended), default=None)

    def _schedule(self, now: float) -> None:
        for ticket in [t for t in self._computing if t.starved and now - t.resumed >= QUANTUM]:
            ticket.starved = False
            if len(self._computing) > self.cpus:  # its quantum was one beyond the CPUs
                self._suspend(ticket, now)
        while True:
            waiting = self._best_waiting(now)
            if waiting is None:
                break
            if len(self._computing) >= self.cpus:
                victims = [t for t in self._computing if not t.starved and now - t.resumed >= MIN_RUN]
                victim = max(victims, key=lambda t: t.attained(now, True), default=None)
                if victim is None or victim.attained(now, True) < waiting.served + PREEMPT_GAP:
                    break
                self._suspend(victim, now)
            if waiting in self._suspended:
                self._resume(waiting, now)
            elif not self._start_fresh(now):
                break
        # a job that has waited STARVED_AFTER computes a quantum anyway: one quantum a STARVED_AFTER
        if self._suspended and now >= self._next_starved:
            longest = min(self._suspended, key=lambda t: t.suspended)
            if now - longest.suspended >= STARVED_AFTER:
                self._resume(longest, now)
                longest.starved = True
                self._next_starved = now + STARVED_AFTER

    def _suspend(self, ticket: Ticket, now: float) -> None:
        if self._answered(ticket):  # done already: nothing to suspend
            return
        ticket.worker.signal(signal.SIGSTOP)
        self._computing.remove(ticket)
        ticket.served += now - ticket.resumed
        ticket.suspended = now
        ticket.starved = False
        self._suspended.append(ticket)

    def _resume(self, ticket: Ticket, now: float) -> None:
        ticket.worker.signal(signal.SIGCONT)
        self._suspended.remove(ticket)
        ticket.resumed = now
        self._computing.append(ticket)

    def _start_fresh(self, now: float) -> bool:
        while self._fresh:
            try:
                worker = self.pool._idle.get_nowait()
            except queue.Empty:  # every worker is busy or restarting
                return False
            ticket = self._fresh.popleft()
            try:
                worker.jobs.send(ticket.job)
            except OSError:  # the idle worker had died: replace it, try another
                self.pool.replace(worker)
                self._fresh.appendleft(ticket)
                continue
            ticket.worker = worker
            ticket.started = ticket.resumed = now
            self._computing.append(ticket)
            return True
        return False

    def _shut_down(self) -> None:
        for line in (self._fresh, self._suspended, self._computing):
            for ticket in line:
                self._finish(ticket, message(503, "the endpoint is shutting down"))
            line.clear()

    def _busy(self) -> Answer:
        return message(
            503,
            f"all {self.pool.size} query workers were busy until this request's time limit "
            f"({self.pool.timeout:g} s); try again in a moment",
            **{"Retry-After": "2"},
        )

    def _timed_out(self) -> Answer:
        return message(
            503,
            f"the query was stopped after {self.pool.timeout:g} s, this endpoint's time limit: narrow it "
            "(more specific patterns, LIMIT) or query your own copy of the data "
            "(graph/build/dumps/biopolicy.nq)",
        )

