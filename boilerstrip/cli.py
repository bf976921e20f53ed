"""Command line: ``boilerstrip clean``, ``boilerstrip report`` and ``boilerstrip learn``.

Option wiring only: options (and the configuration file, :mod:`boilerstrip.config`) become a
:class:`~boilerstrip.run.Settings` and a :class:`~boilerstrip.plan.Plan`, and
:func:`~boilerstrip.run.execute` does the rest (record files: :mod:`boilerstrip.recordrun`;
``learn``: :mod:`boilerstrip.learnrun`). Errors print
``boilerstrip: error: <path>: <what happened>`` on stderr (a traceback only with ``--debug``).
Exit codes: 0 success, 1 some inputs failed, 2 usage error, 130 interrupted, 141 stdout closed.
"""

from __future__ import annotations

import os
import signal
import sys

import click

from . import __version__
from .batch import Batch
from .config import ConfigError, load
from .corpus import CorpusError, read_file
from .encodings import check_name
from .engine import Corpus
from .plan import REPORT, plan_clean
from .repetition import MIN_REPEAT
from .report import Style, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_PIPE, EXIT_USAGE
from .learn import MIN_PAGES
from .run import RecordSettings, Settings, error, execute, interrupt, silence_stdout, warn
from .walk import Selection, UsageError

#: Configuration keys and the parameters they fill when the command line does not.
CONFIG_PARAMS = {"corpus": "corpus_files", "min-repeat": "min_repeat", "exclude": "excludes", "glob": "globs",
                 "keep-chrome": "keep_chrome", "jobs": "jobs", "hidden": "hidden", "no-ignore": "no_ignore",
                 "encoding": "encoding"}


def _extra(corpus_files) -> tuple:
    extra = []
    try:
        for path in dict.fromkeys(corpus_files):  # the same file twice is read once
            extra.extend(read_file(path))
        Corpus.with_extra(extra)  # validates ids against the packaged corpus
    except CorpusError as exc:
        raise click.UsageError(f"corpus file {exc}") from None
    return tuple(extra)


def _settings(ctx: click.Context, p: dict) -> Settings:
    """Options, filled from the configuration file where the command line left them unset."""
    try:
        config = load(p["config"])
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    for key, name in CONFIG_PARAMS.items():
        if key in config.values and ctx.get_parameter_source(name) is click.core.ParameterSource.DEFAULT:
            p[name] = config.values[key]
    try:
        check_name(p["encoding"])
    except LookupError:
        raise click.BadParameter(f"unknown encoding '{p['encoding']}'", param_hint="--encoding") from None
    batch = Batch(_extra(p["corpus_files"]), p.get("keep_chrome", False), p.get("min_repeat", MIN_REPEAT),
                  p.get("jobs") or os.cpu_count() or 1, p["encoding"], repeat=not p.get("no_repeat", False))
    selection = Selection(tuple(p["globs"]), tuple(p["excludes"]), p["hidden"], p["no_ignore"])
    records = RecordSettings(p.get("text_field", "text"), p.get("id_field", "id"), p.get("attributes"),
                             p.get("rejects"), p.get("records", False), p.get("scheduler"))
    return Settings(batch, selection, p["quiet"], p["color"], records)


def _apply(func, decorators):
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


#: Which files of the named paths are inputs (clean, report, learn).
SELECTION_OPTIONS = [
    click.option("--glob", "globs", multiple=True, metavar="PATTERN",
                 help="Only files whose name (or path below the directory) matches; repeatable."),
    click.option("--exclude", "excludes", multiple=True, metavar="GLOB",
                 help="Leave out files and folders matching this gitignore-style pattern; repeatable."),
    click.option("--hidden", is_flag=True, help="Also walk hidden files and folders (.name)."),
    click.option("--no-ignore", is_flag=True, help="Do not honour .gitignore and .ignore files."),
]
#: Reading, configuration and talking (clean, report, learn).
GENERAL_OPTIONS = [
    click.option("--corpus", "corpus_files", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
                 help="Extra corpus file (JSON Lines, see the README; 'learn' writes one); repeatable."),
    click.option("--encoding", default="auto", show_default=True, metavar="auto|utf-8|latin-1|…",
                 help="Input encoding; auto detects it and writes each file back in its own."),
    click.option("--config", type=click.Path(dir_okay=False), metavar="FILE",
                 help="Configuration file (default: boilerstrip.toml or pyproject.toml found upward)."),
    click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                 help="Colours and styles in tables (NO_COLOR in the environment means never for auto)."),
    click.option("-q", "--quiet", is_flag=True,
                 help="No progress bar, summary or table on stderr (errors and warnings still print)."),
    click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors."),
]
#: JSON Lines records (clean, learn).
RECORD_OPTIONS = [
    click.option("--records", is_flag=True,
                 help="Read every input as JSON Lines records, whatever its name (default: by extension "
                      ".jsonl/.ndjson, optionally .gz/.zst)."),
    click.option("--text-field", default="text", show_default=True, metavar="NAME",
                 help="Records: the field holding the text."),
]


