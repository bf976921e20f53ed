"""The command line over JSON Lines records (``clean data.jsonl.gz -o out.jsonl.zst``) and the
``learn`` command: the real command through click's runner."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
import zstandard
from click.testing import CliRunner

from boilerstrip import Corpus, Options, clean
from boilerstrip.cli import main
from boilerstrip.corpus import read_file
from boilerstrip.records import Record, iter_records

from .test_cli import ARTICLE, BANNER, DOC
from .test_learn import NOTICE, STORIES, site_batch
from .test_records import make_records

FAST = Options(detect_languages=False)
BROKEN = b'{"id": "cut-off", "text": "half a rec'


def invoke(*args, input=None):
    return CliRunner().invoke(main, [*map(str, args)], input=input, catch_exceptions=False)


def records_data(broken_at: int | None = None) -> bytes:
    lines = make_records(30).splitlines(keepends=True)
    if broken_at is not None:
        lines.insert(broken_at - 1, BROKEN + b"\n")
    return b"".join(lines)


def write(path: Path, data: bytes) -> Path:
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def read(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(data)
    if path.name.endswith(".zst"):
        return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data)).read()
    return data


def items(data: bytes) -> list:
    return list(iter_records(io.BytesIO(data), "mem"))


def assert_same_records_cleaned(before: bytes, after: bytes, no_repeat: bool) -> int:
    """Same lines in the same order; malformed lines unchanged; in records every byte outside
    the text value unchanged (and with ``no_repeat`` the text is ``clean`` of the text).
    Returns the number of records whose text changed."""
    a, b = items(before), items(after)
    assert len(a) == len(b)
    changed = 0
    for x, y in zip(a, b):
        if not isinstance(x, Record):
            assert y.raw == x.raw and not isinstance(y, Record)
            continue
        assert x.source[: x.span[0]] == y.source[: y.span[0]]
        assert x.source[x.span[1]:] == y.source[y.span[1]:]
        if no_repeat:
            assert y.text == clean(x.text, FAST)
        changed += y.text != x.text
    return changed


@pytest.mark.parametrize("src,out", [("in.jsonl.gz", "out.jsonl.gz"), ("in.jsonl.zst", "out.jsonl.zst"),
                                     ("in.jsonl.gz", "out.ndjson"), ("in.ndjson", "out.jsonl.zst")])
def test_compressed_round_trip(tmp_path, src, out):
    data = records_data()
    r = invoke("clean", write(tmp_path / src, data), "-o", tmp_path / out, "--no-repeat")
    assert r.exit_code == 0, r.stderr
    assert assert_same_records_cleaned(data, read(tmp_path / out), no_repeat=True) >= 10
    assert "30 records" in r.stderr and "paragraphs removed" in r.stderr  # the summary
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({src, out})  # no temporary left


def test_no_repeat_equals_clean_of_each_text_alone(tmp_path):
    """Every record's text is what `clean` gives for that text as a file of its own."""
    data = records_data()
    r = invoke("clean", write(tmp_path / "in.jsonl", data), "--no-repeat")
    assert r.exit_code == 0, r.stderr
    out = items(r.stdout_bytes)
    for i, (x, y) in enumerate(zip(items(data), out)):
        doc = tmp_path / f"{i}.txt"
        doc.write_text(x.text, encoding="utf-8")
        assert y.text == invoke("clean", doc).stdout_bytes.decode("utf-8")


def test_malformed_line_is_kept_and_reported_with_file_and_line(tmp_path):
    data = records_data(broken_at=5)
    src = write(tmp_path / "in.jsonl.gz", data)
    r = invoke("clean", src, "-o", tmp_path / "out.jsonl")
    assert r.exit_code == 0
    assert f"boilerstrip: warning: {src}:5: not valid JSON\n" in r.stderr
    out = read(tmp_path / "out.jsonl")
    assert out.splitlines()[4] == BROKEN
    assert_same_records_cleaned(data, out, no_repeat=False)
    assert "1 malformed line kept" in r.stderr


