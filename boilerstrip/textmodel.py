"""The content model: how much a paragraph's own wording looks like boilerplate.

A logistic regression over character n-grams (2 to 4 characters of the normalised text,
padded with a space at each end), present or absent (binary), each paragraph's vector scaled
to unit length (L2): ``logit = bias + sum(weights of its distinct n-grams) / sqrt(n)``.
It knows no language: "cookie", "Cookies", "κουκίδ", "クッキー" are all n-grams. It is one
signal of the scorecard (:mod:`boilerstrip.scorecard`), never a decision on its own.

Shape: ``ContentModel.logit(norm) -> float``, the model's log-odds that the paragraph is
boilerplate, clipped to ``[-LOGIT_CLIP, LOGIT_CLIP]``; only the first ``MAX_CHARS`` characters
are read (notices state what they are at once; a 50 MB line costs what 600 characters cost).

The weights are data, ``boilerstrip/data/content-model-v1.json.gz``: ``{"version", "fitted",
"bias", "weights": {ngram: weight}}``. They were fitted by ``benchmarks/fit.py`` (which records
what it was fitted on in ``"fitted"``): our own corpus and labelled fixtures, journalism we
wrote in each of the corpus's 65 languages (``fixtures/prose``), plus the devset's ``tune``
part (numbers derived from it, no text of it). N-grams whose weight was below
``benchmarks/fit.py``'s pruning bound are not stored.
"""

from __future__ import annotations

import json
import math
from itertools import chain, repeat
from operator import add
from typing import TYPE_CHECKING, Any, Mapping

from .files import package_data
from .packed import PackedMap

if TYPE_CHECKING:
    from .prebuilt import Prebuilt

#: Only this many characters of a paragraph are read.
MAX_CHARS = 600
#: N-gram lengths, in characters (what _grams makes: change both together).
NGRAM_SIZES = (2, 3, 4)
#: Logits are clipped to this magnitude (a very long notice is not "more" boilerplate).
LOGIT_CLIP = 8.0
MODEL_FILE = "content-model-v1.json.gz"


def ngrams(norm: str) -> set[str]:
    """The distinct character n-grams of a normalised paragraph (see the module docstring)."""
    two, three, four = _grams(norm)
    two |= three
    two |= four
    return two


def _grams(norm: str) -> tuple[set[str], set[str], set[str]]:
    """The distinct n-grams of a normalised paragraph by size: ``(bigrams, trigrams,
    4-grams)``, whose union is :func:`ngrams` (the sizes are NGRAM_SIZES; the sets are
    disjoint, their lengths differ). Made by C-level iteration: the bigrams pair each
    character with the next (``s[i] + s[i+1]``), a trigram is a bigram and the character after
    it, a 4-gram two bigrams in a row; about a third faster than slicing ``s[i : i + n]`` in
    a comprehension (``tests/test_textmodel.py`` compares them)."""
    s = f" {norm[:MAX_CHARS]} "
    two = list(map(add, s, s[1:]))
    return set(two), set(map(add, two, s[2:])), set(map(add, two, two[2:]))


class ContentModel:
    """A fitted n-gram model. ``weights`` maps an n-gram to its weight; ``bias`` is the
    intercept. Pure and immutable after construction (in meaning: the weights of a model
    made from a prebuilt state, :meth:`from_state`, are unpacked as logits first need them,
    bucket by bucket, see :mod:`boilerstrip.packed`; a logit is the same either way)."""

    def __init__(self, bias: float, weights: Mapping[str, float], version: str = "", fitted: str = "") -> None:
        self.bias, self.version, self.fitted = bias, version, fitted
        # A packed table (PackedMap) until every bucket is unpacked; then the plain dict.
        self._packed: PackedMap | None = weights if isinstance(weights, PackedMap) else None
        self._weights: dict[str, float] = {} if self._packed is not None else weights

    @property
    def weights(self) -> dict[str, float]:
        """Every n-gram's weight (unpacked whole on first read)."""
        if self._packed is not None:
            self._weights, self._packed = self._packed.whole(), None
        return self._weights

    def logit(self, norm: str) -> float:
        if not norm:
            return -LOGIT_CLIP
        grams = _grams(norm)  # bigrams, trigrams, 4-grams: ngrams(norm) is their union
        weights = self._weights
        if self._packed is not None:
            # Every n-gram begins with one of the bigrams: their buckets hold its weight.
            weights = self._packed.having(grams[0])
            if self._packed.unpacked:  # every bucket read: the plain dict from now on
                self._weights, self._packed = weights, None
        # fsum: the exact sum, whatever order the sets yield their n-grams in (which follows
        # the hash seed), and whether they are summed as one set or three disjoint ones: the
        # same logit in every process.
        get = weights.get
        total = math.fsum(chain.from_iterable(map(get, g, repeat(0.0)) for g in grams))
        z = self.bias + total / math.sqrt(sum(map(len, grams)))
        return max(-LOGIT_CLIP, min(LOGIT_CLIP, z))

    def prepare(self) -> None:
        """Unpack every weight now (before forking workers)."""
        self.weights

    def state(self) -> dict[str, Any]:
        """The model as plain data (rebuilt by :meth:`from_state`; see boilerstrip.prebuilt)."""
        return {"bias": self.bias, "version": self.version, "fitted": self.fitted,
                "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> "ContentModel":
        """The model whose :meth:`state` is ``state``."""
        return cls(state["bias"], state["weights"], state["version"], state["fitted"])

    @classmethod
    def from_dict(cls, data: dict) -> "ContentModel":
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                   data.get("version", ""), data.get("fitted", ""))

    @classmethod
    def from_file(cls) -> "ContentModel":
        """The packaged model read from its file (``MODEL_FILE``)."""
        import gzip  # only when the model is read from its file

        return cls.from_dict(json.loads(gzip.decompress(package_data("data", MODEL_FILE))))

    _packaged: "ContentModel | None" = None

    @classmethod
    def packaged(cls, made: "Prebuilt | None" = None) -> "ContentModel":
        """The model shipped with boilerstrip (loaded once per process, on first use): from
        the prebuilt file (``made``, else the packaged one) when it is fresh, else from its
        file."""
        if cls._packaged is None:
            if made is None:
                from . import prebuilt

                made = prebuilt.load()
            cls._packaged = cls.from_state(made.state("content_model")) if made is not None else cls.from_file()
        return cls._packaged
