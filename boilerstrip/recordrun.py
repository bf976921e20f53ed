"""One ``clean`` run over JSON Lines record files (:mod:`boilerstrip.records`).

Chosen by :func:`boilerstrip.run.execute` when every input is a record file (by extension,
``.jsonl``/``.ndjson`` optionally ``.gz``/``.zst``, or with ``--records``). Same two passes
as a text batch: the first counts paragraph repetition over every record of every file (per
site too, for records with a URL), the second streams each file through the engine and
writes records in the same order, every other byte unchanged. ``--no-repeat`` (and standard
input, which can be read only once) skips the first pass: each record's text is then exactly
what ``clean`` gives for that text alone.

Outputs follow the :class:`~boilerstrip.plan.Plan` like text outputs (standard output, ``-o
FILE``, a mirror under ``-o DIR``, ``--in-place``), written by
:func:`~boilerstrip.files.write_output` (atomically; never renamed over a FIFO, a device or a
symlink), compressed by the output's extension. ``--attributes``/``--rejects`` name a file
for one input and a directory (mirrored like ``-o DIR``) for several. Malformed lines are
reported as ``boilerstrip: warning: FILE:LINE: reason`` and kept in place (or sent to the
rejects file). A file that cannot be read fails alone (its outputs are not written).
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from .files import InputError, write_output, write_stdout
from .plan import STDOUT, Plan
from .records import Output, Processed, Stats, compressed, count_records, output_lines, process_records, read_records
from .repetition import Counts, Repetition
from .walk import Job, UsageError

if TYPE_CHECKING:
    from .run import RecordSettings


def check(plan: Plan, jobs: Sequence[Job], rs: RecordSettings) -> None:
    """Refuse what record runs cannot do, before anything runs."""
    if plan.json or plan.diff:
        raise UsageError("--json and --diff are for text files; record files get --attributes FILE")
    if plan.kind == "none":
        raise UsageError("report reads text files; for record files use clean --attributes FILE")
    if rs.scheduler and (plan.kind not in ("file", "mirror") or plan.dry_run or any(j.source == "-" for j in jobs)):
        raise UsageError("--scheduler writes record files named on the command line: give -o FILE or -o DIR")
    if len(jobs) > 1 and plan.kind == "in-place" and (rs.attributes or rs.rejects):
        raise UsageError("--attributes and --rejects with --in-place take one input file")
    for name in (rs.attributes, rs.rejects):
        if name and len(jobs) > 1 and os.path.exists(name) and not os.path.isdir(name):
            raise UsageError(f"{name}: with several inputs, --attributes and --rejects name directories")


def side_path(folder_or_file: str | None, job: Job, many: bool) -> str | None:
    """Where ``job``'s attributes (or rejects) go."""
    if folder_or_file is None:
        return None
    return os.path.join(folder_or_file, job.rel) if many else folder_or_file


@dataclass
class Totals:
    """A record run's summary."""

    files: int = 0
    failed: int = 0
    stats: Stats = field(default_factory=Stats)

    def add(self, stats: Stats) -> None:
        self.files += 1
        self.stats.add(stats)

    def line(self, rejected: bool) -> str:
        s = self.stats
        reasons = ", ".join(f"{r} {n}" for r, n in sorted(s.removed.items()))
        files = f"{self.files} record file{'s' * (self.files != 1)}"
        return (f"boilerstrip: {files} processed, {self.failed} failed; {s.records} records, "
                f"{s.malformed} malformed line{'s' * (s.malformed != 1)} "
                f"{'rejected' if rejected else 'kept'}; {sum(s.removed.values())} of {s.paragraphs} "
                f"paragraphs removed from {s.changed} records{': ' + reasons if reasons else ''}")


