"""A batch with every kind of bad input beside good articles, as users send them.

Every good document is stored once, every bad input is named on stderr with
its reason, nothing hangs, and the summary line adds up.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dateline.settings import MAX_INPUT_BYTES

# Far more than ingesting a dozen short articles takes; a FIFO that is opened
# blocks forever, so a hang shows up as this timeout.
INGEST_SECONDS = 300
INGEST = (sys.executable, "-m", "dateline", "ingest")

ARTICLE = (
    "Gunmen attacked a village near Mopti in central Mali on Monday, killing "
    "three civilians, local officials said. The army sent reinforcements."
)
PAGE = (
    "<!doctype html><html><head><title>Clashes in Niger</title></head><body>"
    "<article><h1>Clashes in Niger</h1><p>Soldiers clashed with militants near "
    "Tillaberi in western Niger on Tuesday, the defence ministry said. Two "
    "soldiers were wounded in the fighting, according to the statement.</p>"
    "</article></body></html>"
)
LINE_ONE = (
    "Protesters rallied in Nairobi on Wednesday against rising fuel prices, "
    "and police fired tear gas to disperse them, witnesses said."
)
LINE_TWO = (
    "An air strike hit a market in northern Yemen on Thursday, killing five "
    "people, according to medics at a nearby hospital."
)
LINE_HTML = (
    "<p>Rebels seized the town of Bunagana in eastern Congo on Friday after "
    "heavy fighting with the army, residents said.</p>"
)


@dataclass(frozen=True)
class Batch:
    folder: Path
    good: dict[str, str]  # document id (or file name) -> a phrase of its text
    bad: dict[str, str]  # what stderr names -> a phrase of the reason


def _good_and_bad(folder: Path) -> Batch:
    folder.mkdir()
    good: dict[str, str] = {}
    bad: dict[str, str] = {}

    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    good["article.txt"] = "near Mopti"
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    good["page.html"] = "near Tillaberi"
    lines = [
        json.dumps({"id": "line-one", "text": LINE_ONE}),
        "{broken json",
        json.dumps({"id": "line-two", "text": LINE_TWO}),
        # Another article under an id already used: never merged into it.
        json.dumps({"id": "line-one", "text": LINE_TWO + " More followed."}),
        json.dumps({"id": "line-html", "html": LINE_HTML}),
        json.dumps({"id": "no-text", "title": "a title and nothing else"}),
    ]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    good["line-one"] = "Nairobi"
    good["line-two"] = "northern Yemen"
    good["line-html"] = "Bunagana"
    bad["wire.jsonl:2"] = "not a document"
    bad["wire.jsonl:4"] = "duplicate id 'line-one', already used by"
    bad["wire.jsonl:6"] = "no 'text' or 'html'"

    (folder / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    bad["copy.txt"] = "same document as"
    (folder / "binary.bin").write_bytes(b"\x00\x01\x02\xff" * 64)
    bad["binary.bin"] = "binary file"
    (folder / "empty.txt").write_bytes(b"")
    bad["empty.txt"] = "empty"
    (folder / "latin1.txt").write_bytes("Soldats tués à Ménaka.".encode("latin-1"))
    bad["latin1.txt"] = "not UTF-8"
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: no disk used
    bad["huge.txt"] = "larger than"
    os.mkfifo(folder / "pipe")
    bad["pipe"] = "named pipe (FIFO)"
    os.symlink("loop", folder / "loop")
    bad["loop"] = "symlink loop"
    os.symlink("missing.txt", folder / "dangling.txt")
    bad["dangling.txt"] = "dangling symlink"
    (folder / ".hidden.txt").write_text(ARTICLE + " Hidden.", encoding="utf-8")
    bad[".hidden.txt"] = "hidden file"
    sub = folder / "sub"
    sub.mkdir()
    os.symlink("..", sub / "up")
    bad["up"] = "link to a folder, not followed"
    # A socket, where the path is short enough to bind one (108 bytes on Linux).
    sock_path = folder / "sock"
    if len(os.fsencode(sock_path)) < 100:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(sock_path))
        server.close()
        bad["sock"] = "socket"
    return Batch(folder, good, bad)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Batch, Path, str]:
    root = tmp_path_factory.mktemp("bad")
    batch = _good_and_bad(root / "batch")
    db = root / "bad.db"
    try:
        done = subprocess.run(
            [*INGEST, str(batch.folder), "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=INGEST_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"dateline ingest hung on the bad batch ({INGEST_SECONDS} s)")
    assert done.returncode == 0, done.stderr
    return batch, db, done.stderr


def test_every_good_document_is_stored_once(ingested):
    batch, db, stderr = ingested
    con = sqlite3.connect(db)
    rows = con.execute("SELECT id, path, text FROM documents").fetchall()
    assert len(rows) == len(batch.good), (
        f"expected {len(batch.good)} documents, stored {[r[:2] for r in rows]}"
    )
    for name, phrase in batch.good.items():
        found = [r for r in rows if r[0] == name or (r[1] or "").endswith(f"/{name}")]
        assert len(found) == 1, f"{name} stored {len(found)} times\n{stderr}"
        assert phrase in found[0][2], f"{name} is stored with another text"


def test_every_bad_input_is_named_with_its_reason(ingested):
    batch, _, stderr = ingested
    lines = stderr.splitlines()
    for name, reason in batch.bad.items():
        named = [line for line in lines if f"/{name}: " in line]
        assert named, f"{name} is not named on stderr:\n{stderr}"
        assert any(reason in line for line in named), (
            f"{name} is named without its reason ({reason!r}): {named}"
        )


def test_the_summary_line_adds_up(ingested):
    batch, _, stderr = ingested
    summary = stderr.strip().splitlines()[-1]
    counts = re.match(
        r"(\d+) documents coded, (\d+) not coded, (\d+) skipped, "
        r"(\d+) already stored; \d+ events added",
        summary,
    )
    assert counts, f"no summary line: {summary!r}"
    coded, not_coded, skipped, stored = (int(n) for n in counts.groups())
    assert coded + not_coded == len(batch.good), summary
    assert skipped == len(batch.bad), summary
    assert stored == 0, summary


def test_a_fifo_named_on_the_command_line_is_refused_not_opened(tmp_path):
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "dateline", "extract", str(fifo)],
            capture_output=True,
            text=True,
            timeout=INGEST_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("dateline extract opened the FIFO and waited for a writer")
    assert done.returncode == 1, "a run with nothing readable must exit 1"
    assert f"skipped {fifo}: named pipe (FIFO)" in done.stderr, done.stderr
