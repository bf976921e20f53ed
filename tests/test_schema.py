"""One record schema: every machine-readable output of ``clean`` and ``report``, for a single
file, standard input and a batch, validates against the same schema (README "Records")."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from boilerstrip.cli import main
from boilerstrip.removals import FILE_FIELDS, REMOVAL_FIELDS, SCORE_UNITS

from .test_hostile import ACCEPT, ARTICLE_1, BANNER, document

NULLABLE_STR = (str, type(None))
#: The removal record: field -> accepted types.
REMOVAL = {"file": str, "index": int, "start": int, "end": int, "verdict": str, "reason": str,
           "score": (int, float), "score_unit": str, "contributions": list, "lang": NULLABLE_STR,
           "entry_id": NULLABLE_STR, "family": NULLABLE_STR, "position": str, "detail": str, "text": str}
FILE = {"file": str, "encoding": str, "paragraphs": int, "paragraphs_removed": int, "bytes": int,
        "bytes_removed": int, "removals": list}
SUMMARY = {"files": int, "processed": int, "changed": int, "skipped": int, "failed": int, "paragraphs": int,
           "paragraphs_removed": int, "bytes": int, "bytes_removed": int, "by_reason": dict, "by_lang": dict,
           "most_removed": list, "score_units": dict}


def check(record: dict, schema: dict) -> None:
    assert list(record) == list(schema), f"fields {list(record)} != {list(schema)}"
    for key, kind in schema.items():
        assert isinstance(record[key], kind) and not isinstance(record[key], bool), (key, record[key])


def check_removal(r: dict, data: bytes) -> None:
    check(r, REMOVAL)
    assert r["verdict"] == "remove" and r["reason"] in SCORE_UNITS and r["score_unit"] == SCORE_UNITS[r["reason"]]
    assert r["position"] in ("top", "middle", "bottom") and r["index"] >= 0
    assert 0 <= r["start"] < r["end"] <= len(data)
    assert data[r["start"]:r["end"]].decode("utf-8").startswith(r["text"])  # byte offsets
    assert r["contributions"] and all(set(c) == {"signal", "value"} for c in r["contributions"])


def check_file(rec: dict, data: bytes) -> None:
    check(rec, FILE)
    assert rec["bytes"] == len(data) and rec["paragraphs_removed"] == len(rec["removals"])
    assert rec["bytes_removed"] == sum(r["end"] - r["start"] for r in rec["removals"])
    for r in rec["removals"]:
        check_removal(r, data)


def from_csv(row: dict) -> dict:
    """A CSV row back to a record: numbers, nulls and the contributions cell."""
    out = {}
    for key in REMOVAL_FIELDS:
        value = row[key]
        if key in ("index", "start", "end"):
            value = int(value)
        elif key == "score":
            value = float(value)
        elif key == "contributions":
            value = json.loads(value)
        elif value == "" and key in ("lang", "entry_id", "family"):
            value = None
        out[key] = value
    return out


def test_schema_constants_match_the_records():
    assert tuple(REMOVAL) == REMOVAL_FIELDS and tuple(FILE) == FILE_FIELDS


@pytest.fixture
def inputs(tmp_path):
    doc, _ = document()
    second = f"{ARTICLE_1}\nShare\n{BANNER}\n{ACCEPT}\n"
    (tmp_path / "d").mkdir()
    files = {tmp_path / "d" / "a.txt": ("\ufeff" + doc).encode(), tmp_path / "d" / "b.txt": second.encode(),
             tmp_path / "d" / "c.txt": f"Zürich – {ARTICLE_1}\n".encode()}
    for path, data in files.items():
        path.write_bytes(data)
    return tmp_path, {str(k): v for k, v in files.items()}


def run(args, input=None):
    r = CliRunner().invoke(main, args, input=input, catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    return r.stdout


@pytest.mark.parametrize("how", ["single", "stdin", "batch"])
def test_every_output_validates(inputs, how):
    root, files = inputs
    a = str(root / "d" / "a.txt")
    if how == "single":
        args, stdin, expect = [a], None, {a: files[a]}
    elif how == "stdin":
        args, stdin, expect = ["-"], files[a], {"<stdin>": files[a]}
    else:
        args, stdin, expect = [str(root / "d")], None, files

    lines = [json.loads(x) for x in run(["clean", "--json", *args], stdin).splitlines()]
    assert [x["file"] for x in lines] == list(expect)
    for rec in lines:
        check_file(rec, expect[rec["file"]])

    doc = json.loads(run(["report", "--format", "json", *args], stdin))
    assert list(doc) == ["files", "summary"]
    check(doc["summary"], SUMMARY)
    assert doc["files"] == lines  # report json holds exactly clean --json's file records
    assert doc["summary"]["paragraphs_removed"] == sum(len(x["removals"]) for x in lines)
    assert doc["summary"]["bytes_removed"] == sum(x["bytes_removed"] for x in lines)

    records = [r for x in lines for r in x["removals"]]
    jsonl = [json.loads(x) for x in run(["report", "--format", "jsonl", *args], stdin).splitlines()]
    assert jsonl == records
    rows = list(csv.DictReader(io.StringIO(run(["report", "--format", "csv", *args], stdin))))
    assert [from_csv(row) for row in rows] == records
    for r in records:
        check_removal(r, expect[r["file"]])


def test_json_output_file_receives_what_clean_prints(inputs, tmp_path):
    root, files = inputs
    printed = run(["clean", "--json", str(root / "d")])
    out = tmp_path / "records.jsonl"
    assert run(["clean", "--json", str(root / "d"), "-o", str(out)]) == ""
    assert out.read_text() == printed
    single = str(root / "d" / "a.txt")
    assert run(["clean", "--json", single, "-o", str(out)]) == ""
    assert out.read_text() == run(["clean", "--json", single])


def test_csv_header_even_without_removals(tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text(ARTICLE_1 + "\n")
    assert run(["report", "--format", "csv", str(f)]).splitlines() == [",".join(REMOVAL_FIELDS)]
    doc = json.loads(run(["report", "--format", "json", str(f)]))
    assert doc["files"][0]["removals"] == [] and doc["summary"]["paragraphs_removed"] == 0


def test_index_and_units_are_the_same_in_tables(inputs):
    root, files = inputs
    a = str(root / "d" / "a.txt")
    table = run(["report", a])
    rows = [line.split("\t") for line in table.splitlines()[2:] if line[:1].isdigit()]
    records = json.loads(run(["clean", "--json", a]))["removals"]
    assert [int(r[0]) for r in rows] == [r["index"] for r in records]  # from 0, like JSON
    assert f"({sum(r['end'] - r['start'] for r in records)} bytes)" in table
    assert "score (consent_control): similarity to a known label, 0-100" in table
    assert Path(a).read_bytes().startswith(b"\xef\xbb\xbf") and records[0]["start"] == 3  # the BOM counts
