"""Which site a page belongs to: its registrable domain (the one module that uses tldextract).

Repetition is counted per site (:mod:`boilerstrip.repetition`), so "site" must mean the unit a
publisher controls: ``www.lequotidienne.be`` and ``sport.lequotidienne.be`` are one site,
``lequotidienne.be`` and ``lequotidienne.fr`` are two, and ``bbc.co.uk`` is not ``co.uk``. That
needs the Public Suffix List, which tldextract ships as a snapshot inside the package.

Offline by construction: the extractor is built with no list URLs and no cache directory, so it
never fetches the list nor writes a cache; it reads the bundled snapshot once per process.
Private suffixes of the list are honoured (``alice.blogspot.com`` and ``bob.blogspot.com`` are
two sites; so are two ``github.io`` pages), since they are run by different people.
"""

from __future__ import annotations

import threading
from functools import lru_cache

_lock = threading.Lock()
_extractor = None


def _get_extractor():
    global _extractor
    with _lock:
        if _extractor is None:
            import tldextract

            # suffix_list_urls=() and cache_dir=None: the bundled snapshot only, no network,
            # no files written.
            _extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                               fallback_to_snapshot=True,
                                               include_psl_private_domains=True)
    return _extractor


@lru_cache(maxsize=65536)
def site_of(url: str | None) -> str | None:
    """The site of ``url``: its registrable domain in lower case (``"bbc.co.uk"`` for
    ``"https://www.BBC.co.uk/news/1"``), an IP address for a URL that names one, or None when
    there is none (None, an empty string, ``localhost``, a bare word, a suffix alone).

    Accepts URLs with or without a scheme. Never raises for a string, never uses the network.
    """
    if not url or not isinstance(url, str):
        return None
    parts = _get_extractor()(url.strip())
    if parts.ipv4:
        return parts.ipv4
    if parts.ipv6:
        return parts.ipv6.lower()
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()
