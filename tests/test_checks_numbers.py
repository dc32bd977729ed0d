"""Quantities compared by value across an aligned pair (align.divergence.checks.numbers)."""
from __future__ import annotations

from functools import partial

import pytest

from align.divergence.checks import check_pair
from align.divergence.checks.numbers import check_numbers, extract_quantities

from . import helpers
from .helpers import SYDNEY_EN, SYDNEY_NB, checked


def found(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[tuple[str, str, str | None]]:
    return [(d.side, d.text, d.value) for d in checked(check_numbers, "number", src, src_lang, tgt, tgt_lang)]


def test_count_that_became_vague_is_reported_with_the_vague_word() -> None:
    diffs = check_numbers(SYDNEY_EN, "en", SYDNEY_NB, "nb")
    assert [(d.side, d.text, d.value) for d in diffs] == [("source", "two", "2")]
    assert "flere" in diffs[0].note and "two" in diffs[0].note


def test_clicksend_pair_through_check_pair() -> None:
    numbers = [(d.side, d.text) for d in check_pair(SYDNEY_EN, "en", SYDNEY_NB, "nb") if d.kind == "number"]
    assert numbers == [("source", "two")]


@pytest.mark.parametrize("target", ["Sist oppdatert: september 2015", "Sist oppdatert: 09/2015",
                                    "Sist oppdatert: sep. 2015"])
def test_month_and_year_match_in_any_form(target: str) -> None:
    assert found("Last updated: September 2015", "en", target, "nb") == []


def test_dropped_date_is_one_difference_not_two() -> None:
    assert found("Last updated: September 2015", "en", "", "nb") == [("source", "September 2015", "2015-09")]


def test_date_given_less_precisely_is_reported_as_partial() -> None:
    diffs = check_numbers("Last updated: September 2015", "en", "Sist oppdatert: 2015", "nb")
    assert [(d.side, d.text, d.value) for d in diffs] == [("source", "September 2015", "2015-09")]
    assert "partly" in diffs[0].note


@pytest.mark.parametrize(("target", "lang"), [("1. januar 2020", "nb"), ("01.01.2020", "nb"), ("2020-01-01", "nb"),
                                              ("1er janvier 2020", "fr"), ("1. Januar 2020", "de")])
def test_full_dates(target: str, lang: str) -> None:
    assert found("on 1 January 2020", "en", target, lang) == []
    assert found("on January 1, 2020", "en", target, lang) == []


def test_different_day_is_reported() -> None:
    assert found("on 1 January 2020", "en", "2. januar 2020", "nb") == [
        ("source", "1 January 2020", "2020-01-01"), ("target", "2. januar 2020", "2020-01-02")]


def test_digits_and_words_with_units_in_either_language() -> None:
    assert found("for up to 7 years", "en", "i opptil 7 år", "nb") == []
    src = "Data is only retained for billing and accounting purposes for up to 7 years or as required by law."
    tgt = "Data lagres bare for fakturerings- og regnskapsmessige formål i opptil syv år eller som loven krever."
    assert found(src, "en", tgt, "nb") == []
    assert found("seven days", "en", "sju dager", "nb") == []
    assert found("30 days", "en", "tretti dager", "nb") == []
    assert found("30 days", "en", "tredve dager", "nb") == []
    assert found("within thirty days", "en", "innen 30 dager", "no") == []
    assert found("seven days", "en", "sieben Tage", "de") == []
    assert found("twenty-one days", "en", "vingt et un jours", "fr") == []


@pytest.mark.parametrize(("target", "lang"), [("1 000,5", "nb"), ("1\u00a0000,5", "nb"), ("1\u202f000,5", "fr"),
                                              ("1.000,5", "de"), ("1 000,5", "fr")])
def test_separators_follow_the_locale(target: str, lang: str) -> None:
    assert found("1,000.5", "en", target, lang) == []


def test_a_changed_value_is_reported_on_both_sides() -> None:
    assert found("within 30 days", "en", "innen 60 dager", "nb") == [("source", "30", "30"), ("target", "60", "60")]
    assert found("3.5 GB", "en", "3,5 GB", "nb") == []
    assert found("3.5 GB", "en", "35 GB", "nb") == [("source", "3.5", "3.5"), ("target", "35", "35")]


def test_percentages() -> None:
    for target in ("50 %", "50%", "50 prosent", "femti prosent"):
        assert found("50% of users", "en", f"{target} av brukerne", "nb") == []
    assert found("50 % des utilisateurs", "fr", "fifty percent of users", "en") == []
    assert found("50% of users", "en", "60 % av brukerne", "nb") == [("source", "50%", "50%"),
                                                                    ("target", "60 %", "60%")]


def test_compound_number_words_and_scales() -> None:
    assert found("two hundred and fifty users", "en", "250 brukere", "nb") == []
    assert found("2 million users", "en", "to millioner brukere", "nb") == []
    assert found("2 millions d'utilisateurs", "fr", "two million users", "en") == []


def test_articles_and_value_one_words_do_not_count_alone() -> None:
    assert found("a user", "en", "en bruker", "nb") == []
    assert found("one user", "en", "brukeren", "nb") == []
    assert found("one of the users", "en", "en av brukerne", "nb") == []
    assert found("ein Nutzer", "de", "a user", "en") == []
    assert found("un utilisateur", "fr", "a user", "en") == []


def test_words_are_parsed_per_language() -> None:
    assert found("We send it to users.", "en", "Vi sender det til brukere.", "nb") == []
    assert found("two users", "en", "to brukere", "nb") == []
    assert found("We send it to users.", "en", "Vi sender det til to brukere.", "nb") == [("target", "to", "2")]


def test_ordinal_words_only_match() -> None:
    assert found("No third party has access to the data.", "en",
                 "Ingen tredjepart har tilgang til dataene.", "nb") == []
    assert found("the 3rd party", "en", "tredje part", "nb") == []


def test_year_in_a_footer() -> None:
    footer = "Personvern og juridisk© 2020 ClickSend"
    assert found("", "en", footer, "nb") == [("target", "2020", "2020")]
    assert found("© 2020 ClickSend", "en", "", "nb") == [("source", "2020", "2020")]
    assert "year" in check_numbers("© 2020 ClickSend", "en", "", "nb")[0].note


def test_amounts_and_currencies() -> None:
    assert found("costs $100", "en", "koster 100 USD", "nb") == []
    assert found("costs €100", "en", "koster 100 €", "nb") == []
    diffs = check_numbers("costs €100", "en", "koster 100 kr", "nb")
    assert [(d.side, d.text) for d in diffs] == [("source", "€100")]
    assert "currenc" in diffs[0].note


def test_times_and_phone_numbers() -> None:
    assert found("at 10:30", "en", "kl. 10.30", "nb") == []
    assert found("call +47 22 33 44 55", "en", "ring +47 22 33 44 55", "nb") == []
    assert found("call +47 22 33 44 55", "en", "ring +47 22 33 44 56", "nb") == [
        ("source", "+47 22 33 44 55", "+4722334455"), ("target", "+47 22 33 44 56", "+4722334456")]


def test_numbers_inside_links_and_names_are_not_quantities() -> None:
    assert found("See https://example.com/2020/terms", "en", "Se https://example.com/2020/terms", "nb") == []
    assert extract_quantities("COVID-19 and B2B", "en") == []


def test_languages_without_number_words_compare_digits_only() -> None:
    assert found("Data huhifadhiwa kwa miaka 7.", "sw", "The data is kept for 7 years.", "en") == []
    assert found("Data huhifadhiwa kwa miaka saba.", "sw", "The data is kept for 7 years.", "en") == [
        ("target", "7", "7")]
    # A number word facing a language whose number words are unknown stays silent.
    assert found("Data huhifadhiwa kwa miaka saba.", "sw", "The data is kept for seven years.", "en") == []


def test_extraction_gives_values() -> None:
    values = [(q.text, q.values[0], q.kind) for q in extract_quantities("2 500 kr, 12,5 % og 1. mai 2021", "nb")]
    assert values == [("2 500 kr", "2500", "amount"), ("12,5 %", "12.5%", "percent"),
                      ("1. mai 2021", "2021-05-01", "date")]


def found_texts(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[tuple[str, str]]:
    """(side, text) of the findings."""
    return [(side, text) for side, text, _ in found(src, src_lang, tgt, tgt_lang)]


both_ways = partial(helpers.both_ways, found_texts)


@pytest.mark.parametrize(("src", "tgt"), [
    ("Parts of the canal were filled in the late 19th century.",
     "Une partie du canal a été comblée à la fin du XIXe siècle."),
    ("The style from the 11th-12th century (late Heian Period).",
     "Le style des XIe et XIIe siècles (fin de l'époque de Heian)."),
    ("The discoveries of the 15th century.", "Les découvertes du XVe siècle."),
])
def test_roman_centuries(src: str, tgt: str) -> None:
    assert both_ways(src, "en", tgt, "fr") == ([], [])


def test_roman_centuries_are_compared_by_value() -> None:
    assert both_ways("Filled in the late 19th century.", "en", "Comblé à la fin du XVIIIe siècle.", "fr") == (
        [("source", "19"), ("target", "XVIIIe")], [("source", "XVIIIe"), ("target", "19")])
    assert extract_quantities("Le jour, Ce matin, Vers midi, Me Dupont, Mme Martin, Cie", "fr") == []


@pytest.mark.parametrize(("src", "src_lang", "tgt", "tgt_lang"), [
    ("While both subspecies have the same appearance, the female has paler plumage.", "en",
     "Les deux sous-espèces se ressemblent, mais la femelle a un plumage plus pâle.", "fr"),
    ("ToD and Millenium ended their collaboration, disappointed by each other's work.", "en",
     "ToD et Millenium se séparent, les deux parties étant déçues par ce qu'elles s'apportaient.", "fr"),
    ("Die beiden Gipfel sind vergletschert .", "de", "Les deux sommets sont englacés .", "fr"),
    ("Begge partene har signert.", "nb", "Both parties have signed.", "en"),
    ("Overlooking the city of fifty meters, the Rock bears a fortress.", "en",
     "Dominant la cité d'une cinquantaine de mètres, le Rocher porte une forteresse.", "fr"),
    ("Heute gibt es mehr als zehn Seilschaften .", "de",
     "Plus d' une dizaine de cordées sont là aujourd' hui .", "fr"),
    ("A dozen eggs.", "en", "Une douzaine d'œufs.", "fr"),
    ("Twice a year.", "en", "Deux fois par an.", "fr"),
    ("Zweimal im Jahr.", "de", "Twice a year.", "en"),
    ("In den dreissiger Jahren .", "de", "Dans les années trente .", "fr"),
    # The number inside a code on the other side, or the same name verbatim.
    ("He became U23 European champion in 2014.", "en", "Il devient champion d'Europe des moins de 23 ans en 2014.",
     "fr"),
    ("On 22 October 1963, the prototype British BAC One-Eleven crashed.", "en",
     "Le 22 octobre 1963, le prototype britannique BAC One-Eleven s'est écrasé.", "fr"),
    ("An Stand 5 und Stand 7 kreuzten wir alte Haken .", "de", "A R5 et R7 , nous avons croisé d' anciens pitons .",
     "fr"),
    # Digit groups written apart, and a year given by its last two digits.
    ("Hans Muster , Bern , Telefon 031/433611 .", "de", "Hans Muster , Berne , téléphone 031/43 36 11 .", "fr"),
    ("François Bonnet , Telefon 039/26 7364 .", "de", "François Bonnet , téléphone 039/26 73 64 .", "fr"),
    ("Auflage 71 176 Exemplare .", "de", "Tirage 71 176 exemplaires .", "fr"),
    ("Als guten Abschluss der Saison 1977 .", "de", "Pour bien finir la saison 77 .", "fr"),
    # Clock times and durations.
    ("Es ist 4.45 Uhr morgens .", "de", "Il est 4 h 45 du matin .", "fr"),
    ("Abfahrt 20.30 Uhr , Aufstieg in 1 Std. 30 Min.", "de", "Départ à 20h30 , montée en 1 h 30 .", "fr"),
    ("The train leaves at 4.45 pm.", "en", "Le train part à 16 h 45.", "fr"),
    ("The hike takes 4 hours.", "en", "La randonnée dure 4 h.", "fr"),
])
def test_numbers_written_differently(src: str, src_lang: str, tgt: str, tgt_lang: str) -> None:
    """Both/approximate words, number words, codes, digit groups, times: same value, no finding."""
    assert both_ways(src, src_lang, tgt, tgt_lang) == ([], [])


def test_both_and_approximations_never_count_alone() -> None:
    assert both_ways("Both users signed.", "en", "Trois utilisateurs ont signé.", "fr") == (
        [("target", "Trois")], [("source", "Trois")])
    assert both_ways("Both users signed.", "en", "Les utilisateurs ont signé.", "fr") == ([], [])
    assert both_ways("Une cinquantaine de personnes.", "fr", "Many people.", "en") == ([], [])




def test_numbers_written_differently_still_differ_by_value() -> None:
    assert both_ways("Es ist 4.45 Uhr morgens .", "de", "Il est 5 h 45 du matin .", "fr") == (
        [("source", "4.45"), ("target", "5 h 45")], [("source", "5 h 45"), ("target", "4.45")])
    src, tgt = "Hans Muster , Telefon 031/433611 .", "Hans Muster , téléphone 031/43 36 12 ."
    assert found(src, "de", tgt, "fr") == [("source", "433611", "433611"), ("target", "43", "43"),
                                           ("target", "36", "36"), ("target", "12", "12")]
    assert both_ways("Saison 1977 .", "de", "La saison 78 .", "fr") == (
        [("source", "1977"), ("target", "78")], [("source", "78"), ("target", "1977")])
    assert both_ways("He became U23 champion.", "en", "Il devient champion des moins de 21 ans.", "fr") == (
        [("target", "21")], [("source", "21")])


# ----------------------------------------------------------------- more languages and scripts

@pytest.mark.parametrize(("text", "value"), [("sept centres", "7"), ("deux centres de données", "2"),
                                             ("deux cents", "200"), ("trois millions", "3000000")])
def test_french_scale_word_needs_its_own_form(text: str, value: str) -> None:
    """``centres`` is not ``cent`` + an ending: "deux centres" is 2, not 200."""
    assert [q.values[0] for q in extract_quantities(text, "fr")] == [value]


def test_french_two_data_centres_match_english_two() -> None:
    assert found("deux centres de données", "fr", "two data centres", "en") == []


@pytest.mark.parametrize(("text", "lang"), [
    ("5 per cento", "it"), ("5 percento", "it"), ("5 процентов", "ru"), ("1 процент", "ru"), ("2 процента", "ru"),
    ("5 procent", "cs"), ("2 procenta", "cs"), ("5 pour cent", "fr"), ("5 per cent", "en"), ("5 Prozent", "de")])
def test_percent_words_in_every_plural_form(text: str, lang: str) -> None:
    assert [(q.kind, q.values) for q in extract_quantities(text, lang)] == [("percent", ("5%",) if "5" in text
                                                                              else (f"{text[0]}%",))]
    assert found(f"Le azioni hanno perso {text}.", lang, f"Shares lost {text[0]} percent.", "en") == []


@pytest.mark.parametrize(("src", "lang", "tgt"), [
    ("По количеству заражений лидируют США (4 млн); потом идут Бразилия (2,3 млн).", "ru",
     "The United States leads (4 million); followed by Brazil (2.3 million)."),
    ("Суды двух первых инстанций отказались.", "ru", "The courts of the two first instances refused."),
    ("общее число летальных исходов достигло 13 269.", "ru", "the total number of deaths reached 13,269."),
    ("В воскресенье, 26 июля, в Москве ожидаются дожди.", "ru", "On Sunday, July 26, rain is expected in Moscow."),
    ("यह 1,00,000 रुपये है और १२ लोग हैं।", "hi", "It is 100,000 rupees and there are 12 people."),
    ("दो लाख लोग", "hi", "two hundred thousand people"),
    ("2020年7月26日に３人が死亡した。", "ja", "Three people died on July 26, 2020."),
    ("甲府市は市内の３０代の男性が感染したと発表しました。", "ja",
     "Kofu City announced that a man in his thirties was infected."),
    ("8月6日午前0時から48時間実施すると説明した。", "ja", "It will be held for 48 hours from midnight on August 6th."),
    ("越南25年来为东盟的发展作出巨大贡献。", "zh", "Vietnam has contributed greatly to ASEAN over the past 25 years."),
    ("装机容量超1000万千瓦。", "zh", "with a capacity of more than 10 million kilowatts."),
    ("7月24日15时50分，有6名初中学生溺水。", "zh", "At 15:50 on July 24, six junior high school students drowned."),
    ("二月初，几个人验证了这一发现。", "zh", "In early February, several people verified the discovery."),
    ("Los datos se guardan siete años.", "es", "The data is kept for 7 years."),
    ("10 de octubre de 1958", "es", "October 10, 1958"),
    ("budżet programu to 103 mld zł", "pl", "the programme's budget is PLN 103bn"),
    ("Fortis ha 85 000 dipendenti", "it", "Fortis has 85,000 employees"),
])
def test_faithful_numbers_in_other_languages(src: str, lang: str, tgt: str) -> None:
    assert found(src, lang, tgt, "en") == []


@pytest.mark.parametrize(("src", "lang", "tgt", "expected"), [
    ("越南25年来为东盟的发展作出巨大贡献。", "zh", "Vietnam has contributed to ASEAN over the past 21 years.",
     [("source", "25", "25"), ("target", "21", "21")]),
    ("有6名初中学生溺水。", "zh", "seven students drowned.", [("source", "6", "6"), ("target", "seven", "7")]),
    ("二十五个人", "zh", "35 people", [("source", "二十五", "25"), ("target", "35", "35")]),
    ("Суды двух первых инстанций отказались.", "ru", "The courts of the three first instances refused.",
     [("source", "двух", "2"), ("target", "three", "3")]),
    ("यह 1,00,000 रुपये है", "hi", "It is 10,000 rupees", [("source", "1,00,000", "100000"),
                                                          ("target", "10,000", "10000")]),
    ("2020年7月26日", "ja", "July 25, 2020", [("source", "2020年7月26日", "2020-07-26"),
                                             ("target", "July 25, 2020", "2020-07-25")]),
])
def test_changed_numbers_in_other_languages_are_found(src: str, lang: str, tgt: str, expected: list) -> None:
    assert found(src, lang, tgt, "en") == expected


def test_chinese_words_written_with_numerals_are_not_numbers() -> None:
    assert extract_quantities("一些人十分高兴", "zh") == []
    assert [q.values[0] for q in extract_quantities("3万人和1.5亿元", "zh")] == ["30000", "150000000"]


@pytest.mark.parametrize(("src", "lang", "tgt"), [
    ("Tjänsten har två datacenter och 1 500 kunder.", "sv", "The service has two data centres and 1,500 customers."),
    ("Tjenesten har to datacentre og 2,5 millioner kunder.", "da",
     "The service has two data centres and 2.5 million customers."),
    ("Palvelulla on kaksi datakeskusta ja 12,5 % asiakkaista.", "fi",
     "The service has two data centres and 12.5% of the customers."),
    ("Þjónustan hefur tvö gagnaver.", "is", "The service has two data centres."),
    ("Tenesta har to datasenter.", "nn", "The service has two data centres."),
])
def test_nordic_numbers(src: str, lang: str, tgt: str) -> None:
    assert found(src, lang, tgt, "en") == []
    assert found(src, lang, tgt.replace("two", "three"), "en") != []


@pytest.mark.parametrize(("src", "lang", "value"), [
    ("Am ersten November kämpfen sie um WM-Punkte.", "de", "--11-01"),
    ("Le premier mai est férié.", "fr", "--05-01"),
    ("On the third of May the office closes.", "en", "--05-03"),
])
def test_a_day_written_as_an_ordinal_word_is_a_date(src: str, lang: str, value: str) -> None:
    assert [q.values[0] for q in extract_quantities(src, lang) if q.kind == "date"] == [value]


def test_ordinal_dates_match_digit_dates_and_differ_by_day() -> None:
    assert found("Am ersten November fahren sie.", "de", "On November 1st, they race.", "en") == []
    assert found("Am zweiten November fahren sie.", "de", "On November 1st, they race.", "en") != []
