"""The packaged corpus: well-formed, complete, loads from the installed package, and every
notice still matches itself after realistic damage."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources

import pytest

from boilerstrip import Corpus, CorpusError, Options, analyze
from boilerstrip.corpus import FAMILIES, SITE_SLOT, Kind, packaged_entries, parse, read_file
from boilerstrip.engine import STRONG_MATCH, Rule
from boilerstrip.text import normalize

EU = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()
OTHERS = "no tr ru uk ar zh ja ko".split()
ENTRIES = packaged_entries()
NOTICES = [e for e in ENTRIES if e.kind is Kind.NOTICE]
SITE = "Gazette du Val de Loire"


def test_packaged_corpus_loads_from_the_installed_package():
    folder = resources.files("boilerstrip").joinpath("corpus")
    names = {p.name for p in folder.iterdir() if p.name.endswith(".jsonl")}
    assert {f"{lang}.jsonl" for lang in EU + OTHERS} <= names
    assert len(ENTRIES) > 3000


def test_every_packaged_record_passes_the_checks_user_files_get():
    # packaged_entries() skips the per-record checks at run time; they run here instead.
    folder = resources.files("boilerstrip").joinpath("corpus")
    checked = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".jsonl"):
            checked += parse(item.read_text(encoding="utf-8").split("\n"), f"boilerstrip/corpus/{item.name}")
    assert checked == list(ENTRIES)


def test_ids_are_unique():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", EU + OTHERS)
def test_every_language_has_every_family(lang):
    families = defaultdict(int)
    for e in ENTRIES:
        if e.lang == lang:
            families[(e.kind, e.family)] += 1
    for kind in (Kind.NOTICE, Kind.LABEL, Kind.TERM):
        for family in FAMILIES[kind]:
            assert families[(kind, family)] >= 1, f"{lang}: no {kind.value} of family {family}"


def _damage_variants(text: str) -> dict[str, str]:
    filled = text.replace(SITE_SLOT, SITE)
    words = filled.split(" ")
    cut = max(len(filled) * 6 // 10, 60)
    variants = {
        "site": filled,
        "truncated": filled[:cut].rstrip() + "…",
        "rewrapped": re.sub(r"(.{50,70}?) ", lambda m: m.group(1) + "\n", filled),
    }
    if len(words) > 6:  # the longest word of at most 9 letters, away from the ends, replaced
        k = max(range(2, len(words) - 2), key=lambda j: (len(words[j]) <= 9, len(words[j])))
        variants["word changed"] = " ".join(words[:k] + ["XYZ"] + words[k + 1 :])
    return variants


@pytest.mark.parametrize("entry", NOTICES, ids=[e.id for e in NOTICES])
def test_every_notice_matches_itself_after_damage(entry):
    corpus = Corpus.packaged()
    for how, damaged in _damage_variants(entry.text).items():
        if how == "truncated" and len(normalize(damaged)) < 60:
            continue
        match = corpus.notices.best(normalize(damaged))
        assert match is not None and match.score >= STRONG_MATCH, f"{how}: {match}"


def test_every_notice_has_a_notice_term():
    """A paragraph without consent, context or action terms is never compared with the notices
    (see rules._compute_features): a notice of the corpus without one could never be found,
    however exact the copy (the sampled test below found three such purpose descriptions)."""
    vocabulary = Corpus.packaged().vocabulary
    missing = [e.id for e in NOTICES if vocabulary.hits(normalize(e.text.replace(SITE_SLOT, " "))).notice == 0]
    assert missing == []


@pytest.mark.parametrize("entry", NOTICES[::7], ids=[e.id for e in NOTICES[::7]])
def test_a_damaged_notice_is_removed_from_a_document(entry):
    banner = entry.text.replace(SITE_SLOT, SITE)
    body = "The city council approved the new tram line on Tuesday after a long debate."
    # One line each; a notice ending with its link ("… Learn more") or without a sentence
    # mark (Thai) would be joined to the next line as a wrapped line is: a blank line then.
    sep = "\n" if re.search(r"[.!?。！？।۔]\s*$", banner) else "\n\n"
    result = analyze(f"{banner}{sep}{body}\n")
    assert [p.removed for p in result.paragraphs] == [True, False]
    assert result.paragraphs[0].evidence[0].rule in {Rule.CORPUS_MATCH, Rule.CONSENT_VOCABULARY}


LABELS = [e for e in ENTRIES if e.kind is Kind.LABEL]


def test_every_label_is_found_whole():
    corpus = Corpus.packaged()
    for e in LABELS:
        assert corpus.labels.lookup(normalize(e.text)) is not None, e.id


#: Languages with a corpus file of their own (the purposes files hold many languages).
OWN_FILE_LANGS = sorted(p.name[: -len(".jsonl")] for p in resources.files("boilerstrip").joinpath("corpus").iterdir()
                        if p.name.endswith(".jsonl") and not p.name.startswith(("purposes", "notices-short")))


@pytest.mark.parametrize("lang", OWN_FILE_LANGS)
def test_every_language_with_a_file_has_reporting_verbs_in_its_vocabulary(lang):
    """Reported speech ("said", "sagte", "заявил") keeps a paragraph, so every language the
    corpus covers names at least four of its reporting verbs, and each stays a reporting verb
    once merged with the other languages' terms (a word that is another family's term
    elsewhere is that term alone; see vocabulary._merge)."""
    texts = [e.text for e in ENTRIES if e.kind is Kind.TERM and e.family == "report" and e.lang == lang]
    assert len(texts) >= 4, f"{lang}: {texts}"
    vocabulary = Corpus.packaged().vocabulary
    for text in texts:
        assert vocabulary.hits(normalize(text)).count("report") == 1, f"{lang}: {text!r}"


def test_no_packaged_notice_or_label_has_a_reporting_verb_of_the_vocabulary():
    """A reporting verb marks journalism: none may occur in banner text (Danish "disse",
    "these", is why Portuguese "disse" is a term only as "disse que", "disse o" ...)."""
    vocabulary = Corpus.packaged().vocabulary
    found = [e.id for e in ENTRIES if e.kind in (Kind.NOTICE, Kind.LABEL)
             and vocabulary.hits(normalize(e.text)).count("report")]
    assert found == []


def test_a_short_notice_in_a_script_without_spaces_is_allowed():
    """A purpose in Chinese or Japanese is one short sentence (corpus.NOTICE_MIN_CHARS_UNSPACED)."""
    (entry,) = parse(['{"kind": "notice", "family": "framework", "lang": "zh", '
                      '"text": "您的数据可用于改进现有产品并开发新产品。"}'], "t.jsonl")
    assert entry.kind is Kind.NOTICE


def test_notices_in_scripts_without_spaces_leave_the_others_screen_alone():
    """Screening words common to many templates are left out of the index as a share of the
    templates of their own kind of script: more Chinese templates (without Latin words) do
    not change which Latin or Cyrillic words screen."""
    from boilerstrip.matching import NoticeMatcher
    from boilerstrip.text import substring_script

    extra = parse([json.dumps({"id": f"x.zh.{n}", "kind": "notice", "family": "framework", "lang": "zh",
                               "text": f"您的数据可用于改进现有产品并开发新产品，{chr(0x4e00 + n)}。"}, ensure_ascii=False)
                   for n in range(3000)], "x.jsonl")
    spaced = {w: len(ids) for w, ids in NoticeMatcher(ENTRIES).state()["index"].items() if not substring_script(w)}
    grown = {w: len(ids) for w, ids in NoticeMatcher([*ENTRIES, *extra]).state()["index"].items()
             if not substring_script(w)}
    assert spaced == grown


def test_labels_do_not_swallow_journalistic_one_liners():
    corpus = Corpus.packaged()
    for line in ["Why it matters", "- 'Dummy' delegation -", "Reaction in Brussels", "Timeline",
                 "By Jane Doe", "BRUSSELS (AFP) -", "Privacy", "Cookies", "Data protection"]:
        assert corpus.labels.lookup(normalize(line)) is None, line


@pytest.mark.parametrize("bad, message", [
    ("{not json", "not valid JSON"),
    ('["a list"]', "expected a JSON object"),
    ('{"kind": "notice", "family": "cookie_notice", "lang": "en", "text": "too short"}', "80-1500"),
    ('{"kind": "notice", "family": "framework", "lang": "zh", "text": "您的数据"}', "12-1500"),
    ('{"kind": "banner", "family": "x", "lang": "en", "text": "t"}', "'kind' must be one of"),
    ('{"kind": "label", "family": "cookie_notice", "lang": "en", "text": "t"}', "not allowed"),
    ('{"kind": "label", "family": "chrome", "lang": "English", "text": "t"}', "language code"),
    ('{"kind": "label", "family": "chrome", "lang": "en"}', "'text' must be"),
    ('{"kind": "label", "family": "chrome", "lang": "en", "text": "t", "colour": 1}', "unknown key"),
])
def test_malformed_user_file_names_file_and_line(tmp_path, bad, message):
    path = tmp_path / "mine.jsonl"
    good = json.dumps({"kind": "label", "family": "chrome", "lang": "en", "text": "Zoom in"})
    path.write_text(f"# my corpus\n{good}\n\n{bad}\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_file(path)
    assert str(info.value).startswith(f"{path}:4: ") and message in str(info.value)


def test_user_file_extends_the_corpus(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"id": "my.1", "kind": "label", "family": "chrome", "lang": "en",
                                "text": "Zoom the gallery"}) + "\n", encoding="utf-8")
    corpus = Corpus.with_extra(read_file(path))
    result = analyze("Zoom the gallery\nThe mayor opened the bridge.\n", Options(corpus=corpus))
    assert result.removed[0].evidence[0].entry_id == "my.1"
    assert not analyze("Zoom the gallery\nThe mayor opened the bridge.\n").removed


def test_duplicate_id_in_user_file_is_an_error(tmp_path):
    dup = NOTICES[0]
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps({"id": dup.id, "kind": "label", "family": "chrome", "lang": "en",
                                "text": "Zoom"}) + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="duplicate id"):
        Corpus.with_extra(read_file(path))


def test_parse_skips_comments_and_blank_lines():
    assert parse(["# comment", "", "   "], "x.jsonl") == []


def test_installed_package_loads_its_data_from_any_directory(tmp_path):
    import subprocess
    import sys

    code = ("import boilerstrip, boilerstrip.corpus as c; "
            "print(len(c.packaged_entries())); print(boilerstrip.clean('Accept all\\nNews.\\n'), end='')")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         check=True, env={"PATH": "/usr/bin:/bin"})
    count, cleaned = run.stdout.split("\n", 1)
    assert int(count) == len(ENTRIES) and cleaned == "News.\n"


@pytest.mark.parametrize("sentence", [
    "הרשות הודיעה כי בחודשים הקרובים תבדוק בעיקר אתרים שאוספים מידע ללא הסכמה.",
    "לדברי המומחים, רוב האתרים עדיין אינם מבקשים הסכמה.",
    "业内人士认为，新规将促使网站在收集个人信息前征得用户同意。",
    "一名發言人透露，多家網站已更新隱私政策。",
])
def test_reporting_words_of_hebrew_and_chinese_news_are_reporting_verbs(sentence):
    # "announced", "according to", "insiders believe", "a spokesman disclosed": an article's
    # last sentence so worded, above a page's chrome, had gone with the banner below it
    assert Corpus.packaged().vocabulary.hits(normalize(sentence)).count("report") >= 1
