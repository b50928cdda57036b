"""The Store protocol every backend implements, and the event filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from dateline.model import Document, DocumentSource, Event, Incident, Place

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
    min_confidence: float | None = None  # the decision stage's confidence, 0-1
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredDocument:
    """A document as stored: the record plus its coding status."""

    document: Document
    status: str
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Box:
    """A map view in degrees: south-west to north-east corners."""

    south: float
    west: float
    north: float
    east: float


class CellGroup(NamedTuple):
    """The events of one grid cell and one type (a row of ``map_groups``)."""

    column: int  # cell index west to east
    row: int  # cell index south to north
    event_type: str
    events: int
    lat_sum: float
    lon_sum: float
    first_event_id: str  # the smallest id: the event itself when count is 1


# A sort value: text, an integer or None (not said).
SortValue = str | int | None


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

    def incidents_at(self, places: Sequence[Place]) -> list[Incident]:
        """Return incidents with a report at one of these places (same key)."""

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

    def version(self) -> int:
        """Return a number that changes whenever events or incidents are written."""

    def count_events(self, filters: EventFilter) -> int:
        """Return how many stored events match the filter."""

    def group_counts(
        self,
        filters: EventFilter,
        columns: Sequence[str],
        *,
        limit: int | None = None,
        among: Mapping[str, Sequence[str | None]] | None = None,
    ) -> list[tuple[Any, ...]]:
        """Count matching events per value of ``columns``, most frequent first.

        A column is a name of ``views.GROUP_COLUMNS`` or a bin of the last day,
        ``week`` (its ISO week's Monday) or ``month`` (its month's first day).
        """

    def day_span(self, filters: EventFilter) -> tuple[str, str] | None:
        """The first and last of the matching events' last days (ISO), if any is dated."""

    def map_groups(
        self, filters: EventFilter, box: Box, cell_degrees: float
    ) -> list[CellGroup]:
        """Count the placed events in ``box`` per grid cell and type."""

    def count_unplaced(self, filters: EventFilter) -> int:
        """Return how many matching events have no coordinates."""

    def events_page(
        self,
        filters: EventFilter,
        *,
        sort: str = "date",
        descending: bool = False,
        after: tuple[SortValue, str] | None = None,
        limit: int = 100,
    ) -> list[Event]:
        """Return one page of matching events in ``sort`` order, then by id."""
