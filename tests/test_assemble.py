"""The assembler on records written by hand: no spaCy, no parser."""

from __future__ import annotations

import datetime as dt

from dateline.assemble import Article, Resolved, assemble_events
from dateline.model import (
    Actor,
    Attribution,
    CharSpan,
    Document,
    Event,
    EventCandidate,
    Mention,
    Place,
    RoleChunk,
    Sentence,
)
from dateline.resources import Resources

TEXT = "Mali said it struck militants. The army said 20 militants were killed."
PUBLISHED = dt.date(2024, 3, 15)


def _candidate(start: int, end: int, **fields: object) -> EventCandidate:
    sentence_end = TEXT.index(".", start) + 1
    sentence_start = TEXT.rfind(". ", 0, start)
    sentence_start = 0 if sentence_start < 0 else sentence_start + 2
    defaults: dict[str, object] = {
        "event_type": "ASSAULT",
        "mode": None,
        "trigger": CharSpan(start=start, end=end, text=TEXT[start:end]),
        "sentence": Sentence(
            start=sentence_start,
            end=sentence_end,
            text=TEXT[sentence_start:sentence_end],
        ),
        "paragraph": 0,
        "actor": None,
        "target": None,
    }
    return EventCandidate(**{**defaults, **fields})  # type: ignore[arg-type]


def _resolved(candidate: EventCandidate, **parts: object) -> Resolved:
    defaults: dict[str, object] = {
        "actor": None,
        "target": None,
        "location": None,
        "date": None,
        "attribution": Attribution(source=None, certainty="stated"),
    }
    return Resolved(candidate=candidate, **{**defaults, **parts})  # type: ignore[arg-type]


def _article() -> Article:
    document = Document(id="d1", text=TEXT, published=PUBLISHED, language="en")
    return Article(document=document, language="en")


MALI = Actor(name="Mali", text="Mali", actor_id="mli-gov", country="MLI")
MILITANTS = Actor(name="militants", text="militants", generic=True)


def test_a_state_striking_acts_through_its_armed_forces(
    resources: Resources,
) -> None:
    struck = TEXT.index("struck")
    candidate = _candidate(struck, struck + 6)
    (event,) = assemble_events(
        [_resolved(candidate, actor=MALI, target=MILITANTS)], _article(), resources
    )
    assert event.actor is not None and event.actor.actor_id == "mli-mil", (
        f"an assault by Mali should be coded as Mali's military, got {event.actor}"
    )


def test_an_event_without_a_time_is_dated_by_publication_and_says_so(
    resources: Resources,
) -> None:
    struck = TEXT.index("struck")
    (event,) = assemble_events(
        [_resolved(_candidate(struck, struck + 6), actor=MALI)], _article(), resources
    )
    assert event.date is not None and event.date.start == PUBLISHED
    assert event.date.precision == "publication"
    assert "date_from_publication" in event.flags


def test_the_army_saying_it_killed_is_a_claim(resources: Resources) -> None:
    killed = TEXT.index("killed")
    army = Actor(name="Military Forces of Mali", text="The army", actor_id="mli-mil")
    said = Attribution(source="The army", certainty="stated", source_ref="mli-mil")
    candidate = _candidate(killed, killed + 6, killing=True)
    (event,) = assemble_events(
        [_resolved(candidate, actor=army, target=MILITANTS, attribution=said)],
        _article(),
        resources,
    )
    assert event.certainty == "claimed", (
        "a side's own account of its fighting was reported as plain fact"
    )


def test_a_single_named_victim_counts_one_dead(resources: Resources) -> None:
    killed = TEXT.index("killed")
    victim = RoleChunk(start=0, end=4, text="Mali", head_lemma="x", singular=True)
    candidate = _candidate(killed, killed + 6, killing=True, target=victim)
    (event,) = assemble_events(
        [_resolved(candidate, target=MILITANTS)], _article(), resources
    )
    assert event.fatalities == 1, f"one victim killed gave {event.fatalities} dead"


def test_an_event_nobody_is_said_to_do_is_dropped(resources: Resources) -> None:
    struck = TEXT.index("struck")
    events = assemble_events(
        [_resolved(_candidate(struck, struck + 6))], _article(), resources
    )
    assert events == [], "a bare 'the attack' with no party became an event"


def test_aid_told_by_where_it_arrives_is_kept(resources: Resources) -> None:
    # "An aid convoy arrived in Mekelle": nobody is named, the place stands
    # for the recipients.
    struck = TEXT.index("struck")
    place = Mention(kind="place", start=7, end=11, text="Mali", label="in")
    aid = _candidate(struck, struck + 6, event_type="AID", places=(place,))
    events = assemble_events([_resolved(aid)], _article(), resources)
    assert [e.event_type for e in events] == ["AID"]
    unplaced = _candidate(struck, struck + 6, event_type="AID")
    assert assemble_events([_resolved(unplaced)], _article(), resources) == []


def test_will_attack_is_not_an_event(resources: Resources) -> None:
    struck = TEXT.index("struck")
    candidate = _candidate(struck, struck + 6, irrealis=True)
    events = assemble_events([_resolved(candidate, actor=MALI)], _article(), resources)
    assert events == [], "an attack that has not happened was coded"