def common_options(func):
    """Options shared by clean and report, so that they are spelled the same everywhere."""
    return _apply(func, SELECTION_OPTIONS + [
        click.option("-j", "--jobs", type=click.IntRange(1, 512), default=None,
                     help="Worker processes for batches (default: number of CPU cores)."),
        click.option("--min-repeat", type=click.IntRange(2, None), default=MIN_REPEAT, show_default=True,
                     help="In a batch, a paragraph found in this many documents (of one site, for records "
                          "with a URL) is repeated boilerplate (with other evidence; syndicated stories are kept)."),
        click.option("--no-repeat", is_flag=True,
                     help="No batch repetition: each input (each record) is cleaned as if alone."),
        click.option("--keep-chrome", is_flag=True,
                     help="Keep interface lines ('Share', 'Text size:'); remove consent text only."),
    ] + GENERAL_OPTIONS)


def _no_input_at_terminal(ctx: click.Context, paths) -> None:
    if not paths and sys.stdin is not None and sys.stdin.isatty():
        click.echo(ctx.get_usage() + f"\n\nNo input: name files or directories, or pipe text in "
                   f"(e.g. 'scraper | {ctx.command_path} -'). See '{ctx.command_path} --help'.", err=True)
        sys.exit(EXIT_USAGE)


def _run(ctx: click.Context, paths, plan, fmt: str, params: dict) -> None:
    _no_input_at_terminal(ctx, paths)
    settings = _settings(ctx, params)
    try:
        code = execute(settings, paths, plan() if callable(plan) else plan, fmt)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(code)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="boilerstrip")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Remove cookie/consent banners and interface chrome from scraped article text.

    \b
    Examples:
      boilerstrip clean article.txt > article.clean.txt
      your-scraper URL | boilerstrip clean - > clean.txt
      boilerstrip clean scraped/ -o cleaned/ --jobs 4
      boilerstrip report article.txt
      boilerstrip report scraped/ --format csv > removals.csv
      boilerstrip clean data.jsonl.gz -o clean.jsonl.gz
      boilerstrip learn scraped/ -o learned.jsonl

    Exit codes: 0 success, 1 some inputs failed, 2 usage error, 130 interrupted,
    141 standard output closed early.
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("-o", "--output", metavar="FILE|DIR",
              help="One input: write what would be printed to FILE (atomically). Several inputs or a "
                   "directory: mirror the cleaned texts under DIR.")
@click.option("--in-place", is_flag=True, help="Rewrite the inputs themselves (atomically). Never the default.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON line per input (its removal records) instead of the text.")
@click.option("--dry-run", is_flag=True, help="With --in-place or -o: say what would change; write nothing.")
@click.option("--diff", is_flag=True, help="Print a unified diff of the removals (instead of the text on stdout).")
@common_options
@lambda f: _apply(f, RECORD_OPTIONS)
@click.option("--id-field", default="id", show_default=True, metavar="NAME",
              help="Records: the field holding the id (copied into --attributes lines).")
@click.option("--attributes", type=click.Path(), metavar="FILE|DIR",
              help="Records: also write Dolma-style attributes (removed spans per rule), one line per "
                   "output record; a directory mirroring the inputs for several files.")
@click.option("--rejects", type=click.Path(), metavar="FILE|DIR",
              help="Records: send malformed lines here instead of keeping them in place; a directory "
                   "for several files.")
@click.option("--scheduler", metavar="ADDRESS|local",
              help="Run both passes on Dask (text files and record files), on the distributed scheduler "
                   "at ADDRESS (tcp://host:8786) or on a local cluster of --jobs workers (needs the dask "
                   "extra; workers must see the same paths).")
