"""``dateline incidents``: incidents from the store, and their listing formats.

A thin client of :mod:`dateline.incidents`: it reads incidents from the store
(after an optional rebuild) and writes them as a table, JSON lines or CSV.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import click

from dateline.cli.options import common_options, db_option, filter_options
from dateline.export import write_csv_rows
from dateline.incidents import figures_table, load_rules, rebuild_incidents
from dateline.model import Incident, to_json_dict
from dateline.resources import load_resources
from dateline.settings import Settings
from dateline.store import EventFilter, open_store

INCIDENT_COLUMNS = (
    "incident_id",
    "event_type",
    "date_start",
    "date_end",
    "place",
    "country",
    "lat",
    "lon",
    "precision",
    "participants",
    "reports",
    "documents",
    "outlets",
    "credited",
    "figures",
    "event_ids",
)


def incident_row(incident: Incident) -> dict[str, object]:
    """One flat row of an incident, for CSV and tables."""
    place, date = incident.place, incident.date
    return {
        "incident_id": incident.incident_id,
        "event_type": incident.event_type,
        "date_start": date.start.isoformat() if date else None,
        "date_end": date.end.isoformat() if date else None,
        "place": place.name if place else None,
        "country": incident.country,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "precision": place.precision if place else None,
        "participants": "; ".join(a.name for a in incident.participants),
        "reports": incident.sources.reports,
        "documents": incident.sources.documents,
        "outlets": incident.sources.outlets,
        "credited": incident.sources.credited,
        "figures": figures_table(incident),
        "event_ids": " ".join(r.event_id for r in incident.reports),
    }


def write_incidents_jsonl(incidents: Sequence[Incident], out: TextIO) -> None:
    """One incident JSON per line."""
    for incident in incidents:
        out.write(json.dumps(to_json_dict(incident), ensure_ascii=False) + "\n")


def write_incidents_csv(incidents: Sequence[Incident], out: TextIO) -> None:
    """Flat CSV, one incident a row; figures per source in one cell."""
    write_csv_rows(out, INCIDENT_COLUMNS, (incident_row(i) for i in incidents))


def write_incidents_table(incidents: Sequence[Incident], out: TextIO) -> None:
    """A fixed-width table for reading on a terminal."""
    columns = (
        "incident_id",
        "date_start",
        "event_type",
        "place",
        "country",
        "documents",
        "outlets",
        "credited",
        "figures",
    )
    rows = [
        ["" if v is None else str(v) for v in (incident_row(i)[c] for c in columns)]
        for i in incidents
    ]
    widths = [
        min(max([len(c), *(len(r[n]) for r in rows)]), 48)
        for n, c in enumerate(columns)
    ]
    out.write(
        "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()
        + "\n"
    )
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        cells = (v[:w].ljust(w) for v, w in zip(row, widths, strict=True))
        out.write("  ".join(cells).rstrip() + "\n")


INCIDENT_FORMATS: dict[str, Callable[[Sequence[Incident], TextIO], None]] = {
    "csv": write_incidents_csv,
    "jsonl": write_incidents_jsonl,
    "table": write_incidents_table,
}


def write_incidents(fmt: str, incidents: Sequence[Incident], out: TextIO) -> None:
    """Write incidents in the named format; ``fmt`` is a key of INCIDENT_FORMATS."""
    INCIDENT_FORMATS[fmt](incidents, out)


@click.command("incidents")
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(INCIDENT_FORMATS)),
    default="table",
    show_default=True,
)
@click.option(
    "--rebuild",
    is_flag=True,
    help="Recluster every stored event first (for databases ingested before incidents).",
)
@common_options
def incidents(db: str, filters: EventFilter, fmt: str, rebuild: bool) -> None:
    """List incidents: stored events that report one happening, merged across sources.

    Filters select incidents with at least one report that matches. Each
    incident lists its reports and every source's figures, never averaged.

    Example:
        dateline incidents --country SOM --since 2024-03-01 --format jsonl
    """
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(
            f"{db}: no such database (run dateline ingest first)"
        )
    store = open_store(db, read_only=not rebuild)
    try:
        if rebuild:
            # The same rules as ingest: with the actor dictionary's names.
            settings = Settings()
            rules = load_rules(settings, load_resources(settings))
            update = rebuild_incidents(store, rules)
            if not click.get_current_context().meta.get("quiet"):
                click.echo(f"{update.created} incidents rebuilt", err=True)
        found = store.incidents(filters)
    finally:
        store.close()
    write_incidents(fmt, found, sys.stdout)
