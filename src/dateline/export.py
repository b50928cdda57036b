"""Exporters by name: jsonl, json, csv, table, acled, plover, cameo, geojson.

Each exporter writes a sequence of events to a text stream. ``EXPORTERS`` is the
one registry; ``--format`` choices come from it.
"""

from __future__ import annotations

import csv
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from dateline.errors import DatelineError
from dateline.model import Actor, Document, Event, Place, to_json_dict
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
    # Unix time written in ACLED's `timestamp` column: when the rows were
    # written out (ACLED's is when a row was last uploaded).
    timestamp: int = field(default_factory=lambda: int(time.time()))


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportReport:
    """What an export wrote, and the events it left out, counted by type/mode."""

    written: int
    left_out: tuple[tuple[str, int], ...] = ()
    reason: str | None = None  # why the left-out events were left out

    @property
    def left_out_count(self) -> int:
        """How many events were left out."""
        return sum(n for _, n in self.left_out)

    def describe_left_out(self, fmt: str) -> str | None:
        """One line for stderr naming what was left out, or None."""
        if not self.left_out:
            return None
        kinds = ", ".join(f"{name} {n}" for name, n in self.left_out)
        return (
            f"{self.left_out_count} events left out of the {fmt} export "
            f"({self.reason}): {kinds}"
        )


Exporter = Callable[[Sequence[Event], TextIO, ExportContext], ExportReport | None]


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
    resources = _require(context, "acled")
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
        "admin1": _admin1_name(loc),
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


def _require(context: ExportContext, fmt: str) -> Resources:
    if context.resources is None:
        raise DatelineError(
            f"the {fmt} export maps through the ontology: "
            "pass ExportContext(resources=load_resources(Settings()))"
        )
    return context.resources


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


def _admin1_name(loc: Place | None) -> str | None:
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
            left_out[_type_mode(event)] += 1
        else:
            rows.append(row)
    write_csv_rows(out, ACLED_COLUMNS, rows)
    return ExportReport(
        written=len(rows),
        left_out=tuple(sorted(left_out.items())),
        reason="ACLED does not record these event types",
    )


def _type_mode(event: Event) -> str:
    return f"{event.event_type}/{event.mode}" if event.mode else event.event_type


# PLOVER's codebook name for cite_info, and its country code for Kosovo, which
# has no ISO code (PLOVER manual, "Country names": "we use KOS").
# source: https://github.com/openeventdata/PLOVER/blob/master/PLOVER_MANUAL.tex
PLOVER_CODEBOOK = "PLOVER"
PLOVER_COUNTRY_CODES = {"XKX": "KOS"}
# PLOVER's event_loc resolution: 4 a city, 2 a province, 1 a country.
PLOVER_RESOLUTION = {"country": 1, "admin1": 2, "region": 2}


def plover_record(event: Event, context: ExportContext) -> dict[str, object]:
    """An event as one PLOVER record: the specification's field names.

    Fields PLOVER lacks (who the text credits, how sure, the confidence) are
    added under dateline's own names, which the specification allows.
    """
    resources = _require(context, "plover")
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
        "coder": f"dateline {_version()}",
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
                "coder": f"dateline {_version()}",
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
        "province": _admin1_name(loc),
        "country": country.name if country else None,
        "country_code": PLOVER_COUNTRY_CODES.get(loc.country, loc.country)
        if loc.country
        else None,
        "resolution": PLOVER_RESOLUTION.get(loc.kind or "", 4),
    }


def _version() -> str:
    from importlib.metadata import version

    return version("dateline")


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
            left_out[_type_mode(event)] += 1
            continue
        record = plover_record(event, context)
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return ExportReport(
        written=written,
        left_out=tuple(sorted(left_out.items())),
        reason="PLOVER requires a date and these events have none",
    )


# GDELT 2.0's event table columns, in its order, for the ones we can fill.
# source: http://data.gdeltproject.org/documentation/GDELT-Event_Codebook-V2.0.pdf
CAMEO_COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)
# GDELT's QuadClass by CAMEO root code: 01-05 verbal cooperation, 06-09
# material cooperation, 10-14 verbal conflict, 15-20 material conflict.
# source: GDELT Event Codebook V2.0, "QuadClass"
_QUAD_LAST_ROOT = ((5, 1), (9, 2), (14, 3), (20, 4))
# GDELT's ActionGeo_Type: 1 country, 4 world city, 5 world state (admin1).
_GEO_TYPE = {"country": 1, "admin1": 5, "region": 5}


