"""The Store protocol every backend implements, and the event filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from dateline.model import Document, DocumentSource, Event, Incident

# Document status values kept in the store.
CODED = "coded"
NOT_CODED = "not_coded"
FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """What ``dateline events`` and ``/api/events`` filter on; None is no filter."""

    event_type: str | None = None
    mode: str | None = None
    actor: str | None = None  # substring of the initiator's or recipient's name
    country: str | None = None  # ISO3 of where it happened
    since: dt.date | None = None
    until: dt.date | None = None
    certainty: str | None = None
    source: str | None = None  # substring of attributed_to
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredDocument:
    """A document as stored: the record plus its coding status."""

    document: Document
    status: str
    note: str | None = None


class Store(Protocol):
    """A place to keep documents and events; SQLite or PostgreSQL."""

    def transaction(self) -> AbstractContextManager[object]:
        """One write transaction holding the store's write lock until it ends.

        Writes made inside (``add_batch``, ``save_incidents``) commit together
        or not at all, and other writers wait meanwhile, so what is read inside
        is still true at commit.
        """

    def add_run(self, settings: str) -> str:
        """Record a run and return its id."""

    def known_documents(self, ids: Sequence[str]) -> set[str]:
        """Return the ids among ``ids`` already stored."""

    def add_batch(
        self, run_id: str, documents: Sequence[StoredDocument], events: Sequence[Event]
    ) -> int:
        """Store documents and their events in one transaction; return events added."""

    def events(self, filters: EventFilter) -> list[Event]:
        """Return stored events matching the filter, by date then id."""

    def event(self, event_id: str) -> Event | None:
        """Return one event, or None."""

    def document(self, doc_id: str) -> StoredDocument | None:
        """Return one stored document, or None."""

    def counts(self) -> dict[str, int]:
        """Return row counts: documents, events, actors, places."""

    def close(self) -> None:
        """Close the connection."""

    def save_incidents(
        self, incidents: Sequence[Incident], *, replace_all: bool = False
    ) -> int:
        """Store incidents and their links in one transaction; return incidents written."""

    def incidents(self, filters: EventFilter) -> list[Incident]:
        """Return incidents with at least one report matching the filter, by date."""

    def incident(self, incident_id: str) -> Incident | None:
        """Return one incident, or None."""

    def incident_ids_of(self, event_ids: Sequence[str]) -> dict[str, str]:
        """Return event id -> incident id for the events already in an incident."""

    def unlinked_event_ids(self) -> list[str]:
        """Return the ids of stored events in no incident, in id order."""

    def events_by_id(self, event_ids: Sequence[str]) -> list[Event]:
        """Return the stored events among ``event_ids``, in the order given."""

    def document_sources(self, doc_ids: Sequence[str]) -> dict[str, DocumentSource]:
        """Return outlet, URL and publication date of the stored documents given."""
