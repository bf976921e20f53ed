"""Command line: ``boilerstrip clean`` and ``boilerstrip report``.

Thin by design: options become one :class:`~boilerstrip.engine.Options` (or a
:class:`~boilerstrip.batch.Batch`) and library calls. Errors print
``boilerstrip: error: <path>: <what happened>`` on stderr (a traceback only with ``--debug``).
Exit codes: 0 success, 1 some inputs failed, 2 usage error, 130 interrupted, 141 stdout closed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Sequence

import click

from . import __version__
from .corpus import CorpusError, read_file
from .engine import Corpus, Options, Result, analyze
from .files import STDIN, InputError, os_reason, read_document, write_atomic
from .repetition import MIN_REPEAT

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_PIPE = 0, 1, 130, 141


class StdoutClosed(Exception):
    """Standard output was closed by the reader (``| head``); not an OSError, so that click
    does not turn it into exit code 1."""


def pipe_safe(func):
    """Report a closed standard output as :class:`StdoutClosed`."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:
            raise StdoutClosed() from None
    return wrapper


def _one_line(message: str) -> str:
    """File names may hold newlines; a diagnostic is always one line."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def error(message: str) -> None:
    click.echo(f"boilerstrip: error: {_one_line(message)}", err=True)


def warn(message: str) -> None:
    click.echo(f"boilerstrip: warning: {_one_line(message)}", err=True)


def _extra(corpus_files: Sequence[str]) -> tuple:
    extra = []
    try:
        for path in dict.fromkeys(corpus_files):  # the same file twice is read once
            extra.extend(read_file(path))
        Corpus.with_extra(extra)  # validates ids against the packaged corpus
    except CorpusError as exc:
        raise click.UsageError(f"corpus file {exc}") from None
    return tuple(extra)


def _options(corpus_files: Sequence[str], keep_chrome: bool, detect_languages: bool = True) -> Options:
    corpus = Corpus.with_extra(_extra(corpus_files))
    return Options(keep_chrome=keep_chrome, corpus=corpus, detect_languages=detect_languages)


def common_options(func):
    """Options shared by every command, so that they are spelled the same everywhere."""
    func = click.option("--corpus", "corpus_files", multiple=True, type=click.Path(dir_okay=False),
                        metavar="FILE", help="Extra corpus file (JSON Lines, see the README); repeatable.")(func)
    func = click.option("--keep-chrome", is_flag=True,
                        help="Keep interface lines ('Share', 'Text size:'); remove consent text only.")(func)
    func = click.option("-q", "--quiet", is_flag=True,
                        help="No progress bar or summary on stderr (errors and warnings still print).")(func)
    func = click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")(func)
    return func


def batch_options(func):
    """Options for several files or directories."""
    func = click.option("--glob", "globs", multiple=True, metavar="PATTERN",
                        help="Only files whose name (or path below the directory) matches; repeatable. "
                             "Default: every regular file.")(func)
    func = click.option("-j", "--jobs", type=click.IntRange(1, 512), default=None,
                        help="Worker processes for batches (default: number of CPU cores).")(func)
    func = click.option("--min-repeat", type=click.IntRange(2, None), default=MIN_REPEAT, show_default=True,
                        help="In a batch, a paragraph found in this many documents is repeated boilerplate "
                             "(with other evidence; syndicated stories are kept).")(func)
    return func


def result_json(name: str, result: Result) -> bytes:
    """One document's analysis as a JSON document (ASCII: undecodable bytes stay escapes)."""
    return (json.dumps({"file": name, **result.to_dict()}, ensure_ascii=True, indent=2) + "\n").encode()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="boilerstrip")
def main() -> None:
    """Remove cookie/consent banners and interface chrome from scraped article text.

    \b
    Examples:
      boilerstrip clean article.txt > article.clean.txt
      your-scraper URL | boilerstrip clean - > clean.txt
      boilerstrip clean scraped/ -o cleaned/ --jobs 4
      boilerstrip report article.txt
      boilerstrip report scraped/ --format csv > removals.csv

    Exit codes: 0 success, 1 some inputs failed, 2 usage error, 130 interrupted,
    141 standard output closed early.
    """



def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (False when either cannot be examined: the reading
    code reports that with the right message)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _single(paths: Sequence[str], output: str | None, in_place: bool) -> bool:
    """One document to stdout or to a file (else: a batch)."""
    if in_place or len(paths) > 1:
        return False
    path = paths[0] if paths else STDIN
    if path != STDIN and os.path.isdir(path):
        return False
    return not (output and (os.path.isdir(output) or output.endswith(("/", os.sep))))


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("-o", "--output", metavar="FILE|DIR",
              help="One input: write the cleaned text to FILE (atomically) instead of stdout. "
                   "Several inputs or a directory: mirror them under DIR.")
