"""Batches: find the inputs, count repetition over all of them, then clean or report each file.

Two passes, so that no decision depends on file order: the first reads every file and counts
paragraph hashes (:mod:`boilerstrip.repetition`); the second analyses each file with the frozen
counts. With ``jobs > 1`` both passes run in a process pool; each worker is initialised with
the same options and counts, and results are reassembled in input order, so outputs are the
same for any order of inputs and any number of workers.

One failing file never stops the batch: it is recorded in its :class:`Outcome`. Outputs are
written atomically; on Ctrl-C or SIGTERM workers are stopped and the temporary files of this
run are removed, leaving only complete outputs.
"""

from __future__ import annotations

import fnmatch
import os
import signal
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .corpus import Entry
from .engine import Corpus, Options, Result, analyze
from .files import TMP_SUFFIX, InputError, os_reason, read_document, write_atomic
from .repetition import MIN_REPEAT, Counts, Repetition, document_hashes

#: Files handed to a worker at a time.
CHUNK_SIZE = 16


class UsageError(ValueError):
    """The batch cannot start (colliding outputs, stdin in a batch…): exit code 2."""


@dataclass(frozen=True)
class Job:
    index: int
    source: str  # the path to read
    rel: str  # where the output goes, relative to the output directory


@dataclass
class Outcome:
    """What happened to one file."""

    job: Job
    status: str = "ok"  # ok | skipped | failed
    message: str = ""
    paragraphs: int = 0
    removed: int = 0
    bytes_removed: int = 0
    by_rule: Counter = field(default_factory=Counter)
    records: list[dict] = field(default_factory=list)


@dataclass
class Discovery:
    jobs: list[Job]
    warnings: list[str]
    failures: list[Outcome]


def _matches(rel: str, globs: Sequence[str]) -> bool:
    if not globs:
        return True
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs)


def _inside(path: str, folder: str | None) -> bool:
    if folder is None:
        return False
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def discover(paths: Sequence[str], globs: Sequence[str] = (), outdir: str | None = None,
             in_place: bool = False) -> Discovery:
    """Expand files and directories (recursively, not following links to directories) into
    jobs, in a stable order. Two inputs that would write the same output are a UsageError."""
    found: list[tuple[str, str]] = []
    warnings: list[str] = []
    failures: list[Outcome] = []
    for path in paths:
        if path == "-":
            raise UsageError("'-' (standard input) cannot be part of a batch")
        try:
            st = os.stat(path)
        except OSError:
            what = "dangling symbolic link" if os.path.islink(path) else "no such file or directory"
            failures.append(Outcome(Job(-1, path, ""), "failed", f"{path}: {what}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            for root, dirs, files in os.walk(path, onerror=lambda e: warnings.append(
                    f"{e.filename}: cannot list directory: {os_reason(e)}")):
                dirs[:] = sorted(d for d in dirs if not _inside(os.path.join(root, d), outdir))
                for name in sorted(files):
                    full = os.path.join(root, name)
                    rel = os.path.relpath(full, path).replace(os.sep, "/")
                    if _matches(rel, globs):
                        found.append((full, rel))
        elif _matches(os.path.basename(path), globs):
            found.append((path, os.path.basename(path)))
    jobs: list[Job] = []
    seen: dict[str, str] = {}
    for source, rel in found:
        real = os.path.realpath(source)
        if in_place:
            rel = real  # rewritten where it is: only the same file twice can collide
        if rel in seen:
            if seen[rel] == real:
                warnings.append(f"{source}: given twice; processed once")
                continue
            raise UsageError(f"{source}: would be written to the same output '{rel}' as "
                             f"another input; rename one or clean them separately")
        seen[rel] = real
        jobs.append(Job(len(jobs), source, rel))
    return Discovery(jobs, warnings, failures)


# --- per-process worker state (set by _init before any file is processed) ------------------

_options: Options | None = None
_repetition: Repetition | None = None
_write: Callable[[Job, bytes], None] | None = None
_in_place = False
_want_records = True


