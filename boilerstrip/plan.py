"""Output planning: where each result of a run goes, and what is refused before anything runs.

One :class:`Plan` per run, made by :func:`plan_clean` (or :data:`REPORT`, which writes
nothing). Its :meth:`Plan.target` says where one input's cleaned text goes:

============  ==========================================  =====================================
kind          when                                        the cleaned text of an input goes to
============  ==========================================  =====================================
``stdout``    one input, no ``-o``                        standard output (not with ``--json``
                                                          or ``--diff``: they print instead)
``file``      one input, ``-o FILE``                      FILE (with ``--json``: the JSON line)
``mirror``    several inputs or a directory, ``-o DIR``   DIR/<path below the input>
``in-place``  ``--in-place``                              the input itself, when it changes
``none``      ``report``; ``clean --json`` of a batch     nowhere
============  ==========================================  =====================================

``-o`` always receives what ``clean`` would print: the text, or with ``--json`` the JSON
lines (``-o`` is then a file, for one input or many). Refusals are :class:`UsageError`\\ s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

from .files import STDIN
from .walk import Job, UsageError

STDOUT = "-"


@dataclass(frozen=True)
class Plan:
    kind: str = "none"  # stdout | file | mirror | in-place | none
    output: str | None = None
    json: bool = False
    diff: bool = False
    dry_run: bool = False

    @property
    def writes(self) -> bool:
        """Whether cleaned texts are written to files (so a summary goes to stderr)."""
        return self.kind in ("file", "mirror", "in-place") and not self.dry_run

    @property
    def json_file(self) -> str | None:
        """The file the JSON lines go to (``-o FILE`` with ``--json``), else None: stdout."""
        return self.output if self.json and self.kind in ("file", "none") else None

    @property
    def mirror_dir(self) -> str | None:
        return self.output if self.kind == "mirror" else None

    def target(self, job: Job) -> str | None:
        """Where ``job``'s cleaned text goes: a path, :data:`STDOUT`, or None (nowhere)."""
        if self.kind == "in-place":
            return job.source
        if self.kind == "mirror":
            return os.path.join(self.output, job.rel)
        if self.json:
            return None
        if self.kind == "file":
            return self.output
        if self.kind == "stdout" and not self.diff:
            return STDOUT
        return None


REPORT = Plan()


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (False when either cannot be examined: reading
    reports that with the right message)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_dir_name(path: str) -> bool:
    return os.path.isdir(path) or path.endswith(("/", os.sep))


def plan_clean(paths: Sequence[str], output: str | None, in_place: bool, as_json: bool = False,
               diff: bool = False, dry_run: bool = False) -> Plan:
    """The plan of ``clean PATHS``; a :class:`UsageError` for what must be refused."""
    if in_place and output:
        raise UsageError("--in-place and --output exclude each other")
    if dry_run and not (in_place or output):
        raise UsageError("--dry-run needs --in-place or -o (it shows what they would write)")
    if not paths and in_place:
        raise UsageError("name the files or directories to rewrite (standard input cannot be rewritten in place)")
    if in_place:
        return Plan("in-place", None, as_json, diff, dry_run)
    many = len(paths) > 1 or any(p != STDIN and os.path.isdir(p) for p in paths)
    if as_json:
        if output and _is_dir_name(output):
            raise UsageError(f"{output}: with --json, -o names the file that receives the JSON lines")
        return Plan("file" if output else "none", output, True, diff, dry_run)
    if not many and not (output and _is_dir_name(output)):
        path = paths[0] if paths else STDIN
        if output and path != STDIN and _same_file(path, output):
            raise UsageError(f"{output}: is the input; use --in-place to rewrite inputs")
        return Plan("file" if output else "stdout", output, False, diff, dry_run)
    if not paths or STDIN in paths:
        raise UsageError("standard input cannot be mirrored into a directory; name files or directories")
    if not output:
        raise UsageError("several inputs or a directory need -o DIR (or --in-place)")
    if os.path.exists(output) and not os.path.isdir(output):
        raise UsageError(f"{output}: exists and is not a directory")
    for p in paths:
        if os.path.isdir(p) and _same_file(p, output):
            raise UsageError(f"{output}: is an input directory; use --in-place to rewrite inputs")
    return Plan("mirror", output, False, diff, dry_run)


def check_jobs(plan: Plan, jobs: Sequence[Job]) -> None:
    """Refuse a mirror that would write onto one of its own inputs."""
    if plan.kind != "mirror":
        return
    for job in jobs:
        target = plan.target(job)
        if _same_file(job.source, target):
            raise UsageError(f"{target}: is the input {job.source}; use --in-place to rewrite inputs")