@click.option("--in-place", is_flag=True, help="Rewrite the inputs themselves (atomically). Never the default.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the analysis as JSON instead of the text (a batch: one JSON line per file).")
@batch_options
@common_options
@pipe_safe
def clean(paths, output, in_place, as_json, globs, jobs, min_repeat, corpus_files, keep_chrome, quiet, debug):
    """Remove consent banners and interface chrome from files, directories or stdin.

    With one FILE (or `-`, or nothing: stdin) the cleaned text goes to stdout or `-o FILE`.
    With several PATHs or a directory, outputs mirror the inputs under `-o DIR`, or replace
    them with `--in-place`; a paragraph repeated across the batch is further evidence.
    Kept paragraphs are byte-identical to the input, in order, with their line endings.

    \b
    Examples:
      boilerstrip clean scraped.txt > clean.txt
      boilerstrip clean - < scraped.txt
      boilerstrip clean scraped.txt -o clean.txt
      boilerstrip clean --json scraped.txt
      boilerstrip clean scraped/ more.txt -o cleaned/ --glob '*.txt' --jobs 2
      boilerstrip clean --in-place scraped/
    """
    if in_place and output:
        raise click.UsageError("--in-place and --output exclude each other")
    if not paths and (in_place or (output and os.path.isdir(output))):
        raise click.UsageError("name the files or directories to clean (standard input cannot be "
                               "rewritten in place or mirrored into a directory)")
    if _single(paths, output, in_place):
        path = paths[0] if paths else STDIN
        if output and path != STDIN and _same_file(path, output):
            raise click.UsageError(f"{output}: is the input; use --in-place to rewrite inputs")
        _clean_one(path, output, as_json, corpus_files, keep_chrome, quiet)
        return
    if not output and not in_place:
        raise click.UsageError("several inputs or a directory need -o DIR (or --in-place)")
    if output and os.path.exists(output) and not os.path.isdir(output):
        raise click.UsageError(f"{output}: exists and is not a directory")
    if output and os.path.isdir(output):
        for p in paths:
            if p != STDIN and os.path.isdir(p) and _same_file(p, output):
                raise click.UsageError(f"{output}: is an input directory; use --in-place to rewrite inputs")
    from .batch import Batch

    batch = Batch(extra=_extra(corpus_files), keep_chrome=keep_chrome, min_repeat=min_repeat,
                  jobs=jobs or os.cpu_count() or 1, outdir=None if in_place else output,
                  in_place=in_place, detect_languages=as_json)
    if output:
        try:
            os.makedirs(output, exist_ok=True)
        except OSError as exc:
            error(f"{output}: cannot create directory: {os_reason(exc)}")
            sys.exit(EXIT_FAILED)
    sys.exit(_run_batch(batch, paths, globs, quiet, as_json and "jsonl-files"))


def _clean_one(path: str, output: str | None, as_json: bool, corpus_files, keep_chrome: bool, quiet: bool) -> None:
    options = _options(corpus_files, keep_chrome, detect_languages=as_json)
    try:
        doc = read_document(path)
        result = analyze(doc.text, options)
        if as_json:
            data = [result_json(doc.name, result)]
        else:
            data = doc.encode_pieces(result.pieces())
        if output:
            write_atomic(output, data)
        else:
            for chunk in data:
                _stdout_write(chunk)
    except InputError as exc:
        error(str(exc))
        sys.exit(EXIT_FAILED)
    if not quiet and output:
        click.echo(f"{doc.name}: removed {len(result.removed)} of {len(result.paragraphs)} paragraphs", err=True)


#: Standard output is written in slices of this size, so that a reader closing the pipe
#: (``| head``) is noticed promptly instead of after one giant write.
STDOUT_CHUNK = 1 << 20


def _stdout_write(data: bytes) -> None:
    out = sys.stdout.buffer
    view = memoryview(data)
    start = 0
    while start < len(view):
        # A reader that closes mid-write gets a short count first; the retry raises EPIPE.
        written = out.write(view[start : start + STDOUT_CHUNK])
        start += written if written else 0
        if not written:
            raise BrokenPipeError(32, "Broken pipe")
    out.flush()


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True, help="Table for people; JSON, JSON Lines or CSV (one record per removed "
                                      "paragraph) for machines.")
