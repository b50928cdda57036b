"""Exporters by name: jsonl, json, csv, table, acled, plover, geojson.

Each exporter writes a sequence of events to a text stream. ``EXPORTERS`` is the
one registry; ``--format`` choices come from it.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from dateline.model import Document, Event, to_json_dict
from dateline.resources import Resources

logger = logging.getLogger(__name__)

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
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FLAT_COLUMNS = (
    "event_id",
    "doc_id",
    "event_type",
    "mode",
    "actor",
    "actor_country",
    "target",
    "target_country",
    "location",
    "country",
    "admin1",
    "lat",
    "lon",
    "precision",
    "date_start",
    "date_end",
    "fatalities",
    "injured",
    "attributed_to",
    "certainty",
    "negated",
    "flags",
    "evidence",
)


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What exporters may need beyond the events: the data and the documents."""

    resources: Resources | None = None
    documents: dict[str, Document] = field(default_factory=dict)


Exporter = Callable[[Sequence[Event], TextIO, ExportContext], None]


def write_jsonl(events: Sequence[Event], out: TextIO, context: ExportContext) -> None:
    """One event JSON per line."""
    for event in events:
        out.write(json.dumps(to_json_dict(event), ensure_ascii=False) + "\n")


def write_json(events: Sequence[Event], out: TextIO, context: ExportContext) -> None:
    """A JSON array of events."""
    json.dump([to_json_dict(e) for e in events], out, ensure_ascii=False, indent=2)
    out.write("\n")


def flat_row(event: Event) -> dict[str, object]:
    """One flat row of an event, for CSV, tables and DataFrames."""
    loc = event.location
    return {
        "event_id": event.event_id,
        "doc_id": event.doc_id,
        "event_type": event.event_type,
        "mode": event.mode,
        "actor": event.actor.name if event.actor else None,
        "actor_country": event.actor.country if event.actor else None,
        "target": event.target.name if event.target else None,
        "target_country": event.target.country if event.target else None,
        "location": loc.name if loc else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "precision": loc.precision if loc else None,
        "date_start": event.date.start.isoformat() if event.date else None,
        "date_end": event.date.end.isoformat() if event.date else None,
        "fatalities": event.fatalities,
        "injured": event.injured,
        "attributed_to": event.attributed_to,
        "certainty": event.certainty,
        "negated": event.negated,
        "flags": ";".join(event.flags),
        "evidence": event.evidence.text,
    }


def guard_formula(value: object) -> object:
    """A cell a spreadsheet shows as text: a leading quote before a formula start.

    Numbers are left alone (a negative longitude stays a number); only strings
    starting with one of ``FORMULA_PREFIXES`` change.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv_rows(
    out: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, object]]
) -> None:
    """Write CSV with a header, every cell through the formula guard."""
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: guard_formula(value) for key, value in row.items()})


def write_csv(events: Sequence[Event], out: TextIO, context: ExportContext) -> None:
    """Flat CSV, one event a row."""
    write_csv_rows(out, FLAT_COLUMNS, (flat_row(e) for e in events))


def write_table(events: Sequence[Event], out: TextIO, context: ExportContext) -> None:
    """A fixed-width table for reading on a terminal."""
    columns = (
        "event_id",
        "date_start",
        "event_type",
        "mode",
        "actor",
        "target",
        "location",
        "fatalities",
        "certainty",
        "attributed_to",
    )
    rows = [[_cell(flat_row(e)[c]) for c in columns] for e in events]
    widths = [max([len(c), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    widths = [min(w, 32) for w in widths]
    out.write(
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
        + "\n"
    )
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        out.write(
            "  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            + "\n"
        )


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def acled_row(event: Event, context: ExportContext) -> dict[str, object]:
    """An event in ACLED's columns, mapped through the ontology and sectors."""
    resources = context.resources
    acled_type = acled_sub = None
    inter1 = inter2 = None
    country_name = None
    if resources is not None:
        etype = resources.ontology.get(event.event_type)
        mode = resources.mode_def(event.event_type, event.mode)
        mapping = (mode.acled if mode and mode.acled else None) or (
            etype.acled if etype else None
        )
        if mapping:
            acled_type = mapping.get("event_type")
            acled_sub = mapping.get("sub_event_type")
        inter1 = _inter(event.actor.sector if event.actor else None, resources)
        inter2 = _inter(event.target.sector if event.target else None, resources)
        loc_country = event.location.country if event.location else None
        if loc_country and loc_country in resources.countries:
            country_name = resources.countries[loc_country].name
    loc = event.location
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
        "disorder_type": None,
        "event_type": acled_type,
        "sub_event_type": acled_sub,
        "actor1": event.actor.name if event.actor else None,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": event.target.name if event.target else None,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": int(f"{inter1}{inter2 or 0}") if inter1 else None,
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else None,
        "iso": loc.country if loc else None,
        "region": None,
        "country": country_name,
        "admin1": loc.admin1 if loc else None,
        "admin2": None,
        "admin3": None,
        "location": loc.name if loc else None,
        "latitude": loc.lat if loc else None,
        "longitude": loc.lon if loc else None,
        "geo_precision": loc.precision if loc else None,
        "source": event.attributed_to or (doc.outlet if doc else None),
        "source_scale": None,
        "notes": notes,
        "fatalities": event.fatalities or 0,
        "tags": ";".join(event.flags) or None,
        "timestamp": None,
    }


def _inter(sector: str | None, resources: Resources) -> int | None:
    if sector is None:
        return None
    entry = resources.sectors.get(sector)
    return int(entry["acled_inter"]) if entry else None


def write_acled(events: Sequence[Event], out: TextIO, context: ExportContext) -> None:
    """ACLED-style CSV with ACLED's column names."""
    write_csv_rows(out, ACLED_COLUMNS, (acled_row(e, context) for e in events))


def write_plover(events: Sequence[Event], out: TextIO, context: ExportContext) -> None:
    """PLOVER-style JSON: the event records under a ``data`` list with the ontology used."""
    payload = {
        "ontology": "PLOVER",
        "count": len(events),
        "data": [to_json_dict(e) for e in events],
    }
    json.dump(payload, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_geojson(events: Sequence[Event], out: TextIO, context: ExportContext) -> None:
    """A GeoJSON FeatureCollection of the events that have coordinates."""
    features = []
    for event in events:
        loc = event.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        props = to_json_dict(event)
        features.append(
            {
                "type": "Feature",
                "id": event.event_id,
                "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                "properties": props,
            }
        )
    json.dump(
        {"type": "FeatureCollection", "features": features}, out, ensure_ascii=False
    )
    out.write("\n")


EXPORTERS: dict[str, Exporter] = {
    "jsonl": write_jsonl,
    "json": write_json,
    "csv": write_csv,
    "table": write_table,
    "acled": write_acled,
    "plover": write_plover,
    "geojson": write_geojson,
}
# The formats `extract` and `events` print; `export` takes all of them.
LISTING_FORMATS = ("jsonl", "json", "csv", "table")


def write_events(
    fmt: str, events: Sequence[Event], out: TextIO, context: ExportContext | None = None
) -> None:
    """Write events in the named format; ``fmt`` is a key of ``EXPORTERS``."""
    exporter: Exporter = EXPORTERS[fmt]
    exporter(events, out, context or ExportContext())
