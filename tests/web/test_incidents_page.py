"""The incidents view in headless Chromium against a real `dateline serve`."""

from __future__ import annotations

import pytest

from .conftest import screenshot

pytestmark = pytest.mark.playwright

READY = "body[data-ready=true]"
MENAKA_ROW = "#incidents tbody tr:has(td:text-is('Ménaka'))"


def _open(page, path: str = "/") -> None:
    page.goto(path)
    page.wait_for_selector(READY, state="attached")
    page.wait_for_selector("#incidents-panel[data-loaded]", state="attached")


def test_an_incident_shows_each_outlets_report_side_by_side(page):
    _open(page)
    page.click(MENAKA_ROW)
    page.wait_for_selector("#incident .report")
    cards = page.locator("#incident .report")
    assert cards.count() == 2, "the incident does not show both reports"
    outlets = sorted(cards.locator("h4").all_inner_texts())
    assert outlets == ["Le Journal du Sahel", "Sahel Wire"]
    sources = sorted(cards.locator(".report-source").all_inner_texts())
    assert sources == ["l'armée malienne", "the Malian army"]
    figures = sorted(cards.locator(".report-figures").all_inner_texts())
    assert figures == ["12 killed", "15 killed"], "a report's figures were merged"
    certainty = sorted(cards.locator(".report-certainty").all_inner_texts())
    assert certainty == ["reported", "stated"]
    assert "crediting 1 source" in page.inner_text("#incident .incident-counts"), (
        "one army named in two languages was counted as two sources"
    )
    screenshot(page, "incident")


def test_the_map_can_show_one_marker_per_incident(page):
    _open(page)
    page.click(MENAKA_ROW)  # zooms the map onto Ménaka
    page.wait_for_function(
        "() => Number(document.querySelector('#map').dataset.zoom) >= 8"
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('#map [data-count]')]"
        ".reduce((s, n) => s + Number(n.dataset.count), 0) >= 2"
    )
    assert page.locator("#map .incident-dot").count() == 0
    page.check("#map-incidents")
    page.wait_for_selector("#map[data-incidents-loaded]", state="attached")
    dots = page.locator("#map .incident-dot[data-reports='2']")
    assert dots.count() == 1, "the two reports of one attack are not one marker"
    assert not page.locator(
        "#map .event-marker, #map .event-cluster"
    ).first.is_visible(), (
        "the reports' own markers are still drawn in the incident mode"
    )
    screenshot(page, "incident-map")
    page.uncheck("#map-incidents")
    page.wait_for_function("() => !document.querySelector('#map .incident-dot')")


def test_the_incident_list_follows_the_filters(page):
    _open(page)
    assert page.locator(MENAKA_ROW).count() == 1
    page.select_option("select[name=type]", "PROTEST")
    page.wait_for_function(
        "() => ![...document.querySelectorAll('#incidents tbody td')]"
        ".some(td => td.textContent === 'Ménaka')"
    )
    assert "type=PROTEST" in page.url
