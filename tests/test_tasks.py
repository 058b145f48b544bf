"""Tasks: numbered units at level (一) and below, with kinds from their labels and chapters."""

from biopolicy.loaders.extract.tasks import extract_tasks
from biopolicy.loaders.segment import block_labels, segment

TEXT = """一、总体要求
(一)发展目标:到2025年产值达到500亿元。
二、重点任务
(一)医药创新工程
重要举措:
1、建设平台。
政策保障:
1、给予奖励。
牵头领导:张三
三、保障措施
(一)加强领导。
(二)强化要素。
重点任务
——实施疫苗工程。
——聚焦招商。
"""


def test_tasks_kinds_and_parents():
    tasks = {task.path: task for task in extract_tasks(segment(TEXT), block_labels())}
    assert tasks["一.(一)"].kind == "goal"
    assert tasks["二.(一)"].kind == "task"
    assert tasks["二.(一).重要举措.1"].kind == "measure"
    assert tasks["二.(一).重要举措.1"].parent == "二.(一)"
    assert tasks["二.(一).政策保障.1"].kind == "policy"
    assert tasks["三.(二)"].kind == "safeguard"
    assert tasks["重点任务.—1"].kind == "project"
    assert tasks["重点任务.—2"].kind == "task"
    assert "二" not in tasks and "二.(一).重要举措" not in tasks  # chapters and labels are structure


def test_order_follows_the_document():
    tasks = extract_tasks(segment(TEXT), block_labels())
    assert [task.order for task in tasks] == list(range(1, len(tasks) + 1))
    assert [task.span[0] for task in tasks] == sorted(task.span[0] for task in tasks)


def test_labelled_paragraphs_of_an_unnumbered_plan_are_tasks():
    # Regression: a plan written only in labelled paragraphs gave no task, so every clause went to plan level.
    text = "重点任务\n创新药物攻坚:支持创新药研发。\n保障措施\n资金支持:给予最高200万元奖励。\n"
    tasks = extract_tasks(segment(text), block_labels())
    assert [(task.path, task.title, task.kind) for task in tasks] == [
        ("重点任务.1", "创新药物攻坚", "task"),
        ("保障措施.1", "资金支持", "safeguard"),
    ]
