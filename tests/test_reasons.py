"""Every reason a user can see leads to the code that gives it (boilerstrip.reasons)."""

import inspect
import re
import subprocess
import sys

import pytest

from boilerstrip.reasons import REASONS, describe, source
from boilerstrip.result import Rule


@pytest.mark.parametrize("rule", list(Rule))
def test_every_reason_has_its_code(rule):
    places = source(rule).split(", ")
    assert len(places) == len(REASONS[rule])
    for place, func in zip(places, REASONS[rule]):
        path, line = place.rsplit(":", 1)
        assert path.startswith("boilerstrip/") and path.endswith(".py")
        text = open(path, encoding="utf-8").read().splitlines()
        assert text[int(line) - 1].startswith(f"def {func.__name__}(")
        assert inspect.getdoc(func)  # each deciding function says what it decides
    assert describe(rule)


def test_every_chrome_detail_comes_from_a_listed_function():
    # The footer and sign-up box rules remove as "chrome" too: the registry lists them.
    assert {f.__name__ for f in REASONS[Rule.CHROME]} == {"_standalone", "_footer", "_signup_box"}


def test_reasons_are_listed_on_the_command_line():
    out = subprocess.run([sys.executable, "-m", "boilerstrip.reasons"], capture_output=True, text=True,
                         check=True).stdout
    assert {line.split()[0] for line in out.splitlines()} == {r.value for r in Rule}
    assert re.search(r"^scorecard\s+boilerstrip/signals\.py:\d+", out, re.M)
