"""Incidents kept in the store: updated after each batch, rebuilt, looked up.

:func:`store_batch` stores a batch and clusters its events into the stored
incidents in one transaction (:func:`update_incidents` is the clustering);
:func:`cluster_unlinked` repairs events an interrupted run left in no incident;
:func:`rebuild_incidents` reclusters everything; :func:`other_reports`
and :func:`lead_events` read incidents back for ``dateline show`` and exports.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.incidents.cluster import Clusterer, build_incident
from dateline.incidents.compare import Profile, profile_of
from dateline.incidents.rules import DAY_SLACK_DAYS, IncidentRules, load_rules
from dateline.model import DocumentSource, Event, Incident, Report

if TYPE_CHECKING:
    from dateline.store.base import EventFilter, Store, StoredDocument

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentUpdate:
    """What an update did: incidents created, events that joined, rows saved."""

    created: int = 0
    joined: int = 0
    saved: int = 0


def update_incidents(
    store: Store, events: Sequence[Event], rules: IncidentRules | None = None
) -> IncidentUpdate:
    """Cluster a batch of stored events into the stored incidents, and save.

    Events already in an incident are skipped, so re-ingest changes nothing.
    Existing incidents keep their ids and reports; new events join them or
    start new ones. Call it inside the transaction of the ``add_batch`` that
    stored the events (:func:`store_batch` does both), so that the batch and
    its links commit together and no other writer changes the incidents read
    here before these are saved.
    """
    rules = rules or load_rules()
    fresh = {e.event_id: e for e in events}
    linked = store.incident_ids_of(list(fresh))
    new = [e for event_id, e in fresh.items() if event_id not in linked]
    if not new:
        return IncidentUpdate()
    sources = store.document_sources(sorted({e.doc_id for e in new}))
    profiles = [profile_of(e, rules, _published(sources, e.doc_id)) for e in new]
    existing = _incidents_near(store, profiles)
    member_ids = [r.event_id for i in existing for r in i.reports]
    members = {e.event_id: e for e in store.events_by_id(member_ids)}
    sources = {
        **store.document_sources(sorted({e.doc_id for e in members.values()})),
        **sources,
    }
    clusterer = Clusterer(rules)
    for incident in existing:
        clusterer.restore(
            incident.incident_id,
            [
                (members[r.event_id], r.reasons)
                for r in incident.reports
                if r.event_id in members
            ],
            sources,
        )
    before = set(clusterer.incident_ids())
    touched = clusterer.add(new, sources)
    records = [build_incident(i, clusterer.members(i), sources, rules) for i in touched]
    saved = store.save_incidents(records)
    created = len(set(touched) - before)
    joined = sum(1 for e in new if clusterer.incident_of(e.event_id) in before)
    logger.info("incidents: %d new, %d events joined existing ones", created, joined)
    return IncidentUpdate(created=created, joined=joined, saved=saved)


def _incidents_near(store: Store, profiles: Sequence[Profile]) -> list[Incident]:
    """The stored incidents new reports may join.

    Those in the reports' date windows, and at the named places of the
    undated ones.
    """
    from dateline.store.base import EventFilter

    dated = [p for p in profiles if p.date_kind not in ("none", "undated")]
    found: dict[str, Incident] = {}
    if dated:
        window = EventFilter(
            since=dt.date.fromordinal(min(p.early for p in dated) - DAY_SLACK_DAYS),
            until=dt.date.fromordinal(max(p.hi for p in dated) + DAY_SLACK_DAYS),
        )
        found.update((i.incident_id, i) for i in store.incidents(window))
    places = [
        p.place
        for p in profiles
        if p.date_kind == "undated" and p.place is not None and p.place.precision <= 2
    ]
    found.update((i.incident_id, i) for i in store.incidents_at(places))
    return sorted(
        found.values(),
        key=lambda i: (
            i.date is None,
            i.date.start.toordinal() if i.date else 0,
            i.incident_id,
        ),
    )


def store_batch(
    store: Store,
    run_id: str,
    documents: Sequence[StoredDocument],
    events: Sequence[Event],
    rules: IncidentRules | None = None,
) -> int:
    """Store a batch and cluster its events into incidents, in one transaction.

    Either the documents, the events and their incident links are all stored
    or none is (a crash mid-batch leaves the batch to be coded again), and
    concurrent writers take turns. Returns the number of events added.
    """
    with store.transaction():
        added = store.add_batch(run_id, documents, events)
        update_incidents(store, events, rules)
    return added


def cluster_unlinked(store: Store, rules: IncidentRules | None = None) -> int:
    """Cluster stored events that are in no incident; return how many there were.

    An ingest stopped between storing a batch and clustering it (possible
    before batches and their links were one transaction) leaves such events,
    and a rerun skips their documents as already stored. Nothing to do after
    clean runs.
    """
    with store.transaction():
        unlinked = store.unlinked_event_ids()
        if unlinked:
            update_incidents(store, store.events_by_id(unlinked), rules)
    if unlinked:
        logger.info("incidents: clustered %d stored events in none", len(unlinked))
    return len(unlinked)


def _published(sources: Mapping[str, DocumentSource], doc_id: str) -> dt.date | None:
    source = sources.get(doc_id)
    return source.published if source else None


def rebuild_incidents(
    store: Store, rules: IncidentRules | None = None
) -> IncidentUpdate:
    """Recluster every stored event from scratch, replacing all incidents.

    For a database ingested before incidents existed. Ids are derived as in
    :func:`update_incidents`, but may differ from those an earlier series of
    batches gave.
    """
    from dateline.store.base import EventFilter

    rules = rules or load_rules()
    # One transaction: an ingest running meanwhile waits, rather than having
    # its new links deleted by the replacement.
    with store.transaction():
        events = store.events(EventFilter())
        sources = store.document_sources(sorted({e.doc_id for e in events}))
        clusterer = Clusterer(rules)
        clusterer.add(events, sources)
        records = [
            build_incident(i, clusterer.members(i), sources, rules)
            for i in clusterer.incident_ids()
        ]
        saved = store.save_incidents(records, replace_all=True)
    return IncidentUpdate(created=len(records), saved=saved)


def other_reports(store: Store, event_id: str) -> list[Report]:
    """Reports of the same incident in other documents, for ``dateline show``."""
    incident_id = store.incident_ids_of([event_id]).get(event_id)
    incident = store.incident(incident_id) if incident_id else None
    if incident is None:
        return []
    own = next((r.doc_id for r in incident.reports if r.event_id == event_id), None)
    return [r for r in incident.reports if r.doc_id != own]


def lead_events(store: Store, filters: EventFilter) -> list[Event]:
    """One event per incident matching the filters, for exports by incident.

    The lead event is the first report giving the incident's best place and
    date. Its figures are its own source's; the incident's ``figures`` hold
    the others.
    """
    incidents = store.incidents(filters)
    events = {
        e.event_id: e
        for e in store.events_by_id([r.event_id for i in incidents for r in i.reports])
    }
    leads = []
    for incident in incidents:
        mine = [events[r.event_id] for r in incident.reports if r.event_id in events]
        if mine:
            leads.append(
                next(
                    (
                        e
                        for e in mine
                        if e.location == incident.place and e.date == incident.date
                    ),
                    mine[0],
                )
            )
    return leads
