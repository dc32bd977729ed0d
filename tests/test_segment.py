"""Tests of align.segment: gold segmentation, seed policies, abbreviations, invariants."""
from __future__ import annotations

import random
import time
from importlib import resources
from pathlib import Path

import pytest

from align.segment import Segment, segment_lines, segment_text

from .conftest import CORPUS, GOLD

SEEDS = {
    "clicksend-en": (CORPUS / "clicksend" / "privacy.en.txt", "en"),
    "clicksend-no": (CORPUS / "clicksend" / "privacy.no.txt", "nb"),
    "clickatell": (CORPUS / "clickatell" / "privacy.en.md", "en"),
    "click2mail": (CORPUS / "click2mail" / "privacy.en.md", "en"),
    "cleversender": (CORPUS / "cleversender" / "privacy.en.txt", "en"),
}
KINDS = {"heading", "sentence", "item"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def texts(text: str, lang: str = "en", **options: bool) -> list[str]:
    return [s.text for s in segment_text(text, lang, **options)]


def seed_segments(name: str) -> list[Segment]:
    path, lang = SEEDS[name]
    return segment_text(read(path), lang)


def check_invariants(doc: str, segments: list[Segment]) -> None:
    previous_end = 0
    for i, seg in enumerate(segments):
        assert seg.id == i
        assert seg.kind in KINDS
        assert seg.text == doc[seg.start:seg.end]
        assert seg.text and seg.text == seg.text.strip()
        assert seg.start >= previous_end
        previous_end = seg.end


# --------------------------------------------------------------------------- gold

@pytest.mark.parametrize("source, lang, gold", [
    ("clicksend/privacy.en.txt", "en", "en.lines"),
    ("clicksend/privacy.no.txt", "nb", "no.lines"),
])
def test_gold_segmentation_is_reproduced(source: str, lang: str, gold: str) -> None:
    got = texts(read(CORPUS / source), lang)
    assert got == read(GOLD / gold).splitlines()


def test_gold_survives_crlf_and_a_missing_final_newline() -> None:
    doc = read(CORPUS / "clicksend" / "privacy.no.txt").rstrip("\n").replace("\n", "\r\n")
    segments = segment_text(doc, "no")
    check_invariants(doc, segments)
    assert [s.text for s in segments] == read(GOLD / "no.lines").splitlines()


def test_clicksend_kinds() -> None:
    kinds = {s.text: s.kind for s in seed_segments("clicksend-no")}
    assert kinds["Juridisk informasjon"] == "heading"
    assert kinds["Kommunikasjon"] == "heading"
    assert kinds["Personvern og juridisk© 2020 ClickSend"] == "heading"
    assert kinds["Spørsmål?"] == "sentence"             # ends in '?': not a heading by rule
    assert kinds["Da kan vi sende brukerne en e-post."] == "sentence"


# --------------------------------------------------------------------------- other seeds

@pytest.mark.parametrize("name", sorted(SEEDS))
def test_offsets_point_into_the_original(name: str) -> None:
    path, lang = SEEDS[name]
    doc = read(path)
    for clauses in (False, True):
        check_invariants(doc, segment_text(doc, lang, clauses=clauses))
    check_invariants(doc, segment_lines(doc))


def test_clickatell_markdown() -> None:
    segments = seed_segments("clickatell")
    kinds = {s.text: s.kind for s in segments}
    assert segments[0].text.startswith("*The following text is extracted")   # '> ' stripped
    assert segments[0].text.endswith("archived on 2012-04-27.")
    assert segments[1].text.endswith("for the most accurate reproduction.*")
    assert kinds["About | Privacy Policy | Clickatell"] == "heading"          # '# ' stripped
    assert kinds["Display Advertising"] == "heading"                          # trailing space
    assert kinds["BBB OnLine Privacy Program"] == "heading"
    assert [s.text for s in segments if s.kind == "item"] == [
        "How we use the information",
        "With whom we share the information",
        "How you can change the information",
    ]
    assert kinds["The purpose of this policy statement is to fully share with you:"] == "sentence"
    assert kinds["I am getting spammed on my cell phone."] == "sentence"
    assert kinds["What's happening?"] == "sentence"
    assert ("To learn more about our third-party ad-serving and advertising partners, cookies, and "
            'how to "opt-out" please [click here](http://www.doubleclick.com/us/corporate/privacy).'
            in kinds)


def test_click2mail_urls_and_abbreviations() -> None:
    kinds = {s.text: s.kind for s in seed_segments("click2mail")}
    assert ("For more information about the Safe Harbor Principles, please visit the U.S. "
            "Department of Commerce's Website at <http://export.gov/safeharbor/>." in kinds)
    assert any(t.startswith("Click2Mail's Safe Harbor certification") and
               t.endswith("shlist.nsf/webPages/safe+harbor+list>.") for t in kinds)
    assert 'Like most web sites, Click2Mail sometimes makes use of session "cookies."' in kinds
    assert kinds["Privacy Policy | click2mail.com"] == "heading"
    assert kinds["Customer Information"] == "heading"
    assert kinds["**Last updated: August 2013**"] == "heading"
    assert kinds["Click2Mail protects online customer information as follows:"] == "sentence"
    contact = next(t for t in kinds if t.startswith("Any customer, including"))
    assert contact.endswith("may contact us at:   \n[webmaster@Click2Mail.com]"
                            "(mailto:webmaster@click2mail.com).")


def test_cleversender_plain_text() -> None:
    segments = seed_segments("cleversender")
    kinds = {s.text: s.kind for s in segments}
    assert [(s.text, s.kind) for s in segments[:2]] == [
        ("Clever Sender", "heading"), ("Privacy Policy", "heading")]
    assert segments[-1].text == "Go back\nto top" and segments[-1].kind == "heading"
    assert kinds["Mailing list, campaign, report and other service/application data"] == "heading"
    assert kinds["To meet legal requirements."] == "item"                     # '  • ' stripped
    assert ("When the terms \"we\", \"us\" and \"Clever Sender\" are used, they are referring to "
            "Webkomplet, s.r.o. limited liability company based in the Czech Republic." in kinds)
    assert ("Third-party social media controls (for example LinkedIn or Facebook button) are "
            "embedded within some pages of our website ." in kinds)
    assert sum(s.kind == "item" for s in segments) == 15


# --------------------------------------------------------------------------- abbreviations

@pytest.mark.parametrize("lang, text, expected", [
    # English
    ("en", "We use tools, e.g. Google Analytics, i.e. a tracker. Next one.",
     ["We use tools, e.g. Google Analytics, i.e. a tracker.", "Next one."]),
    ("en", "E.g. Google counts. See cf. Art. 6(1)(f) GDPR. It applies.",
     ["E.g. Google counts.", "See cf. Art. 6(1)(f) GDPR.", "It applies."]),
    ("en", "Apples, pears etc. are fruit. We eat them etc. Then we sleep.",
     ["Apples, pears etc. are fruit.", "We eat them etc.", "Then we sleep."]),
    ("en", "ClickSend Pty. Ltd. Sydney and Acme Inc. Berlin and Foo Co. Bar Corp. London merged.",
     ["ClickSend Pty. Ltd. Sydney and Acme Inc. Berlin and Foo Co. Bar Corp. London merged."]),
    ("en", "This is item No. 5 of the list. No. We will not.",
     ["This is item No. 5 of the list.", "No.", "We will not."]),
    ("en", "The U.S. Department and the U.K. Information Commissioner agree. Good.",
     ["The U.S. Department and the U.K. Information Commissioner agree.", "Good."]),
    ("en", "Run by Webkomplet s.r.o. Company Register entry 5. Done.",
     ["Run by Webkomplet s.r.o. Company Register entry 5.", "Done."]),
    ("en", "Ask Dr. Jones or Mr. Brown vs. Mrs. Green. Done.",
     ["Ask Dr. Jones or Mr. Brown vs. Mrs. Green.", "Done."]),
    ("en", "It costs approx. 5 dollars. Fine.", ["It costs approx. 5 dollars.", "Fine."]),
    ("en", "Written by J. Smith and A. B. Jones. Read it.",
     ["Written by J. Smith and A. B. Jones.", "Read it."]),
    ("en", "The rate is 1.5 percent. It changed on 01.02.2020 at noon.",
     ["The rate is 1.5 percent.", "It changed on 01.02.2020 at noon."]),
    ("en", "Visit clicksend.com or www.x.no today. Mail support@clicksend.com. Thanks.",
     ["Visit clicksend.com or www.x.no today.", "Mail support@clicksend.com.", "Thanks."]),
    ("en", "Wait... then go. He left… Then she came. Text [...] Cut (…) Here.",
     ["Wait... then go.", "He left…", "Then she came.", "Text [...] Cut (…) Here."]),
    ("en", "He said “stop.” Then he left. (See below.) Fine.",
     ["He said “stop.”", "Then he left.", "(See below.)", "Fine."]),
    ("en", "We close at 5 p.m. Then we sleep. Is it true? Yes! It is.",
     ["We close at 5 p.m.", "Then we sleep.", "Is it true?", "Yes!", "It is."]),
    ("en", "We support iOS. iPhone users are welcome.",
     ["We support iOS.", "iPhone users are welcome."]),
    # Norwegian
    ("nb", "Vi bruker f.eks. informasjonskapsler. Les mer.",
     ["Vi bruker f.eks. informasjonskapsler.", "Les mer."]),
    ("nb", "Vi bruker f. eks. Google. Les mer.", ["Vi bruker f. eks. Google.", "Les mer."]),
    ("nb", "Se jf. kap. 3 og pkt. 4. Dette gjelder.", ["Se jf. kap. 3 og pkt. 4.", "Dette gjelder."]),
    ("nb", "Vi har bl.a. Google som leverandør. Ok.", ["Vi har bl.a. Google som leverandør.", "Ok."]),
    ("nb", "Ring kl. 10 på tlf. 22 33 44 55. Vi svarer.",
     ["Ring kl. 10 på tlf. 22 33 44 55.", "Vi svarer."]),
    ("nb", "Avtalen varer ca. 12 mnd. Etter det fornyes den. Sak nr. 5 gjelder dvs. alle.",
     ["Avtalen varer ca. 12 mnd. Etter det fornyes den.", "Sak nr. 5 gjelder dvs. alle."]),
    ("nb", "Vi kan evt. kontakte deg iht. avtalen og mht. Personopplysningsloven. Ok.",
     ["Vi kan evt. kontakte deg iht. avtalen og mht. Personopplysningsloven.", "Ok."]),
    ("nb", "Vi lagrer navn, adresse osv. Dataene slettes. Navn osv. Og mer osv. og slikt.",
     ["Vi lagrer navn, adresse osv.", "Dataene slettes.", "Navn osv.",
      "Og mer osv. og slikt."]),
    ("nb", "Bøker, filmer o.l. Alt lagres. Bilder m.m. Vi sletter dem.",
     ["Bøker, filmer o.l.", "Alt lagres.", "Bilder m.m.", "Vi sletter dem."]),
    ("nb", "Tjenesten leveres av ClickSend AS. Vi er et selskap i ClickSend ASA. Ok.",
     ["Tjenesten leveres av ClickSend AS.", "Vi er et selskap i ClickSend ASA.", "Ok."]),
    ("nb", "Avtalen ble inngått 01.02.2020. Den gjelder fra 1. januar.",
     ["Avtalen ble inngått 01.02.2020.", "Den gjelder fra 1. januar."]),
    ("nb", "Se Art. 6 nr. 1 bokstav f i GDPR. Kl. 10 åpner vi.",
     ["Se Art. 6 nr. 1 bokstav f i GDPR.", "Kl. 10 åpner vi."]),
    # German
    ("de", "Wir nutzen z.B. Cookies, d.h. kleine Dateien. Das ist gut.",
     ["Wir nutzen z.B. Cookies, d.h. kleine Dateien.", "Das ist gut."]),
    ("de", "Wir nutzen z. B. Cookies. Das heißt d. h. Dateien. Gut.",
     ["Wir nutzen z. B. Cookies.", "Das heißt d. h. Dateien.", "Gut."]),
    ("de", "Siehe Art. 6 Abs. 1 lit. f DSGVO. Weiter geht es.",
     ["Siehe Art. 6 Abs. 1 lit. f DSGVO.", "Weiter geht es."]),
    ("de", "Äpfel, Birnen usw. Die Früchte sind gut.", ["Äpfel, Birnen usw.", "Die Früchte sind gut."]),
    ("de", "Straße Nr. 5 ist hier. Herr Dr. Müller wohnt dort.",
     ["Straße Nr. 5 ist hier.", "Herr Dr. Müller wohnt dort."]),
    ("de", "Am 1. Januar 2020 tritt sie in Kraft. Danach gilt sie.",
     ["Am 1. Januar 2020 tritt sie in Kraft.", "Danach gilt sie."]),
    # French
    ("fr", "M. Dupont et Mme Martin sont là. Ils parlent.",
     ["M. Dupont et Mme Martin sont là.", "Ils parlent."]),
    ("fr", "Nous utilisons p.ex. des cookies, etc. Ils sont utiles.",
     ["Nous utilisons p.ex. des cookies, etc.", "Ils sont utiles."]),
    ("fr", "Des fichiers, c.-à-d. des cookies. Voilà.", ["Des fichiers, c.-à-d. des cookies.", "Voilà."]),
    ("fr", "« Bonjour. » Il est parti. Bonjour ! Au revoir.",
     ["« Bonjour. »", "Il est parti.", "Bonjour !", "Au revoir."]),
])
def test_abbreviations_and_punctuation(lang: str, text: str, expected: list[str]) -> None:
    assert texts(text, lang) == expected


def test_language_codes_map_to_lists() -> None:
    text = "Vi bruker f.eks. Google. Ok."
    assert texts(text, "no") == texts(text, "nn") == texts(text, "nb-NO") == [
        "Vi bruker f.eks. Google.", "Ok."]
    assert texts(text, "xx") == ["Vi bruker f.eks.", "Google.", "Ok."]      # generic list only
    assert texts("Use e.g. Google. Ok.", "xx") == ["Use e.g. Google.", "Ok."]


@pytest.mark.parametrize("name", ["generic", "en", "nb", "de", "fr"])
def test_abbreviation_files_are_package_data(name: str) -> None:
    path = resources.files("align.lang") / "abbreviations" / f"{name}.txt"
    entries = [line.split("#", 1)[0].split() for line in path.read_text(encoding="utf-8").splitlines()]
    entries = [fields for fields in entries if fields]
    assert entries
    for fields in entries:
        assert fields[0].endswith(".") and fields[1:] in ([], ["end"], ["num"])


# --------------------------------------------------------------------------- structure

def test_markdown_structure() -> None:
    doc = ("# Privacy *Policy* #\n\nIntro text. Second sentence:\n\n"
           "- First bullet. It has two sentences.\n"
           "  continued here.\n"
           "* Star bullet\n+ Plus bullet\n1. Numbered entry\n2) Other entry\n"
           "a) Letter entry\n(iv) Roman entry\n\n"
           "> Quoted line one. Quoted\n> line two.\n\n"
           "Setext Title\n============\n\n---\n\n## Sub\n\nEnd.")
    segments = segment_text(doc)
    check_invariants(doc, segments)
    assert [(s.kind, s.text) for s in segments] == [
        ("heading", "Privacy *Policy*"),
        ("sentence", "Intro text."),
        ("sentence", "Second sentence:"),
        ("item", "First bullet."),
        ("item", "It has two sentences.\n  continued here."),
        ("item", "Star bullet"),
        ("item", "Plus bullet"),
        ("item", "Numbered entry"),
        ("item", "Other entry"),
        ("item", "Letter entry"),
        ("item", "Roman entry"),
        ("sentence", "Quoted line one."),
        ("sentence", "Quoted\n> line two."),
        ("heading", "Setext Title"),
        ("heading", "Sub"),
        ("sentence", "End."),
    ]
    assert segments[0].start == doc.index("Privacy")


def test_plain_text_headings() -> None:
    doc = ("Terms of Service\n\nShort title\n\nWe collect data. You agree.\n\n"
           "Contact Us\nWrite to us. We answer.\nOur Address\nOslo, Norway\n\n"
           "a heading in lower case\n\nQuestions?\n\n"
           "This line has no final punctuation but is a long sentence with more than twelve words in it")
    got = [(s.kind, s.text) for s in segment_text(doc)]
    assert got == [
        ("heading", "Terms of Service"),
        ("heading", "Short title"),
        ("sentence", "We collect data."),
        ("sentence", "You agree."),
        ("heading", "Contact Us"),
        ("sentence", "Write to us."),
        ("sentence", "We answer."),
        ("heading", "Our Address"),
        ("sentence", "Oslo, Norway"),
        ("sentence", "a heading in lower case"),
        ("sentence", "Questions?"),
        ("sentence", "This line has no final punctuation but is a long sentence with more "
                     "than twelve words in it"),
    ]


def test_hard_wrapped_paragraph_stays_prose() -> None:
    doc = "We share data with\nGoogle Analytics and\nother processors. They\nstore it."
    assert texts(doc) == ["We share data with\nGoogle Analytics and\nother processors.", "They\nstore it."]


def test_clauses() -> None:
    doc = ("Typical activity includes, but is not limited to; Name drop, Logo use. "
           "We collect: name, address, and phone. Last updated: May 2020. "
           "Use it (a; b) freely;) ok.\n\n- Item one; item two")
    assert texts(doc, clauses=True) == [
        "Typical activity includes, but is not limited to;", "Name drop, Logo use.",
        "We collect:", "name, address, and phone.", "Last updated: May 2020.",
        "Use it (a; b) freely;) ok.", "Item one;", "item two"]
    assert [s.kind for s in segment_text(doc, clauses=True)][-2:] == ["item", "item"]
    assert texts("Header; with semicolon", clauses=True) == ["Header; with semicolon"]


@pytest.mark.parametrize("doc", ["", "   \n\t\n \u00a0 \r\n", "\ufeff", "-", "#", "> ", "***"])
def test_nothing_to_segment(doc: str) -> None:
    assert segment_text(doc) == []


def test_bom_crlf_and_whitespace_lines() -> None:
    doc = "\ufeffTitle\r\n\r\n \t \r\nOne. Two.\r\n\r\n  • Item\r\n"
    segments = segment_text(doc)
    check_invariants(doc, segments)
    assert [(s.kind, s.text) for s in segments] == [
        ("heading", "Title"), ("sentence", "One."), ("sentence", "Two."), ("item", "Item")]


def test_to_dict() -> None:
    seg = segment_text("Hello there.")[0]
    assert seg.to_dict() == {"id": 0, "text": "Hello there.", "kind": "sentence", "start": 0, "end": 12}


def test_deterministic() -> None:
    path, lang = SEEDS["clickatell"]
    assert segment_text(read(path), lang) == segment_text(read(path), lang)


# --------------------------------------------------------------------------- segment_lines

def test_segment_lines() -> None:
    doc = ("  Legal Information \r\n\r\nWe respect privacy.\n# Title\n- a bullet\n   \n"
           "lower case words\nNo final stop")
    got = segment_lines(doc)
    check_invariants(doc, got)
    assert [(s.kind, s.text) for s in got] == [
        ("heading", "Legal Information"), ("sentence", "We respect privacy."),
        ("heading", "# Title"), ("item", "- a bullet"), ("sentence", "lower case words"),
        ("heading", "No final stop")]
    assert got[0].start == 2


def test_segment_lines_reads_gold_back() -> None:
    doc = read(GOLD / "no.lines")
    got = segment_lines(doc)
    assert [s.text for s in got] == doc.splitlines()
    assert {s.text: s.kind for s in got}["Kommunikasjon"] == "heading"


# --------------------------------------------------------------------------- robustness

ALPHABET = list("abc ABC.!?;:,()[]\"'”»…*_#>-+•1\n\r\t\u00a0\ufeff") + [
    "e.g. ", "U.S. ", "osv. ", "\n\n", "  * ", "1. "]


def test_invariants_on_random_documents() -> None:
    rng = random.Random(20240601)
    for _ in range(400):
        doc = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 80)))
        for lang in ("en", "nb", "xx"):
            check_invariants(doc, segment_text(doc, lang))
            check_invariants(doc, segment_text(doc, lang, clauses=True))
        check_invariants(doc, segment_lines(doc))


def test_invariants_property() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.lists(st.sampled_from(ALPHABET) | st.text(max_size=3)).map("".join),
                      st.sampled_from(["en", "nb", "de", "fr", "xx"]), st.booleans())
    def check(doc: str, lang: str, clauses: bool) -> None:
        check_invariants(doc, segment_text(doc, lang, clauses=clauses))
        check_invariants(doc, segment_lines(doc))

    check()


def test_speed_on_a_135_kb_document() -> None:
    corpus = "\n\n".join(read(path) for path, _ in SEEDS.values())
    doc = (corpus * (135_000 // len(corpus) + 1))[:135_000]
    segment_text("Warm up.")
    began = time.perf_counter()
    segments = segment_text(doc, "en", clauses=True)
    assert time.perf_counter() - began < 0.5
    check_invariants(doc, segments)
