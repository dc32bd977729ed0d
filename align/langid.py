"""Offline language identification (py3langid's bundled model; no network)."""
from __future__ import annotations

from functools import lru_cache

# Codes that name the same written language as the one clausealign uses for it.
CANONICAL = {"no": "nb", "nob": "nb", "nno": "nn"}


def normalise_lang(code: str) -> str:
    """Lower-case a BCP-47-ish code and map Norwegian ``no`` to ``nb``."""
    code = code.strip().replace("_", "-")
    base, _, rest = code.partition("-")
    base = CANONICAL.get(base.lower(), base.lower())
    return f"{base}-{rest.upper() if len(rest) == 2 else rest}" if rest else base


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The most likely language of ``text`` as a code (``en``, ``nb``, ``de``...).

        >>> detect_language("Vi respekterer personvernet til våre kunder.")
        'nb'
    """
    lang, _ = _identifier().classify(text[:20000])
    return normalise_lang(lang)
