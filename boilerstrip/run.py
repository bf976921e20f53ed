"""One run of ``clean`` or ``report``, whatever the number of inputs: find the inputs, run the
two passes (:mod:`boilerstrip.batch`; record files: :mod:`boilerstrip.recordrun`), send each
outcome where it belongs, and let the :class:`~boilerstrip.report.Report` decide the exit code.

Diagnostics go to stderr as one line each: ``boilerstrip: error: <path>: <what happened>``
or ``boilerstrip: warning: …``. Standard output receives only what the command prints: the
cleaned text, JSON lines, diffs, report rows. The record and Dask machinery
(:mod:`boilerstrip.recordrun`) is imported only by the runs that use it.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Sequence

from .batch import Batch, Workers, sweep_temporaries
from .files import write_output, write_stdout
from .plan import Plan, check_jobs
from .removals import dumps, file_record
from .report import EXIT_PIPE, Outcome, Report, Style, print_files, print_footer, print_removals, progress_bar, format_records
from .walk import Job, Selection, UsageError, discover, is_record_file


def _one_line(message: str) -> str:
    """File names may hold newlines; a diagnostic is always one line."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def error(message: str) -> None:
    sys.stderr.write(f"boilerstrip: error: {_one_line(message)}\n")
    sys.stderr.flush()


def warn(message: str) -> None:
    sys.stderr.write(f"boilerstrip: warning: {_one_line(message)}\n")
    sys.stderr.flush()


@dataclass(frozen=True)
class RecordSettings:
    """The record options of a run."""

    text_field: str = "text"
    id_field: str = "id"
    attributes: str | None = None
    rejects: str | None = None
    records: bool = False  # --records: every input is a record file, whatever its name
    scheduler: str | None = None  # --scheduler ADDRESS|local: the passes run on Dask


def records_run(jobs: Sequence[Job], rs: RecordSettings) -> bool:
    """Whether ``jobs`` are record files (all of them); a :class:`UsageError` for a mix."""
    if rs.records:
        return bool(jobs)
    kinds = {is_record_file(j.source) for j in jobs}
    if kinds == {True, False}:
        rec = next(j.source for j in jobs if is_record_file(j.source))
        txt = next(j.source for j in jobs if not is_record_file(j.source))
        raise UsageError(f"{txt}: a text file in the same run as the record file {rec}; "
                         f"clean them separately (--glob selects one kind)")
    return kinds == {True}


@dataclass(frozen=True)
class Settings:
    """Everything a run needs besides its inputs and its plan (built from options and config):
    the engine and worker settings, which files to take, how to talk."""

    batch: Batch = field(default_factory=Batch)
    selection: Selection = field(default_factory=Selection)
    quiet: bool = False
    color: str = "auto"
    records: RecordSettings = field(default_factory=RecordSettings)


class Printer:
    """Sends each outcome where the format says; what it prints is what ``-o`` receives."""

    def __init__(self, plan: Plan, fmt: str, style: Style, single: bool) -> None:
        self.plan, self.fmt, self.style, self.single = plan, fmt, style, single
        self.buffered: list[bytes] | None = [] if plan.json_file else None
        self.first = True
        self.table_records: list[dict] = []
        self.name = ""

    def _write(self, data: bytes) -> None:
        if self.buffered is not None:
            self.buffered.append(data)
        else:
            write_stdout(data)

    def add(self, outcome: Outcome) -> None:
        if outcome.status != "ok":
            return
        record = file_record(outcome.source, outcome.encoding, outcome.paragraphs, outcome.size, outcome.records)
        if self.fmt == "json-files":  # clean --json
            self._write((dumps(record) + "\n").encode())
        elif self.fmt == "json":
            self._write(((b'{"files": [\n' if self.first else b",\n") + dumps(record).encode()))
        elif self.fmt in ("jsonl", "csv"):
            self._write(format_records(outcome.records, self.fmt, header=self.first))
        elif self.fmt == "table" and self.single:
            self.table_records, self.name = outcome.records, outcome.source
        if self.plan.dry_run and outcome.changed and self.fmt == "text":
            self._write(f"{outcome.source}: would remove {outcome.removed} of {outcome.paragraphs} "
                        f"paragraphs ({outcome.bytes_removed} bytes)\n".encode("utf-8", "surrogateescape"))
        if outcome.diff:
            self._write(outcome.diff.encode("utf-8", "surrogateescape"))
        self.first = False

    def finish(self, report: Report) -> None:
        if self.fmt == "json":
            head = b'{"files": [' if self.first else b"\n],"
            self._write(head + b' "summary": ' + dumps(report.to_dict()).encode() + b"}\n")
        elif self.fmt == "csv" and self.first:
            self._write(format_records([], "csv"))
        elif self.fmt == "table" and (report.processed or not self.single):
            text = io.StringIO()
            if self.single:
                print_removals(self.style, text, self.name, self.table_records)
            else:
                print_files(self.style, text, report)
            reasons = [r["reason"] for r in self.table_records] if self.single else list(report.by_reason)
            print_footer(text, report, reasons)
            self._write(text.getvalue().encode("utf-8", "surrogateescape"))
        if self.buffered is not None:
            write_output(self.plan.json_file, self.buffered)
        sys.stdout.flush()


