"""Safe on real folders: discovery like ripgrep, outputs that never replace special files,
encodings, configuration files, terminal manners, --dry-run and --diff.

Most tests run the real command (``python -m boilerstrip``) in a subprocess, like
``tests/test_hostile.py``; FIFOs, symbolic links and device nodes are made in the test's own
temporary folder, never in the machine's ``/dev``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from .test_hostile import (ACCEPT, ARTICLE_1, ARTICLE_2, BANNER, boilerstrip, document, leftovers, text,
                           tree)

DOC, EXPECTED = document()
HOOK = "#!/bin/sh\n# An example hook script.\n" + "".join(f"# {BANNER}\n" for _ in range(3))


# --- discovery ----------------------------------------------------------------------------------

def git_like_tree(root: Path) -> dict[str, bytes]:
    """A working tree with a .git folder whose files look like text (and repeat across the
    tree, as hooks do), hidden files, an ignored folder and markup files."""
    files = {
        ".git/COMMIT_EDITMSG": f"{BANNER}\n{ACCEPT}\n".encode(),
        ".git/hooks/pre-commit.sample": HOOK.encode(),
        ".git/hooks/pre-push.sample": HOOK.encode(),
        ".git/hooks/commit-msg.sample": HOOK.encode(),
        ".git/description": f"{BANNER}\n".encode(),
        ".DS_Store": b"Bud1\x00\x00\x00\x01" + BANNER.encode(),
        ".notes.txt": DOC.encode(),
        ".gitignore": b"build/\n*.log\n",
        "build/out.txt": DOC.encode(),
        "debug.log": DOC.encode(),
        "page.html": f"<p>{BANNER}</p>\n<p>{ARTICLE_1}</p>\n".encode(),
        "data.json": b'{"text": "' + BANNER.encode() + b'"}\n',
        "a.txt": DOC.encode(),
        "sub/b.txt": DOC.encode(),
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return tree(root)


def test_git_tree_cleaned_in_place_leaves_git_and_hidden_files_untouched(tmp_path):
    before = git_like_tree(tmp_path)
    r = boilerstrip("clean", "--in-place", ".", "-q", cwd=tmp_path)
    assert r.returncode == 0 and r.stderr == b"", text(r.stderr)
    after = tree(tmp_path)
    changed = sorted(k for k in before if after[k] != before[k])
    assert changed == ["a.txt", "sub/b.txt"]
    assert after["a.txt"] == EXPECTED.encode()


def test_hidden_no_ignore_exclude_and_glob_widen_or_narrow_the_walk(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    git_like_tree(src)

    def cleaned(*flags):
        out = tmp_path / ("out" + "".join(flags).replace("*", "x").replace("/", "_"))
        r = boilerstrip("clean", src, "-o", out, "-q", *flags)
        assert r.returncode == 0, text(r.stderr)
        return sorted(tree(out))

    assert cleaned() == ["a.txt", "sub/b.txt"]
    assert cleaned("--hidden") == [".gitignore", ".notes.txt", "a.txt", "sub/b.txt"]  # never .git
    assert cleaned("--no-ignore") == ["a.txt", "build/out.txt", "debug.log", "sub/b.txt"]
    assert cleaned("--exclude", "sub/") == ["a.txt"]
    assert cleaned("--glob", "*.html") == ["page.html"]


def test_ignore_file_negation_and_deeper_files(tmp_path):
    (tmp_path / "keep").mkdir()
    for name in ("a.txt", "b.txt", "keep/c.txt", "keep/d.txt"):
        (tmp_path / name).write_text(DOC, encoding="utf-8")
    (tmp_path / ".ignore").write_text("*.txt\n!b.txt\n", encoding="utf-8")
    (tmp_path / "keep" / ".gitignore").write_text("!c.txt\n", encoding="utf-8")
    r = boilerstrip("report", tmp_path, "--format", "jsonl")
    files = sorted({Path(line.split('"file": "')[1].split('"')[0]).name for line in text(r.stdout).splitlines()})
    assert files == ["b.txt", "c.txt"]


def test_a_file_named_directly_is_read_even_if_hidden_or_markup(tmp_path):
    f = tmp_path / ".page.html"
    f.write_text(DOC, encoding="utf-8")
    r = boilerstrip("clean", f)
    assert r.returncode == 0 and r.stdout == EXPECTED.encode()


# --- outputs that are not regular files ---------------------------------------------------------

def _input(tmp_path: Path) -> Path:
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    return f


def test_output_onto_a_fifo_writes_through_it(tmp_path):
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = boilerstrip("clean", _input(tmp_path), "-o", fifo, "-q", timeout=30)
    reader.join(timeout=30)
    assert r.returncode == 0, text(r.stderr)
    assert got == [EXPECTED.encode()]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and leftovers(tmp_path) == []


def test_output_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.txt"
    os.symlink(target.name, link)
    r = boilerstrip("clean", _input(tmp_path), "-o", link, "-q")
    assert r.returncode == 0, text(r.stderr)
    assert os.path.islink(link) and os.readlink(link) == "real.txt"
    assert target.read_bytes() == EXPECTED.encode() and leftovers(tmp_path) == []


def test_output_through_a_dangling_symlink_is_refused(tmp_path):
    link = tmp_path / "link.txt"
    os.symlink(tmp_path / "gone" / "x.txt", link)
    r = boilerstrip("clean", _input(tmp_path), "-o", link)
    assert r.returncode == 1
    assert text(r.stderr) == f"boilerstrip: error: {link}: dangling symbolic link; not written through\n"
    assert os.path.islink(link)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_output_onto_a_character_device_writes_through_it(tmp_path):
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    r = boilerstrip("clean", _input(tmp_path), "-o", null, "-q")
    assert r.returncode == 0, text(r.stderr)
    assert stat.S_ISCHR(os.lstat(null).st_mode) and leftovers(tmp_path) == []
    r = boilerstrip("clean", _input(tmp_path), "--json", "-o", null, "-q")
    assert r.returncode == 0 and stat.S_ISCHR(os.lstat(null).st_mode)


def test_output_to_dev_stdout_goes_to_standard_output(tmp_path):
    r = boilerstrip("clean", _input(tmp_path), "-o", "/dev/stdout", "-q")
    assert (r.returncode, r.stdout) == (0, EXPECTED.encode())


def test_mirrored_outputs_never_replace_special_files(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.txt").write_text(DOC, encoding="utf-8")
    (src / "b.txt").write_text(DOC, encoding="utf-8")
    real = tmp_path / "elsewhere.txt"
    real.write_bytes(b"old\n")
    os.symlink(real, out / "a.txt")
    os.mkdir(out / "b.txt")
    r = boilerstrip("clean", src, "-o", out, "-q")
    assert r.returncode == 1
    assert text(r.stderr) == f"boilerstrip: error: {out / 'b.txt'}: is a directory; not written\n"
    assert os.path.islink(out / "a.txt") and real.read_bytes() == EXPECTED.encode()


# --- encodings ----------------------------------------------------------------------------------

GERMAN = ("Der Stadtrat hat am Dienstag beschlossen, die Straßenbahnlinie in die nördlichen "
          "Vororte zu verlängern.\nDie Arbeiten beginnen im Mai, teilte die Verwaltung mit.\n")


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
def test_latin1_chrome_is_seen_and_written_back_in_latin1(tmp_path, codec):
    f = tmp_path / "de.txt"
    f.write_bytes(("Schriftgröße:\n" + GERMAN).encode(codec))
    r = boilerstrip("clean", f)
    assert (r.returncode, r.stdout) == (0, GERMAN.encode(codec))


def test_non_utf8_without_removals_comes_back_byte_for_byte(tmp_path):
    data = ("Zürich, été, Łódź — „Anführung“ " + GERMAN).encode("cp1250", "replace")
    f = tmp_path / "cz.txt"
    f.write_bytes(data)
    r = boilerstrip("clean", f)
    assert (r.returncode, r.stdout) == (0, data)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_text(tmp_path, codec):
    doc = f"Text size:\n{ARTICLE_1}\nΘεσσαλονίκη, 東京.\n"
    f = tmp_path / "wide.txt"
    f.write_bytes(doc.encode(codec))
    r = boilerstrip("clean", f)
    assert r.returncode == 0, text(r.stderr)
    assert r.stdout == f"{ARTICLE_1}\nΘεσσαλονίκη, 東京.\n".encode(codec)


def test_utf32_with_a_bom_keeps_it(tmp_path):
    f = tmp_path / "bom32.txt"
    f.write_bytes(codecs.BOM_UTF32_LE + DOC.encode("utf-32-le"))
    r = boilerstrip("clean", f)
    assert r.stdout == codecs.BOM_UTF32_LE + EXPECTED.encode("utf-32-le")


def test_named_encoding(tmp_path):
    f = tmp_path / "x.txt"
    f.write_bytes(("Schriftgröße:\n" + GERMAN).encode("latin-1"))
    assert boilerstrip("clean", "--encoding", "latin-1", f).stdout == GERMAN.encode("latin-1")
    r = boilerstrip("clean", "--encoding", "utf-8", f)  # undecodable bytes kept as they were
    assert r.returncode == 0 and r.stdout.startswith(b"Schriftgr\xf6\xdfe:\n")
    r = boilerstrip("clean", "--encoding", "ascii", f)
    assert r.returncode == 1 and "not valid ascii text" in text(r.stderr)
    r = boilerstrip("clean", "--encoding", "klingon", f)
    assert r.returncode == 2 and "unknown encoding 'klingon'" in text(r.stderr)


# --- configuration ------------------------------------------------------------------------------

def _repeated_batch(root: Path) -> Path:
    """Four files sharing one promotional line at the top."""
    src = root / "in"
    src.mkdir(parents=True)
    promo = "Listen to our new morning podcast about the news of the day, every day at six."
    for i in range(4):
        (src / f"{i}.txt").write_text(f"{promo}\n{ARTICLE_1} ({i})\n{ARTICLE_2} ({i})\n", encoding="utf-8")
    return src


def test_config_found_upward_and_flags_win(tmp_path):
    src = _repeated_batch(tmp_path)
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n\n[tool.boilerstrip]\nmin-repeat = 5\n")
    cwd = tmp_path / "deep" / "er"
    assert boilerstrip("report", src, "--format", "jsonl", cwd=cwd).stdout == b""
    assert text(boilerstrip("report", src, "--format", "jsonl", "--min-repeat", "3", cwd=cwd).stdout).count("\n") == 4
    (tmp_path / "deep" / "boilerstrip.toml").write_text("min-repeat = 3\nexclude = ['1.txt']\n")
    lines = text(boilerstrip("report", src, "--format", "jsonl", cwd=cwd).stdout).splitlines()
    assert len(lines) == 3 and not any("1.txt" in line for line in lines)


def test_config_unknown_key_is_a_usage_error_naming_the_file(tmp_path):
    conf = tmp_path / "boilerstrip.toml"
    conf.write_text("min_repeat = 4\n")
    r = boilerstrip("clean", "-", input=DOC.encode(), cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == b""
    assert text(r.stderr).startswith(f"boilerstrip: error: {conf}: unknown key 'min_repeat'")
    other = tmp_path / "other.toml"
    other.write_text("keep-chrome = 'yes'\n")
    r = boilerstrip("clean", "--config", other, "-", input=DOC.encode(), cwd=tmp_path)
    assert r.returncode == 2 and f"{other}: 'keep-chrome' must be a bool" in text(r.stderr)
    other.write_text("min-repeat = 1\n")
    r = boilerstrip("clean", "--config", other, "-", input=DOC.encode(), cwd=tmp_path)
    assert r.returncode == 2 and f"{other}: 'min-repeat' must be at least 2" in text(r.stderr)


def test_config_corpus_paths_are_relative_to_the_file(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "mine.jsonl").write_text(
        '{"kind": "label", "family": "chrome", "lang": "en", "text": "Print this page"}\n', encoding="utf-8")
    (tmp_path / "boilerstrip.toml").write_text("corpus = ['corpus/mine.jsonl']\n")
    (tmp_path / "work").mkdir()
    r = boilerstrip("clean", "-", input=f"Print this page\n{ARTICLE_1}\n".encode(), cwd=tmp_path / "work")
    assert r.stdout == f"{ARTICLE_1}\n".encode()


# --- terminal manners ---------------------------------------------------------------------------

def test_bare_command_prints_help_and_exits_0():
    r = boilerstrip()
    assert r.returncode == 0 and b"Usage: " in r.stdout and b"Commands:" in r.stdout and r.stderr == b""
    assert b"\\n" not in r.stdout


def test_clean_without_input_at_a_terminal_says_how_and_exits_2():
    import pty

    controller, terminal = pty.openpty()
    try:
        p = subprocess.run([sys.executable, "-m", "boilerstrip", "clean"], stdin=terminal, capture_output=True,
                           timeout=20)
    finally:
        os.close(controller)
        os.close(terminal)
    assert p.returncode == 2 and p.stdout == b""
    assert b"Usage: " in p.stderr and b"No input" in p.stderr


@pytest.fixture(scope="module")
def long_report(tmp_path_factory):
    """A file whose report is far longer than a pipe holds."""
    f = tmp_path_factory.mktemp("report") / "many.txt"
    f.write_text("".join(f"{BANNER}\n{ACCEPT}\n{ARTICLE_1} ({i})\n" for i in range(3000)), encoding="utf-8")
    return f


@pytest.mark.parametrize("fmt", ["table", "jsonl", "json", "csv"])
def test_report_into_a_closed_pipe_exits_141_quietly(long_report, fmt):
    p = subprocess.Popen([sys.executable, "-m", "boilerstrip", "report", long_report, "--format", fmt],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(timeout=60) == 141 and err == b""


ANSI = re.compile(rb"\x1b\[[0-9;]*m")


def test_color_choices_and_no_color(tmp_path):
    f = _input(tmp_path)
    assert ANSI.search(boilerstrip("report", f, "--color", "always").stdout)
    assert not ANSI.search(boilerstrip("report", f, "--color", "never").stdout)
    assert not ANSI.search(boilerstrip("report", f).stdout)  # piped: no styles
    env = {**os.environ, "NO_COLOR": "1"}
    r = subprocess.run([sys.executable, "-m", "boilerstrip", "report", f, "--color", "auto"],
                       capture_output=True, env=env)
    assert not ANSI.search(r.stdout)


def test_piped_table_is_plain_rows(tmp_path):
    r = boilerstrip("report", _input(tmp_path))
    lines = text(r.stdout).splitlines()
    assert all(line == line.rstrip() for line in lines)
    assert lines[1] == "#\treason\tscore\tlang\topening words\tentry\tposition"
    assert lines[2].startswith("0\tconsent_vocabulary\t") or lines[2].startswith("0\tcorpus_match\t")
    assert not re.search("[─━│┃┏┗]", text(r.stdout))


def test_table_fits_80_columns_without_cutting_reasons_or_names(tmp_path):
    from boilerstrip.removals import REMOVAL_FIELDS
    from boilerstrip.report import Report, Style, print_files, print_removals

    long_name = str(tmp_path / ("a-rather-long-folder-name-for-scraped-articles/" * 2) / "the-article.txt")
    records = [dict.fromkeys(REMOVAL_FIELDS, None) | {
        "index": i, "reason": reason, "score": 91.25, "lang": "de", "text": BANNER, "position": "top",
        "entry_id": "de.pay_or_consent.1", "start": 0, "end": 10, "file": long_name}
        for i, reason in enumerate(["consent_vocabulary", "multilingual_block", "consent_control"])]
    import io

    style = Style(color=False, terminal=True, width=80)
    out = io.StringIO()
    print_removals(style, out, long_name, records)
    report = Report()
    from boilerstrip.report import Outcome

    report.add(Outcome(long_name, paragraphs=9, records=records))
    print_files(style, out, report)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80, out.getvalue()
    for reason in ("consent_vocabulary", "multilingual_block", "consent_control"):
        assert any(reason in line for line in lines), reason
    title = "".join(line.rstrip() for line in lines[:lines.index(next(x for x in lines if not x.strip()))])
    assert title == f"{long_name}: removed paragraphs (# from 0)"  # wrapped, not cut
    start = next(i for i in range(lines.index("per file"), len(lines)) if "───" in lines[i]) + 1
    cells = []
    for line in lines[start:]:
        if not line.strip():
            break
        cells.append(re.split(r"\s{2,}", line.strip())[0])
    assert "".join(cells) == long_name  # the file column wraps the name, whole


# --- --dry-run and --diff -----------------------------------------------------------------------

def test_dry_run_writes_nothing_and_says_what_would_change(tmp_path):
    (tmp_path / "a.txt").write_text(DOC, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_1 + "\n", encoding="utf-8")
    before = tree(tmp_path)
    r = boilerstrip("clean", "--in-place", "--dry-run", tmp_path)
    assert r.returncode == 0 and tree(tmp_path) == before
    assert text(r.stdout) == f"{tmp_path / 'a.txt'}: would remove 2 of 4 paragraphs ({len(BANNER) + len(ACCEPT) + 2} bytes)\n"
    r = boilerstrip("clean", "--dry-run", tmp_path / "a.txt")
    assert r.returncode == 2 and "--dry-run needs --in-place or -o" in text(r.stderr)


def test_diff_shows_the_removals(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    r = boilerstrip("clean", "--diff", f)
    assert r.returncode == 0 and f.read_text(encoding="utf-8") == DOC
    removed = [line for line in text(r.stdout).splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == [f"-{BANNER}", f"-{ACCEPT}"]
    r = boilerstrip("clean", "--in-place", "--diff", "--dry-run", tmp_path)
    assert f"-{ACCEPT}" in text(r.stdout) and f.read_text(encoding="utf-8") == DOC
    r = boilerstrip("clean", "--in-place", "--diff", tmp_path, "-q")
    assert f"-{ACCEPT}" in text(r.stdout) and f.read_text(encoding="utf-8") == EXPECTED
