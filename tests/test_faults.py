"""The fault test of issue #12, short: writers killed at random moments leave the old or the new store.

``make faults`` runs 54 trials; here one trial each of build, add and remove (SIGKILL or SIGINT
at a random moment), plus a check that the digest notices a store that is neither.
"""

from tools import faults


def test_killed_build_add_and_remove_leave_the_old_or_the_new_store(capsys):
    assert faults.main(["--trials", "3", "--seed", "12"]) == 0
    out = capsys.readouterr().out
    assert "3 trials:" in out and "0 failed" in out


def test_a_damaged_store_is_neither_old_nor_new(tmp_path):
    damaged = tmp_path / "build"
    (damaged / "oxigraph").mkdir(parents=True)
    (damaged / "oxigraph" / "CURRENT").write_text("not a database", encoding="utf-8")
    assert faults.store_digest(damaged).startswith("unreadable")
