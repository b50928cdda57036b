"""The incidents view's API: the list, one incident, one marker per incident."""

from __future__ import annotations

import httpx
import pytest

from .conftest import INCIDENT_DOCS


@pytest.fixture(scope="module")
def api(server: str):
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


def _menaka(api, **params) -> list[dict]:
    response = api.get("/api/incidents", params={"limit": 5000, **params})
    assert response.status_code == 200, response.text
    return [i for i in response.json()["incidents"] if i["place"] == "Ménaka"]


def test_two_outlets_in_two_languages_are_one_incident_with_one_source(api):
    (menaka,) = _menaka(api)
    assert (menaka["reports"], menaka["documents"], menaka["outlets"]) == (2, 2, 2), (
        "the English and French reports of one attack are not one incident"
    )
    assert menaka["credited"] == 1, (
        "the Malian army named in two languages counted twice"
    )
    assert "12 killed" in menaka["figures"] and "15 killed" in menaka["figures"], (
        f"a source's figure was lost or averaged: {menaka['figures']}"
    )


def test_the_incident_list_follows_the_page_filters(api):
    assert _menaka(api, country="MLI", type="ASSAULT", source="malienne")
    assert not _menaka(api, type="PROTEST"), "a type filter let an assault through"
    assert not _menaka(api, since="2024-03-01"), "a date filter let February through"
    every = api.get("/api/incidents", params={"limit": 5000}).json()
    assert every["total"] == len(every["incidents"]) > 1
    cut = api.get("/api/incidents", params={"limit": 1}).json()
    assert cut["count"] == 1 and cut["total"] == every["total"], (
        "a cut list did not say how many incidents matched"
    )


def test_one_incident_shows_every_report_side_by_side(api):
    (menaka,) = _menaka(api)
    response = api.get(f"/api/incidents/{menaka['incident_id']}")
    assert response.status_code == 200, response.text
    incident = response.json()
    reports = {r["doc_id"]: r for r in incident["reports"]}
    assert set(reports) == set(INCIDENT_DOCS)
    wire, journal = reports["menaka-wire"], reports["menaka-journal"]
    assert (wire["outlet"], wire["attributed_to"], wire["certainty"], wire["fatalities"]) == (
        "Sahel Wire", "the Malian army", "stated", 12
    )  # fmt: skip
    assert (journal["outlet"], journal["attributed_to"], journal["certainty"], journal["fatalities"]) == (
        "Le Journal du Sahel", "l'armée malienne", "reported", 15
    )  # fmt: skip
    assert "Ménaka" in journal["evidence"]["text"], "the report lost its sentence"
    assert any(r != "first report" for r in journal["reasons"] + wire["reasons"])
    missing = api.get("/api/incidents/no-such-incident")
    assert missing.status_code == 404


def test_the_map_has_one_marker_per_incident_not_per_report(api):
    box = {"south": 14, "north": 17, "west": 1, "east": 4}
    view = api.get("/api/incidents/map", params=box).json()
    markers = [m for m in view["markers"] if m["reports"] == 2]
    assert len(markers) == 1 and view["placed"] == len(view["markers"]), view
    events = api.get("/api/map", params={**box, "zoom": 12}).json()
    assert events["placed"] == 2, "the event map should still show both reports"
    assert (
        api.get("/api/incidents/map", params={**box, "type": "PROTEST"}).json()[
            "placed"
        ]
        == 0
    )
    bad = api.get("/api/incidents/map", params={"south": 10, "north": 5})
    assert bad.status_code == 422
