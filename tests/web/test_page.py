"""The page in headless Chromium against a real `dateline serve`."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from .conftest import HOSTILE_EVENT_ID, HOSTILE_SENTENCE, screenshot

pytestmark = pytest.mark.playwright

READY = "body[data-ready=true]"


def _api_events(server: str, **params) -> list[dict]:
    response = httpx.get(
        server + "/api/events", params={"limit": 10000, **params}, timeout=30
    )
    return response.json()["events"]


def _open(page, path: str = "/") -> None:
    page.goto(path)
    page.wait_for_selector(READY, state="attached")


def _row_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "#events tbody tr", "rows => rows.map(r => r.dataset.id)"
    )


def test_page_shows_markers_timeline_table_and_matrix(page, server):
    every = _api_events(server)
    _open(page)
    markers = page.locator(".event-marker, .event-cluster")
    assert markers.count() > 0, "no event markers on the map"
    assert page.locator("#timeline rect[data-type]").count() > 0, "empty timeline"
    assert sorted(_row_ids(page)) == sorted(e["event_id"] for e in every), (
        "the table does not list the store's events"
    )
    assert page.locator(".matrix tbody tr").count() > 0, "empty actor matrix"
    assert page.locator("path.leaflet-interactive, svg path").count() > 0 or (
        page.locator(".leaflet-overlay-pane path").count() > 0
    ), "the offline country outlines were not drawn"
    screenshot(page, "overview")


def test_filtering_by_type_changes_the_table_and_the_url(page, server):
    _open(page)
    before = len(_row_ids(page))
    expected = {e["event_id"] for e in _api_events(server, type="MOBILIZE")}
    assert 0 < len(expected) < before, "the samples need a type that is not all"
    page.select_option("select[name=type]", "MOBILIZE")
    page.wait_for_function(
        "n => document.querySelectorAll('#events tbody tr').length === n",
        arg=len(expected),
    )
    assert set(_row_ids(page)) == expected
    assert parse_qs(urlsplit(page.url).query)["type"] == ["MOBILIZE"]
    # The URL alone gives the same view: a view can be shared.
    _open(page, page.url)
    assert page.input_value("select[name=type]") == "MOBILIZE"
    assert set(_row_ids(page)) == expected
    href = page.get_attribute("#download-acled", "href")
    assert "type=MOBILIZE" in href and "format=acled" in href


def test_dragging_over_the_timeline_keeps_only_those_days(page, server):
    _open(page)
    box = page.locator("#timeline").bounding_box()
    assert box is not None
    # The first days of the samples sit at the left edge of the timeline.
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 36, y)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, y, steps=4)
    page.mouse.up()
    page.wait_for_function("() => new URL(location.href).searchParams.has('since')")
    page.wait_for_selector(READY, state="attached")
    query = parse_qs(urlsplit(page.url).query)
    since, until = query["since"][0], query["until"][0]
    assert since <= until
    expected = {e["event_id"] for e in _api_events(server, since=since, until=until)}
    assert expected, f"no events in the dragged range {since}..{until}"
    page.wait_for_function(
        "n => document.querySelectorAll('#events tbody tr').length === n",
        arg=len(expected),
    )
    assert set(_row_ids(page)) == expected
    assert page.input_value("input[name=since]") == since
    assert page.is_visible("#timeline .brush")


def test_opening_an_event_marks_its_sentence_and_spans(page, server):
    marked = [
        e
        for e in _api_events(server)
        if e["mentions"] and e["event_id"] != HOSTILE_EVENT_ID and e["figures"]
    ] or [e for e in _api_events(server) if e["mentions"]]
    event = marked[0]
    _open(page)
    page.click(f"#events tbody tr[data-id='{event['event_id']}']")
    page.wait_for_selector("#article mark.m-evidence")
    evidence = page.eval_on_selector_all(
        "#article mark.m-evidence", "marks => marks.map(m => m.textContent).join('')"
    )
    assert evidence == event["evidence"]["text"], "the evidence sentence is not marked"
    trigger = page.eval_on_selector_all(
        "#article mark.m-trigger", "marks => marks.map(m => m.textContent).join('')"
    )
    assert trigger == event["trigger"]["text"], "the trigger is not marked"
    for kind in {m["kind"] for m in event["mentions"]}:
        assert page.locator(f"#article mark.m-{kind}").count() > 0, (
            f"no {kind} span marked"
        )
    badges = page.inner_text("#detail .badges")
    assert f"certainty: {event['certainty']}" in badges
    assert "source:" in badges
    assert parse_qs(urlsplit(page.url).query)["event"] == [event["event_id"]]
    screenshot(page, "event")


def test_a_hostile_article_is_shown_as_text(page, server):
    _open(page, f"/?event={HOSTILE_EVENT_ID}")
    page.wait_for_selector("#article mark.m-evidence")
    article = page.inner_text("#article")
    assert "<script>window.__pwned = 1</script>" in article
    assert HOSTILE_SENTENCE in article
    assert page.locator("#detail img, #events img, #matrix img").count() == 0, (
        "stored HTML became elements"
    )
    assert page.locator("#detail script").count() == 0
    assert page.evaluate("window.__pwned") is None, "the article's script ran"
    assert "<script>alert(1)</script>" in page.inner_text("#detail")
    # A javascript: URL is not made a link.
    assert page.locator("#detail a[href^='javascript']").count() == 0
    row = page.locator(f"#events tbody tr[data-id='{HOSTILE_EVENT_ID}']")
    assert "<script>alert(1)</script>" in row.inner_text()
    screenshot(page, "hostile")


def test_sorting_the_table_by_fatalities(page, server):
    _open(page)
    page.click("#events th[data-sort=fatalities] button")
    first = page.locator("#events tbody tr").first.get_attribute("data-id")
    most = max(
        (e for e in _api_events(server) if e["fatalities"] is not None),
        key=lambda e: e["fatalities"],
    )
    top = httpx.get(f"{server}/api/events/{first}").json()
    assert top["fatalities"] == most["fatalities"], "the deadliest event is not first"
    assert parse_qs(urlsplit(page.url).query)["sort"] == ["fatalities"]


def _map_counts(page) -> tuple[int, int]:
    """What the map shows: the counts on its cells, and the unplaced events."""
    shown = page.eval_on_selector_all(
        "#map [data-count]", "ns => ns.reduce((s, n) => s + Number(n.dataset.count), 0)"
    )
    unplaced = int(page.get_attribute("#map", "data-unplaced") or 0)
    return shown, unplaced


@pytest.mark.parametrize("params", ["", "?type=ASSAULT", "?country=MLI"])
def test_the_map_shows_every_event_of_the_filter(page, server, web_db, params):
    from dateline.store import EventFilter, open_store

    store = open_store(str(web_db), read_only=True)
    query = parse_qs(params.lstrip("?"))
    filters = EventFilter(
        event_type=query.get("type", [None])[0], country=query.get("country", [None])[0]
    )
    expected = len(store.events(filters))
    store.close()
    _open(page, "/" + params)
    shown, unplaced = _map_counts(page)
    assert shown + unplaced == expected, (
        f"the map shows {shown} events and names {unplaced} unplaced, "
        f"but the store holds {expected} for {params or 'no filter'}: a sample"
    )
    assert str(expected) in page.inner_text("#summary")


def test_choosing_a_row_shows_and_zooms_the_map_to_it(page, server):
    placed = [
        e
        for e in _api_events(server)
        if e["location"] and e["location"]["lat"] is not None
    ]
    event = placed[len(placed) // 2]
    _open(page)
    assert page.evaluate("document.querySelector('#map .chosen-dot')") is None
    page.click(f"#events tbody tr[data-id='{event['event_id']}']")
    page.wait_for_selector(f"#map .chosen-dot[data-id='{event['event_id']}']")
    page.wait_for_function(
        "() => document.querySelector('#map').dataset.loaded !== undefined"
    )
    centre = page.evaluate(
        "() => { const box = document.querySelector('#map').getBoundingClientRect();"
        " const dot = document.querySelector('#map .chosen-dot').getBoundingClientRect();"
        " return [dot.x + dot.width / 2 - box.x - box.width / 2,"
        " dot.y + dot.height / 2 - box.y - box.height / 2]; }"
    )
    assert abs(centre[0]) < 5 and abs(centre[1]) < 5, (
        f"the chosen event is {centre} px from the map's centre"
    )
    tiles = page.get_attribute("#map", "data-zoom")
    assert tiles is not None and int(tiles) >= 8, "the map did not zoom in on the event"
    screenshot(page, "chosen")


def test_the_confidence_control_filters_the_map_and_the_table(page, server, web_db):
    from dateline.store import EventFilter, open_store

    scores = sorted(
        e["confidence"] for e in _api_events(server) if e["confidence"] is not None
    )
    threshold = scores[len(scores) // 2]
    store = open_store(str(web_db), read_only=True)
    every = len(store.events(EventFilter()))
    expected = len(store.events(EventFilter(min_confidence=threshold)))
    store.close()
    assert expected < every, "the threshold keeps every event: nothing to see"
    _open(page)
    page.evaluate("document.body.removeAttribute('data-ready')")
    page.fill("#filters input[name=min_confidence]", str(threshold))
    page.dispatch_event("#filters input[name=min_confidence]", "change")
    page.wait_for_selector(READY, state="attached")
    assert parse_qs(urlsplit(page.url).query)["min_confidence"] == [str(threshold)]
    shown, unplaced = _map_counts(page)
    assert shown + unplaced == expected, (
        f"with confidence at least {threshold} the map shows {shown + unplaced} "
        f"events, the store holds {expected}"
    )
    assert f"{expected:,} events" in page.inner_text("#summary")
