"""Reading inputs and writing outputs safely: the only module of the library that touches files.

- Inputs are read whole as bytes and decoded without loss (:mod:`boilerstrip.encodings`:
  UTF-8 with ``surrogateescape``, UTF-16/32 with or without a byte-order mark, other
  encodings detected and written back in their own encoding).
- Binary files, directories, FIFOs and devices are refused with an :class:`InputError`
  naming the file, never read (a FIFO would block).
- Outputs (:func:`write_output`) go to regular files atomically (a temporary file beside the
  target, then a rename); a FIFO or a character device is written through, a symbolic link
  is followed to the file it names; nothing that is not a regular file is ever renamed over.
- The package's own data files (corpus, model, scorecard) are read by :func:`package_data`.
"""

from __future__ import annotations

import itertools
import os
import stat
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Iterator

from .encodings import AUTO, UTF8, Codec, NotText, sniff

if TYPE_CHECKING:
    from pathlib import Path

STDIN = "-"
#: Temporary outputs are named ``.<name>.<pid>.<serial>`` + this, beside their target.
TMP_SUFFIX = ".boilerstrip-tmp"
TMP_NAME_CHARS = 100
#: Paths below these are descriptors and devices: always written through, never replaced.
_DEVICE_ROOTS = ("/dev/", "/proc/")


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
    codec: Codec = field(default=UTF8)
    size: int = 0  # bytes read

    @property
    def encoding(self) -> str:
        return self.codec.name

    def encode(self, text: str) -> bytes:
        return b"".join(self.encode_pieces([text]))

    def byte_length(self, text: str) -> int:
        """Bytes a piece of this document's text takes in its encoding (no byte-order mark)."""
        return len(self.codec.encode(text))

    def encode_pieces(self, pieces: Iterable[str]) -> Iterator[bytes]:
        """Encode output like the input, piece by piece (a big output is never built whole);
        in UTF-8, whose every code point encodes alone, a long piece goes in ENCODE_CHUNK
        slices, so that a 200 MB paragraph run never exists twice (as text and as bytes)."""
        if self.codec.bom:
            yield self.codec.bom
        chunked = self.codec.name == UTF8.name
        for piece in pieces:
            if chunked and len(piece) > ENCODE_CHUNK:
                for k in range(0, len(piece), ENCODE_CHUNK):
                    yield self.codec.encode(piece[k : k + ENCODE_CHUNK])
            else:
                yield self.codec.encode(piece)


#: Characters of UTF-8 output encoded at a time (see Document.encode_pieces).
ENCODE_CHUNK = 1 << 20
#: The package's folder, where its data files are read (see package_data).
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def package_data(*parts: str) -> bytes:
    """The bytes of a file shipped inside the package: ``package_data("data", "x.json")``.

    Read from the package's folder; a package that is not in a folder (imported from a zip
    file) is read through importlib.resources, which costs a tenth of a small run's start-up
    to import, so the common case does without it. Raises OSError (FileNotFoundError when
    there is no such file).
    """
    if os.path.isdir(_PACKAGE_DIR):
        with open(os.path.join(_PACKAGE_DIR, *parts), "rb") as fh:
            return fh.read()
    from importlib import resources

    return resources.files(__package__).joinpath(*parts).read_bytes()


def package_view(*parts: str):
    """The bytes of a file shipped inside the package, mapped into memory read-only where the
    package is in a folder (pages are read as they are touched: a run that reads a part of a
    big data file reads only that part), else as :func:`package_data` reads them. Raises
    OSError (or ValueError for an empty file, which cannot be mapped)."""
    if os.path.isdir(_PACKAGE_DIR):
        import mmap

        with open(os.path.join(_PACKAGE_DIR, *parts), "rb") as fh:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    return package_data(*parts)


def package_files(folder: str) -> list[str]:
    """The names of the files in a folder of the package, sorted (see :func:`package_data`).
    Raises OSError."""
    if os.path.isdir(_PACKAGE_DIR):
        return sorted(e.name for e in os.scandir(os.path.join(_PACKAGE_DIR, folder)) if e.is_file())
    from importlib import resources

    return sorted(p.name for p in resources.files(__package__).joinpath(folder).iterdir() if p.is_file())


def os_reason(exc: OSError) -> str:
    """What went wrong, for a one-line error: "permission denied", "no such file or directory"."""
    return exc.strerror.lower() if exc.strerror else str(exc)


def decode_bytes(name: str, data: bytes, encoding: str = AUTO) -> Document:
    """Decode an input's bytes, or refuse it with an :class:`InputError`."""
    try:
        codec = sniff(data, encoding)
        return Document(name, codec.decode(data), codec, len(data))
    except NotText as exc:
        raise InputError(name, str(exc)) from None


