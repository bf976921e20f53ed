"""How an input's bytes encode its text: the only module that uses charset-normalizer.

``sniff(data, requested)`` returns a :class:`Codec` (codec name, byte-order mark, error
handler) or raises :class:`NotText`. With ``requested="auto"``:

1. a UTF-32 or UTF-16 byte-order mark names the codec (the mark is written back);
2. valid UTF-8 is UTF-8 (a UTF-8 mark stays part of the text, as it always did);
3. bytes with NULs are UTF-16/32 without a mark when they decode to printable text with the
   NUL pattern such text has (one byte in two, or three in four, zero); else binary;
4. UTF-8 with a few stray bytes (more valid non-ASCII characters than bad bytes) stays UTF-8;
   other bytes that are not valid UTF-8 are given to charset-normalizer, and its guess is kept only
   when decoding and encoding again gives back exactly the same bytes, with a codec that
   encodes slices exactly (no shift states). On short texts its guesses are unreliable
   ("Très bien" reads as Big5): when it recognises no language, or a Western single-byte
   code page decodes as cleanly, Windows-1252 is used. When nothing fits, UTF-8 with
   ``surrogateescape`` keeps every byte.

A named encoding (``--encoding latin-1``) is used as given; bytes it cannot decode are an
error. ``utf-8`` always decodes with ``surrogateescape`` (undecodable bytes survive).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .text import ERRORS

AUTO = "auto"
#: Byte-order marks that name a codec (UTF-32 first: its LE mark starts like UTF-16's).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
#: Code pages preferred when charset-normalizer's guess is no better (same text, usual origin).
WESTERN = ("cp1252", "latin_1", "iso8859_15")
#: A guess whose language charset-normalizer cannot tell (coherence below this) is not trusted.
MIN_COHERENCE = 0.1
#: Share of printable characters (or whitespace) a BOM-less UTF-16/32 decoding must reach.
MIN_PRINTABLE = 0.95
#: Share of code units whose low byte may be zero in BOM-less UTF-16/32.
MAX_ZERO_LOW = 0.01
#: Bytes looked at for those shares (a multiple of 4).
SAMPLE_BYTES = 1 << 16
#: Stateful codecs: a slice of the text would not encode to the same bytes as in the whole.
_STATEFUL = ("2022", "utf_7", "utf-7", "hz", "utf_16", "utf_32", "utf-16", "utf-32")
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


class NotText(ValueError):
    """The bytes are not text in the requested (or any detected) encoding."""


@dataclass(frozen=True, slots=True)
class Codec:
    name: str = "utf-8"
    bom: bytes = b""
    errors: str = ERRORS

    def decode(self, data: bytes) -> str:
        return data[len(self.bom):].decode(self.name, self.errors)

    def encode(self, text: str) -> bytes:
        return text.encode(self.name, self.errors)


UTF8 = Codec()


def check_name(name: str) -> str:
    """A codec name as given, or ``auto``; raises LookupError for an unknown one."""
    if name != AUTO:
        codecs.lookup(name)
    return name


def sniff(data: bytes, requested: str = AUTO) -> Codec:
    """The codec of ``data`` (see the module docstring); :class:`NotText` when binary."""
    if requested != AUTO:
        return _named(data, requested)
    for bom, name in BOMS:
        if data.startswith(bom):
            codec = Codec(name, bom, "strict")
            try:
                codec.decode(data)
            except UnicodeDecodeError:
                raise NotText(f"invalid {name[:6].upper()} text (has a {name[:6].upper()} byte-order mark)") from None
            return codec
    if b"\x00" in data:
        wide = _bomless_wide(data)
        if wide is None:
            raise NotText("binary file (contains NUL bytes), not text")
        return wide
    try:
        data.decode("utf-8")
        return UTF8
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", ERRORS)
    invalid = len(_ESCAPED.findall(text))
    if len(_NON_ASCII.findall(text)) > 2 * invalid:
        return UTF8  # UTF-8 with a few stray bytes: they survive as escapes
    return _guess(data)


def _named(data: bytes, name: str) -> Codec:
    if codecs.lookup(name).name == "utf-8":
        if b"\x00" in data:
            raise NotText("binary file (contains NUL bytes), not text")
        return UTF8
    codec = Codec(name, b"", "strict")
    try:
        codec.decode(data)
    except UnicodeDecodeError as exc:
        raise NotText(f"not valid {name} text (byte {exc.start})") from None
    return codec


def _bomless_wide(data: bytes) -> Codec | None:
    """UTF-16 or UTF-32 without a byte-order mark, told by where the zero bytes fall."""
    for name, unit, low in (("utf-32-le", 4, 0), ("utf-32-be", 4, 3), ("utf-16-le", 2, 0), ("utf-16-be", 2, 1)):
        if len(data) % unit:
            continue
        sample = data[:SAMPLE_BYTES]
        units = len(sample) // unit
        # A zero low byte means a character U+xx00: rare in text, common in binary data.
        if sample[low::unit].count(0) > MAX_ZERO_LOW * units:
            continue
        try:
            text = codecs.getincrementaldecoder(name)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or not text:
            continue
        printable = sum(1 for c in text if c.isprintable() or c.isspace())
        if printable < MIN_PRINTABLE * len(text):
            continue
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return Codec(name, b"", "strict")
    return None


def _exact(data: bytes, name: str) -> bool:
    if any(s in name.lower() for s in _STATEFUL):
        return False
    try:
        return data.decode(name).encode(name) == data
    except (UnicodeError, LookupError):
        return False


def _guess(data: bytes) -> Codec:
    from charset_normalizer import from_bytes

    results = [r for r in from_bytes(data) if _exact(data, r.encoding)]
    best = results[0] if results else None
    for r in results:
        if r.encoding in WESTERN and r.chaos <= best.chaos and r.coherence >= best.coherence:
            best = r
            break
    if best is None or best.coherence < MIN_COHERENCE:
        for name in WESTERN:
            if _exact(data, name):
                return Codec(name, b"", "strict")
        return UTF8 if best is None else Codec(best.encoding, b"", "strict")
    return Codec(best.encoding, b"", "strict")
