"""Language identification (the one module that talks to langdetect).

langdetect is random unless seeded: every call here uses a private, seeded factory, so a text
gets the same answer in any process, in any order. Profiles load on first use (about a
second), so commands that never need a language never pay for them. Results are cached per
normalised text. Short texts carry too few character n-grams for a trustworthy answer: below
:data:`MIN_CHARS` letters the answer is "unknown".
"""

from __future__ import annotations

import threading
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
#: Cache size, in distinct paragraphs.
CACHE_SIZE = 65536
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
            factory.load_profile(PROFILES_DIRECTORY)
            factory.seed = SEED
            _factory = factory
    return _factory


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


def _by_script(code: str, text: str) -> str:
    """langdetect's answer, corrected by the script: its Korean and Japanese profiles hold
    Chinese characters, so it reads some Chinese text (traditional characters especially) as
    Korean or Japanese; Korean is written with hangul and Japanese with kana."""
    if (code == "ko" and not char_class(_HANGUL).search(text)) or (code == "ja" and not char_class(_KANA).search(text)):
        return "zh"
    return code
