"""PO in (polib): translated entries as pairs, plural forms, the header's languages, one-line errors;
the old TSV pairs mode reads through the same registry."""
from __future__ import annotations

import pytest

from align.bilingual import detect_format, read_pairs
from align.errors import InputError

from .test_bilingual_xliff import DATA

PO = """# A catalogue
msgid ""
msgstr ""
"Language: nb\\n"
"X-Source-Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#: app.py:10
msgctxt "menu"
msgid "Open file"
msgstr "Åpne fil"

#, fuzzy
msgid "One file was deleted"
msgid_plural "%d files were deleted"
msgstr[0] "Én fil ble slettet"
msgstr[1] "%d filer ble slettet"

msgid "Not yet"
msgstr ""

msgid ""
"Two lines "
"joined"
msgstr "To linjer slått sammen"

#~ msgid "Old"
#~ msgstr "Gammel"
"""


def _po(tmp_path, text: str = PO) -> str:
    path = tmp_path / "messages.po"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_entries_plurals_ids_and_languages(tmp_path):
    pairs = read_pairs(_po(tmp_path))
    assert pairs.units == ("line 8 (menu)", "line 13 [0]", "line 13 [1]", "line 22")
    assert pairs.skipped == ("line 19",)
    assert pairs.source.texts == ["Open file", "One file was deleted", "%d files were deleted", "Two lines joined"]
    assert pairs.target.texts == ["Åpne fil", "Én fil ble slettet", "%d filer ble slettet", "To linjer slått sammen"]
    assert (pairs.source.lang, pairs.target.lang) == ("en", "nb")


def test_syntax_error_names_the_line(tmp_path):
    with pytest.raises(InputError, match=r"messages.po: line 3: not a valid PO file \(Syntax error in po file\)"):
        read_pairs(_po(tmp_path, 'msgid "a"\nmsgstr "b"\nnonsense here\n'))


def test_nothing_translated_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"no pairs found \(1 units have no target\)"):
        read_pairs(_po(tmp_path, 'msgid "a"\nmsgstr ""\n'))


def test_the_fixture_has_the_clicksend_units():
    pairs = read_pairs(str(DATA / "clicksend.po"))
    assert len(pairs.units) == 51 and pairs.units[0] == "line 6 (cs-00)"
    assert pairs.target.lang == "nb"


def test_tsv_still_reads_through_the_registry(tmp_path):
    path = tmp_path / "pairs.txt"
    path.write_text("Hallo.\tHello.\n", encoding="utf-8")
    assert detect_format(str(path)) is None  # no signature: read as TSV with --pairs
    assert read_pairs(str(path), "de", "en").units == ("line 1",)
    assert detect_format(str(tmp_path / "x.tsv")) == "tsv"
