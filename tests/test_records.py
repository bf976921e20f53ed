"""JSON Lines records: cleaned text spliced in, every other byte kept, malformed lines kept or
rejected, compression by extension, Dolma-style attributes, flat memory."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from boilerstrip import Options, Rule, analyze, clean
from boilerstrip.records import (ATTRIBUTE_PREFIX, Malformed, Output, Record, RecordsError, Stats,
                                 attributes_of, clean_file, clean_records, count_records,
                                 iter_records, process_records, read_records, repetition_of,
                                 write_records)
from boilerstrip.repetition import Repetition

from .fixture_cases import load_cases

CASES = load_cases()
EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "examples" / "brussels-multilingual-banner.txt"
FAST = Options(detect_languages=False)


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def make_records(n: int = 40) -> bytes:
    """Records in the Dolma shape, with awkward but valid JSON around the text field."""
    out = []
    for i, case in enumerate(CASES[:n]):
        text = case.render()
        meta = json.dumps({"url": f"https://www.site{i % 4}.example.com/a/{i}", "score": 1.50,
                           "tags": ["x", {"deep": [1, 2.0e3]}]}, ensure_ascii=i % 2 == 0)
        value = json.dumps(text, ensure_ascii=i % 3 == 0)
        if i % 2:
            out.append(f'{{"id": {i}, "text" :  {value} , "metadata":{meta}}}')
        else:
            out.append(f'{{ "metadata" : {meta},"text":{value},"id":"doc-{i}",  "z": null }}')
    return "\n".join(out).encode("utf-8") + b"\n"


def test_text_is_cleaned_and_every_other_byte_kept():
    data = make_records()
    items = list(iter_records(io.BytesIO(data), "mem"))
    assert all(isinstance(it, Record) for it in items)
    out = list(clean_records(items, FAST))
    assert len(out) == len(items)
    changed = 0
    for src, line in zip(items, out):
        assert line.endswith(b"\n")
        back = next(iter_records(io.BytesIO(line), "out"))
        assert back.text == clean(src.text, FAST)
        assert back.fields == {**src.fields, "text": back.text}
        # the bytes before and after the text value are those of the input line
        a, b = src.span
        assert back.source[: back.span[0]] == src.source[:a]
        assert back.source[back.span[1]:] == src.source[b:]
        if back.text != src.text:
            changed += 1
        else:
            assert line == src.raw + b"\n"  # nothing removed: the very same bytes
    assert changed >= 10  # the fixtures have banners: the test is not vacuous


def test_escaping_style_follows_the_input():
    text = "Nous utilisons des cookies pour améliorer votre expérience. Accepter ?\n\nLe maire a inauguré le pont."
    ascii_line = json.dumps({"text": text}, ensure_ascii=True).encode()
    raw_line = json.dumps({"text": text}, ensure_ascii=False).encode()
    for line in (ascii_line, raw_line):
        record = next(iter_records(io.BytesIO(line), "m"))
        new = record.with_text("Le maire a inauguré le pont.")
        assert json.loads(new)["text"] == "Le maire a inauguré le pont."
        assert new.isascii() == line.isascii()


def test_lone_surrogate_escape_survives():
    line = b'{"text": "odd \\ud800 char\\n\\nShare", "id": 1}'
    record = next(iter_records(io.BytesIO(line), "m"))
    assert record.text == "odd \ud800 char\n\nShare"
    new = record.with_text("odd \ud800 char")
    new.decode("utf-8")  # valid UTF-8: the surrogate went out escaped
    assert json.loads(new)["text"] == "odd \ud800 char"


MALFORMED = [
    (b'{"id": 1, "text": 3}', "'text' is not a string"),
    (b'{"id": 2, "body": "x"}', "no 'text' field"),
    (b'[1, 2]', "not a JSON object"),
    (b'{"id": 3, "text": "unterminated', "not valid JSON"),
    (b'\xff\xfe{"text": "x"}', "not valid UTF-8"),
    (b'   ', "blank line"),
    (b'{"text": "a"} {"text": "b"}', "extra data"),
    (b'{"text": null}', "'text' is not a string"),
]


def test_malformed_lines_are_reported_and_kept_in_place(tmp_path):
    good = json.dumps({"id": "g", "text": EXAMPLE.read_text()}).encode()
    data = b"\n".join([good] + [m for m, _ in MALFORMED] + [good])  # no final newline
    src = tmp_path / "in.jsonl"
    src.write_bytes(data)
    items = list(read_records(src))
    bad = [it for it in items if isinstance(it, Malformed)]
    assert [(b.line, b.raw) for b in bad] == [(i + 2, m) for i, (m, _) in enumerate(MALFORMED)]
    for b, (_, reason) in zip(bad, MALFORMED):
        assert reason in b.reason
        assert str(b).startswith(f"{src}:{b.line}: ")
    out = tmp_path / "out.jsonl"
    attrs = tmp_path / "attrs.jsonl"
    stats = clean_file(src, out, FAST, attributes=attrs)
    produced = lines_of(out.read_bytes())
    assert len(produced) == len(MALFORMED) + 2
    assert produced[1:-1] == [m + b"\n" for m, _ in MALFORMED]
    assert not produced[-1].endswith(b"\n")  # the last line's missing newline stays missing
    assert json.loads(produced[0])["text"] == clean(EXAMPLE.read_text(), FAST)
    attr_lines = [json.loads(x) for x in lines_of(attrs.read_bytes())]
    assert len(attr_lines) == len(produced)  # aligned line by line
    assert attr_lines[1] == {"id": None, "attributes": {}}
    assert stats.records == 2 and stats.malformed == len(MALFORMED) and stats.changed == 2


def test_rejects_file_takes_the_malformed_lines(tmp_path):
    good = json.dumps({"id": "g", "text": "Plain story.\n\nSecond paragraph."}).encode()
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join([good, MALFORMED[0][0], good, MALFORMED[2][0]]) + b"\n")
    out, rej, attrs = tmp_path / "o.jsonl", tmp_path / "r.jsonl", tmp_path / "a.jsonl"
    clean_file(src, out, FAST, attributes=attrs, rejects=rej)
    assert out.read_bytes() == good + b"\n" + good + b"\n"
    assert rej.read_bytes() == MALFORMED[0][0] + b"\n" + MALFORMED[2][0] + b"\n"
    assert [json.loads(x)["id"] for x in lines_of(attrs.read_bytes())] == ["g", "g"]


def test_crlf_and_bom_are_kept():
    text = EXAMPLE.read_text()
    line = json.dumps({"text": text, "id": 1}).encode()
    data = b"\xef\xbb\xbf" + line + b"\r\n" + line + b"\r\n"
    out = list(clean_records(iter_records(io.BytesIO(data), "m"), FAST))
    assert out[0].startswith(b"\xef\xbb\xbf{") and out[0].endswith(b"}\r\n")
    assert out[1].endswith(b"}\r\n")
    assert json.loads(out[0][3:])["text"] == clean(text, FAST)


def test_duplicate_text_key_uses_the_last_one_like_json():
    line = b'{"text": "Share", "text": "Story.\\n\\nShare"}'
    record = next(iter_records(io.BytesIO(line), "m"))
    assert record.text == json.loads(line)["text"]
    out = record.with_text("Story.\n\n")
    assert out.startswith(b'{"text": "Share", "text": ') and json.loads(out)["text"] == "Story.\n\n"


@pytest.mark.parametrize("suffix,magic", [(".jsonl.gz", b"\x1f\x8b"), (".jsonl.zst", b"\x28\xb5\x2f\xfd"),
                                          (".jsonl", b"{")])
def test_compression_by_extension(tmp_path, suffix, magic):
    data = make_records(12)
    plain = tmp_path / "plain.jsonl"
    plain.write_bytes(data)
    packed = tmp_path / f"in{suffix}"
    with Output(packed) as o:  # written compressed by the extension
        o.write(data)
    assert packed.read_bytes().startswith(magic)
    assert [it.raw for it in read_records(packed)] == [it.raw for it in read_records(plain)]
    out = tmp_path / f"out{suffix}"
    clean_file(packed, out, FAST)
    assert out.read_bytes().startswith(magic)
    expected = b"".join(clean_records(read_records(plain), FAST))
    assert b"".join(it.raw + it.newline for it in read_records(out)) == expected


def test_gzip_output_is_readable_by_the_standard_library(tmp_path):
    target = tmp_path / "x.jsonl.gz"
    with Output(target) as o:
        o.write(b'{"text": "a"}\n')
    assert gzip.decompress(target.read_bytes()) == b'{"text": "a"}\n'


def test_failed_write_leaves_no_file(tmp_path):
    target = tmp_path / "out.jsonl.gz"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with Output(target) as o:
            o.write(b"new\n")
            raise RuntimeError("boom")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl.gz"]


def test_unreadable_inputs_raise_records_error(tmp_path):
    with pytest.raises(RecordsError, match="no such file"):
        list(read_records(tmp_path / "missing.jsonl"))
    with pytest.raises(RecordsError, match="is a directory"):
        list(read_records(tmp_path))
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(make_records(5))[:-30])
    with pytest.raises(RecordsError, match="broken.jsonl.gz: cannot read"):
        list(read_records(broken))
    bad_zst = tmp_path / "bad.jsonl.zst"
    bad_zst.write_bytes(b"\x28\xb5\x2f\xfdnot really zstd")
    with pytest.raises(RecordsError, match="bad.jsonl.zst: cannot read"):
        list(read_records(bad_zst))


def test_attributes_are_character_spans_of_the_original_text():
    text = "Déjà vu — café\n\n" + EXAMPLE.read_text()  # non-ASCII first: characters, not bytes
    line = json.dumps({"id": 7, "text": text}, ensure_ascii=False).encode()
    done = next(process_records(iter_records(io.BytesIO(line), "m"), FAST))
    attrs = json.loads(done.attributes)
    assert attrs["id"] == 7
    assert set(attrs["attributes"]) == {ATTRIBUTE_PREFIX + r.value for r in Rule}
    result = analyze(text, FAST)
    spans = sorted(s for v in attrs["attributes"].values() for s in v)
    assert len(spans) == len(result.removed) > 0
    for (start, end, score), p in zip(spans, result.removed):
        assert text[start:end].startswith(result.paragraph_text(p))
        assert score == round(p.evidence[0].score, 3)
    assert attributes_of(result) == attrs["attributes"]


@pytest.mark.slow
def test_memory_is_flat_in_the_number_of_records(tmp_path):
    """20,000 records stream through read -> clean -> gzip write without being held."""
    banner = ("We use cookies to improve your experience on our site. By clicking Accept all "
              "you agree to our use of cookies.\n\nAccept all\n\n")
    story = ("The harbour authority said on Monday that the new ferry timetable, number {i}, would "
             "start in spring after months of talks with unions and local councils.\n\nShare\n")

    def write(n: int) -> Path:
        path = tmp_path / f"in{n}.jsonl.gz"
        with Output(path) as o:
            for i in range(n):
                text = (banner if i % 2 else "") + story.format(i=i)  # each text unique
                o.write(json.dumps({"id": i, "text": text}).encode() + b"\n")
        return path

    small, big = write(5_000), write(20_000)  # both outputs fill the 1 MB write buffer
    list(clean_records(itertools.islice(read_records(small), 200), FAST))  # warm the corpus

    def peak(path: Path) -> int:
        tracemalloc.start()
        try:
            stats = Stats()
            write_records(process_records(read_records(path), FAST, stats=stats), tmp_path / "out.jsonl.gz")
            return tracemalloc.get_traced_memory()[1], stats
        finally:
            tracemalloc.stop()

    p_small, s_small = peak(small)
    p_big, s_big = peak(big)
    assert s_big.records == 20_000 and s_big.changed == 20_000
    assert p_big < 1.5 * p_small + 512 * 1024, (p_small, p_big)
    assert p_big < 16 * 1024 * 1024


# --- repetition over records -----------------------------------------------------------------

FOOTER = "Read the latest from the Harbour Ledger newsroom every morning in your inbox."
WIRE = ("The central bank left its main rate unchanged on Thursday, citing steady inflation "
        "and a labour market that has cooled only slightly over the summer months.")


def site_records(tmp_path: Path) -> Path:
    """Three pages of one site end with the same footer; a wire paragraph appears once on
    each of three other sites."""
    rows = []
    for i in range(3):
        rows.append({"id": f"h{i}", "metadata": {"url": f"https://news.harbour-ledger.example.org/p/{i}"},
                     "text": f"Local story {i} about the new ferry timetable and its critics.\n\n"
                             f"The council approved route {i} after a long debate.\n\n{FOOTER}\n"})
    for i, host in enumerate(["one.example.net", "two.example.co.uk", "three.example.com"]):
        rows.append({"id": f"w{i}", "url": f"https://{host}/story",
                     "text": f"{host} edition.\n\n{WIRE}\n"})
    path = tmp_path / "sites.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_repetition_is_counted_per_site(tmp_path):
    path = site_records(tmp_path)
    rep = repetition_of([path], min_repeat=3)
    assert rep.count(FOOTER, site="example.org") == 3
    assert rep.count(WIRE, site="example.com") == 0  # once per site: no evidence there
    assert rep.count(WIRE) == 3  # but 3 documents of the batch
    assert rep.pages("example.org") == 3 and rep.pages("example.net") == 1
    out = [json.loads(line)["text"] for line in clean_records(read_records(path), FAST, rep)]
    for text in out[:3]:
        assert FOOTER not in text and "ferry" in text
    for text in out[3:]:
        assert WIRE in text  # wire copy across sites stays


def test_without_urls_counts_are_batch_wide(tmp_path):
    path = site_records(tmp_path)
    counts = count_records(read_records(path), sites=False)
    rep = counts.freeze(3)
    assert not rep.site_docs and rep.count(FOOTER) == 3
    without = [json.loads(line)["text"] for line in clean_records(read_records(path), FAST)]
    assert all(FOOTER in t for t in without[:3])  # no counts: single-document evidence only


def test_documents_are_reiterable_site_text_pairs(tmp_path):
    from boilerstrip.records import Documents

    path = site_records(tmp_path)
    (tmp_path / "bad.jsonl").write_bytes(b'{"text": 1}\n')
    docs = Documents([path, tmp_path / "bad.jsonl"])
    first = list(docs)
    assert first == list(docs) and len(first) == 6  # the malformed line is not a document
    assert first[0][0] == "example.org" and first[3][0] == "example.net"
    assert {s for s, _ in Documents([path], sites=False)} == {None}
    assert Repetition.from_documents(docs, 3) == repetition_of([path], 3)


# --- property: any object, any text ------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                     max_leaves=8)
_paras = st.lists(st.sampled_from([
    "We use cookies to improve your experience. By clicking Accept all you agree to our use of cookies.",
    "Accept all", "Share", "The mayor opened the new bridge on Sunday, officials said.", "Ça va ? ☃",
    "Reject all", "Advertisement"]) | st.text(max_size=30), max_size=6)


@settings(max_examples=150, deadline=None)
@given(before=st.dictionaries(st.text(max_size=6).filter(lambda k: k != "text"), _json, max_size=3),
       after=st.dictionaries(st.text(max_size=6).filter(lambda k: k != "text"), _json, max_size=3),
       paras=_paras, sep=st.sampled_from(["\n", "\n\n", "\r\n"]), ascii_=st.booleans(),
       indent=st.sampled_from([None, 0]), spaces=st.sampled_from([(",", ":"), (", ", ": "), (" ,", " :  ")]))
def test_splicing_keeps_every_other_byte(before, after, paras, sep, ascii_, indent, spaces):
    text = sep.join(paras)
    obj = {**before, "text": text, **{k: v for k, v in after.items() if k not in before}}
    line = json.dumps(obj, ensure_ascii=ascii_, separators=spaces).encode("utf-8")
    record = next(iter_records(io.BytesIO(line), "p"))
    assert isinstance(record, Record) and record.text == text
    out = next(clean_records([record], FAST))
    back = next(iter_records(io.BytesIO(out), "o"))
    assert back.text == clean(text, FAST)
    assert back.source[: back.span[0]] == record.source[: record.span[0]]
    assert back.source[back.span[1]:] == record.source[record.span[1]:]
    if back.text == text:
        assert out == line  # no final newline in, none out


def test_raw_lines_with_other_field_names():
    text = EXAMPLE.read_text()
    lines = [json.dumps({"doc_id": 5, "body": text, "text": "not this one"}).encode() + b"\n",
             b'{"doc_id": 6, "text": "no body"}\n']
    out = list(clean_records(lines, FAST, text_field="body", id_field="doc_id"))
    assert json.loads(out[0])["body"] == clean(text, FAST) and json.loads(out[0])["text"] == "not this one"
    assert out[1] == lines[1]  # no "body": malformed, kept unchanged
    items = list(iter_records(lines, "x", text_field="body", id_field="doc_id", start=10))
    assert items[0].id == 5 and items[0].line == 10
    assert isinstance(items[1], Malformed) and items[1].reason == "no 'body' field" and items[1].line == 11


def test_lone_surrogates_from_json_escapes_are_counted_and_written(tmp_path):
    """JSON may escape a lone surrogate ("\\ud800"): counting, cleaning and attributes cope."""
    rows = [json.dumps({"id": f"x\ud800{i}", "url": f"https://www.odd-site.com/{i}",
                        "text": f"Story {i} with an odd \ud800 character.\n\nOdd \ud800 footer: sign up for our newsletter.\n"})
            for i in range(3)]
    path = tmp_path / "odd.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="ascii")
    rep = repetition_of([path])
    assert rep.count("Odd \ud800 footer: sign up for our newsletter.", site="odd-site.com") == 3
    out, attrs = tmp_path / "out.jsonl", tmp_path / "attrs.jsonl"
    stats = clean_file(path, out, FAST, rep, attributes=attrs)
    assert stats.changed == 3
    texts = [json.loads(line)["text"] for line in out.read_bytes().splitlines()]
    assert [t.rstrip("\n") for t in texts] == [f"Story {i} with an odd \ud800 character." for i in range(3)]
    assert [json.loads(line)["id"] for line in attrs.read_bytes().splitlines()] == [f"x\ud800{i}" for i in range(3)]


@pytest.mark.parametrize("name,records", [("a.jsonl", True), ("b.JSONL.GZ", True), ("c.ndjson.zst", True),
                                          ("d.jsonl.zstd", True), ("e.txt", False), ("f.json", False),
                                          ("g.txt.gz", False), ("jsonl", False)])
def test_is_record_file(name, records):
    from boilerstrip.walk import is_record_file

    assert is_record_file(name) is records


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst"])
def test_progress_reports_file_bytes(tmp_path, suffix):
    path = tmp_path / f"p{suffix}"
    with Output(path) as o:
        for i in range(3000):
            o.write(json.dumps({"id": i, "text": f"Paragraph {i} of plain text, {'x' * (i % 97)}."}).encode() + b"\n")
    seen: list[int] = []
    n = sum(1 for _ in read_records(path, progress=seen.append))
    assert n == len(seen) == 3000
    assert seen == sorted(seen) and seen[-1] == path.stat().st_size
    if suffix == ".jsonl":
        assert seen[0] == path.read_bytes().index(b"\n") + 1  # exact for plain files
