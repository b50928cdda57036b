"""The page's reads on both backends: grid cells, grouped counts, keyset pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from dateline.model import Actor, CharSpan, Document, Event, Place, TimeSpan
from dateline.store import EventFilter, StoredDocument, open_store
from dateline.store.base import CODED, Box
from dateline.store.views import SORT_COLUMNS, sort_value

WORLD = Box(south=-90, west=-180, north=90, east=180)
TYPES = ("ASSAULT", "PROTEST", "COERCE")
PLACES = (
    ("Mopti", "MLI", 14.49, -4.19),
    ("Goma", "COD", -1.68, 29.22),
    ("Kharkiv", "UKR", 49.99, 36.23),
    ("Gao", "MLI", 16.27, -0.04),
)


def _events() -> list[Event]:
    text = "Gunmen attacked a village near Mopti on Monday."
    span = CharSpan(start=0, end=len(text), text=text)
    out = []
    for i in range(60):
        name, country, lat, lon = PLACES[i % len(PLACES)]
        day = dt.date(2023, 1, 1) + dt.timedelta(days=(i * 37) % 400)
        precision = ("day", "publication", "month")[i % 3]
        out.append(
            Event(
                event_id=f"ev{i:04d}",
                doc_id="doc-1",
                language="en",
                event_type=TYPES[i % len(TYPES)],
                mode=None,
                actor=Actor(name=f"group {i % 5}", text="gunmen") if i % 7 else None,
                target=Actor(name=f"town {i % 4}", text="villagers"),
                location=None
                if i % 11 == 0
                else Place(name=name, text=name, country=country, lat=lat, lon=lon),
                date=None
                if i % 13 == 0
                else TimeSpan(start=day, end=day, text="Monday", precision=precision),
                fatalities=None if i % 4 == 0 else i % 9,
                injured=None,
                attributed_to=None,
                certainty="reported",
                evidence=span,
                trigger=CharSpan(start=7, end=15, text="attacked"),
            )
        )
    return out


@pytest.fixture
def filled(store_backend):
    store = open_store(store_backend.url)
    doc = Document(id="doc-1", text="x", published=dt.date(2024, 1, 10))
    store.add_batch(
        store.add_run("{}"), [StoredDocument(document=doc, status=CODED)], _events()
    )
    yield store
    store.close()


@pytest.mark.parametrize(
    "filters",
    [EventFilter(), EventFilter(event_type="ASSAULT"), EventFilter(country="MLI")],
)
def test_map_cells_count_every_placed_event_once(filled, filters):
    total = filled.count_events(filters)
    assert total == len(filled.events(filters))
    for cell in (0.5, 10.0, 90.0):
        groups = filled.map_groups(filters, WORLD, cell)
        on_map = sum(g.events for g in groups)
        assert on_map + filled.count_unplaced(filters) == total, (
            f"the map at {cell} degree cells shows {on_map} events, not the store's"
        )


def test_a_cell_of_one_event_names_it_and_sits_on_it(filled):
    groups = filled.map_groups(EventFilter(event_type="PROTEST"), WORLD, 0.01)
    for g in groups:
        lat, lon = g.lat_sum / g.events, g.lon_sum / g.events
        assert any(abs(lat - p[2]) < 1e-6 and abs(lon - p[3]) < 1e-6 for p in PLACES)
    lone = filled.map_groups(EventFilter(event_type="PROTEST"), WORLD, 0.01)
    first = filled.event(lone[0].first_event_id)
    assert first is not None and first.event_type == "PROTEST"


def test_a_view_box_keeps_only_its_events(filled):
    sahel = Box(south=10, west=-10, north=20, east=5)
    groups = filled.map_groups(EventFilter(), sahel, 1.0)
    mali = filled.count_events(EventFilter(country="MLI"))
    assert sum(g.events for g in groups) == mali - filled.count_unplaced(
        EventFilter(country="MLI")
    )


@pytest.mark.parametrize("sort", sorted(SORT_COLUMNS))
@pytest.mark.parametrize("descending", [False, True])
def test_keyset_pages_list_every_event_once_in_order(filled, sort, descending):
    filters = EventFilter(country="MLI")
    expected = filled.events(filters)
    present = [e for e in expected if sort_value(e, sort) is not None]
    absent = [e for e in expected if sort_value(e, sort) is None]
    present.sort(key=lambda e: (sort_value(e, sort), e.event_id), reverse=descending)
    absent.sort(key=lambda e: e.event_id)
    seen: list[str] = []
    after = None
    while True:
        page = filled.events_page(
            filters, sort=sort, descending=descending, after=after, limit=4
        )
        seen += [e.event_id for e in page]
        if len(page) < 4:
            break
        after = (sort_value(page[-1], sort), page[-1].event_id)
    assert seen == [e.event_id for e in present + absent], (
        f"paging by {sort} lost, repeated or misordered events"
    )


def test_grouped_counts_add_up_and_keep_the_date_precision(filled):
    rows = filled.group_counts(EventFilter(), ["day", "precision", "event_type"])
    assert sum(r[-1] for r in rows) == 60
    precisions = {r[1] for r in rows if r[0] is not None}
    assert precisions == {"day", "publication", "month"}
    assert all(r[1] is None for r in rows if r[0] is None), "undated with a precision"
    top = filled.group_counts(EventFilter(), ["actor"], limit=2)
    assert len(top) == 2 and top[0][1] >= top[1][1]
    only = filled.group_counts(
        EventFilter(), ["actor", "target"], among={"actor": [None]}
    )
    assert only and all(r[0] is None for r in only)
    assert sum(r[-1] for r in only) == sum(1 for e in _events() if e.actor is None)


def test_the_version_changes_with_every_write_and_only_then(filled):
    before = filled.version()
    assert before == filled.version()
    filled.add_batch(filled.add_run("{}"), [], _events()[:3])
    assert filled.version() == before, "re-adding stored events changed the version"
    new = replace(_events()[0], event_id="ev-new")
    filled.add_batch(filled.add_run("{}"), [], [new])
    assert filled.version() > before, "a new event left the version as it was"


def test_migration_0005_fills_the_date_precision_of_stored_events(filled):
    from dateline.store.sql import migrations

    sql = dict(migrations(filled.dialect))["0005_web_views"]
    fill = next(s for s in sql.split(";") if "UPDATE events" in s)
    fill = "\n".join(line for line in fill.splitlines() if not line.startswith("--"))
    with filled.transaction() as cur:
        cur.execute("UPDATE events SET date_precision = NULL")
        cur.execute(fill.strip())
    rows = filled.group_counts(EventFilter(), ["precision"])
    expected: dict[str | None, int] = {}
    for e in _events():
        key = e.date.precision if e.date else None
        expected[key] = expected.get(key, 0) + 1
    assert dict(rows) == expected, "events stored before 0005 lost their precision"
