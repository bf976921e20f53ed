"""Batch benchmark: boilerstrip against a floor pipeline, on a reproducible synthetic corpus.

Usage:  python benchmarks/bench.py [--files 2000] [--seed 7] [--keep DIR]

Generates a seeded corpus (several languages, 5-30 paragraphs a file, about 7 KB, banners on
most files), then measures, each in a fresh process:
  - `boilerstrip clean DIR -o OUT` with --jobs 1 and --jobs 2: files/s, MB/s, paragraphs/s,
    peak memory (max RSS of the process tree);
  - the floor pipeline (read, split, normalise, hash, write each output) with 1 and 2 workers;
and, in this process on the same files, language-ID and fuzzy-matching calls per file.
Prints the figures and the ratio boilerstrip/floor. Timings are wall-clock on a shared machine:
run it twice and read them as indications, not as a test.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SITES = ["Nordic Daily Courier", "La Gazette du Rhône", "Diario de la Sierra", "Rheinische Rundschau",
         "Gazzetta del Lago", "Jornal do Tejo", "Het Polderblad", "Kurier Mazowiecki", "Balkan Herald",
         "Aegean Times", "Baltic Morning", "Danube Post"]


def _material():
    from boilerstrip.corpus import SITE_SLOT, Kind, packaged_entries
    from tests.fixture_cases import load_cases

    cases = load_cases()
    articles: dict[str, list[str]] = {}
    for c in cases:
        for p in c.paragraphs:
            if p["label"] == "article":
                articles.setdefault(p["lang"], []).append(p["text"])
    articles = {k: v for k, v in articles.items() if len(v) >= 20}
    notices = [e.text for e in packaged_entries() if e.kind is Kind.NOTICE]
    labels = [e.text for e in packaged_entries() if e.kind is Kind.LABEL]
    return articles, notices, labels, SITE_SLOT


def generate(folder: Path, files: int, seed: int) -> tuple[int, int]:
    """Write the synthetic corpus; returns (bytes, paragraphs)."""
    articles, notices, labels, slot = _material()
    rng = random.Random(seed)
    langs = sorted(articles)
    total = paragraphs = 0
    for i in range(files):
        lang = rng.choice(langs)
        site = rng.choice(SITES)
        # Fixture paragraphs are short; two make one paragraph of news-site length.
        body = [rng.choice(articles[lang]) + " " + rng.choice(articles[lang]) for _ in range(rng.randint(5, 30))]
        top = []
        if rng.random() < 0.8:  # banners on most files, often several languages
            for _ in range(rng.choice([1, 1, 2, 4, 6])):
                top.append(rng.choice(notices).replace(slot, site))
            top += rng.sample(labels, rng.randint(0, 3))
        if rng.random() < 0.3:
            body.insert(rng.randint(0, len(body)), rng.choice(labels))
        paras = top + body
        text = ("\n\n" if rng.random() < 0.5 else "\n").join(paras) + "\n"
        path = folder / f"site{i % 12:02d}" / f"doc{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
        paragraphs += len(paras)
    return total, paragraphs


FLOOR = r'''
import hashlib, os, sys
from concurrent.futures import ProcessPoolExecutor
sys.path.insert(0, sys.argv[4])
from boilerstrip.text import decode, encode, normalize, segment

def one(args):
    src, dst = args
    with open(src, "rb") as fh:
        text = decode(fh.read())
    _, head, spans = segment(text)
    for s in spans:
        hashlib.blake2b(normalize(text[s.start:s.text_end]).encode("utf-8", "surrogatepass"), digest_size=8).digest()
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "wb") as fh:
        fh.write(encode(text))

src, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
pairs = []
for root, dirs, files in os.walk(src):
    dirs.sort()
    for name in sorted(files):
        full = os.path.join(root, name)
        pairs.append((full, os.path.join(out, os.path.relpath(full, src))))
if jobs == 1:
    list(map(one, pairs))
else:
    with ProcessPoolExecutor(jobs) as ex:
        list(ex.map(one, pairs, chunksize=16))
'''


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a command run in a fresh wrapper process."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "rc = subprocess.run(sys.argv[1:]).returncode; w = time.perf_counter() - t; "
               "print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, rc)")
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, check=True)
    wall, rss, rc = out.stdout.split()
    if rc != "0":
        raise SystemExit(f"command failed ({rc}): {' '.join(cmd)}")
    return float(wall), float(rss)


def counts(folder: Path) -> tuple[float, float]:
    """Language-ID and fuzzy calls per file, batch analysis in this process."""
    from boilerstrip import langid, matching
    from boilerstrip.batch import Batch, count, process
    from boilerstrip.walk import discover

    langid.detect.cache_clear()
    matching.CALLS.clear()
    found = discover([str(folder)])
    batch = Batch(jobs=1, detect_languages=False)
    rep = count(batch, found.jobs)
    before = langid.detect.cache_info().misses
    for _ in process(batch, found.jobs, rep):
        pass
    n = len(found.jobs)
    return (langid.detect.cache_info().misses - before) / n, matching.CALLS["fuzzy"] / n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="generate the corpus into this folder and keep it")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="boilerstrip-bench-"))
    src = work / "in"
    if src.exists():
        shutil.rmtree(src)
    size, paras = generate(src, args.files, args.seed)
    print(f"corpus: {args.files} files, {size / 1e6:.1f} MB ({size / args.files / 1000:.1f} KB/file), "
          f"{paras} paragraphs, seed {args.seed}")
    exe = [sys.executable, "-m", "boilerstrip"]
    rows = []
    for jobs in (1, 2):
        for name, cmd in (("floor", [sys.executable, "-c", FLOOR, str(src), str(work / "floor"), str(jobs), str(ROOT)]),
                          ("boilerstrip", [*exe, "clean", str(src), "-o", str(work / "out"), "--jobs", str(jobs), "-q"])):
            shutil.rmtree(work / "floor", ignore_errors=True)
            shutil.rmtree(work / "out", ignore_errors=True)
            wall, rss = timed(cmd)
            rows.append((name, jobs, wall, rss))
            print(f"{name:<12} jobs {jobs}: {wall:6.2f} s  {args.files / wall:7.0f} files/s  "
                  f"{size / 1e6 / wall:6.2f} MB/s  {paras / wall:8.0f} paragraphs/s  peak {rss:5.0f} MB")
    for jobs in (1, 2):
        floor = next(w for n, j, w, _ in rows if n == "floor" and j == jobs)
        ours = next(w for n, j, w, _ in rows if n == "boilerstrip" and j == jobs)
        print(f"ratio boilerstrip/floor throughput, jobs {jobs}: {floor / ours:.2f}")
    lang, fuzzy = counts(src)
    print(f"per file: {lang:.3f} language-ID calls, {fuzzy:.2f} fuzzy-match calls")
    one = next(src.rglob("*.txt"))
    wall, _ = timed([*exe, "clean", str(one), "-o", str(work / "one.txt")])
    print(f"start-up, one small file: {wall:.2f} s")
    if not args.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
