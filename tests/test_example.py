"""The reference example, byte-exact, through the library and the installed command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from boilerstrip import Rule, analyze, clean
from boilerstrip.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"
INPUT = EXAMPLES / "brussels-multilingual-banner.txt"
EXPECTED = EXAMPLES / "brussels-multilingual-banner.expected.txt"


def test_library_output_is_byte_exact():
    assert clean(INPUT.read_text(encoding="utf-8")).encode() == EXPECTED.read_bytes()


def test_every_removal_is_explained():
    result = analyze(INPUT.read_text(encoding="utf-8"))
    removed = result.removed
    assert [p.index for p in removed] == [0, 1, 2, 3, 4, 5, 7]
    assert {p.evidence[0].rule for p in removed[:6]} <= {Rule.CORPUS_MATCH, Rule.CONSENT_VOCABULARY,
                                                         Rule.MULTILINGUAL_BLOCK}
    assert removed[6].evidence[0].rule is Rule.CHROME
    assert [p.evidence[0].lang for p in removed[:6]] == ["de", "en", "es", "fr", "it", "pt"]


def test_cli_from_stdin_is_byte_exact():
    run = CliRunner().invoke(main, ["clean"], input=INPUT.read_bytes())
    assert run.exit_code == 0 and run.stdout_bytes == EXPECTED.read_bytes()


def test_cli_from_dash_is_byte_exact():
    run = CliRunner().invoke(main, ["clean", "-"], input=INPUT.read_bytes())
    assert run.exit_code == 0 and run.stdout_bytes == EXPECTED.read_bytes()


def test_installed_command_from_a_path_is_byte_exact():
    run = subprocess.run([sys.executable, "-m", "boilerstrip", "clean", str(INPUT)],
                         capture_output=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout == EXPECTED.read_bytes() and run.stderr == b""


def test_installed_command_from_stdin_is_byte_exact():
    run = subprocess.run([sys.executable, "-m", "boilerstrip", "clean"], input=INPUT.read_bytes(),
                         capture_output=True, check=False)
    assert run.returncode == 0 and run.stdout == EXPECTED.read_bytes()
