"""The ``dateline`` command: thin click commands over the library.

Data goes to stdout, everything else to stderr. Exit 0 when the run finished
(even with skipped inputs, each reported), 1 when nothing could be done, 2 for
bad usage.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import json
import logging
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from dateline.errors import DatelineError, InputError
from dateline.export import (
    EXPORTERS,
    LISTING_FORMATS,
    ExportContext,
    ExportReport,
    write_events,
)
from dateline.incidents import (
    describe_report,
    lead_events,
    other_reports,
)
from dateline.ingest import ingest as ingest_documents
from dateline.model import Document, Event, to_json_dict
from dateline.pipeline import Coder, Result
from dateline.read import Furniture, read_inputs
from dateline.settings import Settings
from dateline.store import EventFilter, open_store
from dateline.store.base import CODED, FAILED, NOT_CODED

logger = logging.getLogger("dateline")

F = TypeVar("F", bound=Callable[..., Any])


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("dateline")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False


def common_options(func: F) -> F:
    """--quiet, --verbose and --debug, shared by every command.

    Also where every command's errors become one line, and where a reader
    that stops early (``| head``) ends the command quietly.
    """

    @click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
    @click.option("--verbose", "-v", is_flag=True, help="Log what each stage does.")
    @click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
    @functools.wraps(func)
    def wrapper(
        *args: Any, quiet: bool, verbose: bool, debug: bool, **kwargs: Any
    ) -> Any:
        _setup_logging(verbose)
        ctx = click.get_current_context()
        ctx.meta["quiet"] = quiet
        try:
            result = func(*args, **kwargs)
            # Flush now, so a reader that left early (`dateline events | head`)
            # is noticed here and not as a traceback when Python exits.
            sys.stdout.flush()
            return result
        except DatelineError as exc:
            raise click.ClickException(str(exc)) from exc
        except BrokenPipeError:
            # The reader of stdout has gone: not an error to report. click's
            # main() closes stdout quietly and exits 1, as Python's docs advise
            # (library/signal.html, "Note on SIGPIPE").
            raise
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # the one place unexpected errors become one line
            if debug:
                raise
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {exc} (rerun with --debug)"
            ) from exc

    return wrapper  # type: ignore[return-value]


def data_options(func: F) -> F:
    """--actors, --places and --triggers: user data files, validated like ours."""

    @click.option(
        "--actors",
        "extra_actors",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Extra actor dictionary (YAML), same format as data/actors.yaml.",
    )
    @click.option(
        "--places",
        "extra_places",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Extra places (CSV), same columns as data/places.csv.",
    )
    @click.option(
        "--triggers",
        "extra_triggers",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Extra triggers (YAML), same format as data/triggers/en.yaml.",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


db_option: Callable[[Callable[..., Any]], Callable[..., Any]] = click.option(
    "--db",
    default="dateline.db",
    show_default=True,
    help="SQLite file or postgresql:// URL.",
)


def _date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _settings(
    published: dt.date | None,
    extra_actors: tuple[Path, ...] = (),
    extra_places: tuple[Path, ...] = (),
    extra_triggers: tuple[Path, ...] = (),
    min_confidence: float | None = None,
) -> Settings:
    return Settings(
        published=published,
        extra_actors=extra_actors,
        extra_places=extra_places,
        extra_triggers=extra_triggers,
        min_confidence=min_confidence,
    )


min_confidence_option = click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Keep events whose confidence is at least this (default: the decision "
    "model's threshold). Higher trades recall for precision.",
)


def _progress(
    items: Iterable[Document], total: int | None, label: str
) -> Iterator[Document]:
    """A progress bar on a terminal's stderr; nothing when piped or quiet."""
    hidden = click.get_current_context().meta.get("quiet") or not sys.stderr.isatty()
    with click.progressbar(
        items, length=total, label=label, file=sys.stderr, hidden=hidden
    ) as bar:
        yield from bar


def _read(
    inputs: tuple[str, ...], coder: Coder, published: dt.date | None
) -> tuple[list[Document], int]:
    furniture = Furniture.from_resources(coder.resources)
    documents = []
    skipped = 0
    for item in read_inputs(inputs, furniture, published):
        if isinstance(item, InputError):
            click.echo(f"skipped {item}", err=True)
            skipped += 1
        else:
            documents.append(item)
    return documents, skipped


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


