"""A folder of English, French, Arabic and Russian articles, ingested in one command."""

from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.store import open_store
from dateline.store.base import EventFilter

MIXED = Path(__file__).parent / "mixed"


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("mixed") / "mixed.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(MIXED), "--db", str(db), "--published", "2024-03-14"]
    )
    assert result.exit_code == 0, result.output
    assert "4 documents coded" in result.output, result.output
    return db


def test_every_language_is_coded_with_placed_events(mixed_db):
    with closing(open_store(str(mixed_db))) as store:
        events = store.events(EventFilter())
    by_language = {e.language for e in events}
    assert by_language == {"en", "fr", "ar", "ru"}, by_language
    for event in events:
        assert event.location is not None and event.location.lat is not None, (
            f"{event.language} event {event.evidence.text!r} has no point for the map"
        )


def test_french_and_english_reports_of_one_airstrike_are_one_incident(mixed_db):
    with closing(open_store(str(mixed_db))) as store:
        strikes = [
            e
            for e in store.events(EventFilter(event_type="ASSAULT", country="SYR"))
            if e.language in ("en", "fr")
        ]
        assert {e.language for e in strikes} == {"en", "fr"}, strikes
        incidents = store.incident_ids_of([e.event_id for e in strikes])
    assert len(set(incidents.values())) == 1 and len(incidents) == len(strikes), (
        f"the two reports of the Ariha strike were not merged: {incidents}"
    )


def test_the_page_lists_the_french_report_under_the_english_one(mixed_db):
    from fastapi.testclient import TestClient

    from dateline.web.app import create_app

    with TestClient(create_app(str(mixed_db), allowed_hosts=("testserver",))) as api:
        events = api.get("/api/events", params={"country": "SYR"}).json()["events"]
        english = next(e for e in events if e["language"] == "en")
        reports = api.get(f"/api/events/{english['event_id']}/reports").json()
        languages = {
            api.get(f"/api/events/{r['event_id']}").json()["language"] for r in reports
        }
    assert languages == {"fr"}, json.dumps(reports, ensure_ascii=False)
