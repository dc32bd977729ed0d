"""How common a word is in a language: wordfreq's Zipf scale (0 unknown ... 7 "the").

Lookups are remembered in the cache (``<cache>/wordfreq/<build>/<lang>.json``, ``<build>`` naming
the installed wordfreq): a run over documents seen before answers from there and never imports
wordfreq (0.16 s) nor loads its word lists (0.12-0.14 s a language). New lookups are added when the
process ends, merged with what other processes wrote; a damaged or unwritable file only costs the
lookups again.
"""
from __future__ import annotations

import atexit
import contextlib
import json
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

_UNKNOWN = -1.0  # remembered: wordfreq could not tell
_MAX_WORDS = 500_000  # a language's file stops growing here
_tables: dict[str, dict[str, float]] = {}
_new: dict[str, dict[str, float]] = {}
_lock = threading.Lock()


def zipf(word: str, lang: str, default: float = 0.0) -> float:
    """wordfreq's Zipf frequency of ``word`` in ``lang``; ``default`` when it cannot tell (a language
    wordfreq does not know, or one whose tokenizer is not installed: Chinese and Japanese need
    jieba and MeCab).

        >>> zipf("the", "en") > 7 > zipf("clicksend", "en")
        True
    """
    table = _table(lang)
    value = table.get(word)
    if value is None:
        value = _lookup(word, lang)
        with _lock:
            table[word] = value
            _new.setdefault(lang, {})[word] = value
    return default if value == _UNKNOWN else value


def _lookup(word: str, lang: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency; kept for a trimmed install
        return _UNKNOWN
    try:
        return float(zipf_frequency(word, lang))
    except Exception:  # unknown language, missing tokenizer
        return _UNKNOWN


def _table(lang: str) -> dict[str, float]:
    table = _tables.get(lang)
    if table is None:
        table = _tables.setdefault(lang, _read(_path(lang)))
    return table


def _read(path: Path | None) -> dict[str, float]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {w: float(v) for w, v in data.items() if isinstance(w, str) and isinstance(v, (int, float))}


@lru_cache(maxsize=1)
def _folder() -> Path | None:
    """The cache folder of the installed wordfreq (None without one)."""
    from importlib.util import find_spec

    from ..paths import cache_root

    spec = find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    stat = os.stat(spec.origin)
    return cache_root() / "wordfreq" / f"{stat.st_size}-{stat.st_mtime_ns}"


def _path(lang: str) -> Path | None:
    folder = _folder()
    return folder / f"{lang}.json" if folder is not None and lang.replace("-", "").isalnum() else None


def save() -> None:
    """Write this process's new lookups into the cache (also run when the process ends)."""
    with _lock:
        pending = {lang: dict(words) for lang, words in _new.items()}
        _new.clear()
    for lang, words in pending.items():
        path = _path(lang)
        if path is None:
            continue
        merged = {**_read(path), **words}
        if len(merged) > _MAX_WORDS:
            continue
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{lang}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(merged, out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


atexit.register(save)
