"""A run's :class:`Report` (it counts outcomes and owns the exit code) and how it is shown:
tables for people (rich at a terminal, plain rows when piped), JSON, JSON Lines and CSV
records for machines (schema in :mod:`boilerstrip.removals`), and the progress bar.

rich is imported only when something is drawn.
"""

from __future__ import annotations

import csv
import io
import os
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from .removals import REMOVAL_FIELDS, SCORE_UNITS, csv_row, dumps

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_PIPE = 0, 1, 2, 130, 141
PREVIEW_CHARS = 60
#: How many of the most frequently removed paragraphs a batch summary lists.
TOP_REMOVED = 10
#: Distinct removed paragraphs tracked for that list (memory stays bounded in huge batches).
TOP_TRACKED = 5000
#: Per-file rows a table keeps (one row per file; memory stays bounded).
MAX_ROWS = 10_000
#: Tables are drawn at most this wide, and never wider than the terminal.
TABLE_WIDTH = 100


@dataclass
class Outcome:
    """What happened to one input."""

    source: str
    status: str = "ok"  # ok | skipped | failed
    message: str = ""
    encoding: str = "utf-8"
    paragraphs: int = 0
    size: int = 0
    records: list[dict] = field(default_factory=list)
    changed: bool = False
    diff: str = ""

    @property
    def removed(self) -> int:
        return len(self.records)

    @property
    def bytes_removed(self) -> int:
        return sum(r["end"] - r["start"] for r in self.records)


@dataclass
class Report:
    """Totals of a run, filled one outcome at a time (outcomes are not kept), and its exit
    code: 0, or 1 when an input failed, 130 when interrupted. ``details``: also keep what only
    a report shows (per-file rows, the most removed texts); ``clean`` needs only the totals."""

    files: int = 0
    processed: int = 0
    changed: int = 0
    skipped: int = 0
    failed: int = 0
    interrupted: bool = False
    paragraphs: int = 0
    removed: int = 0
    size: int = 0
    bytes_removed: int = 0
    by_reason: Counter = field(default_factory=Counter)
    by_lang: Counter = field(default_factory=Counter)
    rows: list[tuple] = field(default_factory=list)
    details: bool = True
    _top: Counter = field(default_factory=Counter)
    _top_text: dict = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FAILED if self.failed else EXIT_OK

    def fail(self) -> None:
        self.files += 1
        self.failed += 1

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if outcome.status == "failed":
            self.failed += 1
            return
        if outcome.status == "skipped":
            self.skipped += 1
            return
        self.processed += 1
        self.changed += bool(outcome.records)
        self.paragraphs += outcome.paragraphs
        self.removed += outcome.removed
        self.size += outcome.size
        self.bytes_removed += outcome.bytes_removed
        for r in outcome.records:
            self.by_reason[r["reason"]] += 1
            self.by_lang[r["lang"] or "und"] += 1
            if not self.details:
                continue
            key = " ".join(r["text"].split()).casefold()
            if key in self._top or len(self._top) < TOP_TRACKED:
                self._top[key] += 1
                self._top_text.setdefault(key, (r["text"], r["reason"]))
        if self.details and len(self.rows) < MAX_ROWS:
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(Counter(r["reason"] for r in outcome.records).items()))
            self.rows.append((outcome.source, outcome.paragraphs, outcome.removed, reasons))

    def top(self) -> list[tuple[int, str, str]]:
        ranked = sorted(self._top.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_REMOVED]
        return [(n, *self._top_text[k]) for k, n in ranked]

    def line(self) -> str:
        """The summary line (stderr after a clean, last line of a report table)."""
        reasons = ", ".join(f"{r} {n}" for r, n in sorted(self.by_reason.items()))
        files = f"{self.processed} file{'s' * (self.processed != 1)}"
        return (f"boilerstrip: {files} processed, {self.skipped} skipped, {self.failed} failed; "
                f"{self.removed} of {self.paragraphs} paragraphs removed ({self.bytes_removed} bytes)"
                f"{': ' + reasons if reasons else ''}")

    def to_dict(self) -> dict:
        return {"files": self.files, "processed": self.processed, "changed": self.changed,
                "skipped": self.skipped, "failed": self.failed, "paragraphs": self.paragraphs,
                "paragraphs_removed": self.removed, "bytes": self.size, "bytes_removed": self.bytes_removed,
                "by_reason": dict(sorted(self.by_reason.items())), "by_lang": dict(sorted(self.by_lang.items())),
                "most_removed": [{"count": n, "reason": reason, "text": text} for n, text, reason in self.top()],
                "score_units": SCORE_UNITS}


# --- machine formats -----------------------------------------------------------------------------

def format_records(records: Sequence[dict], fmt: str, header: bool = True) -> bytes:
    """Removal records as JSON Lines or CSV rows (UTF-8; undecodable input bytes are written
    back as they were, with surrogateescape)."""
    if fmt == "jsonl":
        data = "".join(dumps(r) + "\n" for r in records)
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, REMOVAL_FIELDS, extrasaction="ignore", lineterminator="\n")
        if header:
            writer.writeheader()
        writer.writerows(csv_row(r) for r in records)
        data = buffer.getvalue()
    return data.encode("utf-8", "surrogateescape")


