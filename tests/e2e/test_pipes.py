"""`dateline ... | head`: a reader that stops early is not an error."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from dateline.store import open_store

from ..conftest import formula_records

# Far more than a pipe's buffer (64 KiB on Linux) holds, so the writer is still
# writing when the reader goes away.
MANY_EVENTS = 3000
WAIT_SECONDS = 120


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("pipes") / "big.db"
    store = open_store(str(db))
    stored, event = formula_records()
    events = [replace(event, event_id=f"{n:016x}") for n in range(MANY_EVENTS)]
    store.add_batch(store.add_run("{}"), [stored], events)
    store.close()
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["events", "--format", "jsonl"],
        ["events", "--format", "table"],
        ["events", "--format", "csv"],
        ["export", "--format", "acled"],
        ["export", "--format", "plover"],
        ["export", "--format", "geojson"],
    ],
    ids=lambda c: " ".join(c),
)
def test_a_reader_that_stops_early_gets_no_error(command, big_db):
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline", *command, "--db", str(big_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does once it has its line
    try:
        proc.wait(timeout=WAIT_SECONDS)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"dateline {' '.join(command)} hung after its reader left")
    errors = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert first, "nothing was written before the reader left"
    assert "Error" not in errors and "Traceback" not in errors, (
        f"`dateline {' '.join(command)} | head -1` printed:\n{errors}"
    )
