"""Regression: one long line and floods of numbered headings took quadratic time (issue #12, defects 2 and 3).

Every fact asked which task contains it by scanning every task (``ExtractionContext.unit_at``),
and the name scanners asked "inside a heading?" and "does a longer match continue this one?" by
scanning every heading and every match. Those questions now go to indexes built once per
document (``loaders/spans.py``). The tests count the work where they can and otherwise compare
two sizes in one run (a ratio, not a wall-clock limit): quadrupling the input must not
multiply the time by much more than four.
"""


from biopolicy.loaders.model import ExtractionContext, PlanMetadata, Task
from biopolicy.loaders.read import text_working_copy
from biopolicy.loaders.segment import segment
from tools.scaling import heading_flood, long_line, seconds_to_extract


class _CountingList(list):
    iterations = 0

    def __iter__(self):
        type(self).iterations += 1
        return super().__iter__()


def test_unit_at_does_not_scan_every_task_for_every_fact():
    tasks = _CountingList(
        Task(str(index), f"任务{index}", (index * 10, index * 10 + 10), None, None, "task", index)
        for index in range(2000)
    )
    text = text_working_copy("x" * 20000)
    context = ExtractionContext(text=text, tree=segment(text.work), facts={"plans": [PlanMetadata("", (0, 0))], "tasks": tasks})
    _CountingList.iterations = 0
    paths = [context.unit_at(offset) for offset in range(5, 20000, 10)]
    assert paths == [str(index) for index in range(2000)]
    assert context.task("1999").title == "任务1999"
    assert _CountingList.iterations <= 3  # the index is built once, not a scan per question


def test_a_flood_of_numbered_headings_takes_linear_time(tmp_path):
    seconds_to_extract(tmp_path, heading_flood(20))  # gazetteers and OpenCC loaded once
    small, _ = seconds_to_extract(tmp_path, heading_flood(300))
    large, extraction = seconds_to_extract(tmp_path, heading_flood(1200))
    assert len(extraction.tasks) == 1200 and len(extraction.responsibilities) == 1200
    assert large / small < 8, f"4× the headings took {large / small:.1f}× the time (quadratic gives ≈ 16)"


def test_one_long_line_takes_linear_time(tmp_path):
    seconds_to_extract(tmp_path, long_line(1))
    small, _ = seconds_to_extract(tmp_path, long_line(16))
    large, extraction = seconds_to_extract(tmp_path, long_line(64))
    assert len(extraction.incentives) >= 500
    assert large / small < 8, f"a 4× longer line took {large / small:.1f}× the time (quadratic gives ≈ 16)"