def test_rejects_receive_malformed_lines_and_attributes_stay_aligned(tmp_path):
    data = records_data(broken_at=3)
    src = write(tmp_path / "in.jsonl", data)
    r = invoke("clean", src, "-o", tmp_path / "out.jsonl", "--rejects", tmp_path / "rej.jsonl.gz",
               "--attributes", tmp_path / "attrs.jsonl")
    assert r.exit_code == 0 and f"{src}:3: not valid JSON" in r.stderr
    assert read(tmp_path / "rej.jsonl.gz") == BROKEN + b"\n"
    out = read(tmp_path / "out.jsonl").splitlines()
    attrs = [json.loads(line) for line in (tmp_path / "attrs.jsonl").read_text().splitlines()]
    assert len(out) == len(attrs) == 30 and BROKEN not in out
    assert [a["id"] for a in attrs] == [json.loads(line)["id"] for line in out]
    assert any(any(spans for spans in a["attributes"].values()) for a in attrs)


def test_directory_of_record_files_is_mirrored_with_attributes(tmp_path):
    data = records_data()
    (tmp_path / "in" / "sub").mkdir(parents=True)
    write(tmp_path / "in" / "a.jsonl.gz", data)
    write(tmp_path / "in" / "sub" / "b.jsonl.zst", data)
    r = invoke("clean", tmp_path / "in", "--glob", "*.jsonl.*", "-o", tmp_path / "out",
               "--attributes", tmp_path / "attrs", "-q")
    assert r.exit_code == 0, r.stderr
    a, b = read(tmp_path / "out" / "a.jsonl.gz"), read(tmp_path / "out" / "sub" / "b.jsonl.zst")
    assert a == b and assert_same_records_cleaned(data, a, no_repeat=False) >= 10
    assert len((tmp_path / "attrs" / "sub" / "b.jsonl.zst").read_bytes()) > 0
    assert r.stderr == ""  # -q


def test_in_place_rewrites_only_changed_record_files(tmp_path):
    plain = b"".join(json.dumps({"id": i, "text": ARTICLE}).encode() + b"\n" for i in range(3))
    changed, same = write(tmp_path / "c.jsonl", records_data()), write(tmp_path / "s.jsonl", plain)
    os.utime(same, (1_000_000, 1_000_000))
    r = invoke("clean", "--in-place", changed, same, "-q", "--no-repeat")
    assert r.exit_code == 0, r.stderr
    assert same.read_bytes() == plain and same.stat().st_mtime == 1_000_000  # untouched
    assert assert_same_records_cleaned(records_data(), changed.read_bytes(), no_repeat=True) >= 10


def test_a_corrupt_file_fails_alone_with_one_line(tmp_path):
    (tmp_path / "in").mkdir()
    good = write(tmp_path / "in" / "a.jsonl.gz", records_data())
    bad = tmp_path / "in" / "b.jsonl.gz"
    bad.write_bytes(gzip.compress(records_data())[:-40])  # truncated
    r = invoke("clean", good, bad, "-o", tmp_path / "out")
    assert r.exit_code == 1
    errors = [line for line in r.stderr.splitlines() if line.startswith("boilerstrip: error:")]
    assert len(errors) == 1 and errors[0].startswith(f"boilerstrip: error: {bad}: cannot read")
    assert (tmp_path / "out" / "a.jsonl.gz").exists() and not (tmp_path / "out" / "b.jsonl.gz").exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.jsonl.gz"]  # no temporary left


def test_records_from_standard_input(tmp_path):
    data = records_data(broken_at=2)
    r = invoke("clean", "-", "--records", input=data)
    assert r.exit_code == 0 and "boilerstrip: warning: -:2: not valid JSON" in r.stderr
    assert assert_same_records_cleaned(data, r.stdout_bytes, no_repeat=True) >= 10


@pytest.mark.parametrize("extra", [["--json"], ["--diff"]])
def test_text_only_options_are_refused_for_records(tmp_path, extra):
    r = invoke("clean", write(tmp_path / "in.jsonl", records_data()), *extra)
    assert r.exit_code == 2 and "record files" in r.stderr


def test_text_and_record_files_are_not_mixed(tmp_path):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    write(tmp_path / "b.jsonl", records_data())
    r = invoke("clean", tmp_path / "a.txt", tmp_path / "b.jsonl", "-o", tmp_path / "out")
    assert r.exit_code == 2 and "clean them separately" in r.stderr
    assert not (tmp_path / "out").exists()


# --- learn -----------------------------------------------------------------------------------

