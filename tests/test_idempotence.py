"""Running again changes nothing: a batch's output cleaned again as a batch removes nothing
(without settling rounds: the ``repeated`` rule is monotone in the counts), and an interrupted
``--in-place`` run started again removes no more than one uninterrupted run, without any state
kept between runs (README "Running again")."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boilerstrip.cli import main

from .fixture_cases import load_cases
from .test_hostile import ACCEPT, BANNER, tree

ROOT = Path(__file__).resolve().parent.parent
CASES = load_cases()
ARTICLE = sorted({p["text"] for c in CASES for p in c.paragraphs if p["label"] == "article" and len(p["text"]) > 60})
BOILER = sorted({p["text"] for c in CASES for p in c.paragraphs if p["label"] != "article"})
PROMO = ["Listen to our new morning podcast about the news of the day, every day at six.",
         "Subscribe to our newsletter", "Read more", BANNER, ACCEPT]


def run(*args):
    r = CliRunner().invoke(main, [*map(str, args), "-q", "--jobs", "1"], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return r


def write_batch(folder: Path, docs: list[str]) -> None:
    folder.mkdir(parents=True)
    for i, doc in enumerate(docs):
        (folder / f"{i:03d}.txt").write_text(doc, encoding="utf-8")


def assert_output_is_final(tmp_path: Path, src: Path) -> None:
    out, again = tmp_path / "out", tmp_path / "again"
    run("clean", src, "-o", out)
    run("clean", out, "-o", again)
    assert tree(again) == tree(out)
    assert run("report", out, "--format", "jsonl").stdout == ""


@st.composite
def batches(draw):
    """5-12 documents mixing shared stories (runs of the same paragraphs), shared boilerplate
    and their own paragraphs, in either layout."""
    stories = [draw(st.lists(st.sampled_from(ARTICLE), min_size=2, max_size=5)) for _ in range(2)]
    docs = []
    for _ in range(draw(st.integers(5, 12))):
        parts = draw(st.lists(st.one_of(
            st.sampled_from(ARTICLE).map(lambda p: [p]), st.sampled_from(BOILER).map(lambda p: [p]),
            st.sampled_from(PROMO).map(lambda p: [p]), st.sampled_from(stories)), min_size=1, max_size=8))
        sep = draw(st.sampled_from(["\n", "\n\n"]))
        docs.append(sep.join(p for part in parts for p in part) + "\n")
    return docs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(docs=batches())
def test_cleaning_a_batch_output_again_removes_nothing(tmp_path_factory, docs):
    tmp = tmp_path_factory.mktemp("prop")
    write_batch(tmp / "in", docs)
    assert_output_is_final(tmp, tmp / "in")


def test_benchmark_batch_output_is_final(tmp_path):
    """The seeded benchmark corpus: re-cleaning its output once removed more (a repeated
    paragraph no longer part of a repeated story once the other copies had gone)."""
    _generate(tmp_path / "in", 400, 7)
    assert_output_is_final(tmp_path, tmp_path / "in")


def _interrupt_after(monkeypatch, writes: int) -> None:
    """Make the n-th output write of this process stop the run like Ctrl-C."""
    import boilerstrip.batch as batch

    real, count = batch.write_output, [0]

    def write_output(*args, **kwargs):
        count[0] += 1
        if count[0] > writes:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(batch, "write_output", write_output)


def _generate(folder: Path, files: int, seed: int) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(folder, files, seed)


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(line in it for line in short)


def assert_resumed_keeps_at_least(resumed: dict, uninterrupted: dict, rewritten: set) -> None:
    """What a re-run after an interruption leaves (README "Running again"): files rewritten
    before the interruption are as one uninterrupted run makes them; the others were decided
    with counts that can only be lower, so they keep every line that run keeps, maybe more."""
    assert resumed.keys() == uninterrupted.keys()
    for name, text in resumed.items():
        if name in rewritten:
            assert text == uninterrupted[name], name
        else:
            assert _is_subsequence(uninterrupted[name].splitlines(), text.splitlines()), name


@pytest.mark.parametrize("files,seed,writes", [(60, 11, 3), (400, 7, 150)])
def test_interrupted_in_place_run_then_rerun(tmp_path, monkeypatch, files, seed, writes):
    """No state is kept between runs: nothing is written outside the named tree, the
    interrupted run says what a re-run does, and the re-run removes no more than one
    uninterrupted run (and prints no resume message: it cannot tell)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    _generate(tmp_path / "a", files, seed)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    original = tree(tmp_path / "b")
    run("clean", "--in-place", tmp_path / "a")  # uninterrupted

    with monkeypatch.context() as m:
        _interrupt_after(m, writes)
        r = CliRunner().invoke(main, ["clean", "--in-place", str(tmp_path / "b"), "--jobs", "1"])
    assert r.exit_code == 130 and "running the same command again cleans the rest" in r.stderr
    rewritten = {k for k, v in tree(tmp_path / "b").items() if v != original[k]}
    assert rewritten and tree(tmp_path / "b") != tree(tmp_path / "a")  # stopped half way
    r = CliRunner().invoke(main, ["clean", "--in-place", str(tmp_path / "b"), "--jobs", "1"])
    assert r.exit_code == 0 and "resum" not in r.stderr
    assert_resumed_keeps_at_least(tree(tmp_path / "b"), tree(tmp_path / "a"), rewritten)
    assert list(home.rglob("*")) == []  # no state file, no journal


def test_sigint_during_in_place_then_rerun(tmp_path):
    """The real command, stopped with SIGINT part-way through rewriting, then run again:
    no temporary file is left, nothing is written outside the tree, and the re-run removes no
    more than one uninterrupted run."""
    import os
    import signal
    import subprocess
    import time

    from .test_hostile import leftovers, spawn

    home = tmp_path / "home"
    home.mkdir()
    _generate(tmp_path / "a", 1500, 3)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    env = {**os.environ, "HOME": str(home), "XDG_STATE_HOME": str(home / "state")}
    r = subprocess.run([sys.executable, "-m", "boilerstrip", "clean", "--in-place", str(tmp_path / "a"), "-q",
                        "--jobs", "2"], env=env, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    original = tree(tmp_path / "b")
    p = spawn("clean", "--in-place", tmp_path / "b", "--jobs", "2", env=env)
    deadline = time.monotonic() + 120
    while p.poll() is None and time.monotonic() < deadline:
        if sum(1 for k, v in tree(tmp_path / "b" / "site00").items() if original.get("site00/" + k, v) != v) >= 5:
            break
        time.sleep(0.05)
    assert p.poll() is None, "the run ended before it could be interrupted: make the batch bigger"
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130 and b"running the same command again cleans the rest" in err
    assert tree(tmp_path / "b") != tree(tmp_path / "a") and leftovers(tmp_path / "b") == []
    rewritten = {k for k, v in tree(tmp_path / "b").items() if v != original[k]}
    r = subprocess.run([sys.executable, "-m", "boilerstrip", "clean", "--in-place", str(tmp_path / "b"), "-q",
                        "--jobs", "2"], env=env, capture_output=True, timeout=300)
    assert r.returncode == 0 and b"resum" not in r.stderr, r.stderr
    assert_resumed_keeps_at_least(tree(tmp_path / "b"), tree(tmp_path / "a"), rewritten)
    assert list(home.rglob("*")) == []
