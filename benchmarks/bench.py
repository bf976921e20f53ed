"""Batch benchmark: boilerstrip against an honest floor pipeline, side by side.

Usage:  python benchmarks/bench.py [--files 2000] [--seed 7] [--keep DIR] [--rounds 2]
        python benchmarks/bench.py --dir FOLDER          # an existing folder of .txt files
        python benchmarks/bench.py --exe /other/venv/bin/boilerstrip   # another build
        python benchmarks/bench.py --startup [--exe CMD]   # start-up only: small files, 11 runs
        python benchmarks/bench.py --trafilatura          # also trafilatura, deduplicating (if installed)

Without ``--dir`` it generates a seeded corpus (several languages, 5-30 paragraphs a file,
about 6.5 KB, banners on most files). Then, with 1 and 2 workers, it runs alternately (floor,
ours, floor, ours, ... ``--rounds`` times each) and reports medians of:
  - the floor: a plain-Python pipeline that imports no boilerstrip code. First pass: read the
    bytes, decode UTF-8, split into paragraphs (blank lines, or lines when there are none),
    normalise each (NFKC, casefold, whitespace collapsed), hash it (blake2b, 8 bytes) and count
    the hashes over the batch; second pass: read, split, normalise and hash again, and write
    each file atomically (a temporary name, then os.replace). One process pool for both passes;
  - ``boilerstrip clean DIR -o OUT --jobs N -q``;
each by the CPU time of the whole process tree (user + sys of the command and its workers,
RUSAGE_CHILDREN) and by wall time, and the peak memory: the largest single process (max RSS)
and the process tree sampled every 50 ms (sum of RSS, and sum of PSS, which splits the pages
forked workers share). It prints the ratios floor/ours (ours' throughput as a fraction of the
floor's), whether --jobs 2 beats --jobs 1, the CPU time of ``boilerstrip clean small.txt``, and,
in this process on the same files, language-ID and fuzzy-matching calls per file.
``--trafilatura`` also times trafilatura (if installed; it is no dependency) on the same files in
the same layout: each file's paragraphs as minimal HTML ``<p>`` elements through
``trafilatura.extract(html, deduplicate=True)``, the text written atomically; it prints the ratio
trafilatura/boilerstrip by CPU and wall time (boilerstrip's speed as a multiple of trafilatura's).
``--startup`` measures only ``boilerstrip clean FILE`` on two small files (article text alone,
and a short banner above it), by median and minimum CPU of 11 runs each.
Timings come from a shared machine: read them as indications, never as a test.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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


#: What the floor and the --trafilatura comparison share: the same split into paragraphs,
#: the same atomic write (a known temporary name, os.replace), the same walk over the input
#: folder with output folders made once, and the same pool layout (forked after imports).
_SCRIPT_COMMON = r"""
import os, re, sys

BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
counter = 0


def paragraphs(text):
    text = text.replace("\r\n", "\n")
    parts = BLANK.split(text) if BLANK.search(text) else text.split("\n")
    return [p for p in parts if p.strip()]


def write(dst, data):
    global counter
    counter += 1
    folder, name = os.path.split(dst)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{counter}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    os.replace(tmp, dst)


def pairs_of(src, out):
    pairs = []
    for root, dirs, files in os.walk(src):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".txt") and not name.startswith("."):
                full = os.path.join(root, name)
                pairs.append((full, os.path.join(out, os.path.relpath(full, src))))
    for folder in sorted({os.path.dirname(dst) for _, dst in pairs}):
        os.makedirs(folder, exist_ok=True)
    return pairs


def pool(jobs):
    import multiprocessing
    return multiprocessing.get_context("fork").Pool(jobs)
"""

FLOOR = _SCRIPT_COMMON + r"""
import hashlib, unicodedata
from collections import Counter


def key(paragraph):
    norm = " ".join(unicodedata.normalize("NFKC", paragraph).casefold().split())
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8", "surrogateescape"), digest_size=8).digest(), "big")


def read(path):
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8", "surrogateescape")


def count_one(src):
    return {key(p) for p in paragraphs(read(src))}


def write_one(pair):
    src, dst = pair
    text = read(src)
    for p in paragraphs(text):
        key(p)
    write(dst, text.encode("utf-8", "surrogateescape"))


def run():
    src, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pairs = pairs_of(src, out)
    counts = Counter()
    if jobs == 1:
        for keys in map(count_one, (s for s, _ in pairs)):
            counts.update(keys)
        for pair in pairs:
            write_one(pair)
        return
    with pool(jobs) as workers:
        for keys in workers.imap_unordered(count_one, [s for s, _ in pairs], chunksize=16):
            counts.update(keys)
        for _ in workers.imap_unordered(write_one, pairs, chunksize=16):
            pass


run()
"""

#: The --trafilatura comparison: each file's paragraphs (split as the floor splits them) as
#: minimal HTML, one <p> element each, through ``trafilatura.extract(html, deduplicate=True)``
#: (its duplicate filter is its batch memory: one pass), the extracted text written atomically
#: as the floor writes; the same pool layout as the floor (imported before the fork).
TRAFILATURA = _SCRIPT_COMMON + r"""
import html
import trafilatura


