"""Any sentence-transformers model, loaded from local files only.

Nothing touches the network unless the caller passes ``allow_download=True`` (the CLI's
``--allow-download``): without it ``HF_HUB_OFFLINE`` and ``TRANSFORMERS_OFFLINE`` are forced
to 1 whatever the environment says, and the model is loaded with ``local_files_only``.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError
from .base import Progress, batched
from .cache import model_fingerprint


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded from local files only."""

    def __init__(self, name: str, path: str, prefix: str = "", batch_size: int = 32,
                 allow_download: bool = False, device: str = "cpu") -> None:
        if not allow_download:
            os.environ.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_DATASETS_OFFLINE="1")
        for key, value in (("TRANSFORMERS_VERBOSITY", "error"), ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
                           # oneDNN caches kernels per input shape; with every batch a new length
                           # that cache alone grew past 1 GB on 45,000 texts
                           ("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "64")):
            os.environ.setdefault(key, value)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:  # pragma: no cover - depends on the install
            raise ModelError("sentence-transformers is not installed (pip install 'clausealign[st]')") from None
        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)  # e.g. "loaded in bfloat16"
        import torch

        if device == "cuda" and not torch.cuda.is_available():
            raise ModelError("device 'cuda': torch sees no CUDA GPU (this torch build may be CPU-only)")
        self.device = "cuda" if device != "cpu" and torch.cuda.is_available() else "cpu"
        try:
            self.model = SentenceTransformer(path, device=self.device, local_files_only=not allow_download)
        except Exception as exc:  # the library raises many kinds; all mean "cannot load"
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            hint = "" if allow_download else " (nothing is downloaded without --allow-download)"
            raise ModelError(f"cannot load model {name!r} offline: {first}{hint}") from None
        self.name = name
        self.cache_id = f"st|{name}|{path}|{prefix}"
        # a local model is keyed by its content (moved or copied: same key; damaged: a new one)
        local = Path(path)
        self.fingerprint = f"st|{model_fingerprint(local)}|{prefix}" if local.exists() else None
        self.prefix = prefix
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode in chunks (so a progress bar can move), normalised float32."""
        out = []
        for chunk in batched(list(texts), 256):
            vecs = self.model.encode(
                [self.prefix + t for t in chunk],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            vecs = np.asarray(vecs, dtype=np.float32)
            out.append(vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12))
            if progress:
                progress(len(chunk))
        dim = getattr(self.model, "get_embedding_dimension", self.model.get_sentence_embedding_dimension)() or 0
        return np.vstack(out) if out else np.zeros((0, dim), dtype=np.float32)

    def token_embeddings(self, text: str) -> tuple[list[str], np.ndarray]:
        """The model's tokens of ``prefix + text`` and their contextual vectors."""
        full = self.prefix + text
        vecs = self.model.encode(full, output_value="token_embeddings", convert_to_tensor=True)
        tokens = self.model.tokenizer.convert_ids_to_tokens(self.model.tokenizer(full)["input_ids"])
        return tokens, vecs.float().cpu().numpy()

    def hidden_states(self, texts: Sequence[str], layer: int = 8,
                      max_tokens: int = 256) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Per text: the character offsets of its tokens in ``prefix + text`` and the vectors of
        hidden layer ``layer`` (special tokens included, offsets ``(0, 0)``)."""
        import torch

        transformer = self.model[0]
        if not hasattr(transformer, "auto_model") or not hasattr(self.model, "tokenizer"):
            raise TypeError("token vectors need a transformer sentence-transformers model")
        if not texts:
            return []
        batch = self.model.tokenizer([self.prefix + t for t in texts], return_offsets_mapping=True,
                                     padding=True, truncation=True, max_length=max_tokens,
                                     return_tensors="pt")
        offsets = batch.pop("offset_mapping").tolist()
        with torch.inference_mode():
            # torch types Module.__getattr__ as Tensor | Module, so mypy cannot see that the
            # transformers model behind ``auto_model`` is callable.
            out = transformer.auto_model(**batch, output_hidden_states=True)  # type: ignore[operator]
        hidden = out.hidden_states[layer].float().numpy()
        mask = batch["attention_mask"].numpy().astype(bool)
        return [([tuple(o) for o, m in zip(offsets[k], mask[k]) if m], hidden[k, mask[k]])
                for k in range(len(texts))]

