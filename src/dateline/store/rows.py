"""Our records as SQL rows, and event filters as WHERE clauses (both backends)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from dateline.model import Actor, Event, Incident, Place, make_id, to_json_dict
from dateline.store.base import EventFilter, StoredDocument


def now_iso() -> str:
    """The time now, UTC, to the second, as stored."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def document_row(stored: StoredDocument, run_id: str, now: str) -> tuple[Any, ...]:
    """A stored document as a documents row."""
    d = stored.document
    return (
        d.id,
        d.url,
        d.title,
        d.outlet,
        d.author,
        d.published.isoformat() if d.published else None,
        d.published_from,
        d.language,
        d.path,
        d.text,
        stored.status,
        stored.note,
        run_id,
        now,
    )


def actor_key(actor: Actor) -> str:
    """The key an actor is stored under: its dictionary id, or a hash of its name."""
    return actor.actor_id or "text:" + make_id(actor.name.casefold())


def actor_row(actor: Actor) -> tuple[Any, ...]:
    """An actor as an actors row."""
    return (actor_key(actor), actor.actor_id, actor.name, actor.country, actor.sector)


def place_key(place: Place) -> str:
    """The key a place is stored under."""
    if place.geonameid:
        return f"g:{place.geonameid}"
    if place.place_id:
        return f"p:{place.place_id}"
    return "n:" + make_id(place.name, place.country, place.lat, place.lon)


def place_row(place: Place) -> tuple[Any, ...]:
    """A place as a places row."""
    return (
        place_key(place),
        place.name,
        place.country,
        place.admin1,
        place.lat,
        place.lon,
        place.geonameid,
        place.place_id,
        place.kind,
    )


# The events table's columns in the order event_row gives them.
EVENT_COLUMNS = (
    "event_id",
    "doc_id",
    "run_id",
    "event_type",
    "mode",
    "actor_key",
    "actor_name",
    "actor_country",
    "target_key",
    "target_name",
    "target_country",
    "place_key",
    "location_name",
    "country",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "date_start",
    "date_end",
    "fatalities",
    "injured",
    "attributed_to",
    "certainty",
    "negated",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "record",
    "date_precision",  # migration 0005
    "attributed_to_id",  # migration 0004
    "confidence",  # migration 0007
)


def event_row(e: Event, run_id: str) -> tuple[Any, ...]:
    """An event as an events row, its full JSON in one column."""
    loc = e.location
    return (
        e.event_id,
        e.doc_id,
        run_id,
        e.event_type,
        e.mode,
        actor_key(e.actor) if e.actor else None,
        e.actor.name if e.actor else None,
        e.actor.country if e.actor else None,
        actor_key(e.target) if e.target else None,
        e.target.name if e.target else None,
        e.target.country if e.target else None,
        place_key(loc) if loc else None,
        loc.name if loc else None,
        loc.country if loc else None,
        loc.admin1 if loc else None,
        loc.lat if loc else None,
        loc.lon if loc else None,
        loc.precision if loc else None,
        e.date.start.isoformat() if e.date else None,
        e.date.end.isoformat() if e.date else None,
        e.fatalities,
        e.injured,
        e.attributed_to,
        e.certainty,
        int(e.negated),
        e.evidence.start,
        e.evidence.end,
        e.evidence.text,
        json.dumps(to_json_dict(e), ensure_ascii=False),
        e.date.precision if e.date else None,
        e.attributed_to_id,
        e.confidence,
    )


def incident_row(incident: Incident, now: str) -> tuple[Any, ...]:
    """An incident as an incidents row."""
    date = incident.date
    return (
        incident.incident_id,
        incident.event_type,
        incident.family,
        incident.country,
        date.start.isoformat() if date else None,
        date.end.isoformat() if date else None,
        incident.sources.documents,
        incident.sources.outlets,
        incident.sources.credited,
        json.dumps(to_json_dict(incident), ensure_ascii=False),
        now,
    )


def like_pattern(text: str) -> str:
    """A LIKE pattern for "contains this text", any case, wildcards taken literally.

    ``%`` and ``_`` in a filter are characters of a name, not wildcards: each is
    escaped with a backslash (the ESCAPE clause of the query), as is the
    backslash itself. Same on SQLite and PostgreSQL.
    """
    literal = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal}%"


def where_clause(f: EventFilter) -> tuple[list[str], list[Any]]:
    """An event filter as WHERE conditions and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if f.event_type:
        where.append("event_type = ?")
        params.append(f.event_type.upper())
    if f.mode:
        where.append("mode = ?")
        params.append(f.mode)
    if f.actor:
        where.append(
            "(lower(actor_name) LIKE ? ESCAPE '\\' "
            "OR lower(target_name) LIKE ? ESCAPE '\\')"
        )
        params.extend([like_pattern(f.actor)] * 2)
    if f.country:
        where.append("country = ?")
        params.append(f.country.upper())
    if f.since:
        where.append("date_end >= ?")
        params.append(f.since.isoformat())
    if f.until:
        where.append("date_start <= ?")
        params.append(f.until.isoformat())
    if f.certainty:
        where.append("certainty = ?")
        params.append(f.certainty)
    if f.source:
        where.append("lower(attributed_to) LIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.source))
    if f.min_confidence is not None:
        where.append("confidence >= ?")
        params.append(f.min_confidence)
    if f.doc_id:
        where.append("doc_id = ?")
        params.append(f.doc_id)
    return where, params
