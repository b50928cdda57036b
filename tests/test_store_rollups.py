"""The rollup tables (migration 0006) give the page the same counts as the events.

Every view the rollups answer is checked against the stored events counted
here in Python, on both backends: map cells for views of every size and
zoom (their edges cut cells), the timeline's and the matrix's grouped counts,
a re-ingest, and the migration's fill of a store written before it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter

import pytest

from dateline.model import Actor, CharSpan, Document, Event, Place, TimeSpan
from dateline.store import EventFilter, StoredDocument, open_store
from dateline.store.base import CODED, Box
from dateline.store.rollups import MAX_ROLLUP_ZOOM, cell_degrees

TYPES = ("ASSAULT", "PROTEST", "COERCE", "FIGHT")
COUNTRIES = ("MLI", "COD", "UKR", None)
N_EVENTS = 400


def _coordinates(rng: random.Random, i: int) -> tuple[float, float] | None:
    if i % 17 == 0:
        return None
    if i % 5 == 0:  # on cell edges of every zoom, and on the antimeridian
        return rng.choice([0.0, 22.5, -45.0, 11.25]), rng.choice(
            [180.0, -180.0, 0.0, 45.0]
        )
    return round(rng.uniform(-60, 75), 4), round(rng.uniform(-180, 180), 4)


def _events() -> list[Event]:
    rng = random.Random(21)
    text = "Gunmen attacked a village on Monday."
    span = CharSpan(start=0, end=len(text), text=text)
    out = []
    for i in range(N_EVENTS):
        point = _coordinates(rng, i)
        country = COUNTRIES[i % len(COUNTRIES)]
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700))
        out.append(
            Event(
                event_id=f"ev{rng.randrange(10**9):09d}",
                doc_id="doc-1",
                language="en",
                event_type=TYPES[i % len(TYPES)],
                mode=None,
                actor=Actor(name=f"group {i % 6}", text="gunmen") if i % 7 else None,
                target=Actor(name=f"town {i % 9}", text="villagers") if i % 3 else None,
                location=None
                if point is None and i % 2
                else Place(
                    name="somewhere",
                    text="somewhere",
                    country=country,
                    lat=point[0] if point else None,
                    lon=point[1] if point else None,
                ),
                date=None
                if i % 13 == 0
                else TimeSpan(
                    start=day,
                    end=day + dt.timedelta(days=i % 3),
                    text="Monday",
                    precision=("day", "publication", "month")[i % 3],
                ),
                fatalities=None,
                injured=None,
                attributed_to=None,
                certainty="reported",
                evidence=span,
                trigger=CharSpan(start=7, end=15, text="attacked"),
            )
        )
    return out


def _matches(e: Event, f: EventFilter) -> bool:
    country = e.location.country if e.location else None
    return (f.event_type is None or e.event_type == f.event_type) and (
        f.country is None or country == f.country
    )


def _expected_cells(events: list[Event], f: EventFilter, box: Box, zoom: int):
    size = cell_degrees(zoom)
    cells: dict[tuple[int, int], list] = {}
    for e in events:
        loc = e.location
        if not _matches(e, f) or loc is None or loc.lat is None or loc.lon is None:
            continue
        if not (box.south <= loc.lat <= box.north and box.west <= loc.lon <= box.east):
            continue
        key = (
            math.floor((loc.lon + 180.0) / size),
            math.floor((loc.lat + 90.0) / size),
        )
        cell = cells.setdefault(key, [0, e.event_id])
        cell[0] += 1
        cell[1] = min(cell[1], e.event_id)
    return {k: (n, first if n == 1 else None) for k, (n, first) in cells.items()}


@pytest.fixture
def rolled(store_backend):
    store = open_store(store_backend.url)
    doc = Document(id="doc-1", text="x", published=dt.date(2024, 1, 10))
    events = _events()
    run = store.add_run("{}")
    # Two batches, the second repeating part of the first: counted once.
    store.add_batch(run, [StoredDocument(document=doc, status=CODED)], events[:250])
    store.add_batch(run, [], events[200:] + events[:10])
    yield store, events
    store.close()


FILTERS = [
    EventFilter(),
    EventFilter(event_type="ASSAULT"),
    EventFilter(country="MLI"),
    EventFilter(event_type="protest", country="cod"),
]


def _boxes(rng: random.Random) -> list[Box]:
    boxes = [
        Box(south=-90, west=-180, north=90, east=180),
        Box(south=-60, west=-180, north=80, east=180),
        Box(south=0.0, west=-45.0, north=22.5, east=45.0),  # on cell edges
    ]
    for _ in range(12):
        south, west = rng.uniform(-80, 60), rng.uniform(-180, 150)
        boxes.append(
            Box(
                south=south,
                west=west,
                north=min(90, south + rng.uniform(0.2, 90)),
                east=min(180, west + rng.uniform(0.2, 200)),
            )
        )
    return boxes


@pytest.mark.parametrize("filters", FILTERS)
def test_map_cells_from_the_rollups_equal_the_events_counted(rolled, filters):
    store, events = rolled
    assert store._has_rollups, "the store has no rollups: the test tests nothing"
    rng = random.Random(7)
    upper = EventFilter(
        event_type=filters.event_type.upper() if filters.event_type else None,
        country=filters.country.upper() if filters.country else None,
    )
    for box in _boxes(rng):
        for zoom in range(MAX_ROLLUP_ZOOM + 1):
            got: dict[tuple[int, int], list] = {}
            for g in store.map_groups(filters, box, cell_degrees(zoom)):
                cell = got.setdefault((g.column, g.row), [0, g.first_event_id])
                cell[0] += g.events
                cell[1] = min(cell[1], g.first_event_id)
            shown = {k: (n, f if n == 1 else None) for k, (n, f) in got.items()}
            assert shown == _expected_cells(events, upper, box, zoom), (
                f"the map of {box} at zoom {zoom} ({filters}) miscounts its cells"
            )


@pytest.mark.parametrize("filters", FILTERS)
def test_counts_from_the_rollups_equal_the_events_counted(rolled, filters):
    store, events = rolled
    upper = EventFilter(
        event_type=filters.event_type.upper() if filters.event_type else None,
        country=filters.country.upper() if filters.country else None,
    )
    matching = [e for e in events if _matches(e, upper)]
    assert store.count_events(filters) == len(matching)
    unplaced = [e for e in matching if e.location is None or e.location.lat is None]
    assert store.count_unplaced(filters) == len(unplaced)
    types = Counter(e.event_type for e in matching)
    assert dict(store.group_counts(filters, ["event_type"])) == dict(types)
    days = Counter(
        (e.date.end.isoformat(), e.date.precision, e.event_type)
        if e.date
        else (None, None, e.event_type)
        for e in matching
    )
    rows = store.group_counts(filters, ["day", "precision", "event_type"])
    assert {tuple(r[:-1]): r[-1] for r in rows} == dict(days), "timeline miscounts"
    actors = Counter(e.actor.name if e.actor else None for e in matching)
    rows = store.group_counts(filters, ["actor"], limit=3)
    assert len(rows) == min(3, len(actors))
    assert all(actors[name] == n for name, n in rows), "matrix ranks miscount"
    assert [n for _, n in rows] == sorted(actors.values(), reverse=True)[:3]


def _bin(day: dt.date, unit: str) -> str:
    if unit == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.replace(day=1).isoformat()


# The rollups answer the first filters; "reported" (every event's certainty)
# makes the same counts come from the events table instead.
BIN_FILTERS = [
    *FILTERS,
    EventFilter(certainty="reported"),
    EventFilter(event_type="ASSAULT", certainty="reported"),
]


@pytest.mark.parametrize("filters", BIN_FILTERS)
@pytest.mark.parametrize("unit", ["week", "month"])
@pytest.mark.parametrize("kept", [True, False], ids=["rollup_bins", "days_binned"])
def test_weeks_and_months_counted_in_sql_equal_the_events_binned(
    rolled, filters, unit, kept, monkeypatch
):
    store, events = rolled
    assert store._has_bin_rollups
    if not kept:  # a store before migration 0009, opened read-only
        monkeypatch.setattr(type(store), "_has_bin_rollups", property(lambda _: False))
        assert not store._has_bin_rollups
    upper = EventFilter(
        event_type=filters.event_type.upper() if filters.event_type else None,
        country=filters.country.upper() if filters.country else None,
    )
    matching = [e for e in events if _matches(e, upper)]
    bins = Counter(
        (_bin(e.date.end, unit), e.date.precision, e.event_type)
        if e.date
        else (None, None, e.event_type)
        for e in matching
    )
    rows = store.group_counts(filters, [unit, "precision", "event_type"])
    assert {tuple(r[:-1]): r[-1] for r in rows} == dict(bins), f"{unit}s miscount"
    assert [r[-1] for r in rows] == sorted(bins.values(), reverse=True)
    days = [e.date.end.isoformat() for e in matching if e.date]
    assert store.day_span(filters) == (min(days), max(days))


def test_the_day_span_of_no_dated_event_is_none(rolled):
    store, _ = rolled
    assert store.day_span(EventFilter(event_type="NO_SUCH_TYPE")) is None
    assert (
        store.day_span(EventFilter(event_type="NO_SUCH", certainty="reported")) is None
    )


def test_the_migration_fills_the_rollups_of_a_store_written_before_it(rolled):
    from dateline.store.sql import migrations

    store, _ = rolled
    tables = (
        "rollup_cells",
        "rollup_days",
        "rollup_actors",
        "rollup_types",
        "rollup_day_countries",
        "rollup_actor_countries",
        "rollup_bins",
        "rollup_bin_countries",
    )

    def contents() -> dict[str, list]:
        out = {}
        with store.transaction() as cur:
            for table in tables:
                cur.execute(f"SELECT * FROM {table}")
                out[table] = sorted(
                    tuple(round(v, 6) if isinstance(v, float) else v for v in row)
                    for row in cur.fetchall()
                )
        return out

    kept = contents()
    assert all(kept.values()), "a rollup table is empty"
    fills = [
        s
        for name in ("0006_rollups", "0009_rollup_bins")  # 0009 reads 0006's
        for s in dict(migrations(store.dialect))[name].split(";")
        if "INSERT INTO rollup_" in s
    ]
    with store.transaction() as cur:
        for table in tables:
            cur.execute(f"DELETE FROM {table}")
        for fill in fills:
            body = "\n".join(
                line for line in fill.splitlines() if not line.startswith("--")
            )
            cur.execute(body.strip())
    assert contents() == kept, "the migration's fill differs from what writes keep"


@pytest.mark.parametrize("filters", FILTERS[:2])
def test_the_matrix_pairs_among_names_and_none_count_every_event_once(rolled, filters):
    store, events = rolled
    upper = EventFilter(
        event_type=filters.event_type.upper() if filters.event_type else None
    )
    among = {"actor": ["group 1", "group 2", None], "target": ["town 3", None]}
    rows = store.group_counts(filters, ["actor", "target", "event_type"], among=among)
    expected = Counter(
        (e.actor.name if e.actor else None, e.target.name if e.target else None, t)
        for e in events
        if _matches(e, upper)
        and (t := e.event_type)
        and (e.actor.name if e.actor else None) in among["actor"]
        and (e.target.name if e.target else None) in among["target"]
    )
    assert {tuple(r[:-1]): r[-1] for r in rows} == dict(expected), (
        "the actor matrix miscounts pairs with a missing actor or target"
    )
    assert [r[-1] for r in rows] == sorted((r[-1] for r in rows), reverse=True)
    assert all(type(r[-1]) is int for r in rows), "a count is not an integer"
