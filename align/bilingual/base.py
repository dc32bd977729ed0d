"""What every bilingual format shares: the :class:`Unit` and :class:`Parsed` records, the
:class:`Note` written back, and the :class:`BilingualFormat` base class of the readers."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from ..errors import InputError


@dataclass(frozen=True)
class Unit:
    """One pair as a reader finds it: its id and both texts (stripped, non-empty)."""

    id: str
    source: str
    target: str


@dataclass(frozen=True)
class Parsed:
    """What a reader finds in a file: the units to check, the languages the file declares (None
    when it does not), and the ids of the units left out because they have no target text."""

    units: list[Unit]
    src_lang: str | None = None
    tgt_lang: str | None = None
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Note:
    """A finding written back into a unit: its severity and one line of text."""

    severity: str
    text: str


PRIORITY = {"critical": "1", "major": "2", "minor": "3"}


class BilingualFormat:
    """A bilingual file format (one subclass per format, registered in :data:`align.bilingual.FORMATS`).

    ``extensions`` pick the format by file name and ``signature`` (searched in the first 2,000
    characters) by content. :meth:`read` turns the decoded text into units; formats that can take
    findings back (XLIFF) also implement :meth:`write_back`.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    signature: ClassVar[re.Pattern[str] | None] = None

    def read(self, path: str, text: str, src_lang: str | None, tgt_lang: str | None) -> Parsed:
        """The units of the file and its languages; ``src_lang``/``tgt_lang`` are the languages the
        caller asked for (a reader of a multilingual file uses them to pick the two sides)."""
        raise NotImplementedError

    def write_back(self, path: str, text: str, notes: Sequence[Sequence[Note]]) -> bytes:
        """The file with ``notes[i]`` added to the unit of pair ``i`` and the unit marked for review."""
        raise InputError(f"{path}: findings can be written back into XLIFF files only, not {self.name}")
