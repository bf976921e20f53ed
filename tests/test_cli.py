"""The command line for single documents: streams, exit codes, errors and help."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from boilerstrip.cli import main

BANNER = ("We use cookies and similar technologies to personalise content and ads, to provide "
          "social media features and to analyse our traffic. By clicking 'Accept all' you consent "
          "to our use of cookies. You can change your settings at any time in our privacy policy.")
ARTICLE = ("The city council voted on Tuesday to extend the tram line to the northern suburbs, "
           "a project that has been debated for more than a decade.")
DOC = f"{BANNER}\nAccept all\n{ARTICLE}\nShare\nThe works start in May.\n"
CLEAN = f"{ARTICLE}\nThe works start in May.\n"


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input, catch_exceptions=False)


def test_clean_file_to_stdout(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOC, encoding="utf-8")
    r = run(["clean", str(f)])
    assert r.exit_code == 0 and r.stdout == CLEAN and r.stderr == ""
    assert f.read_text(encoding="utf-8") == DOC  # input untouched


def test_clean_to_output_file(tmp_path):
    f, out = tmp_path / "a.txt", tmp_path / "out.txt"
    f.write_text(DOC, encoding="utf-8")
    r = run(["clean", str(f), "-o", str(out)])
    assert r.exit_code == 0 and r.stdout == ""
    assert out.read_text(encoding="utf-8") == CLEAN
    assert [p.name for p in tmp_path.iterdir() if "tmp" in p.name] == []


def test_keep_chrome_keeps_interface_lines():
    r = run(["clean", "--keep-chrome"], input=DOC)
    assert "Share\n" in r.stdout and BANNER not in r.stdout


def test_clean_json_lists_removals_with_evidence():
    r = run(["clean", "--json", "-"], input=DOC)
    data = json.loads(r.stdout)
    assert data["file"] == "<stdin>" and data["paragraphs"] == 5
    rules = [p["reason"] for p in data["removals"]]
    assert len(rules) == 3 and rules[1:] == ["consent_control", "chrome"]
    first = data["removals"][0]
    assert DOC.encode()[first["start"]:first["end"]] == (BANNER + "\n").encode()


def test_report_table_and_summary():
    r = run(["report", "-"], input=DOC)
    assert r.exit_code == 0
    assert "3 of 5 paragraphs removed" in r.stdout and "consent_control" in r.stdout


def test_report_json():
    r = run(["report", "--format", "json"], input=DOC)
    assert [p["index"] for p in json.loads(r.stdout)["files"][0]["removals"]] == [0, 1, 3]


def test_empty_input_gives_empty_output():
    r = run(["clean"], input="")
    assert r.exit_code == 0 and r.stdout == ""


def test_text_without_boilerplate_is_unchanged():
    data = (ARTICLE + "\r\n\r\n" + ARTICLE).encode()
    assert run(["clean"], input=data).stdout_bytes == data


def test_missing_file_is_a_one_line_error(tmp_path):
    r = run(["clean", str(tmp_path / "nope.txt")])
    assert r.exit_code == 1
    assert r.stderr == f"boilerstrip: error: {tmp_path / 'nope.txt'}: no such file\n"


def test_binary_file_is_refused(tmp_path):
    f = tmp_path / "img.png"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    r = run(["clean", str(f)])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == f"boilerstrip: error: {f}: binary file (contains NUL bytes), not text\n"


def test_unreadable_file(tmp_path, monkeypatch):
    f = tmp_path / "secret.txt"
    f.write_text("x")

    def denied(*args, **kwargs):  # chmod 0 does not stop root, who runs CI
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("boilerstrip.files.open", denied, raising=False)
    r = run(["clean", str(f)])
    assert r.exit_code == 1 and r.stderr == f"boilerstrip: error: {f}: permission denied\n"


def test_bad_option_is_a_usage_error():
    r = run(["clean", "--no-such-option"])
    assert r.exit_code == 2


def test_malformed_corpus_file_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "label"\n', encoding="utf-8")
    r = run(["clean", "--corpus", str(bad)], input=DOC)
    assert r.exit_code == 2 and f"{bad}:1: not valid JSON" in r.stderr


def test_invalid_utf8_survives(tmp_path):
    f = tmp_path / "latin1.txt"
    data = DOC.encode() + "Caf\u00e9 cr\u00e8me, la r\u00e9ponse.\n".encode("latin-1")
    f.write_bytes(data)
    r = CliRunner().invoke(main, ["clean", str(f)])
    assert r.stdout_bytes == CLEAN.encode() + "Caf\u00e9 cr\u00e8me, la r\u00e9ponse.\n".encode("latin-1")


@pytest.mark.parametrize("command", [[], ["clean"], ["report"]])
def test_help_has_examples(command):
    r = run([*command, "--help"])
    assert r.exit_code == 0 and "Examples:" in r.stdout and "boilerstrip " in r.stdout


# --- the console entry point: signals, closed pipes, bugs --------------------------------------

def _run_entry(monkeypatch, capsys, argv):
    from boilerstrip import cli

    monkeypatch.setattr("sys.argv", ["boilerstrip", *argv])
    with pytest.raises(SystemExit) as info:
        cli.run()
    return info.value.code, capsys.readouterr()


def test_closed_stdout_exits_141_without_traceback(monkeypatch, capsys, tmp_path):
    import io

    class Closed(io.BytesIO):
        def write(self, data):
            raise BrokenPipeError(32, "Broken pipe")

    class Stdout:
        buffer = Closed()

        def write(self, s):
            return len(s)

        def flush(self):
            pass

        def fileno(self):
            raise ValueError("no descriptor")

    f = tmp_path / "a.txt"
    f.write_text(ARTICLE + "\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdout", Stdout())
    code, out = _run_entry(monkeypatch, capsys, ["clean", str(f)])
    assert code == 141 and "Traceback" not in out.err


def test_unexpected_error_is_one_line_unless_debug(monkeypatch, capsys, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE + "\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("boilerstrip.batch.analyze", boom)
    code, out = _run_entry(monkeypatch, capsys, ["clean", str(f)])
    assert code == 1
    assert out.err == "boilerstrip: error: unexpected RuntimeError: simulated bug (run with --debug for a traceback)\n"
    monkeypatch.setattr("sys.argv", ["boilerstrip", "clean", "--debug", str(f)])
    from boilerstrip import cli

    with pytest.raises(RuntimeError, match="simulated bug"):
        cli.run()


def test_usage_errors_exit_2_through_the_entry_point(monkeypatch, capsys):
    code, out = _run_entry(monkeypatch, capsys, ["clean", "--no-such-option"])
    assert code == 2 and "No such option" in out.err


def test_the_command_exits_without_teardown_yet_flushes_and_keeps_its_exit_codes(tmp_path):
    # ``python -m boilerstrip`` (and the console script) end a run without threads or workers
    # with os._exit after flushing: the same bytes and exit codes as a normal exit.
    import subprocess
    import sys

    f = tmp_path / "a.txt"
    f.write_text(DOC * 3000, encoding="utf-8")  # an output far bigger than a pipe's buffer
    cmd = [sys.executable, "-m", "boilerstrip", "clean"]
    done = subprocess.run([*cmd, str(f)], capture_output=True)
    assert done.returncode == 0 and done.stdout == (CLEAN * 3000).encode() and done.stderr == b""
    missing = subprocess.run([*cmd, str(tmp_path / "missing.txt")], capture_output=True)
    assert missing.returncode == 1 and missing.stderr.startswith(b"boilerstrip: error: ")
    usage = subprocess.run([*cmd, "--no-such-option"], capture_output=True)
    assert usage.returncode == 2
    head = subprocess.Popen([*cmd, str(f)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head.stdout.read(10)
    head.stdout.close()  # the reader goes away mid-output
    assert head.wait() == 141 and b"Traceback" not in head.stderr.read()
