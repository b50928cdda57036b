"""Where an article and its events are: capitals, datelines, lists, provinces."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.model import Document, Mention
from dateline.pipeline import Coder
from dateline.places import article_context, resolve_place


def _labels(coder: Coder, text: str) -> dict[str, str]:
    resolved = coder.places_of(Document(id="t", text=text, language="en"))
    return {m.text: m.label for m, _ in resolved}


@pytest.mark.parametrize(
    "text",
    [
        "In the centre of Tbilisi, thousands of protesters surrounded parliament.",
        "Police fired tear gas across the capital, Tbilisi, on Tuesday.",
        "TBILISI, Georgia (AP) — Police fired tear gas at protesters on Tuesday.",
    ],
)
def test_a_capital_named_as_a_place_is_not_its_government(
    coder: Coder, text: str
) -> None:
    labels = _labels(coder, text)
    assert labels.get("Tbilisi", labels.get("TBILISI")) == "in", labels


def test_a_capital_that_acts_is_its_government(coder: Coder) -> None:
    labels = _labels(coder, "Tbilisi accused Moscow of backing the separatists.")
    assert labels.get("Tbilisi") == "actor", labels


def test_a_town_listed_after_another_is_a_place(coder: Coder) -> None:
    # Tessit is too small to count as a town without a locative word before it;
    # the list "à Gao et Tessit" gives it the preposition of the first name.
    text = "Des soldats maliens ont été tués dans des attaques à Gao et Tessit."
    doc = replace(Document(id="t", text=text), language="fr")
    ((_, findings_of),) = list(coder.backend("fr").findings([doc]))
    names = [m.text for m in findings_of().places]
    assert "Tessit" in names, names


def test_a_province_is_found_by_its_name_without_state(coder: Coder) -> None:
    # "Michoacán" is also a hamlet of 574 people in Chiapas.
    kinds = {(c.name, c.kind) for c in coder.gazetteer.lookup("Michoacán")}
    assert ("Michoacán State", "admin1") in kinds, kinds


def test_a_town_keeps_the_name_it_shares_with_its_province(coder: Coder) -> None:
    kinds = {c.kind for c in coder.gazetteer.lookup("Daraa")}
    assert kinds == {"city"}, kinds


def test_two_places_named_as_often_give_the_first_as_the_articles_place(
    coder: Coder,
) -> None:
    def mention(text: str, start: int) -> Mention:
        return Mention(
            kind="place", start=start, end=start + len(text), text=text, label="in"
        )

    mentions = [
        mention("Ukraine", 0),
        mention("Kharkiv", 80),
        mention("Kherson", 20),
        mention("Kharkiv", 120),
        mention("Kherson", 100),
    ]
    context = article_context(mentions, coder.gazetteer)
    assert context.main_place is not None
    assert context.main_place.name == "Kherson"


def test_a_province_named_with_its_division_word_is_found_abroad(
    coder: Coder,
) -> None:
    # The actor's country (the United States) outweighs the one place named,
    # but "Marib province" says it is a province: no common word.
    text = (
        "A US drone strike killed three suspected al-Qaeda militants in "
        "Marib province on Thursday, tribal sources said."
    )
    (result,) = coder.code_documents([Document(id="t", text=text, language="en")])
    assert [e.location.country for e in result.events if e.location] == ["YEM"]


def _names(coder: Coder, language: str, text: str) -> list[str]:
    doc = replace(Document(id="t", text=text), language=language)
    ((_, findings_of),) = list(coder.backend(language).findings([doc]))
    return [m.text for m in findings_of().places]


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        # "Assembleia" and "Largo" are names of towns in Brazil; here heads
        # of a longer name.
        (
            "Os manifestantes concentraram-se junto à Assembleia da República.",
            "Assembleia",
        ),
        ("Dois homens foram detidos junto ao Largo do Carmo, em Lisboa.", "Largo"),
    ],
)
def test_a_town_name_joined_to_a_capitalised_word_is_part_of_a_name(
    coder: Coder, text: str, not_a_place: str
) -> None:
    assert not_a_place not in _names(coder, "pt", text)


def test_a_town_after_a_body_stays_a_place_mention(coder: Coder) -> None:
    text = "Agentes de la Guardia Urbana de Barcelona detuvieron a tres personas."
    assert "Barcelona" in _names(coder, "es", text)


def test_a_name_may_begin_with_an_article(coder: Coder) -> None:
    names = _names(
        coder, "es", "Hubo protestas este martes en La Paz contra el Gobierno."
    )
    assert "La Paz" in names, names


def test_a_small_town_abroad_named_by_an_alias_is_no_place(coder: Coder) -> None:
    # GeoNames keeps "Minister" as an old name of Minster, Ohio (2,845
    # people); the United States is named (as an actor) in a story from Dhaka.
    def mention(text: str, start: int) -> Mention:
        return Mention(
            kind="place", start=start, end=start + len(text), text=text, label="in"
        )

    context = article_context(
        [mention("Bangladesh", 0), mention("Dhaka", 50)], coder.gazetteer, ["USA"]
    )
    assert resolve_place([mention("Minister", 90)], context, coder.gazetteer) is None
    # A big city's alias still counts, in a country the text names.
    city = resolve_place([mention("Nueva York", 90)], context, coder.gazetteer)
    assert city is not None and city.name == "New York City", city


def test_the_country_of_the_place_words_places_an_event_without_one(
    coder: Coder,
) -> None:
    # "Israeli forces" five times make Israel the focus (who acts); "in Gaza"
    # twice says where: an event naming no place goes to Palestine.
    mentions = [
        Mention(kind="place", start=i * 40, end=i * 40 + 4, text="Gaza", label="in")
        for i in range(2)
    ]
    context = article_context(mentions, coder.gazetteer, ["ISR"] * 5)
    assert context.focus_country == "ISR"
    assert context.place_country == "PSE"


def _mention(text: str, start: int, label: str = "in") -> Mention:
    return Mention(
        kind="place", start=start, end=start + len(text), text=text, label=label
    )


def test_a_small_namesake_abroad_does_not_say_where_the_article_is(
    coder: Coder,
) -> None:
    # "República" (a district of 60,000 in Brazil) and "Carmo" (a Brazilian
    # town) are words of a story from Lisbon ("Assembleia da República",
    # "Largo do Carmo"); Lisbon tells the country by itself.
    mentions = [
        _mention("Lisboa", 0),
        _mention("República", 40),
        _mention("Carmo", 80),
        _mention("República", 120),
    ]
    context = article_context(mentions, coder.gazetteer)
    assert context.focus_country == "PRT"
    assert "BRA" not in context.countries
    assert resolve_place([_mention("República", 160)], context, coder.gazetteer) is None


def test_a_small_namesake_votes_when_nothing_else_tells_the_country(
    coder: Coder,
) -> None:
    context = article_context([_mention("Carmo", 0)], coder.gazetteer)
    assert context.focus_country == "BRA"


def test_an_actors_country_counts_half_for_where_its_towns_are(
    coder: Coder,
) -> None:
    # Three Israeli actors and "in Gaza" twice: Israel acts, the towns named
    # are read in Palestine first.
    mentions = [_mention("Gaza", 0), _mention("Gaza", 40)]
    context = article_context(mentions, coder.gazetteer, ["ISR"] * 3)
    # Mozambique's Gaza Province, named without "province", is no reading
    # in a story whose countries are Israel's and its neighbours.
    assert "MOZ" not in context.countries
    assert context.focus_country == "ISR"
    assert context.located_country == "PSE"


def test_a_name_given_with_a_place_noun_is_no_country(coder: Coder) -> None:
    # "en el municipio de Argelia": the Colombian municipality, not Algeria.
    named = _mention("Argelia", 60, "named")
    context = article_context([_mention("Cauca", 0), named], coder.gazetteer)
    assert "DZA" not in context.countries
    town = resolve_place([named], context, coder.gazetteer)
    assert town is not None and (town.country, town.kind) == ("COL", "city"), town
    context = article_context(
        [_mention("Cauca", 0), _mention("Argelia", 60)], coder.gazetteer
    )
    assert "DZA" in context.countries


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("es", "Murieron tres soldados en el municipio de Argelia, Cauca.", "Argelia"),
        ("fr", "Deux soldats ont été tués dans la ville de Gao.", "Gao"),
    ],
)
def test_a_place_noun_before_a_name_labels_it_named(
    coder: Coder, language: str, text: str, name: str
) -> None:
    doc = replace(Document(id="t", text=text), language=language)
    ((_, findings_of),) = list(coder.backend(language).findings([doc]))
    labels = {m.text: m.label for m in findings_of().places}
    assert labels.get(name) == "named", labels


@pytest.mark.parametrize(
    ("language", "text", "place", "word"),
    [
        # Dushanbe is "Monday" in Persian.
        ("fa", "روز دوشنبه در کابل دو نفر کشته شدند.", "کابل", "دوشنبه"),
        ("tr", "Ankara'da 3 Mart günü gösteri yapıldı.", "Ankara", "Mart"),
    ],
)
def test_a_weekday_or_month_is_no_place(
    coder: Coder, language: str, text: str, place: str, word: str
) -> None:
    names = _names(coder, language, text)
    assert place in names and word not in names, names


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # A locative ending says where; a genitive or ablative one does not.
        ("Halep'te çatışma çıktı.", "Halep", "in"),
        ("İsrail'in saldırılarında Gazze'de 5 kişi öldü.", "İsrail", "actor"),
        ("Rusya'dan gelen İHA'lar vuruldu.", "Rusya", "actor"),
        # ... unless a place word follows: "in the north of Iraq".
        ("Irak'ın kuzeyinde 3 terörist etkisiz hale getirildi.", "Irak", "near"),
    ],
)
def test_a_turkish_case_ending_says_where_only_when_locative(
    coder: Coder, text: str, name: str, label: str
) -> None:
    doc = replace(Document(id="t", text=text), language="tr")
    ((_, findings_of),) = list(coder.backend("tr").findings([doc]))
    labels = {m.text: m.label for m in findings_of().places}
    assert labels.get(name) == label, labels


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Die Berliner Polizei hat 188 Personen festgenommen.", ["Berliner"]),
        # A short stem is a word, not a town: "Lager", "Peter".
        ("Im Lager lebten Peter und seine Kinder.", []),
    ],
)
def test_a_big_towns_adjective_places_what_it_describes(
    coder: Coder, text: str, names: list[str]
) -> None:
    assert _names(coder, "de", text) == names


def test_a_month_inside_a_name_keeps_the_name(coder: Coder) -> None:
    text = "A polícia fez uma operação no Rio de Janeiro nesta terça-feira."
    assert "Rio de Janeiro" in _names(coder, "pt", text)
