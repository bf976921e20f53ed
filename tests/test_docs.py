"""The README stays true: options, exit codes and the CI command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boilerstrip.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_option_is_documented(name):
    for param in main.commands[name].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in README or f", {opt}" in README, f"{name} {opt} missing from README"


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(python3 -m venv .*)\n```", README)
    assert len(commands) == 2
    test_command = commands[1].replace("'.[test]'", "-q '.[test]'")
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_every_exit_code_is_documented():
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in README
