"""What every encoder shares: the :class:`Encoder` protocol, its spec and progress callbacks."""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

Progress = Callable[[int], None]
# Where an encoder runs: "auto" takes a CUDA GPU when the backend can use one, else the CPU.
DEVICES = ("cpu", "cuda", "auto")


def device_key(encoder: object) -> str:
    """What cache keys add for an encoder on a GPU (``"|cuda"``; ``""`` on the CPU): GPU kernels
    round differently, so their vectors are kept apart from the CPU's."""
    return "|cuda" if getattr(encoder, "device", "cpu") == "cuda" else ""


@dataclass(frozen=True)
class EncoderSpec:
    """One encoder as the registry (or a free-form ``--model``) describes it."""

    name: str
    backend: str
    path: str = ""
    prefix: str = ""
    multilingual: bool = True


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors."""

    name: str
    cache_id: str

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Return an ``(len(texts), dim)`` float32 array of unit vectors."""
        ...


def batched(texts: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    """Consecutive slices of ``texts`` of at most ``size`` items."""
    for start in range(0, len(texts), size):
        yield texts[start:start + size]