def one(pair):
    src, dst = pair
    with open(src, "rb") as fh:
        text = fh.read().decode("utf-8", "replace")
    page = "<html><body>" + "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs(text)) + "</body></html>"
    write(dst, (trafilatura.extract(page, deduplicate=True) or "").encode("utf-8"))


def run():
    src, out, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    pairs = pairs_of(src, out)
    if jobs == 1:
        for pair in pairs:
            one(pair)
        return
    with pool(jobs) as workers:
        for _ in workers.imap_unordered(one, pairs, chunksize=16):
            pass


run()
"""

#: Runs a command in a fresh process and samples its process tree's memory; prints wall
#: seconds, CPU seconds (user + sys of the tree), max RSS of one process (MB), the sampled
#: peaks of the tree's summed RSS and PSS (MB), and the exit code.
WRAPPER = r"""
import os, resource, subprocess, sys, threading, time

def tree(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return out

def field(path, name):
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

peak = [0, 0]
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
def sample():
    while proc.poll() is None:
        pids = tree(proc.pid)
        rss = sum(field(f"/proc/{p}/status", "VmRSS:") for p in pids)
        pss = sum(field(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
        peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
        time.sleep(0.05)
thread = threading.Thread(target=sample, daemon=True)
thread.start()
rc = proc.wait()
wall = time.perf_counter() - t
thread.join()
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024, peak[0] / 1024, peak[1] / 1024, rc)
"""


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + sys of the whole process tree
    rss: float  # max RSS of one process, MB
    tree_rss: float  # sampled peak of the tree's summed RSS, MB
    tree_pss: float  # sampled peak of the tree's summed PSS, MB


def timed(cmd: list[str]) -> Run:
    """One run of ``cmd`` in a fresh wrapper process."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, check=True)
    *values, rc = out.stdout.split()
    if rc != "0":
        raise SystemExit(f"command failed ({rc}): {' '.join(cmd)}\n{out.stderr}")
    return Run(*map(float, values))


def median_run(runs: list[Run]) -> Run:
    return Run(*(statistics.median(getattr(r, f) for r in runs)
                 for f in ("wall", "cpu", "rss", "tree_rss", "tree_pss")))


def counts(folder: Path) -> tuple[float, float]:
    """Language-ID and fuzzy calls per file, batch analysis in this process."""
    from boilerstrip import langid, matching
    from boilerstrip.batch import Batch, count, process
    from boilerstrip.walk import Selection, discover

    langid.detect.cache_clear()
    matching.CALLS.clear()
    found = discover([str(folder)], Selection(globs=("*.txt",)))
    batch = Batch(jobs=1, detect_languages=False)
    rep = count(batch, found.jobs)
    before = langid.detect.cache_info().misses
    for _ in process(batch, found.jobs, rep):
        pass
    n = len(found.jobs)
    return (langid.detect.cache_info().misses - before) / n, matching.CALLS["fuzzy"] / n


#: The --startup inputs (our own words): two paragraphs of article text; a short consent
#: banner and a button above three paragraphs.
STARTUP_TEXTS = {
    "small.txt": "The council met on Tuesday to discuss the new bridge over the river, which has been delayed "
                 "by two years.\n\nThe mayor said the works would resume in spring, once the funding from the "
                 "region is confirmed.\n",
    "banner.txt": "We use cookies to improve your experience on our site. By clicking Accept all, you agree to "
                  "the storing of cookies on your device.\n\nAccept all\n\nThe council met on Tuesday to "
                  "discuss the new bridge over the river, which has been delayed by two years because of rising "
                  "costs.\n\nThe mayor said the works would resume in spring, once the funding from the region "
                  "is confirmed, and that the bridge would open in 2028.\n\nResidents have complained about the "
                  "detour, which adds twenty minutes to the daily commute.\n",
}
STARTUP_RUNS = 11


def startup(exe: list[str], work: Path) -> None:
    """Print the CPU time of ``boilerstrip clean FILE`` for each of STARTUP_TEXTS."""
    for name, text in STARTUP_TEXTS.items():
        path = work / name
        path.write_text(text, encoding="utf-8")
        cpu = sorted(timed([*exe, "clean", str(path)]).cpu for _ in range(STARTUP_RUNS))
        print(f"start-up, boilerstrip clean {name} ({len(text.encode())} bytes): CPU median "
              f"{statistics.median(cpu) * 1000:.0f} ms, min {cpu[0] * 1000:.0f} ms ({STARTUP_RUNS} runs)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", help="generate the corpus into this folder and keep it")
    ap.add_argument("--dir", help="measure on this existing folder of .txt files instead of a generated corpus")
    ap.add_argument("--rounds", type=int, default=2, help="alternated runs of each (default 2; medians)")
    ap.add_argument("--exe", help="the boilerstrip command to measure (default: python -m boilerstrip "
                                  "with this interpreter)")
    ap.add_argument("--no-counts", action="store_true", help="skip the calls-per-file counts (slow)")
    ap.add_argument("--startup", action="store_true", help="measure only the start-up on two small files")
    ap.add_argument("--trafilatura", action="store_true",
                    help="also time trafilatura.extract(deduplicate=True) on the same files (if installed)")
    args = ap.parse_args()
    if args.trafilatura:
        try:
            import trafilatura  # noqa: F401  (only to know that the timed script can import it)
        except ImportError as exc:
            print(f"--trafilatura: trafilatura cannot be imported by {sys.executable} ({exc}); it is no "
                  f"dependency of boilerstrip: pip install trafilatura lxml_html_clean to compare. "
                  f"Measuring without it.")
            args.trafilatura = False
    work = Path(args.keep or tempfile.mkdtemp(prefix="boilerstrip-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    exe = [args.exe] if args.exe else [sys.executable, "-m", "boilerstrip"]
    if args.startup:
        startup(exe, work)
        if not args.keep:
            shutil.rmtree(work)
        return 0
    if args.dir:
        src = Path(args.dir)
        files = [p for p in src.rglob("*.txt") if not any(part.startswith(".") for part in p.relative_to(src).parts)]
        if not files:
            raise SystemExit(f"no .txt files in {src}")
        size, nfiles = sum(p.stat().st_size for p in files), len(files)
        print(f"corpus: {src}: {nfiles} files, {size / 1e6:.1f} MB ({size / nfiles / 1000:.1f} KB/file)")
    else:
        src = work / "in"
        if src.exists():
            shutil.rmtree(src)
        size, paras = generate(src, args.files, args.seed)
        nfiles = args.files
        print(f"corpus: {nfiles} files, {size / 1e6:.1f} MB ({size / nfiles / 1000:.1f} KB/file), "
              f"{paras} paragraphs, seed {args.seed}")
    results: dict[tuple[str, int], Run] = {}
    for jobs in (1, 2):
        commands = {"floor": [sys.executable, "-c", FLOOR, str(src), str(work / "floor"), str(jobs)],
                    "boilerstrip": [*exe, "clean", str(src), "-o", str(work / "out"), "--glob", "*.txt",
                                    "--jobs", str(jobs), "-q"]}
        if args.trafilatura:
            commands["trafilatura"] = [sys.executable, "-c", TRAFILATURA, str(src), str(work / "trafilatura"),
                                       str(jobs)]
        runs: dict[str, list[Run]] = {name: [] for name in commands}
        for _ in range(args.rounds):  # alternated: floor, ours, (trafilatura,) floor, ours, ...
            for name, cmd in commands.items():
                for folder in ("floor", "out", "trafilatura"):
                    shutil.rmtree(work / folder, ignore_errors=True)
                runs[name].append(timed(cmd))
        for name in commands:
            r = results[name, jobs] = median_run(runs[name])
            print(f"{name:<11} jobs {jobs}: CPU {r.cpu:6.2f} s ({r.cpu / nfiles * 1000:5.2f} ms/file)  "
                  f"wall {r.wall:6.2f} s ({nfiles / r.wall:5.0f} files/s, {size / 1e6 / r.wall:5.2f} MB/s)  "
                  f"peak MB: process {r.rss:4.0f}, tree RSS {r.tree_rss:4.0f}, tree PSS {r.tree_pss:4.0f}")
    for jobs in (1, 2):
        f, o = results["floor", jobs], results["boilerstrip", jobs]
        print(f"ratio floor/boilerstrip, jobs {jobs}: CPU {f.cpu / o.cpu:.2f}, wall {f.wall / o.wall:.2f}")
    for jobs in (1, 2) if args.trafilatura else ():
        t, o = results["trafilatura", jobs], results["boilerstrip", jobs]
        print(f"ratio trafilatura/boilerstrip, jobs {jobs}: CPU {t.cpu / o.cpu:.2f}, wall {t.wall / o.wall:.2f} "
              f"(boilerstrip's speed as a multiple of trafilatura's with deduplication; 2 wanted)")
    one, two = results["boilerstrip", 1], results["boilerstrip", 2]
    print(f"boilerstrip --jobs 2 vs --jobs 1 (wall): {one.wall / two.wall:.2f}x, "
          f"{'faster' if two.wall < one.wall else 'NOT faster'}")
    small = min(src.rglob("*.txt"), key=lambda p: (p.stat().st_size, str(p)))
    start = median_run([timed([*exe, "clean", str(small)]) for _ in range(3)])
    print(f"start-up, boilerstrip clean small.txt ({small.stat().st_size} bytes): CPU {start.cpu:.3f} s, "
          f"wall {start.wall:.2f} s, peak {start.rss:.0f} MB")
    if not args.no_counts:
        lang, fuzzy = counts(src)
        print(f"per file: {lang:.3f} language-ID calls, {fuzzy:.2f} fuzzy-match calls")
    if not args.keep:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
