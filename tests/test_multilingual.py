"""Coding news in Arabic, French, Russian and the other languages read without a parser."""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest

from dateline.model import Document, Event, content_id
from dateline.multilingual import LANGUAGES, MultilingualFinder
from dateline.multilingual.syntax import SyntaxReader
from dateline.pipeline import Coder
from dateline.resources import Resources
from dateline.settings import Settings

PUBLISHED = dt.date(2024, 3, 15)


@pytest.fixture(scope="module", autouse=True)
def offline() -> Iterator[None]:
    """No hub, no network: every model must load from site-packages."""
    saved = {k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    real_connect = socket.socket.connect

    def refuse(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise AssertionError(f"tried to reach the network: {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def code(coder: Coder, text: str, language: str) -> list[Event]:
    doc = Document(
        id=content_id(text), text=text, published=PUBLISHED, language=language
    )
    (result,) = list(coder.code_documents([doc]))
    assert result.error is None, result.error
    assert result.note is None, f"{language} was not coded: {result.note}"
    return list(result.events)


def only(events: list[Event], event_type: str) -> Event:
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, (
        f"expected one {event_type} event, got "
        f"{[(e.event_type, e.trigger.text) for e in events]}"
    )
    return found[0]


def test_french_airstrike_has_type_actor_place_dead_and_source(coder: Coder) -> None:
    text = (
        "Des frappes aériennes russes ont tué vingt civils dimanche à Idlib, "
        "selon l'Observatoire syrien des droits de l'homme."
    )
    event = only(code(coder, text, "fr"), "ASSAULT")
    assert event.language == "fr", "the event must say which language it was read in"
    assert event.mode == "aerial", f"airstrikes are aerial, got {event.mode}"
    assert event.actor is not None and event.actor.name == "Military Forces of Russia"
    assert event.location is not None and event.location.country == "SYR", (
        f"the strikes were in Idlib, got {event.location}"
    )
    assert event.fatalities == 20, "vingt civils tués: twenty dead"
    assert event.date == event.date and event.date is not None
    assert event.date.start == dt.date(2024, 3, 10), "dimanche before 15 March"
    assert event.attributed_to is not None and "Observatoire" in event.attributed_to


def test_arabic_airstrike_has_type_actor_place_and_dead(coder: Coder) -> None:
    text = (
        "قتل ثمانية مدنيين في غارات جوية روسية على ريف إدلب يوم الأحد، "
        "وفقا للمرصد السوري لحقوق الإنسان."
    )
    event = only(code(coder, text, "ar"), "ASSAULT")
    assert event.actor is not None and event.actor.name == "Military Forces of Russia"
    assert event.target is not None and event.target.name == "civilians"
    assert event.location is not None and event.location.name.startswith("Idl"), (
        f"the raids hit Idlib, got {event.location}"
    )
    assert event.fatalities == 8, "ثمانية مدنيين: eight dead"
    assert event.attributed_to is not None and "المرصد" in event.attributed_to


def test_russian_missile_strike_has_type_actor_place_and_dead(coder: Coder) -> None:
    text = (
        "Российские войска нанесли ракетный удар по Харькову в воскресенье, "
        "погибли три мирных жителя, сообщили местные власти."
    )
    event = only(code(coder, text, "ru"), "ASSAULT")
    assert event.mode == "missile"
    assert event.actor is not None and event.actor.name == "Military Forces of Russia"
    assert event.location is not None and event.location.name == "Kharkiv"
    assert event.fatalities == 3, "три мирных жителя погибли: three dead"
    assert event.attributed_to == "местные власти"


def test_passive_agent_is_the_initiator(coder: Coder) -> None:
    text = "Trois gendarmes ont été tués samedi par des séparatistes à Bamenda."
    event = only(code(coder, text, "fr"), "ASSAULT")
    assert event.actor is not None and event.actor.name == "separatists", (
        "'par des séparatistes' names who killed"
    )
    assert event.target is not None and event.target.text.endswith("gendarmes")
    assert event.fatalities == 3


@pytest.mark.parametrize(
    ("language", "text", "value"),
    [
        ("fr", "Vingt-trois soldats ont été tués lors de l'attaque.", 23),
        ("ar", "أسفر القصف عن مقتل عشرين مدنيا.", 20),
        ("ru", "При обстреле погибли двадцать три человека.", 23),
        ("es", "Murieron al menos doce personas en el ataque.", 12),
        ("de", "Bei dem Angriff wurden dreißig Menschen getötet.", 30),
    ],
)
def test_numbers_in_words_are_read(
    coder: Coder, language: str, text: str, value: int
) -> None:
    finder: MultilingualFinder = coder.multilingual()
    doc = Document(id=content_id(text), text=text, language=language)
    found = finder.find(doc, language)
    killed = [f for f in found.figures if f.unit == "killed"]
    assert [f.value for f in killed] == [value], (
        f"{text!r}: expected {value} dead, got {[(f.value, f.unit) for f in found.figures]}"
    )
    assert all(text[f.start : f.end] == f.text for f in found.figures)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Les Forces de soutien rapide ont attaqué El-Fasher, a indiqué l'ONU."),
        ("ar", "اعتقلت قوات الاحتلال الإسرائيلي 25 فلسطينيا في مدينة جنين."),
        ("ru", "ВСУ обстреляли Белгород, погибли два человека."),
        ("uk", "Окупанти обстріляли Херсон з артилерії, загинула одна людина."),
        ("fa", "نیروهای امنیتی در زاهدان دست کم ۱۵ معترض را بازداشت کردند."),
        ("tr", "Rus ordusu Harkiv kentine füze saldırısı düzenledi, üç sivil öldü."),
        ("pt", "Insurgentes atacaram a aldeia de Chibau, matando quatro civis."),
    ],
)
def test_every_span_is_the_text_it_points_to(
    coder: Coder, language: str, text: str
) -> None:
    events = code(coder, text, language)
    assert events, f"{language}: no event in {text!r}"
    for event in events:
        for span in (event.evidence, event.trigger, *event.mentions):
            assert text[span.start : span.end] == span.text, (
                f"{language}: span {span} does not match the text"
            )


def test_every_language_is_coded(coder: Coder) -> None:
    from dateline.pipeline import CODED_LANGUAGES

    assert LANGUAGES <= CODED_LANGUAGES, (
        f"not routed to the finder: {sorted(LANGUAGES - CODED_LANGUAGES)}"
    )


def test_a_language_without_coding_gets_a_note(coder: Coder) -> None:
    doc = Document(
        id="it-1", text="Ieri a Roma si è tenuta una manifestazione.", language="it"
    )
    (result,) = list(coder.code_documents([doc]))
    assert result.events == ()
    assert result.note is not None and "'it'" in result.note


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        (
            "ru",
            "Глава делегации Владимир Мединский заявил, что стороны договорились "
            "об обмене пленными.",
            "Владимир",
        ),
        (
            "tr",
            "Polis, Ekrem İmamoğlu'nun destekçilerine biber gazıyla müdahale etti.",
            "İmamoğlu",
        ),
    ],
)
def test_a_town_inside_a_persons_name_is_not_a_place(
    coder: Coder, language: str, text: str, name: str
) -> None:
    events = code(coder, text, language)
    assert events, "the sentence reports an event"
    for event in events:
        assert event.location is None or name not in event.location.text, (
            f"{name} in a person's name was read as the town: {event.location}"
        )


