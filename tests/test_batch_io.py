"""The batch's plumbing: compact repetition counts, one pool for both passes, output folders
made once, temporary names and what is left after an error."""

from __future__ import annotations

import errno
import os
import pickle
import random
from collections import Counter
from pathlib import Path

import pytest

from boilerstrip import batch as batch_mod
from boilerstrip import files
from boilerstrip.batch import Batch, Workers, count
from boilerstrip.files import TMP_SUFFIX, InputError, temporary_name, write_atomic, write_output
from boilerstrip.plan import Plan
from boilerstrip.repetition import Counts, HashCounts, KeyTally, Repetition, document_hashes
from boilerstrip.walk import discover

from .fixture_cases import load_cases

CASES = load_cases()


# --- compact counts -------------------------------------------------------------------------------

def _random_sets(seed: int, docs: int) -> list[set[int]]:
    rng = random.Random(seed)
    common = [rng.getrandbits(64) for _ in range(30)]  # lines that repeat across documents
    return [{rng.getrandbits(64) for _ in range(rng.randint(0, 20))} | set(rng.sample(common, rng.randint(0, 10)))
            | ({0, 2 ** 64 - 1} if rng.random() < 0.2 else set()) for _ in range(docs)]


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("min_repeat", [1, 2, 3, 7])
def test_compact_counts_count_like_a_counter(seed, min_repeat):
    sets = _random_sets(seed, 200)
    expected = Counter()
    counts = Counts()
    for s in sets:
        expected.update(s)
        counts.add(s)
    rep = counts.freeze(min_repeat)
    assert rep.docs == len(sets)
    assert isinstance(rep.counts, HashCounts)
    assert dict(rep.counts.items()) == {k: n for k, n in expected.items() if n >= min_repeat}
    assert list(rep.counts) == sorted(rep.counts)
    for key, n in expected.items():
        assert rep.counts.get(key, 0) == (n if n >= min_repeat else 0)
    assert rep.counts.get(12345, 0) == expected[12345] * (expected[12345] >= min_repeat)


def test_counts_merged_from_parts_equal_the_whole():
    sets = _random_sets(9, 300)
    whole, parts = Counts(), [Counts() for _ in range(3)]
    for i, s in enumerate(sets):
        whole.add(s)
        parts[i % 3].add(s)
    merged = Counts()
    for part in parts:
        merged.merge(pickle.loads(pickle.dumps(part)))  # parts travel from the workers
    assert merged.freeze(2) == whole.freeze(2)
    assert Repetition.combine(p.freeze(2) for p in whole.split(4)) == whole.freeze(2)


def test_key_tally_holds_arrays_not_objects():
    tally = KeyTally()
    tally.add(range(1000))
    assert len(tally) == 1000
    assert all(part.typecode == "Q" for part in tally.parts)
    frozen = tally.counted(1)
    assert frozen._keys.typecode == "Q" and frozen._values.typecode == "I"
    assert len(pickle.dumps(frozen)) < 1000 * 12 + 200


def test_hash_counts_is_a_mapping():
    counts = HashCounts.from_items([(5, 3), (1, 4), (2 ** 64 - 1, 9)])
    assert counts == {1: 4, 5: 3, 2 ** 64 - 1: 9} and {1: 4, 5: 3, 2 ** 64 - 1: 9} == counts
    assert 5 in counts and 6 not in counts and "5" not in counts and -1 not in counts
    assert counts[1] == 4 and len(counts) == 3 and bool(counts) and not HashCounts()
    with pytest.raises(KeyError):
        counts[2]
    with pytest.raises(ValueError):
        HashCounts.from_items([(1, 1), (1, 2)])


def test_repetition_counts_paragraphs_as_before():
    texts = ["Accept all\n\nA story one.\n", "Accept all\n\nA story two.\n", "ACCEPT   all\n\nThird story.\n"]
    rep = Repetition.from_texts(texts, min_repeat=3)
    assert rep.count("Accept all") == 3 and rep.count("A story one.") == 0
    assert set(rep.counts) == set.intersection(*(document_hashes(t) for t in texts))


# --- one pool for both passes -----------------------------------------------------------------------

@pytest.fixture
def nested(tmp_path):
    """40 fixture documents in nested folders (several levels), a line repeated in all."""
    src = tmp_path / "in"
    for i, case in enumerate(CASES[:40]):
        d = src / f"a{i % 2}" / f"b{i % 3}" / "c"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{case.name}.txt").write_bytes(("Share this article\n\n" + case.render()).encode("utf-8"))
    return src


