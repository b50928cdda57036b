"""Exporters by name: jsonl, json, csv, table, acled, plover, cameo, geojson.

Each exporter writes a sequence of events to a text stream. ``EXPORTERS`` is the
one registry; ``--format`` choices come from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from dateline.export.acled import ACLED_COLUMNS, acled_mapping, acled_row, write_acled
from dateline.export.cameo import CAMEO_COLUMNS, cameo_code, cameo_row, write_cameo
from dateline.export.listing import (
    FLAT_COLUMNS,
    FORMULA_PREFIXES,
    flat_row,
    guard_formula,
    write_csv,
    write_csv_rows,
    write_geojson,
    write_json,
    write_jsonl,
    write_table,
)
from dateline.export.plover import plover_record, write_plover
from dateline.export.records import ExportContext, Exporter, ExportReport
from dateline.model import Event

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


__all__ = [
    "ACLED_COLUMNS",
    "CAMEO_COLUMNS",
    "EXPORTERS",
    "FLAT_COLUMNS",
    "FORMULA_PREFIXES",
    "LISTING_FORMATS",
    "ExportContext",
    "ExportReport",
    "Exporter",
    "acled_mapping",
    "acled_row",
    "cameo_code",
    "cameo_row",
    "flat_row",
    "guard_formula",
    "plover_record",
    "write_acled",
    "write_cameo",
    "write_csv",
    "write_csv_rows",
    "write_events",
    "write_geojson",
    "write_json",
    "write_jsonl",
    "write_plover",
    "write_table",
]
