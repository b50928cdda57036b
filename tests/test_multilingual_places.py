"""Place names the parser-free finder reads, and the words it must not read as places."""

from __future__ import annotations

import datetime as dt

from dateline.model import Document, Event, content_id
from dateline.pipeline import Coder


def place_texts(coder: Coder, text: str, language: str) -> list[str]:
    doc = Document(id=content_id(text), text=text, language=language)
    return [m.text for m in coder.multilingual().find(doc, language).places]


def test_a_noun_after_da_in_a_name_is_not_a_town(coder: Coder) -> None:
    text = "Os manifestantes subiram as escadarias da Assembleia da República."
    assert "República" not in place_texts(coder, text, "pt"), (
        "'Assembleia da República' is Portugal's parliament, not República, Brazil"
    )


def test_a_town_after_de_in_a_name_is_still_a_town(coder: Coder) -> None:
    text = "La Fiscalía pidió al Juzgado de Garantía de Cañete ampliar la detención."
    assert "Cañete" in place_texts(coder, text, "es"), (
        "a town's name takes no article: the court is in Cañete"
    )


def test_a_german_plural_noun_is_not_a_town_by_its_singular(coder: Coder) -> None:
    text = "Vor dem Rathaus riefen die Demonstranten verbotene Parolen."
    assert not any("Parole" in p for p in place_texts(coder, text, "de")), (
        "'Parolen' (slogans) is a plural noun, not a case of Parole, Ohio"
    )


def test_a_german_genitive_still_names_the_town(coder: Coder) -> None:
    text = "Die Bürgermeisterin Kiews rief die Bewohner in die Schutzräume."
    assert "Kiew" in place_texts(coder, text, "de"), (
        "'Kiews' is the genitive of Kiew and names the city"
    )


def test_a_russian_town_the_lemmatiser_lacks_is_read_off_its_case_ending(
    coder: Coder,
) -> None:
    text = "Бои идут в Бахмуте и Авдеевке."
    places = place_texts(coder, text, "ru")
    assert "Бахмут" in places, "'в Бахмуте' is the locative of Бахмут (Bakhmut)"
    assert "Авдеевке" in places, "'в Авдеевке' is the locative of Авдеевка"


def test_a_first_name_beside_a_hamlet_word_is_not_a_town(coder: Coder) -> None:
    text = "Après la réélection d'Ali Bongo, des militaires ont annulé le scrutin."
    assert "Ali" not in place_texts(coder, text, "fr"), (
        "'Ali' of 'Ali Bongo' is a first name, not a town (Bongo is only a hamlet)"
    )


def test_a_place_noun_with_an_adjective_names_a_small_town(coder: Coder) -> None:
    text = "Los disidentes atacaron una patrulla en el municipio antioqueño de Amalfi."
    assert "Amalfi" in place_texts(coder, text, "es"), (
        "'municipio antioqueño de Amalfi' names the town as 'municipio de' does"
    )


def code(coder: Coder, text: str, language: str) -> list[Event]:
    doc = Document(
        id=content_id(text),
        text=text,
        published=dt.date(2025, 8, 22),
        language=language,
    )
    (result,) = list(coder.code_documents([doc]))
    assert result.error is None, result.error
    return list(result.events)


def test_an_event_takes_the_place_of_its_own_clause(coder: Coder) -> None:
    text = (
        "Un coche bomba estalló el jueves en Cali, y un helicóptero de la "
        "Policía fue derribado en el municipio antioqueño de Amalfi."
    )
    events = [e for e in code(coder, text, "es") if "derriba" in e.trigger.text]
    assert events, "the downing of the helicopter is an event"
    assert all(e.location and e.location.name == "Amalfi" for e in events), (
        "the helicopter was downed in Amalfi, the place of its own clause, "
        f"not in Cali: {[e.location for e in events]}"
    )
