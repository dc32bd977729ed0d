"""Model directories built once into the cache: atomic builds, a manifest, verification, rebuilds.

A builder writes its files into a temporary sibling (``.NAME.tmp-PID-xxxx``) and
:func:`write_manifest` records every file's size and sha256 there; :func:`build` renames the
directory into place, so an interrupted build leaves nothing loadable and concurrent builders
cannot mix files. :func:`verify` checks a directory against its manifest (sizes on every load,
hashes on request); a directory that fails is damaged and the next :func:`build` replaces it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..io import pid_alive, sha256_file

MANIFEST_FILE = "manifest.json"
_TMP_MARK = ".tmp-"


def write_manifest(directory: Path, builder: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record every file under ``directory`` (size, sha256) with ``builder`` and ``fields``."""
    files = sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST_FILE)
    listing = {p.relative_to(directory).as_posix(): {"size": p.stat().st_size, "sha256": sha256_file(p)}
               for p in files}
    manifest = {"builder": builder, **(fields or {}), "files": listing}
    (directory / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def verify(directory: str | os.PathLike, builder: str, *, full: bool = False) -> dict[str, Any] | None:
    """The manifest if ``directory`` was made by ``builder`` and every file matches it, else None.

    Sizes only by default (cheap enough for every load); ``full`` also compares the hashes.
    """
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST_FILE).read_text(encoding="utf-8"))
        if manifest.get("builder") != builder:
            return None
        for name, entry in manifest["files"].items():
            path = directory / name
            if path.stat().st_size != entry["size"] or (full and sha256_file(path) != entry["sha256"]):
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return manifest


def _clean_stale(parent: Path, name: str) -> None:
    """Remove temporary build directories of ``name`` whose builder process is gone."""
    pattern = re.compile(re.escape(f".{name}{_TMP_MARK}") + r"(\d+)-")
    for entry in parent.glob(f".{name}{_TMP_MARK}*"):
        match = pattern.match(entry.name)
        if match and not pid_alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def build(parent: Path, name: str, builder: str, write: Callable[[Path], object]) -> Path:
    """Build ``parent/name`` with ``write(tmp)`` (which writes the manifest) and rename it into place.

    A damaged directory in the way (any file not matching its manifest's hash) is moved aside
    and deleted; a valid one written meanwhile by another builder is kept. Raises
    :class:`ModelError` when the cache cannot be written.
    """
    final = parent / name
    if sys.stderr.isatty():  # a few seconds, once: say so rather than sit silent
        print(f"align: building {name} in {parent} (once)...", file=sys.stderr, flush=True)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        _clean_stale(parent, name)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}{_TMP_MARK}{os.getpid()}-", dir=parent))
    except OSError as exc:
        raise ModelError(f"cannot create the model cache {parent}: {exc.strerror}") from None
    try:
        write(tmp)
        tmp.chmod(0o755)
        if final.exists() and verify(final, builder, full=True) is None:
            aside = tmp.with_name(tmp.name + "-damaged")
            os.rename(final, aside)  # one atomic step, then the slow delete
            shutil.rmtree(aside, ignore_errors=True)
        os.rename(tmp, final)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if verify(final, builder, full=True) is None:
            raise ModelError(f"cannot build the model in {parent}: {exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final
