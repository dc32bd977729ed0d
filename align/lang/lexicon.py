"""Per-language word lists of the checks, read from ``align/lang/<table>/<lang>.txt``.

A list file has sections: a line ``[name]`` starts one, every other line is an entry; ``#``
starts a comment, blank lines are skipped.  Entries are returned as written (stripped), so a
check decides how to read them (``word value``, a regular expression...).  A language without a
file has no entries: the check then stays silent rather than guessing.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def sections(table: str, lang: str) -> dict[str, tuple[str, ...]]:
    """The sections of ``align/lang/<table>/<lang>.txt`` (empty when there is no such file)."""
    path = resources.files("align.lang") / table / f"{lang}.txt"
    if not path.is_file():
        return {}
    found: dict[str, list[str]] = {}
    current = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            found.setdefault(current, [])
            continue
        found.setdefault(current, []).append(line)
    return {name: tuple(lines) for name, lines in found.items()}


def entries(table: str, lang: str, section: str) -> tuple[str, ...]:
    """The entries of one section (empty if the file or the section is missing)."""
    return sections(table, lang).get(section, ())


def valued(table: str, lang: str, section: str) -> dict[str, int]:
    """Entries ``words... value`` of one section as {words: value} (value an integer)."""
    out: dict[str, int] = {}
    for line in entries(table, lang, section):
        words, _, value = line.rpartition(" ")
        out[words.strip().lower()] = int(value)
    return out


def has(table: str, lang: str) -> bool:
    """``lang`` has a list file in ``table``."""
    return bool(sections(table, lang))


def pairs(table: str, lang: str, section: str) -> list[tuple[str, str]]:
    """Entries ``words... last`` of one section as (words, last); the words may hold spaces."""
    out = []
    for line in entries(table, lang, section):
        words, _, last = line.rpartition(" ")
        if words.strip():
            out.append((words.strip(), last))
    return out
