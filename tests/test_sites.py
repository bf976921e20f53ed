"""Sites (registrable domains, offline) and repetition counted per site."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from boilerstrip import Options, analyze, clean
from boilerstrip.repetition import Counts, Repetition, document_hashes
from boilerstrip.result import Rule
from boilerstrip.sites import site_of

FAST = Options(detect_languages=False)


@pytest.mark.parametrize("url,site", [
    ("https://www.BBC.co.uk/news/world-1", "bbc.co.uk"),
    ("http://sport.lequotidienne.be/a?b=1#c", "lequotidienne.be"),
    ("lequotidienne.fr/path", "lequotidienne.fr"),
    ("https://alice.blogspot.com/2024/post", "alice.blogspot.com"),  # private suffix: one blog
    ("https://news.example.com.au:8443/x", "example.com.au"),
    ("http://192.0.2.7/page", "192.0.2.7"),
    ("https://[2001:DB8::1]/page", "2001:db8::1"),
    ("http://localhost:8000/", None),
    ("co.uk", None),
    ("", None),
    (None, None),
    ("not a url at all", None),
])
def test_site_of(url, site):
    assert site_of(url) == site


def test_site_of_never_touches_the_network():
    """A fresh process with sockets disabled still resolves sites (bundled suffix list)."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from boilerstrip.sites import site_of\n"
        "print(site_of('https://www.example.co.uk/a'), site_of('https://x.github.io/'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["example.co.uk", "x.github.io"]


NOTICE = "Enjoy the Valley Gazette ad-free: become a member for two euros a month."
WIRE = ("Storms flooded several villages in the north overnight, and rescue teams evacuated "
        "more than two hundred residents to schools and sports halls, officials said.")


def docs() -> list[tuple[str | None, str]]:
    out = []
    for i in range(3):
        out.append(("valley.example", f"Village fair number {i} drew large crowds this year.\n\n{NOTICE}\n"))
    for site in ("a.example", "b.example", "c.example"):
        out.append((site, f"From {site}.\n\n{WIRE}\n"))
    out.append((None, f"No address here.\n\n{WIRE}\n"))
    return out


def test_counts_are_kept_per_site_and_across_the_batch():
    rep = Repetition.from_documents(docs(), min_repeat=3)
    assert rep.docs == 7
    assert rep.count(NOTICE) == 3 and rep.count(NOTICE, site="valley.example") == 3
    assert rep.count(WIRE) == 4  # four documents of the batch...
    assert rep.count(WIRE, site="a.example") == 0  # ...but one page of each site
    assert rep.pages("valley.example") == 3 and rep.pages("a.example") == 1 and rep.pages("zzz") == 0
    # only 8-byte integer keys are kept, no texts
    assert all(isinstance(k, int) and 0 <= k < 2 ** 64 for k in (*rep.counts, *rep.site_counts, *rep.site_docs))


def test_site_view_is_what_the_engine_uses():
    rep = Repetition.from_documents(docs(), min_repeat=3)
    view = rep.for_site("valley.example")
    assert view.count(NOTICE) == 3 and view.docs == 3 and view.min_repeat == 3
    assert rep.for_site(None) is rep
    text = docs()[0][1]
    assert NOTICE in clean(text, FAST)  # single-document evidence: kept
    result = analyze(text, FAST, view)
    assert [p.evidence[0].rule for p in result.removed] == [Rule.REPEATED]
    assert NOTICE not in result.cleaned()
    wire_doc = docs()[3][1]
    assert clean(wire_doc, FAST, rep.for_site("a.example")) == wire_doc


def test_counts_merge_in_any_order_and_pickle():
    items = docs()
    whole = Counts()
    for site, text in items:
        whole.add_text(text, site)
    left, right = Counts(), Counts()
    for k, (site, text) in enumerate(items):
        (left if k % 2 else right).add(document_hashes(text), site)
    merged = pickle.loads(pickle.dumps(right)).merge(left)
    assert merged.freeze(3) == whole.freeze(3)
    assert Counts().merge(whole).freeze(2) == whole.freeze(2)


def test_existing_api_unchanged():
    texts = [t for _, t in docs()]
    rep = Repetition.from_texts(texts, min_repeat=3)
    assert rep.count(NOTICE) == 3 and rep.count(WIRE) == 4
    assert not rep.site_counts and not rep.site_docs
    assert rep.count(NOTICE, site="valley.example") == 0


def test_split_counts_freeze_to_the_same_repetition():
    whole = Counts()
    for site, text in docs():
        whole.add_text(text, site)
    for n in (1, 2, 5):
        parts = whole.split(n)
        assert len(parts) == n and sum(p.docs for p in parts) == whole.docs
        assert Repetition.combine(p.freeze(3) for p in parts) == whole.freeze(3)
    with pytest.raises(ValueError):
        Repetition.combine([whole.freeze(2), whole.freeze(3)])
