"""Meaning flips: negations on one side only (align.divergence.checks.polarity)."""
from __future__ import annotations

from functools import partial

import pytest

from align.divergence.checks.polarity import check_polarity

from . import helpers
from .helpers import checked


def found(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list[tuple[str, str]]:
    return [(d.side, d.text) for d in checked(check_polarity, "meaning", src, src_lang, tgt, tgt_lang)]


@pytest.mark.parametrize(("src", "tgt"), [
    ("Your data will never be sold.", "Dataene dine vil aldri bli solgt."),
    ("ClickSend will not sell your data.", "ClickSend vil ikke selge dataene dine."),
    ("No third party has access to the data.", "Ingen tredjepart har tilgang til dataene."),
    ("We will not sell, rent or loan our lists, nor will we use them.",
     "Vi vil ikke selge, leie eller låne ut listene, og vi vil heller ikke bruke dem."),
    ("It is neither sold nor rented.", "Den blir verken solgt eller leid ut."),
    ("We do not sell your data, nor do we rent it.", "Vi verken selger eller leier ut dataene dine."),
    ("Nor will we use them.", "Vi vil heller ikke bruke dem."),
    ("Our legal team can’t wait to help you.", "Vårt juridiske team er klare til å hjelpe deg."),
    ("This includes, but is not limited to, names.", "Dette omfatter blant annet navn."),
    ("Reply no later than 30 days after.", "Svar senest 30 dager etter."),
    ("Message data can be deidentified where required.", "Meldingsdata kan avidentifiseres der det er nødvendig."),
    ("Message data can be deidentified where required.", "Meldingsdata kan anonymiseres der det er nødvendig."),
    ("Message data can be deidentified where required.", "Meldingsdata kan ikke identifiseres der det er nødvendig."),
    ("Data is never stored unencrypted.", "Data lagres aldri ukryptert."),
    ("Unsubscribe requests are fulfilled within minutes.", "Avmeldingsforespørsler blir oppfylt i løpet av minutter."),
    ("ClickSend will not send you unsolicited email.", "ClickSend vil ikke sende deg uoppfordret e-post."),
    ("This helps us maintain an informative website.", "Dette hjelper oss å opprettholde et informativt nettsted."),
    ("Users may not opt out, though they can deactivate their account.",
     "Brukere kan ikke velge bort dette, selv om de kan deaktivere kontoen."),
    ("We collect non-personal data.", "Vi samler inn ikke-personlige data."),
])
def test_faithful_pairs_are_quiet(src: str, tgt: str) -> None:
    assert found(src, "en", tgt, "nb") == []


def test_dropped_negation_word() -> None:
    diffs = check_polarity("We will not sell your data.", "en", "Vi vil selge dataene dine.", "nb")
    assert [(d.side, d.text, d.value) for d in diffs] == [("source", "not", "not")]
    assert "'not'" in diffs[0].note
    assert found("We never disclose your data.", "en", "Vi kan utlevere dataene dine.", "nb") == [("source", "never")]


def test_added_negation_is_reported_on_the_target() -> None:
    assert found("We share your data with partners.", "en", "Vi deler ikke dataene dine med partnere.", "nb") == [
        ("target", "ikke")]


def test_negative_prefix_against_a_positive_cognate() -> None:
    diffs = check_polarity("Message data can be deidentified where required.", "en",
                           "Meldingsdata kan identifiseres der det er nødvendig.", "nb")
    assert [(d.side, d.text, d.value) for d in diffs] == [("source", "deidentified", "de-identified")]
    assert diffs[0].note == ("source negates ('deidentified' = de- + identified) "
                             "but the target's 'identifiseres' is positive")
    assert found("Data is stored unencrypted.", "en", "Data lagres kryptert.", "nb") == [("source", "unencrypted")]
    assert found("Data lagres ukryptert.", "nb", "Data is stored encrypted.", "en") == [("source", "ukryptert")]


def test_a_confirmed_affix_is_preferred_as_evidence() -> None:
    assert found("Data is never stored unencrypted.", "en", "Data lagres aldri kryptert.", "nb") == [
        ("source", "unencrypted")]


def test_other_languages() -> None:
    assert found("Les données ne sont pas vendues.", "fr", "The data is not sold.", "en") == []
    assert found("Les données ne sont vendues qu'aux partenaires.", "fr", "The data is only sold to partners.",
                 "en") == []
    assert found("Les données sont vendues sans consentement.", "fr", "The data is sold with consent.", "en") == [
        ("source", "sans")]
    assert found("Die Daten werden nicht verkauft.", "de", "The data is not sold.", "en") == []
    assert found("Die Daten werden nicht verkauft.", "de", "The data is sold.", "en") == [("source", "nicht")]
    assert found("Es gibt keine Weitergabe.", "de", "Det skjer ingen videreformidling.", "nb") == []
    assert found("Wir verkaufen nicht und vermieten auch nicht.", "de", "We do not sell or rent.", "en") == []
    assert found("Ni vendues ni louées.", "fr", "Neither sold nor rented.", "en") == []


both_ways = partial(helpers.both_ways, found)


@pytest.mark.parametrize(("src", "tgt"), [
    # de- + "ssinateur" is not a negation, and a name (Sinatra) confirms nothing.
    ("Robbo (Frank Sinatra) recruits pool hustler Little John, plus quick-draw artist Will and a few other hoods.",
     "Robbo recrute le joueur de billard Little John, le dessinateur rapide Will et quelques autres gangsters."),
    # The other side has the whole word, elided article and all.
    ("The water regime is affected by the abstraction of its water for hydropower plants, irrigation and fish farming.",
     "Le régime des eaux est affecté par l'absorption de son eau pour les centrales, "
     "l'irrigation et la pisciculture."),
    # Latin in-/im- negate adjectives, not verbs: inherited, imprisoned.
    ("Edict 13 refers to rulers who had inherited the conquests of Alexander the Great.",
     "L'édit 13 fait référence aux souverains héritiers des conquêtes d'Alexandre le Grand."),
    ("Beatings were administered to children imprisoned for writing the word independence.",
     "Des coups sont administrés aux enfants emprisonnés pour avoir écrit le mot indépendance."),
    # The cognate must start where the stem starts: désigné is not de- + signé ~ assigned.
    ("Whilst this name was assigned by early surveyors, the residents have referred to the area as Dumbara.",
     "Alors que ce nom a été attribué par les premiers arpenteurs, "
     "les résidents ont désigné la région comme Dumbara."),
    ("Matthew Paris claims that, in desperation, John sent envoys to al-Nâsir.",
     "Matthew Paris prétend que, désespéré, Jean envoya des émissaires à al-Nâsir."),
])
def test_prefix_look_alikes_are_not_negations(src: str, tgt: str) -> None:
    assert both_ways(src, "en", tgt, "fr") == ([], [])


def test_confirmed_prefixes_still_fire_in_french() -> None:
    assert both_ways("Les données sont stockées non cryptées.", "fr", "The data is stored encrypted.", "en") == (
        [("source", "non cryptées")], [("target", "non cryptées")])
    assert both_ways("We collect non-personal data.", "en", "Nous collectons des données personnelles.", "fr") == (
        [("source", "non-personal")], [("target", "non-personal")])


@pytest.mark.parametrize(("src", "tgt"), [
    # Expletive "ne": after "avant que", "à moins que", "craindre que".
    ("Earle Bruce coached the Stampede before he announced his resignation to spend more time with his family.",
     "Earle Bruce a entraîné les Stampede avant qu'il n'annonce sa démission "
     "pour passer plus de temps avec sa famille."),
    ("The contract ends unless the customer asks for a renewal.",
     "Le contrat prend fin à moins que le client ne demande un renouvellement."),
    ("I fear that it is too late.", "Je crains qu'il ne soit trop tard."),
    # Restrictive "ne ... (plus) que": only.
    ("All that remains is to sign the contract.", "Il ne reste plus qu'à signer le contrat."),
    # "sans aucun doute": undoubtedly.
    ("Other genes undoubtedly contribute to perenniality.",
     "D'autres gènes contribuent sans aucun doute au caractère pérenne."),
    # "qu'aucun ... ne" is one negation.
    ("It can be shown that no two-parameter coordinate system can avoid such degeneracy.",
     "On peut montrer qu'aucun système de coordonnées à deux paramètres ne peut éviter cette dégénérescence."),
    # Tokenised text: "n' est" with a space; "pas" the noun.
    ("We are not roped up yet and every step demands great concentration.",
     "Nous ne sommes pas encore encordés et chaque pas exige une grande concentration ."),
])
def test_french_ne_without_negation(src: str, tgt: str) -> None:
    assert both_ways(src, "en", tgt, "fr") == ([], [])


def test_french_negations_that_count() -> None:
    assert both_ways("Il ne pleut guère en été .", "fr", "It rains in summer.", "en") == (
        [("source", "ne")], [("target", "ne")])
    assert both_ways("It can be shown that every coordinate system can avoid such degeneracy.", "en",
                     "On peut montrer qu'aucun système de coordonnées ne peut éviter cette dégénérescence.",
                     "fr") == (
        [("target", "qu'aucun")], [("source", "qu'aucun")])
    assert both_ways("We are not roped up and every step demands great concentration.", "en",
                     "Nous sommes encordés et chaque pas exige une grande concentration .", "fr") == (
        [("source", "not")], [("target", "not")])
    # Written French negates pouvoir/savoir/oser/cesser with "ne" alone.
    assert both_ways("Unsere Zeit geht zu Ende , wir können den Gipfel heute nicht mehr erreichen .", "de",
                     "Notre temps est compté et nous ne pouvons gagner le sommet aujourd' hui ;", "fr") == ([], [])
    assert found("Chaque pas est une souffrance .", "fr", "Jeder Schritt ist eine Qual .", "de") == []


def test_words_repeated_inside_a_name_or_quotation() -> None:
    assert both_ways("Fujiwara no Hirotsugu, the oldest son of Umakai, was the leader of the Shikike branch.", "en",
                     "Fujiwara no Hirotsugu, fils aîné de Umakai, est le chef de la branche Shikike.",
                     "fr") == ([], [])
    assert both_ways('He was influenced by the song "Ne l\'oseray je dire" published around 1510.', "en",
                     'Il a été influencé par la chanson "Ne l\'oseray je dire" publiée vers 1510.',
                     "fr") == ([], [])


@pytest.mark.parametrize(("src", "tgt"), [
    ("Freedom House assisted the establishment of independent media and non-governmental think tanks.",
     "Freedom House a aidé à l'établissement de médias indépendants "
     "et de groupes de réflexion non gouvernementaux."),
    ("Three godwits reached the Yellow Sea after non-stop flights from New Zealand.",
     "Trois barges ont atteint la mer Jaune après des vols sans escales depuis la Nouvelle-Zélande."),
    ("Early hominids may have evolved capacities for similar, non-semantic purposes.",
     "Des hominidés primitifs ont peut-être développé des capacités à but non sémantique similaires."),
])
def test_non_is_counted_alike_on_both_sides(src: str, tgt: str) -> None:
    assert both_ways(src, "en", tgt, "fr") == ([], [])


@pytest.mark.parametrize(("src", "src_lang", "tgt", "tgt_lang"), [
    ("Sie ist nicht nur schnell, sondern auch sicher.", "de", "Elle est rapide et sûre.", "fr"),
    ("Dette gjelder ikke bare kunder, men også partnere.", "nb", "This applies to customers and partners.", "en"),
    ("Ce n'est pas seulement rapide, c'est sûr.", "fr", "It is fast and safe.", "en"),
    ("Brouillard ou pas , nous grimperons .", "fr", "Nebel hin oder her , wir klettern .", "de"),
    ("The devil was really not that bad.", "en", "Le diable n'était pas vraiment maléfique.", "fr"),
])
def test_fixed_expressions_do_not_negate(src: str, src_lang: str, tgt: str, tgt_lang: str) -> None:
    assert both_ways(src, src_lang, tgt, tgt_lang) == ([], [])


@pytest.mark.parametrize(("src", "src_lang", "tgt", "tgt_lang"), [
    # A negation moved elsewhere in the sentence ("Kein" ~ "même pas") is not a flip.
    ("Kein Mensch , nicht einmal unsere alpinen Lehrmeister , hätten uns damals erklären können , wie das geht .",
     "de", "Personne , même pas nos maîtres en alpinisme , n' aurait pu nous enseigner à l' époque l' escalade .",
     "fr"),
    # A negation rendered by a word of negative meaning.
    ("Lotus was at a low point, having failed to produce a competitive car.", "en",
     "Lotus, alors en difficulté, produit une voiture qui n'est pas très compétitive.", "fr"),
    ("He decided that they would go no further north.", "en", "Il décide de renoncer à poursuivre vers le nord.",
     "fr"),
    ("Egoless programming is a style of programming in which personal factors are minimized.", "en",
     "La programmation sans ego est un style de programmation dans lequel les facteurs personnels sont minimisés.",
     "fr"),
    # Litotes: a negation and the negative word it governs.
    ("Nicht ganz zu Unrecht , denn die Nägel waren wie kleine Raubtiere :", "de",
     "Et avec raison , car les clous étaient comme de petits animaux :", "fr"),
])
def test_restructured_negations_are_quiet(src: str, src_lang: str, tgt: str, tgt_lang: str) -> None:
    assert both_ways(src, src_lang, tgt, tgt_lang) == ([], [])


def test_a_dropped_negation_is_still_found_next_to_other_negative_words() -> None:
    # "except" pairs with "unntatt"; the dropped "not" is left over.
    assert both_ways("We do not share your data except with our partners.", "en",
                     "Vi deler dataene dine unntatt med våre partnere.", "nb") == (
        [("source", "not")], [("target", "not")])
    # One of two negations dropped, far from the one kept.
    assert both_ways("We will not sell your data, and we will not share it.", "en",
                     "Vi vil ikke selge dataene dine, og vi vil dele dem.", "nb") == (
        [("source", "not")], [("target", "not")])


# ----------------------------------------------------------------- more languages

@pytest.mark.parametrize(("src", "lang", "tgt"), [
    ("习近平总书记多次强调，中国开放的大门不会关闭，只会越开越大。", "zh",
     "General Secretary Xi Jinping has stressed many times that China's door to opening up will not close, "
     "but will only get wider."),
    ("我不知道你有没有意识到，大部分货物都是免关税的。", "zh",
     "I don't know if you realize that most goods are duty free."),
    ("他一直无法用药物来缓解疼痛。", "zh", "He has been unable to relieve the pain with medication."),
    ("悉尼的服务器不会出售您的数据。", "zh", "The servers in Sydney will not sell your data."),
    ("彼はその理由を知らないと言った。", "ja", "He said he did not know the reason."),
    ("早ければ28日ごろ梅雨明けの発表があるかもしれません。", "ja",
     "The end of the rainy season may be announced on the 28th."),
    ("東京には行かなければならない。", "ja", "I have to go to Tokyo."),
    ("הנתונים שלך לא יימכרו לעולם.", "he", "Your data will never be sold."),
    ("השרתים נמצאים בסידני ולא באירופה.", "he", "The servers are in Sydney and not in Europe."),
    ("لن يتم بيع بياناتك.", "ar", "Your data will not be sold."),
    ("لا يزال الخادم في سيدني.", "ar", "The server is still in Sydney."),
    ("Sin embargo, Scholz también ha oído hablar de este habitante de Asia Central.", "es",
     "However, Scholz has also heard about this Central Asian inhabitant."),
    ("Estados Unidos se muestra más firme que nunca.", "es", "The United States is more assertive than ever."),
    ("Я знал, что самолюбие Брайанта нельзя задевать, чтобы не стимулировать его злость.", "ru",
     "I knew that Bryant's ego shouldn't be hurt so as not to stimulate his anger."),
    ("Nikt nie wie, co się stało.", "pl", "No one knows what happened."),
    ("Jiří Paroubek není placeným poradcem sociální demokracie.", "cs",
     "Jiří Paroubek is not a paid adviser to the Social Democrats."),
    ("श्री शाह के कार्यक्रम को सार्वजनिक नहीं किया गया।", "hi", "Mr. Shah's programme was not made public."),
    ("Dataene dine vil ikkje bli selde.", "nn", "Your data will not be sold."),
    ("Tietojasi ei myydä.", "fi", "Your data will not be sold."),
    ("Dina uppgifter säljs aldrig.", "sv", "Your data is never sold."),
])
def test_translated_negation_is_no_flip(src: str, lang: str, tgt: str) -> None:
    assert found(src, lang, tgt, "en") == []


@pytest.mark.parametrize(("src", "lang", "tgt", "side", "text"), [
    ("中国开放的大门不会关闭。", "zh", "China's door to opening up will close.", "source", "不"),
    ("太空中的卫星接到电话后，几乎是立刻将其反射回去。", "zh",
     "When a satellite in space receives a call, it does not reflect it back almost immediately.", "target", "not"),
    ("彼はその理由を知らないと言った。", "ja", "He said he knew the reason.", "source", "ない"),
    ("לא יימכרו הנתונים.", "he", "The data will be sold.", "source", "לא"),
    ("لن يتم بيع بياناتك.", "ar", "Your data will be sold.", "source", "لن"),
    ("Nie pozwolili mi zabrać komórki.", "pl", "They allowed me to take my phone.", "source", "Nie"),
    ("Прилагательные не меняются.", "ru", "Adjectives change.", "source", "не"),
    ("Peña Nieto prometió seguir luchando.", "es", "Peña Nieto did not promise to keep fighting.", "target", "not"),
    # nepřítel (enemy) is a word of its own, no negation that could render the target's "not"
    ("Izrael považuje Írán za svého nepřítele.", "cs", "Israel does not consider Iran its enemy.", "target", "not"),
    ("Wojska nieprzyjaciela zajęły miasto.", "pl", "Enemy troops did not take the city.", "target", "not"),
    ("Кадры запечатлели несчастный случай в Сочи.", "ru", "The footage shows an accident that did not occur in Sochi.",
     "target", "not"),
    ("पोस्टमार्टम के बाद भी मौत की वजह से परदा नहीं उठ सका।", "hi",
     "Even after the post-mortem, the cause of death could be found.", "source", "नहीं"),
])
def test_flipped_negation_is_found_in_other_languages(src: str, lang: str, tgt: str, side: str, text: str) -> None:
    assert found(src, lang, tgt, "en") == [(side, text)]


def test_language_without_negation_data_is_silent() -> None:
    """Korean has no negation list here: an English negation facing it is no evidence."""
    assert found("데이터는 판매되지 않습니다.", "ko", "The data is not sold.", "en") == []
    assert found("데이터는 판매됩니다.", "ko", "The data is not sold.", "en") == []


def test_a_negation_word_rendered_as_a_negative_affix() -> None:
    """Italian ``non è corretta`` is English ``incorrect`` (``ct`` ~ ``tt`` in the cognate key)."""
    assert found("Ma non è corretta.", "it", "But it is incorrect.", "en") == []
    assert found("Ma è corretta.", "it", "But it is incorrect.", "en") == [("target", "incorrect")]


def test_a_negation_added_next_to_a_without() -> None:
    """Each ``ohne`` renders a ``without``: the ``not`` left over stands near no negation of the source."""
    src = ("Schliesslich konnte die Saison aber ohne besondere Vorkommnisse zu Ende gespielt werden - allerdings "
           "ohne Zuschauer in den Stadien.")
    tgt = ("In the end, however, the season could be played to the end without any special incidents - albeit "
           "without spectators in the stadiums.")
    assert found(src, "de", tgt, "en") == []
    assert found(src, "de", tgt.replace("could be", "could not be"), "en") == [("target", "not")]
