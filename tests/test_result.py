"""The result's compact columns: what :class:`boilerstrip.result.Paragraphs` must hold, and
that the paragraph objects built from them say what one object per paragraph said."""

from __future__ import annotations

import pytest

from boilerstrip import Paragraph, Position, Verdict, analyze
from boilerstrip.result import KEEP, REMOVE, Evidence, Paragraphs, Rule, position
from boilerstrip.text import segment

BANNER = ("We use cookies and similar technologies to personalise content and ads and to analyse our "
          "traffic. By clicking Accept all, you agree to the storing of cookies on your device.")
ARTICLE = ["The city council voted on Tuesday to extend the tram line to the northern suburbs.",
           "Construction is expected to begin in the spring and to last about three years, officials said.",
           "Residents of the area have waited for more than a decade for a reliable connection to the centre.",
           "The mayor said the vote was a turning point for public transport in the region."]
TEXT = "\n\n".join([BANNER, "Accept all", *ARTICLE, "Share"]) + "\n"


def test_columns_hold_one_verdict_byte_a_paragraph_and_evidence_only_for_removals():
    result = analyze(TEXT)
    ps = result.paragraphs
    assert isinstance(ps, Paragraphs) and isinstance(ps.verdicts, bytes)
    assert len(ps.verdicts) == len(ps.spans) == len(ps) == 7
    assert set(ps.verdicts) <= {KEEP, REMOVE}
    removed = [i for i, v in enumerate(ps.verdicts) if v == REMOVE]
    assert removed == list(ps.removed_indexes()) == [p.index for p in result.removed]
    assert {0, 1} <= set(removed) and not set(removed) & {2, 3, 4, 5}
    assert sorted(ps.evidence) == removed and all(ps.evidence[i] for i in removed)
    assert set(ps.scores) <= set(range(len(ps)))


def test_paragraph_objects_are_built_from_the_columns():
    result = analyze(TEXT)
    ps = result.paragraphs
    _, _, spans = segment(TEXT)
    n = len(ps)
    for i, p in enumerate(ps):
        assert isinstance(p, Paragraph) and p.index == i and p.span == spans[i]
        assert p.verdict is (Verdict.REMOVE if ps.verdicts[i] == REMOVE else Verdict.KEEP)
        assert p.position is position(i, n, ps.edge)
        assert p.evidence == ps.evidence.get(i, ())
        s = ps.scores.get(i)
        assert (p.score, p.contributions) == ((None, ()) if s is None else (s.total, s.contributions))
        assert ps[i] == p == ps[i - n]
    assert ps[1:3] == (ps[1], ps[2]) and ps == tuple(ps) and ps == list(ps)
    with pytest.raises(IndexError):
        ps[n]


def test_positions_top_middle_bottom():
    assert [position(i, 10, 3) for i in range(10)] == [Position.TOP] * 3 + [Position.MIDDLE] * 4 + [Position.BOTTOM] * 3
    assert [position(i, 2, 3) for i in range(2)] == [Position.TOP] * 2


def test_with_removed_makes_new_columns_and_drops_the_score():
    result = analyze(TEXT)
    ps = result.paragraphs
    kept = next(i for i in range(len(ps)) if ps.verdicts[i] == KEEP)
    before = (ps.verdicts, dict(ps.evidence), dict(ps.scores))
    ev = Evidence(Rule.CHROME, 90.0, "test")
    other = ps.with_removed({kept: ev})
    assert (ps.verdicts, dict(ps.evidence), dict(ps.scores)) == before  # unchanged
    assert other.spans is ps.spans
    assert other[kept].removed and other[kept].evidence == (ev,)
    assert other[kept].score is None and other[kept].contributions == ()
    assert [p for p in other if p.index != kept] == [p for p in ps if p.index != kept]


def test_verdicts_and_spans_must_agree():
    _, _, spans = segment(TEXT)
    with pytest.raises(ValueError):
        Paragraphs(spans, bytes(len(spans) - 1), {}, {}, 3)


def test_output_from_the_columns_is_the_kept_paragraphs():
    result = analyze(TEXT)
    assert result.cleaned() == "\n\n".join(ARTICLE) + "\n"
    assert "".join(result.pieces()) == result.cleaned()
    assert analyze(result.cleaned()).removed == ()


def test_results_stay_hashable_and_equal_by_value():
    a, b = analyze(TEXT), analyze(TEXT)
    assert a == b and hash(a) == hash(b)
    assert hash(a.paragraphs) == hash(tuple(a.paragraphs))
    assert hash(a.paragraphs.spans) == hash(tuple(a.paragraphs.spans))
