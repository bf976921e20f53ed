"""The prebuilt corpus file (boilerstrip.prebuilt) and a lean start-up: the committed file is
fresh, parts made from it are the parts compiling makes, a stale or damaged file is ignored
(the corpus is then compiled, with the same results), and a one-file clean imports and reads
only what it needs. Timing is measured by benchmarks/bench.py, not here."""

from __future__ import annotations

import json
import marshal
import os
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest

from boilerstrip import Options, analyze, prebuilt
from boilerstrip.corpus import packaged_entries
from boilerstrip.engine import Corpus
from boilerstrip.matching import LabelIndex, NoticeMatcher
from boilerstrip.text import normalize
from boilerstrip.textmodel import ContentModel
from boilerstrip.vocabulary import Vocabulary
from tests.fixture_cases import load_cases

PACKAGE = Path(prebuilt.__file__).parent
COMMITTED = (PACKAGE / "data" / prebuilt.FILE).read_bytes()
PARTS = {"labels": LabelIndex, "notices": NoticeMatcher, "vocabulary": Vocabulary, "content_model": ContentModel}
REGENERATE = "the packaged corpus or the code that compiles it changed: run python -m boilerstrip.prebuilt"


def _stored_key(raw: bytes) -> dict:
    start = len(prebuilt.MAGIC) + 4
    end = start + int.from_bytes(raw[len(prebuilt.MAGIC) : start], "little")
    return marshal.loads(raw[start:end])["key"]


def _same_interpreter() -> bool:
    stored, current = _stored_key(COMMITTED), prebuilt.key()
    return all(stored[k] == current[k] for k in ("python", "marshal", "unicode"))


needs_same_interpreter = pytest.mark.skipif(
    not _same_interpreter(), reason=f"the prebuilt file was made by {_stored_key(COMMITTED)['python']}: "
                                    f"this interpreter compiles the corpus instead")


def test_committed_prebuilt_file_matches_the_corpus_and_code():
    stored, current = _stored_key(COMMITTED), prebuilt.key()
    assert stored["sources"] == current["sources"], REGENERATE
    assert stored["boilerstrip"] == current["boilerstrip"], REGENERATE


@needs_same_interpreter
def test_committed_prebuilt_file_is_used():
    assert prebuilt.load() is not None
    assert Corpus._from_package()._prebuilt is not None  # (packaged() drops it once every part is made)


@needs_same_interpreter
@pytest.mark.parametrize("name", sorted(PARTS))
def test_a_part_made_from_the_prebuilt_state_is_the_compiled_part(name):
    compiled = _compiled_states()[name]
    stored = prebuilt.load().state(name)
    assert set(stored) == set(compiled)
    for item in compiled:
        assert stored[item] == compiled[item], f"{name}.{item}"
    assert PARTS[name].from_state(stored).state() == compiled


@needs_same_interpreter
def test_article_text_unpacks_only_the_label_keys_and_the_screen():
    loaded = prebuilt.load()
    labels_state, vocabulary_state = loaded.state("labels"), loaded.state("vocabulary")
    labels, vocabulary = LabelIndex.from_state(labels_state), Vocabulary.from_state(vocabulary_state)
    raw = ("The council met on Tuesday evening and voted, after a long debate, to rebuild the old bridge over "
           "the river before the spring floods arrive, the mayor told reporters.")
    assert labels.lookup(normalize(raw), raw, fuzzy=False) is None
    assert not vocabulary.may_notice(normalize(raw))
    assert set(labels_state._unpacked) == {"keys", "row_words"} and set(vocabulary_state._unpacked) == {"screen"}
    assert labels.lookup("accept all").entry.family == "consent_control"  # now the entries are read
    assert set(labels_state._unpacked) == {"keys", "row_words", "entries"}


def test_the_prebuilt_file_is_the_same_whatever_the_hash_seed(tmp_path):
    # Regenerating without a change gives the same bytes (no noise in the repository).
    code = "import sys; from boilerstrip import prebuilt; sys.stdout.buffer.write(prebuilt.build(prebuilt.compiled_states()))"
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(outputs) == 1


@cache
def _compiled_states() -> dict:
    return prebuilt.compiled_states()


def _with_key(**changes) -> bytes:
    return prebuilt.build(_compiled_states(), {**prebuilt.key(), **changes})


@pytest.mark.parametrize("changes", [{"sources": "0" * 64}, {"boilerstrip": "0.0.0"}, {"python": "cpython-39"},
                                     {"marshal": 0}, {"unicode": "1.0.0"}])
def test_a_stale_prebuilt_file_is_ignored(changes):
    assert prebuilt.load(_with_key()) is not None  # the same bytes with this installation's key are used
    assert prebuilt.load(_with_key(**changes)) is None


