"""``dateline extract`` and ``dateline ingest``: code articles, print or store them."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import click

from dateline.cli.options import (
    common_options,
    data_options,
    db_option,
    iso_date,
    min_confidence_option,
    progress,
    read_documents,
    report_results,
    say_left_out,
    say_result,
    settings_from,
)
from dateline.export import LISTING_FORMATS, ExportContext, write_events
from dateline.ingest import ingest as ingest_documents
from dateline.model import Event
from dateline.pipeline import Coder, Result
from dateline.settings import Settings
from dateline.store import open_store
from dateline.store.base import CODED, FAILED, NOT_CODED


def _explain(result: Result) -> None:
    """Every candidate of a document with its decision, on stderr."""
    for d in result.decisions:
        e = d.event
        verdict = "kept   " if d.kept else "dropped"
        sentence = " ".join(e.evidence.text.split())[:100]
        click.echo(
            f"{verdict} {e.confidence:.2f} {e.event_type:<9} {e.event_id} "
            f"{sentence!r}\n          because: {', '.join(d.reasons)}",
            err=True,
        )


@dataclass(slots=True, kw_only=True)
class _Tally:
    """What became of every input, for the summary line; the counts add up.

    Each input read is exactly one of: coded, not coded (stored, in a language
    not coded yet), skipped (unreadable, or failed while coding) or already
    stored.
    """

    coded: int = 0
    not_coded: int = 0
    skipped: int = 0
    already_stored: int = 0

    def count(self, result: Result) -> str:
        """Count one coded document; return its store status."""
        if result.error:
            self.skipped += 1
            return FAILED
        if result.note:
            self.not_coded += 1
            return NOT_CODED
        self.coded += 1
        return CODED

    def __str__(self) -> str:
        return (
            f"{self.coded} documents coded, {self.not_coded} not coded, "
            f"{self.skipped} skipped, {self.already_stored} already stored"
        )


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--published",
    callback=iso_date,
    help="Publication date (YYYY-MM-DD) for every input.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(LISTING_FORMATS),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="dask: code JSON-lines or Parquet shards on a Dask cluster, Parquet out.",
)
@click.option(
    "--scheduler",
    help="Dask scheduler address (tcp://host:8786); default: a local cluster.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --engine dask: folder for one events Parquet file per shard.",
)
@min_confidence_option
@click.option(
    "--explain",
    is_flag=True,
    help="List every candidate event on stderr with the decision (kept or "
    "dropped), its confidence and the features that weighed most.",
)
@data_options
@common_options
def extract(
    inputs: tuple[str, ...],
    published: dt.date | None,
    fmt: str,
    engine: str,
    scheduler: str | None,
    out_dir: Path | None,
    min_confidence: float | None,
    explain: bool,
    extra_actors: tuple[Path, ...],
    extra_places: tuple[Path, ...],
    extra_triggers: tuple[Path, ...],
) -> None:
    """Code articles and print their events; stores nothing.

    INPUTS are files, folders (read recursively), JSON-lines files of documents,
    or - for stdin.

    \b
    Example:

        dateline extract article.html --published 2021-02-15 | jq .event_type
        dateline extract shards/*.jsonl --engine dask --out events/
        dateline extract article.html --explain --min-confidence 0.5
    """
    settings = settings_from(
        published, extra_actors, extra_places, extra_triggers, min_confidence
    )
    if engine == "dask":
        if out_dir is None:
            raise click.UsageError(
                "--engine dask needs --out FOLDER for the Parquet files"
            )
        from dateline.scale import code_shards

        written = code_shards([Path(p) for p in inputs], out_dir, scheduler, settings)
        click.echo(f"{len(written)} shards coded into {out_dir}", err=True)
        return
    coder = Coder(settings)
    documents, skipped = read_documents(inputs, coder, published)
    if not documents:
        raise click.ClickException("no readable input")
    events: list[Event] = []
    tally = _Tally(skipped=skipped)
    for result in report_results(
        coder.code_documents(progress(documents, len(documents), "coding"))
    ):
        events.extend(result.events)
        tally.count(result)
        if explain:
            _explain(result)
    out = sys.stdout
    report = write_events(
        fmt, events, out, ExportContext(coder.resources, {d.id: d for d in documents})
    )
    say_left_out(report, fmt)
    if not click.get_current_context().meta.get("quiet"):
        click.echo(f"{tally}, {len(events)} events", err=True)


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--published",
    callback=iso_date,
    help="Publication date (YYYY-MM-DD) for every input.",
)
@min_confidence_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=Settings().batch_size,
    show_default=True,
    help="Documents per transaction: a crash loses at most one batch's work.",
)
@data_options
@common_options
def ingest(
    inputs: tuple[str, ...],
    db: str,
    published: dt.date | None,
    min_confidence: float | None,
    batch_size: int,
    extra_actors: tuple[Path, ...],
    extra_places: tuple[Path, ...],
    extra_triggers: tuple[Path, ...],
) -> None:
    """Code articles and store their events (documents already stored are skipped).

    Each batch of documents is stored with its events and their incidents in
    one transaction. Several ingests may write to one database at once: they
    take turns per batch.

    \b
    Example:
        dateline ingest articles/ --db dateline.db
    """
    store = open_store(db)
    settings = replace(
        settings_from(
            published, extra_actors, extra_places, extra_triggers, min_confidence
        ),
        batch_size=batch_size,
    )
    coder = Coder(settings)
    documents, skipped = read_documents(inputs, coder, published)
    if not documents and skipped:
        raise click.ClickException("no readable input")
    report = ingest_documents(
        documents,
        store,
        coder=coder,
        inputs=inputs,
        on_result=say_result,
        progress=lambda docs, total: progress(docs, total, "ingesting"),
    )
    store.close()
    if not click.get_current_context().meta.get("quiet"):
        report = replace(report, skipped=report.skipped + skipped)
        click.echo(f"{report}; {report.events_added} events added to {db}", err=True)
