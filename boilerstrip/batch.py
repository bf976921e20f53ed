"""Running inputs through the engine: count repetition over all of them, then clean or report
each one. One input, many inputs and standard input take the same path.

Two passes, so that no decision depends on file order: the first reads every file and counts
paragraph hashes (:mod:`boilerstrip.repetition`); the second analyses each file with the frozen
counts and writes it where the :class:`~boilerstrip.plan.Plan` says. A single input has no
batch to count in and skips the first pass. With ``jobs > 1`` both passes run in a process
pool; each worker is initialised with the same settings and counts, and results come back in
input order, so outputs are the same for any order of inputs and any number of workers.

One failing file never stops the run: it is recorded in its
:class:`~boilerstrip.report.Outcome`. Outputs are written without replacing what is not a
regular file (:func:`~boilerstrip.files.write_output`); on Ctrl-C or SIGTERM workers are
stopped and the temporary files of this run are removed, leaving only complete outputs.

An ``--in-place`` run keeps its counts in a state file until it completes, so that a run
interrupted and started again decides every file with the counts of the original inputs
(the files it already rewrote no longer hold what it removed): see :class:`ResumeState`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import signal
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .corpus import Entry
from .encodings import AUTO
from .engine import Corpus, Options, analyze
from .result import Result
from .rules import REPEAT_SHORT_SHARE
from .files import TMP_SUFFIX, InputError, os_reason, read_document, write_output, write_stdout
from .plan import REPORT, STDOUT, Plan
from .removals import removal_records
from .repetition import MIN_REPEAT, Counts, Repetition, document_hashes
from .report import Outcome
from .walk import Job

#: Files handed to a worker at a time.
CHUNK_SIZE = 16
#: At most this many settling rounds (see :func:`settle`); one is nearly always enough.
SETTLE_ROUNDS = 4
#: Messages of inputs that are skipped (with a warning), not failed, in a batch.
SKIPPED = ("binary file", "not a regular file")


@dataclass(frozen=True)
class Batch:
    """One run's settings (sent to every worker)."""

    extra: Sequence[Entry] = ()
    keep_chrome: bool = False
    min_repeat: int = MIN_REPEAT
    jobs: int = 1
    encoding: str = AUTO
    detect_languages: bool = True
    plan: Plan = field(default=REPORT)
    journal: str | None = None  # in place: files that record what each rewrite removed (ResumeState)

    def options(self) -> Options:
        return Options(keep_chrome=self.keep_chrome, corpus=Corpus.with_extra(tuple(self.extra)),
                       detect_languages=self.detect_languages)


# --- per-process worker state (set by _init before any file is processed) ------------------

_batch: Batch | None = None
_options: Options | None = None
_chain: tuple[Repetition, ...] = ()
_journaled: dict[str, frozenset] = {}


def _init(batch: Batch, chain: Sequence[Repetition], worker: bool) -> None:
    global _batch, _options, _chain, _journaled
    if worker:
        # The parent handles Ctrl-C and SIGTERM; a worker it terminates just stops (the
        # parent then removes any temporary file the worker was writing).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _batch, _options, _chain = batch, batch.options(), tuple(chain)
    _journaled = read_journal(batch.journal) if batch.journal else {}


def _hashes(job: Job) -> tuple[int, set[int] | None]:
    try:
        doc = read_document(job.source, _batch.encoding)  # decoded like the second pass
    except InputError:
        return job.index, None
    return job.index, document_hashes(doc.text)


def _diff(job: Job, target: str | None, doc, result) -> str:
    before = doc.text.splitlines(keepends=True)
    after = result.cleaned().splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, job.source, target or job.source, n=1)
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                   for line in lines)


def decide(text: str, options: Options, chain: Sequence[Repetition]) -> Result:
    """Analyse ``text`` with the batch's counts, then with each later settling round's counts
    (see :func:`settle`): what a later round finds in the cleaned text is removed from the
    input too, so the output is what cleaning it again with those counts would leave."""
    result = analyze(text, options, chain[0] if chain else None)
    for repetition in chain[1:]:
        kept = [p for p in result.paragraphs if not p.removed]
        again = analyze(result.cleaned(), options, repetition)
        if len(again.paragraphs) != len(kept):
            continue  # the cleaned text splits otherwise (the engine avoids it): first decision stands
        # The later verdict and its evidence, at the paragraph's place in the input.
        found = {k.index: replace(q, index=k.index, span=k.span, position=k.position)
                 for k, q in zip(kept, again.paragraphs) if q.removed}
        if found:
            result = Result(result.text, result.layout, result.head,
                            tuple(found.get(p.index, p) for p in result.paragraphs))
    return result


