"""The seed article yields the events of ../shared/seed/EXPECTED.md, row by row.

The coder works from general rules and data; nothing here is special-cased in
the product. Each test names the row it checks.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.model import Event
from dateline.read import read_file

from ..conftest import SEED

PUBLISHED = dt.date(2021, 2, 15)


@pytest.fixture(scope="module")
def seed_events(coder, furniture) -> list[Event]:
    (doc,) = list(read_file(SEED, furniture, PUBLISHED))
    (result,) = list(coder.code_documents([doc]))
    assert result.error is None
    return list(result.events)


def _find(events: list[Event], event_type: str, trigger_word: str) -> Event:
    found = [
        e
        for e in events
        if e.event_type == event_type and trigger_word in e.trigger.text.lower()
    ]
    assert found, (
        f"no {event_type} event with trigger {trigger_word!r}: {[(e.event_type, e.trigger.text) for e in events]}"
    )
    return found[0]


def _day(event: Event) -> tuple[dt.date, dt.date] | None:
    return (event.date.start, event.date.end) if event.date else None


def test_row1_russian_airstrikes_on_isis_in_central_syria(seed_events):
    e = _find(seed_events, "ASSAULT", "airstrike")
    assert e.mode == "aerial"
    assert (
        e.actor is not None
        and e.actor.country == "RUS"
        and e.actor.sector == "military"
    )
    assert e.target is not None and e.target.actor_id == "islamic-state"
    assert (
        e.location is not None
        and e.location.name == "Central Syria"
        and e.location.country == "SYR"
    )
    assert e.location.lat is not None and e.location.precision == 3
    assert _day(e) == (dt.date(2021, 2, 4), dt.date(2021, 2, 14))
    (figure,) = [f for f in e.figures if f.unit == "airstrikes"]
    assert (figure.value, figure.qualifier) == (700, "at_least")
    assert e.certainty == "reported" and e.attributed_to is None


def test_row2_sohr_claims_33_isis_killed(seed_events):
    e = _find(seed_events, "ASSAULT", "killed")
    assert e.target is not None and e.target.actor_id == "islamic-state"
    assert e.fatalities == 33
    assert e.attributed_to is not None and "Syrian Observatory" in e.attributed_to
    assert e.certainty == "claimed"
    airstrikes = _find(seed_events, "ASSAULT", "airstrike")
    assert airstrikes.fatalities is None, (
        "SOHR's 33 dead were merged into the airstrike report"
    )


def test_row4_russia_targets_hts_headquarters_in_idlib(seed_events):
    e = _find(seed_events, "ASSAULT", "target")
    assert e.actor is not None and e.actor.country == "RUS"
    assert e.target is not None and e.target.actor_id == "hts"
    assert (
        e.location is not None
        and e.location.name == "Idlib"
        and e.location.geonameid is not None
    )
    assert _day(e) == (dt.date(2021, 2, 13), dt.date(2021, 2, 13))
    assert e.certainty == "stated"


def test_row5_drone_downed_by_militants_over_greater_idlib(seed_events):
    e = _find(seed_events, "ASSAULT", "down")
    assert e.mode == "shoot_down"
    assert e.actor is not None and e.actor.generic and e.actor.name == "militants"
    assert e.target is not None and e.target.country == "RUS", (
        "the Orlan-10 is Russia's"
    )
    assert e.location is not None and e.location.name == "Greater Idlib"
    assert _day(e) == (dt.date(2021, 2, 14), dt.date(2021, 2, 14))
    assert any(f.value == 1 and f.unit == "drones" for f in e.figures)
    assert e.certainty == "reported"


def test_row6_turkish_backed_opposition_fires_on_russian_military_police(seed_events):
    e = _find(seed_events, "ASSAULT", "open")
    assert e.mode == "small_arms"
    assert (
        e.actor is not None and "opposition" in e.actor.text and e.actor.contested_label
    )
    assert "Turkish-backed" in e.actor.name
    assert (
        e.target is not None
        and e.target.country == "RUS"
        and e.target.sector == "military"
    )
    assert e.location is not None and e.location.name == "Manbij"
    assert "contested_label" in e.flags
    assert e.certainty == "stated"


def test_row7_russia_deploys_troops_to_the_manbij_area(seed_events):
    e = _find(seed_events, "MOBILIZE", "deploy")
    assert e.actor is not None and e.actor.country == "RUS"
    assert e.target is None, "the troops sent are not a recipient"
    assert e.location is not None and e.location.name == "Manbij"


def test_row8_russian_military_sends_equipment_to_qamishli_airport(seed_events):
    e = _find(seed_events, "MOBILIZE", "sent")
    assert (
        e.actor is not None
        and e.actor.country == "RUS"
        and e.actor.sector == "military"
    )
    assert (
        e.location is not None
        and "Qamishli" in e.location.name
        and e.location.kind == "airport"
        and e.location.lat is not None
    )
    assert _day(e) == (dt.date(2021, 2, 13), dt.date(2021, 2, 13))


def test_row9_runway_extension_is_speculative_per_opposition_media(seed_events):
    e = _find(seed_events, "MOBILIZE", "runway")
    assert e.actor is not None and e.actor.country == "RUS"
    assert e.location is not None and e.location.name == "Hmeimim Air Base"
    assert e.attributed_to == "Russian opposition media"
    assert e.certainty == "speculative"


def test_row10_us_kills_isis_commander_in_drone_strike(seed_events):
    e = _find(seed_events, "ASSAULT", "eliminat")
    assert e.mode == "drone"
    assert e.actor is not None and e.actor.country == "USA"
    assert e.target is not None and e.target.actor_id == "islamic-state"
    assert e.fatalities == 1
    assert e.location is not None and e.location.country == "SYR"


def test_row11_us_vacates_a_position_in_northeastern_syria(seed_events):
    e = _find(seed_events, "RETREAT", "vacate")
    assert e.mode == "withdrawal"
    assert e.actor is not None and e.actor.country == "USA"
    assert e.location is not None and e.location.name.lower() == "northeastern syria"
    assert e.location.precision == 3


def test_no_event_or_actor_from_boilerplate(seed_events):
    for e in seed_events:
        for banned in (
            "PayPal",
            "Disclaimer",
            "South Front",
            "Global Research",
            "share buttons",
        ):
            assert banned not in e.evidence.text, (
                f"event from boilerplate: {e.evidence.text}"
            )
        for actor in (e.actor, e.target):
            if actor is not None:
                assert actor.name not in (
                    "South Front",
                    "Global Research",
                    "Centre for Research on Globalization",
                )


def test_opinion_is_not_coded(seed_events):
    for e in seed_events:
        assert "bracing" not in e.evidence.text, "the US 'bracing to fight' was coded"
        assert "chosen its future ally" not in e.evidence.text


def test_without_a_publication_date_the_year_comes_from_the_text(coder, furniture):
    (doc,) = list(read_file(SEED, furniture))
    (result,) = list(coder.code_documents([doc]))
    e = _find(list(result.events), "ASSAULT", "target")
    assert _day(e) == (dt.date(2021, 2, 13), dt.date(2021, 2, 13))
