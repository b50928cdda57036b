"""The listing formats: JSON lines, JSON, CSV, a text table and GeoJSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from dateline.export.records import ExportContext
from dateline.model import Event, to_json_dict

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