@batch_options
@common_options
@pipe_safe
def report(paths, fmt, globs, jobs, min_repeat, corpus_files, keep_chrome, quiet, debug):
    """Show what `clean` would remove, why and with what score. Nothing is written.

    With several PATHs or a directory: one row per file and a batch summary (most frequently
    removed paragraphs, removals per reason and language).

    \b
    Examples:
      boilerstrip report scraped.txt
      boilerstrip report --format json scraped.txt
      boilerstrip report scraped/ --format csv > removals.csv
      boilerstrip report scraped/ --format jsonl | jq -r .rule | sort | uniq -c
    """
    if _single(paths, None, False):
        path = paths[0] if paths else STDIN
        options = _options(corpus_files, keep_chrome)
        try:
            doc = read_document(path)
        except InputError as exc:
            error(str(exc))
            sys.exit(EXIT_FAILED)
        result = analyze(doc.text, options)
        if fmt == "table":
            from .report import print_table

            print_table(doc.name, result)
        elif fmt == "json":
            _stdout_write(result_json(doc.name, result))
        else:
            from .batch import Job, _records
            from .report import write_records

            write_records(_records(Job(0, doc.name, doc.name), result), fmt, sys.stdout)
        return
    from .batch import Batch

    batch = Batch(extra=_extra(corpus_files), keep_chrome=keep_chrome, min_repeat=min_repeat,
                  jobs=jobs or os.cpu_count() or 1)
    sys.exit(_run_batch(batch, paths, globs, quiet, fmt))


def _run_batch(batch, paths: Sequence[str], globs: Sequence[str], quiet: bool, fmt) -> int:
    """Run a batch (clean when it has an output, else report); returns the exit code."""
    from .batch import UsageError, count, discover, process, sweep_temporaries
    from .report import BatchSummary, progress_bar, write_records

    try:
        found = discover(paths, globs, batch.outdir, batch.in_place)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    if batch.outdir is not None:
        for job in found.jobs:
            target = os.path.join(batch.outdir, job.rel)
            if _same_file(job.source, target):
                raise click.UsageError(f"{target}: is the input {job.source}; use --in-place to rewrite inputs")
    for message in found.warnings:
        warn(message)
    if not found.jobs and not found.failures:
        warn("no input files found" + (f" matching {', '.join(globs)}" if globs else ""))
    for outcome in found.failures:
        error(outcome.message)
    summary = BatchSummary()
    summary.failed += len(found.failures)
    writing = batch.outdir is not None or batch.in_place
    show = not quiet and sys.stderr.isatty()
    ordered = True  # outcomes in input order: reports and summaries never depend on --jobs
    old = signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C interrupts even when started from a shell that ignores SIGINT for background jobs.
    old_int = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with progress_bar(found.jobs, "counting", show) as advance:
            repetition = count(batch, found.jobs, advance)
        records_out = fmt in ("jsonl", "csv")
        with progress_bar(found.jobs, "cleaning" if writing else "analysing", show) as advance:
            header = True
            for outcome in process(batch, found.jobs, repetition, ordered=ordered):
                advance(outcome.job)
                summary.add(outcome)
                if outcome.status == "failed":
                    error(outcome.message)
                elif outcome.status == "skipped":
                    warn(f"{outcome.message}; skipped")
                elif records_out:
                    write_records(outcome.records, fmt, sys.stdout, header=header)
                    header = False
                elif fmt == "jsonl-files":
                    line = {"file": outcome.job.source, "paragraphs": outcome.paragraphs, "removed": outcome.records}
                    sys.stdout.write(json.dumps(line, ensure_ascii=True) + "\n")
    except KeyboardInterrupt:
        if writing:
            sweep_temporaries(batch, found.jobs)
        error("interrupted; completed outputs are whole, no partial files were left")
        return EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, old)
        signal.signal(signal.SIGINT, old_int)
    if fmt == "table" and not writing:
        summary.print_table()
    elif fmt == "json":
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=True, indent=2) + "\n")
    if writing and not quiet:
        click.echo(summary.line(), err=True)
    return EXIT_FAILED if summary.failed else EXIT_OK


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run() -> None:
    """Console entry point: the click group, plus clean handling of signals, closed pipes and
    bugs. SIGTERM is turned into KeyboardInterrupt so that a temporary output is removed."""
    debug = "--debug" in sys.argv
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        main(standalone_mode=False)
    except click.exceptions.Abort:
        error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "boilerstrip"
        error(f"{exc.format_message()} (see '{command} --help')")
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        error(exc.format_message())
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except (BrokenPipeError, StdoutClosed):
        _silence_stdout()
        sys.exit(EXIT_PIPE)
    except SystemExit:
        _flush_quietly()
        raise
    except Exception as exc:  # an unexpected bug: one line, not a traceback, unless --debug
        if debug:
            raise
        error(f"unexpected {type(exc).__name__}: {exc} (run with --debug for a traceback)")
        sys.exit(EXIT_FAILED)
    _flush_quietly()


def _flush_quietly() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_PIPE)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
