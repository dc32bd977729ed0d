"""Where clausealign keeps its caches."""
from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """The cache directory: ``$CLAUSEALIGN_CACHE`` or ``~/.cache/clausealign``."""
    env = os.environ.get("CLAUSEALIGN_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "clausealign"