def _init(extra: Sequence[Entry], keep_chrome: bool, repetition: Repetition | None,
          outdir: str | None, in_place: bool, detect_languages: bool, worker: bool) -> None:
    global _options, _repetition, _write, _in_place, _want_records
    if worker:
        # The parent handles Ctrl-C and SIGTERM; a worker it terminates just stops (the
        # parent then removes any temporary file the worker was writing).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _options = Options(keep_chrome=keep_chrome, corpus=Corpus.with_extra(tuple(extra)),
                       detect_languages=detect_languages)
    _repetition = repetition
    _in_place = in_place
    # A report, or clean --json, needs every removed paragraph; a plain clean only totals.
    _want_records = detect_languages or (outdir is None and not in_place)
    if in_place:
        # Through a symbolic link to the file it names: the link itself stays a link.
        _write = lambda job, data: write_atomic(os.path.realpath(job.source), data,  # noqa: E731
                                                mode_from=job.source)
    elif outdir is not None:
        def write(job: Job, data: bytes) -> None:
            target = Path(outdir, job.rel)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(str(target), f"cannot create directory: {os_reason(exc)}") from None
            write_atomic(target, data)
        _write = write
    else:
        _write = None


def _hashes(job: Job) -> tuple[int, set[int] | None, str]:
    try:
        doc = read_document(job.source)  # decoded like the second pass: BOM, UTF-16, binary
    except InputError as exc:
        return job.index, None, str(exc)
    return job.index, document_hashes(doc.text), ""


def _records(job: Job, result: Result) -> list[dict]:
    out = []
    for p in result.removed:
        e = p.evidence[0]
        out.append({"file": job.source, "index": p.index, "start": p.span.start, "end": p.span.end,
                    "position": p.position.value, "rule": e.rule.value, "score": round(e.score, 1),
                    "lang": e.lang, "entry_id": e.entry_id, "family": e.family, "detail": e.detail,
                    "text": result.paragraph_text(p)})
    return out


def _process(job: Job) -> Outcome:
    try:
        doc = read_document(job.source)
    except InputError as exc:
        status = "skipped" if exc.message.startswith(("binary file", "not a regular file")) else "failed"
        return Outcome(job, status, str(exc))
    result = analyze(doc.text, _options, _repetition)
    removed = result.removed
    outcome = Outcome(job, paragraphs=len(result.paragraphs), removed=len(removed),
                      bytes_removed=sum(doc.byte_length(result.text[p.span.start:p.span.end]) for p in removed),
                      by_rule=Counter(p.evidence[0].rule.value for p in removed),
                      records=_records(job, result) if _want_records else [])
    # In place, a file with nothing to remove is left untouched (same bytes, same mtime).
    if _write is not None and (removed or not _in_place):
        try:
            _write(job, doc.encode_pieces(result.pieces()))
        except InputError as exc:
            outcome.status, outcome.message = "failed", str(exc)
    return outcome


@dataclass
class Batch:
    """One batch run's settings."""

    extra: Sequence[Entry] = ()
    keep_chrome: bool = False
    min_repeat: int = MIN_REPEAT
    jobs: int = 1
    outdir: str | None = None
    in_place: bool = False
    detect_languages: bool = True


def _pool(batch: Batch, repetition: Repetition | None):
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    return ctx.Pool(batch.jobs, _init, (tuple(batch.extra), batch.keep_chrome, repetition, batch.outdir,
                                        batch.in_place, batch.detect_languages, True))


def _map(batch: Batch, func, jobs: Sequence[Job], repetition: Repetition | None, ordered: bool) -> Iterator:
    if batch.jobs <= 1 or len(jobs) < 2 * CHUNK_SIZE:
        _init(tuple(batch.extra), batch.keep_chrome, repetition, batch.outdir, batch.in_place,
              batch.detect_languages, False)
        yield from map(func, jobs)
        return
    pool = _pool(batch, repetition)
    try:
        mapper = pool.imap if ordered else pool.imap_unordered
        yield from mapper(func, jobs, chunksize=CHUNK_SIZE)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def count(batch: Batch, jobs: Sequence[Job], progress: Callable[[Job], None] = lambda j: None) -> Repetition:
    """First pass: paragraph repetition over every readable file."""
    counts = Counts()  # a sum of per-document sets: the arrival order does not matter
    for index, hashes, _ in _map(batch, _hashes, jobs, None, ordered=False):
        if hashes is not None:
            counts.add(hashes)
        progress(jobs[index])
    return counts.freeze(batch.min_repeat)


def process(batch: Batch, jobs: Sequence[Job], repetition: Repetition | None,
            ordered: bool = False) -> Iterator[Outcome]:
    """Second pass: analyse (and write) every file; outcomes as they complete."""
    yield from _map(batch, _process, jobs, repetition, ordered)


def sweep_temporaries(batch: Batch, jobs: Iterable[Job]) -> None:
    """Remove the temporary files an interrupted run may have left in its output folders."""
    folders = set()
    for job in jobs:
        target = Path(job.source) if batch.in_place else Path(batch.outdir or ".", job.rel)
        folders.add(target.parent)
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith(TMP_SUFFIX) and name.startswith("."):
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass
