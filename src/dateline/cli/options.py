"""Options, readers and reporters shared by the ``dateline`` commands.

Each command module takes its options from here, so every command spells
``--db``, the filters and ``--quiet``/``--verbose``/``--debug`` the same way,
and every command's errors become one line in one place.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from dateline.errors import DatelineError, InputError
from dateline.export import ExportReport
from dateline.model import Document
from dateline.pipeline import Coder, Result
from dateline.read import Furniture, read_inputs
from dateline.settings import Settings
from dateline.store import EventFilter, Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def setup_logging(verbose: bool) -> None:
    """Log to stderr, one line a message; debug with ``--verbose``."""
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
        setup_logging(verbose)
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


def iso_date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dt.date | None:
    """Click callback: a YYYY-MM-DD option as a date."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def settings_from(
    published: dt.date | None,
    extra_actors: tuple[Path, ...] = (),
    extra_places: tuple[Path, ...] = (),
    extra_triggers: tuple[Path, ...] = (),
    min_confidence: float | None = None,
) -> Settings:
    """Settings from the options the coding commands share."""
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


def progress(
    items: Iterable[Document], total: int | None, label: str
) -> Iterator[Document]:
    """A progress bar on a terminal's stderr; nothing when piped or quiet."""
    hidden = click.get_current_context().meta.get("quiet") or not sys.stderr.isatty()
    with click.progressbar(
        items, length=total, label=label, file=sys.stderr, hidden=hidden
    ) as bar:
        yield from bar


def read_documents(
    inputs: tuple[str, ...], coder: Coder, published: dt.date | None
) -> tuple[list[Document], int]:
    """Read every input; name each unreadable one on stderr and count it."""
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


def say_result(result: Result) -> None:
    """Name on stderr a document that was skipped or not coded."""
    name = result.document.path or result.document.id
    if result.error:
        click.echo(f"skipped {name}: {result.error}", err=True)
    elif result.note:
        click.echo(f"not coded {name}: {result.note}", err=True)


def report_results(results: Iterable[Result]) -> Iterator[Result]:
    """Pass results through, naming on stderr each one skipped or not coded."""
    for result in results:
        say_result(result)
        yield result


def filter_options(func: F) -> F:
    """The event filters shared by ``events`` and ``export``."""

    @click.option("--type", "event_type", help="PLOVER event type, e.g. ASSAULT.")
    @click.option("--mode", help="Event mode, e.g. aerial.")
    @click.option("--actor", help="Initiator or recipient name contains this.")
    @click.option("--country", help="ISO3 code of where it happened.")
    @click.option(
        "--since", callback=iso_date, help="Events ending on or after (YYYY-MM-DD)."
    )
    @click.option(
        "--until", callback=iso_date, help="Events starting on or before (YYYY-MM-DD)."
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


def open_existing(db: str) -> Store:
    """Open a store that must already exist, read-only."""
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(
            f"{db}: no such database (run dateline ingest first)"
        )
    return open_store(db, read_only=True)


def say_left_out(report: ExportReport, fmt: str) -> None:
    """Name on stderr the events a format left out (even with --quiet: data lost)."""
    line = report.describe_left_out(fmt)
    if line:
        click.echo(line, err=True)
