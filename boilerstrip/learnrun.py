"""One ``learn`` run: find the inputs (text files and record files), mine them with
:func:`boilerstrip.learn.learn`, write the corpus file and show the reviewer a table.

Text files have no URL: they form one group (no site). Records are grouped by the site of
their URL. Files that cannot be read are reported once and left out; malformed record lines
are left out of the mining (``clean`` reports them).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from .engine import Corpus
from .files import InputError, read_document, write_output, write_stdout
from .learn import COLUMNS, learn, rows, write_corpus
from .records import Documents
from .report import EXIT_FAILED, EXIT_OK
from .walk import Job, Selection, discover, is_record_file


@dataclass
class _Batch:
    """The ``(site, text)`` pairs of the inputs, re-iterable (read again on each pass); files
    that fail are remembered and skipped."""

    jobs: Sequence[Job]
    encoding: str
    text_field: str
    records: bool
    failed: dict
    documents: int = 0  # read in the last pass

    def __iter__(self) -> Iterator[tuple[str | None, str]]:
        self.documents = 0
        for job in self.jobs:
            if job.source in self.failed:
                continue
            try:
                if self.records or is_record_file(job.source):
                    docs = Documents([job.source], self.text_field)
                else:
                    docs = [(None, read_document(job.source, self.encoding).text)]
                for doc in docs:
                    self.documents += 1
                    yield doc
            except InputError as exc:
                self.failed[job.source] = str(exc)


def execute_learn(paths: Sequence[str], selection: Selection, output: str | None, min_pages: int,
                  extra: tuple, encoding: str, text_field: str, records: bool, quiet: bool, color: bool,
                  warn: Callable[[str], None], error: Callable[[str], None]) -> int:
    """Mine ``paths`` and write the corpus (``output`` or stdout); returns the exit code."""
    found = discover(list(paths) or ["-"], selection)
    for message in found.warnings:
        warn(message)
    for path, message in found.failures:
        error(f"{path}: {message}")
    if not found.jobs and not found.failures:
        warn("no input files found")
    batch = _Batch(found.jobs, encoding, text_field, records, {})
    # learn reads its inputs twice: standard input is kept in memory for the second pass
    docs = list(batch) if any(j.source == "-" for j in found.jobs) else batch
    candidates = learn(docs, min_pages, Corpus.with_extra(extra))
    for message in batch.failed.values():
        error(message)
    documents = batch.documents
    buf = io.StringIO()
    entries = write_corpus(candidates, buf, documents=documents)
    data = buf.getvalue().encode("utf-8", "surrogateescape")
    if output:
        write_output(output, data)
    else:
        write_stdout(data)
    if not quiet:
        _table(candidates, entries, documents, output, color)
    return EXIT_FAILED if batch.failed or found.failures else EXIT_OK


def _table(candidates, entries: int, documents: int, output: str | None, color: bool) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True, color_system="standard" if color else None, no_color=not color)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1), collapse_padding=True, title=f"top candidates of {len(candidates)} ({entries} corpus entries) from {documents} documents",
                  title_justify="left")
    for name in COLUMNS:  # fits 80 columns: the text wraps, the others are cut short
        if name == "text":
            table.add_column(name, overflow="fold", ratio=1)
        else:
            table.add_column(name, justify="right" if name in ("pages", "sites") else "left", no_wrap=True,
                             max_width={"family": 14, "why": 11}.get(name, 9), overflow="ellipsis")
    for row in rows(candidates):
        table.add_row(*row)
    console.print(table)
    where = output or "standard output"
    console.print(f"review {where}, then use it with --corpus {output or 'FILE'}")
