"""The rules: what each paragraph says on its own (features) and the decisions made in
context, iterated to a fixpoint by :func:`decide`.

Thresholds are named module constants so that the README and the tests can cite them.
Every rule returns :class:`~boilerstrip.result.Evidence` or None; none removes a paragraph
without saying why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from . import langid
from .matching import Match, similarity
from .repetition import Repetition
from .result import BANNER_RULES, NOTICE_RULES, Evidence, Rule
from .text import Spans, char_class, normalize, substring_script, word_count
from .textmodel import LOGIT_CLIP
from .vocabulary import NO_HITS, NOTICE_FAMILIES, REPORT, SITE, Hits

if TYPE_CHECKING:
    from .engine import Corpus, Options

# --- thresholds (named so that docs and tests can cite them) -----------------------------
#: A notice match at or above this score removes a paragraph on its own.
STRONG_MATCH = 82.0
#: A notice match at or above this score is supporting evidence.
SUPPORT_MATCH = 70.0
#: ... and so is a match of a purpose description (family ``framework``) at or above this:
#: each is one short sentence, and the same purpose is worded many ways. (On the devset's
#: tune part and our fixtures no article paragraph comes within 60 of one.)
PURPOSE_MATCH = 60.0
#: A purpose's description may run on after the sentence the corpus holds ("… can be used for
#: one or more purposes. This means your location can be known to within metres."): in a
#: paragraph of at most PURPOSE_MAX_WORDS words, a first sentence holding at least
#: PURPOSE_SENTENCE_SHARE of its text that matches a purpose description (PURPOSE_MATCH) is
#: the paragraph's match. (Real descriptions run to two or three sentences of 40 words.)
PURPOSE_MAX_WORDS = 50
PURPOSE_SENTENCE_SHARE = 0.4
#: Paragraphs with notice vocabulary and at most this many words are compared with the
#: corpus's notices (the longest notices are a few hundred words).
NOTICE_MAX_WORDS = 400
#: A notice match at or above this score is a graded signal (``similarity``) for the scorecard.
SIMILARITY_FLOOR = 50.0
#: A content-model logit above this reads as boilerplate rather than not (even odds).
NGRAM_NOTICE = 0.0
#: Paragraphs of at most this many words are "short" (labels, buttons, purpose titles).
SHORT_WORDS = 16
#: Breadcrumb trails are at most this long.
BREADCRUMB_MAX_WORDS = 12
#: A row of links above or below the text ("Home | News | Sport | Business") has at least
#: this many parts between separators (a byline "By Ann Lee | Reuters" or a section line
#: "World | Europe" has fewer).
LINK_ROW_MIN_PARTS = 4
#: Lines of at most this many words are looked up as labels (several labels on one line).
LABEL_LINE_MAX_WORDS = 24
#: How many kept paragraphs from either end count as the edge of the text.
EDGE_PARAGRAPHS = 2
#: Consent vocabulary: the share of a paragraph's words that are consent, context or action
#: terms, needed beside a banner, at the first or last paragraph, near the edge, mid-text.
VOCAB_BESIDE_DENSITY = 0.08
#: ... or, beside a banner, this density in a paragraph that addresses the reader twice.
VOCAB_BESIDE_ADDRESSED = 0.05
VOCAB_EDGE_DENSITY = 0.12
VOCAB_NEAR_EDGE_DENSITY = 0.15
VOCAB_MIDDLE_DENSITY = 0.12
#: Anywhere (outside texts about consent): this many distinct consent terms addressing the
#: reader twice make a notice.
VOCAB_DENSE_DISTINCT = 4
#: A short paragraph (a one-sentence notice) at the first or last place: at least this many
#: words, consent + action + reader address, and this density.
SHORT_NOTICE_MIN_WORDS = 6
SHORT_NOTICE_DENSITY = 0.2
#: ... without reader address, a complete sentence with this many context and action terms.
SHORT_NOTICE_TERMS = 2
#: ... beside buttons this density is enough; mid-text, addressing the reader, this much.
SHORT_NOTICE_BESIDE_DENSITY = 0.12
SHORT_NOTICE_MIDDLE_DENSITY = 0.25
#: ... or, without reader address (an impersonal "Display requires enabling functional
#: cookies"), a call to act that the content model reads as boilerplate with at least this
#: logit (HEADLINE_MAX_NGRAM's bound: a headline about cookies sits below it).
PLACEHOLDER_MIN_NGRAM = 1.0
#: Mid-text without reader address: this many distinct consent terms and an action.
VOCAB_MIDDLE_DISTINCT = 3
#: A purpose list ("Personalised ads and content, measurement, audience research…") beside
#: a banner: this many distinct context terms stand in for consent terms.
VOCAB_PURPOSES_CONTEXT = 3
#: ... such a list without consent terms or reader address has at most this many words
#: (unless the content model reads it as boilerplate).
PURPOSE_LIST_MAX_WORDS = 30
#: ... and a content-model logit above this (odds of about 1 in 12 of being boilerplate).
PURPOSE_LIST_MIN_NGRAM = -2.5
#: Near the edge, a paragraph that addresses the reader at least this often, in at least this
#: share of its words, about cookies and data with this vocabulary density, is a notice.
VOCAB_ADDRESS_MIN = 3
VOCAB_ADDRESS_SHARE = 0.08
VOCAB_ADDRESS_DENSITY = 0.06
#: A text with this many long paragraphs using consent terms, away from its top and bottom
#: runs, is *about* consent (journalism on GDPR, cookies, ad tech): away from banners,
#: vocabulary alone removes nothing there.
TOPICAL_PARAGRAPHS = 3
#: ... or this many such paragraphs in the third person (not addressing the reader).
TOPICAL_THIRD_PERSON = 2
#: ... (each count at least this share of the long paragraphs) ...
TOPICAL_MIN_SHARE = 0.1
#: ... or when at least this many long paragraphs, and this share of all, use consent terms.
TOPICAL_SATURATED = 3
TOPICAL_SHARE = 0.6
#: A cluster of consent paragraphs starting within this many long paragraphs of the top, or
#: ending as near the bottom, is where a banner stands.
EDGE_CLUSTER_SPAN = 2
#: A line of at most this many words between two banner paragraphs is part of the banner
#: (a category name such as "Marketing", a button the lexicon lacks).
SANDWICH_MAX_WORDS = 4
#: A line of at most this many words after a banner at the very bottom goes with it (an "OK"
#: button the lexicon lacks). Above a banner at the very top, such a line is as often a
#: one-word headline: only a salutation ("Dear reader,") or a title that names the site goes.
EDGE_LINE_MAX_WORDS = 3
#: A first line of at most this many words, directly above a banner notice and sharing a
#: capitalised name of at least TITLE_NAME_MIN letters with it, is the dialog's title.
TITLE_MAX_WORDS = 8
#: A title and its text share a word of at least this many letters, compared on as many first
#: letters (inflections differ at the end). (Hand-set, see rules._shares_a_word.)
TITLE_STEM_CHARS = 5
TITLE_NAME_MIN = 4
#: ... looking for that notice among the next few removed paragraphs.
TITLE_NOTICE_WITHIN = 4
#: Below a banner that ends with a notice (no buttons), a line the content model reads as
#: boilerplate with at least this logit is one of its links ("Read more about our cookies"),
#: not a headline (headlines in a language the model knows little of sit near 0).
HEADLINE_MAX_NGRAM = 1.0
#: Removals that may only have stood beside a banner (see _grown).
GROWN_RULES = frozenset({Rule.BANNER_RUN, Rule.CONSENT_VOCABULARY, Rule.SCORECARD})
#: A headline may stand this many short lines (a byline, a dateline, a standfirst) above its text.
HEADLINE_BYLINES = 2
#: At most this many unknown button-like lines go with a removed button.
BUTTON_RUN_MAX = 4
#: Kept short lines that may stand between a paragraph and the banner it belongs to.
SHORT_LINES_BETWEEN = 6
#: A short repeated line without any notice vocabulary must be at an edge and in at least
#: this share of the batch's documents (site chrome, not an author's byline).
REPEAT_SHORT_SHARE = 0.05
#: A button or link the lexicon lacks has at most this many words.
BUTTON_MAX_WORDS = 6
#: A label of at most this many words between two paragraphs of prose may be a section heading
#: ("More information", "Weitere Informationen"); a dialog's title is longer ("Your privacy is
#: important to us", "Teniamo alla Sua privacy"). (Hand-set, see rules._subhead.)
SUBHEAD_MAX_WORDS = 3
#: An interface label between two short lines of the story's list ("Contacts" among an app's
#: permissions) stays when the story's prose goes on within this many lines below it.
LIST_TEXT_WITHIN = 12
#: Multilingual block: at most this many kept button-like lines between two of its notices ...
BLOCK_GAP_LINES = 4
#: ... a run of at least this many paragraphs in as many languages, with a banner's evidence,
#: is a block of translations (see _language_run) ...
BLOCK_RUN_MIN = 3
#: ... (a run is followed for at most BLOCK_RUN_MAX paragraphs: a block has one per language,
#: and consent managers ship about 40 languages at most) ...
BLOCK_RUN_MAX = 40
#: ... counting paragraphs of at least this many words ...
BLOCK_MIN_WORDS = 5
#: ... a neighbour's length within this factor of the banner's ...
#: ... sharing a name and punctuation this similar (rapidfuzz ratio of the punctuation and
#: digits in order, 0-100), or ...
BLOCK_SHAPE_SIMILARITY = 80.0
BLOCK_LENGTH_FACTOR = 2.5
#: ... sharing at least this many names or long words (the site's name, "multimedia" ...).
BLOCK_SHARED_WORDS = 2
BLOCK_LONG_WORD = 6
#: The language of the text beyond a block is that of the first of this many kept paragraphs
#: whose language is known.
BLOCK_TEXT_LOOKS = 3
#: A paragraph's notice vocabulary names its language, beside langdetect's answer, with at
#: least this many distinct terms of that language alone (see _codes).
LANGUAGE_TERMS = 2
#: A paragraph's scripts are read from this many characters; a script counts with this share
#: of the letters.
SCRIPT_SAMPLE = 200
SCRIPT_SHARE = 0.25
#: Translations of one sentence differ in length by at most this factor (see _parallel; set by
#: hand: the framework's purpose texts in tune's 30 languages lie within 1.5 of each other).
PARALLEL_LENGTH_FACTOR = 1.6
#: Footer: a copyright line (the sign or the word "copyright" with a year, or a reserved-rights
#: phrase of the ``rights`` vocabulary) of at most this many words, below the last long
#: paragraph of the text, is the page's footer.
FOOTER_MAX_WORDS = 120
#: ... a copyright line longer than FOOTER_LINE_MAX_WORDS starts with its copyright
#: statement (within this many characters): the small print that follows it is the footer's.
FOOTER_SIGN_WITHIN = 80
#: ... and the short lines between the article and such a line (contact, company, licence and
#: link lines), each of at most this many words and not ending a sentence, go with it when the
#: footer also holds a removed label line ("Contact us", "Privacy policy").
FOOTER_LINE_MAX_WORDS = 12
#: ... looking at most this many lines away for the copyright line and for the label line.
FOOTER_RUN_MAX = 12
#: Sign-up box: a paragraph of at most this many words next to removed interface chrome
#: ("Enter your email", "Sign up"), with sign-up vocabulary (newsletter, inbox …) that
#: addresses the reader or asks to act, goes with the chrome, wherever it stands.
SIGNUP_MAX_WORDS = 40
#: A short line whose only notice term is no word of the line's language (as language
#: identification reads a line of at least this many letters, with at least this confidence)
#: has no notice vocabulary: see _foreign_term.
LONE_TERM_MIN_LETTERS = langid.MIN_CHARS
LONE_TERM_CONFIDENCE = 0.9
#: Quoted speech longer than this is the speaker's, not the page's: its "we"/"you" does not
#: count as the page addressing the reader.
QUOTE_MIN_CHARS = 20

_QUOTED = re.compile(
    r"“[^”]{%(n)d,}”|\"[^\"]{%(n)d,}\"|«[^»]{%(n)d,}»|»[^«]{%(n)d,}«|„[^“”]{%(n)d,}[“”]"
    r"|「[^」]{%(n)d,}」|‘[^’]{%(n)d,}’|(?<!\w)'[^']{%(n)d,}'(?!\w)" % {"n": QUOTE_MIN_CHARS}
)
_ABBREVIATION = re.compile(r"\b\w{2,}\b")


_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_REGISTRATION_NUMBER = re.compile(r"[0-9]{5,}")
_TRANSLIT = str.maketrans({
    **dict(zip("абвгдђежзийјклљмнњопрстћуфхцчџшщъыьэюяєіїґ",
               ["a", "b", "v", "g", "d", "dj", "e", "z", "z", "i", "j", "j", "k", "l", "lj", "m", "n",
                "nj", "o", "p", "r", "s", "t", "c", "u", "f", "h", "c", "c", "dz", "s", "s", "", "y",
                "", "e", "ju", "ja", "je", "i", "ji", "g"])),
    **dict(zip("αβγδεζηθικλμνξοπρσςτυφχψω",
               ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r",
                "s", "s", "t", "y", "f", "ch", "ps", "o"])),
})
#: The copyright sign, or the word with a year right after it ("Copyright 2024", "(c) 2024").
_COPYRIGHT_SIGN = re.compile(r"©|(?:\(c\)|\bcopyright)\s*(?:©\s*)?(?:19|20)\d\d", re.IGNORECASE)
#: A line that ends with a comma opens a letter's sign-off ("Groetjes,", "À bientôt au
#: jardin,"), the line below it is the writer's name: the text's own last lines.
_GREETING = re.compile(r",\s*$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DOMAIN = re.compile(r"\b[\w-]{3,}\.(?:[a-z]{2,6})\b")
_CRUMB = re.compile(r"\s+[>›»]\s+")
_ROW_SEPARATOR = re.compile(r"\s+[|·•/]\s+")
_NOT_SHAPE = re.compile(r"[^.,;:!?()\d]+")
#: A sentence ending with more text after it (a last sentence may lack its mark, or end with
#: a closing "✕" the scraper kept).
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s+\w)|[。！？](?=\s*\w)")
_DIGITS = re.compile(r"\d+")
#: The plain written style of Korean and Japanese news at the end of a paragraph: "…했다.",
#: "…밝혔다." (not the polite "…합니다." of notices), "…と述べた。", "…である。" (not "…ます。",
#: "…です。"). On the fixtures and the devset's ``tune`` part, 172 article paragraphs end so
#: and no boilerplate paragraph does (buttons such as "同意する" have no full stop).
_NEWS_REGISTER = re.compile(r"(?:(?<!니)다[.。]|(?:た|だ|る|ない|う)。)[\"”’'」』)]*\s*$")
# Full stops, exclamation and question marks, also of Devanagari and Bengali (danda "।")
# and Arabic script (Urdu "۔", "؟").
_ENDS_STATEMENT = re.compile(r"[.!。！।॥۔]\s*$")
_ENDS_SENTENCE_MARK = re.compile(r"[.!?。！？।॥۔؟]\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?。！？।॥۔؟\"”»)]\s*$")
#: A link after a notice's last sentence on the same line ("… Learn more") has at most this
#: many words.
TRAILING_LINK_MAX_WORDS = 4
#: Paragraphs longer than this are never boilerplate (the longest real notices are a few
#: thousand characters); they are not normalised or tokenised at all.
MAX_NOTICE_CHARS = 20_000


@dataclass(slots=True, eq=False)
class _Features:
    """What a paragraph says on its own. Immutable in meaning: ``ngram`` is computed on first
    read (most paragraphs' logits are never read: those removed by a standalone rule)."""

    norm: str | None  # kept only for candidates: paragraphs that may be boilerplate (see _compute_features)
    size: int  # length of the normalised text
    words: int
    hits: Hits  # NO_HITS for screened paragraphs (``counted`` False): no term, reader address not counted
    label: Match | None
    #: the best notice match at or above SUPPORT_MATCH (PURPOSE_MATCH for a purpose; or its
    #: first sentence's, see _first_sentence_purpose)
    notice: Match | None
    similarity: float  # the best notice match's score (0-100) when at least SIMILARITY_FLOOR, else 0
    corpus: "Corpus | None" = None  # whose content model reads ``ngram`` (None: not a candidate)
    counted: bool = True  # False: the screen proved no notice vocabulary; reader address not counted
    _logit: float | None = None

    @property
    def ngram(self) -> float:
        """The content model's logit (see boilerstrip.textmodel); -LOGIT_CLIP for non-candidates."""
        if self._logit is None:
            self._logit = -LOGIT_CLIP if self.corpus is None else self.corpus.content_model.logit(self.norm)
        return self._logit


#: Shared features of screened paragraphs, by (normalised length, words); at most this many.
SCREENED_CACHE_SIZE = 100_000
_SCREENED: dict[tuple[int, int], _Features] = {}


def _inert(raw: str) -> _Features:
    """Features of a paragraph too long to be boilerplate (no copy, no tokens)."""
    return _Features(None, len(raw), len(raw) // 5 + SHORT_WORDS + 1, NO_HITS, None, None, 0.0)


def _compute_features(corpus: Corpus, norm: str, raw: str) -> _Features:
    words = word_count(norm)
    if words > SHORT_WORDS and not corpus.vocabulary.may_notice(norm):
        # The fast reject: a long paragraph without any notice term (most of an article) is
        # no candidate; what is left to know (a label of up to LABEL_LINE_MAX_WORDS words, an
        # exact look-up) is cheap, and its reader address is counted only if a rule asks.
        label = corpus.labels.lookup(norm, raw, fuzzy=False) if words <= LABEL_LINE_MAX_WORDS else None
        if label is not None:
            return _Features(None, len(norm), words, NO_HITS, label, None, 0.0, counted=False)
        # Such features differ only in size and word count: one shared object per pair keeps
        # a 200 MB file of article lines from holding a million of them.
        key = (len(norm), words)
        found = _SCREENED.get(key)
        if found is None:
            if len(_SCREENED) >= SCREENED_CACHE_SIZE:
                _SCREENED.clear()
            found = _SCREENED[key] = _Features(None, len(norm), words, NO_HITS, None, None, 0.0, counted=False)
        return found
    hits = corpus.vocabulary.hits(norm)
    if words <= SHORT_WORDS and hits.notice == 1 and hits.count("consent") == 0 and _foreign_term(corpus, norm, hits):
        hits = hits.without(NOTICE_FAMILIES)
    # Fuzzy look-ups only for lines with some notice vocabulary: the rest cannot be close
    # variants of a banner text (an exact label look-up is a dictionary access).
    label = corpus.labels.lookup(norm, raw, fuzzy=hits.notice >= 1) if words <= LABEL_LINE_MAX_WORDS else None
    notice, similarity = None, 0.0
    if hits.notice >= 1 and words <= NOTICE_MAX_WORDS:
        truncated = not _ENDS_SENTENCE.search(raw) or raw.rstrip().endswith(("…", "..."))
        best = corpus.notices.best(norm, SIMILARITY_FLOOR, truncated)
        if best is not None:
            similarity = best.score
            notice = best if best.score >= SUPPORT_MATCH or (
                best.entry.family == "framework" and best.score >= PURPOSE_MATCH) else None
        if notice is None and words <= PURPOSE_MAX_WORDS:
            notice = _first_sentence_purpose(corpus, raw, len(norm))  # ``similarity`` stays the whole paragraph's
    # A long paragraph without notice vocabulary keeps no copy of its text: in a 200 MB
    # file those copies would double the memory. Rules that need it normalise it again.
    # The content model reads only paragraphs that could be boilerplate: short ones and
    # those with notice vocabulary (a longer paragraph with none is article text).
    if words <= SHORT_WORDS or hits.notice >= 1:
        return _Features(norm, len(norm), words, hits, label, notice, similarity, corpus)
    return _Features(None, len(norm), words, hits, label, notice, similarity)


def _first_sentence_purpose(corpus: Corpus, raw: str, size: int) -> Match | None:
    """The purpose description (PURPOSE_MATCH) that the first sentence of ``raw`` matches, when
    that sentence holds at least PURPOSE_SENTENCE_SHARE of the ``size`` normalised characters;
    else None."""
    end = _SENTENCE_BREAK.search(raw)
    if end is None:
        return None
    first = normalize(raw[:end.end()])
    if len(first) < PURPOSE_SENTENCE_SHARE * size:
        return None
    best = corpus.notices.best(first, PURPOSE_MATCH, False)
    return best if best is not None and best.entry.family == "framework" else None


def _foreign_term(corpus: Corpus, norm: str, hits: Hits) -> bool:
    """Whether the one notice term of a short line, a context or action word, belongs to
    another language than the line.

    Short words collide across languages (Estonian "kuva", display, is Finnish for picture):
    a lone term in a line that language identification reads, with confidence, as a language
    whose notice vocabulary the corpus has and which the term is not a word of, is a
    coincidence (a Finnish photo caption "… Kuva: <name>"). Lines too short for language
    identification (LONE_TERM_MIN_LETTERS), and languages the corpus has no terms for, keep
    the term; so do consent terms, loanwords in every language ("cookie", "GDPR"), and terms
    only of languages that language identification does not know (it cannot name the
    Armenian of an Armenian line)."""
    if sum(1 for ch in norm if ch.isalpha()) < LONE_TERM_MIN_LETTERS:
        return False
    lang = langid.detect(norm)
    if not lang.known or lang.confidence < LONE_TERM_CONFIDENCE:
        return False
    return (lang.code in corpus.vocabulary.langs and lang.code not in hits.langs
            and any(langid.detectable(code) for code in hits.langs))


def _reported(doc: "_Doc", i: int) -> bool:
    """Reported speech: a reporting verb ("said", "sagte", "заявил"), and no reader address
    (a banner that "stated" its purposes still speaks to the reader). A screened paragraph
    (no notice vocabulary, so no terms counted) is looked up here: reporting words do not make
    a paragraph a candidate, but a block of translations may reach it."""
    return doc.reports(i) and doc.address(i) == 0


def _density(hits: Hits, words: int) -> float:
    return hits.notice / max(words, 1)


class _Doc:
    """Mutable working state of one analysis."""

    def __init__(self, text: str, spans: Spans, corpus: Corpus, options: Options,
                 repetition: Repetition | None) -> None:
        self.text, self.spans, self.corpus, self.options = text, spans, corpus, options
        self._starts, self._text_ends = spans.starts, spans.text_ends
        self.n = len(spans)  # paragraphs (read in every walk: an attribute, not a call)
        self.features = [corpus.features(text[a:b]) for a, b in zip(spans.starts, spans.text_ends)]
        # Verdicts: read ``reason`` directly, set them with ``decide`` (it keeps ``notices``).
        self.reason: list[Evidence | None] = [None] * len(spans)
        self.notices = 0  # paragraphs removed as notices (NOTICE_RULES), kept exact by decide
        self._unquoted_address: dict[int, int] = {}
        self._norms: dict[int, str] = {}  # normalised text of non-candidates some rule asked for
        self._screened_hits: dict[int, Hits] = {}  # hits of screened paragraphs some rule asked for
        self._reports: dict[int, bool] = {}  # whether each paragraph asked about reports (see reports)
        self._extents: dict[int, int] = {}  # see _extent
        self._names: dict[int, set[str]] = {}  # see _names
        self.weak: set[int] = set()
        self.grown: set[int] = set()  # removed only for standing beside a banner (see _grown)
        self.titles: set[int] = set()  # kept as a headline below a banner (see _run)
        self.topical: bool | None = None  # the text discusses consent (see _topical), before the context rules
        self.placeholders: set[int] = set()  # weak ones inside the story (see _short_notice)
        self.footer: set[int] = set()  # removed as a footer line (see _footer)
        self.headings: dict[int, Evidence] = {}  # labels kept as headings (see keep_headings)
        self.repetition = repetition if repetition is not None and repetition.counts else None
        self._repeats: dict[int, int] = {}  # batch counts, looked up when _repeated needs one

    @cached_property
    def block_evidence(self) -> bool:
        """Whether some paragraph could give a block of translations a banner's evidence on
        its own features (see _banner_evidence; a removed notice can too). Only the block
        rule asks, and only for candidates: a text without any is never scanned for it."""
        return any(f.similarity > 0 or f.hits.count("consent") >= 1 for f in self.features)

    def repeats(self, i: int) -> int:
        """In how many documents of the batch paragraph ``i`` occurs (0 outside a batch)."""
        if self.repetition is None:
            return 0
        found = self._repeats.get(i)
        if found is None:
            found = self._repeats[i] = self.repetition.count(self.raw(i))
        return found

    def raw(self, i: int) -> str:
        return self.text[self._starts[i] : self._text_ends[i]]

    def hits(self, i: int) -> Hits:
        """The paragraph's vocabulary hits; a screened paragraph's (none counted) are looked up."""
        f = self.features[i]
        if f.counted:
            return f.hits
        found = self._screened_hits.get(i)
        if found is None:
            found = self._screened_hits[i] = self.corpus.vocabulary.hits(self.norm(i))
        return found

    def reports(self, i: int) -> bool:
        """Whether the paragraph reports: it has a reporting verb (a screened paragraph is
        looked up only when the reporting-verb screen finds one, see Vocabulary.may_report),
        or it ends in the plain written style of Korean and Japanese news (see
        _NEWS_REGISTER)."""
        found = self._reports.get(i)
        if found is None:
            f = self.features[i]
            verb = (f.hits.count(REPORT) >= 1 if f.counted
                    else self.corpus.vocabulary.may_report(self.norm(i)) and self.hits(i).count(REPORT) >= 1)
            found = self._reports[i] = verb or _NEWS_REGISTER.search(self.raw(i)) is not None
        return found

    def address(self, i: int) -> int:
        """Reader-address terms outside long quotations (a quoted "we" is the speaker's) and
        outside abbreviations ("the US"), and one for the site naming itself at the start
        ("This website uses …"; vocabulary.SITE) of a paragraph that neither reports nor quotes."""
        if i not in self._unquoted_address:
            n = self.hits(i).count("address")
            if n:
                raw = self.raw(i)
                own = _QUOTED.sub(" ", raw)
                if not own.isupper():
                    # An all-capital word in a line that is not all capitals is an abbreviation
                    # ("the US", "WE" as a company's name), not a pronoun.
                    own = _ABBREVIATION.sub(lambda m: " " if m[0].isupper() else m[0], own)
                if own != raw:
                    left = self.corpus.vocabulary.hits(normalize(own))
                    # Pronouns left alone are counted in any language: keep them only in the
                    # paragraph's (Catalan "era", "was", is Swedish "your").
                    n = left.count("address") if set(left.langs) & set(self.hits(i).langs) else 0
            if self.site_speaks(i):
                n += 1  # "This website uses cookies …": the site speaks for itself, as "we" does
            self._unquoted_address[i] = n
        return self._unquoted_address[i]

    def site_speaks(self, i: int) -> bool:
        """Whether the paragraph opens with the site naming itself ("This website uses …",
        vocabulary.SITE) and neither reports nor quotes ("… uses cookies, the regulator said"
        is a report)."""
        return bool(self.hits(i).count(SITE) and not self.reports(i) and not self.quoted(i)
                    and self.corpus.vocabulary.starts_with(self.norm(i), SITE))

    def norm(self, i: int) -> str:
        f = self.features[i]
        if f.norm is not None:
            return f.norm
        found = self._norms.get(i)
        if found is None:
            found = self._norms[i] = normalize(self.raw(i)) if f.size <= MAX_NOTICE_CHARS else ""
        return found

    def quoted(self, i: int) -> bool:
        """Whether the paragraph contains a long quotation (reported speech)."""
        return _QUOTED.search(self.raw(i)) is not None

    def is_banner(self, i: int) -> bool:
        r = self.reason[i]
        return r is not None and r.rule in BANNER_RULES

    def is_notice(self, i: int) -> bool:
        r = self.reason[i]
        return r is not None and r.rule in NOTICE_RULES

    def decide(self, i: int, ev: Evidence | None) -> None:
        """Set paragraph ``i``'s verdict (None keeps it), keeping ``notices`` exact."""
        self.notices += (ev is not None and ev.rule in NOTICE_RULES) - self.is_notice(i)
        self.reason[i] = ev

    def decide_in_place(self, i: int, ev: Evidence, where: "_Where") -> None:
        """Remove kept paragraph ``i`` for evidence read in its context ``where`` (a context
        rule or the scorecard), recording whether it went only for standing beside a banner
        (see _grown)."""
        if _grown(self, i, where, ev):
            self.grown.add(i)
        self.decide(i, ev)

    def is_short_line(self, i: int) -> bool:
        f = self.features[i]
        return f.words <= SANDWICH_MAX_WORDS and not _DIGIT.search(self.norm(i))

    def anchors(self, j: int) -> bool:
        """Whether removed paragraph ``j`` may extend a banner to its neighbours (a short
        notice found on its own at the edge is evidence for itself, not for others, unless
        another banner line that is not a button, or a kept short line speaking to the reader
        (the same notice in another language), stands beside it; a placeholder inside the
        story never is)."""
        if not self.is_banner(j):
            return False
        if j not in self.weak:
            return True
        if j in self.placeholders:
            return False
        return any(self._block_partner(k) for k in (j - 1, j + 1) if 0 <= k < self.n)

    def _block_partner(self, k: int) -> bool:
        """Whether ``k``, beside a weak short notice, makes it a banner's: a banner line that
        is not a button, or a kept short line speaking to the reader (see _notice_line)."""
        if self.reason[k] is None:
            return self._notice_line(k)
        return self.is_banner(k) and self.reason[k].rule is not Rule.CONSENT_CONTROL

    def _notice_line(self, k: int) -> bool:
        """A short line with consent terms that speaks to the reader (a headline about cookies
        does not; nor does a button), not reported speech: kept or removed as a banner's, the
        next notice of a block (the same notice in another language) beside a short notice."""
        f = self.features[k]
        return (f.words <= SHORT_WORDS and f.hits.count("consent") >= 1 and self.address(k) >= 1
                and not _reported(self, k))

    def _banner_at(self, i: int, step: int) -> int | None:
        """The nearest removed banner paragraph in one direction, looking through removed
        chrome and through up to SHORT_LINES_BETWEEN kept short lines (buttons the lexicon
        lacks, category names) that would go with the banner — not through a line kept as a
        headline below a banner, nor through the paragraph's own title, the kept short line
        right above it (see _heads). In a text about consent, a banner line removed only for
        its place (see _grown) is a banner only for a button-like line (see _button_like)."""
        j, short = i + step, 0
        while 0 <= j < self.n:
            if self.reason[j] is None:
                if (not self.is_short_line(j) or short == SHORT_LINES_BETWEEN or self.reports(j)
                        or j in self.titles):
                    return None  # a dateline, byline ("本报布鲁塞尔电") or headline is the story's
                short += 1
            elif self.anchors(j):
                if self.topical and j in self.grown and not _button_like(self, i):
                    return None  # "Cookies explained" below the buttons: not the intro's banner
                # Asked only once a banner is reached (this walk runs for every kept
                # paragraph in every pass): "Mobile app permissions" / "Apps ask for …"
                if step < 0 and j < i - 1 and self.reason[i - 1] is None and _heads(self, i - 1, i):
                    return None
                return j
            elif self.is_banner(j):
                return None
            j += step
        return None

    def banner_neighbours(self, i: int) -> list[int]:
        """Removed banner paragraphs next to ``i``, looking through removed chrome."""
        return [j for j in (self._banner_at(i, -1), self._banner_at(i, 1)) if j is not None]

    def banner_sides(self, i: int) -> tuple[bool, bool]:
        return self._banner_at(i, -1) is not None, self._banner_at(i, 1) is not None


def _standalone(doc: _Doc, i: int) -> Evidence | None:
    """A paragraph that says what it is on its own: a known label standing alone (consent
    control or interface chrome), a breadcrumb trail, or a close copy of a known notice."""
    f = doc.features[i]
    if f.label is not None:
        e = f.label.entry
        if e.family == "chrome":
            if doc.options.keep_chrome:
                return None
            return Evidence(Rule.CHROME, f.label.score, "interface label standing alone",
                            e.id, e.family, e.lang)
        return Evidence(Rule.CONSENT_CONTROL, f.label.score, "consent button or link standing alone",
                        e.id, e.family, e.lang)
    if not doc.options.keep_chrome and f.words <= BREADCRUMB_MAX_WORDS and _breadcrumb(doc.raw(i)):
        return Evidence(Rule.CHROME, 100.0, "breadcrumb trail (Home > Section > …)")
    if f.notice is not None and f.notice.score >= STRONG_MATCH:
        e = f.notice.entry
        return Evidence(Rule.CORPUS_MATCH, f.notice.score, "close copy of a known notice",
                        e.id, e.family, e.lang)
    return None


def keep_headings(doc: _Doc) -> None:
    """Labels of the story's own, removed standing alone as consent controls or interface
    labels, kept again:

    - section headings of a text about consent that read as consent labels ("Legitimate
      interest", "Necessary cookies" above their paragraphs in an explainer): in a topical
      text (see _topical), a label with no action term and no full stop between kept
      paragraphs that the content model reads as journalism and that do not address the
      reader (a dialog's category descriptions do), the one below it longer than it and
      naming a consent term;
    - a sentence of the story that is a button's words ("Accept all." as a paragraph of its
      own in a feature about consent pop-ups): a label ending with a full stop, as no
      button does (none of the devset's ``tune`` part does), between two kept paragraphs
      that end as sentences (see _sentence_beat);
    - a section heading of any text ("More information" above the paragraph on where to read
      more in a health story): prose of the story on both sides (see _subhead);
    - interface labels that are the story's words: a name heading the paragraph that names
      it ("WhatsApp" above "WhatsApp uses the same encryption …", see _names_its_text), an
      item of a list of the story's ("Location", "Contacts", "Microphone" in a guide to app
      permissions, see _list_item).

    Run after the standalone rules and before the context rules (which then do not grow a
    banner from it); ``settle_headings`` checks the outcome once all rules have run."""
    n = doc.n
    names = [i for i, r in enumerate(doc.reason) if r is not None and r.rule is Rule.CHROME and 0 < i < n - 1
             and doc.features[i].label is not None and (_names_its_text(doc, i) or _list_item(doc, i))]
    labels = [i for i, r in enumerate(doc.reason) if r is not None and r.rule is Rule.CONSENT_CONTROL
              and 0 < i < n - 1]
    kept = names + [i for i in labels if _sentence_beat(doc, i) or _subhead(doc, i)]
    headings = [i for i in labels if not doc.features[i].hits.count("action")
                and not _ENDS_STATEMENT.search(doc.raw(i)) and i not in kept]
    if headings and not _topical(doc, [i for i, r in enumerate(doc.reason) if r is None]):
        headings = []
    for i in headings:
        below = doc.features[i + 1]
        if below.words > doc.features[i].words and below.hits.count("consent") and all(
                doc.reason[j] is None and doc.features[j].ngram <= NGRAM_NOTICE and doc.address(j) == 0
                for j in (i - 1, i + 1)):
            kept.append(i)
    for i in kept:
        doc.headings[i] = doc.reason[i]
        doc.decide(i, None)


def _names_its_text(doc: _Doc, i: int) -> bool:
    """Whether line ``i`` heads the paragraph below it and that paragraph names it: kept,
    longer than a short line, ending as a sentence, holding the line's words ("Telegram"
    above "Regular Telegram chats are stored on the company's servers."). A share button
    stands among other buttons, not above a paragraph about the network it names."""
    j = i + 1
    return (doc.reason[j] is None and doc.features[j].words > SHORT_WORDS
            and _ENDS_SENTENCE.search(doc.raw(j)) is not None
            and re.search(rf"(?<!\w){re.escape(doc.norm(i))}(?!\w)", doc.norm(j)) is not None)


def _list_item(doc: _Doc, i: int, words: int = SANDWICH_MAX_WORDS) -> bool:
    """Whether line ``i`` stands in a list of the story's: both neighbours are kept lines of
    at most ``words`` words that no label matches and that do not end as sentences
    ("Location", "Contacts", "Microphone"), with the story's prose going on below it (a kept
    paragraph longer than a short line within LIST_TEXT_WITHIN lines); the link lists of a
    page are labels throughout, and stand below the text."""
    return all(doc.reason[j] is None and doc.features[j].label is None
               and doc.features[j].words <= words and not _ENDS_SENTENCE_MARK.search(doc.raw(j))
               for j in (i - 1, i + 1)) and any(doc.reason[j] is None and doc.features[j].words > SHORT_WORDS
                                                for j in range(i + 2, min(doc.n, i + LIST_TEXT_WITHIN)))


def _prose_beside(doc: _Doc, i: int) -> bool:
    """Whether the paragraphs on both sides of ``i`` are kept, longer than a button, and end
    as sentences (prose of the story)."""
    return all(doc.reason[j] is None and doc.features[j].words > BUTTON_MAX_WORDS
               and _ENDS_SENTENCE.search(doc.raw(j)) is not None for j in (i - 1, i + 1))


def _sentence_beat(doc: _Doc, i: int) -> bool:
    """Whether label ``i`` ends with a full stop between two kept paragraphs longer than a
    button that end as sentences (prose on both sides)."""
    return _ENDS_STATEMENT.search(doc.raw(i)) is not None and _prose_beside(doc, i)


def _subhead(doc: _Doc, i: int) -> bool:
    """Whether label ``i`` is a section heading of any text ("More information" above a
    paragraph on where to read more): at most SUBHEAD_MAX_WORDS words, no action or consent
    term, no word of the site or the reader, no full stop, no number (a label
    with one is a count: "78 partners can use this purpose"), between two kept paragraphs
    longer than a button that end as sentences, that the content model reads as journalism
    and that do not address the reader (the notices a banner's links stand between do)."""
    raw, h = doc.raw(i), doc.features[i].hits
    return (doc.features[i].words <= SUBHEAD_MAX_WORDS and not h.count("action") and not h.count("consent")
            and not h.count("site") and doc.address(i) == 0 and not _ENDS_STATEMENT.search(raw)
            and not _DIGIT.search(raw) and _prose_beside(doc, i)
            and all(doc.features[j].ngram <= NGRAM_NOTICE and doc.address(j) == 0 for j in (i - 1, i + 1)))


def _story_line(doc: _Doc, i: int) -> bool:
    """Whether label ``i`` is the story's own line wherever the story is about (see
    keep_headings): a sentence beat, a section heading, a name heading its paragraph, an item
    of the story's list."""
    return _sentence_beat(doc, i) or _subhead(doc, i) or _names_its_text(doc, i) or _list_item(doc, i)


def settle_headings(doc: _Doc) -> bool:
    """Remove again the labels ``keep_headings`` kept whose grounds did not last: when, with
    all rules run, a neighbour was removed, or the kept text (without the headings, as a
    second analysis would see it before keeping them) is no longer about consent (for a
    section heading; a sentence beat needs prose on both sides only). Returns whether any
    was: the context rules and the scorecard then run again, as they would in a second
    analysis of the output (``clean`` stays idempotent)."""
    if not doc.headings:
        return False
    topical = _topical(doc, [i for i, r in enumerate(doc.reason) if r is None and i not in doc.headings])
    changed = False
    for i, ev in doc.headings.items():
        if doc.reason[i] is None and not ((topical or _story_line(doc, i))
                                          and doc.reason[i - 1] is None and doc.reason[i + 1] is None):
            doc.decide(i, ev)
            changed = True
    return changed


def _breadcrumb(raw: str) -> bool:
    """A navigation trail: three or more short items joined by ">", "›" or "»"."""
    parts = _CRUMB.split(raw.strip())
    return len(parts) >= 3 and all(0 < len(p.split()) <= 4 for p in parts)


def _vocabulary(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """A long paragraph whose vocabulary is a consent notice's, where notices stand."""
    f = doc.features[i]
    if f.words <= SHORT_WORDS:
        return _short_notice(doc, i, where) or _purpose(doc, i, where)
    h = f.hits
    # A weaker corpus match, with a consent term; a processing purpose's description names
    # none ("Your data can be used to develop new products"), its match is enough (see
    # _purpose_match).
    supported = f.notice is not None and (h.count("consent") >= 1 or _purpose_match(doc, i))
    if not supported and h.count("consent") == 0 and h.n_distinct("context") < VOCAB_PURPOSES_CONTEXT:
        return None  # no rule below can fire: the common case, decided cheaply
    if not supported and _reported(doc, i):
        return None  # reported speech ("the company said …"): journalism, wherever it stands
    consent, distinct, action = h.count("consent"), h.n_distinct("consent"), h.count("action")
    address = doc.address(i)
    density = _density(h, f.words)
    context = h.count("context")
    checks = (
        (where.sandwiched, "between banner paragraphs",
         lambda: (consent >= 1 or context >= 2) and (address >= 1 or action >= 1 or not doc.quoted(i))),
        # Beside a banner, but not reported speech: a quote about cookies is journalism. In a
        # text about consent (reports, explainers and guides that address the reader too),
        # only a paragraph close to a known notice or read as boilerplate by the content
        # model goes with the banner.
        (where.beside and (not where.topical or supported or f.ngram > NGRAM_NOTICE), "beside a banner",
         lambda: supported or (
             (consent >= 1 or h.n_distinct("context") >= VOCAB_PURPOSES_CONTEXT)
             and (density >= VOCAB_BESIDE_DENSITY or (address >= 2 and density >= VOCAB_BESIDE_ADDRESSED))
             # Growing up from a banner into the kept text, an article's last paragraphs
             # (a guide's advice to the reader) must read as a notice: dense in notice
             # terms, one of them a consent term ("app", "device" and "store" are an
             # article's words too) unless its own button stands right below it, or read
             # as boilerplate by the content model.
             and (where.before or where.leading or f.ngram > NGRAM_NOTICE
                  or (density >= VOCAB_NEAR_EDGE_DENSITY and (consent >= 1 or _next_to_control(doc, i))))
             and (address >= 1 or (not doc.quoted(i) and (action >= 1 or distinct >= 2
                                                          or (consent == 0 and _purpose_list(f))))))),
        # In a text that discusses consent itself, away from banners only a corpus match counts.
        (where.topical, "in a text about consent",
         lambda: supported and address >= 1 and density >= VOCAB_EDGE_DENSITY),
        (where.extreme and not where.topical, "at the edge of the text",
         lambda: supported or (consent >= 1 and density >= VOCAB_EDGE_DENSITY and address >= 1
                               and (action >= 1 or distinct >= 2)) or _speaks_to_reader(f, address)),
        # A guide's paragraph speaking to the reader about trackers reads so too: the
        # content model must not read it as journalism with confidence.
        (where.edge and not where.topical, "near the edge of the text",
         lambda: supported or (not _inside_prose(doc, where) and (
             (distinct >= 2 and density >= VOCAB_NEAR_EDGE_DENSITY and address >= 1)
             or (_speaks_to_reader(f, address) and f.ngram > -HEADLINE_MAX_NGRAM)))),
        # Mid-text, vocabulary alone between two paragraphs of prose is no evidence: a
        # reader's guide to consent pop-ups reads so too (see _inside_prose).
        (not where.topical, "mid-text",
         lambda: supported or (not _inside_prose(doc, where) and (
             (consent >= 1 and action >= 1 and context >= 1 and address >= 1
              and density >= VOCAB_MIDDLE_DENSITY)
             or (distinct >= VOCAB_MIDDLE_DISTINCT and action >= 1 and density >= VOCAB_NEAR_EDGE_DENSITY)))),
        # A notice followed by its own buttons, which the lexicon may lack ("同意して表示する").
        (not where.topical and _beside_controls(doc, i), "beside consent buttons",
         lambda: consent >= 1 and action >= 1 and density >= VOCAB_MIDDLE_DENSITY),
        # So dense in consent terms, speaking to the reader, that position does not matter.
        (not where.topical, "dense notice",
         lambda: distinct >= VOCAB_DENSE_DISTINCT and address >= 2 and density >= VOCAB_NEAR_EDGE_DENSITY),
    )
    place = next((name for applies, name, test in checks if applies and test()), None)
    ok = place is not None
    if not ok:
        return None
    detail = (f"{consent} consent, {h.count('context')} context, {action} action terms; "
              f"reader addressed {address}x; {density:.0%} notice vocabulary; {place}")
    m = f.notice
    return Evidence(Rule.CONSENT_VOCABULARY, density * 100, detail,
                    m.entry.id if m else None, m.entry.family if m else None,
                    h.language)


def _inside_prose(doc: _Doc, where: "_Where") -> bool:
    """Whether the nearest kept paragraphs on both sides are long and without consent terms (a
    banner's neighbours are its buttons, titles and other notices)."""
    return all(j is not None and doc.features[j].words > SHORT_WORDS
               and doc.features[j].hits.count("consent") == 0  # NO_HITS when the screen proved none
               for j in (where.prev_kept, where.next_kept))


def _short_notice(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """A one-sentence notice ("By continuing to use the site you agree to cookies.") as the
    first or last paragraph, or beside buttons; in a text about consent, only above all of
    it (before its headline), opening with the site naming itself ("This website uses …": a
    standfirst that speaks to the reader about cookies stays)."""
    f = doc.features[i]
    h = f.hits
    if ((where.topical and not (where.first and where.outside and doc.site_speaks(i)))
            or f.words < SHORT_NOTICE_MIN_WORDS or h.count("consent") < 1 or _reported(doc, i)):
        return None
    density = _density(h, f.words)
    if density < SHORT_NOTICE_BESIDE_DENSITY or h.count("action") + h.count("context") < 1:
        return None
    beside_controls = _beside_controls(doc, i)
    if density < SHORT_NOTICE_DENSITY and not beside_controls:
        return None
    address = doc.address(i)
    if doc.raw(i).rstrip().endswith("?") or above_byline(doc, i, where):
        return None  # a question is a headline or a subhead, not a notice; so is a bylined line
    # Many languages fold "you" into the verb: a complete sentence dense in notice terms
    # needs no pronoun (a headline ends without a full stop).
    # Such a sentence below a headline, though, is as often a story's first line: without
    # a pronoun, only the very first or last paragraph.
    speaks = address >= 1 or (h.count("context") + h.count("action") >= SHORT_NOTICE_TERMS
                              and _ENDS_STATEMENT.search(doc.raw(i)) is not None
                              and (where.first or where.last))
    # ... and a headline ("How to stop apps from tracking you") is no sentence: away from
    # buttons, a notice ends like one, stands next to a removed consent control, or reads as
    # boilerplate to the content model (a notice cut short by the scraper; before or after
    # the text, one that heads no text as a headline does, see _heads_text).
    ended = _ENDS_SENTENCE.search(doc.raw(i)) is not None or _next_to_control(doc, i)
    sentence = ended or f.ngram > NGRAM_NOTICE
    if ((where.outside or where.first or where.last) and speaks
            and (ended or (sentence and not _heads_text(doc, i, where)))):
        place = "before or after the text"
        doc.weak.add(i)
    elif beside_controls:
        place = "beside buttons"
    elif (density >= SHORT_NOTICE_MIDDLE_DENSITY and sentence and not (where.outside or where.first or where.last)
          and (address >= 1 or (h.count("action") >= 1 and f.ngram > PLACEHOLDER_MIN_NGRAM))
          # not an item of a guide's list of advice (no full stop, as its neighbours have none)
          and not (_list_item(doc, i, SHORT_WORDS) and not _ENDS_SENTENCE_MARK.search(doc.raw(i)))):
        place = "mid-text"
        doc.weak.add(i)  # a placeholder inside the story: evidence for itself, not its neighbours
        doc.placeholders.add(i)
    else:
        return None
    return Evidence(Rule.CONSENT_VOCABULARY, density * 100,
                    f"short notice: {h.count('consent')} consent, {h.count('action')} action terms; "
                    f"{density:.0%} notice vocabulary; {place}", None, None, h.language)


def _purpose(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """A processing purpose's one-sentence description ("The ads you see can be measured."),
    close to one of the corpus's (PURPOSE_MATCH), where banners stand: at either end of the
    text or beside a banner. It names no consent term, so the match is the evidence; not as
    reported speech (see _purpose_match), and in a text about consent only beside a banner
    (below its purpose's title: an explainer quoting a purpose does so inside its text)."""
    if (where.topical and not where.beside) or not _purpose_match(doc, i):
        return None
    if not (where.outside or where.first or where.last or where.beside):
        return None
    m = doc.features[i].notice
    return Evidence(Rule.CONSENT_VOCABULARY, m.score, f"purpose description close to a known one "
                    f"({m.score:.0f}); {'beside a banner' if where.beside else 'before or after the text'}",
                    m.entry.id, m.entry.family, m.entry.lang)


def _purpose_match(doc: _Doc, i: int) -> bool:
    """Whether ``i`` matches a purpose description of the corpus (PURPOSE_MATCH) and has no
    reporting verb at all: a purpose quoted in a report ("… to develop new products, the
    company said") addresses the reader in the quote's words."""
    m = doc.features[i].notice
    return m is not None and m.entry.family == "framework" and not doc.reports(i)


def _next_to_control(doc: _Doc, i: int) -> bool:
    """Whether a paragraph right next to ``i`` was removed as a consent control."""
    return any(0 <= j < doc.n and doc.reason[j] is not None
               and doc.reason[j].rule is Rule.CONSENT_CONTROL for j in (i - 1, i + 1))


def _beside_controls(doc: _Doc, i: int) -> bool:
    """Whether a kept short line with notice vocabulary that reads like a button (a button the
    lexicon lacks, such as "Enable external content"; not a sentence such as a guide's step
    "Choose Clear browsing data.") is next to ``i``."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < doc.n and doc.reason[j] is not None:
            j += step  # the nearest kept line: the same one a second pass would see
        if 0 <= j < doc.n:
            f = doc.features[j]
            if f.words <= SANDWICH_MAX_WORDS and f.hits.notice >= 1 and _button_like(doc, j):
                return True
    return False


def _purpose_list(f: _Features) -> bool:
    """A list of processing purposes ("Personalised ads and content, measurement, audience
    research…") rather than a paragraph about data: short, or read as boilerplate by the
    content model (articles on analytics and marketing use the same context words); a short
    one the content model reads as article text (PURPOSE_LIST_MIN_NGRAM) is a sentence of it."""
    return (f.words <= PURPOSE_LIST_MAX_WORDS and f.ngram > PURPOSE_LIST_MIN_NGRAM) or f.ngram > NGRAM_NOTICE


def _speaks_to_reader(f: _Features, address: int) -> bool:
    """A notice that keeps addressing the reader about cookies and their data."""
    h = f.hits
    return (h.count("consent") >= 1 and h.count("context") >= 1 and address >= VOCAB_ADDRESS_MIN
            and address >= VOCAB_ADDRESS_SHARE * f.words
            and _density(h, f.words) >= VOCAB_ADDRESS_DENSITY)


def _run(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """A short line (button, purpose title, heading) inside a run of banner paragraphs."""
    f = doc.features[i]
    if f.words > SHORT_WORDS or not where.beside:
        return None
    doc.titles.discard(i)  # a headline while the walk's grounds hold (a later pass asks again)
    if headline_below_banner(doc, i, where):
        doc.titles.add(i)
        return None
    h = f.hits
    if (h.evidence or (
        h.count("context") >= 1 and doc.address(i) >= 1
    )) and not _plain_sentence(doc, i, where) and not _reported(doc, i) and not _topic_heading(doc, i, where):
        detail = "short consent line beside a banner"
    elif where.sandwiched and doc.is_short_line(i):
        detail = "short line between banner paragraphs"
    elif _notice_button(doc, i):
        detail = "button-like line under a notice, among its buttons"
    elif f.words <= EDGE_LINE_MAX_WORDS and _in_button_run(doc, i):
        detail = "short line among consent buttons"
    elif (f.words <= EDGE_LINE_MAX_WORDS and doc.is_short_line(i) and where.article_between
          and not doc.raw(i).rstrip().endswith(".")
          and ((where.last and where.before and not _chrome_beyond(doc, i, 1))
               or (where.first and where.after and not _chrome_beyond(doc, i, -1)
                   and doc.raw(i).rstrip().endswith((",", ":"))))):
        detail = "short line at the very bottom below a banner, or a salutation above one at the top"
    elif where.first and f.words <= TITLE_MAX_WORDS and _names_the_site(doc, i):
        detail = "dialog title naming the site of the banner below it"
    else:
        return None
    return Evidence(Rule.BANNER_RUN, 100.0 * _density(h, f.words), detail, None, None,
                    h.language)


def _topic_heading(doc: _Doc, i: int, where: "_Where") -> bool:
    """In a text about consent, a line that does not read like a button (see _button_like:
    longer, or with a digit, or ending as a sentence or question does) and heads its text (see
    _heads_text): a guide's title or section heading ("First-party and third-party cookies"),
    not a banner's line."""
    return where.topical and not _button_like(doc, i) and _heads_text(doc, i, where)


def _chrome_beyond(doc: _Doc, i: int, step: int) -> bool:
    """Whether interface chrome was removed between ``i`` and that end of the text: a line
    below page chrome ("Related stories", "5 min read") is not at the very top of the page,
    and may be the article's title rather than a consent dialog's."""
    j = i + step
    while 0 <= j < doc.n:
        r = doc.reason[j]
        if r is not None and r.rule is Rule.CHROME:
            return True
        j += step
    return False


def _plain_sentence(doc: _Doc, i: int, where: "_Where") -> bool:
    """A sentence longer than a button, which the content model does not read as boilerplate,
    whose only notice words are context words ("we have a page with more information about
    how…") or which stands above a banner with kept text above it (an article's last sentence,
    in Chinese or Korean as long as a "short" line, though it speaks of consent) unless dense
    in notice terms: an article's sentence as often as a banner's, so not a banner line."""
    f = doc.features[i]
    h = f.hits
    if f.words <= BUTTON_MAX_WORDS or f.ngram > NGRAM_NOTICE or not _ENDS_STATEMENT.search(doc.raw(i)):
        return False
    return h.specific == 0 or (where.after and not where.before and not where.leading
                               and _density(h, f.words) < SHORT_NOTICE_MIDDLE_DENSITY)


def headline_below_banner(doc: _Doc, i: int, where: "_Where") -> bool:
    """A short line below a banner that ended with its buttons (and no banner below), longer
    than a button, that leads a report (see leads_report) — or leads any long text and reads
    as journalism to the content model (a guide's title above text that addresses the reader)
    — is the article's headline. Below a banner that ended with a notice instead (no buttons
    between), the line may be one of the banner's links: it is a headline when it does not
    address the reader or open with a call to act, the content model does not read it as
    boilerplate with confidence (HEADLINE_MAX_NGRAM), and it leads a report that the content
    model reads as journalism. A line above a byline (or dateline) and its text is a headline
    in any case (banners have no bylines), and so is a line above one that reports (a
    dateline or byline with a reporting word, "本报布鲁塞尔电"), even as short as a button;
    so is one above its text whose only notice words are context words and which the
    content model reads as journalism with confidence."""
    if not where.before or where.after:
        return False
    k = where.next_kept
    if k is not None and doc.features[k].words <= TITLE_MAX_WORDS and doc.reports(k):
        return True  # above a dateline or byline that says so ("本报布鲁塞尔电", "（记者 王磊）")
    if _title_above_intro(doc, i, where) or _above_standfirst(doc, i, where):
        return True
    if _button_like(doc, i):
        return False
    if _above_bylines(doc, i, where):  # _above_standfirst was asked above
        return True
    f = doc.features[i]
    if f.hits.specific == 0 and f.ngram <= -HEADLINE_MAX_NGRAM and _above_text(doc, i, where) is not None:
        return True  # only context words ("data analysis"), read as journalism with confidence
    reports = leads_report(doc, i, where)
    if not (reports or (doc.features[i].ngram <= NGRAM_NOTICE and _above_text(doc, i, where) is not None)):
        return False
    j, button = i - 1, False
    while j >= 0 and doc.reason[j] is None:  # through the kept short lines _banner_at looked through
        button = button or _button_like(doc, j)  # a button the lexicon lacks ("OK")
        j -= 1
    if j >= 0 and (button or _removed_button(doc, j)):
        return True
    if (not reports or doc.address(i) or _starts_with_action(doc, i)
            or doc.features[i].ngram >= HEADLINE_MAX_NGRAM):
        return False  # a link of the banner ("Learn more about our cookies"), not a headline
    k = _above_text(doc, i, where)
    return k is not None and doc.features[k].ngram <= NGRAM_NOTICE


def _title_above_intro(doc: _Doc, i: int, where: "_Where") -> bool:
    """Whether ``i``, a line no label matches, right below a removed consent control, is the
    title of the text that follows: directly above a long paragraph ending as a sentence that
    is no notice on its own evidence (no close corpus match; and no action term and not
    speaking to the reader about cookies and data — see _speaks_to_reader —, or read as
    article text by the content model: a guide's intro explains cookies to the reader). A
    banner's own buttons are labels, and a second paragraph under them is a purpose
    description or a notice; a title shares a word with its text (see _shares_a_word), and
    may name cookies ("Cookies and how to clear them") when the content model does not read
    it as boilerplate with confidence (HEADLINE_MAX_NGRAM: "Manage cookie choices" is a link).
    In a text about consent (``doc.topical``) a guide's title and intro read like a banner's
    to the content model: there a title longer than EDGE_LINE_MAX_WORDS words that does not
    open with a call to act ("Manage cookie choices") may name cookies, and the intro may
    speak to the reader about them unless the content model reads it as boilerplate with
    confidence (a banner's notice below its link)."""
    f, k = doc.features[i], where.next_kept
    if (f.label is not None or f.words > TITLE_MAX_WORDS or k != i + 1 or not _removed_button(doc, i - 1)
            or (f.hits.count("consent") and f.ngram >= HEADLINE_MAX_NGRAM
                and not (doc.topical and f.words > EDGE_LINE_MAX_WORDS and not _starts_with_action(doc, i)))):
        return False
    g = doc.features[k]
    return (g.words > SHORT_WORDS and _ENDS_SENTENCE.search(doc.raw(k)) is not None and g.notice is None
            and (g.ngram <= NGRAM_NOTICE or (doc.topical and g.ngram < HEADLINE_MAX_NGRAM)
                 or (g.hits.count("action") == 0 and not _speaks_to_reader(g, doc.address(k))))
            and _shares_a_word(doc.norm(i), doc.norm(k)))


def _shares_a_word(title: str, text: str) -> bool:
    """Whether a title and the paragraph below it share a word of TITLE_STEM_CHARS letters or
    more (compared on that many first letters: "fingerprinting" / "Fingerprinting changed"),
    or, in scripts written without spaces, two characters in a row ("浏览器指纹" / "指纹识别"):
    a headline names what its text is about; a button ("Continue without data collection")
    shares nothing with the story below it."""
    if substring_script(title):
        t = title.replace(" ", "")
        return any(t[j : j + 2] in text for j in range(len(t) - 1))
    stems = {w[:TITLE_STEM_CHARS] for w in text.split() if len(w) >= TITLE_STEM_CHARS}
    return any(w[:TITLE_STEM_CHARS] in stems for w in title.split() if len(w) >= TITLE_STEM_CHARS)


def above_byline(doc: _Doc, i: int, where: "_Where") -> bool:
    """Whether ``i`` is a headline above a byline or dateline and its text (see _above_text
    and _bylines), or above a standfirst, a byline and text (see _above_standfirst): banners
    have no bylines."""
    return _above_bylines(doc, i, where) or _above_standfirst(doc, i, where)


def _above_bylines(doc: _Doc, i: int, where: "_Where") -> bool:
    """Whether ``i`` is a headline above a byline or dateline and its text."""
    k = _above_text(doc, i, where)
    return k is not None and _bylines(doc, where.next_kept, k)


def _above_standfirst(doc: _Doc, i: int, where: "_Where") -> bool:
    """Whether ``i``, a short line not ending with a full stop, stands above a standfirst (one
    kept paragraph with no close notice match, whatever its words — the summary of a story
    about consent speaks of cookies, and to the reader — ending with a full stop, as a headline
    does not, or longer than a short line), then a byline or dateline (a kept line of at most
    TITLE_MAX_WORDS words without notice vocabulary, reader address or a sentence's end), then
    text (a long kept paragraph among the next HEADLINE_BYLINES kept ones: a Q&A's first
    question may come first). A standfirst may also end without a stop and be as short as a
    short line, but then it could be the headline, below a link ("Already a subscriber? Log
    in"): it must be longer than a title, and ``i`` must share a word with it or with the first
    paragraph of text (see _shares_a_word; words with notice vocabulary do not count), as a
    headline does; so must a line as short as a button (see _button_like) above any standfirst."""
    if doc.features[i].words > SHORT_WORDS or not _headline_shaped(doc, i):
        return False
    standfirst = where.next_kept
    if standfirst is None or doc.features[standfirst].notice is not None:
        return False
    words = doc.features[standfirst].words
    plain = _ENDS_STATEMENT.search(doc.raw(standfirst)) or words > SHORT_WORDS
    if not (plain or words > TITLE_MAX_WORDS):
        return False
    below = _kept_beyond(doc, standfirst, 1)[:1 + HEADLINE_BYLINES]
    if not below:
        return False
    b, text = below[0], below[1:]
    g = doc.features[b]
    if (g.words > TITLE_MAX_WORDS or g.hits.notice or doc.address(b) or doc.is_notice(b)
            or _ENDS_SENTENCE_MARK.search(doc.raw(b))):
        return False
    text = [k for k in text if doc.features[k].words > SHORT_WORDS and doc.features[k].notice is None]
    if not text:
        return False
    if plain and not _button_like(doc, i):
        return True
    own = _own_words(doc, i)
    return any(_shares_a_word(own, doc.norm(k)) for k in (standfirst, text[0]))


def _own_words(doc: _Doc, i: int) -> str:
    """The normalised words of ``i`` that are no notice vocabulary: the words a banner's link
    shares with any story about cookies ("Learn more about cookies") do not count as a title's."""
    return " ".join(w for w in doc.norm(i).split() if not doc.corpus.vocabulary.hits(w).notice)


def _heads(doc: _Doc, j: int, i: int) -> bool:
    """Whether kept short line ``j``, which no label matches, is the title of paragraph ``i``
    below it: they share a word that is no notice vocabulary (see _own_words)."""
    return doc.features[j].label is None and _shares_a_word(_own_words(doc, j), doc.norm(i))


def _bylines(doc: _Doc, start: int, end: int) -> bool:
    """Whether the kept lines from ``start`` up to ``end`` (excluded) are one or more bylines
    or datelines: at most TITLE_MAX_WORDS words each, none ending a sentence."""
    if any(doc.is_notice(j) for j in range(start, end)):
        return False  # the "headline" is a banner's title above its notice
    kept = [j for j in range(start, end) if doc.reason[j] is None]
    return bool(kept) and all(doc.features[j].words <= TITLE_MAX_WORDS and not _ENDS_STATEMENT.search(doc.raw(j))
                              for j in kept)


def _starts_with_action(doc: _Doc, i: int) -> bool:
    """Whether the line opens with a call to act ("Learn more …", "Manage …", "Read our …"),
    as a banner's links do (headlines open with their subject)."""
    head = " ".join(doc.norm(i).split()[:2])
    return doc.corpus.vocabulary.hits(head).count("action") >= 1


def _removed_button(doc: _Doc, j: int) -> bool:
    """Whether ``j`` was removed as a button: a consent control (a row of them too), or a
    short banner line."""
    r = doc.reason[j]
    return r is not None and (r.rule is Rule.CONSENT_CONTROL
                              or (r.rule is Rule.BANNER_RUN and doc.features[j].words <= SANDWICH_MAX_WORDS))


def _headline_shaped(doc: _Doc, i: int) -> bool:
    """Whether ``i`` ends as a headline does: with no full stop, and not with a sentence and
    a link after it on the same line ("We use cookies to improve your visit. Learn more": a
    notice and its link, which the lexicon knows as a label of at most TRAILING_LINK_MAX_WORDS
    words; a headline with a stop inside, "Cookies. Who needs them", has no label after it)."""
    raw = doc.raw(i)
    if _ENDS_STATEMENT.search(raw):
        return False
    breaks = list(_SENTENCE_BREAK.finditer(raw))
    if not breaks:
        return True
    tail = raw[breaks[-1].end():].strip()
    return (len(tail.split()) > TRAILING_LINK_MAX_WORDS
            or doc.corpus.labels.lookup(normalize(tail), tail, fuzzy=False) is None)


def _above_text(doc: _Doc, i: int, where: "_Where") -> int | None:
    """The first long kept paragraph below ``i`` when ``i`` is a short line, not ending with a
    full stop, above it (a headline above its text), through at most HEADLINE_BYLINES short
    kept lines without notice vocabulary or reader address (a byline, a dateline, a one-line
    standfirst), and that paragraph has no close notice match."""
    j = where.next_kept
    if doc.features[i].words > SHORT_WORDS or j is None or not _headline_shaped(doc, i):
        return None
    for _ in range(HEADLINE_BYLINES):
        g = doc.features[j]
        if g.words > SHORT_WORDS or g.hits.notice or doc.address(j):
            break
        k = j + 1
        while k < doc.n and doc.reason[k] is not None:
            k += 1
        if k == doc.n:
            return None
        j = k
    f = doc.features[j]
    return j if f.words > SHORT_WORDS and f.notice is None else None


def _heads_text(doc: _Doc, i: int, where: "_Where") -> bool:
    """Whether ``i`` stands above its text as a headline does (see _above_text), with no
    removed notice between them (a dialog's title above its notice heads no text)."""
    k = _above_text(doc, i, where)
    return k is not None and not any(doc.is_notice(j) for j in range(i + 1, k))


def leads_report(doc: _Doc, i: int, where: "_Where") -> bool:
    """Whether ``i`` is a headline above a paragraph that reports: see _above_text; the
    paragraph does not address the reader."""
    j = _above_text(doc, i, where)
    return j is not None and doc.address(j) == 0


def _names_the_site(doc: _Doc, i: int) -> bool:
    """Whether a title line shares a name with the banner notice right after it ("Welcome to
    the Rheinische Abendpost" above a notice that names the Rheinische Abendpost)."""
    if doc.raw(i).rstrip().endswith((".", "?", "!")) or i + 1 >= doc.n or not doc.anchors(i + 1):
        return False
    j = i + 1  # the first notice of the banner that starts right below the title
    while j < doc.n and j <= i + TITLE_NOTICE_WITHIN and not doc.is_notice(j):
        j = j + 1 if doc.reason[j] is not None else doc.n
    if j >= doc.n or not doc.is_notice(j):
        return False
    title = {w for w in _names(doc, i) if len(w) >= TITLE_NAME_MIN and w[:1].isalpha()}
    caps = _capitalised(doc.raw(j), TITLE_NAME_MIN)
    domains = {d.casefold() for d in _DOMAIN.findall(doc.raw(i))}
    return bool(title & caps) or any(d in doc.raw(j).casefold() for d in domains)


def _in_button_run(doc: _Doc, i: int) -> bool:
    """Whether ``i`` is one of a few kept button-like lines ("Reject", "More information")
    that directly follow or precede a removed button, at least one of them with notice
    vocabulary: the rest of a button row the lexicon only partly knows."""

    def button_like(j: int) -> bool:
        return doc.reason[j] is None and doc.features[j].words <= EDGE_LINE_MAX_WORDS and _button_like(doc, j)

    if not button_like(i):
        return False
    lo = hi = i
    while lo > 0 and hi - lo < BUTTON_RUN_MAX and button_like(lo - 1):
        lo -= 1
    while hi + 1 < doc.n and hi - lo < BUTTON_RUN_MAX and button_like(hi + 1):
        hi += 1
    if not ((lo > 0 and _removed_button(doc, lo - 1)) or (hi + 1 < doc.n and _removed_button(doc, hi + 1))):
        return False
    return any(doc.features[j].hits.notice >= 1 for j in range(lo, hi + 1))


def _button_like(doc: _Doc, j: int) -> bool:
    """A line that reads like a button or link: at most BUTTON_MAX_WORDS words, no digit, not
    ending like a sentence, a question or a lead-in (":")."""
    return (doc.features[j].words <= BUTTON_MAX_WORDS and not _DIGIT.search(doc.raw(j))
            and not doc.raw(j).rstrip().endswith((".", "?", "!", ":", "。", "？", "！")))


def _through_buttons(doc: _Doc, i: int, step: int) -> tuple[int | None, bool]:
    """Walk from ``i`` in one direction through removed short lines and at most
    BLOCK_GAP_LINES kept button-like ones (removed lines are not counted: a second analysis
    of the output does not see them); return the long paragraph reached (None if something
    else stops the walk) and whether a removed consent control was passed."""
    j, gap, control = i + step, 0, False
    while 0 <= j < doc.n and doc.features[j].words <= SHORT_WORDS:
        r = doc.reason[j]
        if r is None and (gap == BLOCK_GAP_LINES or not _button_like(doc, j)):
            return None, control
        control = control or (r is not None and r.rule is Rule.CONSENT_CONTROL)
        j, gap = j + step, gap + (r is None)
    if 0 <= j < doc.n and doc.features[j].words > SHORT_WORDS:
        return j, control
    return None, control


def _block_neighbours(doc: _Doc, i: int) -> list[int]:
    """The nearest long paragraph on each side of ``i`` that is a removed notice, looking
    through button-like and removed short lines (each language's buttons stand between the
    notices of a multilingual block)."""
    found = []
    for step in (-1, 1):
        j, _ = _through_buttons(doc, i, step)
        if j is not None and doc.is_notice(j):
            found.append(j)
    return found


def _notice_button(doc: _Doc, i: int) -> bool:
    """Whether button-like line ``i`` belongs to the buttons under a removed notice: between
    two removed notices, above a removed consent control, or below one with notice words."""
    if not _button_like(doc, i):
        return False
    above, control_above = _through_buttons(doc, i, -1)
    if above is None or not doc.is_notice(above) or doc.features[above].words <= SHORT_WORDS:
        return False
    below, control_below = _through_buttons(doc, i, 1)
    # Below the whole row, a line needs notice words of its own: it may be a headline.
    return ((below is not None and doc.is_notice(below)) or control_below
            or (control_above and doc.features[i].hits.notice >= 1))


def _translates(doc: _Doc, i: int, j: int) -> bool:
    """Whether ``j`` may be ``i`` in another language: a shared name or long word, or the
    same punctuation and digits in the same order."""
    return bool(_names(doc, i) & _names(doc, j)) or _same_shape(doc, i, j)


def _same_shape(doc: _Doc, i: int, j: int) -> bool:
    """Whether two paragraphs have their punctuation and digits in nearly the same order, as
    translations of one notice do (BLOCK_SHAPE_SIMILARITY)."""
    return similarity(_shape(doc.raw(i)), _shape(doc.raw(j))) >= BLOCK_SHAPE_SIMILARITY


#: Punctuation of other scripts as its Latin counterpart, so that a shape compares across them.
_LATIN_PUNCTUATION = str.maketrans("，、。；：！？（）،؛؟।։።", ",,.;:!?(),;?...")


def _shape(raw: str) -> str:
    """A paragraph's punctuation and digits in order."""
    return _NOT_SHAPE.sub("", raw.translate(_LATIN_PUNCTUATION))


def _capitalised(raw: str, min_len: int) -> set[str]:
    """Capitalised words, normalised and transliterated ("Призрен Пост" is "prizren post")."""
    return {normalize(w).translate(_TRANSLIT) for w in _WORD.findall(raw)
            if w[:1].isupper() and len(w) >= min_len}


def _names(doc: _Doc, i: int) -> set[str]:
    """Words shared by translations of one notice: capitalised names and long tokens, not
    the vocabulary's words (an article about cookies shares "cookies" with any banner)."""
    found = doc._names.get(i)
    if found is None:
        words = _capitalised(doc.raw(i), 2) | {w for w in doc.norm(i).split() if len(w) >= BLOCK_LONG_WORD}
        found = doc._names[i] = {w for w in words if not doc.corpus.vocabulary.starts_term(w)}
    return found


def _block(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """The same notice as a neighbouring banner, in another language."""
    f = doc.features[i]
    if f.words < BLOCK_MIN_WORDS:
        return None
    run = _language_run(doc, i)
    if run is not None:
        return run
    if f.words <= SHORT_WORDS:
        return None
    for j in _block_neighbours(doc, i):
        g = doc.features[j]
        a, b = f.size, g.size
        if not (b / BLOCK_LENGTH_FACTOR <= a <= b * BLOCK_LENGTH_FACTOR):
            continue
        shared = _names(doc, i) & _names(doc, j)
        if len(shared) < BLOCK_SHARED_WORDS and not (
                shared and (f.hits.count("consent") >= 1 or _same_shape(doc, i, j))):
            continue
        li, lj = langid.detect(doc.norm(i)), langid.detect(doc.norm(j))
        if not (li.known and lj.known) or _codes(doc, i) & _codes(doc, j):
            continue
        detail = (f"same notice as paragraph {j + 1} in another language "
                  f"({lj.code}→{li.code}; shared: {', '.join(sorted(shared)[:5])})")
        return Evidence(Rule.MULTILINGUAL_BLOCK, 100.0 * len(shared) / max(len(_names(doc, i)), 1),
                        detail, None, None, li.code, li.confidence)
    return None


def _language_run(doc: _Doc, i: int) -> Evidence | None:
    """The same notice in several languages in a row (a block of translations): at least
    BLOCK_RUN_MIN paragraphs around ``i`` (kept, or removed as banner lines; button-like lines
    between them allowed), of comparable extent (BLOCK_LENGTH_FACTOR, see _extent), each in
    a language of its own, with a banner's evidence (see _banner_evidence).

    Inside the run a member needs no notice vocabulary (a block's languages may be ones the
    vocabulary lacks) but must not be reported speech (journalism: a block stops at it); the
    run's first and last members need more (see _bounded), as article text may border a
    block."""
    f = doc.features[i]
    if f.words < BLOCK_MIN_WORDS or not (f.hits.notice >= 1 or any(
            doc.is_notice(j) or doc.features[j].hits.notice >= 1 for j in _run_steps(doc, i))):
        return None  # the cheap test first: no notice vocabulary here or next to it
    if not doc.block_evidence and not doc.notices:
        return None  # no paragraph of the text could give a run a banner's evidence
    if _reported(doc, i):
        return None
    extents = [_extent(doc, i)] * 2  # the run's shortest and longest member

    def member(j: int) -> bool:
        if doc.reason[j] is not None and not doc.is_banner(j) or doc.features[j].words < BLOCK_MIN_WORDS:
            return False
        if doc.reason[j] is None and _reported(doc, j):
            return False  # reported speech is journalism: a block stops at it
        e = _extent(doc, j)
        if max(extents[1], e) > min(extents[0], e) * BLOCK_LENGTH_FACTOR:
            return False
        extents[:] = [min(extents[0], e), max(extents[1], e)]
        return True

    run = [i]
    for step in (-1, 1):
        j = i
        while len(run) < BLOCK_RUN_MAX and (k := _run_step(doc, j, step)) is not None and member(k):
            run.append(k)
            j = k
    if len(run) < BLOCK_RUN_MIN or not _banner_evidence(doc, run):
        return None  # the cheap test: no banner's evidence in reach, no language detection
    run = _bounded(doc, sorted(run))
    if len(run) < BLOCK_RUN_MIN or i not in run or not _banner_evidence(doc, run):
        return None
    # Languages from ``i`` outwards; the run ends before the first unknown language or the
    # first language it already has (the article's, below a block in its language too).
    k = run.index(i)
    langs = {k: langid.detect(doc.norm(i))}
    if not langs[k].known:
        return None
    seen = set(_codes(doc, i))
    lo, hi = k, k
    for step in (-1, 1):
        m = k + step
        while 0 <= m < len(run):
            codes = _codes(doc, run[m])
            if not codes or codes & seen:
                break
            langs[m] = langid.detect(doc.norm(run[m]))
            seen |= codes
            m += step
        lo, hi = (m + 1, hi) if step < 0 else (lo, m - 1)
    cut = _bounded(doc, run[lo : hi + 1], run)
    if len(cut) < BLOCK_RUN_MIN or i not in cut or not _banner_evidence(doc, cut):
        return None
    codes = sorted(langs[run.index(j)].code for j in cut)
    me = langs[k]
    return Evidence(Rule.MULTILINGUAL_BLOCK, 100.0 * len(codes) / len(cut),
                    f"one of {len(cut)} paragraphs in a row, each in a language of its own "
                    f"({', '.join(codes)}), with a banner's evidence", None, None, me.code, me.confidence)


def _bounded(doc: _Doc, run: list[int], grown: list[int] | None = None) -> list[int]:
    """``run`` (sorted) without the members at its ends that may be article text bordering a
    block: an end member stays if it was removed as a notice or has a banner line beyond it.
    With the edge of the text beyond it (perhaps past chrome: an article begins and ends there
    too) it needs some sign of a banner (below). Otherwise, chrome beyond or not, it needs
    notice vocabulary, must not report, needs some sign of a banner (akin to a known notice,
    read as boilerplate by the content model, or a consent or action term: context words
    alone are common in articles), must read as the translation of the member next to
    it (see _translates and _parallel) and be in another language than the kept text beyond
    it (the article paragraph next to a block is in the article's language; consent terms
    are not enough: it may speak of cookies). ``grown`` is the run before a language cut: its
    members beyond an end count as kept text."""
    grown = grown or run

    def sign(g: _Features) -> bool:  # the content model is read last (its logit costs most)
        return g.similarity > 0 or g.hits.specific > 0 or g.ngram > NGRAM_NOTICE

    def holds(m: int, step: int) -> bool:
        j = run[m]
        g = doc.features[j]
        if doc.is_notice(j):
            return True
        beyond = _run_step(doc, j, step)
        if beyond is not None and beyond not in grown and doc.is_banner(beyond):
            return True
        text = _kept_beyond(doc, j, step)
        if not text:
            return sign(g)  # the edge of the text (perhaps past chrome): an article begins and ends there too
        inner = m - step
        if g.hits.notice == 0 or _reported(doc, j) or not 0 <= inner < len(run):
            return False
        if not sign(g):
            return False  # context words alone: the article text next to a banner may have them
        if not (_translates(doc, j, run[inner]) or _parallel(doc, j, run[inner])):
            return False
        return not _same_language(doc, j, text)

    lo, hi = 0, len(run) - 1
    while lo <= hi and not holds(lo, -1):
        lo += 1
    while hi >= lo and not holds(hi, 1):
        hi -= 1
    return run[lo : hi + 1]


def _kept_beyond(doc: _Doc, j: int, step: int) -> list[int]:
    """The first BLOCK_TEXT_LOOKS kept paragraphs beyond ``j`` in one direction."""
    found, k = [], j + step
    while 0 <= k < doc.n and len(found) < BLOCK_TEXT_LOOKS:
        if doc.reason[k] is None:
            found.append(k)
        k += step
    return found


def _same_language(doc: _Doc, j: int, text: list[int]) -> bool:
    """Whether ``j`` is in the language of ``text`` (kept paragraphs, nearest first): the
    language of the first of them langdetect knows, or, when both are written in good part in
    one script other than Latin, that script (langdetect reads a Korean paragraph full of
    English names as English; a Russian article below a Bulgarian notice is taken for the
    same language: a block's member is given up rather than the article's paragraph)."""
    mine = _scripts(doc.raw(j)) - {"LATIN"}
    if any(mine & _scripts(doc.raw(k)) for k in text):
        return True
    theirs = next((codes for k in text if (codes := _codes(doc, k))), None)
    return theirs is not None and bool(theirs & _codes(doc, j))


def _codes(doc: _Doc, j: int) -> frozenset[str]:
    """The languages paragraph ``j`` may be in, for a block of translations: langdetect's
    answer (none when it has none), and the one language its vocabulary names when that is a
    language langdetect cannot answer (see langid.detectable), with LANGUAGE_TERMS distinct
    notice terms (one may be a loanword such as "cookie…" that only that language's list
    has). langdetect lacks Icelandic, Galician, Serbian, Basque and more, and reads each
    paragraph of them as a neighbour's language, a different one each time: three Icelandic
    paragraphs of one article, read as Norwegian, Swedish and Hungarian, were a block of
    translations. Two paragraphs are in one language when they share a code: the
    vocabulary's language can only join paragraphs, never part them."""
    lang = langid.detect(doc.norm(j))
    codes = {lang.code} if lang.known else set()
    h = doc.hits(j)
    if (codes and len(h.langs) == 1 and not langid.detectable(h.langs[0])
            and sum(h.n_distinct(family) for family in NOTICE_FAMILIES) >= LANGUAGE_TERMS):
        codes.add(h.langs[0])
    return frozenset(codes)


def _scripts(raw: str) -> set[str]:
    """The scripts at least SCRIPT_SHARE of the letters of the text's first SCRIPT_SAMPLE
    characters are written in (the first word of their Unicode names: "LATIN", "CYRILLIC",
    "HANGUL", "CJK" …)."""
    sample = raw[:SCRIPT_SAMPLE]
    if sample.isascii():  # the same answer, faster: every ASCII letter is Latin
        return {"LATIN"} if any(ch.isalpha() for ch in sample) else set()
    counts: dict[str, int] = {}
    for ch in sample:
        if ch.isalpha():
            name = unicodedata.name(ch, "").split(" ", 1)[0]
            counts[name] = counts.get(name, 0) + 1
    total = sum(counts.values())
    return {name for name, n in counts.items() if n >= SCRIPT_SHARE * total}


def _parallel(doc: _Doc, i: int, j: int) -> bool:
    """Whether ``j`` may be ``i`` in another language by its build: as many sentence breaks,
    the same digits, and an extent within PARALLEL_LENGTH_FACTOR (see _extent)."""
    a, b = _extent(doc, i), _extent(doc, j)
    if max(a, b) > min(a, b) * PARALLEL_LENGTH_FACTOR:
        return False
    ri, rj = doc.raw(i), doc.raw(j)
    return (len(_SENTENCE_BREAK.findall(ri)) == len(_SENTENCE_BREAK.findall(rj))
            and _DIGITS.findall(ri) == _DIGITS.findall(rj))


def _banner_evidence(doc: _Doc, run: list[int]) -> bool:
    """Whether a block of translations shows a banner: a member removed as a notice, a
    member akin to a known notice (a similarity of at least SIMILARITY_FLOOR), or consent
    terms in most members (each speaking to the reader or read as boilerplate by the content
    model: reports on cookies in several languages are no block)."""
    if any(doc.is_notice(j) or doc.features[j].similarity > 0 for j in run):
        return True
    # The cheap half first: only members with consent terms can count (a logit is computed
    # only if they are enough).
    consent = [j for j in run if doc.features[j].hits.count("consent") >= 1]
    if 2 * len(consent) <= len(run):
        return False
    return 2 * sum(1 for j in consent if doc.address(j) >= 1 or doc.features[j].ngram > NGRAM_NOTICE) > len(run)


def _run_step(doc: _Doc, j: int, step: int) -> int | None:
    """The next paragraph of a block of translations after ``j`` in one direction: the next
    long paragraph through button-like lines, or else the adjacent paragraph, looking through
    removed chrome lines (as a second analysis of the output would: None at the edge of the
    text)."""
    k, _ = _through_buttons(doc, j, step) if doc.features[j].words > SHORT_WORDS else (None, False)
    if k is None:
        k = j + step
        while 0 <= k < doc.n and _chrome(doc, k):
            k += step
        if not 0 <= k < doc.n:
            return None
    return k


def _chrome(doc: _Doc, k: int) -> bool:
    """Removed, but not as a banner line (page chrome, a footer line, a repeated line)."""
    return doc.reason[k] is not None and not doc.is_banner(k)


def _run_steps(doc: _Doc, i: int) -> list[int]:
    return [k for k in (_run_step(doc, i, -1), _run_step(doc, i, 1)) if k is not None]


#: Latin characters a character of these scripts stands for in a translation's length:
#: a CJK ideograph about 4 (so 3 more), a kana or hangul syllable about 2 (1 more).
_DENSE_SCRIPTS = ((r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", 3), (r"[\u3040-\u30ff\uac00-\ud7af]", 1))


def _extent(doc: _Doc, i: int) -> int:
    """A paragraph's length comparable across scripts: normalised characters, those of dense
    scripts weighted (see _DENSE_SCRIPTS)."""
    found = doc._extents.get(i)
    if found is None:
        raw = doc.raw(i)
        found = doc.features[i].size
        if not raw.isascii():
            found += sum(w * len(char_class(rx).findall(raw)) for rx, w in _DENSE_SCRIPTS)
        doc._extents[i] = found
    return found


def _repeated(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """A paragraph that recurs across the batch (batch mode only), with notice vocabulary,
    or a short line at the edge of the text in many documents that reads as boilerplate.

    Repeated paragraphs without notice vocabulary are journalism as often as not: syndicated
    wire copy, bylines, section headings. So a long one is never removed for repeating, and
    a short one only when it stands at the edge, is in REPEAT_SHORT_SHARE of the documents
    and the content model reads it as boilerplate or it addresses the reader (a newsletter
    prompt; bylines and headings do not). Every test here grows with the count:
    cleaning a batch's output again (where counts can only fall) removes nothing more.
    """
    if doc.repetition is None:
        return None
    f = doc.features[i]
    h = f.hits
    vocab = h.evidence
    if not vocab and f.words > SHORT_WORDS:
        return None  # the cheap test first: no count is looked up (hashed) for article text
    n = doc.repeats(i)
    if n < doc.repetition.min_repeat:
        return None
    if not vocab:
        frequent = n >= max(doc.repetition.min_repeat, REPEAT_SHORT_SHARE * doc.repetition.docs)
        if (f.words > SHORT_WORDS or not frequent or not (where.edge or where.beside)
                or (f.ngram <= NGRAM_NOTICE and doc.address(i) == 0)):
            return None
    detail = (f"in {n} of {doc.repetition.docs} documents"
              f"{', with notice vocabulary' if vocab else ', a line at the edge of the text'}")
    return Evidence(Rule.REPEATED, float(n), detail, None, None, h.language)


@dataclass(frozen=True, slots=True)
class _Where:
    """A paragraph's context among the paragraphs still kept."""

    before: bool  # a removed banner paragraph comes before it (see _Doc._banner_at)
    after: bool  # ... or after it
    extreme: bool  # first or last kept paragraph
    edge: bool  # within EDGE_PARAGRAPHS (long) paragraphs of either end
    topical: bool  # the kept text discusses consent (see _topical)
    first: bool = False  # the first kept paragraph
    last: bool = False  # the last kept paragraph
    outside: bool = False  # a short line with no long paragraph before it, or none after it
    article_between: bool = False  # long paragraphs are kept (the text has an article)
    leading: bool = False  # only titles (at most TITLE_MAX_WORDS words) are kept above it
    below_text: bool = False  # a long paragraph is kept above it and none below it
    prev_kept: int | None = None  # the nearest kept paragraph before it
    next_kept: int | None = None  # ... and after it

    @property
    def beside(self) -> bool:
        return self.before or self.after

    @property
    def sandwiched(self) -> bool:
        return self.before and self.after


#: The context of a paragraph judged on its own (see _notice_alone).
_ALONE = _Where(before=False, after=False, extreme=True, edge=True, topical=False, first=True)


def _topical(doc: _Doc, kept: list[int]) -> bool:
    """Whether the kept text discusses consent rather than asking for it.

    Long paragraphs with consent terms are grouped into clusters (runs not broken by short
    lines). A banner is one cluster at the top or bottom; journalism about consent spreads
    such paragraphs through the text. The text is topical when at least TOPICAL_PARAGRAPHS of
    them lie in clusters away from the edges, or TOPICAL_THIRD_PERSON lie in clusters where
    no paragraph addresses the reader (third-person reporting, wherever it stands), each
    count also at least TOPICAL_MIN_SHARE of the long paragraphs (a long report that names
    tracking twice in passing is not about consent).
    """
    long_kept = [i for i in kept if doc.features[i].words > SHORT_WORDS]
    clusters: list[list[int]] = []
    current: list[int] = []
    for r, i in enumerate(long_kept):
        if doc.features[i].hits.count("consent") >= 1:
            current.append(r)
        elif current:
            clusters.append(current)
            current = []
    if current:
        clusters.append(current)
    nl = len(long_kept)
    if sum(map(len, clusters)) >= TOPICAL_SATURATED and sum(map(len, clusters)) >= TOPICAL_SHARE * nl:
        return True  # consent is what most of the text is about
    away = third = 0
    for c in clusters:
        at_edge = c[0] < EDGE_CLUSTER_SPAN or c[-1] >= nl - EDGE_CLUSTER_SPAN
        if not at_edge:
            away += len(c)
        if not any(doc.address(long_kept[r]) >= 1 for r in c):
            third += len(c)
    least = TOPICAL_MIN_SHARE * nl  # a long text that names tracking twice is not about it
    return away >= max(TOPICAL_PARAGRAPHS, least) or third >= max(TOPICAL_THIRD_PERSON, least)


def contexts(doc: _Doc) -> Iterator[tuple[int, "_Where"]]:
    """Each paragraph still kept, with its context among the kept ones (computed from the
    kept set as it is when the iteration starts; a paragraph removed meanwhile is skipped)."""
    kept = [i for i, r in enumerate(doc.reason) if r is None]
    topical = _topical(doc, kept)
    n = len(kept)
    # Edges are counted in long paragraphs: a headline, dateline or byline above a
    # banner does not push it away from the top.
    long_kept = [i for i in kept if doc.features[i].words > SHORT_WORDS]
    nl = len(long_kept)
    # The first kept paragraph longer than a title: those above it lead the text.
    wordy = next((k for k, i in enumerate(kept) if doc.features[i].words > TITLE_MAX_WORDS), n)
    seen_long = 0  # long kept paragraphs before the current one (its rank, if long)
    for k, i in enumerate(kept):
        r = seen_long if doc.features[i].words > SHORT_WORDS else None
        seen_long += r is not None
        if doc.reason[i] is not None:
            continue
        sides = doc.banner_sides(i)
        extreme = k == 0 or k == n - 1 or r == 0 or r == nl - 1
        edge = r is not None and (r < EDGE_PARAGRAPHS or r >= nl - EDGE_PARAGRAPHS)
        outside = r is None and (not long_kept or i < long_kept[0] or i > long_kept[-1])
        yield i, _Where(*sides, extreme, edge or k < EDGE_PARAGRAPHS or k >= n - EDGE_PARAGRAPHS,
                        topical, k == 0, k == n - 1, outside, bool(long_kept), k <= wordy,
                        nl > 0 and (i > long_kept[-1] or (i == long_kept[-1] and nl > 1)),
                        kept[k - 1] if k else None, kept[k + 1] if k + 1 < n else None)


def _copyright_line(doc: _Doc, i: int) -> bool:
    """A copyright line: a reserved-rights phrase ("All rights reserved", "版权所有"), a
    company's registration with its number ("Company no. 04829131", "Amtsgericht Hamburg HRB
    12345", "京ICP备12345678号"; see _legal_phrase), or the copyright sign (or the word
    "copyright" or "(c)" followed by a year) with a year, in any digits. A line longer than
    FOOTER_LINE_MAX_WORDS must open with it (within FOOTER_SIGN_WITHIN characters)."""
    f = doc.features[i]
    if f.words > FOOTER_MAX_WORDS or f.hits.count("credit"):
        return False  # "Photo: © 2024 Name" credits a picture of the article
    raw = doc.raw(i)
    head = raw if f.words <= FOOTER_LINE_MAX_WORDS else raw.lstrip()[:FOOTER_SIGN_WITHIN]
    if _legal_phrase(f.hits, raw) and (head is raw or _legal_phrase(doc.corpus.vocabulary.hits(normalize(head)), head)):
        return True
    return _COPYRIGHT_SIGN.search(head) is not None and _YEAR.search(_ascii_digits(raw)) is not None


def _legal_phrase(h: Hits, raw: str) -> bool:
    """Whether hits ``h`` of text ``raw`` hold a reserved-rights phrase, or a company
    registration term (``registry`` vocabulary: "registered in England and Wales", "HRB",
    "Partita IVA", "ICP备") with a registration number of at least five digits in a row, as a
    footer prints it (a story's line has a year or a count: "registered in England in 1998")."""
    return h.count("rights") >= 1 or (h.count("registry") >= 1
                                      and _REGISTRATION_NUMBER.search(_ascii_digits(raw)) is not None)


def _ascii_digits(raw: str) -> str:
    """The text with every decimal digit written as an ASCII one ("© ۲۰۲۴" and "© ২০২৪" are
    "© 2024")."""
    return raw if raw.isascii() else _DIGITS.sub(lambda m: "".join(str(unicodedata.decimal(c)) for c in m[0]), raw)


def _footer_like(doc: _Doc, i: int) -> bool:
    """A line that may belong to a footer: at most FOOTER_LINE_MAX_WORDS words, not ending a
    sentence, no long quotation, no photo credit (a caption ends the article, not the page),
    no sign-off of a letter (see _GREETING)."""
    return (doc.features[i].words <= FOOTER_LINE_MAX_WORDS and not _ENDS_SENTENCE_MARK.search(doc.raw(i))
            and not doc.quoted(i) and doc.features[i].hits.count("credit") == 0
            and not _GREETING.search(doc.raw(i)) and not (i and _GREETING.search(doc.raw(i - 1))))


def _footer(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """The page footer below the article: a copyright line, and the short contact, company,
    licence and link lines between the article and it when the footer also holds a removed
    label line. A photo credit ("Photo: © AFP") has no year and is kept; a reporting sentence
    ends with a full stop and is kept."""
    f = doc.features[i]
    if doc.options.keep_chrome or where.topical and f.words > SHORT_WORDS:
        return None
    if f.words > FOOTER_MAX_WORDS or not where.below_text:
        return None
    copyright = _copyright_line(doc, i)
    if not copyright and not _footer_like(doc, i) or doc.quoted(i):
        return None
    if copyright:
        doc.footer.add(i)
        return Evidence(Rule.CHROME, 100.0, "copyright line below the article (page footer)")
    # A contiguous run down to a removed copyright line: removed lines and footer-like lines
    # (at most FOOTER_RUN_MAX, so that a long list below a text costs linear time).
    j, label = i + 1, False
    while j < doc.n and not (j in doc.footer and doc.reason[j] is not None and _copyright_line(doc, j)):
        if (doc.reason[j] is None and not _footer_like(doc, j)) or j - i > FOOTER_RUN_MAX:
            return None
        label = label or _label_removed(doc, j)
        j += 1
    if j == doc.n:
        return None
    k = i - 1
    while k >= 0 and i - k <= FOOTER_RUN_MAX and not label and (doc.reason[k] is not None or _footer_like(doc, k)):
        label = _label_removed(doc, k)
        k -= 1
    if not label:
        return None
    doc.footer.add(i)
    return Evidence(Rule.CHROME, 100.0, "short line of the page footer, above its copyright line")


def _label_removed(doc: _Doc, j: int) -> bool:
    """Whether ``j`` was removed as a label line ("Contact us", "Privacy policy"), not as a
    line of the footer itself."""
    r = doc.reason[j]
    return r is not None and r.rule in (Rule.CHROME, Rule.CONSENT_CONTROL) and j not in doc.footer


def _signup_box(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """A newsletter or sign-up box around removed chrome ("Enter your email", "Sign up"),
    anywhere in the text: a paragraph of at most SIGNUP_MAX_WORDS words with sign-up
    vocabulary that addresses the reader or asks to act. Reported speech is kept."""
    f = doc.features[i]
    h = f.hits
    if doc.options.keep_chrome or h.count("signup") == 0 or f.words > SIGNUP_MAX_WORDS:
        return None
    if doc.address(i) == 0 and h.count("action") == 0 or doc.quoted(i):
        return None
    for j in (i - 1, i + 1):
        if 0 <= j < doc.n:
            r = doc.reason[j]
            if r is not None and r.rule is Rule.CHROME and j not in doc.footer:
                return Evidence(Rule.CHROME, 100.0 * h.count("signup") / max(f.words, 1),
                                "newsletter or sign-up prompt beside removed sign-up chrome", None, None,
                                h.language)
    return None


def _link_row(doc: _Doc, i: int, where: "_Where") -> Evidence | None:
    """A row of the page's links above or below the text ("Home | News | Sport | Business",
    "Help · Feedback · Subscriptions · Archives"), when too few of its parts are labels to
    match as a row of them: at least LINK_ROW_MIN_PARTS parts between "|", "·", "•" or "/", each of
    one to four words without a digit or a sentence's end, one of them a label ("Home",
    "Archives", "Terms of Service"; a byline "By Ann Lee | Reuters | Berlin | Updated" has
    none), a short line outside the text (where.outside), no reporting word and no photo
    credit (a caption)."""
    f = doc.features[i]
    if doc.options.keep_chrome or not where.outside or f.words > LABEL_LINE_MAX_WORDS or f.hits.count("credit"):
        return None
    parts = _ROW_SEPARATOR.split(doc.raw(i).strip())
    if len(parts) < LINK_ROW_MIN_PARTS or not all(0 < len(p.split()) <= 4 and not _DIGIT.search(p)
                                                  and not _ENDS_SENTENCE_MARK.search(p) for p in parts):
        return None
    if doc.reports(i) or not any(doc.corpus.labels.lookup(normalize(p), fuzzy=False) for p in parts):
        return None
    return Evidence(Rule.CHROME, 100.0, "row of links above or below the text (navigation, footer)")


def decide_in_context(doc: _Doc) -> bool:
    """Apply the context rules until nothing changes, so that a second pass removes nothing.
    Returns whether anything was removed. The first call decides whether the text is about
    consent (``doc.topical``, read by _grown and _title_above_intro: before any banner grows,
    as the text itself reads; a banner's long notices still kept then count too), and every
    call records the removals that only stood beside a banner (``doc.grown``, see _grown)."""
    changed, any_change = True, False
    if doc.topical is None:
        doc.topical = _topical(doc, [i for i, r in enumerate(doc.reason) if r is None])
    while changed:
        changed = False
        for i, where in contexts(doc):
            ev = (_vocabulary(doc, i, where) or _run(doc, i, where) or _block(doc, i, where)
                  or _repeated(doc, i, where) or _footer(doc, i, where) or _signup_box(doc, i, where)
                  or _link_row(doc, i, where))
            if ev is not None:
                doc.decide_in_place(i, ev, where)
                changed = any_change = True
    return any_change


def _grown(doc: _Doc, i: int, where: "_Where", ev: Evidence) -> bool:
    """Whether ``i``, in a text about consent (``doc.topical``), goes only for standing beside
    a banner: a banner line, notice or scored line that would not be one at the top edge of a
    text that is not about consent, with no banner beside it (a guide's title, heading or
    sentence about cookies beside the buttons). Such a line extends the banner to button-like
    lines only (see _Doc._banner_at): the text's own lines speak of cookies too."""
    return bool(doc.topical) and where.beside and ev.rule in GROWN_RULES and not _notice_alone(doc, i)


def _notice_alone(doc: _Doc, i: int) -> bool:
    """Whether _vocabulary finds ``i`` a notice on its own: at the top edge of a text that is
    not about consent, with no banner and no kept paragraph beside it. Leaves no trace (the
    rule records weak short notices and placeholders)."""
    weak, placeholder = i in doc.weak, i in doc.placeholders
    found = _vocabulary(doc, i, _ALONE) is not None
    if not weak:
        doc.weak.discard(i)
    if not placeholder:
        doc.placeholders.discard(i)
    return found


def _edge(n: int) -> int:
    """How many paragraphs at each end of a text of ``n`` are at its top or bottom (see
    :func:`boilerstrip.result.position`)."""
    return max(EDGE_PARAGRAPHS, n // 5)


def _with_language(doc: _Doc, i: int, ev: Evidence) -> Evidence:
    if ev.lang_confidence is not None or not doc.options.detect_languages:
        return ev
    lang = langid.detect(doc.norm(i))
    if not lang.known:
        return ev
    return Evidence(ev.rule, ev.score, ev.detail, ev.entry_id, ev.family, lang.code, lang.confidence)