def test_the_arabic_word_for_city_is_not_medina(coder: Coder) -> None:
    text = "قصفت قوات الدعم السريع أحياء شرقي المدينة يوم الاثنين، بحسب شهود."
    events = code(coder, text, "ar")
    assert events, "the shelling is an event"
    assert all(e.location is None or e.location.country != "SAU" for e in events), [
        e.location for e in events
    ]


def test_french_parser_loads_offline_and_carries_the_doer_to_a_pronoun(
    settings: Settings, resources: Resources
) -> None:
    # A Coder of its own, so that fr_core_news_sm is loaded here, under the
    # module's no-network fixture, whatever other tests loaded before.
    coder = Coder(replace(settings, parse_roles=("fr",)), resources)
    text = (
        "Le ministre camerounais de la Défense est en visite à Bamenda. "
        "Il a condamné vendredi les attaques des séparatistes."
    )
    events = [e for e in code(coder, text, "fr") if e.event_type == "ACCUSE"]
    assert events, "the condemnation was not coded"
    actor = events[0].actor
    assert actor is not None and actor.country == "CMR", (
        f"'Il' is the Cameroonian minister of the sentence before, got {actor}"
    )


def test_french_pronoun_subject_acts_and_the_object_is_attacked(coder: Coder) -> None:
    text = (
        "Les manifestants ont incendié l'ambassade de France à Kinshasa mardi. "
        "Ils ont aussi attaqué la police."
    )
    events = [e for e in code(coder, text, "fr") if e.trigger.text == "attaqué"]
    assert len(events) == 1, "the attack on the police was not coded"
    event = events[0]
    assert event.actor is not None and event.actor.name == "protesters", (
        f"'Ils' are the protesters of the sentence before, got {event.actor}"
    )
    assert event.target is not None and "police" in event.target.name.lower(), (
        f"the police were attacked, got {event.target}"
    )


