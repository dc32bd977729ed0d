"""Reading documents safely and writing outputs atomically, never over an input.

Inputs are decoded from UTF-8, or UTF-16/UTF-32 when the file starts with that byte-order mark.
The mark stays in the text as U+FEFF (it never starts a segment), so segment offsets count the
characters of the file as it is. A document over :data:`MAX_INPUT_BYTES` is refused unless the
caller raises the limit (``--max-input-mb``).

Outputs are written through a temporary file beside the target and a rename: a reader never
sees half a file, a failure leaves nothing, a new file gets the umask's mode (0644 under umask
022) and a replaced file keeps its mode. Writing onto a symbolic link writes the file it points
to; writing onto one of the inputs (also through a link or a hard link) is refused.
"""
from __future__ import annotations

import codecs
import contextlib
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError

MAX_INPUT_BYTES = 2_000_000
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_text(name: str, data: bytes) -> str:
    """Decode a text document's bytes (see the module docstring); one-line :class:`InputError` for
    binary data, a wrong encoding or an empty document."""
    text = _decode(name, data)
    if not text.strip("\ufeff \t\r\n\f\v"):
        raise InputError(f"{name}: empty document")
    return text


def _decode(name: str, data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: not valid {codec.upper()} (byte {exc.start})") from None
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), expected text (UTF-8, or UTF-16/32 with a BOM)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{name}: line {line}: not valid UTF-8 (byte {exc.start}); convert it first, "
                         f"e.g. with iconv") from None


def read_bytes(path: str | Path, max_bytes: int | None = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a document (``"-"`` is standard input); one-line :class:`InputError` for a
    missing, unreadable, empty or too large file."""
    name = str(path)
    limit = None if max_bytes is None else max_bytes + 1
    try:
        if name == "-":
            data = sys.stdin.buffer.read(-1 if limit is None else limit)
        else:
            with open(name, "rb") as handle:
                data = handle.read(-1 if limit is None else limit)
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a document") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(f"{name}: larger than {max_bytes / 1e6:g} MB, the most one run handles in bounded "
                         f"memory; split it, or raise the limit with --max-input-mb")
    if not data:
        raise InputError(f"{name}: empty document")
    return data


def read_text(path: str | Path, max_bytes: int | None = MAX_INPUT_BYTES) -> str:
    """Read a text document (``"-"`` is standard input); see the module docstring for encodings.

    Raises :class:`InputError` with a one-line message for a missing, unreadable, empty,
    binary, wrongly encoded or too large file.
    """
    return decode_text(str(path), read_bytes(path, max_bytes))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _resolve_output(path: str | Path, inputs: Iterable[str | Path]) -> Path:
    """The path to write (a symbolic link resolved to its target), refused when it is an input,
    a folder, not a regular file, or its folder is missing."""
    target = Path(os.path.realpath(path)) if Path(path).is_symlink() else Path(path)
    for item in inputs:
        if str(item) != "-" and _same_file(target, Path(item)):
            raise InputError(f"{path}: is one of the inputs; refusing to overwrite it with the output")
    if target.is_dir():
        raise InputError(f"{path}: is a directory; name a file to write")
    folder = target.parent
    if not folder.is_dir():
        raise InputError(f"{path}: folder {folder} does not exist")
    if target.exists() and not target.is_file():
        raise InputError(f"{path}: not a regular file; refusing to replace it")
    return target


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Validate an output path before any work: what :func:`write_atomic` would refuse, and
    whether its folder can really be written. Returns the path to write."""
    target = _resolve_output(path, inputs)
    folder = target.parent
    try:  # the real test of writability (permissions, read-only mounts, /proc ...)
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)
    return target


_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


def pid_alive(pid: int) -> bool:
    """True while process ``pid`` runs (also when another user owns it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(folder: Path, name: str) -> None:
    """Remove temporaries of ours for ``name`` whose writing process is gone (a kill -9 mid-write)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = _STALE.match(entry.name)
            if match and match["name"] == name and not pid_alive(int(match["pid"])):
                entry.unlink(missing_ok=True)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, data: str | bytes, inputs: Iterable[str | Path] = ()) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (see the module docstring)."""
    target = _resolve_output(path, inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = target.parent
    _remove_stale(folder, target.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_file(path: str | Path) -> str:
    """The hex sha256 of a file, read in 4 MB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()
