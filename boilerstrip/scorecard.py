"""The scorecard: one place where signals become a score, and a score a verdict.

Each signal (see :func:`boilerstrip.signals.signals`) is a number; the scorecard multiplies
it by its weight, adds a bias, and calls the sum the paragraph's *score*: log-odds that the
paragraph is boilerplate, in nats (0 = even odds; +2.2 = 9 to 1). A paragraph whose score
reaches ``threshold`` is removed (``Rule.SCORECARD``), unless a hand-set veto in
:mod:`boilerstrip.rules` keeps it. Each term ``weight x value`` is a *contribution*; every
paragraph, kept or removed, carries its contributions, so a person can see which signals
pushed it which way.

Weights, bias and threshold are versioned data, ``boilerstrip/data/scorecard-v1.json``:
``{"version", "fitted", "bias", "threshold", "weights": {signal: weight}}``. They were fitted
by ``benchmarks/fit.py`` (logistic regression; see its docstring for the data, the groups of
the cross-validation and how the threshold was chosen); ``"fitted"`` records it.

Signals whose value depends on *removed* paragraphs (``MONOTONE``) must have weights >= 0:
removing a paragraph may then only lower its neighbours' scores on a second run, which is
what keeps ``clean`` idempotent. :meth:`Scorecard.__init__` checks it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .files import package_data

SCORECARD_FILE = "scorecard-v1.json"
#: Signals that look at removed paragraphs: their weights may not be negative.
MONOTONE = frozenset({"beside_removed", "beside_banner", "ngram_beside"})


@dataclass(frozen=True, slots=True)
class Score:
    """A paragraph's score (log-odds, nats) and the signed contributions that make it up,
    largest magnitude first: ``(signal, weight x value)``."""

    total: float
    contributions: tuple[tuple[str, float], ...]

    def top(self, n: int = 3) -> tuple[tuple[str, float], ...]:
        return self.contributions[:n]


class Scorecard:
    """Weights over named signals. Unknown signals weigh 0; missing signals count as 0."""

    def __init__(self, bias: float, weights: dict[str, float], threshold: float,
                 version: str = "", fitted: str = "") -> None:
        bad = sorted(k for k in MONOTONE if weights.get(k, 0.0) < 0)
        if bad:
            raise ValueError(f"scorecard: negative weight for {', '.join(bad)} (see MONOTONE)")
        self.bias, self.weights, self.threshold = bias, dict(weights), threshold
        self.version, self.fitted = version, fitted

    def score(self, signals: dict[str, float]) -> Score:
        w = self.weights
        parts = [(k, w[k] * v) for k, v in signals.items() if k in w and v]
        parts.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
        return Score(self.bias + sum(v for _, v in parts), tuple(parts))

    def to_dict(self) -> dict:
        return {"version": self.version, "fitted": self.fitted, "bias": self.bias,
                "threshold": self.threshold, "weights": self.weights}

    @classmethod
    def from_dict(cls, data: dict) -> "Scorecard":
        return cls(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()},
                   float(data["threshold"]), data.get("version", ""), data.get("fitted", ""))

    _packaged: "Scorecard | None" = None

    @classmethod
    def packaged(cls) -> "Scorecard":
        """The scorecard shipped with boilerstrip (loaded once per process)."""
        if cls._packaged is None:
            raw = package_data("data", SCORECARD_FILE).decode("utf-8")
            cls._packaged = cls.from_dict(json.loads(raw))
        return cls._packaged