def test_russian_parser_loads_from_its_wheel_without_network(
    resources: Resources,
) -> None:
    # Built afresh here, inside the module's network refusal, whatever coded
    # Russian before: natasha's models must come from site-packages.
    reader = SyntaxReader(resources.role_patterns["ru"])
    text = "Российские войска обстреляли Харьков."
    parsed = reader.parse(text)
    start = text.index("обстреляли")
    syntax = parsed.trigger(start, start + len("обстреляли"))
    assert syntax is not None and syntax.fillers, "the parse must give the verb roles"


def test_russian_doer_is_read_from_the_parse_not_the_word_order(
    coder: Coder,
) -> None:
    # Word order alone left this strike without a doer (the parenthesis
    # closes the clause); the parse's subject of "нанесли удар" is the doer.
    text = (
        "Ранее Вооружённые силы Украины (ВСУ) нанесли удар по Белгороду, "
        "в результате чего пострадали четыре человека."
    )
    event = only(code(coder, text, "ru"), "ASSAULT")
    assert (
        event.actor is not None and event.actor.name == "Military Forces of Ukraine"
    ), "the subject of 'нанесли удар' struck Belgorod"


def test_russian_later_mentions_of_a_group_are_that_group(coder: Coder) -> None:
    text = (
        "Боевики ИГИЛ атаковали блокпост армии Ирака в Киркуке в понедельник. "
        "В среду они обстреляли деревню под Мосулом и убили трех мирных жителей. "
        "В пятницу боевики взорвали мост в Тикрите."
    )
    events = code(coder, text, "ru")
    assert events, "the attacks must be coded"
    for event in events:
        assert event.actor is not None and event.actor.name == "Islamic State", (
            f"'{event.trigger.text}': IS, named once, did every attack "
            f"(got {event.actor.name if event.actor else None})"
        )


def test_a_common_word_is_not_a_country_named_like_it(coder: Coder) -> None:
    text = "Кроме того, дроны нанесли удар по Климовскому району."
    for event in code(coder, text, "ru"):
        for side in (event.actor, event.target):
            assert side is None or side.name != "Military Forces of Togo", (
                "'кроме того' (besides) is not Togo"
            )


def test_german_agent_before_a_clause_final_participle_is_the_initiator(
    coder: Coder,
) -> None:
    text = (
        "Die Zahl der Zivilisten, die von syrischen Regierungskräften bei "
        "Bombenangriffen im Nordwesten getötet wurden, stieg auf 682."
    )
    event = only(code(coder, text, "de"), "ASSAULT")
    assert event.actor is not None and event.actor.name == "Military Forces of Syria", (
        "'von syrischen Regierungskräften ... getötet wurden' names who killed"
    )
    assert event.target is not None and event.target.name == "civilians"


