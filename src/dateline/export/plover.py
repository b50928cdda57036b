"""PLOVER JSON lines in the PLOVER specification's fields."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from dateline.export.acled import admin1_name
from dateline.export.records import (
    ExportContext,
    ExportReport,
    dateline_version,
    require_resources,
    type_mode,
)
from dateline.model import Actor, Event, Place
from dateline.resources import Resources

PLOVER_CODEBOOK = "PLOVER"
PLOVER_COUNTRY_CODES = {"XKX": "KOS"}
# PLOVER's event_loc resolution: 4 a city, 2 a province, 1 a country.
PLOVER_RESOLUTION = {"country": 1, "admin1": 2, "region": 2}


def plover_record(event: Event, context: ExportContext) -> dict[str, object]:
    """An event as one PLOVER record: the specification's field names.

    Fields PLOVER lacks (who the text credits, how sure, the confidence) are
    added under dateline's own names, which the specification allows.
    """
    resources = require_resources(context, "plover")
    doc = context.documents.get(event.doc_id)
    etype = resources.ontology.get(event.event_type)
    date = event.date
    record: dict[str, object] = {
        "id": event.event_id,
        "has_event": not event.negated,
        "date": date.start.isoformat() if date else None,
        "actor": [_plover_entity(event.actor, resources)] if event.actor else [],
        "recipient": [_plover_entity(event.target, resources)] if event.target else [],
        "event": [event.event_type],
        "mode": [event.mode] if event.mode else [],
        # PLOVER's auxiliary mode for a negated event goes in context.
        "context": ["negation"] if event.negated else [],
        "event_text": [event.evidence.text],
        "quad_code": etype.quad_class if etype else None,
        "text_info": {"start": event.evidence.start, "end": event.evidence.end},
        "size": {"dead": event.fatalities, "injured": event.injured},
        "coder": f"dateline {dateline_version()}",
        "doc_id": event.doc_id,
        "language": event.language,
        "attributed_to": event.attributed_to,
        "certainty": event.certainty,
        "confidence": event.confidence,
        "flags": list(event.flags),
    }
    if date is not None and date.end != date.start:
        record["enddate"] = date.end.isoformat()
    if event.location is not None:
        record["event_loc"] = _plover_location(event.location, resources)
    if doc is not None:
        record["cite_info"] = {
            key: value
            for key, value in {
                "url": doc.url,
                "title": doc.title,
                "language": doc.language,
                "publication": doc.outlet,
                "coder": f"dateline {dateline_version()}",
                "codebook": PLOVER_CODEBOOK,
            }.items()
            if value is not None
        }
    return record


def _plover_entity(actor: Actor, resources: Resources) -> dict[str, object]:
    sector = resources.sectors.get(actor.sector or "", {})
    code = (
        PLOVER_COUNTRY_CODES.get(actor.country, actor.country)
        if actor.country
        else sector.get("plover_code")
    )
    entity: dict[str, object] = {
        "code": code,
        "sector": sector.get("plover_sector"),
        "entity_text": actor.text,
        "identifier_text": actor.name,
    }
    if actor.actor_id:
        entity["dateline_actor_id"] = actor.actor_id
    return entity


def _plover_location(loc: Place, resources: Resources) -> dict[str, object]:
    country = resources.countries.get(loc.country) if loc.country else None
    return {
        "extracted_place": loc.text,
        "resolved_place": loc.name,
        "geonameid": loc.geonameid,
        "lat": loc.lat,
        "lon": loc.lon,
        "province": admin1_name(loc),
        "country": country.name if country else None,
        "country_code": PLOVER_COUNTRY_CODES.get(loc.country, loc.country)
        if loc.country
        else None,
        "resolution": PLOVER_RESOLUTION.get(loc.kind or "", 4),
    }


def write_plover(
    events: Sequence[Event], out: TextIO, context: ExportContext
) -> ExportReport:
    """PLOVER JSON lines: one record a line in the specification's fields.

    PLOVER requires a date; an event without one is left out and counted.
    """
    written = 0
    left_out: Counter[str] = Counter()
    for event in events:
        if event.date is None:
            left_out[type_mode(event)] += 1
            continue
        record = plover_record(event, context)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return ExportReport(
        written=written,
        left_out=tuple(sorted(left_out.items())),
        reason="PLOVER requires a date and these events have none",
    )
