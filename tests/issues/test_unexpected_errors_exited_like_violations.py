"""Regression: an unexpected error in ``validate`` exited 1, the code of "has violations" (issue #9)."""

from biopolicy.graph import cli
from biopolicy.loaders.errors import EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, EXIT_VIOLATIONS, QueryError


def test_an_unexpected_error_exits_with_its_own_code(monkeypatch, capsys, tmp_path):
    def broken(_args):
        raise RuntimeError("boom")

    parser = cli.build_parser(extensions=False)
    monkeypatch.setattr(cli, "build_parser", lambda extensions=True: parser)
    parser._subparsers._group_actions[0].choices["validate"].set_defaults(handler=broken)
    status = cli.main(["validate", str(tmp_path / "plan.txt")])
    assert status == EXIT_INTERNAL_ERROR != EXIT_VIOLATIONS
    assert "RuntimeError: boom" in capsys.readouterr().err


def test_user_errors_exit_2_and_name_the_reason(capsys):
    assert QueryError("x").exit_code == EXIT_USER_ERROR
    assert cli.main(["query", "no-such-query", "--store", "/nonexistent"]) == EXIT_USER_ERROR
    assert capsys.readouterr().err.startswith("error: ")
