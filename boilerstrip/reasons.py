"""The reasons a user can see, and the code that gives each one: one hop from a ``reason``
in a report to the function that decided it.

``REASONS`` maps every :class:`~boilerstrip.result.Rule` to the functions that produce it
(``chrome`` has three: standalone labels, page footers, sign-up boxes; the ``detail`` of a
removal says which); :func:`source` gives their files and first lines
(``boilerstrip/rules.py:412``), for ``python -m boilerstrip.reasons`` and for readers of a report.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Callable

from . import rules, signals
from .result import Rule

REASONS: dict[Rule, tuple[Callable, ...]] = {
    Rule.CORPUS_MATCH: (rules._standalone,),
    Rule.CONSENT_CONTROL: (rules._standalone,),
    Rule.CHROME: (rules._standalone, rules._footer, rules._signup_box),
    Rule.CONSENT_VOCABULARY: (rules._vocabulary,),
    Rule.BANNER_RUN: (rules._run,),
    Rule.MULTILINGUAL_BLOCK: (rules._block,),
    Rule.REPEATED: (rules._repeated,),
    Rule.SCORECARD: (signals.score_in_context,),
}


def source(rule: Rule) -> str:
    """``path:line`` of each function that gives ``rule``, comma-separated, the path relative
    to the package's parent folder (``boilerstrip/rules.py:412``)."""
    root = Path(__file__).resolve().parent.parent
    found = []
    for func in REASONS[rule]:
        path = Path(inspect.getsourcefile(func)).resolve()
        line = inspect.getsourcelines(func)[1]
        found.append(f"{path.relative_to(root) if path.is_relative_to(root) else path}:{line}")
    return ", ".join(found)


def describe(rule: Rule) -> str:
    """The first line of the first deciding function's docstring."""
    doc = inspect.getdoc(REASONS[rule][0]) or ""
    return doc.splitlines()[0] if doc else ""


if __name__ == "__main__":  # python -m boilerstrip.reasons
    for r in Rule:
        print(f"{r.value:<20} {source(r)}  {describe(r)}")
