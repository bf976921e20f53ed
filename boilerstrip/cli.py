"""Command line: ``boilerstrip clean`` and ``boilerstrip report``.

Thin by design: options become one :class:`~boilerstrip.engine.Options` and library calls.
Errors print ``boilerstrip: error: <path>: <what happened>`` on stderr (a traceback only with
``--debug``). Exit codes: 0 success, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from typing import Sequence

import click

from . import __version__
from .corpus import CorpusError, read_file
from .engine import Corpus, Options, Result, analyze
from .files import STDIN, Document, InputError, read_document, write_atomic

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PREVIEW_CHARS = 60


def error(message: str) -> None:
    click.echo(f"boilerstrip: error: {message}", err=True)


def warn(message: str) -> None:
    click.echo(f"boilerstrip: warning: {message}", err=True)


def _options(corpus_files: Sequence[str], keep_chrome: bool, detect_languages: bool = True) -> Options:
    extra = []
    for path in corpus_files:
        try:
            extra.extend(read_file(path))
        except CorpusError as exc:
            raise click.UsageError(f"corpus file {exc}") from None
    try:
        corpus = Corpus.with_extra(extra)
    except CorpusError as exc:
        raise click.UsageError(f"corpus file {exc}") from None
    return Options(keep_chrome=keep_chrome, corpus=corpus, detect_languages=detect_languages)


def common_options(func):
    """Options shared by every command, so that they are spelled the same everywhere."""
    func = click.option("--corpus", "corpus_files", multiple=True, type=click.Path(dir_okay=False),
                        metavar="FILE", help="Extra corpus file (JSON Lines, see the README); repeatable.")(func)
    func = click.option("--keep-chrome", is_flag=True,
                        help="Keep interface lines ('Share', 'Text size:'); remove consent text only.")(func)
    func = click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")(func)
    func = click.option("--debug", is_flag=True, help="Show tracebacks for unexpected errors.")(func)
    return func


def result_json(name: str, result: Result) -> dict:
    return {"file": name, **result.to_dict()}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="boilerstrip")
def main() -> None:
    """Remove cookie/consent banners and interface chrome from scraped article text.

    \b
    Examples:
      boilerstrip clean article.txt > article.clean.txt
      curl -s URL | your-extractor | boilerstrip clean - > clean.txt
      boilerstrip report article.txt
      boilerstrip report --format json article.txt | jq .

    Exit codes: 0 success, 1 some inputs failed, 2 usage error.
    """


def _read_one(path: str) -> Document:
    return read_document(path)


@main.command()
@click.argument("path", default=STDIN, metavar="[FILE|-]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write the cleaned text here (atomically) instead of stdout.")
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON instead of the text.")
@common_options
def clean(path: str, output: str | None, as_json: bool, corpus_files, keep_chrome, quiet, debug) -> None:
    """Print FILE (or stdin) without its consent banners and interface chrome.

    Kept paragraphs are byte-identical to the input, in order, with their line endings.

    \b
    Examples:
      boilerstrip clean scraped.txt > clean.txt
      boilerstrip clean - < scraped.txt
      boilerstrip clean scraped.txt -o clean.txt
      boilerstrip clean --json scraped.txt
    """
    options = _options(corpus_files, keep_chrome, detect_languages=as_json)
    try:
        doc = _read_one(path)
        result = analyze(doc.text, options)
        if as_json:
            payload = (json.dumps(result_json(doc.name, result), ensure_ascii=False, indent=2) + "\n")
            if output:
                write_atomic(output, payload.encode("utf-8"))
            else:
                _stdout_write(payload.encode("utf-8"))
        else:
            data = doc.encode(result.cleaned())
            if output:
                write_atomic(output, data)
            else:
                _stdout_write(data)
    except InputError as exc:
        error(str(exc))
        sys.exit(EXIT_FAILED)
    if not quiet and result.removed and output:
        click.echo(f"{doc.name}: removed {len(result.removed)} of {len(result.paragraphs)} paragraphs", err=True)


def _stdout_write(data: bytes) -> None:
    out = sys.stdout.buffer
    out.write(data)
    out.flush()


@main.command()
@click.argument("path", default=STDIN, metavar="[FILE|-]")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Table for people, JSON for machines.")
@common_options
def report(path: str, fmt: str, corpus_files, keep_chrome, quiet, debug) -> None:
    """Show what `clean` would remove from FILE (or stdin), why and with what score.

    \b
    Examples:
      boilerstrip report scraped.txt
      boilerstrip report --format json scraped.txt
    """
    options = _options(corpus_files, keep_chrome)
    try:
        doc = _read_one(path)
    except InputError as exc:
        error(str(exc))
        sys.exit(EXIT_FAILED)
    result = analyze(doc.text, options)
    if fmt == "json":
        _stdout_write((json.dumps(result_json(doc.name, result), ensure_ascii=False, indent=2) + "\n").encode())
        return
    from .report import print_table

    print_table(doc.name, result)