@click.pass_context
def clean(ctx, paths, output, in_place, as_json, dry_run, diff, **params):
    """Remove consent banners and interface chrome from files, directories or stdin.

    With one FILE (or `-`, or nothing: stdin) the cleaned text goes to stdout or `-o FILE`.
    With several PATHs or a directory, outputs mirror the inputs under `-o DIR`, or replace
    them with `--in-place`; a paragraph repeated across the batch is further evidence.
    JSON Lines record files (.jsonl, .ndjson, optionally .gz or .zst) are cleaned record by
    record: the text field is cleaned, every other byte kept, in the same order.
    Directories are walked like ripgrep does: hidden files and ignored files are skipped.
    Kept paragraphs are byte-identical to the input, in order, with their line endings.

    \b
    Examples:
      boilerstrip clean scraped.txt > clean.txt
      boilerstrip clean - < scraped.txt
      boilerstrip clean scraped.txt -o clean.txt
      boilerstrip clean --json scraped.txt
      boilerstrip clean scraped/ more.txt -o cleaned/ --glob '*.txt' --jobs 2
      boilerstrip clean --in-place --dry-run --diff scraped/
      boilerstrip clean data.jsonl.zst -o clean.jsonl.gz --attributes attrs.jsonl.gz
      boilerstrip clean shards/ --glob '*.jsonl.gz' -o cleaned/ --rejects rejects/
    """
    def plan():
        try:
            return plan_clean(paths, output, in_place, as_json, diff, dry_run)
        except UsageError as exc:
            raise click.UsageError(str(exc)) from None

    _run(ctx, paths, plan, "json-files" if as_json else "text", params)


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True, help="Table for people; JSON, JSON Lines or CSV records for machines "
                                      "(one schema, see the README).")
@common_options
@click.pass_context
def report(ctx, paths, fmt, **params):
    """Show what `clean` would remove, why and with what score. Nothing is written.

    With several PATHs or a directory: one row per file and a batch summary (most frequently
    removed paragraphs, removals per reason and language).

    \b
    Examples:
      boilerstrip report scraped.txt
      boilerstrip report --format json scraped.txt
      boilerstrip report scraped/ --format csv > removals.csv
      boilerstrip report scraped/ --format jsonl | jq -r .reason | sort | uniq -c
    """
    _run(ctx, paths, REPORT, fmt, params)


@main.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("-o", "--output", metavar="FILE", help="Write the corpus file here (atomically) instead of stdout.")
@click.option("--min-pages", type=click.IntRange(2, None), default=MIN_PAGES, show_default=True,
              help="A candidate must be found on this many pages of one site.")
@lambda f: _apply(f, SELECTION_OPTIONS + RECORD_OPTIONS + GENERAL_OPTIONS)
@click.pass_context
def learn(ctx, paths, output, min_pages, **params):
    """Mine a batch for candidate banners and chrome, written as a corpus file to review.

    Text files and JSON Lines record files; records are grouped by the site of their URL.
    The corpus file (stdout without -o) lists each candidate with its pages, sites and
    examples; a table of the top candidates goes to stderr (not with -q). Review the file,
    then use it with `clean --corpus FILE`.

    \b
    Examples:
      boilerstrip learn scraped/ -o learned.jsonl
      boilerstrip learn crawl.jsonl.gz --min-pages 5 > learned.jsonl
      boilerstrip clean scraped/ -o cleaned/ --corpus learned.jsonl
    """
    from .learnrun import execute_learn  # only this command reads for learning

    _no_input_at_terminal(ctx, paths)
    settings = _settings(ctx, params)
    try:
        code = execute_learn(paths, settings.selection, output, min_pages, settings.batch.extra,
                             settings.batch.encoding, params["text_field"], params["records"], settings.quiet,
                             Style.detect(settings.color, sys.stderr).color, warn, error)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(code)


def run() -> None:
    """Console entry point: the click group, plus clean handling of signals, closed pipes and
    bugs. SIGTERM is turned into KeyboardInterrupt so that a temporary output is removed."""
    debug = "--debug" in sys.argv
    signal.signal(signal.SIGTERM, interrupt)
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
    except BrokenPipeError:
        silence_stdout()
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


def entry() -> None:
    """The ``boilerstrip`` command (and ``python -m boilerstrip``): :func:`run`, then, for a
    run that started no thread and no process, an exit that skips tearing the interpreter
    down (freeing every object of the corpus and the modules: about a tenth of a small
    file's run). Standard output and error are flushed first, as a normal exit would; a run
    with workers, threads or Dask exits normally, so that their clean-up runs."""
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if not _may_exit_fast() or not (code is None or isinstance(code, int)):
        sys.exit(code)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        code = EXIT_PIPE
    except (OSError, ValueError):
        sys.exit(code)  # let the normal exit report it
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code or 0)


def _may_exit_fast() -> bool:
    """Whether nothing but this thread runs and nothing registered clean-up that matters:
    no worker pool, no Dask, no other thread."""
    if any(name in sys.modules for name in ("multiprocessing", "concurrent.futures", "distributed", "dask")):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _flush_quietly() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
        sys.exit(EXIT_PIPE)
