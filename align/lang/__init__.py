"""Language knowledge in one place: codes, detection, and per-language word lists.

Every language code that enters clausealign goes through :func:`normalise` (BCP-47
by ``langcodes``: ``NO`` -> ``nb``, ``pt_br`` -> ``pt-BR``, ``iw`` -> ``he``), and an
unknown code is an :class:`~align.errors.InputError`. :func:`base` gives the primary
language the checks key their data by (every Norwegian variant is ``nb``), and
:func:`chain` the order in which data files are looked up (``nn`` -> ``nn``, ``nb``).

Word lists live in this package as ``<list>/<code>.txt`` (one entry a line, ``#``
comments), e.g. ``obligation/de.txt``; :func:`word_list` finds the first file along
the chain, so adding a language means adding files, not code.

    >>> normalise("NO"), normalise("pt_br"), base("nn"), chain("nn")
    ('nb', 'pt-BR', 'nb', ('nn', 'nb'))
    >>> "skal" in word_list("obligation", "nn")
    True
"""
from __future__ import annotations

import contextlib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["base", "chain", "detect_language", "langid_codes", "normalise", "word_list"]

# Norwegian: the macrolanguage and both written standards share one set of data.
_NORWEGIAN = {"no": "nb", "nb": "nb", "nn": "nb"}
# Data fallbacks beyond the primary subtag: Nynorsk, Danish and Swedish read Bokmål lists where
# they have none of their own; Swiss German reads German ones.
_FALLBACK = {"nn": ("nb",), "no": ("nb",), "da": ("nb",), "sv": ("nb",), "gsw": ("de",)}
# py3langid's codes for a language where they differ from ours.
_LANGID = {"nb": ("no", "nn"), "nn": ("nn", "no")}


@lru_cache(maxsize=256)
def normalise(code: str) -> str:
    """The canonical BCP-47 form of ``code``; Norwegian ``no`` becomes ``nb``.

    Raises :class:`InputError` for a code that is not a registered language.
    """
    import langcodes

    raw = code.strip().replace("_", "-")
    try:
        tag = langcodes.standardize_tag(raw)
        language = langcodes.Language.get(tag)
    except (ValueError, langcodes.LanguageTagError):
        raise InputError(f"unknown language code {code!r} (expected e.g. en, nb, de-CH, zh-Hant)") from None
    if not language.is_valid() or not language.language or language.language == "und":
        raise InputError(f"unknown language code {code!r} (expected e.g. en, nb, de-CH, zh-Hant)")
    primary, _, rest = tag.partition("-")
    primary = "nb" if primary == "no" else primary
    return f"{primary}-{rest}" if rest else primary


def base(code: str) -> str:
    """The primary language subtag in lower case; every Norwegian variant is ``nb``."""
    primary = code.replace("_", "-").split("-")[0].lower()
    return _NORWEGIAN.get(primary, primary)


def chain(code: str) -> tuple[str, ...]:
    """Codes to look data up under, most specific first: ``nn`` -> ``('nn', 'nb')``."""
    primary = code.replace("_", "-").split("-")[0].lower()
    primary = "nb" if primary == "no" else primary
    return tuple(dict.fromkeys((primary,) + _FALLBACK.get(primary, ())))


def langid_codes(code: str) -> tuple[str, ...]:
    """The py3langid labels that mean ``code``."""
    primary = chain(code)[0]
    return _LANGID.get(primary, (primary,))


def read_list(text: str) -> list[str]:
    """The entries of a word-list file: one a line, blank lines and ``#`` comments skipped."""
    return [line.split("#", 1)[0].strip() for line in text.splitlines()
            if line.split("#", 1)[0].strip()]


@lru_cache(maxsize=None)
def word_list(name: str, code: str) -> tuple[str, ...]:
    """The list ``name`` for ``code`` along its :func:`chain`; empty where no file exists."""
    root = resources.files(__name__) / name
    for candidate in chain(code):
        entry = root / f"{candidate}.txt"
        if entry.is_file():
            return tuple(read_list(entry.read_text(encoding="utf-8")))
    return ()


@lru_cache(maxsize=1)
def _identifier() -> Any:
    import zipfile

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        return _unpacked_identifier()
    except (OSError, ValueError, KeyError, ImportError, AttributeError, TypeError, EOFError, zipfile.BadZipFile):
        # a damaged or unwritable copy: the packed model, as py3langid loads it (the copy is made again
        # next time)
        with contextlib.suppress(OSError):
            _unpacked_path().unlink(missing_ok=True)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _unpacked_path() -> Path:
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from ..paths import cache_root

    packed = Path(MODEL_DIR) / MODEL_FILE
    return cache_root() / "langid" / f"model-{py3langid.__version__}-{packed.stat().st_size}.npz"


def _unpacked_identifier() -> Any:
    """py3langid's model from an uncompressed copy in the cache (0.09 s to load instead of 0.6 s of
    LZMA decompression on every start), made on first use; the same arrays, so the same answers."""
    import lzma
    import os
    import shutil
    import tempfile

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    packed = Path(MODEL_DIR) / MODEL_FILE
    path = _unpacked_path()
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as out:
            try:
                with lzma.open(packed) as src:
                    shutil.copyfileobj(src, out, length=1 << 20)
                out.close()
                os.replace(out.name, path)
            finally:
                if os.path.exists(out.name):
                    os.unlink(out.name)
    with np.load(path, allow_pickle=False) as data:
        return LanguageIdentifier(data["ptc"], data["pc"], data["classes"].tolist(), _to_array(data["nextmove"]),
                                  data["out_feat"].tolist(), tk_row=_to_array(data["nextmove_row"]), norm_probs=True)


def rank_languages(text: str) -> dict[str, float]:
    """py3langid's probability for each language label it knows, for ``text``."""
    return dict(_identifier().rank(text))


def detect_language(text: str) -> str:
    """The most likely language of ``text`` as a normalised code (offline, py3langid).

    >>> detect_language("Vi respekterer personvernet til våre kunder.")
    'nb'
    """
    label, _ = _identifier().classify(text[:20000])
    return normalise(label)


def language_name(code: str) -> str:
    """The English name of a language code (CLDR via Babel), or the code itself.

    >>> language_name("nb"), language_name("de-CH")
    ('Norwegian Bokmål', 'German')
    """
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(base(code)).get_language_name("en")
    except (ValueError, UnknownLocaleError):
        return code
    return name or code
