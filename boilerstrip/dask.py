"""The batch's two passes on Dask, for more than one machine (optional extra ``[dask]``).

Same passes as a local batch, so the same output:

1. **Count**: each partition counts its documents' line hashes into a
   :class:`~boilerstrip.repetition.Counts` (batch-wide and, for documents with a site, per
   site), split by key into ``buckets``; each bucket is merged over all partitions in a tree
   reduction and frozen (only repeated 8-byte keys survive), and the frozen buckets are
   combined into one :class:`~boilerstrip.repetition.Repetition`.
2. **Broadcast, then clean**: the frozen counts go to every worker once (``Client.scatter(…,
   broadcast=True)`` when a ``distributed`` client is active, else one shared graph key),
   and each partition is cleaned with them, in order.

Counts are sums and decisions read only the frozen counts, so results do not depend on the
partitioning, the number of workers or the order tasks run in.

Workers build their :class:`~boilerstrip.engine.Options` themselves (the compiled corpus is
cached per process), so only the user's extra corpus entries travel, never a compiled corpus.

Inputs are Dask bags whose items are texts (``str``) or ``(site, text)`` pairs, or lists of
record files (one partition per file: files are streamed inside the worker)::

    from distributed import Client
    from boilerstrip import dask as bdask
    client = Client("tcp://scheduler:8786")
    rep = bdask.count_record_files(paths)                       # pass 1
    stats = bdask.clean_record_files(jobs, rep)                 # pass 2, writes the outputs
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

import dask
import dask.bag as db

from .corpus import Entry
from .engine import Corpus, Options, clean
from .repetition import MIN_REPEAT, Counts, Repetition

__all__ = ["Settings", "count_texts", "clean_texts", "text_files_bag", "count_text_files",
           "TextJob", "clean_text_files", "count_record_files", "RecordJob", "clean_record_files",
           "JobReport", "run_record_jobs", "broadcast"]

#: Partial counts merged per reduction step.
SPLIT_EVERY = 8


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its Options (picklable, small): the user's extra corpus
    entries, ``keep_chrome`` and ``detect_languages`` (see :class:`boilerstrip.Options`)."""

    extra: tuple[Entry, ...] = ()
    keep_chrome: bool = False
    detect_languages: bool = False

    def options(self) -> Options:
        return _options(self)


@lru_cache(maxsize=8)
def _options(settings: Settings) -> Options:
    return Options(keep_chrome=settings.keep_chrome, corpus=Corpus.with_extra(settings.extra),
                   detect_languages=settings.detect_languages)


def _pair(item: Any) -> tuple[str | None, str]:
    if isinstance(item, str):
        return None, item
    site, text = item
    return site, text


# --- pass 1 ----------------------------------------------------------------------------------

def _count_partition(items: Iterable[Any]) -> Counts:
    counts = Counts()
    for item in items:
        site, text = _pair(item)
        counts.add_text(text, site)
    return counts


def _merge(parts: Iterable[Counts]) -> Counts:
    total = Counts()
    for part in parts:
        total.merge(part)
    return total


def _freeze(counts: Counts, min_repeat: int) -> Repetition:
    return counts.freeze(min_repeat)


def _count_bag(bag: db.Bag, perpartition, min_repeat: int, buckets: int) -> Repetition:
    """Count each partition, split its counts into ``buckets`` by key, merge each bucket over
    all partitions in a tree (:data:`SPLIT_EVERY` at a time) and freeze it, then combine the
    frozen buckets: no task ever holds more than about 1/``buckets`` of the batch's keys."""
    if buckets < 1:
        raise ValueError("buckets must be at least 1")
    parts = bag.map_partitions(lambda items: perpartition(items).split(buckets)).to_delayed()
    merge, freeze = dask.delayed(_merge, pure=True), dask.delayed(_freeze, pure=True)
    frozen = []
    for b in range(buckets):
        level = [p[b] for p in parts]
        while len(level) > 1:
            level = [merge(level[i:i + SPLIT_EVERY]) for i in range(0, len(level), SPLIT_EVERY)]
        frozen.append(freeze(level[0] if parts else Counts(), min_repeat))
    return Repetition.combine(dask.compute(*frozen))


