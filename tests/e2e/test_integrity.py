"""No report is lost: concurrent ingests, a killed ingest, a new file opened twice.

Real `dateline ingest` processes on a real SQLite file and a real PostgreSQL
schema. Each run must end with every event in exactly one incident, every
incident's record listing exactly the events linked to it, and the same
incidents as one clean run over the same articles.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from dateline.incidents import update_incidents
from dateline.model import Document
from dateline.pipeline import Coder
from dateline.read import Furniture, read_inputs
from dateline.store import StoredDocument, open_store
from dateline.store.base import CODED

from ..conftest import StoreBackend

INGEST = (sys.executable, "-m", "dateline", "ingest")
# Far more than any run here takes; only a hang reaches it.
RUN_SECONDS = 300

# One attack per month, each in another town: three outlets report each one.
INCIDENTS = [
    ("Mopti", "central Mali", "2024-01-10"),
    ("Tillaberi", "western Niger", "2024-02-14"),
    ("Bunia", "eastern Congo", "2024-03-13"),
    ("Maiduguri", "northeastern Nigeria", "2024-04-10"),
    ("Kismayo", "southern Somalia", "2024-05-15"),
    ("Idlib", "northwestern Syria", "2024-06-12"),
    ("Kidal", "northern Mali", "2024-07-10"),
    ("Beni", "eastern Congo", "2024-08-14"),
]
WORDINGS = [
    "Gunmen attacked a village near {town} in {where} on Monday, killing {n} "
    "civilians, local officials said.",
    "Militants killed {n} civilians in an attack on a village outside {town} in "
    "{where} on Monday, residents said.",
    "At least {n} villagers were killed when armed men raided a settlement near "
    "{town}, {where}, on Monday, a local official told reporters.",
]
REPORTS = len(INCIDENTS) * len(WORDINGS)


def _write_reports(folder: Path, wordings: Iterable[int]) -> Path:
    """One JSON-lines file per report: doc id ``inc<k>-r<w>``, dated by its outlet."""
    folder.mkdir(parents=True)
    for k, (town, where, published) in enumerate(INCIDENTS):
        for w in wordings:
            text = WORDINGS[w].format(town=town, where=where, n=3 + k)
            record = {"id": f"inc{k}-r{w}", "text": text, "published": published}
            (folder / f"inc{k}-r{w}.jsonl").write_text(
                json.dumps(record) + "\n", encoding="utf-8"
            )
    return folder


def _ingest(url: str, *folders: Path) -> subprocess.Popen[str]:
    # One document per transaction: as many turns on the write lock as possible.
    return subprocess.Popen(
        [*INGEST, *map(str, folders), "--db", url, "--batch-size", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str]) -> str:
    """Wait for a run; fail with its stderr unless it succeeded. Returns stderr."""
    _, err = process.communicate(timeout=RUN_SECONDS)
    assert process.returncode == 0, err
    return err


@dataclass(frozen=True)
class Stored:
    events: dict[str, str]  # event id -> doc id
    links: dict[str, str]  # event id -> incident id
    records: dict[str, frozenset[str]]  # incident id -> event ids its record lists

    def incidents(self) -> set[frozenset[str]]:
        """The incidents as sets of event ids (ids may differ between runs)."""
        return set(self.records.values())


def _stored(backend: StoreBackend) -> Stored:
    records = {
        str(incident_id): frozenset(
            r["event_id"] for r in json.loads(str(record))["reports"]
        )
        for incident_id, record in backend.query(
            "SELECT incident_id, record FROM incidents"
        )
    }
    return Stored(
        events={
            str(e): str(d)
            for e, d in backend.query("SELECT event_id, doc_id FROM events")
        },
        links={
            str(e): str(i)
            for e, i in backend.query(
                "SELECT event_id, incident_id FROM incident_links"
            )
        },
        records=records,
    )


def _assert_whole(stored: Stored, clean: set[frozenset[str]]) -> None:
    """Every event in exactly one incident, as a clean run has them."""
    assert set(stored.events.values()) == {
        f"inc{k}-r{w}" for k in range(len(INCIDENTS)) for w in range(len(WORDINGS))
    }, "a document or its events is missing"
    unlinked = set(stored.events) - set(stored.links)
    assert not unlinked, f"{len(unlinked)} events are in no incident"
    listed = [e for events in stored.records.values() for e in events]
    assert len(listed) == len(set(listed)), "an event is listed by two incidents"
    for incident_id, events in stored.records.items():
        linked = {e for e, i in stored.links.items() if i == incident_id}
        assert events == linked, (
            f"incident {incident_id} lists {len(events)} reports, "
            f"{len(linked)} are linked to it"
        )
    assert stored.incidents() == clean


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> set[frozenset[str]]:
    """The incidents of one clean run over every report, on SQLite."""
    root = tmp_path_factory.mktemp("clean")
    db = root / "clean.db"
    _finish(_ingest(str(db), _write_reports(root / "all", range(len(WORDINGS)))))
    stored = _stored(StoreBackend("sqlite", str(db), sqlite3.IntegrityError, str(db)))
    by_doc = {
        frozenset(stored.events[e].split("-")[0] for e in events)
        for events in stored.incidents()
    }
    # The articles are written so that the merge has one right answer: each
    # attack's three reports, and nothing else, in one incident.
    assert by_doc == {frozenset([f"inc{k}"]) for k in range(len(INCIDENTS))}
    assert all(len(events) == len(WORDINGS) for events in stored.incidents())
    return stored.incidents()


def test_two_concurrent_ingests_of_overlapping_folders_lose_nothing(
    store_backend: StoreBackend, tmp_path: Path, clean: set[frozenset[str]]
) -> None:
    # Both start on a store that does not exist yet: both make the schema.
    first = _write_reports(tmp_path / "first", [0, 1])
    second = _write_reports(tmp_path / "second", [1, 2])
    runs = [_ingest(store_backend.url, first), _ingest(store_backend.url, second)]
    for run in runs:
        _finish(run)
    _assert_whole(_stored(store_backend), clean)


def _stored_documents(backend: StoreBackend) -> int:
    """Documents committed so far; 0 while the store or its schema is not made."""
    if backend.name == "sqlite":
        if not Path(backend.url).exists():
            return 0
        con = sqlite3.connect(f"file:{backend.url}?mode=ro", uri=True)
        try:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        except sqlite3.OperationalError:
            return 0
        finally:
            con.close()
    import psycopg

    try:
        return int(str(backend.query("SELECT count(*) FROM documents")[0][0]))
    except psycopg.Error:
        return 0


def test_kill_during_ingest_then_the_same_command_finishes_the_job(
    store_backend: StoreBackend, tmp_path: Path, clean: set[frozenset[str]]
) -> None:
    folder = _write_reports(tmp_path / "all", range(len(WORDINGS)))
    run = _ingest(store_backend.url, folder)
    while _stored_documents(store_backend) == 0 and run.poll() is None:
        time.sleep(0.005)
    run.send_signal(signal.SIGKILL)
    run.communicate(timeout=RUN_SECONDS)
    assert run.returncode == -signal.SIGKILL, "the ingest ended before it was killed"
    done = _stored_documents(store_backend)
    assert 0 < done < REPORTS, "the kill did not land mid-ingest"

    err = _finish(_ingest(store_backend.url, folder))
    assert f"{done} already stored" in err
    _assert_whole(_stored(store_backend), clean)


def test_rerun_clusters_events_an_interrupted_run_left_in_no_incident(
    store_backend: StoreBackend,
    tmp_path: Path,
    clean: set[frozenset[str]],
    coder: Coder,
    furniture: Furniture,
) -> None:
    # What an ingest before batches and links shared a transaction could
    # leave: every batch stored, the last two batches never clustered.
    folder = _write_reports(tmp_path / "all", range(len(WORDINGS)))
    documents = [
        d
        for d in read_inputs([str(folder)], furniture, None)
        if isinstance(d, Document)
    ]
    results = list(coder.code_documents(documents))
    store = open_store(store_backend.url)
    run_id = store.add_run("{}")
    left = 0
    for number, result in enumerate(results):
        stored = StoredDocument(document=result.document, status=CODED)
        store.add_batch(run_id, [stored], result.events)
        if number < len(results) - 2:
            update_incidents(store, result.events)
        else:
            left += len(result.events)
    store.close()
    assert left > 0

    err = _finish(_ingest(store_backend.url, folder))
    assert f"{left} stored events were in no incident" in err
    assert f"{REPORTS} already stored" in err
    _assert_whole(_stored(store_backend), clean)

    err = _finish(_ingest(store_backend.url, folder))
    assert "in no incident" not in err, "a clean store was repaired again"


_OPEN_WHEN_TOLD = """
import sys, time
from pathlib import Path
from dateline.store import open_store
db, ready, go = sys.argv[1:]
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
open_store(db).close()
"""
OPENERS = 4


@pytest.mark.parametrize("attempt", range(2))
def test_processes_opening_a_new_file_at_once_all_succeed(
    tmp_path: Path, attempt: int
) -> None:
    db, go = tmp_path / "new.db", tmp_path / "go"
    ready = [tmp_path / f"ready{n}" for n in range(OPENERS)]
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_WHEN_TOLD, str(db), str(flag), str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    # Each has imported the store and waits for the go file, so all open the
    # new file at the same moment.
    while not all(flag.exists() for flag in ready):
        assert all(o.poll() is None for o in openers), "an opener died early"
        time.sleep(0.01)
    go.touch()
    for opener in openers:
        _, err = opener.communicate(timeout=RUN_SECONDS)
        assert opener.returncode == 0, err
    con = sqlite3.connect(db)
    names = [row[0] for row in con.execute("SELECT name FROM schema_migrations")]
    con.close()
    assert len(names) == len(set(names)) > 0
