"""Finding the inputs of a run, the way ripgrep and fd do: the only module that uses pathspec.

``discover(paths, Selection(...))`` expands files and directories into :class:`Job`\\ s in a
stable order. Inside directories (never for a path named on the command line):

- hidden files and folders (names starting with ``.``: ``.DS_Store``, ``.cache``) are
  skipped unless ``hidden``; version-control folders (``.git``, ``.hg``, ``.svn``) always;
- ``.gitignore`` and ``.ignore`` files are honoured (git's pattern rules, via pathspec; a
  deeper file's patterns win over a shallower one's, ``.ignore`` over ``.gitignore`` in one
  folder) unless ``no_ignore``;
- files whose name says markup or data (``.html``, ``.json``, ``.xml``, ``.csv``, ``.jsonl``…)
  are not candidates unless a ``--glob`` names them: the tool cleans plain text;
- symbolic links to directories are not followed; an output folder inside an input is skipped.

``excludes`` (gitignore-style patterns, relative to each directory given) apply everywhere,
also to files named directly; ``globs`` keep only matching files. Whether a candidate really
is text is decided when it is read (binary files are skipped then, with a warning).
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field
from typing import Sequence

from .files import STDIN, os_reason

#: Files that hold ignore patterns, in increasing precedence within one folder.
IGNORE_FILES = (".gitignore", ".ignore")
#: Media types of text files that are not plain prose (skipped inside directories).
MARKUP_TYPES = frozenset({"application/json", "application/xml", "application/javascript",
                          "application/ld+json", "application/xhtml+xml", "image/svg+xml",
                          "application/x-sh", "application/x-python-code", "application/rtf"})
#: Extensions mimetypes may not know, that are data too.
DATA_EXTENSIONS = (".jsonl", ".ndjson", ".yaml", ".yml", ".toml", ".ini", ".cfg")
#: Version-control folders: never walked, even with ``hidden``.
VCS_FOLDERS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs"})


#: File names that hold records (before any compression suffix).
RECORD_SUFFIXES = (".jsonl", ".ndjson")


def is_record_file(path: str | os.PathLike) -> bool:
    """Whether a file name says JSON Lines records: ``.jsonl`` or ``.ndjson``, optionally
    followed by ``.gz``, ``.zst`` or ``.zstd`` (case-insensitive)."""
    name = os.fspath(path).lower()
    for suffix in (".gz", ".zst", ".zstd"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.endswith(RECORD_SUFFIXES)


class UsageError(ValueError):
    """The run cannot start (colliding outputs, stdin in a batch…): exit code 2."""


@dataclass(frozen=True, slots=True)
class Job:
    """One input: its place in the run, where to read it, where its output goes. (Slots: a
    batch of 100,000 files holds 100,000 of these.)"""

    index: int
    source: str  # the path to read ("-" for standard input)
    rel: str  # where the output goes, relative to the output directory


@dataclass(frozen=True)
class Selection:
    """Which files of a tree are inputs."""

    globs: Sequence[str] = ()
    excludes: Sequence[str] = ()
    hidden: bool = False
    no_ignore: bool = False


@dataclass
class Discovery:
    jobs: list[Job]
    warnings: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, message)


def plain_text_name(name: str) -> bool:
    """Whether a file name is a candidate inside a directory (not markup or data)."""
    lower = name.lower()
    if lower.endswith(DATA_EXTENSIONS):
        return False
    import mimetypes  # only inside directories: a file named alone is not screened by type

    kind, _ = mimetypes.guess_type(lower, strict=False)
    if kind is None or kind in ("text/plain", "text/markdown"):
        return True
    return not (kind.startswith("text/") or kind in MARKUP_TYPES)


def _globbed(rel: str, globs: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs)


def _inside(path: str, folder: str | None) -> bool:
    if folder is None:
        return False
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class _Ignores:
    """The ignore patterns in force in one folder: (folder relative to the root, spec) pairs."""

    def __init__(self, specs: tuple = ()) -> None:
        self.specs = specs

    def below(self, folder: str, rel: str, use_files: bool) -> "_Ignores":
        if not use_files:
            return self
        import pathspec

        specs = list(self.specs)
        for name in IGNORE_FILES:
            try:
                with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as fh:
                    specs.append((rel, pathspec.GitIgnoreSpec.from_lines(fh.read().splitlines())))
            except OSError:
                continue
        return _Ignores(tuple(specs))

    def ignored(self, rel: str, is_dir: bool) -> bool:
        decision = False
        for base, spec in self.specs:
            if base and not rel.startswith(base + "/"):
                continue
            sub = rel[len(base) + 1:] if base else rel
            result = spec.check_file(sub + "/" if is_dir else sub)
            if result.include is not None:
                decision = result.include
        return decision


def _exclude_spec(excludes: Sequence[str]):
    if not excludes:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(excludes)


def _walk(root: str, sel: Selection, exclude, outdir: str | None, found: list, warnings: list) -> None:
    stack = [(root, "", _Ignores().below(root, "", not sel.no_ignore))]
    while stack:
        folder, rel_folder, ignores = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            warnings.append(f"{folder}: cannot list directory: {os_reason(exc)}")
            continue
        files, dirs = [], []
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            if (entry.name.startswith(".") and not sel.hidden) or entry.name in VCS_FOLDERS:
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and entry.is_symlink() and entry.is_dir():
                    continue  # a link to a directory is not followed
            except OSError:
                is_dir = False
            if ignores.ignored(rel, is_dir) or (exclude is not None and exclude.match_file(rel + "/" * is_dir)):
                continue
            if is_dir:
                if not _inside(entry.path, outdir):
                    dirs.append((entry.path, rel))
            elif sel.globs:
                if _globbed(rel, sel.globs):
                    files.append((entry.path, rel))
            elif plain_text_name(entry.name):
                files.append((entry.path, rel))
        # Depth-first, in name order: a folder's files, then each subfolder in turn.
        found.extend(files)
        for path, rel in reversed(dirs):
            stack.append((path, rel, ignores.below(path, rel, not sel.no_ignore)))


def discover(paths: Sequence[str], sel: Selection = Selection(), outdir: str | None = None,
             in_place: bool = False) -> Discovery:
    """Expand files and directories into jobs, in a stable order. Two inputs that would write
    the same output are a :class:`UsageError`; standard input may only be the sole input."""
    found: list[tuple[str, str]] = []
    out = Discovery([])
    exclude = _exclude_spec(sel.excludes)
    for path in paths:
        if path == STDIN:
            if len(paths) > 1:
                raise UsageError("'-' (standard input) cannot be part of a batch")
            return Discovery([Job(0, STDIN, "<stdin>")])
        try:
            st = os.stat(path)
        except OSError:
            if len(paths) == 1:  # a sole input: reading it says what is wrong
                found.append((path, os.path.basename(path)))
                continue
            what = "dangling symbolic link" if os.path.islink(path) else "no such file or directory"
            out.failures.append((path, what))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(path, sel, exclude, outdir, found, out.warnings)
            continue
        name = os.path.basename(path)
        if exclude is not None and exclude.match_file(name):
            continue
        if not sel.globs or _globbed(name, sel.globs):
            found.append((path, name))
    seen: dict[str, str] = {}  # output -> the source that writes it
    for source, rel in found:
        if in_place:
            rel = os.path.realpath(source)  # rewritten where it is: only the same file twice can collide
        if rel in seen:
            # Resolved only for the rare outputs named twice (not once a file: a batch of
            # 100,000 files would hold 100,000 resolved names, and resolving takes system calls).
            if os.path.realpath(seen[rel]) == os.path.realpath(source):
                out.warnings.append(f"{source}: given twice; processed once")
                continue
            raise UsageError(f"{source}: would be written to the same output '{rel}' as "
                             f"another input; rename one or clean them separately")
        seen[rel] = source
        out.jobs.append(Job(len(out.jobs), source, rel))
    return out