def interrupt(signum, frame):
    """A signal handler: SIGTERM stops a run like Ctrl-C (temporary files are removed)."""
    raise KeyboardInterrupt


def silence_stdout() -> None:
    """Point standard output at /dev/null, so that the exit does not report a closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def execute(settings: Settings, paths: Sequence[str], plan: Plan, fmt: str) -> int:
    """Run ``clean`` (``fmt`` text or json-files) or ``report`` (table, json, jsonl, csv) over
    ``paths`` (no path: standard input); returns the exit code. Raises walk.UsageError."""
    paths = list(paths) or ["-"]
    found = discover(paths, settings.selection, plan.mirror_dir, plan.kind == "in-place")
    check_jobs(plan, found.jobs)
    report = Report(details=fmt in ("table", "json"))  # clean prints only the totals
    for message in found.warnings:
        warn(message)
    if not found.jobs and not found.failures:
        globs = settings.selection.globs
        warn("no input files found" + (f" matching {', '.join(globs)}" if globs else ""))
    for path, message in found.failures:
        error(f"{path}: {message}")
        report.fail()
    batch = replace(settings.batch, detect_languages=fmt != "text", plan=plan)
    style = Style.detect(settings.color, sys.stdout)
    sole = len(paths) == 1 and len(found.jobs) == 1 and not os.path.isdir(paths[0])
    records = records_run(found.jobs, settings.records)
    if settings.records.scheduler and not records and (
            plan.kind not in ("file", "mirror", "in-place") or plan.dry_run or any(j.source == "-" for j in found.jobs)):
        raise UsageError("--scheduler writes files named on the command line: give -o FILE, -o DIR or --in-place")
    show = not settings.quiet and sys.stderr.isatty() and (len(found.jobs) > 1 or records)
    old_term = signal.signal(signal.SIGTERM, interrupt)
    # Ctrl-C interrupts even when started from a shell that ignores SIGINT for background jobs.
    old_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        if records:
            from .recordrun import execute_records

            totals = execute_records(found.jobs, plan, batch, settings.records, show, style.color, warn, error)
            report.failed += totals.failed
            summary = totals.line(settings.records.rejects is not None)
        else:
            on_dask = settings.records.scheduler is not None
            if on_dask:
                from .recordrun import dask_client

                client = dask_client(settings.records.scheduler, batch.jobs)
            else:
                client = nullcontext()
            with client:
                _clean_texts(replace(batch, on_dask=on_dask), found.jobs, Printer(plan, fmt, style, single=sole),
                             report, sole, show, style)
            summary = report.line() if report.processed or not sole else ""
    except BrokenPipeError:  # the reader of standard output has gone (| head): stop quietly
        silence_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        if plan.writes:
            sweep_temporaries(batch, found.jobs)
        error("interrupted; completed outputs are whole, no partial files were left"
              + ("; running the same command again cleans the rest, counting repetition in the partly "
                 "cleaned inputs (README 'Running again')" if plan.kind == "in-place" and plan.writes else ""))
        report.interrupted = True
        return report.exit_code
    finally:
        signal.signal(signal.SIGTERM, old_term)
        signal.signal(signal.SIGINT, old_int)
    if plan.writes and not settings.quiet and summary:
        sys.stderr.write(summary + "\n")
    return report.exit_code


def _clean_texts(batch: Batch, jobs, printer: "Printer", report: Report, sole: bool, show: bool,
                 style: Style) -> None:
    """The two passes over text files, each outcome reported and printed as it comes."""
    with Workers(batch, jobs) as workers:  # one pool for both passes
        with progress_bar(jobs, "counting", show, style.color) as advance:
            repetition = workers.count(jobs, advance)
        with progress_bar(jobs, "cleaning" if batch.plan.writes else "analysing", show, style.color) as advance:
            _print_outcomes(workers.process(jobs, repetition), advance, printer, report, sole)
    printer.finish(report)


def _print_outcomes(outcomes, advance, printer: "Printer", report: Report, sole: bool) -> None:
    """Each outcome counted, its diagnostics and output printed, then dropped."""
    for job, outcome in outcomes:
        advance(job)
        if sole and outcome.status == "skipped":
            outcome.status = "failed"  # named alone, it was the whole point of the run
        report.add(outcome)
        if outcome.status == "failed":
            error(outcome.message)
        elif outcome.status == "skipped":
            warn(f"{outcome.message}; skipped")
        printer.add(outcome)
