"""The index directory: a manifest, the metadata and the vectors, replaced as a whole.

::

    INDEX/
      manifest.json      format, model name and fingerprint, index kind, corpus settings,
                         and the size and SHA-256 of the two files below
      clauses.sqlite3    documents and clauses (align.index.store)
      vectors.faiss      the FAISS index (align.index.vectors)

A build writes a new directory beside ``INDEX`` (``.INDEX.<pid>.<random>.tmp``) and swaps it in
with one rename (``renameat2(RENAME_EXCHANGE)`` where the system has it, else two renames), so a
reader never sees half an index. Opening checks every file against the manifest: a damaged
index is an :class:`~align.errors.InputError`, never a crash or a wrong answer.
"""
from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import InputError
from ..io import pid_alive, sha256_file

FORMAT = "clausealign.index/1"
MANIFEST = "manifest.json"
STORE = "clauses.sqlite3"
VECTORS = "vectors.faiss"
_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


@dataclass(frozen=True)
class Manifest:
    """What an index was built from and with."""

    model: str          # the encoder's name, loaded again to encode queries
    fingerprint: str    # the encoder's content fingerprint: another model is refused
    dim: int
    kind: str           # flat | hnsw
    requested_kind: str  # what the build asked for (auto unless --kind), reused by updates
    count: int
    root: str           # the corpus folder, absolute
    lang: str | None    # the language given for every document, or None (detected)
    presegmented: bool


def corrupt(path: Path, exc: BaseException | str) -> InputError:
    """The one-line error for a damaged index file or folder ``path``."""
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return InputError(f"{path}: corrupt clause index ({reason}); rebuild it with 'align index build --rebuild'")


def write_manifest(folder: Path, manifest: Manifest) -> None:
    """Write ``manifest.json`` into ``folder``, with the checksums of the files already there."""
    files = {name: {"bytes": (folder / name).stat().st_size, "sha256": sha256_file(folder / name)}
             for name in (STORE, VECTORS)}
    data = {"format": FORMAT, **asdict(manifest), "files": files}
    (folder / MANIFEST).write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def is_index(path: Path) -> bool:
    """True when ``path`` is a folder holding nothing but the files of an index (damaged or not, or
    none yet): what a build may replace."""
    try:
        names = {entry.name for entry in path.iterdir()}
    except OSError:
        return False
    return names <= {MANIFEST, STORE, VECTORS}


def read_manifest(path: Path) -> Manifest:
    """The manifest of the index at ``path``, after checking both files against it."""
    if not path.exists():
        raise InputError(f"{path}: no such clause index")
    if not path.is_dir() or not (path / MANIFEST).exists():
        raise InputError(f"{path}: not a clause index (build one with 'align index build DIR -o {path}')")
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise InputError(f"{path}: unsupported clause index format {data.get('format')!r} (this clausealign "
                             f"reads {FORMAT}); rebuild it with 'align index build --rebuild'")
        files = data.pop("files")
        data.pop("format")
        manifest = Manifest(**data)
        for name in (STORE, VECTORS):
            file = path / name
            if not file.is_file() or file.stat().st_size != files[name]["bytes"] or \
                    sha256_file(file) != files[name]["sha256"]:
                raise ValueError(f"{name} is missing or does not match its checksum")
    except InputError:
        raise
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise corrupt(path, exc) from None
    return manifest


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _remove_stale(folder: Path, name: str) -> None:
    """Remove build folders for ``name`` left by processes that are gone (a kill -9 mid-build)."""
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = _STALE.match(entry.name)
            if match and match["name"] == name and not pid_alive(int(match["pid"])):
                shutil.rmtree(entry, ignore_errors=True)


def check_target(path: Path) -> Path:
    """The index folder to write (a symbolic link resolved), refused when it is something else."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not target.parent.is_dir():
        raise InputError(f"{path}: folder {target.parent} does not exist")
    if target.exists() and not is_index(target):
        raise InputError(f"{path}: exists and is not a clause index; refusing to replace it")
    return target


def replace_index(path: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(folder)`` on a new folder beside ``path``, then put it in place of ``path``."""
    target = check_target(path)
    _remove_stale(target.parent, target.name)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        fill(tmp)
        os.chmod(tmp, 0o777 & ~_umask())
        if not target.exists():
            os.rename(tmp, target)
        elif not _exchange(tmp, target):
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent))
            os.rename(target, old / "index")
            try:
                os.rename(tmp, target)
            except OSError:
                os.rename(old / "index", target)
                raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