def read_document(path: str, encoding: str = AUTO) -> Document:
    """Read one input path, or standard input for ``-``."""
    if path == STDIN:
        return decode_bytes("<stdin>", sys.stdin.buffer.read(), encoding)
    return decode_bytes(path, read_bytes(path), encoding)


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


_tmp_serial = itertools.count()


def temporary_name(path: Path) -> Path:
    """A temporary name beside ``path``: ``.<name>.<pid>.<serial>`` + :data:`TMP_SUFFIX`,
    unique per process and write (the name is shortened to fit where the target's does)."""
    return path.with_name(f".{path.name[:TMP_NAME_CHARS]}.{os.getpid()}.{next(_tmp_serial)}{TMP_SUFFIX}")


def _create_temporary(path: Path, mode: int) -> tuple[int, Path]:
    """Open a new temporary file beside ``path`` (``O_EXCL``: never an existing one, such as a
    leftover of a killed run whose process id came again)."""
    while True:
        tmp = temporary_name(path)
        try:
            return os.open(tmp, _TMP_FLAGS, mode), tmp
        except FileExistsError:
            continue


_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _write_all(fd: int, data: bytes | Iterable[bytes]) -> None:
    for chunk in [data] if isinstance(data, (bytes, bytearray)) else data:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view):]


def write_atomic(path: str | Path, data: bytes | Iterable[bytes], mode_from: str | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Either the old file stays or the whole new one is there; a failure (or an interruption)
    removes the temporary file and raises :class:`InputError` naming ``path``. A new output
    gets the usual permissions (0o666 less the umask, applied by the system when the file is
    created). ``mode_from`` copies that file's permission bits and makes the write durable
    (fsync before the rename): it is for in-place rewrites, where the old content is the
    user's only copy. New outputs are not fsynced (it costs more than cleaning the file); the
    rename still guarantees no half-written file under the name.
    """
    from pathlib import Path  # imported when a file is written (it costs a small run's start-up)

    path = Path(path)
    try:
        fd, tmp = _create_temporary(path, 0o600 if mode_from is not None else 0o666)
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {os_reason(exc)}") from None
    try:
        try:
            _write_all(fd, data)
            if mode_from is not None:
                os.fchmod(fd, stat.S_IMODE(os.stat(mode_from).st_mode))
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(str(path), f"cannot write: {os_reason(exc)}") from None
        raise


def write_output(path: str | Path, data: bytes | Iterable[bytes], mode_from: str | None = None) -> None:
    """Write an output without ever replacing something that is not a regular file.

    A regular file (or a new name) is written atomically (:func:`write_atomic`); a symbolic
    link to a regular file writes the file it names, atomically, and stays a link; a FIFO or a
    character device (``/dev/null``, ``/dev/stdout``) is opened and written through. A
    directory, a socket, a block device or a dangling link is refused with an
    :class:`InputError` naming ``path``.
    """
    path = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(path, "dangling symbolic link; not written through") from None
        st = None
    except OSError as exc:
        raise InputError(path, f"cannot write: {os_reason(exc)}") from None
    device = os.path.abspath(path).startswith(_DEVICE_ROOTS)
    if st is None or (stat.S_ISREG(st.st_mode) and not device):
        write_atomic(os.path.realpath(path) if st is not None else path, data, mode_from=mode_from)
    elif stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode) or stat.S_ISREG(st.st_mode):
        _write_through(path, data, truncate=stat.S_ISREG(st.st_mode))
    elif stat.S_ISDIR(st.st_mode):
        raise InputError(path, "is a directory; not written")
    else:
        raise InputError(path, "not a regular file, FIFO or character device; not written")


def _write_through(path: str, data: bytes | Iterable[bytes], truncate: bool) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | (os.O_TRUNC if truncate else 0))
        with os.fdopen(fd, "wb") as fh:
            for chunk in [data] if isinstance(data, (bytes, bytearray)) else data:
                fh.write(chunk)
    except OSError as exc:
        raise InputError(path, f"cannot write: {os_reason(exc)}") from None


#: Standard output is written in slices of this size, so that a reader closing the pipe
#: (``| head``) is noticed promptly instead of after one giant write.
STDOUT_CHUNK = 1 << 20


def write_stdout(data: bytes | Iterable[bytes]) -> None:
    """Write bytes to standard output; a closed pipe raises BrokenPipeError."""
    out = sys.stdout.buffer
    for chunk in [data] if isinstance(data, (bytes, bytearray)) else data:
        view = memoryview(chunk)
        start = 0
        while start < len(view):
            # A reader that closes mid-write gets a short count first; the retry raises EPIPE.
            written = out.write(view[start : start + STDOUT_CHUNK])
            if not written:
                raise BrokenPipeError(32, "Broken pipe")
            start += written
    out.flush()
