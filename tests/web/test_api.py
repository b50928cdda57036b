"""The JSON API of `dateline serve`, over HTTP on loopback."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json

import httpx
import pytest

from ..conftest import assert_no_formula, read_csv
from .conftest import HOSTILE_DOC_ID, HOSTILE_EVENT_ID


@pytest.fixture(scope="module")
def api(server: str):
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


def _events(api, **params) -> list[dict]:
    response = api.get("/api/events", params={"limit": 10000, **params})
    assert response.status_code == 200, response.text
    return response.json()["events"]


def test_events_filter_like_the_events_command(api):
    every = _events(api)
    assert len(every) > 10, "the samples gave too few events to test filters"
    assaults = _events(api, type="assault")
    assert assaults and all(e["event_type"] == "ASSAULT" for e in assaults)
    mali = _events(api, country="mli")
    assert mali and all(e["location"]["country"] == "MLI" for e in mali)
    in_2021 = _events(api, since="2021-01-01", until="2021-12-31")
    assert in_2021 and all(e["date"]["start"] <= "2021-12-31" for e in in_2021)
    assert all(e["date"]["end"] >= "2021-01-01" for e in in_2021)
    claimed = _events(api, certainty="claimed")
    assert all(e["certainty"] == "claimed" for e in claimed)
    page = api.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert [e["event_id"] for e in page["events"]] == [
        e["event_id"] for e in every[1:3]
    ], "limit and offset do not page through the same order"


def _texts(event: dict, name: str) -> list[str]:
    if name == "source":
        return [event["attributed_to"] or ""]
    return [(event[role] or {}).get("name") or "" for role in ("actor", "target")]


@pytest.mark.parametrize("name", ["actor", "source"])
@pytest.mark.parametrize("wildcard", ["%", "_", "%%", "\\", "a%s", "s_"])
def test_a_wildcard_in_a_text_filter_is_just_a_character(api, name, wildcard):
    every = _events(api)
    found = _events(api, **{name: wildcard})
    assert len(found) < len(every), f"{name}={wildcard!r} matched every event"
    for event in found:
        assert any(wildcard in t.lower() for t in _texts(event, name)), (
            f"{name}={wildcard!r} matched {_texts(event, name)}"
        )


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"since": "2021-02-30"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2024-05-01", "until": "2024-01-01"}, "until"),
        ({"limit": "0"}, "limit"),
        ({"limit": "100001"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"certainty": "sure"}, "certainty"),
        ({"country": "Syria"}, "country"),
        ({"actor": "x" * 201}, "actor"),
        ({"source": "x" * 201}, "source"),
        ({"type": "x" * 201}, "type"),
        ({"mode": "x" * 201}, "mode"),
        ({"actor": "a\x00b"}, "actor"),
    ],
)
def test_bad_parameters_are_a_422_naming_the_parameter(api, params, named):
    response = api.get("/api/events", params=params)
    assert response.status_code == 422, (
        f"{params} gave {response.status_code}: {response.text}"
    )
    details = response.json()["detail"]
    assert any(d["loc"][-1] == named for d in details), details
    assert all(d["msg"] for d in details), "a 422 without a message to read"


def test_unknown_event_and_document_are_404(api):
    assert api.get("/api/events/0000000000000000").status_code == 404
    assert api.get("/api/events/0000000000000000/reports").status_code == 404
    assert api.get("/api/documents/no-such-document").status_code == 404


def test_event_and_its_document_come_back_whole(api):
    event = api.get(f"/api/events/{HOSTILE_EVENT_ID}").json()
    assert event["event_id"] == HOSTILE_EVENT_ID
    stored = api.get(f"/api/documents/{event['doc_id']}").json()
    text = stored["document"]["text"]
    ev = event["evidence"]
    assert text[ev["start"] : ev["end"]] == ev["text"], "evidence offsets drifted"
    assert stored["status"] == "coded"


def test_other_reports_share_type_date_and_place(api):
    for event in _events(api):
        for report in api.get(f"/api/events/{event['event_id']}/reports").json():
            other = api.get(f"/api/events/{report['event_id']}").json()
            assert other["doc_id"] != event["doc_id"]
            assert other["event_type"] == event["event_type"]
            assert other["date"]["start"] == event["date"]["start"]
            assert other["location"]["name"] == event["location"]["name"]


def test_timeline_counts_every_dated_event_once(api):
    every = _events(api)
    timeline = api.get("/api/timeline").json()
    counted = sum(b["total"] for b in timeline["bins"])
    assert counted + timeline["undated"] == len(every)
    starts = [b["start"] for b in timeline["bins"]]
    assert starts == sorted(starts)
    for b in timeline["bins"]:
        assert b["total"] == b["exact"] + b["month"] + b["publication"]
        assert b["exact"] == sum(c["count"] for c in b["counts"])
    publication = sum(
        1 for e in every if e["date"] and e["date"]["precision"] == "publication"
    )
    assert sum(b["publication"] for b in timeline["bins"]) == publication, (
        "publication-dated events are not counted apart"
    )


def test_timeline_bins_follow_the_span(api):
    every = _events(api)
    days = sorted(e["date"]["end"] for e in every if e["date"])
    one_month = api.get(
        "/api/timeline", params={"since": days[-1][:8] + "01", "until": days[-1]}
    ).json()
    assert one_month["unit"] == "day"
    whole = api.get("/api/timeline").json()
    span = (dt.date.fromisoformat(days[-1]) - dt.date.fromisoformat(days[0])).days
    assert whole["unit"] == (
        "day" if span < 120 else "week" if span < 1098 else "month"
    )
    assert len(whole["bins"]) <= 160, "too many bars to read"


@pytest.mark.parametrize("params", [{}, {"type": "ASSAULT"}, {"country": "MLI"}])
def test_the_map_counts_every_matching_event(api, params):
    every = _events(api, **params)
    for zoom in (0, 3, 9):
        view = api.get("/api/map", params={**params, "zoom": zoom}).json()
        assert sum(c["count"] for c in view["cells"]) == view["placed"]
        assert view["placed"] + view["unplaced"] == len(every), (
            f"the map at zoom {zoom} shows a sample, not every event"
        )
    placed = [e for e in every if e["location"] and e["location"]["lat"] is not None]
    fine = api.get("/api/map", params={**params, "zoom": 18}).json()
    lone = [c for c in fine["cells"] if c["count"] == 1]
    for cell in lone:
        event = next(e for e in placed if e["event_id"] == cell["event_id"])
        assert abs(event["location"]["lat"] - cell["lat"]) < 1e-6


def test_counts_per_type_add_up_to_the_filter(api):
    counts = api.get("/api/counts", params={"country": "MLI"}).json()
    mali = _events(api, country="MLI")
    assert counts["total"] == len(mali)
    assert {c["value"]: c["count"] for c in counts["event_types"]} == {
        t: sum(1 for e in mali if e["event_type"] == t)
        for t in {e["event_type"] for e in mali}
    }


@pytest.mark.parametrize("sort", ["date", "fatalities", "type", "country"])
def test_table_pages_by_keyset_list_every_event_once(api, sort):
    every = _events(api)
    seen: list[str] = []
    after = None
    while True:
        params = {"limit": 7, "sort": sort, "dir": "desc"}
        if after:
            params["after"] = after
        page = api.get("/api/events", params=params).json()
        assert page["total"] == len(every)
        seen += [e["event_id"] for e in page["events"]]
        after = page["next"]
        if after is None:
            break
    assert sorted(seen) == sorted(e["event_id"] for e in every)
    assert len(seen) == len(set(seen)), "a row came twice"


def test_a_forged_cursor_is_a_422(api):
    for bad in ("nonsense!", "WyJhIl0", "e30"):
        response = api.get("/api/events", params={"after": bad})
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"][-1] == "after"


def test_actor_matrix_counts_pairs_by_type(api):
    matrix = api.get("/api/actors/matrix", params={"type": "ASSAULT"}).json()
    assert matrix["cells"], "no actor pairs for ASSAULT"
    for cell in matrix["cells"]:
        assert cell["total"] == sum(c["count"] for c in cell["counts"])
        assert {c["event_type"] for c in cell["counts"]} == {"ASSAULT"}


def test_acled_export_of_a_filtered_view(api):
    response = api.get("/api/export", params={"format": "acled", "country": "MLI"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert rows, "the ACLED export of Mali's events is empty"
    # ACLED's iso is ISO 3166-1 numeric: Mali is 466.
    assert {r["iso"] for r in rows} == {"466"}
    assert {r["country"] for r in rows} == {"Mali"}
    assert all(r["event_type"] for r in rows), "a row has no ACLED event type"


@pytest.mark.parametrize("fmt", ["acled", "csv"])
def test_downloaded_csv_is_formula_safe(api, fmt):
    response = api.get("/api/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    rows = read_csv(response.text)
    assert any(
        r["event_id" if fmt == "csv" else "event_id_cnty"].endswith("formula0event000")
        for r in rows
    ), "the formula article is not in the download"
    assert_no_formula(rows, f"/api/export?format={fmt}")


def test_geojson_and_json_exports_hold_the_view(api):
    geo = api.get("/api/export", params={"format": "geojson", "type": "ASSAULT"})
    features = json.loads(geo.text)["features"]
    assert features and all(
        f["properties"]["event_type"] == "ASSAULT" for f in features
    )
    plain = api.get("/api/export", params={"format": "json", "type": "ASSAULT"})
    assert len(json.loads(plain.text)) == len(_events(api, type="ASSAULT"))
    assert api.get("/api/export", params={"format": "exe"}).status_code == 422


def test_every_response_carries_a_csp_without_inline_script(api):
    for path in ("/", "/api/facets", "/static/app.js", "/api/events/nope"):
        csp = api.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path


def test_only_its_own_static_files_are_served(api):
    assert api.get("/static/app.js").status_code == 200
    assert api.get("/static/vendor/leaflet/LICENSE").status_code == 200
    for path in (
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2f..%2fcli.py",
        "/etc/passwd",
    ):
        assert api.get(path).status_code == 404, path


def test_other_host_names_are_refused(api):
    # A page on another site that rebinds its name to 127.0.0.1 gets nothing.
    response = api.get("/api/facets", headers={"Host": "attacker.example"})
    assert response.status_code == 400


def test_the_api_is_documented_at_openapi_json(api):
    spec = api.get("/openapi.json").json()
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/documents/{doc_id}",
        "/api/actors/matrix",
        "/api/timeline",
        "/api/export",
    ):
        assert path in spec["paths"], f"{path} is not documented"
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"type", "mode", "actor", "country", "since", "until"} <= names
    assert {"certainty", "source", "limit", "offset"} <= names


def test_the_hostile_document_is_served_as_data(api):
    stored = api.get(f"/api/documents/{HOSTILE_DOC_ID}")
    assert stored.headers["content-type"] == "application/json"
    assert "<script>" in stored.json()["document"]["text"]


def _get(app, path: str) -> httpx.Response:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://127.0.0.1"
        ) as client:
            return await client.get(path)

    return asyncio.run(fetch())


def test_online_tiles_are_off_unless_turned_on(web_db):
    from dateline.web.app import PageConfig, create_app

    offline = create_app(str(web_db))
    assert _get(offline, "/api/config").json()["tiles"] is None
    assert "tile" not in _get(offline, "/").headers["content-security-policy"]
    template = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    online = create_app(str(web_db), config=PageConfig(tiles=template))
    assert _get(online, "/api/config").json()["tiles"] == template
    csp = _get(online, "/").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tile.example.org" in csp


def test_serve_refuses_a_missing_database_and_a_bad_tile_url(tmp_path):
    from click.testing import CliRunner

    from dateline.web.cli import serve

    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no such database" in result.output
    result = CliRunner().invoke(serve, ["--tiles", "javascript:alert(1)"])
    assert result.exit_code == 2
    assert "--tiles" in result.output


def test_a_write_shows_at_once_and_an_open_ingest_blocks_no_reader(web_db, tmp_path):
    import shutil
    from dataclasses import replace as copy_with

    from dateline.store import open_store
    from dateline.web.app import create_app

    from .conftest import hostile_records

    db = tmp_path / "copy.db"
    shutil.copy(web_db, db)
    app = create_app(str(db))
    before = _get(app, "/api/counts").json()["total"]
    assert _get(app, "/api/counts").json()["total"] == before
    writer = open_store(str(db))
    _, event = hostile_records()
    added = copy_with(event, event_id="written0later000")
    with writer.transaction() as cur:  # an ingest batch, not yet committed
        cur.execute("UPDATE store_version SET version = version + 1")
        assert _get(app, "/api/counts").json()["total"] == before
    writer.add_batch(writer.add_run("{}"), [], [added])
    writer.close()
    assert _get(app, "/api/counts").json()["total"] == before + 1, (
        "the page kept showing a cached count after an ingest"
    )


def test_min_confidence_keeps_the_same_events_in_every_view(api):
    every = _events(api)
    scores = sorted(e["confidence"] for e in every if e["confidence"] is not None)
    assert len(set(scores)) > 2, "the samples' events all have one confidence"
    threshold = scores[len(scores) // 2]
    kept = _events(api, min_confidence=threshold)
    assert 0 < len(kept) < len(every), "min_confidence kept all or nothing"
    assert all(
        e["confidence"] is not None and e["confidence"] >= threshold for e in kept
    ), "an event under the confidence asked for was listed"
    params = {"min_confidence": threshold}
    counts = api.get("/api/counts", params=params).json()
    assert counts["total"] == len(kept), "the type counts ignore min_confidence"
    view = api.get("/api/map", params={**params, "zoom": 2}).json()
    assert view["placed"] + view["unplaced"] == len(kept), "the map ignores it"
    timeline = api.get("/api/timeline", params=params).json()
    assert sum(b["total"] for b in timeline["bins"]) + timeline["undated"] == len(
        kept
    ), "the timeline ignores min_confidence"
    matrix = api.get("/api/actors/matrix", params={**params, "size": 100}).json()
    assert sum(c["total"] for c in matrix["cells"]) == len(kept), "the matrix too"
    exported = api.get("/api/export", params={**params, "format": "json"}).json()
    assert len(exported) == len(kept), "the export ignores min_confidence"
    for bad in ("1.5", "-0.1", "high"):
        response = api.get("/api/events", params={"min_confidence": bad})
        assert response.status_code == 422, bad
        assert response.json()["detail"][0]["loc"][-1] == "min_confidence"
