"""Quality floors on the devset's `tune` part (real material, ../shared/devset; not part of
this repository), scored by its own scorer: single documents and one batch run.

Skipped with a message where ../shared is absent (a user's machine). Floors are pinned just
under the figures in the README's Quality section and are never lowered silently. The devset's
`blind` part is never run here: it is looked at by hand, at milestones.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
SCORER = DEVSET / "score.py"
TUNE = DEVSET / "tune"
COMMAND = f"{sys.executable} -m boilerstrip"

pytestmark = pytest.mark.skipif(not (SCORER.is_file() and TUNE.is_dir()),
                                reason=f"no devset at {DEVSET} (it sits beside the checkout on the team's machines)")

#: (mode, scorer arguments, precision floor, recall floor, most documents with journalism removed)
FLOORS = [
    ("single", ["--cmd", f"{COMMAND} clean {{}}", "--jobs", "2"], 0.99, 0.95, 2),
    ("batch", ["--batch-cmd", f"{COMMAND} clean {{in}} -o {{out}}"], 0.99, 0.955, 2),
]


@pytest.mark.slow
@pytest.mark.parametrize("mode,args,precision,recall,fp_docs", FLOORS, ids=[f[0] for f in FLOORS])
def test_tune_floors(mode, args, precision, recall, fp_docs):
    out = subprocess.run([sys.executable, str(SCORER), str(TUNE), *args, "--show", "0",
                          "--min-precision", str(precision), "--min-recall", str(recall),
                          "--max-fp-docs", str(fp_docs)], capture_output=True, text=True, timeout=900)
    summary = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr
    assert re.match(r"precision [\d.]+ recall [\d.]+ fp_docs \d+", summary), summary
    assert out.returncode == 0, f"{mode}: below the floors: {summary}"
