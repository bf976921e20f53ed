"""Print precision, recall and errors of boilerstrip on the labelled fixtures.

Usage: python benchmarks/evaluate.py [-v] [NAME-SUBSTRING]

-v prints every error, except for the blind set fixtures/holdout3.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fixture_cases import CASES_DIR, evaluate, load_cases  # noqa: E402

SETS = ["cases", "holdout", "holdout2", "holdout3", "privacy", "news"]
BLIND = {"holdout3"}  # its errors are never printed: it measures generalisation


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if a != "-v"]
    for folder in SETS:
        cases = [c for c in load_cases(CASES_DIR.parent / folder) if not names or any(n in c.name for n in names)]
        if not cases:
            continue
        score, errors = evaluate(cases)
        if verbose and folder not in BLIND:
            for name, errs in errors.items():
                print(f"== {name}")
                for e in errs:
                    print("   " + e)
        print(f"{folder:<9} {score.docs:3d} documents  precision {score.precision:.4f}  recall {score.recall:.4f}  "
              f"(removed right {score.true_removed}, wrong {score.false_removed}, missed {score.missed})  "
              f"documents without a journalistic paragraph removed {score.clean_doc_share:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
