"""learn: repeated site paragraphs become reviewed corpus entries that the engine then uses."""

from __future__ import annotations

import io
import random

import pytest

from boilerstrip import Corpus, Options, Rule, analyze, clean
from boilerstrip.corpus import Kind, parse, read_file
from boilerstrip.learn import Candidate, learn, write_corpus

FAST = Options(detect_languages=False)
NOTICE = ("{name} stores cookies on your device to count visits and to show adverts that fit "
          "your interests; tap Fine to go on, or Options to pick what may be kept.")
MEMBERS = ("{name} members read without interruptions: support independent local reporting "
           "from three euros a month and cancel whenever you like.")
LINKS = "{name} quick links"
STORIES = [
    "The ferry timetable changes on Monday, the port authority said, after months of complaints about delays on the northern route.",
    "Fishermen gathered at the quay on Saturday to protest against the new quotas, which they say will halve their income.",
    "The town council approved a budget for a new library, to be built on the site of the old fish market by 2027.",
    "A storm knocked out power to two thousand homes overnight; crews restored most connections by the morning.",
    "Teachers at the harbour school voted to accept a pay offer after a week of talks with the regional government.",
]
WIRE = ("Parliament passed the budget late on Wednesday by a narrow margin, after the governing "
        "coalition agreed to drop a contested tax on fuel, the speaker announced.")


def site_batch() -> list[tuple[str | None, str]]:
    docs: list[tuple[str | None, str]] = []
    for i, story in enumerate(STORIES[:4]):
        name = "Harbour Ledger"
        docs.append(("harbour-ledger.com", f"{NOTICE.format(name=name)}\n\n{story}\n\n"
                                           f"Share this article\n\n{LINKS.format(name=name)}\n\n"
                                           f"{MEMBERS.format(name=name)}\n"))
    for site in ("north-gazette.org", "valley-times.net", "coast-courier.co.uk"):
        docs.append((site, f"Our correspondent reports.\n\n{WIRE}\n\nMore later."))
    return docs


def test_candidates_of_one_site():
    found = learn(site_batch())
    texts = {c.text: c for c in found}
    notice = texts[NOTICE.format(name="{site}")]
    assert notice.kind == "notice" and notice.family == "cookie_notice" and notice.lang == "en"
    assert notice.pages == 4 and notice.sites == ("harbour-ledger.com",) and notice.edge_share == 1.0
    assert notice.examples == (NOTICE.format(name="Harbour Ledger"),)
    assert texts[LINKS.format(name="Harbour Ledger")].kind == "label"  # labels match whole: no slot
    assert texts[LINKS.format(name="Harbour Ledger")].family == "chrome"
    assert texts[MEMBERS.format(name="{site}")].kind == "paragraph"  # no vocabulary to match with
    assert not any("Share this article" in t for t in texts)  # the corpus already knows it
    assert not any(s in t for t in texts for s in STORIES)  # once a page: journalism
    assert not any(WIRE in t for t in texts)  # one page per site: wire copy


def test_written_corpus_loads_and_removes_the_banner_elsewhere(tmp_path):
    found = learn(site_batch())
    buf = io.StringIO()
    n = write_corpus(found, buf, documents=7)
    path = tmp_path / "learned.jsonl"
    path.write_text(buf.getvalue(), encoding="utf-8")
    entries = read_file(path)  # the documented format: loads with the corpus loader
    assert len(entries) == n == 2
    assert {e.kind for e in entries} == {Kind.NOTICE, Kind.LABEL}
    assert "# example: Harbour Ledger stores cookies" in buf.getvalue()
    assert "# not an entry (too little consent vocabulary" in buf.getvalue()
    # Another site, another name, a word changed: matched through the {site} slot.
    page = (NOTICE.format(name="Tidewater Post").replace("count visits", "count page visits")
            + "\n\n" + STORIES[4] + "\n")
    assert clean(page, FAST) == page  # unknown to the packaged corpus
    extra = Options(corpus=Corpus.with_extra(entries), detect_languages=False)
    result = analyze(page, extra)
    assert [p.evidence[0].rule for p in result.removed] == [Rule.CORPUS_MATCH]
    assert result.removed[0].evidence[0].entry_id.startswith("learned.en.cookie_notice.")
    assert result.cleaned() == STORIES[4] + "\n"
    # The learned label goes when it stands alone, and journalism stays.
    labelled = STORIES[0] + "\n\nHarbour Ledger quick links\n"
    assert clean(labelled, extra).rstrip("\n") == STORIES[0]
    assert clean(STORIES[1] + "\n\n" + STORIES[2] + "\n", extra) == STORIES[1] + "\n\n" + STORIES[2] + "\n"


def test_near_duplicates_across_sites_are_one_candidate_with_a_slot():
    docs = []
    for site, name in (("harbour-ledger.com", "Harbour Ledger"), ("tidewater-post.com", "Tidewater Post"),
                       ("bayside-herald.net", "Bayside Herald")):
        for i in range(3):
            notice = NOTICE.format(name=name)
            if site.endswith(".net"):
                notice = notice.replace("tap Fine", "press Fine")  # a variant (on 3 pages too)
            docs.append((site, f"{notice}\n\n{STORIES[i]} ({site})\n"))
    found = [c for c in learn(docs) if c.kind == "notice"]
    assert len(found) == 1
    c = found[0]
    assert c.text.startswith("{site} stores cookies") and c.pages == 9 and c.variants == 3
    assert c.sites == ("bayside-herald.net", "harbour-ledger.com", "tidewater-post.com")
    assert len(c.examples) == 3


def test_min_pages_and_documents_without_site():
    docs = [(None, f"{NOTICE.format(name='Harbour Ledger')}\n\n{s}\n") for s in STORIES[:2]]
    assert learn(docs) == []  # two pages are not enough
    assert [c.pages for c in learn(docs, min_pages=2) if c.kind == "notice"] == [2]
    assert learn(docs, min_pages=2)[0].sites == ("",)


def test_result_does_not_depend_on_document_order():
    docs = site_batch()
    shuffled = docs[:]
    random.Random(4).shuffle(shuffled)
    assert learn(shuffled) == learn(docs)


def test_a_one_shot_iterator_is_refused():
    with pytest.raises(TypeError, match="twice"):
        learn(iter(site_batch()))


def test_unholdable_texts_become_comments():
    bad = Candidate("notice", "cookie_notice", "en", "We use {cookies} and {site} and more " * 3,
                    3, ("x.com",), 1.0, 2, "notice vocabulary", ("example",))
    buf = io.StringIO()
    assert write_corpus([bad], buf) == 0
    assert parse(buf.getvalue().split("\n"), "mem") == []
    assert "not an entry (contains braces)" in buf.getvalue()


def test_one_word_lines_are_not_proposed_and_short_labels_get_a_language():
    docs = [("harbour-ledger.com", f"{story}\n\ncookies.\n\nEinwilligung später ändern\n")
            for story in STORIES[:3]]
    found = learn(docs)
    assert not any(c.text == "cookies." for c in found)
    label = [c for c in found if c.text.startswith("Einwilligung")]
    assert label and label[0].lang == "de"  # too short for langdetect: the vocabulary's language


def test_rows_for_the_reviewers_table():
    from boilerstrip.learn import COLUMNS, rows

    found = learn(site_batch())
    table = rows(found, top=2, width=30)
    assert len(table) == 2 and all(len(r) == len(COLUMNS) for r in table)
    assert table[0][0] == str(found[0].pages) and all(len(r[-1]) <= 30 for r in table)
    assert any(r[-1].endswith("…") for r in table)