def _repeated_lines(doc, result: Result) -> tuple[frozenset, frozenset]:
    """(lines of the batch's repeated set the output keeps, those it no longer has)."""
    if not _chain or not _chain[0].counts:
        return frozenset(), frozenset()
    counts = _chain[0].counts
    before = frozenset(h for h in document_hashes(doc.text) if h in counts)
    if not result.removed:
        return before, frozenset()
    after = frozenset(h for h in document_hashes(result.cleaned()) if h in counts)
    return after, before - after


def _settled(job: Job, doc) -> bool:
    """In a settling round: whether the output already written for ``job`` stands (nothing
    more to remove with the latest counts), read back instead of deciding from the input."""
    target = _batch.plan.target(job)
    if target is None or target == STDOUT or _batch.plan.dry_run:
        return False
    try:
        with open(target, "rb") as fh:
            text = doc.codec.decode(fh.read())
    except (OSError, UnicodeError):
        return False
    return not analyze(text, _options, _chain[-1]).removed


def _process(job: Job) -> Outcome | None:
    """One input through the engine and to its output; in a settling round, None when the
    output written before stands."""
    try:
        doc = read_document(job.source, _batch.encoding)
    except InputError as exc:
        return Outcome(job.source, "skipped" if exc.message.startswith(SKIPPED) else "failed", str(exc))
    if len(_chain) > 1 and _settled(job, doc):
        return None
    result = decide(doc.text, _options, _chain)
    plan = _batch.plan
    outcome = Outcome(doc.name, encoding=doc.encoding, paragraphs=len(result.paragraphs), size=doc.size,
                      records=removal_records(doc.name, doc, result), changed=bool(result.removed))
    outcome.kept, outcome.gone = _repeated_lines(doc, result)
    if _batch.journal:  # in place: what earlier rewrites of this file removed counts too
        outcome.gone |= _journaled.get(os.path.realpath(job.source), frozenset())
    target = plan.target(job)
    if plan.diff and result.removed:
        outcome.diff = _diff(job, target if target != STDOUT else None, doc, result)
    # In place, a file with nothing to remove is left untouched (same bytes, same mtime).
    if target is None or plan.dry_run or (plan.kind == "in-place" and not result.removed):
        return outcome
    data = doc.encode_pieces(result.pieces())
    try:
        if target == STDOUT:
            write_stdout(data)
        else:
            if plan.kind == "mirror":
                _make_parent(target)
            if _batch.journal:
                _journal(job, outcome.gone)
            write_output(target, data, mode_from=job.source if plan.kind == "in-place" else None)
    except InputError as exc:
        outcome.status, outcome.message = "failed", str(exc)
    return outcome


def _make_parent(target: str) -> None:
    parent = os.path.dirname(target)
    try:
        os.makedirs(parent, exist_ok=True)
    except OSError as exc:
        raise InputError(parent, f"cannot create directory: {os_reason(exc)}") from None


def _pool(batch: Batch, chain: Sequence[Repetition]):
    import multiprocessing

    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    return ctx.Pool(batch.jobs, _init, (batch, tuple(chain), True))


def _map(batch: Batch, func, jobs: Sequence[Job], chain: Sequence[Repetition], ordered: bool) -> Iterator:
    if batch.jobs <= 1 or len(jobs) < 2 * CHUNK_SIZE:
        _init(batch, chain, False)
        yield from map(func, jobs)
        return
    pool = _pool(batch, chain)
    try:
        mapper = pool.imap if ordered else pool.imap_unordered
        yield from mapper(func, jobs, chunksize=CHUNK_SIZE)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def count(batch: Batch, jobs: Sequence[Job], progress: Callable[[Job], None] = lambda j: None) -> Repetition | None:
    """First pass: paragraph repetition over every readable file (None for a single input)."""
    if len(jobs) < 2:
        return None
    counts = Counts()  # a sum of per-document sets: the arrival order does not matter
    for index, hashes in _map(batch, _hashes, jobs, (), ordered=False):
        if hashes is not None:
            counts.add(hashes)
        progress(jobs[index])
    return counts.freeze(batch.min_repeat)


def process(batch: Batch, jobs: Sequence[Job], repetition: Repetition | None) -> Iterator[tuple[Job, Outcome]]:
    """Second pass: analyse (and write) every file; outcomes in input order."""
    yield from zip(jobs, _map(batch, _process, jobs, (repetition,) if repetition else (), ordered=True))


def _side(repetition: Repetition, h: int) -> tuple[bool, ...]:
    """Which side of each count that decisions compare with a line's count falls on (its exact
    value only changes a record's score)."""
    n = repetition.counts.get(h, 0)
    return tuple(n >= t for t in (repetition.min_repeat, REPEAT_SHORT_SHARE * repetition.docs))


