"""Print precision, recall and errors of boilerstrip on the labelled fixtures.

Usage: python benchmarks/evaluate.py [-v] [NAME-SUBSTRING]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fixture_cases import evaluate, load_cases  # noqa: E402


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if a != "-v"]
    cases = [c for c in load_cases() if not names or any(n in c.name for n in names)]
    score, errors = evaluate(cases)
    if verbose:
        for name, errs in errors.items():
            print(f"== {name}")
            for e in errs:
                print("   " + e)
    print(f"cases {score.docs}  precision {score.precision:.4f}  recall {score.recall:.4f}  "
          f"removed-ok {score.true_removed}  removed-wrong {score.false_removed}  missed {score.missed}  "
          f"docs without journalism removed {score.clean_doc_share:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
