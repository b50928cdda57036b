"""ACLED CSV by ACLED's codebook: its event and sub-event types, actors and columns."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from dateline.export.listing import write_csv_rows
from dateline.export.records import (
    ExportContext,
    ExportReport,
    require_resources,
    type_mode,
)
from dateline.model import Actor, Document, Event, Place
from dateline.resources import Resources

# ACLED's column names, in the order of its export files.
# source: https://acleddata.com/knowledge-base/codebook/ (Data columns)
ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# A spreadsheet (Excel, LibreOffice, Google Sheets) runs a cell that starts with
# one of these as a formula; OWASP's rule is to prefix such a cell with a single
# quote, which every one of them shows as text. Article text is untrusted, so
# every string cell of every CSV export goes through this guard.
# source: https://owasp.org/www-community/attacks/CSV_Injection


# ACLED's inter code for civilians: an event whose recipient has it is coded as
# civilian targeting (codebook, "Civilian targeting").
# source: https://acleddata.com/knowledge-base/codebook/
ACLED_CIVILIANS = 7


def acled_mapping(event: Event, resources: Resources) -> dict[str, str] | None:
    """ACLED's event type and sub-event type of an event; None if ACLED omits it.

    The mode's mapping when the ontology defines the mode (``acled: null`` there
    means ACLED does not record such events), else the type's. A recipient of
    ACLED's civilian sector takes the ``acled_civilians`` mapping where there is
    one.
    """
    etype = resources.ontology.get(event.event_type)
    if etype is None:
        return None
    civilians = _inter(event.target, resources) == ACLED_CIVILIANS
    mode = resources.mode_def(event.event_type, event.mode)
    if mode is not None:
        if civilians and mode.acled_civilians and mode.acled:
            return mode.acled_civilians
        return mode.acled
    if civilians and etype.acled_civilians and etype.acled:
        return etype.acled_civilians
    return etype.acled


def acled_row(event: Event, context: ExportContext) -> dict[str, object] | None:
    """An event in ACLED's columns, or None for an event ACLED does not record."""
    resources = require_resources(context, "acled")
    mapping = acled_mapping(event, resources)
    if mapping is None:
        return None
    acled_type = mapping["event_type"]
    acled_sub = mapping["sub_event_type"]
    codebook = resources.acled
    inter1 = _inter(event.actor, resources)
    inter2 = _inter(event.target, resources)
    loc = event.location
    country = codebook.countries.get(loc.country) if loc and loc.country else None
    doc = context.documents.get(event.doc_id)
    date = event.date
    span_days = (date.end - date.start).days if date else 0
    notes = event.evidence.text.strip()
    if event.attributed_to:
        notes += f" [according to {event.attributed_to}; {event.certainty}]"
    return {
        "event_id_cnty": f"{(loc.country if loc and loc.country else 'XXX')}{event.event_id}",
        "event_date": date.end.isoformat() if date else None,
        "year": date.end.year if date else None,
        "time_precision": None
        if date is None
        else 3
        if date.precision == "publication"
        else 1
        if span_days == 0
        else 2
        if span_days <= 7
        else 3,
        "disorder_type": codebook.disorder_types[(acled_type, acled_sub)],
        "event_type": acled_type,
        "sub_event_type": acled_sub,
        "actor1": event.actor.name if event.actor else None,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": event.target.name if event.target else None,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2, codebook.interactions),
        "civilian_targeting": "Civilian targeting"
        if inter2 == ACLED_CIVILIANS
        else None,
        "iso": country.iso_numeric if country else None,
        "region": country.region if country else None,
        "country": country.country if country else None,
        "admin1": admin1_name(loc),
        "admin2": None,
        "admin3": None,
        "location": loc.name if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.precision if loc else None,
        # ACLED's source is the publication; whom it credits is in the notes.
        "source": (doc.outlet if doc else None) or event.attributed_to,
        "source_scale": _source_scale(doc, loc, resources),
        "notes": notes,
        "fatalities": event.fatalities or 0,
        "tags": ";".join(event.flags) or None,
        "timestamp": context.timestamp,
    }


def _inter(actor: Actor | None, resources: Resources) -> int | None:
    if actor is None or actor.sector is None:
        return None
    entry = resources.sectors.get(actor.sector)
    return int(entry["acled_inter"]) if entry else None


def _interaction(
    inter1: int | None, inter2: int | None, allowed: frozenset[int]
) -> int | None:
    """ACLED's interaction: the two inter codes, lower first; one actor: code x 10."""
    if inter1 is None and inter2 is None:
        return None
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    value = codes[0] * 10 + (codes[1] if len(codes) == 2 else 0)
    return value if value in allowed else None


def admin1_name(loc: Place | None) -> str | None:
    """The admin1 name of a place (the resolver gives names, never codes)."""
    if loc is None:
        return None
    if loc.kind == "admin1":
        return loc.name
    return loc.admin1


def _source_scale(
    doc: Document | None, loc: Place | None, resources: Resources
) -> str | None:
    """National for an outlet of the event's country, else International.

    Only outlets in the actor dictionary (sector media) have a known country;
    any other outlet's scale is unknown and left empty.
    """
    if doc is None or not doc.outlet:
        return None
    outlet = resources.media_outlet(doc.outlet)
    if outlet is None:
        return None
    if loc is not None and outlet.country is not None and outlet.country == loc.country:
        return "National"
    return "International"


def write_acled(
    events: Sequence[Event], out: TextIO, context: ExportContext
) -> ExportReport:
    """ACLED CSV with ACLED's columns; events ACLED does not record are left out."""
    rows: list[dict[str, object]] = []
    left_out: Counter[str] = Counter()
    for event in events:
        row = acled_row(event, context)
        if row is None:
            left_out[type_mode(event)] += 1
        else:
            rows.append(row)
    write_csv_rows(out, ACLED_COLUMNS, rows)
    return ExportReport(
        written=len(rows),
        left_out=tuple(sorted(left_out.items())),
        reason="ACLED does not record these event types",
    )