def count_texts(bag: db.Bag, min_repeat: int = MIN_REPEAT, buckets: int = 1) -> Repetition:
    """Pass 1 over a bag of texts or ``(site, text)`` pairs: the batch's frozen counts.
    Runs on the current scheduler (a ``distributed`` client when one is active).
    ``buckets``: how many tasks share the merged counts (raise it when the batch's distinct
    lines do not fit one worker's memory; see the README)."""
    return _count_bag(bag, _count_partition, min_repeat, buckets)


# --- broadcast -------------------------------------------------------------------------------

def broadcast(value: Any) -> Any:
    """``value`` as one object every task can take as an argument, sent to each worker once:
    a scattered future on a ``distributed`` client, else a delayed constant."""
    try:
        from distributed import get_client

        client = get_client()
    except (ImportError, ValueError):
        return dask.delayed(value, pure=True)
    return client.scatter(value, broadcast=True, hash=False)


def map_batch(func: Any, items: Sequence[Any], *shared: Any) -> list:
    """``func(item, *shared)`` for every item, on the current scheduler (a ``distributed``
    client when one is active), results in input order; each shared value (None passes as
    it is) goes to every worker once. What ``boilerstrip clean DIR -o OUT --scheduler`` runs
    both passes of a text batch with."""
    args = [None if value is None else broadcast(value) for value in shared]
    bag = db.from_sequence(list(items), npartitions=max(1, min(len(items), 64)))
    return bag.map(func, *args).compute()


def _shared(settings: Settings) -> Any:
    """Settings with a user corpus travel once per worker, not once per task."""
    return broadcast(settings) if settings.extra else settings


# --- pass 2 ----------------------------------------------------------------------------------

def _clean_partition(items: Iterable[Any], repetition: Repetition | None, settings: Settings) -> list[str]:
    options = settings.options()
    out = []
    for item in items:
        site, text = _pair(item)
        rep = None if repetition is None else repetition.for_site(site)
        out.append(clean(text, options, rep))
    return out


def clean_texts(bag: db.Bag, repetition: Repetition | None, settings: Settings = Settings()) -> db.Bag:
    """Pass 2: a bag of cleaned texts, item for item (same partitions, same order) as ``bag``
    (texts or ``(site, text)`` pairs). ``repetition`` from :func:`count_texts` on the same bag;
    None for single-document evidence only. Lazy: call ``.compute()`` or write it out."""
    rep = broadcast(repetition) if repetition is not None else None
    return bag.map_partitions(_clean_partition, rep, _shared(settings))


def text_files_bag(paths: Sequence[str | os.PathLike], npartitions: int | None = None) -> db.Bag:
    """A bag of the decoded texts of text files (read like a local batch reads them: UTF-8
    without loss, UTF-16 with a byte-order mark), in the order of ``paths``. A file that
    cannot be read raises :class:`boilerstrip.files.InputError` when computed."""
    from .files import read_document

    bag = db.from_sequence([os.fspath(p) for p in paths],
                           npartitions=npartitions or min(len(paths), 64) or 1)
    return bag.map(lambda p: read_document(p).text)


def count_text_files(paths: Sequence[str | os.PathLike], min_repeat: int = MIN_REPEAT,
                     npartitions: int | None = None, buckets: int = 1) -> Repetition:
    """Pass 1 over text files (read as :func:`text_files_bag` reads them): the frozen counts,
    what :func:`boilerstrip.batch.count` gives for the same files."""
    return count_texts(text_files_bag(paths, npartitions), min_repeat, buckets)


@dataclass(frozen=True)
class TextJob:
    """One text file to clean: where to read, where to write the cleaned text."""

    source: str
    output: str


def _clean_text_job(job: TextJob, repetition: Repetition | None, settings: Settings) -> int:
    from .engine import analyze
    from .files import read_document, write_atomic

    doc = read_document(job.source)
    result = analyze(doc.text, settings.options(), repetition)
    os.makedirs(os.path.dirname(job.output) or ".", exist_ok=True)
    write_atomic(job.output, doc.encode_pieces(result.pieces()))
    return len(result.removed)


def clean_text_files(jobs: Sequence[TextJob], repetition: Repetition | None,
                     settings: Settings = Settings(), npartitions: int | None = None) -> list[int]:
    """Pass 2 over text files: each is cleaned and written (atomically, in its own encoding,
    as a local batch writes it) by a worker; returns the removed paragraphs per job, in order.
    Errors (:class:`boilerstrip.files.InputError`) propagate from the worker."""
    rep = broadcast(repetition) if repetition is not None else None
    bag = db.from_sequence(list(jobs), npartitions=npartitions or min(len(jobs), 64) or 1)
    return bag.map(_clean_text_job, rep, _shared(settings)).compute()