def test_a_later_sentence_goes_on_telling_the_ledes_day(resources: Resources) -> None:
    from dateline.model import TimeSpan

    struck, killed = TEXT.index("struck"), TEXT.index("killed")
    tuesday = dt.date(2024, 3, 12)
    lede = _resolved(
        _candidate(struck, struck + 6),
        actor=MALI,
        date=TimeSpan(start=tuesday, end=tuesday, text="Tuesday"),
    )
    later = _resolved(_candidate(killed, killed + 6, paragraph=1), target=MILITANTS)
    events = assemble_events([lede, later], _article(), resources)
    assert events[-1].date is not None and events[-1].date.start == tuesday, (
        f"the killing was dated {events[-1].date}, not the lede's Tuesday"
    )
    assert "date_from_story" in events[-1].flags


def test_a_background_year_is_not_the_storys_day(resources: Resources) -> None:
    from dateline.model import TimeSpan

    struck, killed = TEXT.index("struck"), TEXT.index("killed")
    long_ago = dt.date(2012, 1, 1)
    lede = _resolved(
        _candidate(struck, struck + 6),
        actor=MALI,
        date=TimeSpan(start=long_ago, end=long_ago, text="2012"),
    )
    later = _resolved(_candidate(killed, killed + 6, paragraph=1), target=MILITANTS)
    events = assemble_events([lede, later], _article(), resources)
    assert events[-1].date is not None and events[-1].date.precision == "publication"


def test_background_over_a_year_old_is_not_an_event(resources: Resources) -> None:
    from dateline.model import TimeSpan

    struck = TEXT.index("struck")
    long_ago = dt.date(1969, 1, 1)
    old = _resolved(
        _candidate(struck, struck + 6),
        actor=MALI,
        date=TimeSpan(start=long_ago, end=long_ago, text="1969", precision="year"),
    )
    assert assemble_events([old], _article(), resources) == [], (
        "fighting 'since 1969' was coded as news published in 2024"
    )
    last_month = dt.date(2024, 2, 10)
    recent = _resolved(
        _candidate(struck, struck + 6),
        actor=MALI,
        date=TimeSpan(start=last_month, end=last_month, text="February 10"),
    )
    assert len(assemble_events([recent], _article(), resources)) == 1, (
        "an event of last month was dropped as background"
    )


DHAKA = Place(
    name="Dhaka",
    text="Dhaka",
    country="BGD",
    kind="city",
    precision=2,
    lat=23.7104,
    lon=90.40744,
)
BANGLADESH = Place(
    name="Bangladesh",
    text="Bangladesh",
    country="BGD",
    kind="country",
    precision=3,
    lat=23.9,
    lon=90.3,
)


def _story_event(
    resources: Resources, text: str, location: Place | None, language: str = "en"
) -> Event:
    """One COERCE event told by ``text``, in an article about Dhaka."""
    candidate = EventCandidate(
        event_type="COERCE",
        mode=None,
        trigger=CharSpan(start=0, end=5, text=text[:5]),
        sentence=Sentence(start=0, end=len(text), text=text),
        paragraph=0,
        actor=None,
        target=None,
    )
    document = Document(id="d2", text=text, published=PUBLISHED, language=language)
    article = Article(
        document=document,
        language=language,
        focus_country="BGD",
        main_place=DHAKA,
        country_place=BANGLADESH,
    )
    gov = Actor(name="Bangladesh", text="government", actor_id="bgd-gov", country="BGD")
    item = Resolved(
        candidate=candidate,
        actor=gov,
        target=None,
        location=location,
        date=None,
        attribution=Attribution(source=None, certainty="stated"),
    )
    (event,) = assemble_events([item], article, resources)
    return event


def test_a_nationwide_curfew_is_placed_in_the_country_not_the_capital(
    resources: Resources,
) -> None:
    event = _story_event(resources, "The government imposed a nationwide curfew.", None)
    assert event.location is not None and event.location.kind == "country", (
        f"a nationwide curfew should be placed in Bangladesh, got {event.location}"
    )
    assert "place_nationwide" in event.flags
    local = _story_event(resources, "The government imposed a curfew.", None)
    assert local.location == DHAKA, (
        f"a curfew told of no place stays in the article's town, got {local.location}"
    )


def test_clashes_across_a_named_country_keep_the_country(resources: Resources) -> None:
    event = _story_event(
        resources, "Police arrested hundreds across Bangladesh.", BANGLADESH
    )
    assert event.location == BANGLADESH, (
        f"arrests across Bangladesh are not in Dhaka, got {event.location}"
    )


def test_a_nationwide_phrase_in_french_is_read(resources: Resources) -> None:
    event = _story_event(
        resources,
        "Le gouvernement a imposé un couvre-feu dans tout le pays.",
        None,
        "fr",
    )
    assert event.location == BANGLADESH, (
        f"« dans tout le pays » spreads the curfew over the country, got {event.location}"
    )
