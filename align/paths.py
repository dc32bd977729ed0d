"""Where clausealign keeps its caches and finds its model registry."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_root() -> Path:
    """The cache directory: ``$CLAUSEALIGN_CACHE`` or ``~/.cache/clausealign``."""
    env = os.environ.get("CLAUSEALIGN_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "clausealign"


def models_dir() -> Path:
    """The ``models/`` folder: the repository's, or the copy installed under ``share/``."""
    here = Path(__file__).resolve().parent.parent / "models"
    if (here / "registry.toml").is_file():
        return here
    return Path(sys.prefix) / "share" / "clausealign" / "models"
