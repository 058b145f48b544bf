"""Kill writers at random moments and check that every store is the old state or the complete new one.

    python tools/faults.py --trials 54            # make faults: 54 kills of build, add and remove
    python tools/faults.py --trials 6 --seed 1    # the short version make test runs

Each trial starts from a known store, runs one real ``biopolicy build``, ``add`` or ``remove`` on
the seed documents, sends it SIGKILL (or SIGINT, one trial in four) after a random delay within
the operation's measured duration, and then checks:

* the store opens and holds exactly the old state or exactly the new one (a digest of every quad
  outside the graph of load records, whose times differ from run to run);
* a SIGINT exits 130 (or dies of the signal outside ``main()``, at start-up or exit) and leaves
  no temporary directory;
* the next writer (the same operation, run to completion) removes whatever the killed one left
  and produces the new state.

It prints one line per trial and a summary, and exits 1 if any trial failed (issue #12).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
DOCUMENTS = REPOSITORY / "documents"
BLANK_NODE = re.compile(r"_:[0-9A-Za-z]+")


@dataclass
class Operation:
    name: str
    start: Path  # the store every trial of this operation starts from
    argv: list[str]
    old: str = ""
    new: str = ""
    seconds: float = 0.0


def cli_command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "biopolicy.graph.cli", *argv]


def biopolicy(*argv: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(cli_command(*argv), env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"faults: {' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def store_digest(store_dir: Path) -> str:
    """SHA-256 of every quad of the store outside graph/meta, sorted; "unreadable: …" if it does not open.

    Blank-node labels (the ontology's OWL lists) are fresh in every load, so they are blanked out.
    """
    from biopolicy.graph import store as st

    try:
        store = st.open_store(store_dir)
        lines = sorted(
            BLANK_NODE.sub("_:b", str(quad))
            for quad in store.quads_for_pattern(None, None, None, None)
            if str(quad.graph_name) != f"<{st.META_GRAPH}>"
        )
    except Exception as error:  # a corrupt store is exactly what this tool looks for
        return f"unreadable: {type(error).__name__}: {error}"
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def leftovers(store_dir: Path) -> list[str]:
    """What a writer leaves beside the store (build.tmp-…, build.old-…); the lock file stays by design."""
    return sorted(
        path.name
        for path in store_dir.parent.iterdir()
        if path.name.startswith(f"{store_dir.name}.") and path.name != f"{store_dir.name}.lock"
    )


def prepare(work: Path, env: dict) -> list[Operation]:
    """The three operations, their start stores and the digests of their old and new states."""
    four = work / "four-documents"
    four.mkdir()
    documents = sorted(DOCUMENTS.glob("*.txt"))
    for document in documents[:-1]:
        shutil.copy(document, four)
    last = documents[-1]
    stores = {name: work / "start" / name / "build" for name in ("four", "five")}
    biopolicy("build", "--documents", str(four), "--store", str(stores["four"]), env=env)
    biopolicy("build", "--documents", str(DOCUMENTS), "--store", str(stores["five"]), env=env)
    plans = biopolicy("query", "plans", "--store", str(stores["five"]), "--format", "tsv", env=env).stdout
    removed = next(line.split("\t")[0] for line in plans.splitlines()[1:] if line)
    operations = [
        Operation("build", stores["four"], ["build", "--documents", str(DOCUMENTS)]),
        Operation("add", stores["four"], ["add", "--force", str(last)]),
        Operation("remove", stores["five"], ["remove", removed.strip("<>")]),
    ]
    for operation in operations:
        target = work / "measure" / operation.name / "build"
        shutil.copytree(operation.start.parent, target.parent)
        operation.old = store_digest(target)
        started = time.perf_counter()
        biopolicy(*operation.argv, "--store", str(target), env=env)
        operation.seconds = time.perf_counter() - started
        operation.new = store_digest(target)
        if operation.old == operation.new:
            raise SystemExit(f"faults: {operation.name} did not change the store; nothing to check")
    return operations


def trial(operation: Operation, work: Path, index: int, rng: random.Random, env: dict) -> tuple[bool, str]:
    """One kill; (passed, description)."""
    target = work / "trials" / f"{index:03d}-{operation.name}" / "build"
    shutil.copytree(operation.start.parent, target.parent)
    sig = signal.SIGINT if rng.random() < 0.25 else signal.SIGKILL
    delay = rng.uniform(0.0, operation.seconds * 1.1)  # now and then after the commit: a "new" state
    argv = [*operation.argv, "--store", str(target)]
    process = subprocess.Popen(cli_command(*argv), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    finished_first = process.poll() is not None
    if not finished_first:
        process.send_signal(sig)
    _out, err = process.communicate(timeout=120)
    digest = store_digest(target)
    state = "old" if digest == operation.old else "new" if digest == operation.new else "NEITHER"
    problems = []
    if state == "NEITHER":
        problems.append(f"store is neither old nor new ({digest[:40]})")
    # -SIGINT: the interrupt landed outside main(), while Python started or exited (seen only after
    # the commit, with the new state); the CLI cannot map it to 130 there.
    allowed = (0, 130, -signal.SIGINT) if state == "new" else (130, -signal.SIGINT)
    if sig == signal.SIGINT and not finished_first and process.returncode not in allowed:
        problems.append(f"SIGINT exited {process.returncode}: {err.strip()[-200:]}")
    if sig == signal.SIGINT and not finished_first and process.returncode == 130 and leftovers(target):
        problems.append(f"SIGINT left {leftovers(target)}")
    left = leftovers(target)
    rerun = biopolicy(*argv, env=env, check=False)
    if rerun.returncode != 0 and not (operation.name == "remove" and state == "new"):
        problems.append(f"the next writer failed ({rerun.returncode}): {rerun.stderr.strip()[-200:]}")
    if leftovers(target):
        problems.append(f"the next writer left {leftovers(target)}")
    if store_digest(target) != operation.new:
        problems.append("the next writer did not reach the new state")
    shutil.rmtree(target.parent, ignore_errors=True)
    name = "finished" if finished_first else signal.Signals(sig).name
    line = f"{operation.name:6} {name:8} at {delay:5.2f} s of {operation.seconds:5.2f} s → {state}"
    line += f", {len(left)} leftover(s) cleaned by the next writer" if left and not problems else ""
    return not problems, line + ("" if not problems else "; " + "; ".join(problems))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=54, help="kills in all, spread over build, add and remove (default 54)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a fresh one, printed)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="biopolicy-faults-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "BIOPOLICY_CACHE": str(work / "cache")}
        print(f"faults: seed {seed}; preparing stores from {DOCUMENTS}", flush=True)
        operations = prepare(work, env)
        for operation in operations:
            print(f"faults: {operation.name} takes {operation.seconds:.2f} s uninterrupted", flush=True)
        counts = {"old": 0, "new": 0, "failed": 0}
        for index in range(args.trials):
            passed, line = trial(operations[index % len(operations)], work, index, rng, env)
            counts["failed" if not passed else "new" if "→ new" in line else "old"] += 1
            print(f"[{index + 1}/{args.trials}] {line}", flush=True)
    print(f"faults: {args.trials} trials: {counts['old']} left the old state, {counts['new']} the new one, "
          f"{counts['failed']} failed (seed {seed})")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