# --- record files ----------------------------------------------------------------------------

def _count_record_files(paths: Iterable[str], text_field: str, sites: bool, skip_errors: bool = False) -> Counts:
    from .files import InputError
    from .records import count_records, read_records

    counts = Counts()
    for path in paths:
        try:
            count_records(read_records(path, text_field), counts, sites)
        except InputError:
            if not skip_errors:
                raise
    return counts


def count_record_files(paths: Sequence[str | os.PathLike], min_repeat: int = MIN_REPEAT,
                       text_field: str = "text", sites: bool = True, buckets: int = 1,
                       skip_errors: bool = False) -> Repetition:
    """Pass 1 over record files (one partition per file, streamed in the worker; every
    worker must see the paths): the frozen counts, per site too when ``sites``.
    ``buckets`` as in :func:`count_texts`. ``skip_errors``: a file that cannot be read adds
    nothing (pass 2 reports it) instead of failing the computation."""
    bag = db.from_sequence([os.fspath(p) for p in paths], npartitions=max(len(paths), 1))
    return _count_bag(bag, lambda part: _count_record_files(part, text_field, sites, skip_errors),
                      min_repeat, buckets)


@dataclass(frozen=True)
class RecordJob:
    """One record file to clean: where to read, where to write (``attributes`` and
    ``rejects`` optional; see :func:`boilerstrip.records.write_records`)."""

    source: str
    output: str
    attributes: str | None = None
    rejects: str | None = None


def _clean_record_job(job: RecordJob, repetition: Repetition | None, settings: Settings,
                      text_field: str, id_field: str):
    from .records import clean_file

    return clean_file(job.source, job.output, settings.options(), repetition, text_field,
                      id_field, job.attributes, job.rejects)


def clean_record_files(jobs: Sequence[RecordJob], repetition: Repetition | None,
                       settings: Settings = Settings(), text_field: str = "text",
                       id_field: str = "id") -> list:
    """Pass 2 over record files: each job is cleaned and written by a worker (atomically,
    compressed by extension); returns the :class:`boilerstrip.records.Stats` of each job,
    in order. Outputs must be on storage the workers share with the caller."""
    rep = broadcast(repetition) if repetition is not None else None
    bag = db.from_sequence(list(jobs), npartitions=max(len(jobs), 1))
    return bag.map(_clean_record_job, rep, _shared(settings), text_field, id_field).compute()


@dataclass(frozen=True)
class JobReport:
    """What :func:`run_record_jobs` says of one job: its stats, or the error that stopped
    it (``"<path>: <what happened>"``; nothing was written then), and its malformed lines
    (``"<file>:<line>: <reason>"``, in order)."""

    stats: Any = None
    error: str | None = None
    malformed: tuple[str, ...] = ()


def _run_record_job(job: RecordJob, repetition: Repetition | None, settings: Settings,
                    text_field: str, id_field: str) -> JobReport:
    from .files import InputError
    from .records import Malformed, Stats, process_records, read_records, write_records

    stats, malformed = Stats(), []

    def items():
        for item in read_records(job.source, text_field, id_field):
            if isinstance(item, Malformed):
                malformed.append(str(item))
            yield item

    try:
        write_records(process_records(items(), settings.options(), repetition, stats=stats), job.output,
                      job.attributes, job.rejects)
    except InputError as exc:
        return JobReport(None, str(exc), tuple(malformed))
    return JobReport(stats, None, tuple(malformed))


def run_record_jobs(jobs: Sequence[RecordJob], repetition: Repetition | None, settings: Settings = Settings(),
                    text_field: str = "text", id_field: str = "id") -> list[JobReport]:
    """Pass 2 as the command line runs it: like :func:`clean_record_files`, but a file that
    cannot be read or written is reported in its :class:`JobReport` (the others go on), and
    malformed lines come back with their file and line number."""
    rep = broadcast(repetition) if repetition is not None else None
    bag = db.from_sequence(list(jobs), npartitions=max(len(jobs), 1))
    return bag.map(_run_record_job, rep, _shared(settings), text_field, id_field).compute()
