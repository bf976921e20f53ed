"""Segmentation and decoding: both layouts, line endings, and lossless round trips."""

from __future__ import annotations

import re
import unicodedata
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerstrip.text import Layout, Span, Spans, decode, encode, normalize, segment, word_count


def texts(text: str) -> list[str]:
    _, _, spans = segment(text)
    return [text[s.start : s.text_end] for s in spans]


def rebuild(text: str) -> str:
    _, head, spans = segment(text)
    return text[:head] + "".join(text[s.start : s.end] for s in spans)


@pytest.mark.parametrize("text", [
    "", "\n", "\n\n\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\ufeffa\nb",
    "\ufeff", "\n\na\n\n\nb\n\n", "a \n \nb", "x\r\n\r\ny\r\n", "a\n\rb\r\n\nc",
])
def test_spans_tile_the_text(text):
    assert rebuild(text) == text


def test_lines_layout_one_paragraph_per_line_without_final_newline():
    layout, head, spans = segment("first line\nsecond line\nthird")
    assert layout is Layout.LINES and head == 0
    assert texts("first line\nsecond line\nthird") == ["first line", "second line", "third"]


def test_blocks_layout_joins_hard_wrapped_lines():
    wrapped = ("The minister said on Thursday that the new budget would\n"
               "include more money for schools and hospitals in the\n"
               "regions that need it most, officials confirmed.")
    text = "Headline of the story\n\n" + wrapped + "\n\nSecond paragraph here.\n"
    layout, _, spans = segment(text)
    assert layout is Layout.BLOCKS
    assert texts(text) == ["Headline of the story", wrapped, "Second paragraph here."]


def test_block_of_short_lines_is_one_paragraph_per_line():
    text = "Banner text that is long enough to be a notice.\n\nAccept all\nReject all\nSettings\n\nBody.\n"
    assert texts(text) == ["Banner text that is long enough to be a notice.", "Accept all",
                           "Reject all", "Settings", "Body."]


def test_block_of_sentences_is_one_paragraph_per_line():
    a = "Kyiv has sent a delegation to Istanbul for the talks on Friday morning."
    b = "Moscow sent a low-level team, officials said after the meeting ended."
    text = f"{a}\n{b}\n\nNext.\n"
    assert texts(text) == [a, b, "Next."]


@pytest.mark.parametrize("stop", ["։", "።", "۔", "؟", "।"])
def test_sentences_ending_with_the_full_stop_of_another_script_are_one_paragraph_per_line(stop):
    """Armenian, Ethiopic, Urdu, Arabic and Devanagari sentences end with their own marks: a
    block of such lines is not hard-wrapped prose."""
    a = "Kyiv has sent a delegation to Istanbul for the talks on Friday morning" + stop
    b = "Moscow sent a low-level team to the meeting that ended in the evening" + stop
    text = f"{a}\n{b}\n\nNext.\n"
    assert texts(text) == [a, b, "Next."]


def test_separators_belong_to_the_paragraph_before_them():
    text = "one\n\n\ntwo\n"
    _, _, spans = segment(text)
    assert text[spans[0].start : spans[0].end] == "one\n\n\n"


def test_crlf_and_cr_line_endings():
    assert texts("a\r\nb\r\nc") == ["a", "b", "c"]
    assert texts("a\rb\rc\r") == ["a", "b", "c"]


def test_bom_is_kept_in_the_head():
    layout, head, spans = segment("\ufeffTitle\nBody")
    assert head == 1 and texts("\ufeffTitle\nBody") == ["Title", "Body"]


def test_invalid_utf8_round_trips_byte_exactly():
    data = b"caf\xe9 latin-1\n\xff\xfe broken \xc3\x28 bytes\nok \xe2\x82\xac\n"
    text = decode(data)
    assert encode(text) == data
    assert encode("".join(texts(text)[i] + "\n" for i in range(3))) == data


def test_normalize_folds_case_punctuation_and_spacing():
    assert normalize("  Accept ALL!  ") == "accept all"
    assert normalize("Cookie-\nManager") == "cookie manager"
    assert normalize("Ｃｏｏｋｉｅ…") == "cookie"


#: normalize as one regex substitution after another (what its faster paths must equal).
_REFERENCE_POINTS = re.compile("[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u064b-\u065f"
                               "\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]|(?<=i)\u0307")


def _reference_normalize(text: str) -> str:
    from boilerstrip.text import _MARKS

    folded = _REFERENCE_POINTS.sub("", unicodedata.normalize("NFKC", text).casefold())
    return re.sub(rf"[^\w{_MARKS}]+", " ", folded.replace("_", " ")).strip()