def test_agents_listed_together_are_not_each_others_target(coder: Coder) -> None:
    text = (
        "International wurden die Angriffe verurteilt, darunter von "
        "Frankreich, der Türkei und der UN."
    )
    event = only(code(coder, text, "de"), "ACCUSE")
    assert event.actor is not None and event.actor.name == "France"
    assert event.target is None, (
        f"Turkey and the UN condemned too (got {event.target.name})"
        if event.target
        else ""
    )


def test_a_quote_opening_on_the_verb_keeps_its_subject(coder: Coder) -> None:
    text = (
        'Os membros da gangue "incendiaram pelo menos 45 casas e 34 veículos" '
        "em Pont-Sondé, no Haiti, na sexta-feira."
    )
    event = only(code(coder, text, "pt"), "ASSAULT")
    assert event.actor is not None and event.actor.name == "gangs", (
        "the gang, outside the quote, set the fires"
    )


@pytest.mark.parametrize(
    ("language", "text", "protest"),
    [
        ("pt", "A França manifestou sua preocupação com o golpe.", False),
        ("pt", "Milhares de estudantes se manifestaram em Lisboa.", True),
        ("es", "El gobierno manifestó su rechazo al ataque.", False),
        ("es", "Miles de estudiantes se manifestaron en Madrid.", True),
        ("pt", "Os professores manifestaram-se no Porto.", True),
    ],
)
def test_to_express_is_not_to_demonstrate(
    coder: Coder, language: str, text: str, protest: bool
) -> None:
    events = code(coder, text, language)
    assert any(e.event_type == "PROTEST" for e in events) is protest


def test_an_unclaimed_attack_on_soldiers_is_the_articles_armed_group(
    coder: Coder,
) -> None:
    text = (
        "Disidentes de las FARC atacaron una base del ejército en el Cauca el "
        "martes, informó el gobierno. "
        "Los militares fueron atacados con granadas en una zona rural de Buenos Aires."
    )
    events = [e for e in code(coder, text, "es") if e.event_type == "ASSAULT"]
    attacked = [e for e in events if e.trigger.text == "atacados"]
    assert attacked, f"got {[(e.event_type, e.trigger.text) for e in events]}"
    actor = attacked[0].actor
    assert actor is not None and actor.name == "FARC dissidents", (
        "the soldiers were attacked by the one armed group the article names"
    )


def test_turkish_institution_is_named_by_the_words_before_its_kind(
    coder: Coder,
) -> None:
    text = "Kayseri Valiliği, il genelinde 3 gün süreyle gösteri yasağı getirdi."
    ban = only(code(coder, text, "tr"), "COERCE")
    assert ban.actor is not None and ban.actor.text == "Kayseri Valiliği", ban.actor


def test_turkish_trigger_inside_a_name_is_no_event(coder: Coder) -> None:
    text = (
        "Ulusal Mutabakat Hükümeti güçleri Trablus'un güneyinde Hafter güçleriyle "
        "çatıştı."
    )
    events = code(coder, text, "tr")
    assert all(e.event_type != "AGREE" for e in events), [
        (e.event_type, e.trigger.text) for e in events
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Президент Белоруссии помиловал 30 заключенных в пятницу."),
        ("uk", "Президент Білорусі помилував 30 ув'язнених у пʼятницю."),
    ],
)
def test_a_pardon_releases_the_pardoned(coder: Coder, language: str, text: str) -> None:
    events = code(coder, text, language)
    assert any(e.event_type == "RETREAT" and e.mode == "release" for e in events), [
        (e.event_type, e.mode) for e in events
    ]
    assert all(e.event_type != "CONCEDE" for e in events)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fa", "داعش مسئولیت انفجار مسجد شیعیان در ولایت بغلان را به عهده گرفت."),
        ("ar", "قتل عشرة مصلين في تفجير مسجد في مدينة قندوز الأفغانية يوم الجمعة."),
    ],
)
def test_the_word_for_mosque_is_not_a_village(
    coder: Coder, language: str, text: str
) -> None:
    events = code(coder, text, language)
    assert events, "the bombing is an event"
    for event in events:
        place = event.location
        assert place is None or place.text not in ("مسجد", "ولایت"), place


