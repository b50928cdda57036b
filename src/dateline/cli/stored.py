"""``dateline events``, ``show`` and ``export``: read what a store holds."""

from __future__ import annotations

import json
import sys
from typing import TextIO

import click

from dateline.cli.options import (
    common_options,
    db_option,
    filter_options,
    open_existing,
    say_left_out,
)
from dateline.export import EXPORTERS, LISTING_FORMATS, ExportContext, write_events
from dateline.incidents import describe_report, lead_events, other_reports
from dateline.model import Document, Event, to_json_dict
from dateline.settings import Settings
from dateline.store import EventFilter


@click.command()
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(LISTING_FORMATS),
    default="table",
    show_default=True,
)
@common_options
def events(db: str, filters: EventFilter, fmt: str) -> None:
    """List stored events, filtered.

    \b
    Example:
        dateline events --type ASSAULT --country SYR --since 2021-02-01 --format csv
    """
    store = open_existing(db)
    found = store.events(filters)
    write_events(fmt, found, sys.stdout, ExportContext())
    store.close()


@click.command()
@click.argument("event_id")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@common_options
def show(event_id: str, db: str, fmt: str) -> None:
    """Show one event: its fields, its source and its sentence with spans marked.

    \b
    Example:
        dateline show 3f2a9c0d1e2b4a5c
    """
    store = open_existing(db)
    event = store.event(event_id)
    if event is None:
        raise click.ClickException(f"{event_id}: no such event in {db}")
    stored = store.document(event.doc_id)
    reports = other_reports(store, event_id)
    store.close()
    if fmt == "json":
        data = {
            **to_json_dict(event),
            "other_reports": [to_json_dict(r) for r in reports],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(render_event(event, stored.document if stored else None))
    if reports:
        click.echo(f"\n  other reports of the same incident ({len(reports)}):")
        for report in reports:
            click.echo(f"    {describe_report(report)}")


def render_event(event: Event, document: Document | None) -> str:
    """A plain-text view of an event with its evidence sentence marked."""
    lines = [
        f"event {event.event_id}  {event.event_type}"
        + (f" / {event.mode}" if event.mode else "")
    ]
    if event.actor:
        lines.append(
            f"  initiator: {event.actor.name} ({event.actor.country or '-'}, {event.actor.sector or '-'}) as “{event.actor.text}”"
        )
    if event.target:
        lines.append(
            f"  recipient: {event.target.name} ({event.target.country or '-'}, {event.target.sector or '-'}) as “{event.target.text}”"
        )
    if event.location:
        loc = event.location
        lines.append(
            f"  where:     {loc.name}, {loc.country or '-'} ({loc.lat}, {loc.lon}) precision {loc.precision}"
        )
    if event.date:
        lines.append(
            f"  when:      {event.date.start}"
            + (f" .. {event.date.end}" if event.date.end != event.date.start else "")
        )
    for fig in event.figures:
        lines.append(
            f"  figure:    {fig.qualifier} {fig.value} {fig.unit} (“{fig.text}”)"
        )
    lines.append(
        f"  source:    {event.attributed_to or '(the article itself)'}; certainty {event.certainty}"
        + ("; NEGATED" if event.negated else "")
    )
    if event.flags:
        lines.append(f"  flags:     {', '.join(event.flags)}")
    if document is not None:
        lines.append(
            f"  document:  {document.id} {document.title or ''} {document.url or document.path or ''}".rstrip()
        )
    lines.append("")
    lines.append(mark_sentence(event))
    return "\n".join(lines)


def mark_sentence(event: Event) -> str:
    """The evidence sentence with the trigger in [brackets] and mentions in «»."""
    base = event.evidence.start
    text = event.evidence.text
    marks: list[tuple[int, str]] = []
    for m in event.mentions:
        if event.evidence.start <= m.start and m.end <= event.evidence.end:
            marks += [(m.start - base, "«"), (m.end - base, f"»{m.kind[0]}")]
    t = event.trigger
    marks += [(t.start - base, "["), (t.end - base, "]")]
    for pos, mark in sorted(marks, key=lambda x: -x[0]):
        text = text[:pos] + mark + text[pos:]
    return "  " + text


@click.command()
@db_option
@filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(EXPORTERS)),
    default="acled",
    show_default=True,
)
@click.option(
    "--out",
    type=click.File("w", encoding="utf-8", atomic=True, lazy=False),
    default="-",
    help="Output file (written atomically); - for stdout.",
)
@click.option(
    "--per",
    type=click.Choice(["report", "incident"]),
    default="report",
    show_default=True,
    help="One row per report (event), or one per incident across reports.",
)
@common_options
def export(db: str, filters: EventFilter, fmt: str, out: TextIO, per: str) -> None:
    """Export stored events as ACLED CSV, PLOVER JSON, GeoJSON and more.

    \b
    Example:
        dateline export --format acled --out events.csv
    """
    store = open_existing(db)
    # One row per incident takes its most complete report; its figures are that
    # source's, and `dateline incidents` lists every source's side by side.
    found = lead_events(store, filters) if per == "incident" else store.events(filters)
    documents = {}
    for doc_id in {e.doc_id for e in found}:
        stored = store.document(doc_id)
        if stored is not None:
            documents[doc_id] = stored.document
    from dateline.resources import load_resources

    resources = load_resources(Settings())
    report = write_events(fmt, found, out, ExportContext(resources, documents))
    store.close()
    say_left_out(report, fmt)
    if not click.get_current_context().meta.get("quiet"):
        click.echo(f"{report.written} events exported as {fmt}", err=True)