def cameo_code(event: Event, resources: Resources) -> str | None:
    """The event's CAMEO code: its mode's, else its type's root.

    A code our CAMEO list lacks (such as 1952, drone strikes, added after
    GDELT's list) falls back to its parent code, so every code written is one
    GDELT knows.
    """
    mode = resources.mode_def(event.event_type, event.mode)
    etype = resources.ontology.get(event.event_type)
    code = (mode.cameo if mode else None) or (etype.cameo_root if etype else None)
    while code and code not in resources.cameo_goldstein:
        code = code[:-1] if len(code) > 2 else None
    return code


def cameo_row(event: Event, context: ExportContext) -> dict[str, object] | None:
    """An event as a GDELT 2.0 event row, or None when it has no CAMEO code."""
    resources = _require(context, "cameo")
    code = cameo_code(event, resources)
    if code is None:
        return None
    root = int(code[:2])
    doc = context.documents.get(event.doc_id)
    date = event.date.end if event.date else None
    loc = event.location
    return {
        "GLOBALEVENTID": event.event_id,
        "SQLDATE": date.strftime("%Y%m%d") if date else None,
        "MonthYear": date.strftime("%Y%m") if date else None,
        "Year": date.year if date else None,
        "FractionDate": round(date.year + (date.timetuple().tm_yday / 365), 4)
        if date
        else None,
        **_cameo_actor("Actor1", event.actor, resources),
        **_cameo_actor("Actor2", event.target, resources),
        "IsRootEvent": 1,
        "EventCode": code,
        "EventBaseCode": code[:3],
        "EventRootCode": code[:2],
        "QuadClass": next(q for last, q in _QUAD_LAST_ROOT if root <= last),
        "GoldsteinScale": resources.cameo_goldstein[code],
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "ActionGeo_Type": _GEO_TYPE.get(loc.kind or "", 4) if loc else None,
        "ActionGeo_FullName": loc.name if loc else None,
        "ActionGeo_CountryCode": loc.country if loc else None,
        "ActionGeo_ADM1Code": loc.admin1 if loc else None,
        "ActionGeo_Lat": loc.lat if loc else None,
        "ActionGeo_Long": loc.lon if loc else None,
        "ActionGeo_FeatureID": loc.geonameid if loc else None,
        "DATEADDED": time.strftime("%Y%m%d%H%M%S", time.gmtime(context.timestamp)),
        "SOURCEURL": doc.url if doc else None,
    }


def _cameo_actor(
    prefix: str, actor: Actor | None, resources: Resources
) -> dict[str, object]:
    if actor is None:
        return {
            f"{prefix}{k}": None for k in ("Code", "Name", "CountryCode", "Type1Code")
        }
    sector = resources.sectors.get(actor.sector or "", {})
    country = actor.country or sector.get("plover_code")
    kind = sector.get("plover_sector")
    return {
        f"{prefix}Code": f"{country or ''}{kind or ''}" or None,
        f"{prefix}Name": actor.name,
        f"{prefix}CountryCode": country,
        f"{prefix}Type1Code": kind,
    }


def write_cameo(
    events: Sequence[Event], out: TextIO, context: ExportContext
) -> ExportReport:
    """CAMEO/GDELT-style tab-separated rows with GDELT 2.0's column names."""
    rows: list[dict[str, object]] = []
    left_out: Counter[str] = Counter()
    for event in events:
        row = cameo_row(event, context)
        if row is None:
            left_out[_type_mode(event)] += 1
        else:
            rows.append(row)
    writer = csv.DictWriter(out, fieldnames=CAMEO_COLUMNS, delimiter="\t")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: guard_formula(value) for key, value in row.items()})
    return ExportReport(
        written=len(rows),
        left_out=tuple(sorted(left_out.items())),
        reason="no CAMEO code for these types",
    )


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
    "cameo": write_cameo,
    "geojson": write_geojson,
}
# The formats `extract` and `events` print; `export` takes all of them.
LISTING_FORMATS = ("jsonl", "json", "csv", "table")


def write_events(
    fmt: str, events: Sequence[Event], out: TextIO, context: ExportContext | None = None
) -> ExportReport:
    """Write events in the named format; ``fmt`` is a key of ``EXPORTERS``.

    Returns what was written and what was left out (the ACLED export leaves out
    the event types ACLED does not record).
    """
    exporter: Exporter = EXPORTERS[fmt]
    report = exporter(events, out, context or ExportContext())
    return report or ExportReport(written=len(events))