def test_learn_from_records_then_clean_with_the_corpus(tmp_path):
    """learn writes a corpus file that --corpus loads, and the learned banner then goes from
    a page of another site (its name in the {site} slot), while journalism stays."""
    src = tmp_path / "crawl.jsonl.gz"
    write(src, b"".join(json.dumps({"id": i, "text": text, "url": f"https://{site}/{i}"}).encode() + b"\n"
                        for i, (site, text) in enumerate(site_batch())))
    r = invoke("learn", src, "-o", tmp_path / "learned.jsonl", "--color", "never")
    assert r.exit_code == 0, r.stderr
    assert "top candidates of 3" in r.stderr and "{site}" in r.stderr  # the table
    assert max(map(len, r.stderr.splitlines())) <= 80
    entries = read_file(tmp_path / "learned.jsonl")
    assert any(e.text.startswith("{site} stores cookies") for e in entries)
    page = tmp_path / "page.txt"
    page.write_text(f"{NOTICE.format(name='Tidewater Post')}\n\n{STORIES[4]}\n", encoding="utf-8")
    assert invoke("clean", page).stdout == page.read_text(encoding="utf-8")  # unknown without it
    r = invoke("clean", page, "--corpus", tmp_path / "learned.jsonl")
    assert r.exit_code == 0 and r.stdout == STORIES[4] + "\n"


def test_learn_from_text_files_to_stdout_quietly(tmp_path):
    (tmp_path / "batch").mkdir()
    for i, story in enumerate(STORIES[:4]):
        (tmp_path / "batch" / f"{i}.txt").write_text(f"{NOTICE.format(name='Harbour Ledger')}\n\n{story}\n",
                                                     encoding="utf-8")
    r = invoke("learn", tmp_path / "batch", "-q")
    assert r.exit_code == 0 and r.stderr == ""
    assert "# mined from 4 documents" in r.stdout
    learned = tmp_path / "l.jsonl"
    learned.write_text(r.stdout, encoding="utf-8")
    assert len(read_file(learned)) >= 1
    extra = Options(corpus=Corpus.with_extra(read_file(learned)), detect_languages=False)
    page = f"{NOTICE.format(name='Harbour Ledger')}\n\n{STORIES[4]}\n"
    assert clean(page, extra) == STORIES[4] + "\n"


def test_learn_reports_an_unreadable_file_and_goes_on(tmp_path):
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"not gzip at all")
    good = tmp_path / "a.txt"
    good.write_text(DOC, encoding="utf-8")
    r = invoke("learn", good, bad, "-q")
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"boilerstrip: error: {bad}: ")
    assert "# mined from 1 documents" in r.stdout
    assert BANNER not in r.stdout  # one page: nothing to learn


# --- --scheduler -----------------------------------------------------------------------------

def test_scheduler_local_gives_the_local_outputs(tmp_path):
    """Both passes on a local Dask cluster of 2 workers: the same files, warnings and
    summary as the local run; a corrupt file fails alone."""
    pytest.importorskip("distributed")
    data = records_data(broken_at=4)
    (tmp_path / "in" / "sub").mkdir(parents=True)
    write(tmp_path / "in" / "a.jsonl.gz", data)
    write(tmp_path / "in" / "sub" / "b.jsonl.zst", records_data())
    (tmp_path / "in" / "c.jsonl.gz").write_bytes(gzip.compress(data)[:-40])  # truncated
    runs = {}
    for name, extra in (("local", []), ("dask", ["--scheduler", "local", "-j", "2"])):
        r = invoke("clean", tmp_path / "in", "--glob", "*.jsonl.*", "-o", tmp_path / name,
                   "--attributes", tmp_path / f"{name}-attrs", *extra)
        assert r.exit_code == 1
        runs[name] = r.stderr.replace(str(tmp_path / name), "OUT")
        assert f"boilerstrip: warning: {tmp_path / 'in' / 'a.jsonl.gz'}:4: not valid JSON" in r.stderr
        assert f"boilerstrip: error: {tmp_path / 'in' / 'c.jsonl.gz'}: cannot read" in r.stderr
    assert runs["dask"] == runs["local"]
    for name in ("", "-attrs"):
        local, dask_ = tree_of(tmp_path / f"local{name}"), tree_of(tmp_path / f"dask{name}")
        assert local == dask_ and len(local) == 2


