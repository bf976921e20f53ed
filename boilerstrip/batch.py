"""Running inputs through the engine: count repetition over all of them, then clean or report
each one. One input, many inputs and standard input take the same path.

Two passes, so that no decision depends on file order: the first reads every file and counts
paragraph hashes (:mod:`boilerstrip.repetition`); the second analyses each file with the frozen
counts and writes it where the :class:`~boilerstrip.plan.Plan` says. A single input has no
batch to count in and skips the first pass. With ``jobs > 1`` both passes run in one process
pool (:class:`Workers`), created once and forked after the corpus is loaded; each worker counts
its share of the first pass, the sums are merged, the frozen counts are sent once to every
worker, and results come back in input order, so outputs are the same for any order of inputs
and any number of workers.

One failing file never stops the run: it is recorded in its
:class:`~boilerstrip.report.Outcome`. Outputs are written without replacing what is not a
regular file (:func:`~boilerstrip.files.write_output`); on Ctrl-C or SIGTERM workers are
stopped and the temporary files of this run are removed, leaving only complete outputs.

No settling and no state between runs: the ``repeated`` rule is monotone in the counts (a
removal only needs a count to be high enough), and cleaning the output again can only lower
counts, so cleaning a batch's output again as a batch removes nothing more. Nothing is
written outside the outputs the user named (README "Running again").
"""

from __future__ import annotations

import gc
import os
import signal
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from . import langid
from .corpus import Entry
from .encodings import AUTO
from .engine import Corpus, Options, analyze
from .files import TMP_SUFFIX, InputError, os_reason, read_document, write_output, write_stdout
from .plan import REPORT, STDOUT, Plan
from .removals import removal_records
from .repetition import MIN_REPEAT, Counts, Repetition, document_hashes
from .report import Outcome
from .scorecard import Scorecard
from .walk import Job

#: Files handed to a worker at a time.
CHUNK_SIZE = 16
#: Messages of inputs that are skipped (with a warning), not failed, in a batch.
SKIPPED = ("binary file", "not a regular file")


@dataclass(frozen=True)
class Batch:
    """One run's settings (sent to every worker)."""

    extra: Sequence[Entry] = ()
    keep_chrome: bool = False
    min_repeat: int = MIN_REPEAT
    jobs: int = 1
    encoding: str = AUTO
    detect_languages: bool = True
    plan: Plan = field(default=REPORT)
    repeat: bool = True  # False (--no-repeat): no batch repetition, each input judged alone
    on_dask: bool = False  # --scheduler: both passes run on the active Dask client's workers

    def options(self) -> Options:
        return Options(keep_chrome=self.keep_chrome, corpus=Corpus.with_extra(tuple(self.extra)),
                       detect_languages=self.detect_languages)


# --- per-process worker state (set by _init before any file is processed) ------------------

_batch: Batch | None = None
_options: Options | None = None
_repetition: Repetition | None = None
_counts: Counts | None = None  # this process's share of the first pass
_folders: set[str] = set()  # output folders this process has made in this batch
_barrier = None  # the pool's barrier: a broadcast task reaches every worker exactly once
#: Seconds a broadcast waits for every worker (they are all idle then: a dead one breaks it).
BROADCAST_TIMEOUT = 600


def _init(batch: Batch, repetition: Repetition | None, worker: bool, barrier=None) -> None:
    global _batch, _options, _repetition, _counts, _folders, _barrier
    if worker:
        # The parent handles Ctrl-C and SIGTERM; a worker it terminates just stops (the
        # parent then removes any temporary file the worker was writing).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _batch, _options, _repetition = batch, batch.options(), repetition
    _counts, _folders, _barrier = Counts(), set(), barrier


def _hashes(job: Job) -> tuple[int, set[int] | None]:
    """A file's line hashes (first pass on Dask: the hashes travel back)."""
    try:
        doc = read_document(job.source, _batch.encoding)  # decoded like the second pass
    except InputError:
        return job.index, None
    return job.index, document_hashes(doc.text)


