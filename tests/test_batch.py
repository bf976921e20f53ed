"""Batches: discovery, mirrored outputs, repetition across documents, determinism, reports."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from boilerstrip import Rule, analyze
from boilerstrip.cli import main
from boilerstrip.repetition import Repetition

from .fixture_cases import load_cases

CASES = load_cases()
EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "examples" / "brussels-multilingual-banner.txt"


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus_dir(tmp_path):
    """40 fixture documents in nested folders (enough for the worker pool), plus a binary file."""
    src = tmp_path / "in"
    for i, case in enumerate(CASES[:40]):
        d = src / f"part{i % 3}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{case.name}.txt").write_bytes(case.render().encode("utf-8"))
    (src / "image.bin").write_bytes(b"\x89PNG\x00\x00binary")
    return src


def test_directory_is_mirrored_and_inputs_untouched(corpus_dir, tmp_path):
    before = tree(corpus_dir)
    out = tmp_path / "out"
    r = run(["clean", str(corpus_dir), "-o", str(out), "--jobs", "1"])
    assert r.exit_code == 0, r.stderr
    assert tree(corpus_dir) == before
    produced = tree(out)
    assert set(produced) == {k for k in before if not k.endswith(".bin")}
    assert "image.bin: binary file" in r.stderr and "skipped" in r.stderr
    assert "40 files processed, 1 skipped, 0 failed" in r.stderr
    for rel, data in produced.items():  # without repetition evidence the batch equals single runs
        single = analyze((corpus_dir / rel).read_bytes().decode("utf-8")).cleaned().encode()
        assert data == single or len(data) < len(single)


def test_outputs_do_not_depend_on_order_or_jobs(corpus_dir, tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    files = sorted(str(p) for p in corpus_dir.rglob("*.txt"))
    assert run(["clean", *files, "-o", str(a), "--jobs", "1", "-q"]).exit_code == 0
    assert run(["clean", *files[::-1], "-o", str(b), "--jobs", "2", "-q"]).exit_code == 0
    assert run(["clean", str(corpus_dir), "-o", str(c), "--jobs", "2", "-q", "--glob", "*.txt"]).exit_code == 0
    assert tree(a) == tree(b)
    assert sorted(tree(a).values()) == sorted(tree(c).values())


def test_file_given_directly_lands_under_its_name(tmp_path):
    out = tmp_path / "out"
    r = run(["clean", str(EXAMPLE), str(EXAMPLE.with_suffix(".expected.txt")), "-o", str(out)])
    assert r.exit_code == 0
    assert sorted(tree(out)) == ["brussels-multilingual-banner.expected.txt", "brussels-multilingual-banner.txt"]


def test_colliding_output_names_are_a_usage_error(tmp_path):
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "same.txt").write_text("text\n")
    r = run(["clean", str(tmp_path / "x" / "same.txt"), str(tmp_path / "y" / "same.txt"), "-o", str(tmp_path / "o")])
    assert r.exit_code == 2 and "same output 'same.txt'" in r.stderr


def test_same_input_twice_is_processed_once(tmp_path):
    r = run(["clean", str(EXAMPLE), str(EXAMPLE), "-o", str(tmp_path / "o")])
    assert r.exit_code == 0 and "given twice" in r.stderr and len(tree(tmp_path / "o")) == 1


def test_missing_input_fails_but_the_rest_is_done(tmp_path):
    r = run(["clean", str(tmp_path / "nope.txt"), str(EXAMPLE), "-o", str(tmp_path / "o")])
    assert r.exit_code == 1
    assert f"boilerstrip: error: {tmp_path / 'nope.txt'}: no such file or directory" in r.stderr
    assert list(tree(tmp_path / "o")) == ["brussels-multilingual-banner.txt"]


def test_batch_needs_an_output(tmp_path):
    r = run(["clean", str(tmp_path)])
    assert r.exit_code == 2 and "need -o DIR" in r.stderr


def test_output_dir_inside_input_is_not_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    for _ in range(2):  # the second run would read in/out/a.txt if it did not skip it
        r = run(["clean", str(src), "-o", str(src / "out")])
        assert r.exit_code == 0
    assert sorted(tree(src)) == ["a.txt", "out/a.txt"]


def test_in_place_only_when_asked(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(EXAMPLE.read_bytes())
    g = tmp_path / "clean.txt"
    g.write_text("Nothing to remove here.\n")
    mtime = g.stat().st_mtime_ns
    r = run(["clean", "--in-place", str(tmp_path)])
    assert r.exit_code == 0
    assert f.read_bytes() == EXAMPLE.with_suffix(".expected.txt").read_bytes()
    assert g.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "clean.txt"]


def test_symlinked_directories_are_not_followed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Hello.\n")
    os.symlink(src, src / "loop")
    r = run(["clean", str(src), "-o", str(tmp_path / "o")])
    assert r.exit_code == 0 and list(tree(tmp_path / "o")) == ["a.txt"]


# --- repetition -----------------------------------------------------------------------------

ARTICLES = [[p["text"] for p in c.paragraphs if p["label"] == "article" and len(p["text"]) > 120][:5]
            for c in CASES if sum(1 for p in c.paragraphs if p["label"] == "article" and len(p["text"]) > 120) >= 5]
PROMO = "Hlustaðu á fréttirnar okkar á hverjum morgni í nýja hlaðvarpinu okkar um helstu tíðindi dagsins."


def test_repeated_edge_paragraph_is_removed_with_its_count():
    docs = [PROMO + "\n" + "\n".join(a) + "\n" for a in ARTICLES[:6]]
    rep = Repetition.from_texts(docs)
    for d in docs:
        single = analyze(d)
        assert not single.removed  # without the batch there is no evidence
        result = analyze(d, repetition=rep)
        assert [p.index for p in result.removed] == [0]
        ev = result.removed[0].evidence[0]
        assert ev.rule is Rule.REPEATED and ev.score == 6.0 and "in 6 of 6 documents" in ev.detail


def test_syndicated_story_is_kept():
    story = ARTICLES[0]
    docs = [f"{ARTICLES[i][0]}\n" + "\n".join(story) + "\n" for i in range(1, 6)]
    rep = Repetition.from_texts(docs)
    for d in docs:
        assert not analyze(d, repetition=rep).removed


def test_repeated_mid_text_paragraph_without_notice_vocabulary_is_kept():
    docs = ["\n".join(a[:2] + [PROMO] + a[2:]) + "\n" for a in ARTICLES[:6]]
    rep = Repetition.from_texts(docs)
    assert not any(analyze(d, repetition=rep).removed for d in docs)


def test_min_repeat_option(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i, a in enumerate(ARTICLES[:3]):
        (src / f"{i}.txt").write_text(PROMO + "\n" + "\n".join(a) + "\n", encoding="utf-8")
    r = run(["report", str(src), "--format", "jsonl", "--min-repeat", "4"])
    assert r.stdout == ""
    r = run(["report", str(src), "--format", "jsonl", "--min-repeat", "3"])
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(row["reason"], row["index"]) for row in rows] == [("repeated", 0)] * 3


# --- batch reports --------------------------------------------------------------------------

def test_batch_report_formats(corpus_dir):
    j = run(["report", str(corpus_dir), "--format", "json", "--jobs", "1"])
    data = json.loads(j.stdout)["summary"]
    assert data["processed"] == 40 and data["skipped"] == 1 and data["paragraphs_removed"] > 0
    assert sum(data["by_reason"].values()) == data["paragraphs_removed"] == sum(data["by_lang"].values())
    assert data["most_removed"][0]["count"] >= 1
    lines = run(["report", str(corpus_dir), "--format", "jsonl", "--jobs", "2"]).stdout.splitlines()
    assert len(lines) == data["paragraphs_removed"]
    rows = list(csv.DictReader(io.StringIO(run(["report", str(corpus_dir), "--format", "csv"]).stdout)))
    assert len(rows) == data["paragraphs_removed"]
    assert {"file", "start", "end", "reason", "score", "lang", "entry_id"} <= set(rows[0])
    first = json.loads(lines[0])
    data = Path(first["file"]).read_bytes()
    assert data[first["start"]:first["end"]].decode("utf-8").startswith(first["text"])


def test_batch_report_table(corpus_dir):
    r = run(["report", str(corpus_dir)])
    assert r.exit_code == 0 and "most frequently removed" in r.stdout and "40 files processed" in r.stdout


def test_batch_clean_json_lines(corpus_dir, tmp_path):
    r = run(["clean", str(corpus_dir), "--json", "-q"])
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(lines) == 40 and all("removals" in x for x in lines)
    out = tmp_path / "removals.jsonl"
    r = run(["clean", str(corpus_dir), "--json", "-q", "-o", str(out)])
    assert r.exit_code == 0 and r.stdout == "" and [json.loads(x) for x in out.read_text().splitlines()] == lines
