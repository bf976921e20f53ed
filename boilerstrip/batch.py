"""Running inputs through the engine: count repetition over all of them, then clean or report
each one. One input, many inputs and standard input take the same path.

Two passes, so that no decision depends on file order: the first reads every file and counts
paragraph hashes (:mod:`boilerstrip.repetition`); the second analyses each file with the frozen
counts and writes it where the :class:`~boilerstrip.plan.Plan` says. A single input has no
batch to count in and skips the first pass. With ``jobs > 1`` both passes run in a process
pool; each worker is initialised with the same settings and counts, and results come back in
input order, so outputs are the same for any order of inputs and any number of workers.

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

import difflib
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .corpus import Entry
from .encodings import AUTO
from .engine import Corpus, Options, analyze
from .files import TMP_SUFFIX, InputError, os_reason, read_document, write_output, write_stdout
from .plan import REPORT, STDOUT, Plan
from .removals import removal_records
from .repetition import MIN_REPEAT, Counts, Repetition, document_hashes
from .report import Outcome
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


def _init(batch: Batch, repetition: Repetition | None, worker: bool) -> None:
    global _batch, _options, _repetition
    if worker:
        # The parent handles Ctrl-C and SIGTERM; a worker it terminates just stops (the
        # parent then removes any temporary file the worker was writing).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _batch, _options, _repetition = batch, batch.options(), repetition


def _hashes(job: Job) -> tuple[int, set[int] | None]:
    try:
        doc = read_document(job.source, _batch.encoding)  # decoded like the second pass
    except InputError:
        return job.index, None
    return job.index, document_hashes(doc.text)


def _diff(job: Job, target: str | None, doc, result) -> str:
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
    parent = os.path.dirname(target)
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as exc:
        raise InputError(parent, f"cannot create directory: {os_reason(exc)}") from None


def _pool(batch: Batch, repetition: Repetition | None):
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    return ctx.Pool(batch.jobs, _init, (batch, repetition, True))


def _on_worker(job: Job, batch: Batch, repetition: Repetition | None, func) -> object:
    """One job on a Dask worker: the worker state is set up once per (batch, counts)."""
    if _batch is not batch or _repetition is not repetition:
        _init(batch, repetition, False)
    return func(job)


def _map(batch: Batch, func, jobs: Sequence[Job], repetition: Repetition | None, ordered: bool) -> Iterator:
    if batch.on_dask:
        from .dask import map_batch

        yield from map_batch(_on_worker, jobs, batch, repetition, func)
        return
    if batch.jobs <= 1 or len(jobs) < 2 * CHUNK_SIZE:
        _init(batch, repetition, False)
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


def count(batch: Batch, jobs: Sequence[Job], progress: Callable[[Job], None] = lambda j: None) -> Repetition | None:
    """First pass: paragraph repetition over every readable file (None for a single input
    or ``--no-repeat``)."""
    if len(jobs) < 2 or not batch.repeat:
        return None
    counts = Counts()  # a sum of per-document sets: the arrival order does not matter
    for index, hashes in _map(batch, _hashes, jobs, None, ordered=False):
        if hashes is not None:
            counts.add(hashes)
        progress(jobs[index])
    return counts.freeze(batch.min_repeat)


def process(batch: Batch, jobs: Sequence[Job], repetition: Repetition | None) -> Iterator[tuple[Job, Outcome]]:
    """Second pass: analyse (and write) every file; outcomes in input order."""
    yield from zip(jobs, _map(batch, _process, jobs, repetition, ordered=True))


def sweep_temporaries(batch: Batch, jobs: Iterable[Job]) -> None:
    """Remove the temporary files an interrupted run may have left in its output folders."""
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
