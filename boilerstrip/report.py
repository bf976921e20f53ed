"""Human-readable reports (the one module that talks to rich; imported only when printing)."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from .engine import Result

PREVIEW_CHARS = 60


def preview(text: str, width: int = PREVIEW_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(name: str, result: Result, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=f"{name}: removed paragraphs", title_justify="left")
    for col, kw in (("#", {"justify": "right"}), ("position", {}), ("reason", {}),
                    ("score", {"justify": "right"}), ("lang", {}), ("entry", {}), ("opening words", {})):
        table.add_column(col, **kw)
    for p in result.removed:
        e = p.evidence[0]
        table.add_row(str(p.index + 1), p.position.value, e.rule.value, f"{e.score:.0f}", e.lang or "",
                      e.entry_id or "", preview(result.paragraph_text(p)))
    if result.removed:
        console.print(table)
    console.print(summary_line(name, result))


def summary_line(name: str, result: Result) -> str:
    removed = result.removed
    by_rule = Counter(p.evidence[0].rule.value for p in removed)
    chars = sum(p.span.end - p.span.start for p in removed)
    rules = ", ".join(f"{r} {n}" for r, n in sorted(by_rule.items()))
    return (f"{name}: {len(removed)} of {len(result.paragraphs)} paragraphs removed "
            f"({chars} characters){': ' + rules if rules else ''}")