# --- tables for people ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Style:
    """How to draw for people: colours or not, a terminal or a pipe."""

    color: bool
    terminal: bool
    width: int

    @classmethod
    def detect(cls, choice: str, stream) -> "Style":
        """``choice`` is auto, always or never; NO_COLOR (any value) means never for auto."""
        try:
            terminal = stream.isatty()
        except (AttributeError, ValueError):
            terminal = False
        if choice == "always":
            color = True
        elif choice == "never" or os.environ.get("NO_COLOR"):
            color = False
        else:
            color = terminal and os.environ.get("TERM") != "dumb"
        columns = os.get_terminal_size(stream.fileno()).columns if terminal else 80
        return cls(color, terminal or choice == "always", min(columns, TABLE_WIDTH))

    def console(self, stream):
        from rich.console import Console

        return Console(file=stream, width=self.width, color_system="standard" if self.color else None,
                       force_terminal=self.color, no_color=not self.color, highlight=False,
                       emoji=False, markup=False)


def preview(text: str, width: int = PREVIEW_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain(out, title: str, header: Sequence[str], rows: Sequence[Sequence]) -> None:
    """A title line, then tab-separated rows without padding (for pipes: cut, awk, grep)."""
    lines = [title, "\t".join(header)] + ["\t".join(str(c) for c in row) for row in rows]
    out.write("".join(line + "\n" for line in lines))


def _table(style: Style, out, title: str, header: Sequence[str], rows: Sequence[Sequence],
           keep: Sequence[str] = (), wrap: Sequence[str] = (), flexible: str = "") -> None:
    """A table that fits ``style.width``: columns in ``keep`` are never cut (no wrapping), those
    in ``wrap`` fold onto more lines, ``flexible`` is shortened with an ellipsis."""
    if not style.terminal:
        _plain(out, title, header, rows)
        return
    from rich import box
    from rich.table import Table

    longest = {name: max([len(name)] + [len(str(r[i])) for r in rows]) for i, name in enumerate(header)}
    fixed = [name for name in header if name not in wrap and name != flexible]
    # What is left once the whole columns have their width (two spaces between columns).
    room = style.width - sum(longest[n] for n in fixed) - 2 * (len(header) - 1)
    share = max(room // max(len(wrap) + bool(flexible), 1), 8)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True,
                  header_style="bold" if style.color else None)
    for name in header:
        if name in wrap:
            table.add_column(name, overflow="fold", max_width=max(share, 8))
        elif name == flexible:
            table.add_column(name, overflow="ellipsis", no_wrap=True, max_width=share)
        else:
            table.add_column(name, no_wrap=True, min_width=longest[name], max_width=longest[name])
    for row in rows:
        table.add_row(*(str(c) for c in row))
    console = style.console(out)
    console.print(title, style="bold" if style.color else None, overflow="fold")  # a long name wraps
    console.print(table)


#: Removal-table columns, from most to least useful: the last ones go first on narrow screens.
REMOVAL_COLUMNS = ("#", "reason", "score", "lang", "opening words", "entry", "position")
#: Below this width, the least useful columns are dropped.
NARROW = 100


def print_removals(style: Style, out, name: str, records: Sequence[dict]) -> None:
    """One row per removed paragraph of one file."""
    columns = REMOVAL_COLUMNS if style.width >= NARROW or not style.terminal else REMOVAL_COLUMNS[:5]
    rows = []
    for r in records:
        full = {"#": r["index"], "reason": r["reason"], "score": f"{r['score']:.0f}", "lang": r["lang"] or "",
                "opening words": preview(r["text"]), "entry": r["entry_id"] or "", "position": r["position"]}
        rows.append([full[c] for c in columns])
    if rows:
        _table(style, out, f"{name}: removed paragraphs (# from 0)", columns, rows,
               keep=("#", "reason", "score", "lang"), flexible="opening words")


def print_files(style: Style, out, report: Report) -> None:
    """One row per file and the most frequently removed paragraphs."""
    _table(style, out, "per file", ("file", "paragraphs", "removed", "reasons"), report.rows,
           wrap=("file", "reasons"))
    top = [(n, reason, preview(text)) for n, text, reason in report.top()]
    if top:
        _table(style, out, "most frequently removed", ("count", "reason", "opening words"), top,
               keep=("count", "reason"), flexible="opening words")


def print_footer(out, report: Report, reasons: Sequence[str]) -> None:
    """What the score column means for the reasons shown, and the summary line."""
    for reason in sorted(set(reasons)):
        out.write(f"score ({reason}): {SCORE_UNITS.get(reason, '')}\n")
    out.write(report.line() + "\n")
    if report.by_lang:
        out.write("by language: " + ", ".join(f"{k} {v}" for k, v in report.by_lang.most_common()) + "\n")


@contextmanager
def progress_bar(jobs: Sequence, label: str, show: bool, color: bool = True) -> Iterator[Callable]:
    """A progress bar on stderr (files, MB, ETA); a no-op when not shown."""
    if not show or not jobs:
        yield lambda job: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    sizes = {}
    for job in jobs:
        try:
            sizes[job.index] = os.stat(job.source).st_size
        except OSError:
            sizes[job.index] = 0
    console = Console(stderr=True, color_system="standard" if color else None, no_color=not color)
    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.fields[done]}/%d files" % len(jobs)),
                  DownloadColumn(), TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=sum(sizes.values()) or 1, done=0)
        done = [0]

        def advance(job) -> None:
            done[0] += 1
            bar.update(task, advance=sizes.get(job.index, 0), done=done[0])

        yield advance
