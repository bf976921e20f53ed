"""Packed tables (boilerstrip.packed) read as the plain data they were packed from, whichever
buckets a look-up unpacked first; the content model made from its packed prebuilt state gives
the logits the model read from its file gives (the fast path against the slow one)."""

from __future__ import annotations

import random

import pytest

from boilerstrip import packed, prebuilt
from boilerstrip.text import normalize
from boilerstrip.textmodel import ContentModel
from tests.fixture_cases import load_cases
from tests.test_prebuilt import needs_same_interpreter


def _mapping(n: int, seed: int = 1) -> dict[str, object]:
    rng = random.Random(seed)
    alphabet = "ab cdé中文кой"
    found: dict[str, object] = {}
    while len(found) < n:
        key = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        found[key] = rng.choice([rng.random(), [rng.randint(0, 9)], (key, 1), "x"])
    return found


@pytest.mark.parametrize("n", [0, 1, 5, 200, 3000])
def test_a_packed_map_reads_as_its_dict_whatever_is_unpacked_first(n):
    plain = _mapping(n)
    keys = list(plain) + ["zz", "q", "中国", "absent key"]
    rng = random.Random(n)
    for _ in range(3):
        table = packed.table(memoryview(packed.pack_map(plain)))
        assert len(table) == len(plain)
        rng.shuffle(keys)
        for k in range(0, len(keys), 7):
            some = keys[k : k + 7]
            got = table.having(some)
            for key in some:
                assert got.get(key, "missing") == plain.get(key, "missing")
                assert table.get(key, "missing") == plain.get(key, "missing")
                assert (key in table) == (key in plain)
        assert table == plain and dict(table) == plain
        assert table.whole() == plain


def test_a_packed_map_unpacks_only_the_buckets_it_is_asked_for_then_everything():
    plain = _mapping(3000)
    table = packed.table(memoryview(packed.pack_map(plain)))
    got = table.having(["ab"])
    assert 0 < len(got) < len(plain) and got.get("ab") == plain.get("ab")
    for _ in range(packed.FULL_AFTER):
        table.having(["c"])
    assert table.having(["c"]) == plain  # past FULL_AFTER look-ups, the rest at once


@pytest.mark.parametrize("n", [0, 1, packed.SEQ_CHUNK, packed.SEQ_CHUNK + 1, 1000])
def test_a_packed_sequence_reads_as_its_tuple(n):
    plain = tuple((i, f"row {i}", (i % 3,)) for i in range(n))
    table = packed.table(memoryview(packed.pack_seq(plain)))
    assert len(table) == n
    for i in reversed(range(n)):
        assert table[i] == plain[i] and table[i - n] == plain[i - n]
    with pytest.raises(IndexError):
        table[n]
    assert table == plain and tuple(table) == plain and table[1:4] == plain[1:4]


def test_bytes_that_are_no_packed_table_are_refused():
    with pytest.raises(ValueError):
        packed.table(memoryview(b"\x05\x00\x00\x00\xe9\x00\x00\x00\x00rest"))


def _paragraphs() -> list[str]:
    texts = [p["text"] for case in load_cases() for p in case.paragraphs]
    return [normalize(t) for t in texts] + ["", "a", "cookies", "我们使用cookie"]


@needs_same_interpreter
def test_the_packed_content_model_gives_the_logits_of_the_model_file():
    made = prebuilt.load()
    assert made is not None
    fast, slow = ContentModel.from_state(made.state("content_model")), ContentModel.from_file()
    assert fast._packed is not None  # the lazy path is the one measured first
    assert (fast.bias, fast.version, fast.fitted) == (slow.bias, slow.version, slow.fitted)
    for norm in _paragraphs():
        assert fast.logit(norm) == slow.logit(norm), norm
    assert fast.weights == slow.weights and fast.state() == slow.state()


@needs_same_interpreter
def test_a_fresh_packed_content_model_reads_every_weight_a_paragraph_needs():
    # Each paragraph in a model of its own: only that paragraph's buckets are unpacked.
    made, slow = prebuilt.load(), ContentModel.from_file()
    for norm in _paragraphs()[::25]:
        fast = ContentModel.from_state(made.state("content_model"))
        assert fast.logit(norm) == slow.logit(norm), norm


@needs_same_interpreter
def test_a_packed_content_model_turns_plain_once_every_bucket_is_read():
    made, slow = prebuilt.load(), ContentModel.from_file()
    fast = ContentModel.from_state(made.state("content_model"))
    norms = _paragraphs()[: packed.FULL_AFTER + 10]
    for norm in norms:
        assert fast.logit(norm) == slow.logit(norm), norm
    assert fast._packed is None and fast.weights == slow.weights  # read from the plain dict now