def test_the_speaker_is_not_the_end_of_a_conjunction(coder: Coder) -> None:
    text = (
        "واتهمت الولايات المتحدة النظام السوري بتنفيذ الهجوم الكيماوي، "
        "في حين نفت دمشق مسؤوليتها عن الهجوم."
    )
    for event in code(coder, text, "ar"):
        assert event.attributed_to != "حين", "'في حين' (whereas) is no speaker"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Miles de jubilados marcharon en Buenos Aires en rechazo al ajuste."),
        ("pt", "A Rússia e a China, com poder de veto, afirmaram reconhecer a crise."),
    ],
)
def test_a_purpose_or_a_power_is_no_rejection(
    coder: Coder, language: str, text: str
) -> None:
    events = code(coder, text, language)
    assert all(e.event_type != "REJECT" for e in events), [
        (e.event_type, e.trigger.text) for e in events
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "МИД России выразил Азербайджану решительный протест из-за рейдов."),
        ("uk", "МЗС України висловив Угорщині рішучий протест через заяви."),
    ],
)
def test_a_diplomatic_protest_is_an_accusation_not_a_demonstration(
    coder: Coder, language: str, text: str
) -> None:
    events = code(coder, text, language)
    assert any(e.event_type == "ACCUSE" for e in events), [
        (e.event_type, e.trigger.text) for e in events
    ]
    assert all(e.event_type != "PROTEST" for e in events), "no crowd took the street"


def test_a_demonym_on_the_capital_is_no_party(coder: Coder) -> None:
    text = "شهدت العاصمة الليبية طرابلس اشتباكات عنيفة مساء الاثنين."
    for event in code(coder, text, "ar"):
        assert event.actor is None or event.actor.country != "LBY", (
            f"'the Libyan capital' names a place, not who fought: {event.actor}"
        )


def test_a_turkish_plot_is_not_a_protest(coder: Coder) -> None:
    text = "Polis, İstanbul'da eylem hazırlığındaki 12 şüpheliyi gözaltına aldı."
    events = code(coder, text, "tr")
    assert all(e.event_type != "PROTEST" for e in events), [
        (e.event_type, e.trigger.text) for e in events
    ]


@pytest.mark.parametrize(
    ("language", "text", "target"),
    [
        ("pt", "Cinco suspeitos foram presos pela polícia em Salvador.", "suspeitos"),
        (
            "es",
            "Tres sospechosos fueron detenidos por la policía en Quito.",
            "sospechosos",
        ),
        (
            "de",
            "Die Polizei hat in Berlin drei Verdächtige festgenommen.",
            "Verdächtige",
        ),
        ("fr", "Trois hommes ont été arrêtés mardi à Lyon par la police.", "hommes"),
    ],
)
def test_unnamed_people_arrested_are_the_target(
    coder: Coder, language: str, text: str, target: str
) -> None:
    arrest = only(code(coder, text, language), "COERCE")
    assert arrest.target is not None and target in (arrest.target.text or ""), (
        f"the {target} were the ones arrested, got {arrest.target}"
    )


def test_a_speech_verb_that_denounces_is_done_by_its_speaker(coder: Coder) -> None:
    text = "Amnistía Internacional denunció la detención arbitraria de periodistas."
    accuse = only(code(coder, text, "es"), "ACCUSE")
    assert accuse.actor is not None and accuse.actor.name == "Amnesty International", (
        f"the speaker denounced, got {accuse.actor}"
    )


