"""Mine a batch for candidate banners and chrome, and write them as a corpus file to review.

What counts as a candidate: a paragraph found on at least ``min_pages`` pages of one site
(documents without a site form one group of their own) that either carries notice vocabulary
(consent or action terms, or two distinct context terms: the same screen as the ``repeated``
rule) or stands at an edge of the page (among the first or last :data:`EDGE` paragraphs on
at least half of its pages). Excluded: paragraphs the current corpus already removes on their
own (nothing to learn), paragraphs without vocabulary found on several sites (syndicated wire
copy is journalism), one-word lines (too generic), and texts the corpus format cannot hold.

Near-duplicates are grouped: the site's name is replaced by the ``{site}`` slot where it
appears (spelled like the domain, ``harbour-ledger.com`` → "Harbour Ledger"), and variants
whose slotted texts are at least :data:`CLUSTER_SCORE` similar (rapidfuzz ratio on normalised
text) become one candidate that sums their pages and sites. Each variant must itself be found
on ``min_pages`` pages of a site (the first pass counts exact texts, folded for spacing and
case): a variant seen once is not merged in.

Two passes over ``documents`` (first: 8-byte keys of (site, paragraph) per page; second: the
texts of the repeated ones only), so memory holds hashes and candidates, not the batch.
``documents`` must therefore be iterable twice (a list, or any re-iterable collection).

Pure apart from :func:`write_corpus`, which writes to the stream it is given.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, TextIO

from .corpus import LABEL_MAX_CHARS, NOTICE_MAX_CHARS, SITE_SLOT, notice_min_chars
from .engine import Corpus, Options, analyze
from .repetition import HASH_ERRORS
from .text import normalize, segment, substring_script, word_count

#: A paragraph among the first or last this many of a page stands at its edge.
EDGE = 2
#: ... on at least this share of its pages.
EDGE_SHARE = 0.5
#: Variants at least this similar (rapidfuzz ratio, 0-100, on normalised slotted text) are
#: one candidate.
CLUSTER_SCORE = 90.0
#: Examples kept per candidate (as found, for the reviewer).
MAX_EXAMPLES = 3
#: Default pages of one site a paragraph must be found on.
MIN_PAGES = 3
#: Shortest label proposed: words, or characters in scripts written without spaces.
LABEL_MIN_WORDS = 2
LABEL_MIN_UNSPACED_CHARS = 4
#: Pseudo-site of documents without one.
NO_SITE = ""


@dataclass(frozen=True)
class Candidate:
    """A proposed corpus entry.

    ``text``: one line, with ``{site}`` where the site's name stood (notices only).
    ``kind``/``family``/``lang``: as in the corpus format (family of a notice is a guess the
    reviewer should check); kind ``"paragraph"`` is a repeated paragraph the format cannot
    hold as an entry (too long for a label, too little vocabulary for a notice), reported
    for the reviewer only. ``pages``: pages it was found on, over ``sites`` (sorted; "" for
    documents without a site). ``edge_share``: share of those pages where it stood at an edge.
    ``terms``: notice-vocabulary occurrences. ``why``: "notice vocabulary" or "at the edge".
    ``examples``: texts as found on the pages (up to :data:`MAX_EXAMPLES`). ``variants``:
    distinct texts merged into it.
    """

    kind: str
    family: str
    lang: str
    text: str
    pages: int
    sites: tuple[str, ...]
    edge_share: float
    terms: int
    why: str
    examples: tuple[str, ...]
    variants: int = 1


@dataclass
class _Seen:
    site: str
    norm: str
    pages: int = 0
    edge: int = 0
    raws: Counter = field(default_factory=Counter)


def _key(site: str, norm: str) -> int:
    h = hashlib.blake2b(site.encode("utf-8", HASH_ERRORS), digest_size=8, person=b"bs-learn")
    h.update(b"\x00" + norm.encode("utf-8", HASH_ERRORS))
    return int.from_bytes(h.digest(), "big")


def _paragraphs(text: str) -> list[tuple[str, str, bool]]:
    """(raw, normalised, at_edge) of each non-empty paragraph of a page."""
    _, _, spans = segment(text)
    n = len(spans)
    out = []
    for i, s in enumerate(spans):
        raw = text[s.start:s.text_end]
        norm = normalize(raw)
        if norm:
            out.append((raw, norm, i < EDGE or i >= n - EDGE))
    return out


def _one_line(raw: str) -> str:
    return " ".join(raw.split())


def _site_pattern(site: str) -> re.Pattern | None:
    """How the site's name may be written in its banners: the domain's main label with any
    spacing, hyphens or dots between its letters' words, optionally with "www." and the suffix
    (``harbour-ledger.com`` → "Harbour Ledger", "harbour-ledger.com", "HarbourLedger")."""
    label = site.split(".")[0]
    words = [w for w in re.split(r"[-_]", label) if w]
    if not words or sum(map(len, words)) < 4:
        return None
    suffix = re.escape(site[len(label):])
    body = r"[\s\-_.]*".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)(?:www\.)?{body}(?:{suffix})?(?!\w)", re.IGNORECASE)


def _slot(text: str, site: str) -> str:
    if not site or SITE_SLOT in text:
        return text
    pattern = _site_pattern(site)
    if pattern is None:
        return text
    return pattern.sub(SITE_SLOT, text, count=1)


def _notice_terms(corpus: Corpus, norm: str) -> tuple[int, bool]:
    """(notice-vocabulary occurrences, whether that is vocabulary evidence)."""
    hits = corpus.vocabulary.hits(norm)
    return hits.notice, hits.evidence


def _matchable(corpus: Corpus, norm: str) -> bool:
    """Whether the engine would compare this text with the corpus's notices at all: it does
    so only for paragraphs with consent vocabulary or two distinct context terms (mirrors
    ``rules._compute_features``); a notice entry nothing is compared with is useless."""
    hits = corpus.vocabulary.hits(norm)
    return hits.count("consent") >= 1 or hits.n_distinct("context") >= 2


def _consent(corpus: Corpus, norm: str) -> bool:
    return corpus.vocabulary.hits(norm).count("consent") >= 1


def _lang(corpus: Corpus, text: str) -> str:
    """langdetect's answer; for text too short for it, the one language whose vocabulary the
    text uses (terms such as "cookie" belong to many: then "und")."""
    from .langid import detect

    norm = normalize(text.replace(SITE_SLOT, " "))
    found = detect(norm)
    if found.known:
        return found.code
    langs = corpus.vocabulary.hits(norm).langs
    return langs[0] if len(langs) == 1 else "und"


def _too_short(text: str) -> bool:
    """A one-word label ("cookies.", a stray wrapped line) is too generic to propose."""
    norm = normalize(text)
    if substring_script(norm):
        return len(norm.replace(" ", "")) < LABEL_MIN_UNSPACED_CHARS
    return word_count(norm) < LABEL_MIN_WORDS


def learn(documents: Iterable[tuple[str | None, str]], min_pages: int = MIN_PAGES,
          corpus: Corpus | None = None) -> list[Candidate]:
    """Candidate corpus entries mined from ``(site, text)`` pairs (site None: unknown).

    ``documents`` is iterated twice (raises TypeError for a one-shot iterator). ``corpus``
    is the corpus the entries would extend (default: the packaged one): what it already
    removes is not proposed. Candidates come sorted by pages (most first), then text.
    """
    if iter(documents) is documents:
        raise TypeError("learn() reads the documents twice: pass a list or another collection, "
                        "not an iterator")
    corpus = corpus or Corpus.packaged()
    pages: Counter[int] = Counter()
    for site, text in documents:
        site = site or NO_SITE
        pages.update({_key(site, norm) for _, norm, _ in _paragraphs(text)})
    seen: dict[int, _Seen] = {}
    for site, text in documents:
        site = site or NO_SITE
        done: set[int] = set()
        for raw, norm, edge in _paragraphs(text):
            k = _key(site, norm)
            if pages[k] < min_pages or k in done:
                continue
            done.add(k)
            s = seen.get(k)
            if s is None:
                s = seen[k] = _Seen(site, norm)
            s.pages += 1
            s.edge += edge
            s.raws[raw] += 1
    del pages
    options = Options(corpus=corpus, detect_languages=False)
    sites_of_norm: dict[str, set[str]] = {}
    for s in seen.values():
        sites_of_norm.setdefault(s.norm, set()).add(s.site)
    kept: list[tuple[_Seen, str, int, bool]] = []
    for s in seen.values():
        terms, vocab = _notice_terms(corpus, s.norm)
        edge = s.edge >= EDGE_SHARE * s.pages
        if not (vocab or edge):
            continue
        if not vocab and len(sites_of_norm[s.norm]) > 1:
            continue  # the same text on several sites without notice vocabulary: wire copy
        raw = min(s.raws, key=lambda r: (-s.raws[r], r))  # the most common form
        if _too_short(raw):
            continue
        if analyze(raw, options).removed:
            continue  # the corpus already knows it
        kept.append((s, raw, terms, vocab))
    return _cluster(kept, corpus)


def _cluster(kept: list[tuple[_Seen, str, int, bool]], corpus: Corpus) -> list[Candidate]:
    from rapidfuzz import fuzz  # imported here: the clean command imports this module too

    kept.sort(key=lambda x: (-x[0].pages, x[0].site, x[1]))
    groups: list[list[tuple[_Seen, str, int, bool, str]]] = []
    reps: list[str] = []
    for s, raw, terms, vocab in kept:
        line = _one_line(raw)
        slotted = line if len(line) <= LABEL_MAX_CHARS else _slot(line, s.site)
        key = normalize(slotted)
        for g, rep in enumerate(reps):
            if fuzz.ratio(key, rep, score_cutoff=CLUSTER_SCORE):
                groups[g].append((s, raw, terms, vocab, slotted))
                break
        else:
            reps.append(key)
            groups.append([(s, raw, terms, vocab, slotted)])
    out = []
    for group in groups:
        s, raw, terms, vocab, text = group[0]
        pages = sum(m[0].pages for m in group)
        edge = sum(m[0].edge for m in group)
        examples: list[str] = []
        for m in group:
            for r in sorted(m[0].raws, key=lambda r: (-m[0].raws[r], r)):
                if r not in examples and len(examples) < MAX_EXAMPLES:
                    examples.append(r)
        norm = normalize(text)
        if len(text) <= LABEL_MAX_CHARS:
            kind = "label"
            family = "consent_control" if vocab and _consent(corpus, norm) else "chrome"
        else:
            kind = "notice"  # the family only names the entry: a guess for the reviewer
            family = "cookie_notice" if _consent(corpus, norm) else "pay_or_consent"
            if not _matchable(corpus, norm):
                kind = "paragraph"  # reported for the reviewer, not an entry (see _problem)
        out.append(Candidate(kind, family, _lang(corpus, text), text, pages,
                             tuple(sorted({m[0].site for m in group})), round(edge / pages, 3),
                             terms, "notice vocabulary" if vocab else "at the edge",
                             tuple(examples), len(group)))
    out.sort(key=lambda c: (-c.pages, c.text))
    return out


#: Columns of :func:`rows`, for the reviewer's table.
COLUMNS = ("pages", "sites", "kind", "family", "lang", "why", "text")


def rows(candidates: Iterable[Candidate], top: int = 20, width: int = 60) -> list[tuple[str, ...]]:
    """The ``top`` candidates as table rows of strings (:data:`COLUMNS`), text cut to
    ``width`` characters with "…": what the command shows the reviewer."""
    out = []
    for c in list(candidates)[:top]:
        text = c.text if len(c.text) <= width else c.text[: width - 1] + "…"
        out.append((str(c.pages), str(len(c.sites)), c.kind, c.family, c.lang, c.why, text))
    return out


def _problem(c: Candidate) -> str | None:
    """Why the corpus format cannot hold ``c`` as an entry, or None."""
    if c.kind == "label" and len(c.text) > LABEL_MAX_CHARS:
        return f"a label must be at most {LABEL_MAX_CHARS} characters"
    if c.kind == "paragraph":
        return ("too little consent vocabulary for notice matching, which compares only "
                "paragraphs with consent terms")
    if c.kind == "notice":
        low = notice_min_chars(c.text)
        if not low <= len(c.text) <= NOTICE_MAX_CHARS:
            return f"a notice must be {low}-{NOTICE_MAX_CHARS} characters"
    rest = c.text.replace(SITE_SLOT, "") if c.kind == "notice" else c.text
    if "{" in rest or "}" in rest:
        return "contains braces"
    return None


def write_corpus(candidates: Iterable[Candidate], stream: TextIO, prefix: str = "learned",
                 documents: int | None = None) -> int:
    """Write ``candidates`` to ``stream`` in the corpus format (``boilerstrip/corpus/README.md``),
    each preceded by comment lines with its counts, sites and examples; candidates the format
    cannot hold are written as comments only, with the reason. Ids are
    ``<prefix>.<lang>.<family>.<n>``. Returns the number of entries written.
    """
    stream.write("# Candidate corpus entries proposed by boilerstrip learn: review each one, delete\n"
                 "# what is journalism, fix 'family' (notices: guessed), then use with --corpus.\n")
    if documents is not None:
        stream.write(f"# mined from {documents} documents\n")
    n = 0
    for c in candidates:
        sites = ", ".join(s or "(no site)" for s in c.sites[:5]) + (" …" if len(c.sites) > 5 else "")
        stream.write(f"\n# {c.pages} pages on {len(c.sites)} site(s): {sites}; {c.why}; "
                     f"{c.terms} vocabulary terms; at the edge on {c.edge_share:.0%} of pages; "
                     f"{c.variants} variant(s)\n")
        for ex in c.examples:
            shown = _one_line(ex)
            stream.write(f"# example: {shown[:300]}{' …' if len(shown) > 300 else ''}\n")
        problem = _problem(c)
        if c.kind == "notice" and c.why != "notice vocabulary":
            stream.write("# check: little notice vocabulary; keep only if this is not journalism\n")
        record = {"id": None, "kind": c.kind, "family": c.family, "lang": c.lang, "text": c.text}
        if problem:
            stream.write(f"# not an entry ({problem}): {json.dumps(c.text, ensure_ascii=False)}\n")
            continue
        n += 1
        record["id"] = f"{prefix}.{c.lang}.{c.family}.{n}"
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return n