_TRICKY = "iİI\u0307\u05b0\u05d0\u064b\u0628\u0301\u0915\u093f _-.,\t\n\u00a0\u3000ǅﬁ①Ａ"


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=40),
                 st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(max_codepoint=127), max_size=30),
                 st.text(max_size=30)))
def test_normalize_takes_faster_paths_to_the_same_text(text):
    # ASCII text goes through a translation table, other text through word runs and a
    # class without alternation (the dotted i's dot dropped apart): same result as the
    # plain substitutions.
    assert normalize(text) == _reference_normalize(text)


def test_normalize_reads_a_turkish_capital_dotted_i_as_i():
    """Case folding turns "İ" into "i" and a combining dot: without the dot, "İZİN VER" and
    "izin ver" are one key, so an all-capital Turkish button is the label."""
    assert normalize("İZİN VER") == normalize("izin ver") == "izin ver"
    assert normalize("Çerezleri KABUL ET") == "çerezleri kabul et"


def test_word_count_counts_han_and_kana_by_threes():
    assert word_count("we use cookies") == 3
    assert word_count("本网站使用") == 2
    assert word_count("이 웹사이트는 쿠키를 사용합니다") == 4


def test_language_id_is_reproducible_and_reads_the_usual_languages():
    # langid runs fewer random walks than langdetect's default (TRIALS): still seeded, so the
    # same answer in any order and process, and still right on plain paragraphs.
    from boilerstrip import langid

    samples = {
        "en": "The council met on Tuesday evening and voted to rebuild the old bridge before spring.",
        "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke noch vor dem Frühjahr neu zu bauen.",
        "fr": "Le conseil municipal a décidé mardi de reconstruire le vieux pont avant le printemps prochain.",
        "pl": "Rada miasta zdecydowała we wtorek, że stary most zostanie odbudowany jeszcze przed wiosną.",
    }
    for code, text in samples.items():
        first = langid.detect(text)
        langid.detect.cache_clear()
        assert langid.detect(text) == first
        assert first.code == code


def test_language_id_reads_short_chinese_and_corrects_by_script():
    """Ideographs carry more than letters: a one-sentence Chinese paragraph is long enough to
    identify (langid.DENSE_LETTER). langdetect's Korean and Japanese profiles hold Chinese
    characters, so Chinese text without hangul or kana is Chinese whatever it answers."""
    from boilerstrip import langid

    assert langid.detect("市政府今日宣布，將於明年春季在舊城區興建三座社區圖書館。").code == "zh"
    assert langid.detect("市政府今日宣布").code == langid.UNKNOWN  # seven ideographs: too few
    assert langid._by_script("ko", "市政府今日宣布將興建三座社區圖書館") == "zh"
    assert langid._by_script("ja", "市政府今日宣布將興建三座社區圖書館") == "zh"
    assert langid._by_script("ko", "시의회는 화요일에 오래된 다리를 다시 짓기로 했다") == "ko"
    assert langid._by_script("ja", "市議会は火曜日に古い橋を建て直すことを決めた") == "ja"


def test_traditional_and_simplified_chinese_data_words_are_context_terms():
    from boilerstrip.engine import Corpus

    vocabulary = Corpus.packaged().vocabulary
    for text in ("您的資料可用於改進我們的產品", "您的数据可用于改进我们的产品"):
        assert vocabulary.hits(text).count("context") >= 1


# --- Spans: compact columns -----------------------------------------------------------------------

def test_segment_holds_spans_in_four_integer_columns():
    text = "Title\n\nA first paragraph that is long enough.\nNext line\r\n\r\nlast"
    _, _, spans = segment(text)
    assert isinstance(spans, Spans)
    for column in (spans.starts, spans.text_ends, spans.ends, spans.line_ends):
        assert isinstance(column, array) and column.typecode == "q" and len(column) == len(spans)
    # Items are built from the columns, equal to the spans the columns describe.
    assert list(spans) == [Span(a, b, c, d) for a, b, c, d in
                           zip(spans.starts, spans.text_ends, spans.ends, spans.line_ends)]
    assert spans[-1] == spans[len(spans) - 1] and spans[1:] == list(spans)[1:]
    assert spans == list(spans) and spans == tuple(spans)
    with pytest.raises(IndexError):
        spans[len(spans)]


def test_spans_of_a_file_without_blank_lines_take_no_object_per_line():
    """A text of one-line paragraphs is one block: its lines and spans live in arrays."""
    text = "".join(f"Line number {i} of a long list of one-line paragraphs.\n" for i in range(2000))
    layout, head, spans = segment(text)
    assert layout is Layout.LINES and head == 0 and len(spans) == 2000
    assert spans.starts.itemsize * 4 * len(spans) == 32 * 2000  # 32 bytes a paragraph
    assert rebuild(text) == text