def test_a_ukrainian_plot_to_blow_up_is_not_a_bombing(coder: Coder) -> None:
    text = "Агенти готувалися підірвати авто поліцейських у Херсоні."
    events = code(coder, text, "uk")
    assert all(e.event_type != "ASSAULT" for e in events), [
        (e.event_type, e.trigger.text) for e in events
    ]


def test_turkish_round_ups_of_different_counts_stay_apart_and_keep_their_doer(
    coder: Coder,
) -> None:
    text = (
        "İsrail ordusu Batı Şeria'nın Cenin kentinde 3 Filistinliyi gözaltına aldı. "
        "Kalkilya'da da 2 Filistinli gözaltına alındı."
    )
    arrests = [e for e in code(coder, text, "tr") if e.event_type == "COERCE"]
    assert len(arrests) == 2, "two round-ups of different counts are two events"
    first = arrests[0]
    assert first.actor is not None and first.actor.name == (
        "Military Forces of Israel"
    ), f"the army before its captives made the arrest (got {first.actor})"
    assert first.target is not None and "3" in first.target.text, first.target


@pytest.mark.parametrize(
    ("language", "text", "doer", "arrested"),
    [
        (
            "de",
            "Israels Polizei gab die Festnahme von fünf Siedlern bekannt.",
            "Police Forces of Israel",
            "Siedlern",
        ),
        (
            "es",
            "La Policía Nacional anunció la detención de tres periodistas en Quito.",
            "Police Forces of Ecuador",
            "periodistas",
        ),
        (
            "pt",
            "A Polícia Federal confirmou a prisão de dois jornalistas em Brasília.",
            "Police Forces of Brazil",
            "jornalistas",
        ),
        (
            "es",
            "La detención de tres periodistas por la Policía Nacional en Quito.",
            "Police Forces of Ecuador",
            "periodistas",
        ),
    ],
)
def test_the_complement_of_an_arrest_noun_is_who_was_arrested(
    coder: Coder, language: str, text: str, doer: str, arrested: str
) -> None:
    arrest = only(code(coder, text, language), "COERCE")
    assert arrest.target is not None and arrested in (arrest.target.text or ""), (
        f"'the arrest of {arrested}' names who was arrested, got {arrest.target}"
    )
    assert arrest.actor is not None and arrest.actor.name == doer, (
        f"the one announcing the arrest made it, got {arrest.actor}"
    )


def test_an_enemy_adjective_on_a_ukrainian_attack_is_its_doer(coder: Coder) -> None:
    text = "Уже 42 постраждалих через ворожу атаку Запоріжчини."
    attack = only(code(coder, text, "uk"), "ASSAULT")
    assert attack.actor is not None and attack.actor.country == "RUS", (
        f"'ворожу атаку' is an attack by the enemy, got actor {attack.actor}"
    )
    assert attack.target is None or attack.target.country != "RUS", attack.target


def test_an_indefinite_arabic_demonym_names_the_raider(coder: Coder) -> None:
    text = "قتل شخص، اليوم الجمعة، جراء غارة إسرائيلية استهدفت سيارة في جنوب لبنان."
    raid = only(code(coder, text, "ar"), "ASSAULT")
    assert raid.actor is not None and raid.actor.country == "ISR", raid.actor


@pytest.mark.parametrize(
    ("language", "text", "not_type"),
    [
        # "Suçları" is crimes (suç + lar), not "accused" (suçla-).
        (
            "tr",
            "Terör Suçları Soruşturma Bürosu koordinasyonunda 14 şüpheli "
            "gözaltına alındı.",
            "ACCUSE",
        ),
        # "بيان صادر عن" is a statement issued by, not a seizure.
        (
            "ar",
            "وأورد بيان صادر عن وزارة الصحة اللبنانية أن ثلاثة أشخاص قتلوا.",
            "COERCE",
        ),
    ],
)
def test_a_word_that_only_looks_like_a_trigger_is_none(
    coder: Coder, language: str, text: str, not_type: str
) -> None:
    events = code(coder, text, language)
    assert all(e.event_type != not_type for e in events), [
        (e.event_type, e.trigger.text) for e in events
    ]
