"""Reading inputs and writing outputs safely: the only module of the library that touches files.

- Inputs are read whole as bytes and decoded without loss (UTF-8 with ``surrogateescape``;
  UTF-16 with a byte-order mark is decoded and written back in UTF-16 with the same mark).
- Binary files (NUL bytes without a UTF-16 mark), directories, FIFOs and devices are refused
  with an :class:`InputError` naming the file, never read (a FIFO would block).
- Outputs are written atomically: a temporary file beside the target, flushed, then renamed.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .text import decode, encode

STDIN = "-"
#: Temporary outputs are named ``.<name>.<random>`` + this, beside their target.
TMP_SUFFIX = ".boilerstrip-tmp"
TMP_NAME_CHARS = 100
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class InputError(Exception):
    """A file cannot be processed; ``str()`` is ``<path>: <what happened>``."""

    def __init__(self, path: str, message: str) -> None:
        self.path, self.message = path, message
        super().__init__(f"{path}: {message}")


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded input: its name (as given), its text and how to encode output like it."""

    name: str
    text: str
    encoding: str = "utf-8"  # "utf-8" (lossless via surrogateescape) or "utf-16-le"/"utf-16-be"

    def encode(self, text: str) -> bytes:
        return b"".join(self.encode_pieces([text]))

    def byte_length(self, text: str) -> int:
        """Bytes a piece of this document's text takes in its encoding (no BOM)."""
        return len(encode(text) if self.encoding == "utf-8" else text.encode(self.encoding))

    def encode_pieces(self, pieces: Iterable[str]) -> Iterator[bytes]:
        """Encode output like the input, piece by piece (a big output is never built whole)."""
        if self.encoding == "utf-8":
            for piece in pieces:
                yield encode(piece)
            return
        yield codecs.BOM_UTF16_LE if self.encoding == "utf-16-le" else codecs.BOM_UTF16_BE
        for piece in pieces:
            yield piece.encode(self.encoding)


def os_reason(exc: OSError) -> str:
    """What went wrong, for a one-line error: "permission denied", "no such file or directory"."""
    return exc.strerror.lower() if exc.strerror else str(exc)


def decode_bytes(name: str, data: bytes) -> Document:
    """Decode an input's bytes, or refuse it with an :class:`InputError`."""
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                return Document(name, data[len(bom):].decode(codec), codec)
            except UnicodeDecodeError:
                raise InputError(name, "invalid UTF-16 text (has a UTF-16 byte-order mark)") from None
    if b"\x00" in data:
        raise InputError(name, "binary file (contains NUL bytes), not text")
    return Document(name, decode(data), "utf-8")


def read_document(path: str) -> Document:
    """Read one input path, or standard input for ``-``."""
    if path == STDIN:
        return decode_bytes("<stdin>", sys.stdin.buffer.read())
    return decode_bytes(path, read_bytes(path))


def read_bytes(path: str) -> bytes:
    """A regular file's bytes; directories, FIFOs, devices and missing paths are refused."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(path, "dangling symbolic link") from None
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, os_reason(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(path, "not a regular file (FIFO, socket or device); not read")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(path, os_reason(exc)) from None


def write_atomic(path: str | Path, data: bytes | Iterable[bytes], mode_from: str | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Either the old file stays or the whole new one is there; a failure removes the temporary
    file and raises :class:`InputError` naming ``path``. ``mode_from`` copies permission bits
    and makes the write durable (fsync before the rename): it is for in-place rewrites, where
    the old content is the user's only copy. New outputs are not fsynced (it costs more than
    cleaning the file); the rename still guarantees no half-written file under the name.
    """
    path = Path(path)
    try:
        # The temporary name must fit where the target's does: a long name is shortened.
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:TMP_NAME_CHARS]}.", suffix=TMP_SUFFIX,
                                   dir=path.parent if str(path.parent) else ".")
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {os_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, (bytes, bytearray)):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            if mode_from is not None:
                fh.flush()
                os.fsync(fh.fileno())
        if mode_from is not None:
            os.chmod(tmp, stat.S_IMODE(os.stat(mode_from).st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(str(path), f"cannot write: {os_reason(exc)}") from None
        raise
