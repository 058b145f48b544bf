"""Regression: coding the policy instruments made long plans quadratic (issue #15 met issue #12).

Every measure masked the whole document again (``mask_groups``), every task scanned every task for
the tasks inside it (``own_spans``), and every cue scanned every agency span; a flood of headings or
one long line of incentives then took 14-18× the time for 4× the input. The work is now counted
where it can be, and the texts are masked once per document.
"""

from biopolicy.loaders.extract import instruments
from biopolicy.loaders.model import Task


def test_the_document_is_masked_once_for_all_its_measures(monkeypatch, tmp_path):
    from tools.scaling import long_line, seconds_to_extract

    calls = []
    real = instruments.mask_groups
    monkeypatch.setattr(instruments, "mask_groups", lambda text: calls.append(len(text)) or real(text))
    _, extraction = seconds_to_extract(tmp_path, long_line(4))
    assert len(extraction.incentives) > 10
    assert len(calls) == 1


def test_the_tasks_inside_a_task_are_found_without_scanning_every_task():
    tasks = [Task(str(n), f"任务{n}", (n * 10, n * 10 + 10), None, None, "task", n) for n in range(3000)]
    outer = Task("all", "全部", (0, 30000), None, None, "task", 0)
    index = instruments.TaskSpans([outer, *tasks])
    assert index.within((50, 60)) == [(50, 60)]
    assert len(index.within((0, 30000))) == 3001
    assert instruments.own_spans(tasks[5], index) == [(50, 60)]
    assert instruments.own_spans(outer, index) == []  # its sub-tasks cover it whole
