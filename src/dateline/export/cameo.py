"""CAMEO/GDELT-style tab-separated rows with GDELT 2.0's column names."""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from dateline.export.listing import guard_formula
from dateline.export.records import (
    ExportContext,
    ExportReport,
    require_resources,
    type_mode,
)
from dateline.model import Actor, Event
from dateline.resources import Resources

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
    resources = require_resources(context, "cameo")
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
            left_out[type_mode(event)] += 1
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
