import datetime as dt
import json

from dateline.model import (
    Actor,
    CharSpan,
    Event,
    Figure,
    Place,
    TimeSpan,
    field_names,
    from_json_dict,
    to_json_dict,
)


def _event() -> Event:
    return Event(
        event_id="abc",
        doc_id="doc1",
        language="en",
        event_type="ASSAULT",
        mode="aerial",
        actor=Actor(
            name="Military Forces of Russia",
            text="Russia",
            actor_id="rus-mil",
            country="RUS",
            sector="military",
        ),
        target=None,
        location=Place(
            name="Idlib",
            text="Idlib",
            country="SYR",
            lat=35.9,
            lon=36.6,
            geonameid=169389,
        ),
        date=TimeSpan(
            start=dt.date(2021, 2, 4),
            end=dt.date(2021, 2, 14),
            text="the ten days",
            precision="range",
        ),
        fatalities=None,
        injured=None,
        figures=(
            Figure(
                value=700,
                qualifier="at_least",
                unit="airstrikes",
                text="more than 700 airstrikes",
            ),
        ),
        attributed_to=None,
        certainty="reported",
        evidence=CharSpan(start=0, end=10, text="0123456789"),
        trigger=CharSpan(start=2, end=5, text="234"),
    )


def test_event_json_round_trip_gives_the_same_record():
    event = _event()
    data = json.loads(json.dumps(to_json_dict(event)))
    assert from_json_dict(Event, data) == event


def test_event_json_fields_are_the_documented_contract():
    # Changing these is a schema change: migration + README note.
    assert field_names(Event) == (
        "event_id",
        "doc_id",
        "language",
        "event_type",
        "mode",
        "actor",
        "target",
        "location",
        "date",
        "fatalities",
        "injured",
        "figures",
        "attributed_to",
        "attributed_to_id",
        "certainty",
        "negated",
        "evidence",
        "trigger",
        "mentions",
        "flags",
        "confidence",
    )
    assert field_names(Actor) == (
        "name",
        "text",
        "actor_id",
        "country",
        "sector",
        "generic",
        "contested_label",
    )
    assert field_names(Place) == (
        "name",
        "text",
        "country",
        "admin1",
        "lat",
        "lon",
        "geonameid",
        "place_id",
        "kind",
        "precision",
    )
    assert field_names(TimeSpan) == ("start", "end", "text", "precision")
    assert field_names(Figure) == ("value", "qualifier", "unit", "text", "start", "end")


def test_dates_serialise_as_iso_strings():
    data = to_json_dict(_event())
    assert data["date"] == {
        "start": "2021-02-04",
        "end": "2021-02-14",
        "text": "the ten days",
        "precision": "range",
    }
