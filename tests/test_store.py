import datetime as dt
from dataclasses import replace

import pytest

from dateline.errors import StoreError
from dateline.model import Actor, CharSpan, Document, Event, Place, TimeSpan
from dateline.store import EventFilter, StoredDocument, open_store
from dateline.store.base import CODED
from dateline.store.sql import migrations


def _doc(doc_id: str) -> Document:
    return Document(
        id=doc_id,
        text="Gunmen attacked a village near Mopti on Monday.",
        published=dt.date(2024, 1, 10),
    )


def _event(
    event_id: str,
    doc_id: str,
    day: int,
    country: str = "MLI",
    event_type: str = "ASSAULT",
) -> Event:
    return Event(
        event_id=event_id,
        doc_id=doc_id,
        language="en",
        event_type=event_type,
        mode=None,
        actor=Actor(
            name="militants",
            text="Gunmen",
            actor_id="generic-militants",
            sector="armed_group",
            generic=True,
        ),
        target=Actor(
            name="civilians",
            text="villagers",
            actor_id="generic-civilians",
            sector="civilian",
            generic=True,
        ),
        location=Place(
            name="Mopti",
            text="Mopti",
            country=country,
            lat=14.49,
            lon=-4.19,
            geonameid=2453348,
        ),
        date=TimeSpan(
            start=dt.date(2024, 1, day), end=dt.date(2024, 1, day), text="Monday"
        ),
        fatalities=3,
        injured=None,
        attributed_to="local officials",
        certainty="stated",
        evidence=CharSpan(
            start=0, end=47, text="Gunmen attacked a village near Mopti on Monday."
        ),
        trigger=CharSpan(start=7, end=15, text="attacked"),
    )


def test_reingest_adds_nothing(store_backend):
    store = open_store(store_backend.url)
    run = store.add_run("{}")
    docs = [StoredDocument(document=_doc("d1"), status=CODED)]
    assert store.add_batch(run, docs, [_event("e1", "d1", 8)]) == 1
    assert store.add_batch(run, docs, [_event("e1", "d1", 8)]) == 0
    assert store.counts() == {"documents": 1, "events": 1, "actors": 2, "places": 1}
    store.close()


def test_stored_event_comes_back_equal(store_backend):
    store = open_store(store_backend.url)
    run = store.add_run("{}")
    event = _event("e1", "d1", 8)
    store.add_batch(run, [StoredDocument(document=_doc("d1"), status=CODED)], [event])
    assert store.event("e1") == event
    assert store.document("d1").document == _doc("d1")
    store.close()


def test_filters_select_by_type_country_and_dates(store_backend):
    store = open_store(store_backend.url)
    run = store.add_run("{}")
    store.add_batch(
        run,
        [StoredDocument(document=_doc("d1"), status=CODED)],
        [
            _event("e1", "d1", 2),
            _event("e2", "d1", 9, country="BFA"),
            _event("e3", "d1", 20, event_type="PROTEST"),
        ],
    )
    ids = lambda f: [e.event_id for e in store.events(f)]  # noqa: E731
    assert ids(EventFilter(event_type="assault")) == ["e1", "e2"]
    assert ids(EventFilter(country="BFA")) == ["e2"]
    assert ids(EventFilter(since=dt.date(2024, 1, 5), until=dt.date(2024, 1, 10))) == [
        "e2"
    ]
    assert ids(EventFilter(actor="militants", limit=1)) == ["e1"]
    assert ids(EventFilter(source="officials", certainty="claimed")) == []
    store.close()


def test_percent_and_underscore_in_a_filter_match_only_themselves(store_backend):
    store = open_store(store_backend.url)
    plain = _event("e1", "d1", 2)
    assert plain.actor is not None
    store.add_batch(
        store.add_run("{}"),
        [StoredDocument(document=_doc("d1"), status=CODED)],
        [
            plain,
            replace(
                _event("e2", "d1", 3),
                actor=replace(plain.actor, name="Katiba_Macina", actor_id="km"),
            ),
            replace(_event("e3", "d1", 4), attributed_to="100% Radio"),
            replace(_event("e4", "d1", 5), attributed_to="C:\\feeds"),
        ],
    )
    ids = lambda f: [e.event_id for e in store.events(f)]  # noqa: E731
    assert ids(EventFilter(actor="%")) == [], "actor=% matched every event"
    assert ids(EventFilter(actor="milit_nts")) == [], "_ matched any character"
    assert ids(EventFilter(actor="_")) == ["e2"]
    assert ids(EventFilter(actor="a_m")) == ["e2"]
    assert ids(EventFilter(source="%")) == ["e3"]
    assert ids(EventFilter(source="0% r")) == ["e3"]
    assert ids(EventFilter(source="\\")) == ["e4"]
    assert ids(EventFilter(actor="MILITANTS")) == ["e1", "e3", "e4"]
    store.close()


def test_schema_is_migrated_and_recorded(store_backend):
    store = open_store(store_backend.url)
    store.close()
    applied = store_backend.query("SELECT name FROM schema_migrations ORDER BY name")
    # Every numbered migration file, applied once, in order.
    dialect = "sqlite" if store_backend.name == "sqlite" else "postgresql"
    assert [r[0] for r in applied] == [name for name, _ in migrations(dialect)]
    assert applied[0][0] == "0001_initial"
    if store_backend.name == "sqlite":
        assert store_backend.query("PRAGMA journal_mode")[0][0] == "wal"


def test_a_failed_batch_keeps_earlier_batches(store_backend):
    store = open_store(store_backend.url)
    run = store.add_run("{}")
    store.add_batch(
        run,
        [StoredDocument(document=_doc("d1"), status=CODED)],
        [_event("e1", "d1", 8)],
    )
    with pytest.raises(StoreError, match="the batch was not written") as raised:
        # An event whose document was never stored breaks the foreign key.
        store.add_batch(
            run,
            [StoredDocument(document=_doc("d2"), status=CODED)],
            [_event("e2", "missing", 8)],
        )
    assert isinstance(raised.value.__cause__, store_backend.integrity_error)
    assert "\n" not in str(raised.value), "a store error is one line"
    assert store.counts()["documents"] == 1, "the failed batch was partly written"
    assert store.event("e1") is not None, "an earlier batch was lost"
    store.close()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="not a dateline database"):
        open_store(str(bad))


def test_coordinates_keep_full_precision(store_backend):
    # Five decimals (about a metre) must survive: a 4-byte float keeps ~7 digits.
    store = open_store(store_backend.url)
    run = store.add_run("{}")
    event = _event("e1", "d1", 8)
    precise = replace(
        event,
        location=Place(
            name="Ariha",
            text="Ariha",
            country="SYR",
            lat=35.81234,
            lon=-120.12345,
            geonameid=None,
        ),
    )
    store.add_batch(run, [StoredDocument(document=_doc("d1"), status=CODED)], [precise])
    back = store.events(EventFilter())[0]
    assert (back.location.lat, back.location.lon) == (35.81234, -120.12345)
    store.close()