@contextmanager
def progress(jobs: Sequence[Job], label: str, show: bool, color: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for record files: records, records/s, MB/s and ETA. Yields
    ``advance(records, file_bytes)`` (increments)."""
    if not show:
        yield lambda records, size: None
        return
    from rich.console import Console
    from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                               TransferSpeedColumn)

    total = 0
    for job in jobs:
        try:
            total += os.stat(job.source).st_size
        except OSError:
            pass
    console = Console(stderr=True, color_system="standard" if color else None, no_color=not color)
    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.fields[records]} records"),
                  TextColumn("{task.fields[rate]} records/s"), DownloadColumn(), TransferSpeedColumn(),
                  TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=total or 1, records=0, rate=0)
        start, done = time.monotonic(), [0]

        def advance(records: int, size: int) -> None:
            done[0] += records
            rate = int(done[0] / max(time.monotonic() - start, 1e-3))
            bar.update(task, advance=size, records=done[0], rate=rate)

        yield advance


def _reader(path: str, rs: RecordSettings, advance: Callable[[int, int], None]):
    """The file's items, reporting progress every so many lines."""
    last = [0]

    def moved(pos: int) -> None:
        advance(1, pos - last[0])
        last[0] = pos

    return read_records(path, rs.text_field, rs.id_field, progress=moved)


def count(jobs: Sequence[Job], rs: RecordSettings, min_repeat: int | None,
          advance: Callable[[int, int], None]) -> Repetition | None:
    """First pass over every readable record file (None: no repetition, for ``min_repeat``
    None or standard input)."""
    if min_repeat is None or any(j.source == "-" for j in jobs):
        return None
    counts = Counts()
    for job in jobs:
        try:
            count_records(_reader(job.source, rs, advance), counts)
        except InputError:
            continue  # the second pass reports it
    return counts.freeze(min_repeat)


class _Unchanged(Exception):
    """In place, a file whose records all stand: its write is abandoned (file untouched)."""


def clean_one(job: Job, target: str | None, plan: Plan, options, repetition: Repetition | None,
              rs: RecordSettings, many: bool, warn: Callable[[str], None],
              advance: Callable[[int, int], None]) -> Stats:
    """Second pass over one file: read, clean, write. Raises :class:`InputError`."""
    stats = Stats()

    def items() -> Iterator[Processed]:
        for done in process_records(_reader(job.source, rs, advance), options, repetition, stats=stats):
            if done.malformed:
                warn(str(done.item))
            yield done

    attributes, rejects = side_path(rs.attributes, job, many), side_path(rs.rejects, job, many)
    if plan.dry_run or target is None:
        for _ in items():
            pass
        return stats
    with ExitStack() as stack:
        for side in (attributes, rejects):
            if side and many:
                os.makedirs(os.path.dirname(side) or ".", exist_ok=True)
        attrs = stack.enter_context(Output(_resolved(attributes))) if attributes else None
        rej = stack.enter_context(Output(_resolved(rejects))) if rejects else None

        def lines() -> Iterator[bytes]:
            yield from output_lines(items(), attrs, rej)
            if plan.kind == "in-place" and not stats.changed and not (rej and stats.malformed):
                raise _Unchanged

        stream = compressed(lines(), target)
        try:
            if target == STDOUT:
                write_stdout(stream)
            else:
                if plan.kind == "mirror":
                    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
                write_output(target, stream, mode_from=job.source if plan.kind == "in-place" else None)
        except _Unchanged:
            pass
    return stats


def _resolved(path: str) -> str:
    """A side output's path: through a symbolic link to the file it names; what is not a
    regular file is refused (it would be replaced by the rename)."""
    real = os.path.realpath(path)
    if os.path.exists(real) and not os.path.isfile(real):
        raise InputError(path, "not a regular file; not written")
    return real


def execute_records(jobs: Sequence[Job], plan: Plan, batch, rs: RecordSettings, show: bool, color: bool,
                    warn: Callable[[str], None], error: Callable[[str], None]) -> Totals:
    """Both passes over record files, with ``batch``'s settings (a
    :class:`~boilerstrip.batch.Batch`; no first pass when it does not repeat), locally or on
    Dask (``rs.scheduler``); errors and warnings go through ``error``/``warn``. Returns the
    totals (raises KeyboardInterrupt and BrokenPipeError through)."""
    check(plan, jobs, rs)
    min_repeat = batch.min_repeat if batch.repeat else None
    if rs.scheduler:
        return _on_dask(jobs, plan, batch, rs, min_repeat, warn, error)
    options = batch.options()
    totals = Totals()
    with progress(jobs, "counting", show and min_repeat is not None, color) as advance:
        repetition = count(jobs, rs, min_repeat, advance)
    many = len(jobs) > 1
    with progress(jobs, "cleaning" if plan.writes else "analysing", show, color) as advance:
        for job in jobs:
            try:
                stats = clean_one(job, plan.target(job), plan, options, repetition, rs, many, warn, advance)
            except InputError as exc:
                error(str(exc))
                totals.failed += 1
                continue
            totals.add(stats)
            if plan.dry_run and stats.changed:
                sys.stdout.write(f"{job.source}: would remove {sum(stats.removed.values())} paragraphs from "
                                 f"{stats.changed} of {stats.records} records\n")
    sys.stdout.flush()
    return totals


@contextmanager
def dask_client(address: str, workers: int):
    """A ``distributed`` client: on a local cluster of ``workers`` processes for ``local``."""
    try:
        import distributed
    except ImportError:
        raise UsageError("--scheduler needs the dask extra: pip install 'boilerstrip[dask]'") from None
    if address == "local":
        with distributed.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                                      dashboard_address=None) as cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(address, timeout=30)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {address}: cannot connect: {exc}") from None
    with client:
        yield client


def _on_dask(jobs: Sequence[Job], plan: Plan, batch, rs: RecordSettings, min_repeat: int | None,
             warn: Callable[[str], None], error: Callable[[str], None]) -> Totals:
    """The two passes on Dask (:mod:`boilerstrip.dask`): same outputs as the local run. The
    workers must see the inputs and outputs under the same paths."""
    from . import dask as bdask

    many = len(jobs) > 1
    work = []
    for job in jobs:
        target = os.path.abspath(plan.target(job))
        if many:
            os.makedirs(os.path.dirname(target), exist_ok=True)
        sides = [side_path(name, job, many) for name in (rs.attributes, rs.rejects)]
        for side in sides:
            if side and many:
                os.makedirs(os.path.dirname(side) or ".", exist_ok=True)
        work.append(bdask.RecordJob(os.path.abspath(job.source), target,
                                    *(_resolved(side) if side else None for side in sides)))
    settings = bdask.Settings(tuple(batch.extra), batch.keep_chrome)
    totals = Totals()
    with dask_client(rs.scheduler, batch.jobs):
        repetition = None if min_repeat is None else bdask.count_record_files(
            [w.source for w in work], min_repeat, rs.text_field, skip_errors=True)
        for job, w, report in zip(jobs, work, bdask.run_record_jobs(work, repetition, settings, rs.text_field,
                                                                   rs.id_field)):
            def named(message: str) -> str:  # the path as the user gave it
                return job.source + message[len(w.source):] if message.startswith(w.source) else message

            for message in report.malformed:
                warn(named(message))
            if report.error:
                error(named(report.error))
                totals.failed += 1
            else:
                totals.add(report.stats)
    return totals
