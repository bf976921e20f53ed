"""Consent vocabulary: counts the corpus's ``term`` records in a paragraph.

Terms are words or short phrases; a trailing ``*`` on a word makes it a prefix (for inflected
languages). Terms in Han, kana or Hangul match as substrings. Counting is by dictionary
look-ups over the paragraph's words, so it costs about as much as splitting the text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import Any, Callable, Iterable, Mapping

import ahocorasick

from .corpus import Entry, Kind
from .packed import PackedMap
from .text import normalize, substring_script

#: When one text is a term of several families, the more specific family wins. The footer
#: and sign-up families come last: they are never notice vocabulary (see Hits.notice).
FAMILY_PRIORITY = ("consent", "action", "context", "address", "site", "rights", "registry", "signup", "credit",
                   "report")
#: Photo-credit words ("Photo:", "Foto:", "写真"): they keep a caption out of a page footer.
CREDIT = "credit"
#: The site naming itself ("this website", "этот сайт"): at a paragraph's start it speaks for
#: the site as "we" does (see boilerstrip.rules._Doc.address); elsewhere it is a story's words.
SITE = "site"
#: The families that speak for someone (reader address, the site naming itself) rather than
#: of consent: never notice vocabulary, never a paragraph's language when it has other words.
SPEAKER_FAMILIES = frozenset({"address", SITE})
#: Reporting verbs ("said", "sagte", "заявил"): journalism attributes what it reports.
REPORT = "report"
#: What the notice screen never needs to see (see _needles).
_UNSCREENED = SPEAKER_FAMILIES | {REPORT}
#: Families that mark journalism (a caption, reported speech): a word of one that is another
#: family's term in some language stays that term alone (see Vocabulary).
MARKERS = frozenset({CREDIT, REPORT})
#: Consent stems at least this long also match inside compound words ("Analytiikkaevästeet",
#: "Marketing-Cookies" is two words already, "管理cookie设置" is one).
INFIX_MIN_CHARS = 6
#: Infix matching is for short lines (button labels, category names); long paragraphs that
#: are notices carry plenty of ordinary hits.
INFIX_MAX_WORDS = 16
#: The families that are notice vocabulary (see Hits.notice).
NOTICE_FAMILIES = frozenset({"consent", "context", "action"})
PREFIX_KEY = 4
#: At most this many words' ranked candidates are kept (see Vocabulary._ranked); then they
#: are dropped and made again as words come.
RANKED_CACHE_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class Hits:
    """What a paragraph's vocabulary says: occurrences and distinct terms per family."""

    counts: dict[str, int] = field(default_factory=dict)
    distinct: dict[str, int] = field(default_factory=dict)
    #: languages whose terms matched, most hits first (reader address and the site naming
    #: itself count only when nothing else matched)
    langs: tuple[str, ...] = ()
    #: the first of ``langs`` when at least two of the terms found are its and they outnumber
    #: the second's (None otherwise: "Cookies" alone is a word of many languages, and names
    #: none of them)
    language: str | None = None
    #: Occurrences of notice vocabulary: consent, context and action terms (not pronouns).
    notice: int = field(init=False, repr=False, compare=False)
    #: Occurrences of the terms specific to notices: consent and action.
    specific: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        get = self.counts.get
        specific = get("consent", 0) + get("action", 0)
        object.__setattr__(self, "specific", specific)
        object.__setattr__(self, "notice", get("consent", 0) + get("context", 0) + get("action", 0))

    def count(self, family: str) -> int:
        return self.counts.get(family, 0)

    def n_distinct(self, family: str) -> int:
        return self.distinct.get(family, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def evidence(self) -> bool:
        """Whether these hits are notice vocabulary as evidence: a specific term, or two
        distinct context terms (one context word, "data", is any text's)."""
        return self.specific >= 1 or self.n_distinct("context") >= 2

    def without(self, families: Iterable[str]) -> "Hits":
        """These hits without the given families (the languages are kept)."""
        drop = set(families)
        return Hits({f: n for f, n in self.counts.items() if f not in drop},
                    {f: n for f, n in self.distinct.items() if f not in drop}, self.langs, self.language)



#: No hits at all (one shared instance).
NO_HITS = Hits()


#: A term as the look-up tables hold it: a plain tuple ``(key, words, family, langs)`` (plain
#: data, so that a prebuilt file holds the tables ready-made): ``words`` are ``(word,
#: is_prefix)`` pairs, ``langs`` the languages sorted. Read with these indexes.
_Term = tuple[str, tuple[tuple[str, bool], ...], str, tuple[str, ...]]
KEY, WORDS, FAMILY, LANGS = 0, 1, 2, 3


def _words(text: str) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for raw in text.split():
        prefix = raw.endswith("*")
        parts = normalize(raw.rstrip("*")).split()
        for i, part in enumerate(parts):
            out.append((part, prefix and i == len(parts) - 1))
    return tuple(out)


#: The merged terms: key -> (family, languages sorted, words); see :func:`_merge`.
Merged = dict[str, tuple[str, tuple[str, ...], tuple[tuple[str, bool], ...]]]


def _merge(entries: Iterable[Entry]) -> Merged:
    """The term records merged by key (normalised words, ``*`` after a prefix word): one
    family (the most specific, FAMILY_PRIORITY) and the languages of every record."""
    merged: dict[str, tuple[str, set[str], tuple[tuple[str, bool], ...]]] = {}
    for entry in entries:
        if entry.kind is not Kind.TERM:
            continue
        words = _words(entry.text)
        if not words:
            continue
        key = " ".join(w + ("*" if p else "") for w, p in words)
        family, langs, _ = merged.get(key, (entry.family, set(), words))
        if (entry.family in MARKERS) != (family in MARKERS):
            # A photo-credit word that is another family's term elsewhere (Finnish "kuva",
            # "photo", is an Estonian button word) stays that term alone, languages and all.
            if entry.family in MARKERS:
                continue
            family, langs = entry.family, set()
        if FAMILY_PRIORITY.index(entry.family) < FAMILY_PRIORITY.index(family):
            family = entry.family
        langs.add(entry.lang)
        merged[key] = (family, langs, words)
    # A word that a shorter prefix of the same family also matches is that prefix's word in
    # its languages too: "cookies", a term of Arabic's list, is "cookie*" in 60 others (the
    # longer term wins the match, and the paragraph's language vote must not read Arabic).
    prefixes: dict[tuple[str, str], set[str]] = {
        (family, words[0][0]): langs for family, langs, words in merged.values() if len(words) == 1 and words[0][1]}
    for family, langs, words in merged.values():
        if len(words) == 1:
            word, is_prefix = words[0]
            for end in range(1, len(word) if is_prefix else len(word) + 1):
                shorter = prefixes.get((family, word[:end]))
                if shorter is not None and shorter is not langs:
                    langs |= shorter
    return {key: (family, tuple(sorted(langs)), words) for key, (family, langs, words) in merged.items()}


def _needles(merged: Merged, families: frozenset[str] | None = None) -> dict[str, int]:
    """What a screen looks for: the terms of ``families`` (None: every term but reader address,
    the site naming itself and reporting verbs), each as the text it must contain (its words
    up to the first prefix word), with how that text may stand in a paragraph (0 as whole
    words, 1 from a word's start, 2 anywhere: unspaced scripts)."""
    wanted = families.__contains__ if families is not None else (lambda f: f not in _UNSCREENED)
    loosest: dict[str, int] = {}
    for key, (family, _, words) in merged.items():
        if not wanted(family):
            continue
        if substring_script(key):
            needle, how = " ".join(w for w, _ in words), 2
        else:
            upto = next((k for k, (_, p) in enumerate(words) if p), len(words) - 1)
            needle, how = " ".join(w for w, _ in words[: upto + 1]), int(words[upto][1])
        loosest[needle] = max(how, loosest.get(needle, 0))
    return loosest


def _automaton(needles: Mapping[str, int]) -> ahocorasick.Automaton:
    """One Aho-Corasick automaton of ``needles`` (see :func:`_needles`), each with the spaces
    that must stand around it in the text padded with a space at each end (:func:`_found`):
    one before a needle that starts a word, one after a whole word; none in unspaced scripts.
    Any match is then a place where its term could match."""
    automaton = ahocorasick.Automaton()
    for needle, how in needles.items():
        padded = needle if how == 2 else f" {needle}" if how == 1 else f" {needle} "
        automaton.add_word(padded, how)
    if needles:
        automaton.make_automaton()
    return automaton


def _found(automaton: ahocorasick.Automaton, normalized: str) -> bool:
    """Whether a needle of ``automaton`` stands in ``normalized`` where its term could match
    (normalised text has single spaces between words, none at its ends)."""
    if not len(automaton):
        return False
    for _ in automaton.iter(f" {normalized} "):
        return True
    return False


def _longest_first(term: _Term) -> int:
    return -len(term[WORDS])


def _tables(merged: Merged) -> tuple:
    """The look-up tables that :meth:`Vocabulary.hits` reads, made from the merged terms (the
    same whatever the hash seed): ``(exact, prefix_key, short_prefix, substring, by_first,
    infix)``: terms by their first word, prefix terms by their first PREFIX_KEY characters,
    prefix terms whose first word is shorter, substring terms (longest first), the same by
    their first character, and the consent stems matched inside words with their terms."""
    exact: dict[str, list[_Term]] = {}
    prefix: dict[str, list[_Term]] = {}
    substring: list[_Term] = []
    for key, (family, langs, words) in sorted(merged.items()):
        if substring_script(key):
            # Matched as a substring, so a trailing "*" means nothing: drop it from the key.
            plain = " ".join(w for w, _ in words)
            substring.append((plain, words, family, tuple(langs)))
            continue
        term = (key, words, family, tuple(langs))
        first, is_prefix = words[0]
        (prefix if is_prefix else exact).setdefault(first, []).append(term)
    for terms in (*exact.values(), *prefix.values()):
        terms.sort(key=lambda t: -len(t[WORDS]))  # longest phrase first
    substring.sort(key=lambda t: (-len(t[KEY]), t[KEY]))
    # Substring terms by their first character: a paragraph is checked only against the
    # terms that can start at one of its characters.
    by_first: dict[str, list[_Term]] = {}
    for term in substring:
        by_first.setdefault(term[KEY][0], []).append(term)
    # Prefix terms indexed by their first PREFIX_KEY characters: one look-up per word.
    prefix_key: dict[str, list[_Term]] = {}
    short_prefix: list[_Term] = []
    for first, terms in sorted(prefix.items()):
        if len(first) >= PREFIX_KEY:
            prefix_key.setdefault(first[:PREFIX_KEY], []).extend(terms)
        else:
            short_prefix.extend(terms)
    stems = sorted({t[WORDS][0][0] for ts in prefix.values() for t in ts
                    if t[FAMILY] == "consent" and len(t[WORDS]) == 1 and len(t[WORDS][0][0]) >= INFIX_MIN_CHARS})
    infix = [(stem, next(t for t in prefix[stem] if len(t[WORDS]) == 1)) for stem in stems]
    return exact, prefix_key, short_prefix, substring, by_first, infix


class Vocabulary:
    """An index of term records for fast counting.

    State (:meth:`state`, :meth:`from_state`; see :mod:`boilerstrip.prebuilt`): ``terms``, the
    merged term records (:func:`_merge`), ``screen``, what the screen looks for
    (:func:`_needles`), ``report_screen``, the same for reporting verbs (:meth:`may_report`),
    and the look-up tables made from the terms (:func:`_tables`): ``exact`` and ``prefix_key``
    (in a prebuilt file, packed tables whose buckets a paragraph's words name: see
    :mod:`boilerstrip.packed`), and ``tables``, the others.
    What is made from them is made when first needed: the screen's
    automaton (:meth:`may_notice`: all that a run over plain article text needs), the look-up
    tables (:meth:`hits`, :meth:`starts_term`, :meth:`starts_with`), the languages (:attr:`langs`).
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        merged = _merge(entries)
        self._state: Mapping[str, Any] = {"terms": merged, "screen": _needles(merged),
                                          "report_screen": _needles(merged, frozenset({REPORT}))}
        self._screen: ahocorasick.Automaton | None = None
        self._report_screen: ahocorasick.Automaton | None = None
        self._exact: dict[str, list[_Term]] | None = None  # None: the tables are not made yet
        self._ranks: dict[str, list[_Term]] = {}  # see _ranked
        self._stems: ahocorasick.Automaton | None = None  # see _infix_term
        self._packed: list[PackedMap] | None = None  # packed tables not yet unpacked whole (see _read)

    def state(self) -> dict[str, Any]:
        """The vocabulary as plain data (rebuilt by :meth:`from_state`)."""
        state = self._state
        if "tables" in state:
            exact, prefix_key, rest = dict(state["exact"]), dict(state["prefix_key"]), state["tables"]
        else:
            exact, prefix_key, *others = _tables(state["terms"])
            rest = tuple(others)
        return {"terms": state["terms"], "screen": state["screen"], "report_screen": state["report_screen"],
                "exact": exact, "prefix_key": prefix_key, "tables": rest}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> "Vocabulary":
        """The vocabulary whose :meth:`state` is ``state`` (each item read when first needed)."""
        vocabulary = cls(())
        vocabulary._state = state
        return vocabulary

    @cached_property
    def langs(self) -> frozenset[str]:
        """Languages that have notice vocabulary (consent, context or action terms)."""
        return frozenset(lang for family, langs, _ in self._state["terms"].values() if family in NOTICE_FAMILIES
                         for lang in langs)

    def _tabulate(self) -> None:
        """Make the look-up tables that :meth:`hits` reads (from the state's ``tables`` when it
        has them, as a prebuilt one does)."""
        state = self._state
        if "tables" in state:
            exact, prefix_key = state["exact"], state["prefix_key"]
            self._short_prefix, self._substring, self._by_first, self._infix = state["tables"]
            # Packed tables (a prebuilt state): _read unpacks the buckets a paragraph's words
            # name into the dicts read here (the same dict objects, growing).
            self._packed = [t for t in (exact, prefix_key) if isinstance(t, PackedMap)] or None
            self._exact = exact.having(()) if isinstance(exact, PackedMap) else exact
            self._prefix_key = prefix_key.having(()) if isinstance(prefix_key, PackedMap) else prefix_key
        else:
            (self._exact, self._prefix_key, self._short_prefix, self._substring, self._by_first,
             self._infix) = _tables(state["terms"])
            self._packed = None

    def _read(self, words: Iterable[str]) -> None:
        """Unpack the buckets of the look-up tables that ``words`` name (a word's bucket also
        holds the prefix terms keyed by its first PREFIX_KEY characters)."""
        for table in self._packed:
            table.having(words)
        if all(table.unpacked for table in self._packed):
            self._packed = None

    def _make_screen(self) -> ahocorasick.Automaton:
        """The screen: one automaton of every needle (see :func:`_needles`)."""
        return _automaton(self._state["screen"])

    def prepare(self) -> None:
        """Make the screen and the look-up tables now (before forking workers)."""
        if self._screen is None:
            self._screen = self._make_screen()
        if self._report_screen is None:
            self._report_screen = _automaton(self._state["report_screen"])
        if self._exact is None:
            self._tabulate()
        if self._packed is not None:
            for table in self._packed:
                table.whole()
            self._packed = None

    def may_notice(self, normalized: str) -> bool:
        """A fast, sound screen: False proves that :meth:`hits` finds no term of any family
        but reader address, the site naming itself and reporting verbs in the text (no notice
        vocabulary, and no rights, sign-up or credit words, which the footer and sign-up rules
        read); True means it may. (Reporting verbs matter only in a paragraph that is a
        candidate anyway.) One Aho-Corasick pass finds each term's text, which must stand where
        the term would match (whole words, from a word's start, or anywhere in unspaced
        scripts). Text of at most INFIX_MAX_WORDS tokens, whose
        words :meth:`hits` also searches for consent stems inside, always passes."""
        if normalized.count(" ") < INFIX_MAX_WORDS:
            return True  # no more than INFIX_MAX_WORDS tokens (unspaced scripts): infixes count
        screen = self._screen
        if screen is None:
            screen = self._screen = self._make_screen()
        return _found(screen, normalized)

    def may_report(self, normalized: str) -> bool:
        """A fast, sound screen for reporting verbs: False proves that :meth:`hits` counts no
        ``report`` term in the text (one Aho-Corasick pass, as :meth:`may_notice`, over the
        reporting verbs alone); True means it may."""
        screen = self._report_screen
        if screen is None:
            screen = self._report_screen = _automaton(self._state["report_screen"])
        return _found(screen, normalized)


    def starts_term(self, word: str) -> bool:
        """Whether a normalised word can begin a term ("cookies", "privacy", "tracking"):
        words every consent text shares, so they tell nothing about which text it is."""
        if self._exact is None:
            self._tabulate()
        if self._packed is not None:
            self._read((word,))
        return bool(self._candidates(word))

    def starts_with(self, normalized: str, family: str) -> bool:
        """Whether a term of ``family`` starts the normalised text (its first words)."""
        if self._exact is None:
            self._tabulate()
        tokens = normalized.split()
        if not tokens:
            return False
        if self._packed is not None:
            self._read(tokens[:1])
        if any(t[FAMILY] == family and self._matches(t, tokens, 0) for t in self._candidates(tokens[0])):
            return True
        # Terms in scripts written without spaces ("本网站使用…") start the text itself.
        return any(t[FAMILY] == family and normalized.startswith(t[KEY])
                   for t in self._by_first.get(normalized[0], ()))

    def _inner(self, tokens: list[str], start: int, end: int, family: Callable[[str], bool]) -> list[_Term]:
        """The one-word terms of a ``family`` the predicate accepts among ``tokens[start:end]``
        (the words of a phrase already counted)."""
        found = []
        for k in range(start, end):
            inner = next((t for t in self._candidates(tokens[k]) if len(t[WORDS]) == 1
                          and family(t[FAMILY]) and self._matches(t, tokens, k)), None)
            if inner is not None:
                found.append(inner)
        return found

    @staticmethod
    def _matches(term: _Term, tokens: list[str], i: int) -> bool:
        words = term[WORDS]
        if i + len(words) > len(tokens):
            return False
        for k, (word, is_prefix) in enumerate(words):
            token = tokens[i + k]
            if not (token.startswith(word) if is_prefix else token == word):
                return False
        return True

    def _candidates(self, token: str) -> list[_Term]:
        found = self._exact.get(token, [])
        keyed = self._prefix_key.get(token[:PREFIX_KEY])
        if keyed:
            found = found + [t for t in keyed if token.startswith(t[WORDS][0][0])]
        if self._short_prefix:
            found = found + [t for t in self._short_prefix if token.startswith(t[WORDS][0][0])]
        return found

    def _ranked(self, token: str) -> list[_Term]:
        """The candidates of ``token`` (:meth:`_candidates`), longest phrase first and, among
        phrases of one length, in their order (a stable sort): the first of them that matches
        is the term :meth:`hits` counts at the token (the longest; of those, the first), and
        the shorter ones after it need no test. Kept per word (the look-up tables that
        :meth:`hits` reads hold every candidate of its words before it asks)."""
        found = self._ranks.get(token)
        if found is None:
            if len(self._ranks) >= RANKED_CACHE_SIZE:
                self._ranks.clear()
            found = self._ranks[token] = sorted(self._candidates(token), key=_longest_first)
        return found

    def _infix_term(self, token: str) -> _Term | None:
        """The term of the first consent stem (in the order of the ``infix`` table) that
        ``token`` holds, or None: one pass of an Aho-Corasick automaton of the stems, whose
        values are their places in the table (the same stem as testing each in turn)."""
        stems = self._stems
        if stems is None:
            stems = self._stems = ahocorasick.Automaton()
            for k, (stem, _) in enumerate(self._infix):
                stems.add_word(stem, k)
            stems.make_automaton()
        first = min(map(itemgetter(1), stems.iter(token)), default=None)
        return None if first is None else self._infix[first][1]

    def hits(self, normalized: str) -> Hits:
        """Count term occurrences in normalised text (see :func:`boilerstrip.text.normalize`)."""
        if self._exact is None:
            self._tabulate()
        found: list[_Term] = []
        tokens = normalized.split()
        if self._packed is not None:
            self._read(tokens)
        exact, keyed = self._exact, self._prefix_key
        if self._short_prefix:
            positions = range(len(tokens))
        else:  # only words that can start a term (a comprehension over dict look-ups)
            positions = [i for i, t in enumerate(tokens) if t in exact or t[:PREFIX_KEY] in keyed]
        matched = set()
        next_free = 0
        for i in positions:
            if i < next_free:
                continue
            best = None
            for term in self._ranked(tokens[i]):
                if self._matches(term, tokens, i):
                    best = term
                    break
            if best is not None:
                found.append(best)
                size, family = len(best[WORDS]), best[FAMILY]
                if family in SPEAKER_FAMILIES:
                    # A pronoun's phrase ("ihre daten", "this website") does not hide the
                    # notice term in it ...
                    found += self._inner(tokens, i + 1, i + size, lambda f: f != "address")
                elif family in NOTICE_FAMILIES and size > 1:
                    # ... nor does a notice phrase ("your data") hide the pronoun in it.
                    found += self._inner(tokens, i, i + size, lambda f: f == "address")
                next_free = i + size
                matched.update(range(i, next_free))
        if self._infix and len(tokens) <= INFIX_MAX_WORDS:
            for i, token in enumerate(tokens):
                if i not in matched and len(token) > INFIX_MIN_CHARS:
                    term = self._infix_term(token)
                    if term is not None:
                        found.append(term)
        if self._substring and substring_script(normalized):
            rest = normalized
            chars = set(normalized)
            candidates = [t for c in chars & self._by_first.keys() for t in self._by_first[c]]
            candidates.sort(key=lambda t: (-len(t[KEY]), t[KEY]))
            for term in candidates:
                key = term[KEY]
                n = rest.count(key)
                if n:
                    found.extend([term] * n)
                    rest = rest.replace(key, " ")
        if not found:
            return NO_HITS
        # Pronouns are short and collide across languages (Romanian "din" is Norwegian
        # "your"): count them only in the languages the paragraph's other terms point to.
        votes = Counter(chain.from_iterable(term[LANGS] for term in found if term[FAMILY] not in SPEAKER_FAMILIES))
        main: set[str] | None = None  # the languages a pronoun must be of to count
        if votes:
            top = max(votes.values())
            main = {lang for lang, v in votes.items() if v * 2 >= top}
        else:
            # Pronouns alone: several count only where two of them share a language (Albanian
            # "u" and "me" are Dutch "you" and Finnish "we": no language's two pronouns).
            pronouns = [t for t in found if t[FAMILY] == "address"]
            if len(pronouns) >= 2:
                agree = Counter(chain.from_iterable(t[LANGS] for t in pronouns))
                main = {lang for lang, v in agree.items() if v >= 2}
        if main is not None:
            found = [t for t in found if t[FAMILY] != "address" or not main.isdisjoint(t[LANGS])]
            if not found:
                return NO_HITS
        counts: dict[str, int] = {}
        distinct: dict[str, set[str]] = {}
        for term in found:
            family = term[FAMILY]
            counts[family] = counts.get(family, 0) + 1
            distinct.setdefault(family, set()).add(term[KEY])
        # The languages are those of the paragraph's words, pronouns aside when it has others
        # (pronouns collide across languages, as above): the count of the vote.
        langs = votes or Counter(chain.from_iterable(term[LANGS] for term in found))
        ranked = sorted(langs.items(), key=lambda kv: (-kv[1], kv[0]))
        return Hits(
            counts,
            {f: len(s) for f, s in distinct.items()},
            tuple(lang for lang, _ in ranked),
            ranked[0][0] if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None,
        )
