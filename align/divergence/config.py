"""The knobs of the divergence stage, beside :class:`align.aligner.AlignConfig`."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import InputError
from ..vocab import KINDS, SEVERITIES, Severity


@dataclass(frozen=True)
class DivergenceConfig:
    """Thresholds of the divergence stage.

    ``probe_threshold``: cosine gain above which a removed source chunk counts as left out;
    ``boilerplate_words``: a line of at most this many words ranks as boilerplate (minor);
    ``message_width``: quoted text in messages is cut to this many characters;
    ``word_level``: run the word-level check when the encoder gives token vectors;
    ``unrelated_margin``, ``clear_margin``, ``clear_share``: the documents are reported as not
    translations of each other when the median margin of the aligned pairs is below
    ``unrelated_margin`` and under ``clear_share`` of them have a margin above ``clear_margin``
    (measured: translations 1.037-1.046 median and 29-44% clear; unrelated pairs 0.958-0.997
    and 0-4%; ``python eval/bench_unrelated.py``).

    The project's policy (``clausealign.toml``): ``severity`` maps a finding kind to the severity
    it gets instead of the table's, ``disabled`` names kinds not reported, and ``ignore`` holds
    regular expressions: a finding is not reported when a segment it names matches one.

    >>> DivergenceConfig(severity={"number": "major"}, disabled=frozenset({"moved"}), ignore=("^Copyright",)).ignore
    ('^Copyright',)
    """

    probe_threshold: float = 0.02
    boilerplate_words: int = 3
    message_width: int = 70
    word_level: bool = True
    unrelated_margin: float = 1.01
    clear_margin: float = 1.05
    clear_share: float = 0.10
    severity: Mapping[str, Severity] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    ignore: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 < self.probe_threshold < 1.0:
            raise InputError(f"probe_threshold must be between 0 and 1, not {self.probe_threshold}")
        if not 0.0 <= self.clear_share <= 1.0:
            raise InputError(f"clear_share must be between 0 and 1, not {self.clear_share}")
        if self.boilerplate_words < 0 or self.message_width < 10:
            raise InputError("boilerplate_words must be >= 0 and message_width >= 10")
        for kind in [*self.severity, *self.disabled]:
            if kind not in KINDS:
                raise InputError(f"unknown finding kind {kind!r} (expected one of {', '.join(KINDS)})")
        for kind, severity in self.severity.items():
            if severity not in SEVERITIES:
                raise InputError(f"severity of {kind} must be one of {', '.join(SEVERITIES)}, not {severity!r}")
        for pattern in self.ignore:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise InputError(f"ignore pattern {pattern!r} is not a valid regular expression ({exc})") from None
