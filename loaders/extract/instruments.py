"""Policy instruments: every task and incentive coded on the Rothwell–Zegveld scheme, with its cue.

(The classifier comes next; own_text is what a coder reads of a task.)
"""

from __future__ import annotations

from biopolicy.loaders.model import Span, Task


def own_spans(task: Task, tasks: list[Task]) -> list[Span]:
    """The parts of a task's span that no task inside it covers: its title and its own body."""
    inner = sorted(other.span for other in tasks
                   if other is not task and other.span != task.span
                   and task.span[0] <= other.span[0] and other.span[1] <= task.span[1])
    pieces, cursor = [], task.span[0]
    for start, end in inner:
        if start > cursor:
            pieces.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < task.span[1]:
        pieces.append((cursor, task.span[1]))
    return pieces


def own_text(work: str, task: Task, tasks: list[Task]) -> str:
    """The task's own text (``own_spans``), joined."""
    return "".join(work[start:end] for start, end in own_spans(task, tasks))
