"""Memory benchmark: peak memory of ``boilerstrip clean`` on one big file and on many small ones.

Usage:  python benchmarks/memory.py big [--mb 200] [--exe CMD] [--work DIR]
        python benchmarks/memory.py many [--files 100000] [--jobs N] [--exe CMD] [--work DIR]

``big`` writes a file of about ``--mb`` MiB of distinct one-line paragraphs of plain
journalism (our own sentences, the same shape as ``tests/test_hostile.py``'s 200 MB test)
and runs ``boilerstrip clean BIG -o OUT -q``. ``many`` writes ``--files`` small files
(seeded: two to eight paragraphs of our own sentences each, a consent notice and a button
on one file in three, a shared footer line on one in five, 12 site folders; about 0.7 KB a
file) and runs ``boilerstrip clean DIR -o OUT -q`` (default jobs unless ``--jobs``).

Each run prints wall seconds, CPU seconds (user + sys of the whole process tree), the
largest single process's peak RSS (MB, from getrusage), and the process tree's peak summed
RSS and PSS (MB, sampled every 50 ms from /proc; PSS splits the pages forked workers share).
It checks that the output of ``big`` equals its input. Generated files are deleted
afterwards unless ``--keep``. Figures come from a shared machine: indications, not a test.
"""

from __future__ import annotations

import argparse
import filecmp
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import timed  # noqa: E402  (the same wrapper: CPU of the tree, sampled tree RSS/PSS)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The hostile suite's generator of big inputs: the figures here are of the same kind of file.
from tests.test_hostile import SENTENCES, write_article_lines  # noqa: E402

MB = 1024 * 1024

NOTICE = ("We use cookies and similar technologies to personalise content and ads and to analyse "
          "our traffic. By clicking Accept all, you agree to the storing of cookies on your device.")
BUTTON = "Accept all"
FOOTER = "All rights reserved. Reproduction without permission is prohibited."


def write_many(folder: Path, files: int, seed: int = 7) -> int:
    """``files`` small files under 12 site folders; returns their total size in bytes."""
    rng = random.Random(seed)
    total = 0
    for i in range(files):
        paras = [f"{rng.choice(SENTENCES)} {rng.choice(SENTENCES)} (file {i}, {k})" for k in range(rng.randint(2, 8))]
        if i % 3 == 0:
            paras[:0] = [NOTICE, BUTTON]
        if i % 5 == 0:
            paras.append(FOOTER)
        data = (("\n\n" if i % 2 else "\n").join(paras) + "\n").encode()
        path = folder / f"site{i % 12:02d}" / f"doc{i:06d}.txt"
        if i < 12:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
    return total


def report(what: str, r) -> None:
    print(f"{what}: wall {r.wall:.1f} s, CPU {r.cpu:.1f} s, peak MB: process {r.rss:.0f}, "
          f"tree RSS {r.tree_rss:.0f}, tree PSS {r.tree_pss:.0f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["big", "many"])
    ap.add_argument("--mb", type=int, default=200, help="size of the big file in MiB (default 200)")
    ap.add_argument("--files", type=int, default=100_000, help="number of small files (default 100,000)")
    ap.add_argument("--jobs", type=int, help="--jobs for 'many' (default: boilerstrip's default)")
    ap.add_argument("--exe", help="the boilerstrip command (default: python -m boilerstrip with this interpreter)")
    ap.add_argument("--work", help="folder for the generated inputs and outputs (default: a new temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the generated inputs and outputs")
    args = ap.parse_args()
    exe = args.exe.split() if args.exe else [sys.executable, "-m", "boilerstrip"]
    work = Path(args.work or tempfile.mkdtemp(prefix="boilerstrip-mem-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.what == "big":
            src, out = work / "big.txt", work / "big-out.txt"
            if not src.exists():
                write_article_lines(src, args.mb * MB, seed=200)
            size = src.stat().st_size
            r = timed([*exe, "clean", str(src), "-o", str(out), "-q"])
            same = filecmp.cmp(src, out, shallow=False)
            report(f"clean of one {size / MB:.0f} MiB file of lines (output {'identical' if same else 'DIFFERENT'})", r)
            return 0 if same else 1
        src, out = work / "many", work / "many-out"
        if not src.exists():
            size = write_many(src, args.files)
            print(f"wrote {args.files} files, {size / MB:.1f} MiB")
        shutil.rmtree(out, ignore_errors=True)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        r = timed([*exe, "clean", str(src), "-o", str(out), "-q", *jobs])
        report(f"clean of {args.files} small files ({'--jobs ' + str(args.jobs) if args.jobs else 'default jobs'})", r)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