def test_a_damaged_prebuilt_file_is_ignored():
    good = _with_key()
    header_end = len(prebuilt.MAGIC) + 4 + int.from_bytes(good[len(prebuilt.MAGIC) : len(prebuilt.MAGIC) + 4], "little")
    for raw in [b"", b"not a prebuilt file", good[:10], good[: header_end - 3], good[: len(good) // 2],
                b"X" + good[1:], good[: len(prebuilt.MAGIC)] + b"\xff\xff\xff\x7f" + good[len(prebuilt.MAGIC) + 4 :]]:
        assert prebuilt.load(raw) is None


@needs_same_interpreter
def test_prebuilt_and_compiled_corpora_decide_alike():
    from_file, compiled = Corpus._from_package(), Corpus(packaged_entries())
    assert from_file._prebuilt is not None and compiled._prebuilt is None
    for case in load_cases():
        text = case.render()
        a = analyze(text, Options(corpus=from_file))
        b = analyze(text, Options(corpus=compiled))
        assert a.cleaned() == b.cleaned(), case.name
        assert [(p.index, p.evidence) for p in a.removed] == [(p.index, p.evidence) for p in b.removed], case.name


def _copy_package(tmp_path: Path) -> Path:
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy / "boilerstrip", ignore=shutil.ignore_patterns("__pycache__"))
    return copy


RUN = ("import sys, json, boilerstrip\n"
       "from boilerstrip import prebuilt, engine\n"
       "sys.stdout.write(json.dumps({'fresh': prebuilt.load() is not None, 'file': boilerstrip.__file__,\n"
       "    'clean': boilerstrip.clean(sys.argv[1])}))\n")


def test_a_stale_prebuilt_file_falls_back_to_compiling(tmp_path):
    copy = _copy_package(tmp_path)
    corpus_file = copy / "boilerstrip" / "corpus" / "en.jsonl"
    corpus_file.write_bytes(corpus_file.read_bytes() + b"# a comment changes the hash, not the records\n")
    text = (Path(__file__).parent.parent / "fixtures" / "examples" / "brussels-multilingual-banner.txt").read_text()
    run = subprocess.run([sys.executable, "-c", RUN, text], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(copy)})
    out = json.loads(run.stdout)
    assert out["file"].startswith(str(copy)) and not out["fresh"]
    assert out["clean"] == analyze(text).cleaned()


@needs_same_interpreter
def test_a_package_imported_from_a_zip_file_reads_its_data_and_prebuilt_file(tmp_path):
    archive = tmp_path / "boilerstrip.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(PACKAGE.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, path.relative_to(PACKAGE.parent).as_posix())
    text = "Accept all\n\nThe council met on Tuesday.\n"
    run = subprocess.run([sys.executable, "-c", RUN, text], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(archive)})
    out = json.loads(run.stdout)
    assert out["file"].startswith(str(archive)) and out["fresh"]
    assert out["clean"] == "The council met on Tuesday.\n"


#: What a one-file clean of plain article text must not import or read.
NOT_IMPORTED = ("rich", "langdetect", "rapidfuzz", "click.testing", "boilerstrip.records", "boilerstrip.recordrun",
                "boilerstrip.learnrun", "boilerstrip.dask", "importlib.resources", "pickle", "mimetypes",
                "gzip", "tomllib")

CLEAN_ONE = ("import sys, json\n"
             "from boilerstrip import cli\n"
             "sys.argv = ['boilerstrip', 'clean', sys.argv[1], '-o', sys.argv[2]]\n"
             "try:\n    cli.run()\nexcept SystemExit as exc:\n    code = exc.code\n"
             "from boilerstrip import corpus, textmodel\n"
             "print(json.dumps({'code': code, 'modules': sorted(sys.modules),\n"
             "    'records_read': corpus.packaged_entries.cache_info().currsize,\n"
             "    'model_loaded': textmodel.ContentModel._packaged is not None}))\n")


@needs_same_interpreter
def test_a_one_file_clean_of_article_text_imports_and_reads_only_what_it_needs(tmp_path):
    src, out = tmp_path / "small.txt", tmp_path / "out.txt"
    text = ("The council met on Tuesday to discuss the new bridge over the river, which has been delayed by "
            "two years.\n\nThe mayor said the works would resume in spring, once the funding from the region "
            "is confirmed.\n")
    src.write_text(text)
    run = subprocess.run([sys.executable, "-c", CLEAN_ONE, str(src), str(out)], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    found = json.loads(run.stdout)
    assert found["code"] == 0 and out.read_text() == text
    assert not [m for m in found["modules"] if m.split(".")[0] in NOT_IMPORTED or m in NOT_IMPORTED]
    assert found["records_read"] == 0, "the corpus files were parsed: is the prebuilt file fresh?"
    assert not found["model_loaded"]


def test_importing_the_engine_imports_no_command_line_or_terminal_code():
    code = "import sys, boilerstrip.engine; print(' '.join(sorted(sys.modules)))"
    modules = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())
    assert "boilerstrip.engine" in modules
    assert not {m for m in modules if m.split(".")[0] in ("click", "rich", "langdetect")}
    assert not modules & {"boilerstrip.cli", "boilerstrip.run", "boilerstrip.batch", "boilerstrip.report"}