def settle(batch: Batch, first: Repetition, gone: Counter, held: dict[int, tuple[Job, Outcome]],
           rounds: int = SETTLE_ROUNDS) -> Iterator[tuple[Job, Outcome]]:
    """Settling rounds, so that cleaning the batch's output again removes nothing more.

    Cleaning a batch's output as a new batch counts the cleaned texts: a line that one
    document lost and another kept is now in fewer documents, and that can change a decision
    (a run of repeated paragraphs is no longer a story). So after the second pass the counts
    are updated to what the outputs hold (``gone``: in how many documents each repeated line
    was removed) and the documents that keep a line whose count crossed a threshold the rules
    compare counts with (``held`` are those keeping repeated lines; the others cannot be
    affected) are decided again with the updated counts, and rewritten; until nothing changes. Yields the final outcomes of ``held``, in input order.
    """
    chain = [first]
    for _ in range(rounds):
        latest = Repetition(first.docs, first.min_repeat,
                            {h: n - gone[h] for h, n in first.counts.items() if n - gone[h] >= first.min_repeat})
        changed = {h for h in first.counts if _side(latest, h) != _side(chain[-1], h)}
        affected = [job for job, outcome in held.values() if outcome.kept & changed]
        if not affected:
            break
        chain.append(latest)
        for job, outcome in zip(affected, _map(batch, _process, affected, chain, ordered=True)):
            if outcome is None:
                continue  # its output stands
            before = held[job.index][1].gone
            outcome.gone = before | outcome.gone  # in place, the file read was already cleaned
            gone.update(outcome.gone - before)
            held[job.index] = (job, outcome)
    for index in sorted(held):
        yield held[index]


def sweep_temporaries(batch: Batch, jobs: Iterable[Job]) -> None:
    """Remove the temporary files an interrupted run may have left in its output folders."""
    folders = set()
    for job in jobs:
        target = batch.plan.target(job)
        if target and target != STDOUT:
            folders.add(Path(os.path.realpath(target)).parent)
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith(TMP_SUFFIX) and name.startswith("."):
                try:
                    os.unlink(folder / name)
                except OSError:
                    pass


def _journal(job: Job, gone: frozenset) -> None:
    """Record, before an in-place rewrite, the repeated lines the file loses (one journal
    file per process: lines from several workers never interleave)."""
    try:
        with open(f"{_batch.journal}.{os.getpid()}", "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"file": os.path.realpath(job.source), "gone": sorted(gone)}) + "\n")
    except OSError:
        pass  # without it a resumed run may settle fewer files (README "Running again")


def read_journal(prefix: str) -> dict[str, frozenset]:
    """What the journal files of ``prefix`` say each rewritten file lost (union of entries)."""
    out: dict[str, frozenset] = {}
    folder, name = os.path.split(prefix)
    try:
        names = [n for n in os.listdir(folder) if n.startswith(name + ".")]
    except OSError:
        return out
    for n in names:
        try:
            with open(os.path.join(folder, n), encoding="utf-8") as fh:
                for line in fh:
                    entry = json.loads(line)
                    out[entry["file"]] = out.get(entry["file"], frozenset()) | frozenset(entry["gone"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a line cut by the interruption
    return out


class ResumeState:
    """The repetition counts of an ``--in-place`` run, kept until the run completes.

    Stored under ``$XDG_STATE_HOME/boilerstrip`` (default ``~/.local/state/boilerstrip``) in a
    file named by a hash of the run: the inputs' real paths and the settings that change
    decisions. A run that finds its file resumes an interrupted one with the same counts.
    Beside it, journal files (``<state>.journal.<pid>``) record the repeated lines each file
    lost when it was rewritten, so that the resumed run updates the counts for its settling
    rounds exactly as the uninterrupted run would have.
    """

    def __init__(self, batch: Batch, jobs: Sequence[Job]) -> None:
        key = hashlib.sha256(json.dumps({
            "inputs": sorted(os.path.realpath(j.source) for j in jobs), "min_repeat": batch.min_repeat,
            "keep_chrome": batch.keep_chrome, "encoding": batch.encoding,
            "corpus": sorted(e.id for e in batch.extra)}).encode()).hexdigest()[:24]
        home = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
        self.path = os.path.join(home, "boilerstrip", f"in-place-{key}.json")
        self.journal = self.path + ".journal"

    def load(self) -> Repetition | None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
            return Repetition(data["docs"], data["min_repeat"], {int(h): n for h, n in data["counts"]})
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, repetition: Repetition | None) -> None:
        data = {"docs": repetition.docs if repetition else 0,
                "min_repeat": repetition.min_repeat if repetition else MIN_REPEAT,
                "counts": sorted(repetition.counts.items()) if repetition else []}
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            write_output(self.path, json.dumps(data).encode())
        except (OSError, InputError):
            pass  # without a state file a resumed run recounts (the README says what follows)

    def clear(self) -> None:
        """Remove the state and its journal files (a run that completes, or starts afresh)."""
        folder, name = os.path.split(self.journal)
        try:
            stale = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith(name + ".")]
        except OSError:
            stale = []
        for path in [self.path, *stale]:
            try:
                os.unlink(path)
            except OSError:
                pass
