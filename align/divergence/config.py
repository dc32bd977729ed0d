"""The knobs of the divergence stage, beside :class:`align.aligner.AlignConfig`."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class DivergenceConfig:
    """Thresholds of the divergence stage.

    ``probe_threshold``: cosine gain above which a removed source chunk counts as left out;
    ``boilerplate_words``: a line of at most this many words ranks as boilerplate (minor);
    ``message_width``: quoted text in messages is cut to this many characters.
    """

    probe_threshold: float = 0.02
    boilerplate_words: int = 3
    message_width: int = 70

    def __post_init__(self) -> None:
        if not 0.0 < self.probe_threshold < 1.0:
            raise InputError(f"probe_threshold must be between 0 and 1, not {self.probe_threshold}")
        if self.boilerplate_words < 0 or self.message_width < 10:
            raise InputError("boilerplate_words must be >= 0 and message_width >= 10")
