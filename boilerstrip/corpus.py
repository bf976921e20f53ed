"""The known-banner corpus: packaged JSON Lines data plus the user's own files.

The format is documented in ``boilerstrip/corpus/README.md``. Loading validates every record
and fails with a :class:`CorpusError` that names the file and the line.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .files import os_reason, package_data, package_files
from .text import unspaced_share

if TYPE_CHECKING:
    from pathlib import Path

SITE_SLOT = "{site}"
NOTICE_MIN_CHARS = 80
#: ... or this many in scripts written without spaces (Chinese, Japanese; Korean and Thai are
#: as dense), where one character holds about what a word does: consent dialogs there state a
#: purpose in 15-35 characters.
NOTICE_MIN_CHARS_UNSPACED = 12
NOTICE_MAX_CHARS = 1500
LABEL_MAX_CHARS = 80
TERM_MAX_CHARS = 40
_PACKAGE_DIR = "corpus"


class Kind(str, Enum):
    NOTICE = "notice"
    LABEL = "label"
    TERM = "term"


#: Allowed families for each kind.
FAMILIES: dict[Kind, frozenset[str]] = {
    Kind.NOTICE: frozenset(
        {"pay_or_consent", "cookie_notice", "framework", "embed_placeholder", "cookie_settings"}
    ),
    Kind.LABEL: frozenset({"consent_control", "chrome"}),
    Kind.TERM: frozenset({"consent", "context", "action", "address", "site", "rights", "registry", "signup", "credit",
                          "report"}),
}


def notice_min_chars(text: str) -> int:
    """The fewest characters a notice may have: NOTICE_MIN_CHARS, or NOTICE_MIN_CHARS_UNSPACED
    when most of its letters are in a script written without spaces."""
    return NOTICE_MIN_CHARS_UNSPACED if unspaced_share(text) >= 0.5 else NOTICE_MIN_CHARS


_LANG = re.compile(r"^[a-z]{2,3}(-[a-z]{2,4})?$")


class CorpusError(ValueError):
    """A corpus file is malformed; the message names the file and the line."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line = source, line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Entry:
    """One corpus record."""

    id: str
    kind: Kind
    family: str
    lang: str
    text: str
    source: str