def _count(job: Job) -> int:
    """First pass, one file: its line hashes are added to this process's counts."""
    try:
        doc = read_document(job.source, _batch.encoding)  # decoded like the second pass
    except InputError:
        return job.index
    _counts.add(document_hashes(doc.text))
    return job.index


def _take_counts(_: object = None) -> Counts:
    """This process's counts, handed over (a broadcast task in a pool)."""
    global _counts
    counts, _counts = _counts, Counts()
    if _barrier is not None:
        _barrier.wait(BROADCAST_TIMEOUT)
    return counts


def _install(payload: bytes) -> None:
    """Second pass set-up in a pool worker: the frozen counts (a broadcast task)."""
    global _repetition
    import pickle

    _repetition = pickle.loads(payload)
    _barrier.wait(BROADCAST_TIMEOUT)


def _diff(job: Job, target: str | None, doc, result) -> str:
    import difflib

    before = doc.text.splitlines(keepends=True)
    after = result.cleaned().splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, job.source, target or job.source, n=1)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def _process(job: Job) -> Outcome:
    """One input through the engine and to its output."""
    try:
        doc = read_document(job.source, _batch.encoding)
    except InputError as exc:
        return Outcome(job.source, "skipped" if exc.message.startswith(SKIPPED) else "failed", str(exc))
    result = analyze(doc.text, _options, _repetition)
    plan = _batch.plan
    outcome = Outcome(doc.name, encoding=doc.encoding, paragraphs=len(result.paragraphs), size=doc.size,
                      records=removal_records(doc.name, doc, result), changed=bool(result.removed))
    target = plan.target(job)
    if plan.diff and result.removed:
        outcome.diff = _diff(job, target if target != STDOUT else None, doc, result)
    # In place, a file with nothing to remove is left untouched (same bytes, same mtime).
    if target is None or plan.dry_run or (plan.kind == "in-place" and not result.removed):
        return outcome
    data = doc.encode_pieces(result.pieces())
    try:
        if target == STDOUT:
            write_stdout(data)
        else:
            if plan.kind == "mirror":
                _make_parent(target)
            write_output(target, data, mode_from=job.source if plan.kind == "in-place" else None)
    except InputError as exc:
        outcome.status, outcome.message = "failed", str(exc)
    return outcome


def _make_parent(target: str) -> None:
    """Create a mirrored output's folder, once per folder and batch in each process. Folders
    are made when a file is written into them, never ahead: a folder whose inputs are all
    skipped or failed gets no output folder, as before."""
    parent = os.path.dirname(target)
    if parent in _folders:
        return
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as exc:
        raise InputError(parent, f"cannot create directory: {os_reason(exc)}") from None
    _folders.add(parent)


def _prepare(batch: Batch) -> None:
    """Load everything the workers need before they are forked, so that they inherit it
    instead of each compiling it: every part of the corpus, the content model, the
    scorecard, langdetect's profiles. Then move it out of the garbage collector's sight
    (``gc.freeze``), so that collections in the workers do not touch, and so copy, the
    inherited pages. The profiles (about 57 MB, 0.16 s) are loaded even if no decision of the
    batch turns out to need a language: a worker that loaded its own would hold a private
    copy, and on real batches (consent banners) every worker needs them."""
    options = batch.options()
    options.corpus.prepare()
    Scorecard.packaged()
    langid.prepare()


