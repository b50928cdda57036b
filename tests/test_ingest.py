"""dateline.ingest(): the library call behind `dateline ingest`."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from dateline import Document, ingest, open_store
from dateline.pipeline import Coder

TEXT = (
    "Gunmen killed three soldiers near Gao on Monday, the army said. "
    "Separately, protesters marched in Bamako on Tuesday."
)


def _documents() -> list[Document]:
    return [
        Document(id="gao-1", text=TEXT, published=dt.date(2024, 3, 12)),
        Document(id="de-1", text="Dies ist kein Bericht.", language=None),
    ]


def test_ingest_stores_events_and_reingest_adds_nothing(
    coder: Coder, db_path: Path
) -> None:
    store = open_store(str(db_path))
    first = ingest(_documents(), store, coder=coder)
    second = ingest(_documents(), store, coder=coder)
    store.close()
    assert first.events_added > 0, "a killing of three soldiers stored no event"
    assert first.coded + first.not_coded + first.skipped == 2, str(first)
    assert second.already_stored == 2 and second.events_added == 0, (
        f"rerunning the same ingest stored again: {second}"
    )


def test_run_record_names_package_versions_and_data_digests(
    coder: Coder, db_path: Path
) -> None:
    store = open_store(str(db_path))
    report = ingest(_documents()[:1], store, coder=coder, inputs=["gao.txt"])
    store.close()
    with sqlite3.connect(db_path) as db:
        (settings,) = db.execute(
            "SELECT settings FROM runs WHERE run_id = ?", (report.run_id,)
        ).fetchone()
    record = json.loads(settings)
    assert record["inputs"] == ["gao.txt"]
    assert record["packages"]["spacy"], "the run does not say which spaCy coded it"
    assert len(record["data"]["models/decide.json"]) == 64, (
        "the run does not pin the decision model it used"
    )
    assert "actors.yaml" in record["data"], "the actor dictionary is not pinned"
