"""The two passes on Dask give exactly what the local batch gives (LocalCluster, 2 workers)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402

from boilerstrip import Options, clean  # noqa: E402
from boilerstrip import dask as bdask  # noqa: E402
from boilerstrip.corpus import Entry, Kind  # noqa: E402
from boilerstrip.records import Output, clean_file, repetition_of  # noqa: E402
from boilerstrip.repetition import Repetition  # noqa: E402

from .fixture_cases import load_cases  # noqa: E402

CASES = load_cases()
FAST = Options(detect_languages=False)
FOOTER = "Sign up for the Tidewater Post briefing and never miss a story from our reporters."


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def batch() -> list[tuple[str | None, str]]:
    """Fixture documents, some of them on one site ending with the same footer."""
    out: list[tuple[str | None, str]] = []
    for i, case in enumerate(CASES[:30]):
        text = case.render()
        if i % 3 == 0:
            out.append(("tidewater-post.com", text.rstrip("\n") + "\n\n" + FOOTER + "\n"))
        else:
            out.append((None if i % 2 else f"site{i}-news.com", text))
    return out


def test_counts_equal_the_local_counts(client):
    items = batch()
    for parts, buckets in ((1, 1), (4, 1), (7, 3), (12, 2)):
        rep = bdask.count_texts(db.from_sequence(items, npartitions=parts), min_repeat=3, buckets=buckets)
        assert rep == Repetition.from_documents(items, min_repeat=3)
    texts = [t for _, t in items]
    assert bdask.count_texts(db.from_sequence(texts, npartitions=3)) == Repetition.from_texts(texts)


def test_cleaned_texts_equal_the_local_batch(client):
    items = batch()
    rep = Repetition.from_documents(items, min_repeat=3)
    local = [clean(text, FAST, rep.for_site(site)) for site, text in items]
    bag = db.from_sequence(items, npartitions=5)
    remote = bdask.clean_texts(bag, bdask.count_texts(bag, 3)).compute()
    assert remote == local
    assert sum(FOOTER in t for t in remote) == 0 and sum(a != b for a, b in zip(remote, [t for _, t in items])) > 5


def test_settings_travel_to_the_workers(client):
    extra = (Entry("x.label.1", Kind.LABEL, "chrome", "en", "Tidewater quick links", "test"),)
    texts = ["Harbour news of the day, told at length by our correspondent.\n\nTidewater quick links\n"] * 2
    bag = db.from_sequence(texts, npartitions=2)
    plain = bdask.clean_texts(bag, None).compute()
    assert plain == texts
    cleaned = bdask.clean_texts(bag, None, bdask.Settings(extra=extra)).compute()
    assert [t.rstrip("\n") for t in cleaned] == [texts[0].split("\n\n")[0]] * 2


def test_text_files_bag_reads_like_a_batch(client, tmp_path):
    paths = []
    for i, (_, text) in enumerate(batch()[:6]):
        p = tmp_path / f"{i}.txt"
        p.write_bytes(text.encode("utf-8") + (b"\xff" if i == 2 else b""))  # a stray byte survives
        paths.append(p)
    texts = bdask.text_files_bag(paths, npartitions=3).compute()
    assert texts[2].encode("utf-8", "surrogateescape").endswith(b"\xff")
    assert [t.encode("utf-8", "surrogateescape") for t in texts] == [p.read_bytes() for p in paths]


def write_record_files(folder: Path) -> list[Path]:
    items = batch()
    paths = []
    for k, suffix in enumerate((".jsonl", ".jsonl.gz", ".jsonl.zst")):
        path = folder / f"part{k}{suffix}"
        with Output(path) as o:
            for i, (site, text) in enumerate(items[k::3]):
                rec = {"id": f"{k}-{i}", "text": text}
                if site:
                    rec["metadata"] = {"url": f"https://www.{site}/{k}/{i}"}
                o.write(json.dumps(rec).encode() + b"\n")
            o.write(b"{not json}\n")
        paths.append(path)
    return paths


def test_record_files_equal_the_local_batch(client, tmp_path):
    paths = write_record_files(tmp_path)
    local_rep = repetition_of(paths, min_repeat=3)
    rep = bdask.count_record_files(paths, min_repeat=3, buckets=2)
    assert rep == local_rep and rep.site_docs
    jobs = [bdask.RecordJob(str(p), str(tmp_path / f"dask-{p.name}"), str(tmp_path / f"dask-attr-{p.name}"))
            for p in paths]
    stats = bdask.clean_record_files(jobs, rep)
    assert [s.malformed for s in stats] == [1, 1, 1] and sum(s.changed for s in stats) > 5
    for p in paths:
        clean_file(p, tmp_path / f"local-{p.name}", FAST, local_rep, attributes=tmp_path / f"local-attr-{p.name}")
        for kind in ("", "attr-"):
            a = (tmp_path / f"dask-{kind}{p.name}").read_bytes()
            b = (tmp_path / f"local-{kind}{p.name}").read_bytes()
            if p.suffix == ".jsonl":
                assert a == b
            else:  # compressed streams may differ in headers (gzip mtime): compare content
                from boilerstrip.records import open_input
                with open_input(tmp_path / f"dask-{kind}{p.name}") as fa, \
                        open_input(tmp_path / f"local-{kind}{p.name}") as fb:
                    assert fa.read() == fb.read()


def test_without_a_cluster_the_counts_are_a_graph_constant():
    """No distributed client: the same code runs on the local scheduler."""
    code = (
        "import dask, dask.bag as db\n"
        "from boilerstrip import dask as bd\n"
        "texts = [f'Story {i} about the port.\\n\\nShare this page with your friends today\\n' for i in range(3)]\n"
        "with dask.config.set(scheduler='synchronous'):\n"
        "    bag = db.from_sequence(texts, npartitions=2)\n"
        "    out = bd.clean_texts(bag, bd.count_texts(bag)).compute()\n"
        "    print([t.rstrip() for t in out] == [f'Story {i} about the port.' for i in range(3)])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"


def test_text_files_equal_the_local_batch(client, tmp_path):
    """Directory in, directory out: the same bytes as `boilerstrip clean DIR -o OUT`."""
    from click.testing import CliRunner

    from boilerstrip.cli import main

    src = tmp_path / "in"
    src.mkdir()
    for i, (_, text) in enumerate(batch()):
        data = text.encode("utf-16") if i == 4 else text.encode("utf-8")  # UTF-16 stays UTF-16
        (src / f"{i:02d}.txt").write_bytes(data)
    paths = sorted(src.iterdir())
    rep = bdask.count_text_files(paths, min_repeat=3, npartitions=4, buckets=2)
    removed = bdask.clean_text_files([bdask.TextJob(str(p), str(tmp_path / "dask" / p.name)) for p in paths], rep)
    assert sum(removed) > 10
    r = CliRunner().invoke(main, ["clean", str(src), "-o", str(tmp_path / "local"), "-q", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    for p in paths:
        assert (tmp_path / "dask" / p.name).read_bytes() == (tmp_path / "local" / p.name).read_bytes()
    assert (tmp_path / "dask" / "04.txt").read_bytes().startswith(b"\xff\xfe")


def test_text_directory_on_a_local_cluster_equals_the_local_batch(tmp_path):
    """`clean DIR -o OUT --scheduler local`: the same files as the local batch, and one file
    that cannot be read fails alone."""
    src = tmp_path / "in"
    src.mkdir()
    for i, (_, text) in enumerate(batch()[:12]):
        (src / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    (src / "zz-binary.txt").write_bytes(b"\x00\x01binary\x00")
    cmd = [sys.executable, "-m", "boilerstrip", "clean", str(src), "-q"]
    local = subprocess.run([*cmd, "-o", str(tmp_path / "local")], capture_output=True, text=True, timeout=120)
    remote = subprocess.run([*cmd, "-o", str(tmp_path / "dask"), "--scheduler", "local", "--jobs", "2"],
                            capture_output=True, text=True, timeout=300)
    assert (local.returncode, remote.returncode) == (0, 0), remote.stderr
    assert "zz-binary.txt" in remote.stderr and "skipped" in remote.stderr
    names = sorted(p.name for p in (tmp_path / "local").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "dask").iterdir()) and len(names) == 12
    for name in names:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert any((tmp_path / "dask" / n).read_bytes() != (src / n).read_bytes() for n in names)
