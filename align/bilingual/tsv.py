"""Pairs as tab-separated lines: ``source<TAB>target``, one pair per line (UTF-8)."""
from __future__ import annotations

from ..errors import InputError
from .base import BilingualFormat, Parsed, Unit


class Tsv(BilingualFormat):
    """One unit per line, id ``line N`` (1-based); the first tab separates the sides.

    A line without a tab or with an empty side is an error naming the line; a final
    newline is allowed, a blank line inside the file is not (it would shift the pairs).
    The file names no languages.
    """

    name = "tsv"
    extensions = (".tsv", ".tab")

    def read(self, path: str, text: str, src_lang: str | None, tgt_lang: str | None) -> Parsed:
        lines = text.removeprefix("\ufeff").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        units = []
        for number, raw in enumerate(lines, 1):
            line = raw.removesuffix("\r")
            source, tab, target = line.partition("\t")
            if not tab:
                raise InputError(f"{path}: line {number}: no tab between source and target"
                                 + (" (blank line)" if not line.strip() else ""))
            source, target = source.strip(), target.strip()
            if not source or not target:
                side = "source" if not source else "target"
                raise InputError(f"{path}: line {number}: empty {side}")
            units.append(Unit(f"line {number}", source, target))
        return Parsed(units)
