"""Word frequencies (align.lang.frequency): wordfreq's values, remembered in the cache."""
from __future__ import annotations

import json

import pytest

from align.lang import frequency


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache and no lookups in memory."""
    monkeypatch.setenv("CLAUSEALIGN_CACHE", str(tmp_path))
    frequency._folder.cache_clear()
    monkeypatch.setattr(frequency, "_tables", {})
    monkeypatch.setattr(frequency, "_new", {})
    yield tmp_path
    frequency._folder.cache_clear()


def test_values_are_wordfreqs():
    from wordfreq import zipf_frequency

    assert frequency.zipf("policy", "en") == zipf_frequency("policy", "en")
    assert frequency.zipf("personvern", "nb") == zipf_frequency("personvern", "nb")


def test_lookups_are_remembered_across_processes(fresh, monkeypatch):
    value = frequency.zipf("policy", "en")
    assert frequency.zipf("policy", "xx-unknown", default=4.0) == 4.0  # a language wordfreq cannot tell
    frequency.save()
    stored = json.loads(next(fresh.glob("wordfreq/*/en.json")).read_text(encoding="utf-8"))
    assert stored == {"policy": value}
    # a new process: answered from the file, wordfreq never asked
    monkeypatch.setattr(frequency, "_tables", {})
    monkeypatch.setattr(frequency, "_lookup", lambda word, lang: pytest.fail("looked up again"))
    assert frequency.zipf("policy", "en") == value


def test_a_damaged_file_only_costs_the_lookups_again(fresh):
    frequency.zipf("policy", "en")
    frequency.save()
    path = next(fresh.glob("wordfreq/*/en.json"))
    path.write_text("{not json", encoding="utf-8")
    frequency._tables.clear()
    assert frequency.zipf("policy", "en") > 4
    frequency.save()
    assert "policy" in json.loads(path.read_text(encoding="utf-8"))


def test_saves_merge_with_what_other_processes_wrote(fresh):
    frequency.zipf("policy", "en")
    frequency.save()
    path = next(fresh.glob("wordfreq/*/en.json"))
    path.write_text(json.dumps({"elsewhere": 3.5, **json.loads(path.read_text(encoding="utf-8"))}), encoding="utf-8")
    frequency.zipf("privacy", "en")
    frequency.save()
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {"elsewhere", "policy", "privacy"}