def _check(record: object, source: str, line: int) -> Entry:
    def fail(msg: str) -> CorpusError:
        return CorpusError(source, line, msg)

    if not isinstance(record, dict):
        raise fail("expected a JSON object")
    unknown = set(record) - {"id", "kind", "family", "lang", "text"}
    if unknown:
        raise fail(f"unknown key(s): {', '.join(sorted(unknown))}")
    for key in ("kind", "family", "lang", "text"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise fail(f"'{key}' must be a non-empty string")
    try:
        kind = Kind(record["kind"])
    except ValueError:
        raise fail(f"'kind' must be one of {', '.join(k.value for k in Kind)}") from None
    family, lang, text = record["family"], record["lang"], record["text"]
    if family not in FAMILIES[kind]:
        raise fail(f"family '{family}' is not allowed for kind '{kind.value}' "
                   f"(allowed: {', '.join(sorted(FAMILIES[kind]))})")
    if not _LANG.fullmatch(lang):
        raise fail(f"'lang' must be a language code such as 'de', got '{lang}'")
    if "\n" in text or "\r" in text:
        raise fail("'text' must be one line")
    if kind is Kind.NOTICE:
        low = notice_min_chars(text)
        if not low <= len(text) <= NOTICE_MAX_CHARS:
            raise fail(f"a notice must be {low}-{NOTICE_MAX_CHARS} characters, got {len(text)}")
        if text.count(SITE_SLOT) > 1 or "{" in text.replace(SITE_SLOT, "") or "}" in text.replace(SITE_SLOT, ""):
            raise fail("a notice may contain one '{site}' slot and no other braces")
    elif len(text) > (LABEL_MAX_CHARS if kind is Kind.LABEL else TERM_MAX_CHARS):
        raise fail(f"a {kind.value} must be at most "
                   f"{LABEL_MAX_CHARS if kind is Kind.LABEL else TERM_MAX_CHARS} characters")
    ident = record.get("id")
    if ident is None:
        ident = f"{source}:{line}"
    elif not isinstance(ident, str) or not ident.strip():
        raise fail("'id' must be a non-empty string")
    return Entry(ident, kind, family, lang, text, source)


def parse(lines: Iterable[str], source: str, checked: bool = True) -> list[Entry]:
    """Parse corpus records from the lines of one file. ``checked=False`` skips the per-record
    checks, for the packaged files only (the test suite runs the checks on every packaged
    record): they are half of the start-up cost of a small run."""
    entries = []
    for number, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CorpusError(source, number, f"not valid JSON: {exc.msg}") from None
        entries.append(_check(record, source, number) if checked else Entry(
            record.get("id") or f"{source}:{number}", _KINDS[record["kind"]], record["family"],
            record["lang"], record["text"], source))
    return entries


_KINDS = {k.value: k for k in Kind}

#: An entry as plain data: (id, kind, family, lang, text, source), the kind by its value.
Row = tuple[str, str, str, str, str, str]


def entry_row(entry: Entry) -> Row:
    """``entry`` as plain data (how :mod:`boilerstrip.prebuilt` stores the entries it needs)."""
    return (entry.id, entry.kind.value, entry.family, entry.lang, entry.text, entry.source)


def row_entry(row: Row) -> Entry:
    """The entry that :func:`entry_row` made ``row`` from."""
    ident, kind, family, lang, text, source = row
    return Entry(ident, _KINDS[kind], family, lang, text, source)


class Rows:
    """Entries held as rows (see :func:`entry_row`), which ``load()`` gives on first access;
    ``rows[i]`` is made an :class:`Entry` when first read. A prebuilt label index holds
    thousands of entries, of which a run reads a few, or none."""

    __slots__ = ("_load", "_rows", "_made")

    def __init__(self, load: Callable[[], tuple[Row, ...]]) -> None:
        self._load, self._rows, self._made = load, None, {}

    @property
    def rows(self) -> Sequence[Row]:
        """The rows (a tuple, or a packed sequence equal to it: boilerstrip.packed)."""
        if self._rows is None:
            self._rows = self._load()
        return self._rows

    def unpack(self) -> None:
        """Read every row now (before forking workers)."""
        rows = self.rows
        if not isinstance(rows, tuple):
            self._rows = tuple(rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> Entry:
        entry = self._made.get(i)
        if entry is None:
            entry = self._made[i] = row_entry(self.rows[i])
        return entry


def read_file(path: str | Path) -> list[Entry]:
    """Parse one user corpus file; any problem becomes a :class:`CorpusError`."""
    from pathlib import Path

    path = Path(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise CorpusError(str(path), None, "not a regular file")
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(path), None, os_reason(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(str(path), line, "not valid UTF-8") from None
    return parse(text.split("\n"), str(path))  # not splitlines: U+2028 may sit inside JSON


@lru_cache(maxsize=1)
def packaged_entries() -> tuple[Entry, ...]:
    """All records of the corpus shipped inside the package (read once per process)."""
    entries: list[Entry] = []
    for name in packaged_files():
        text = package_data(_PACKAGE_DIR, name).decode("utf-8")
        entries.extend(parse(text.split("\n"), f"boilerstrip/corpus/{name}", checked=False))
    return tuple(entries)


def packaged_files() -> list[str]:
    """The names of the packaged corpus files, sorted (read with ``files.package_data("corpus", name)``)."""
    return [name for name in package_files(_PACKAGE_DIR) if name.endswith(".jsonl")]


def check_unique_ids(entries: Iterable[Entry]) -> None:
    """Fail on two records with one id (ids name the evidence in reports)."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry.id in seen:
            raise CorpusError(entry.source, None,
                              f"duplicate id '{entry.id}' (also in {seen[entry.id].source})")
        seen[entry.id] = entry
