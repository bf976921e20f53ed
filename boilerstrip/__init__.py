"""boilerstrip: remove consent banners and interface chrome from scraped article text.

Library use::

    from boilerstrip import analyze, clean
    cleaned = clean(text)
    for p in analyze(text).removed: ...
"""

from .corpus import CorpusError, Entry
from .engine import Corpus, Evidence, Options, Paragraph, Position, Result, Rule, Verdict, analyze, clean

__all__ = ["analyze", "clean", "Options", "Result", "Paragraph", "Evidence", "Rule", "Verdict",
           "Position", "Corpus", "CorpusError", "Entry"]
__version__ = "0.1.0"
