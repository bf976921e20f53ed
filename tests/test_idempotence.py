"""Running again changes nothing: a batch's output cleaned again as a batch removes nothing, and
an interrupted ``--in-place`` run that is started again ends with the files one uninterrupted
run makes (README "Running again")."""

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
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(tmp_path / "in", 400, 7)
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


@pytest.mark.parametrize("files,seed,writes", [(60, 11, 3), (400, 7, 150)])
def test_interrupted_in_place_run_resumes_to_the_same_files(tmp_path, monkeypatch, files, seed, writes):
    """(400, 7, 150): a file the settling round re-decides only when the resumed run knows,
    from the journal, what the files rewritten before the interruption lost."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(tmp_path / "a", files, seed)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    run("clean", "--in-place", tmp_path / "a")  # uninterrupted
    assert not any((tmp_path / "state").rglob("in-place-*"))  # the state goes when the run completes

    with monkeypatch.context() as m:
        _interrupt_after(m, writes)
        r = CliRunner().invoke(main, ["clean", "--in-place", str(tmp_path / "b"), "--jobs", "1"])
    assert r.exit_code == 130 and "run the same command again to resume" in r.stderr
    assert tree(tmp_path / "b") != tree(tmp_path / "a")  # stopped half way
    r = CliRunner().invoke(main, ["clean", "--in-place", str(tmp_path / "b"), "--jobs", "1"])
    assert r.exit_code == 0 and "resuming an interrupted --in-place run" in r.stderr
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    r = CliRunner().invoke(main, ["clean", "--in-place", str(tmp_path / "b"), "--jobs", "1"])
    assert "resuming" not in r.stderr and tree(tmp_path / "b") == tree(tmp_path / "a")


def test_sigint_during_in_place_then_rerun_gives_the_uninterrupted_files(tmp_path):
    """The real command, stopped with SIGINT part-way through rewriting, then run again."""
    import os
    import signal
    import subprocess
    import time

    from .test_hostile import leftovers, spawn

    env_home = tmp_path / "state"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(tmp_path / "a", 1500, 3)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    env = {**os.environ, "XDG_STATE_HOME": str(env_home)}
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
    assert p.returncode == 130 and b"run the same command again to resume" in err
    assert tree(tmp_path / "b") != tree(tmp_path / "a") and leftovers(tmp_path / "b") == []
    r = subprocess.run([sys.executable, "-m", "boilerstrip", "clean", "--in-place", str(tmp_path / "b"), "-q",
                        "--jobs", "2"], env=env, capture_output=True, timeout=300)
    assert r.returncode == 0 and b"resuming an interrupted --in-place run" in r.stderr
    assert tree(tmp_path / "b") == tree(tmp_path / "a")
    assert not list(env_home.rglob("in-place-*"))