class Workers:
    """Where a batch's two passes run: this process, one pool of worker processes for both
    passes (created once; forked where the platform allows, after :func:`_prepare`), or the
    active Dask client. A context manager: leaving it on an error stops the workers.

    In a pool the first pass counts in the workers: each adds the files it reads to its own
    :class:`~boilerstrip.repetition.Counts`, and at the end of the pass the parent collects
    and merges them (sums: the order does not matter). The frozen counts are then sent once
    to each worker for the second pass. Objects loaded before the fork are frozen out of the
    garbage collector's sight (``gc.freeze``) in the workers, so that their collections do not
    write to, and so copy, the inherited pages; and in this process until the pool is closed,
    so that its collections do not copy them either (the corpus, the profiles and the jobs
    would then be held twice)."""

    def __init__(self, batch: Batch, jobs: Sequence[Job]) -> None:
        self.batch, self.pool, self.barrier, self.frozen = batch, None, None, False
        if batch.on_dask or batch.jobs <= 1 or len(jobs) < 2 * CHUNK_SIZE:
            return
        import multiprocessing

        fork = "fork" in multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if fork else "spawn")
        if fork:
            _prepare(batch)
            gc.freeze()
            self.frozen = True
        self.barrier = ctx.Barrier(batch.jobs)
        try:
            self.pool = ctx.Pool(batch.jobs, _init, (batch, None, True, self.barrier))
        except BaseException:
            self._unfreeze()
            raise

    def _unfreeze(self) -> None:
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if self.pool is None:
            return
        try:
            if kind is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()
        finally:
            self._unfreeze()

    def _broadcast(self, func, arg) -> list:
        return self.pool.map(func, [arg] * self.batch.jobs, chunksize=1)

    def count(self, jobs: Sequence[Job], progress: Callable[[Job], None] = lambda j: None) -> Repetition | None:
        """First pass: paragraph repetition over every readable file (None for a single
        input or ``--no-repeat``)."""
        batch = self.batch
        if len(jobs) < 2 or not batch.repeat:
            return None
        counts = Counts()  # a sum of per-document sets: the arrival order does not matter
        if batch.on_dask:
            for index, hashes in _map(batch, _hashes, jobs, None):
                if hashes is not None:
                    counts.add(hashes)
                progress(jobs[index])
        elif self.pool is not None:
            for index in self.pool.imap_unordered(_count, jobs, chunksize=CHUNK_SIZE):
                progress(jobs[index])
            for part in self._broadcast(_take_counts, None):
                counts.merge(part)
        else:
            _init(batch, None, False)
            for job in jobs:
                _count(job)
                progress(job)
            counts = _take_counts()
        return counts.freeze(batch.min_repeat)

    def process(self, jobs: Sequence[Job], repetition: Repetition | None) -> Iterator[tuple[Job, Outcome]]:
        """Second pass: analyse (and write) every file; outcomes in input order."""
        if self.pool is not None:
            import pickle

            self._broadcast(_install, pickle.dumps(repetition, pickle.HIGHEST_PROTOCOL))
            yield from zip(jobs, self.pool.imap(_process, jobs, chunksize=CHUNK_SIZE))
        else:
            yield from zip(jobs, _map(self.batch, _process, jobs, repetition))


def _on_worker(job: Job, batch: Batch, repetition: Repetition | None, func) -> object:
    """One job on a Dask worker: the worker state is set up once per (batch, counts)."""
    if _batch is not batch or _repetition is not repetition:
        _init(batch, repetition, False)
    return func(job)


def _map(batch: Batch, func, jobs: Sequence[Job], repetition: Repetition | None) -> Iterator:
    """``func`` over ``jobs`` on Dask, or in this process."""
    if batch.on_dask:
        from .dask import map_batch

        yield from map_batch(_on_worker, jobs, batch, repetition, func)
        return
    _init(batch, repetition, False)
    yield from map(func, jobs)


def count(batch: Batch, jobs: Sequence[Job], progress: Callable[[Job], None] = lambda j: None) -> Repetition | None:
    """First pass alone (its own workers); a run uses one :class:`Workers` for both passes."""
    with Workers(batch, jobs) as workers:
        return workers.count(jobs, progress)


def process(batch: Batch, jobs: Sequence[Job], repetition: Repetition | None) -> Iterator[tuple[Job, Outcome]]:
    """Second pass alone (its own workers); a run uses one :class:`Workers` for both passes."""
    with Workers(batch, jobs) as workers:
        yield from workers.process(jobs, repetition)


def sweep_temporaries(batch: Batch, jobs: Iterable[Job]) -> None:
    """Remove the temporary files an interrupted run may have left in its output folders."""
    from pathlib import Path

    folders = set()
    for job in jobs:
        target = batch.plan.target(job)
        if target and target != STDOUT:
            folders.add(Path(os.path.realpath(target)).parent)
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
