"""Language identification (the one module that talks to langdetect).

langdetect is random unless seeded: every call here uses a private, seeded factory, so a text
gets the same answer in any process, in any order. Profiles load on first use (0.16 s CPU
here), so commands that never need a language never pay for them; a batch that forks
workers loads them first (:func:`prepare`), so that the workers share one copy. Results are
cached per normalised text. Short texts carry too few character n-grams for a trustworthy
answer: below :data:`MIN_CHARS` letters the answer is "unknown".

The profiles are held compactly (:func:`_load_profiles`): langdetect's own loader keeps a
list of Python floats per n-gram (about 68 MB for its 55 languages); here each n-gram's row
is an ``array('d')`` of the same values (about 57 MB), whose numbers a detection reads without
touching a Python object's reference count, so forked workers keep sharing those pages.
"""

from __future__ import annotations

import json
import os
import threading
from array import array
from dataclasses import dataclass
from functools import lru_cache

from .text import char_class

#: Below this many letters, language ID is a guess: report "unknown". A letter of a dense
#: script (an ideograph, a kana or hangul syllable) counts as DENSE_LETTER letters: 14 of
#: them say as much as 40 Latin letters.
MIN_CHARS = 40
DENSE_LETTER = 3
#: Only the first this many characters are read: enough for langdetect to be sure, and its
#: cost grows with the length (a banner paragraph can run to thousands of characters).
MAX_CHARS = 300
#: The seed of every detection (any fixed value makes results reproducible).
SEED = 0
#: Random walks per detection (langdetect's default is 7; see the README for the effect).
TRIALS = 3
#: Cache size, in distinct paragraphs (least recently used go first). What repeats across a
#: batch is banner text, a few hundred paragraphs; the rest (the text beside a banner) is
#: unique per file, so a bigger cache only grows a worker's memory (about 400 bytes an entry:
#: 26 MB a worker at 65,536) without more hits. Answers do not depend on it.
CACHE_SIZE = 4096
UNKNOWN = "und"

#: Character classes (compiled on first use: text.char_class).
_DENSE = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
_HANGUL = r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"
_KANA = r"[\u3040-\u30ff]"


_lock = threading.Lock()
_factory = None


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1 ("zh" for both Chinese variants), or "und"
    confidence: float  # 0-1

    @property
    def known(self) -> bool:
        return self.code != UNKNOWN


def _get_factory():
    global _factory
    with _lock:
        if _factory is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

            factory = DetectorFactory()
            factory.langlist, factory.word_lang_prob_map = _load_profiles(PROFILES_DIRECTORY)
            factory.seed = SEED
            _factory = factory
    return _factory


def prepare() -> None:
    """Load the profiles now (a process about to fork workers does it once for all)."""
    _get_factory()


def _load_profiles(directory: str) -> tuple[list[str], dict[str, array]]:
    """langdetect's profiles as ``(languages, {n-gram: row})``: what
    ``DetectorFactory.load_profile`` makes (the same files in the same order, the same row
    length, the same probabilities, computed the same way), with each row an ``array('d')``
    (8 bytes a language) instead of a list of floats. Raises OSError or ValueError for a
    missing or malformed profile file."""
    names = os.listdir(directory)  # langdetect's order: a language's index is its place here
    size = len(names)
    zeros = array("d", [0.0]) * size
    langs: list[str] = []
    rows: dict[str, array] = {}
    for name in names:
        path = os.path.join(directory, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as fh:
            profile = json.load(fh)
        index = len(langs)
        langs.append(profile["name"])
        n_words = profile["n_words"]
        for word, count in profile["freq"].items():
            row = rows.get(word)
            if row is None:
                row = rows[word] = array("d", zeros)
            length = len(word)
            if 1 <= length <= 3:
                row[index] = 1.0 * count / n_words[length - 1]
    return langs, rows


@lru_cache(maxsize=CACHE_SIZE)
def detect(text: str) -> Language:
    """The most probable language of ``text`` (pass normalised text for cache hits)."""
    text = text[:MAX_CHARS]
    letters = sum(1 for ch in text if ch.isalpha())
    if not text.isascii():
        letters += (DENSE_LETTER - 1) * len(char_class(_DENSE).findall(text))
    if letters < MIN_CHARS:
        return Language(UNKNOWN, 0.0)
    from langdetect.lang_detect_exception import LangDetectException

    detector = _get_factory().create()
    detector.n_trial = TRIALS
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return Language(UNKNOWN, 0.0)
    return Language(_by_script(best.lang.split("-")[0], text), round(best.prob, 3))


def detectable(code: str) -> bool:
    """Whether :func:`detect` can answer ``code`` (langdetect has a profile for it: 55
    languages, not Armenian, Georgian, Amharic, Kazakh, Serbian, Galician ...)."""
    return code in _codes()


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    return frozenset(lang.split("-")[0] for lang in _get_factory().langlist)


def _by_script(code: str, text: str) -> str:
    """langdetect's answer, corrected by the script: its Korean and Japanese profiles hold
    Chinese characters, so it reads some Chinese text (traditional characters especially) as
    Korean or Japanese; Korean is written with hangul and Japanese with kana."""
    if (code == "ko" and not char_class(_HANGUL).search(text)) or (code == "ja" and not char_class(_KANA).search(text)):
        return "zh"
    return code
