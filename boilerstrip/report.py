"""Reports for people and machines: tables (rich), JSON, JSON Lines and CSV records, batch
summaries and the progress bar. rich is imported only when something is drawn."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Callable, Iterator, Sequence

from .engine import Result

PREVIEW_CHARS = 60
#: How many of the most frequently removed paragraphs a batch summary lists.
TOP_REMOVED = 10
#: Distinct removed paragraphs tracked for that list (memory stays bounded in huge batches).
TOP_TRACKED = 5000
RECORD_FIELDS = ["file", "index", "start", "end", "position", "rule", "score", "lang", "entry_id",
                 "family", "detail", "text"]


def preview(text: str, width: int = PREVIEW_CHARS) -> str:
    """Opening words for a table cell, escaped so that "[bold]" in a text is shown as is."""
    from rich.markup import escape

    text = " ".join(text.split())
    return escape(text if len(text) <= width else text[: width - 1] + "…")


def _console():
    import shutil

    from rich.console import Console

    # Wide enough for the table when output is not a terminal (a file, a pipe).
    return Console(width=None if shutil.get_terminal_size((0, 0)).columns else 160)


def print_table(name: str, result: Result) -> None:
    from rich.table import Table

    console = _console()
    from rich.markup import escape

    table = Table(title=f"{escape(name)}: removed paragraphs", title_justify="left")
    for col, kw in (("#", {"justify": "right"}), ("position", {}), ("reason", {}),
                    ("score", {"justify": "right"}), ("lang", {}), ("entry", {}), ("opening words", {})):
        table.add_column(col, **kw)
    for p in result.removed:
        e = p.evidence[0]
        table.add_row(str(p.index + 1), p.position.value, e.rule.value, f"{e.score:.0f}", e.lang or "",
                      e.entry_id or "", preview(result.paragraph_text(p)))
    if result.removed:
        console.print(table)
    console.print(summary_line(name, result), markup=False, highlight=False)


def summary_line(name: str, result: Result) -> str:
    removed = result.removed
    by_rule = Counter(p.evidence[0].rule.value for p in removed)
    chars = sum(p.span.end - p.span.start for p in removed)
    rules = ", ".join(f"{r} {n}" for r, n in sorted(by_rule.items()))
    return (f"{name}: {len(removed)} of {len(result.paragraphs)} paragraphs removed "
            f"({chars} characters){': ' + rules if rules else ''}")


def write_records(records: Sequence[dict], fmt: str, out: IO[str], header: bool = True) -> None:
    """One record per removed paragraph, as JSON Lines or CSV."""
    if fmt == "jsonl":
        for r in records:
            out.write(json.dumps(r, ensure_ascii=True) + "\n")
    else:
        # CSV cells keep the text as it was: undecodable input bytes are written back as they
        # were (surrogateescape), not as an encoding error.
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, RECORD_FIELDS, extrasaction="ignore")
        if header:
            writer.writeheader()
        writer.writerows(records)
        out.flush()
        out.buffer.write(buffer.getvalue().encode("utf-8", "surrogateescape"))
    out.flush()


@dataclass
class BatchSummary:
    """Totals of a batch, filled one outcome at a time (outcomes are not kept)."""

    files: int = 0
    cleaned: int = 0
    skipped: int = 0
    failed: int = 0
    paragraphs: int = 0
    removed: int = 0
    bytes_removed: int = 0
    by_rule: Counter = field(default_factory=Counter)
    by_lang: Counter = field(default_factory=Counter)
    rows: list[tuple] = field(default_factory=list)
    _top: Counter = field(default_factory=Counter)
    _top_text: dict = field(default_factory=dict)

    def add(self, outcome) -> None:
        self.files += 1
        if outcome.status == "failed":
            self.failed += 1
            return
        if outcome.status == "skipped":
            self.skipped += 1
            return
        self.cleaned += 1
        self.paragraphs += outcome.paragraphs
        self.removed += outcome.removed
        self.bytes_removed += outcome.bytes_removed
        self.by_rule.update(outcome.by_rule)
        for r in outcome.records:
            self.by_lang[r["lang"] or "und"] += 1
            key = " ".join(r["text"].split()).casefold()
            if key in self._top or len(self._top) < TOP_TRACKED:
                self._top[key] += 1
                self._top_text.setdefault(key, (r["text"], r["rule"]))
        if len(self.rows) < 10_000:
            rules = ", ".join(f"{k} {v}" for k, v in sorted(outcome.by_rule.items()))
            self.rows.append((outcome.job.source, outcome.paragraphs, outcome.removed, rules))

    def top(self) -> list[tuple[int, str, str]]:
        ranked = sorted(self._top.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_REMOVED]
        return [(n, *self._top_text[k]) for k, n in ranked]

    def line(self) -> str:
        rules = ", ".join(f"{r} {n}" for r, n in sorted(self.by_rule.items()))
        return (f"boilerstrip: {self.cleaned} files processed, {self.skipped} skipped, {self.failed} failed; "
                f"{self.removed} of {self.paragraphs} paragraphs removed ({self.bytes_removed} bytes)"
                f"{': ' + rules if rules else ''}")

    def to_dict(self) -> dict:
        return {"files": self.files, "processed": self.cleaned, "skipped": self.skipped, "failed": self.failed,
                "paragraphs": self.paragraphs, "removed": self.removed, "bytes_removed": self.bytes_removed,
                "by_rule": dict(sorted(self.by_rule.items())), "by_lang": dict(sorted(self.by_lang.items())),
                "most_removed": [{"count": n, "rule": rule, "text": text} for n, text, rule in self.top()],
                "per_file": [{"file": f, "paragraphs": p, "removed": r} for f, p, r, _ in self.rows]}

    def print_table(self) -> None:
        from rich.table import Table

        console = _console()
        table = Table(title="per file", title_justify="left")
        for col in ("file", "paragraphs", "removed", "reasons"):
            table.add_column(col)
        from rich.markup import escape

        for f, p, r, rules in self.rows:
            table.add_row(escape(f), str(p), str(r), rules)
        console.print(table)
        top = Table(title="most frequently removed", title_justify="left")
        for col in ("count", "reason", "opening words"):
            top.add_column(col)
        for n, text, rule in self.top():
            top.add_row(str(n), rule, preview(text))
        console.print(top)
        langs = ", ".join(f"{k} {v}" for k, v in self.by_lang.most_common())
        console.print(self.line(), markup=False, highlight=False)
        if langs:
            console.print(f"by language: {langs}", markup=False, highlight=False)


@contextmanager
def progress_bar(jobs: Sequence, label: str, show: bool) -> Iterator[Callable]:
    """A progress bar on stderr (files, MB, ETA); a no-op when not shown."""
    if not show or not jobs:
        yield lambda job: None
        return
    import os

    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    sizes = {}
    for job in jobs:
        try:
            sizes[job.index] = os.stat(job.source).st_size
        except OSError:
            sizes[job.index] = 0
    with Progress(TextColumn(label), BarColumn(), TextColumn("{task.fields[done]}/%d files" % len(jobs)),
                  DownloadColumn(), TimeRemainingColumn(), console=Console(stderr=True),
                  transient=True) as bar:
        task = bar.add_task(label, total=sum(sizes.values()) or 1, done=0)
        done = [0]

        def advance(job) -> None:
            done[0] += 1
            bar.update(task, advance=sizes.get(job.index, 0), done=done[0])

        yield advance
