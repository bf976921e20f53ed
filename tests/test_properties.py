"""Property tests over random documents mixing article and banner paragraphs in both layouts:
nothing is lost, only whole paragraphs go, clean is idempotent and deterministic."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boilerstrip import analyze, clean
from boilerstrip.corpus import SITE_SLOT, Kind, packaged_entries
from boilerstrip.text import segment

from .fixture_cases import load_cases

_CASES = load_cases()
ARTICLE = sorted({p["text"] for c in _CASES for p in c.paragraphs if p["label"] == "article"})
BANNER = sorted({p["text"] for c in _CASES for p in c.paragraphs if p["label"] != "article"})
CORPUS = sorted(e.text.replace(SITE_SLOT, "Nordic Daily Courier") for e in packaged_entries()
                if e.kind is not Kind.TERM)
ODD = ["", "   ", "\t", "caf\udce9 \udcff bytes", "Share", "…", "\ufeff", "x" * 300]

paragraph = st.one_of(st.sampled_from(ARTICLE), st.sampled_from(BANNER), st.sampled_from(CORPUS),
                      st.sampled_from(ODD), st.text(max_size=80))


@st.composite
def documents(draw):
    paras = [p.replace("\r", " ").replace("\n", " ") for p in draw(st.lists(paragraph, max_size=14))]
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    sep = nl * draw(st.sampled_from([1, 2, 3]))
    text = sep.join(paras)
    if draw(st.booleans()):
        text += nl
    return text


PROPERTY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(documents())
def test_kept_and_removed_rebuild_the_input(text):
    result = analyze(text)
    pieces = [text[: result.head]] + [text[p.span.start : p.span.end] for p in result.paragraphs]
    assert "".join(pieces) == text
    assert all(p.evidence for p in result.paragraphs if p.removed)
    assert all(not p.evidence for p in result.paragraphs if not p.removed)


@PROPERTY
@given(documents())
def test_output_is_a_subsequence_of_input_paragraphs(text):
    out = clean(text)
    _, head, spans = segment(text)
    # Kept paragraphs come whole; a removed paragraph may leave its blank lines behind.
    # (Blank lines are only left between kept paragraphs.)
    pieces = [text[s.start : s.end] for s in spans] + [text[s.line_end : s.end] for s in spans]
    pieces = [piece for pair in zip(pieces[: len(spans)], pieces[len(spans) :]) for piece in pair]

    # The last kept paragraph, when only removed ones follow it, ends as the input ends: with
    # its own line ending if the input ends with one, else without (and without separator).
    ending = spans and text.endswith(("\n", "\r"))
    last = [text[s.start : s.line_end if ending else s.text_end] for s in spans]

    @lru_cache(maxsize=None)
    def fits(k: int, pos: int) -> bool:  # out[pos:] is a concatenation of a subsequence of pieces[k:]
        if pos == len(out):
            return True
        if any(out.endswith(last[j // 2]) and len(out) - pos == len(last[j // 2])
               for j in range(k, len(pieces), 2)):
            return True
        return any(out.startswith(pieces[j], pos) and fits(j + 1 + (j % 2 == 0), pos + len(pieces[j]))
                   for j in range(k, len(pieces)) if pieces[j])

    assert out.startswith(text[:head]) and fits(0, head)


@PROPERTY
@given(documents())
def test_clean_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


def _digests(texts: list[str]) -> list[str]:
    return [hashlib.sha256(json.dumps(analyze(t).to_dict(), sort_keys=True).encode()).hexdigest()
            for t in texts]


SAMPLE = ["\n".join(BANNER[i : i + 3] + ARTICLE[i : i + 5]) for i in range(0, 90, 3)]
ROOT = Path(__file__).resolve().parent.parent


def test_results_do_not_depend_on_order_or_process():
    here = _digests(SAMPLE)
    assert _digests(SAMPLE[::-1])[::-1] == here
    code = "from tests.test_properties import SAMPLE, _digests; print(' '.join(_digests(SAMPLE)))"
    for seed in ("0", "12345"):
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.stdout.split() == here


BRIDGE = [
    "The mayor opened the new bridge on Tuesday after three years of construction and many delays in the town.",
    "Engineers said the structure would carry about twelve thousand vehicles a day once the final lanes open.",
    "Residents who had waited for the crossing gathered on both banks to watch the ribbon being cut at noon.",
    "Local shops reported a busy afternoon as families strolled across the deck and stopped for ice cream.",
]


def test_idempotent_when_a_removed_line_separated_a_paragraph_from_a_button():
    museum = ("The regional museum reopened with a new cookie display, content about traditions and a "
              "website, and visitors queued outside the hall all afternoon long.")
    text = "\n".join(BRIDGE[:3] + [museum, "Advertisement", "Allow embeds"] + BRIDGE[3:]) + "\n"
    once = clean(text)
    assert clean(once) == once and museum in once


def test_idempotent_when_a_removed_label_opened_a_wrapped_block():
    import textwrap

    notice = ("Your privacy settings have been saved. You can change them at any time via the "
              "\"Privacy settings\" link at the bottom of the page.")
    block = "Share\n" + "\n".join(textwrap.wrap(notice, 60))
    text = "\n\n".join(BRIDGE[:2] + [block] + BRIDGE[2:]) + "\n"
    once = clean(text)
    assert clean(once) == once and "Your privacy settings" not in once
