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
what it was fitted on in ``"fitted"``): our own corpus and labelled fixtures plus the devset's
``tune`` part (numbers derived from it, no text of it). N-grams whose weight was below
``benchmarks/fit.py``'s pruning bound are not stored.
"""

from __future__ import annotations

import json
import math
from itertools import repeat

from .files import package_data

#: Only this many characters of a paragraph are read.
MAX_CHARS = 600
#: N-gram lengths, in characters.
NGRAM_SIZES = (2, 3, 4)
#: Logits are clipped to this magnitude (a very long notice is not "more" boilerplate).
LOGIT_CLIP = 8.0
MODEL_FILE = "content-model-v1.json.gz"


def ngrams(norm: str) -> set[str]:
    """The distinct character n-grams of a normalised paragraph (see the module docstring)."""
    s = f" {norm[:MAX_CHARS]} "
    return {s[i : i + n] for n in NGRAM_SIZES for i in range(len(s) - n + 1)}


class ContentModel:
    """A fitted n-gram model. ``weights`` maps an n-gram to its weight; ``bias`` is the
    intercept. Pure and immutable after construction."""

    def __init__(self, bias: float, weights: dict[str, float], version: str = "", fitted: str = "") -> None:
        self.bias, self.weights, self.version, self.fitted = bias, weights, version, fitted

    def logit(self, norm: str) -> float:
        if not norm:
            return -LOGIT_CLIP
        grams = ngrams(norm)
        # fsum: the exact sum, whatever order the set yields its n-grams in (which follows
        # the hash seed): the same logit in every process.
        total = math.fsum(map(self.weights.get, grams, repeat(0.0)))
        z = self.bias + total / math.sqrt(len(grams))
        return max(-LOGIT_CLIP, min(LOGIT_CLIP, z))

    @classmethod
    def from_dict(cls, data: dict) -> "ContentModel":
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                   data.get("version", ""), data.get("fitted", ""))

    _packaged: "ContentModel | None" = None

    @classmethod
    def packaged(cls) -> "ContentModel":
        """The model shipped with boilerstrip (loaded once per process, on first use)."""
        if cls._packaged is None:
            import gzip  # only when a paragraph's logit is first read

            raw = package_data("data", MODEL_FILE)
            cls._packaged = cls.from_dict(json.loads(gzip.decompress(raw)))
        return cls._packaged