def _say_result(result: Result) -> None:
    """Name on stderr a document that was skipped or not coded."""
    name = result.document.path or result.document.id
    if result.error:
        click.echo(f"skipped {name}: {result.error}", err=True)
    elif result.note:
        click.echo(f"not coded {name}: {result.note}", err=True)


def _report(results: Iterable[Result]) -> Iterator[Result]:
    for result in results:
        _say_result(result)
        yield result


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


class _Commands(click.Group):
    """The command group; commands kept in their own modules load when named.

    Loading them lazily keeps ``dateline --help`` fast and lets those modules
    import their shared options from here without an import cycle.
    """

    lazy: dict[str, tuple[str, str]] = {  # noqa: RUF012 - read-only table
        "incidents": ("dateline.incidents_cli", "incidents"),
        "serve": ("dateline.web.cli", "serve"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        """All command names, lazy ones included."""
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Return a command, importing its module if it is a lazy one."""
        if cmd_name in self.lazy:
            module, attr = self.lazy[cmd_name]
            command = getattr(importlib.import_module(module), attr)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands)
@click.version_option(package_name="dateline")
def cli() -> None:
    """Turn conflict news into a sourced, geocoded record of events."""


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--published", callback=_date, help="Publication date (YYYY-MM-DD) for every input."
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
    settings = _settings(
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
    documents, skipped = _read(inputs, coder, published)
    if not documents:
        raise click.ClickException("no readable input")
    events: list[Event] = []
    tally = _Tally(skipped=skipped)
    for result in _report(
        coder.code_documents(_progress(documents, len(documents), "coding"))
    ):
        events.extend(result.events)
        tally.count(result)
        if explain:
            _explain(result)
    out = sys.stdout
    report = write_events(
        fmt, events, out, ExportContext(coder.resources, {d.id: d for d in documents})
    )
    _say_left_out(report, fmt)
    if not click.get_current_context().meta.get("quiet"):
        click.echo(f"{tally}, {len(events)} events", err=True)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option(
    "--published", callback=_date, help="Publication date (YYYY-MM-DD) for every input."
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
        _settings(
            published, extra_actors, extra_places, extra_triggers, min_confidence
        ),
        batch_size=batch_size,
    )
    coder = Coder(settings)
    documents, skipped = _read(inputs, coder, published)
    if not documents and skipped:
        raise click.ClickException("no readable input")
    report = ingest_documents(
        documents,
        store,
        coder=coder,
        inputs=inputs,
        on_result=_say_result,
        progress=lambda docs, total: _progress(docs, total, "ingesting"),
    )
    store.close()
    if not click.get_current_context().meta.get("quiet"):
        report = replace(report, skipped=report.skipped + skipped)
        click.echo(f"{report}; {report.events_added} events added to {db}", err=True)


def filter_options(func: F) -> F:
    """The event filters shared by ``events`` and ``export``."""

    @click.option("--type", "event_type", help="PLOVER event type, e.g. ASSAULT.")
    @click.option("--mode", help="Event mode, e.g. aerial.")
    @click.option("--actor", help="Initiator or recipient name contains this.")
    @click.option("--country", help="ISO3 code of where it happened.")
    @click.option(
        "--since", callback=_date, help="Events ending on or after (YYYY-MM-DD)."
    )
    @click.option(
        "--until", callback=_date, help="Events starting on or before (YYYY-MM-DD)."
    )
    @click.option(
        "--certainty",
        type=click.Choice(["stated", "claimed", "reported", "speculative", "denied"]),
    )
    @click.option("--source", help="attributed_to contains this.")
    @click.option(
        "--limit", type=click.IntRange(min=1), help="At most this many events."
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        event_type: str | None,
        mode: str | None,
        actor: str | None,
        country: str | None,
        since: dt.date | None,
        until: dt.date | None,
        certainty: str | None,
        source: str | None,
        limit: int | None,
        **kwargs: Any,
    ) -> Any:
        filters = EventFilter(
            event_type=event_type,
            mode=mode,
            actor=actor,
            country=country,
            since=since,
            until=until,
            certainty=certainty,
            source=source,
            limit=limit,
        )
        return func(*args, filters=filters, **kwargs)

    return wrapper  # type: ignore[return-value]


def _open_existing(db: str) -> Any:
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(
            f"{db}: no such database (run dateline ingest first)"
        )
    return open_store(db, read_only=True)


@cli.command()
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
    store = _open_existing(db)
    found = store.events(filters)
    write_events(fmt, found, sys.stdout, ExportContext())
    store.close()


@cli.command()
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
    store = _open_existing(db)
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


@cli.command()
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
    store = _open_existing(db)
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
    _say_left_out(report, fmt)
    if not click.get_current_context().meta.get("quiet"):
        click.echo(f"{report.written} events exported as {fmt}", err=True)


def _say_left_out(report: ExportReport, fmt: str) -> None:
    """Name on stderr the events a format left out (even with --quiet: data lost)."""
    line = report.describe_left_out(fmt)
    if line:
        click.echo(line, err=True)


@cli.command("eval")
@click.argument(
    "gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), nargs=-1
)
@click.option(
    "--articles",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Documents (JSON lines) the gold events come from; default: GOLD with .gold. replaced by .docs.",
)
@click.option(
    "--incident-set",
    "incidents_gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score incident clustering on a gold grouping (with --articles).",
)
@click.option(
    "--place-set",
    "places_gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score place resolution on a gold place set instead.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--no-log",
    is_flag=True,
    help="Do not append the scores to the SCORES.md beside the gold files.",
)
@data_options
@common_options
def evaluate(
    gold: tuple[Path, ...],
    articles: Path | None,
    places_gold: Path | None,
    incidents_gold: Path | None,
    as_json: bool,
    no_log: bool,
    extra_actors: tuple[Path, ...],
    extra_places: tuple[Path, ...],
    extra_triggers: tuple[Path, ...],
) -> None:
    """Score dateline against gold events (or gold places) and print the scores.

    Several GOLD files are scored together, with a line per language; gold
    events with an `incident` label also score the incident merge. When the
    gold files sit beside a SCORES.md (the sealed real-news test half does),
    the scores are appended to it with the commit.

    \b
    Example:
        dateline eval eval/dev/en.gold.jsonl --articles eval/dev/en.docs.jsonl
        dateline eval eval/dev/*.gold.jsonl
        dateline eval eval/news/dev/*.gold.jsonl
        dateline eval --place-set eval/places/dev.jsonl
        dateline eval --incident-set eval/incidents/gold.jsonl
    """
    from dateline import evaluate as ev

    coder = Coder(_settings(None, extra_actors, extra_places, extra_triggers))
    out = sys.stdout
    if incidents_gold is not None:
        from dateline.evaluate import score_incidents

        source = articles or incidents_gold.with_name("articles.jsonl")
        report = score_incidents(incidents_gold, source, coder)
        out.write(ev.dumps(report) + "\n")
        return
    if places_gold is not None:
        scores = ev.evaluate_places(ev.read_gold_places(places_gold), coder.places_of)
        report = scores.as_dict()
        if as_json:
            out.write(ev.dumps({**report, "misses": scores.misses}) + "\n")
        else:
            out.write(
                f"places: {report['mentions']} mentions, resolved {report['resolved']}, "
                f"accuracy {report['accuracy']:.3f}, within 25 km {report['within_25km']:.3f}\n"
            )
        return
    if not gold:
        raise click.UsageError("give GOLD.jsonl, or --place-set")
    if articles is not None and len(gold) > 1:
        raise click.UsageError("--articles goes with one GOLD file")
    gold_events = []
    sources = []
    for path in gold:
        source = articles or path.with_name(path.name.replace(".gold.", ".docs."))
        if not source.exists():
            raise click.UsageError(f"no --articles given and {source} does not exist")
        gold_events.extend(ev.read_gold_events(path))
        sources.append(str(source))
    documents, _ = _read(tuple(sources), coder, None)
    predicted: list[Event] = []
    languages: dict[str, str] = {}
    coded: list[Document] = []
    for result in _report(
        coder.code_documents(_progress(documents, len(documents), "coding"))
    ):
        predicted.extend(result.events)
        languages[result.document.id] = result.document.language or "?"
        coded.append(result.document)
    report = ev.score_gold_events(gold_events, predicted, languages)
    if any(g.incident for g in gold_events):
        report["incidents"] = ev.score_incident_items(
            ev.gold_incident_items(gold_events), predicted, coded, coder
        )
    log = _score_log(gold)
    if log is not None and not no_log:
        _append_score_log(log, gold, report)
    if as_json:
        out.write(ev.dumps(report) + "\n")
        return
    out.write(ev.format_event_scores(report["overall"]) + "\n")
    if len(report["by_language"]) > 1:
        out.write(ev.format_language_lines(report["by_language"]) + "\n")
    if "incidents" in report:
        out.write(ev.format_incident_scores(report["incidents"]) + "\n")


def _score_log(gold: tuple[Path, ...]) -> Path | None:
    """The SCORES.md beside the gold files, when they share one."""
    logs = {path.resolve().parent / "SCORES.md" for path in gold}
    if len(logs) == 1:
        log = logs.pop()
        return log if log.exists() else None
    return None


def _append_score_log(
    log: Path, gold: tuple[Path, ...], report: dict[str, Any]
) -> None:
    """Append one row of scores with the commit they were measured at."""
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=log.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    s = report["overall"]
    acc = s["field_accuracy"]
    langs = " ".join(
        f"{lang} {v['f1']:.2f}" for lang, v in report["by_language"].items()
    )
    inc = report.get("incidents")
    incidents = (
        f"{inc['pairwise_precision']:.2f}/{inc['pairwise_recall']:.2f}" if inc else "-"
    )
    files = " ".join(sorted(p.name.split(".")[0] for p in gold))
    row = (
        f"| {dt.date.today().isoformat()} | {commit} | {files} | {s['gold']} "
        f"| {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} "
        f"| {acc['date']} | {acc['place_25km']} | {acc['place_161km']} "
        f"| {acc['country']} | {incidents} | {langs} |\n"
    )
    with log.open("a", encoding="utf-8") as handle:
        handle.write(row)


@cli.command()
@click.argument("name", type=click.Choice(["decide"]))
@click.argument(
    "gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), nargs=-1
)
@click.option(
    "--extra",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Gold sets we wrote ourselves: more training rows, never the threshold.",
)
def train(name: str, gold: tuple[Path, ...], extra: tuple[Path, ...]) -> None:
    """Rebuild a learned model from gold sets in the repository, deterministically.

    `decide` is the decision stage: it codes the gold sets' articles with the
    stage off, labels each event by whether it matches a gold event, chooses
    the regularisation and threshold by cross-validation over articles, and
    writes data/models/decide.json. Needs scikit-learn (`pip install -e
    '.[train]'`). Train on the real-news dev half only, never the test half.

    \b
    Example:
        dateline train decide eval/news/dev/*.gold.jsonl --extra eval/dev/en.gold.jsonl
    """
    from dateline.decide import MODEL_FILE
    from dateline.evaluate import train_decision

    if not gold:
        raise click.UsageError("give the gold files to learn from")
    if any(p.resolve().parent.name == "test" for p in (*gold, *extra)):
        raise click.UsageError("the sealed test half is never trained on")
    settings = replace(Settings(), decide=False)
    model = train_decision(gold, Coder(settings), extra)
    out = settings.data_dir / MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    meta = model.meta
    for row in meta["grid"]:
        click.echo(
            f"C {row['C']:<5} cross-validated F1 {row['cv_f1']:.3f} "
            f"at threshold {row['threshold']:.3f}"
        )
    click.echo(
        f"{out}: {len(model.weights)} weights from {meta['rows']} candidates "
        f"({meta['happened']} happened, {meta['gold_events']} gold events); "
        f"C {meta['C']}, threshold {model.threshold:.3f}, version {model.version}"
    )


def main() -> None:
    """Entry point of the ``dateline`` command."""
    cli()
