"""Gettext PO files (read with polib): one pair per translated entry, ``msgid`` and ``msgstr``.

The target language is the header's ``Language``, the source language its ``X-Source-Language``
when present (else detected). Obsolete entries (``#~``) are not checked and untranslated ones are
skipped (reported by id); fuzzy entries are checked. A plural entry gives two or more pairs:
``msgid`` with ``msgstr[0]`` and ``msgid_plural`` with each further form. Unit ids are ``line N``,
the entry's first line, with its ``msgctxt`` when it has one (``line 12 (menu)``; ``line N [k]``
for plural form k).
"""
from __future__ import annotations

import re

from ..errors import InputError
from .base import BilingualFormat, Parsed, Unit


class Po(BilingualFormat):
    """PO catalogues."""

    name = "po"
    extensions = (".po",)
    signature = re.compile(r"(?m)^msgid\s+\"")

    def read(self, path: str, text: str, src_lang: str | None, tgt_lang: str | None) -> Parsed:
        import polib

        try:
            catalogue = polib.pofile(text.removeprefix("\ufeff") + "\n")
        except (OSError, ValueError, UnicodeError) as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise InputError(f"{path}: {'line ' + line[1] + ': ' if line else ''}not a valid PO file "
                             f"({str(exc).split(' (line')[0]})") from None
        units, skipped = [], []
        for entry in catalogue:
            if entry.obsolete or not entry.msgid:
                continue
            uid = f"line {entry.linenum}" + (f" ({entry.msgctxt})" if entry.msgctxt else "")
            if entry.msgid_plural:
                forms = sorted(entry.msgstr_plural.items())
                pairs = [(f"{uid} [{k}]", entry.msgid if k == 0 else entry.msgid_plural, msgstr) for k, msgstr in forms]
            else:
                pairs = [(uid, entry.msgid, entry.msgstr)]
            for name, source, target in pairs:
                if target.strip():
                    units.append(Unit(name, " ".join(source.split()), " ".join(target.split())))
                else:
                    skipped.append(name)
        meta = catalogue.metadata
        return Parsed(units, meta.get("X-Source-Language") or None, meta.get("Language") or None, tuple(skipped))