def _outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pool_counts_like_one_process(nested):
    jobs = discover([str(nested)]).jobs
    assert len(jobs) >= 2 * batch_mod.CHUNK_SIZE  # enough for the pool
    one = count(Batch(jobs=1), jobs)
    with Workers(Batch(jobs=2), jobs) as workers:
        assert workers.pool is not None
        two = workers.count(jobs)
    assert one == two and one.counts


def test_nested_outputs_with_one_pool_are_as_with_one_process(nested, tmp_path):
    from click.testing import CliRunner

    from boilerstrip.cli import main

    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        r = CliRunner().invoke(main, ["clean", str(nested), "-o", str(out), "--jobs", str(jobs), "-q"],
                               catch_exceptions=False)
        assert r.exit_code == 0, r.stderr
        outs[jobs] = _outputs(out)
    assert outs[1] == outs[2] and len(outs[1]) == 40
    assert not any(TMP_SUFFIX in name for name in outs[1])


def test_output_folders_are_made_once_per_folder(nested, tmp_path, monkeypatch):
    made = []
    real = os.makedirs

    def makedirs(name, *args, **kwargs):
        made.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", makedirs)
    jobs = discover([str(nested)]).jobs
    out = tmp_path / "out"
    plan = Plan(kind="mirror", output=str(out))
    b = Batch(jobs=1, plan=plan)
    with Workers(b, jobs) as workers:
        outcomes = [o for _, o in workers.process(jobs, workers.count(jobs))]
    assert all(o.status == "ok" for o in outcomes)
    folders = {os.path.dirname(plan.target(j)) for j in jobs}
    # each once, however many files go there (makedirs also calls itself for missing parents)
    assert sorted(m for m in made if m in folders) == sorted(folders)
    assert len(_outputs(out)) == 40


# --- temporary names and errors ---------------------------------------------------------------------

def test_temporary_names_are_hidden_unique_and_swept(tmp_path):
    target = tmp_path / ("x" * 200 + ".txt")
    names = {temporary_name(target) for _ in range(100)}
    assert len(names) == 100
    for name in names:
        assert name.parent == tmp_path and name.name.startswith(".") and name.name.endswith(TMP_SUFFIX)
        assert f".{os.getpid()}." in name.name and len(name.name) < 160


def test_leftover_with_the_same_name_is_never_reused(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    serial = iter(range(10))
    monkeypatch.setattr(files, "_tmp_serial", serial)
    stale = target.with_name(f".out.txt.{os.getpid()}.0{TMP_SUFFIX}")
    stale.write_bytes(b"a killed run's leftover")
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert stale.read_bytes() == b"a killed run's leftover"  # O_EXCL: not opened, not replaced


def test_new_output_mode_follows_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "a.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o640


def test_in_place_keeps_the_mode(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(b"old")
    f.chmod(0o604)
    write_atomic(f, [b"ne", b"w"], mode_from=str(f))
    assert f.read_bytes() == b"new" and f.stat().st_mode & 0o777 == 0o604


def test_no_temporary_left_after_a_failed_write(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_bytes(b"previous\n")

    def chunks():
        yield b"half of it"
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(InputError, match="cannot write: input/output error"):
        write_output(target, chunks())
    assert target.read_bytes() == b"previous\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_no_temporary_left_after_an_interruption(tmp_path):
    def chunks():
        yield b"half of it"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_output(tmp_path / "out.txt", chunks())
    assert os.listdir(tmp_path) == []


def test_a_long_piece_is_encoded_in_slices_with_the_same_bytes():
    from boilerstrip.files import ENCODE_CHUNK, Document
    from boilerstrip.text import decode

    # Undecodable bytes (carried as lone surrogates) and multi-byte characters right at the
    # slice boundaries come back as the same bytes.
    data = b"a" * (ENCODE_CHUNK - 1) + b"\xff\xfe" + "é€😀".encode() * 3 + b"b" * ENCODE_CHUNK + b"\x80"
    doc = Document("x", decode(data))
    pieces = list(doc.encode_pieces([doc.text]))
    assert len(pieces) >= 3 and max(map(len, pieces)) <= 4 * ENCODE_CHUNK
    assert b"".join(pieces) == data
