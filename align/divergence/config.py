"""The knobs of the divergence stage, beside :class:`align.aligner.AlignConfig`."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


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
    """

    probe_threshold: float = 0.02
    boilerplate_words: int = 3
    message_width: int = 70
    word_level: bool = True
    unrelated_margin: float = 1.01
    clear_margin: float = 1.05
    clear_share: float = 0.10

    def __post_init__(self) -> None:
        if not 0.0 < self.probe_threshold < 1.0:
            raise InputError(f"probe_threshold must be between 0 and 1, not {self.probe_threshold}")
        if not 0.0 <= self.clear_share <= 1.0:
            raise InputError(f"clear_share must be between 0 and 1, not {self.clear_share}")
        if self.boilerplate_words < 0 or self.message_width < 10:
            raise InputError("boilerplate_words must be >= 0 and message_width >= 10")