def tree_of(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("args,message", [
    (["a.txt"], "give -o FILE, -o DIR or --in-place"),  # text to standard output
    (["b.jsonl"], "give -o FILE or -o DIR"),
    (["b.jsonl", "--in-place"], "give -o FILE or -o DIR"),
])
def test_scheduler_usage_errors(tmp_path, args, message):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    write(tmp_path / "b.jsonl", records_data())
    r = invoke("clean", *[str(tmp_path / a) if a.endswith((".txt", ".jsonl", "out")) else a for a in args],
               "--scheduler", "local")
    assert r.exit_code == 2 and message in r.stderr


def test_no_repeat_for_a_text_batch_cleans_each_file_alone(tmp_path):
    example = (Path(__file__).resolve().parent.parent / "fixtures" / "examples"
               / "brussels-multilingual-banner.txt").read_bytes()
    (tmp_path / "in").mkdir()
    # Four different stories (the example's, each line marked with the file's number: no
    # copies, see the next test) under one site's banner and a promotion line.
    promo = "Escucha cada mañana nuestro pódcast con las claves del día en tu plataforma favorita.\n"
    lines = example.decode("utf-8").split("\n")
    for i in range(4):
        story = "\n".join(f"{line} ({i})" if len(line) > 80 and k >= 6 else line for k, line in enumerate(lines))
        (tmp_path / "in" / f"{i}.txt").write_bytes((promo + story).encode("utf-8"))
    alone = [invoke("clean", tmp_path / "in" / f"{i}.txt").stdout_bytes for i in range(4)]
    assert invoke("clean", tmp_path / "in", "-o", tmp_path / "batch", "-q").exit_code == 0
    assert (tmp_path / "batch" / "0.txt").read_bytes() != alone[0]  # the batch's repetition removes more
    r = invoke("clean", tmp_path / "in", "-o", tmp_path / "alone", "-q", "--no-repeat")
    assert r.exit_code == 0 and all((tmp_path / "alone" / f"{i}.txt").read_bytes() == alone[i] for i in range(4))


@pytest.mark.xfail(strict=True, reason=(
    "known precision miss: the same page four times in a batch loses two of its story's "
    "paragraphs (a ceasefire to 'agree' to) as repeated; see "
    "tests/test_rules.py::test_a_story_fetched_three_times_keeps_its_repeated_paragraphs_in_a_batch"))
def test_a_story_in_four_identical_files_loses_nothing_more_in_a_batch(tmp_path):
    """The same page four times: the batch should remove what one file alone loses, not the
    story's paragraphs that name a ceasefire to "agree" to."""
    example = (Path(__file__).resolve().parent.parent / "fixtures" / "examples"
               / "brussels-multilingual-banner.txt").read_bytes()
    (tmp_path / "in").mkdir()
    for i in range(4):
        (tmp_path / "in" / f"{i}.txt").write_bytes(example)
    alone = invoke("clean", tmp_path / "in" / "0.txt").stdout_bytes
    assert invoke("clean", tmp_path / "in", "-o", tmp_path / "batch", "-q").exit_code == 0
    assert all((tmp_path / "batch" / f"{i}.txt").read_bytes() == alone for i in range(4))


def test_report_refuses_record_files(tmp_path):
    r = invoke("report", write(tmp_path / "b.jsonl.gz", records_data()))
    assert r.exit_code == 2 and "for record files use clean --attributes" in r.stderr


def test_progress_on_a_terminal_shows_records_rate_and_bytes(tmp_path):
    """At a terminal (stderr a pseudo-terminal): records, records/s, MB/s; then the summary."""
    import pty
    import subprocess
    import sys

    src = write(tmp_path / "in.jsonl.gz", records_data() * 4)
    master, slave = pty.openpty()
    try:
        p = subprocess.Popen([sys.executable, "-m", "boilerstrip", "clean", str(src), "-o", str(tmp_path / "o.jsonl")],
                             stderr=slave, stdout=subprocess.DEVNULL,
                             env={**os.environ, "COLUMNS": "160", "TERM": "xterm"})
        os.close(slave)
        chunks = []
        while True:  # read while it runs: a full terminal buffer would block it
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the last writer has gone
                break
            if not data:
                break
            chunks.append(data)
        p.wait(timeout=120)
    finally:
        os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert p.returncode == 0
    assert "records/s" in err and "MB/s" in err and "120 records" in err
    assert "1 record file processed, 0 failed; 120 records" in err
