"""The encoders known by name (``registry.toml`` beside this module) and how a name resolves.

    >>> default, specs = load_registry()
    >>> default, specs[default].backend
    ('e5-onnx', 'e5-onnx')
"""
from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

import tomllib

from ..errors import ModelError
from .base import EncoderSpec


def load_registry() -> tuple[str, dict[str, EncoderSpec]]:
    """Read ``registry.toml``: the default name and the named encoders."""
    path = resources.files(__package__) / "registry.toml"
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


def package_path(path: str) -> str:
    """Expand ``package:NAME/sub/dir`` to the folder inside an installed package."""
    if not path.startswith("package:"):
        return path
    package, _, sub = path[len("package:"):].partition("/")
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"the model package {package!r} is not installed (pip install it)")
    return str(Path(list(spec.submodule_search_locations)[0]) / sub)
