"""Loading and rendering the labelled cases of ``fixtures/cases`` (schema: fixtures/README.md),
and scoring an analysis against their labels. Used by the gate test and benchmarks/evaluate.py.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

from boilerstrip import Result, analyze

CASES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "cases"
HOLDOUT_DIR = CASES_DIR.parent / "holdout"
LABELS = {"article", "banner", "chrome"}
BOILERPLATE = {"banner", "chrome"}


@dataclass(frozen=True)
class Case:
    name: str
    data: dict

    @property
    def paragraphs(self) -> list[dict]:
        return self.data["paragraphs"]

    @property
    def xfail(self) -> str | None:
        return self.data.get("xfail")

    @property
    def tags(self) -> list[str]:
        return self.data.get("tags", [])

    def render(self) -> str:
        return self.render_spans()[0]

    def render_spans(self) -> tuple[str, list[tuple[int, int]]]:
        """The text, and each labelled paragraph's (start, end) in it."""
        nl = self.data.get("newline", "\n")
        texts = [p["text"] for p in self.paragraphs]
        if self.data["layout"] == "blocks":
            wrap = self.data.get("wrap", 0)
            if wrap:
                texts = [nl.join(textwrap.wrap(t, wrap, break_long_words=False, break_on_hyphens=False)) or t
                         for t in texts]
            sep = nl + nl
        else:
            sep = nl
        spans, pos = [], 0
        for t in texts:
            spans.append((pos, pos + len(t)))
            pos += len(t) + len(sep)
        text = sep.join(texts)
        return text + (nl if self.data.get("final_newline", True) else ""), spans

    def expected(self) -> str:
        """The rendered text of the article paragraphs only."""
        kept = dict(self.data, paragraphs=[p for p in self.paragraphs if p["label"] == "article"])
        return Case(self.name, kept).render() if kept["paragraphs"] else ""


def load_cases(folder: Path = CASES_DIR) -> list[Case]:
    cases = []
    for path in sorted(folder.glob("*.json")):
        cases.append(Case(path.stem, json.loads(path.read_text(encoding="utf-8"))))
    return cases


@dataclass
class Score:
    true_removed: int = 0  # boilerplate removed
    false_removed: int = 0  # journalism removed
    missed: int = 0  # boilerplate kept
    docs: int = 0
    docs_with_journalism_removed: int = 0

    def add(self, other: "Score") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def precision(self) -> float:
        removed = self.true_removed + self.false_removed
        return self.true_removed / removed if removed else 1.0

    @property
    def recall(self) -> float:
        total = self.true_removed + self.missed
        return self.true_removed / total if total else 1.0

    @property
    def clean_doc_share(self) -> float:
        return 1 - self.docs_with_journalism_removed / self.docs if self.docs else 1.0


def score_case(case: Case, result: Result) -> tuple[Score, list[str]]:
    """Compare verdicts with labels; also return human-readable errors.

    A labelled paragraph counts as removed when every result paragraph overlapping it was
    removed, so the score does not depend on how the segmenter split or joined lines.
    """
    _, spans = case.render_spans()
    s = Score(docs=1)
    errors = []
    for (start, end), lab in zip(spans, case.paragraphs):
        overlapping = [p for p in result.paragraphs if p.span.start < end and p.span.text_end > start]
        removed = bool(overlapping) and all(q.removed for q in overlapping)
        p = next((q for q in overlapping if q.removed), overlapping[0] if overlapping else None)
        if p is None:
            raise AssertionError(f"{case.name}: no paragraph at {start}-{end}")
        boiler = lab["label"] in BOILERPLATE
        if removed and boiler:
            s.true_removed += 1
        elif p.removed:
            s.false_removed += 1
            e = p.evidence[0]
            errors.append(f"REMOVED article #{p.index + 1} [{e.rule.value} {e.score:.0f} {e.detail}]: "
                          f"{lab['text'][:100]}")
        elif boiler:
            s.missed += 1
            errors.append(f"KEPT {lab['label']} #{p.index + 1} ({lab['lang']}): {lab['text'][:100]}")
    # A journalistic paragraph partly removed (merged with a removed one) is damage too.
    partly = any(q.removed for (a, b), lab in zip(spans, case.paragraphs) if lab["label"] == "article"
                 for q in result.paragraphs if q.span.start < b and q.span.text_end > a)
    s.docs_with_journalism_removed = int(s.false_removed > 0 or partly)
    return s, errors


def evaluate(cases: list[Case], options=None) -> tuple[Score, dict[str, list[str]]]:
    total = Score()
    errors: dict[str, list[str]] = {}
    for case in cases:
        result = analyze(case.render(), options) if options else analyze(case.render())
        s, errs = score_case(case, result)
        total.add(s)
        if errs:
            errors[case.name] = errs
    return total, errors
