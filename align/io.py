"""Reading documents safely and writing outputs atomically."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text document (``"-"`` is standard input).

    Raises :class:`InputError` with a one-line message for a missing, unreadable,
    empty, binary or non-UTF-8 file.
    """
    name = str(path)
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a document") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 (byte {exc.start}); convert it first, e.g. with iconv") from None
    if not text.strip():
        raise InputError(f"{name}: empty document")
    return text


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file and a failure leaves no file behind.
    """
    target = Path(path)
    if target.parent and not target.parent.is_dir():
        raise InputError(f"{target}: folder {target.parent} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
