"""The web app: a JSON API under /api, documented at /openapi.json, and one page.

A client of the library like ``cli.py``: it reads a store opened read-only and
answers with the records' own JSON (``to_json_dict``). It serves only its own
static files, sends a Content-Security-Policy that allows no inline script, and
answers bad query parameters with a 422 naming the parameter.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dateline.export import EXPORTERS, ExportContext, write_events
from dateline.incidents import other_reports as incident_reports
from dateline.model import Certainty, Document, Event, to_json_dict
from dateline.resources import Resources, load_resources
from dateline.settings import Settings
from dateline.store import EventFilter, Store, StoredDocument, open_store
from dateline.store.base import Box, SortValue
from dateline.store.views import SORT_COLUMNS, sort_value
from dateline.web.security import (
    LOOPBACK_HOSTS,
    SecurityHeaders,
    content_security_policy,
)
from dateline.web.summaries import (
    ActorMatrix,
    Facets,
    MapView,
    Report,
    Timeline,
    TypeCounts,
    actor_matrix,
    facets,
    map_view,
    same_event,
    timeline,
    type_counts,
)

STATIC_DIR = Path(__file__).parent / "static"

# /api/events returns this many events unless asked, and never more than
# MAX_LIMIT: the page asks for MAX_LIMIT and says when the view is cut.
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
# Far beyond any store, and well inside SQLite's 64-bit integers.
MAX_OFFSET = 1_000_000_000
# Filter texts are names and codes; anything longer is a mistake or an attack.
MAX_FILTER_CHARS = 200
# The actor matrix keeps this many initiators and this many recipients.
MATRIX_ACTORS = 15
# The table's page: rows per request when the page does not say.
TABLE_PAGE = 100
# Answers kept in memory, least recently used dropped first: a table page is
# about 300 kB, a grouped view a few kB, so this holds hundreds of views
# and keeps the server well under its 500 MB.
CACHE_BYTES = 64 * 1024 * 1024
# Leaflet's zoom levels.
MAX_ZOOM = 18

# Control characters are never part of a name, and PostgreSQL refuses NUL.
_NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"

# The formats /api/export offers: the text exporters of dateline.export, each
# with its media type and file extension.
EXPORT_MEDIA = {
    name: media
    for name, media in {
        "acled": ("text/csv", "csv"),
        "cameo": ("text/tab-separated-values", "tsv"),
        "csv": ("text/csv", "csv"),
        "geojson": ("application/geo+json", "geojson"),
        "json": ("application/json", "json"),
        "jsonl": ("application/x-ndjson", "jsonl"),
        "plover": ("application/x-ndjson", "jsonl"),
    }.items()
    if name in EXPORTERS
}


@dataclass(frozen=True, slots=True, kw_only=True)
class PageConfig:
    """What the page needs to know about the server: online tiles, if turned on."""

    tiles: str | None = (
        None  # URL template, e.g. https://tile.example.org/{z}/{x}/{y}.png
    )
    tiles_attribution: str | None = None


class EventPage(BaseModel):
    """A page of events, in the order asked."""

    events: list[Event]
    count: int  # events in this page
    limit: int
    offset: int
    total: int  # every event matching the filters
    next: str | None  # pass as `after` for the next page; None on the last


def _write_cursor(value: SortValue, event_id: str) -> str:
    """The opaque `next` of a page: the last row's sort value and id."""
    raw = json.dumps([value, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _read_cursor(text: str) -> tuple[SortValue, str]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        value, event_id = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise _invalid("after", text, "not a `next` value of /api/events") from exc
    if not isinstance(event_id, str) or not (
        value is None or (isinstance(value, str | int) and not isinstance(value, bool))
    ):
        raise _invalid("after", text, "not a `next` value of /api/events")
    return value, event_id


class ErrorMessage(BaseModel):
    """Why a request found nothing."""

    detail: str


_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorMessage}}


class _StoreAccess:
    """One read-only store connection per worker thread, opened on first use.

    Requests never wait for each other's connection: SQLite in WAL mode lets
    every reader read beside an ingest, PostgreSQL serves each connection.
    """

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    @contextmanager
    def use(self) -> Iterator[Store]:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db, read_only=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        yield store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


class _ViewCache:
    """JSON bodies of the grouped views, keyed by request and store version.

    A write to the store changes its version, so nothing stale is served.
    Twenty clients asking for the same view at once cost one query: the first
    computes, the others wait for its answer.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._bytes = 0
        self._done: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._pending: dict[tuple[Any, ...], threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], bytes]) -> bytes:
        while True:
            with self._lock:
                if key in self._done:
                    self._done.move_to_end(key)
                    return self._done[key]
                waiting = self._pending.get(key)
                if waiting is None:
                    self._pending[key] = threading.Event()
            if waiting is not None:
                waiting.wait()
                continue  # computed by another request (or it failed: try again)
            try:
                body = compute()
                with self._lock:
                    self._done[key] = body
                    self._bytes += len(body)
                    while self._bytes > self.max_bytes and len(self._done) > 1:
                        self._bytes -= len(self._done.popitem(last=False)[1])
                return body
            finally:
                with self._lock:
                    self._pending.pop(key).set()


def _invalid(name: str, value: str, message: str) -> RequestValidationError:
    """A 422 shaped like FastAPI's own, so every bad parameter reads the same."""
    return RequestValidationError(
        [
            {
                "type": "value_error",
                "loc": ("query", name),
                "msg": message,
                "input": value,
            }
        ]
    )


def _parse_date(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise _invalid(name, value, f"{value!r} is not a date (YYYY-MM-DD)") from exc


_FilterText = Annotated[
    str | None,
    Query(max_length=MAX_FILTER_CHARS, pattern=_NO_CONTROL),
]


def event_filters(
    event_type: Annotated[
        str | None,
        Query(
            alias="type",
            max_length=MAX_FILTER_CHARS,
            pattern=_NO_CONTROL,
            description="PLOVER event type, e.g. ASSAULT (any case).",
        ),
    ] = None,
    mode: Annotated[
        str | None,
        Query(
            max_length=MAX_FILTER_CHARS,
            pattern=_NO_CONTROL,
            description="Event mode, e.g. aerial.",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        Query(
            max_length=MAX_FILTER_CHARS,
            pattern=_NO_CONTROL,
            description="Initiator or recipient name contains this (any case).",
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z]{3}$",
            description="ISO 3166-1 alpha-3 code of where it happened.",
        ),
    ] = None,
    since: Annotated[
        str | None,
        Query(
            pattern=_ISO_DATE,
            description="Events ending on or after this day (YYYY-MM-DD).",
            json_schema_extra={"format": "date"},
        ),
    ] = None,
    until: Annotated[
        str | None,
        Query(
            pattern=_ISO_DATE,
            description="Events starting on or before this day (YYYY-MM-DD).",
            json_schema_extra={"format": "date"},
        ),
    ] = None,
    certainty: Annotated[
        Certainty | None, Query(description="How sure the text is.")
    ] = None,
    source: Annotated[
        str | None,
        Query(
            max_length=MAX_FILTER_CHARS,
            pattern=_NO_CONTROL,
            description="The source credited (attributed_to) contains this.",
        ),
    ] = None,
) -> EventFilter:
    """The filters of ``dateline events``, read from the query string."""
    first = _parse_date("since", since)
    last = _parse_date("until", until)
    if first and last and first > last:
        raise _invalid("until", str(until), f"until ({last}) is before since ({first})")
    return EventFilter(
        event_type=event_type,
        mode=mode,
        actor=actor,
        country=country,
        since=first,
        until=last,
        certainty=certainty,
        source=source,
    )


Filters = Annotated[EventFilter, Depends(event_filters)]
EventId = Annotated[str, PathParam(max_length=MAX_FILTER_CHARS)]
DocId = Annotated[str, PathParam(max_length=MAX_FILTER_CHARS)]


def create_app(
    db: str,
    *,
    config: PageConfig | None = None,
    allowed_hosts: Sequence[str] = LOOPBACK_HOSTS,
    settings: Settings | None = None,
) -> FastAPI:
    """Build the app over the store at ``db``, opened read-only.

    Raises StoreError when the store cannot be opened, and DataFileError when
    the bundled data (needed for the ontology and the ACLED export) is invalid.
    """
    config = config or PageConfig()
    access = _StoreAccess(db)
    with access.use():
        pass  # open one now: a missing or foreign database fails here, not later
    cache = _ViewCache(CACHE_BYTES)
    resources: Resources = load_resources(settings or Settings())

    def cached(
        name: str,
        filters: EventFilter,
        extra: tuple[Any, ...],
        build: Callable[[Store], Any],
    ) -> Response:
        """The JSON of ``build(store)``, from the cache when the store is unchanged."""
        with access.use() as store:
            version = store.version()

            def compute() -> bytes:
                data = build(store)
                return json.dumps(
                    data, ensure_ascii=False, separators=(",", ":")
                ).encode()

            if version < 0:
                body = compute()
            else:
                body = cache.get((name, filters, extra, version), compute)
        return Response(body, media_type="application/json")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        access.close()

    app = FastAPI(
        title="dateline",
        summary="Coded conflict events from news, with their sources.",
        version=_version(),
        # The interactive docs pages load scripts from a CDN and inline; the
        # schema itself stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.add_middleware(
        SecurityHeaders,
        headers=(
            ("Content-Security-Policy", content_security_policy(config.tiles)),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
        ),
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    @app.get("/api/events", response_model=None, responses={200: {"model": EventPage}})
    def list_events(
        filters: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
        offset: Annotated[
            int,
            Query(ge=0, le=MAX_OFFSET, description="Rows to skip (date order only)."),
        ] = 0,
        sort: Annotated[
            str,
            Query(
                pattern="^(" + "|".join(sorted(SORT_COLUMNS)) + ")$",
                description="Order: " + ", ".join(sorted(SORT_COLUMNS)) + ".",
            ),
        ] = "date",
        order: Annotated[
            str, Query(alias="dir", pattern="^(asc|desc)$", description="asc or desc.")
        ] = "asc",
        after: Annotated[
            str | None,
            Query(
                max_length=4 * MAX_FILTER_CHARS,
                description="The `next` of the previous page (keyset pagination).",
            ),
        ] = None,
    ) -> Response:
        """Stored events matching the filters, one page at a time.

        By date then id unless ``sort`` says otherwise; events with no value
        for the sort come last. ``next`` continues after this page; ``total``
        counts every matching event.
        """
        descending = order == "desc"
        cursor = _read_cursor(after) if after is not None else None
        if offset and (cursor is not None or sort != "date" or descending):
            raise _invalid(
                "offset",
                str(offset),
                "offset works with the date order only; use after",
            )

        def build(store: Store) -> dict[str, Any]:
            if offset:
                found = store.events(replace(filters, limit=limit, offset=offset))
            else:
                found = store.events_page(
                    filters, sort=sort, descending=descending, after=cursor, limit=limit
                )
            last = found[-1] if len(found) == limit else None
            return {
                "events": [to_json_dict(e) for e in found],
                "count": len(found),
                "limit": limit,
                "offset": offset,
                "total": store.count_events(filters),
                "next": _write_cursor(sort_value(last, sort), last.event_id)
                if last
                else None,
            }

        return cached("events", filters, (limit, offset, sort, order, after), build)

    @app.get("/api/map", response_model=None, responses={200: {"model": MapView}})
    def get_map(
        filters: Filters,
        south: Annotated[float, Query(ge=-90, le=90)] = -90,
        west: Annotated[float, Query(ge=-1e6, le=1e6)] = -180,
        north: Annotated[float, Query(ge=-90, le=90)] = 90,
        east: Annotated[float, Query(ge=-1e6, le=1e6)] = 180,
        zoom: Annotated[int, Query(ge=0, le=MAX_ZOOM)] = 2,
    ) -> Response:
        """The matching events in a map view, counted per grid cell (none left out).

        A view wider than the world takes all of it; cells are about 64 pixels
        wide at the zoom given.
        """
        if east - west >= 360:
            west, east = -180.0, 180.0
        box = Box(
            south=min(south, north),
            west=max(-180.0, min(west, east)),
            north=max(south, north),
            east=min(180.0, max(west, east)),
        )
        return cached(
            "map",
            filters,
            (box, zoom),
            lambda store: to_json_dict(map_view(store, filters, box, zoom)),
        )

    @app.get("/api/counts", response_model=None, responses={200: {"model": TypeCounts}})
    def get_counts(filters: Filters) -> Response:
        """How many events match the filters, in all and per type."""
        return cached(
            "counts",
            filters,
            (),
            lambda store: to_json_dict(type_counts(store, filters)),
        )

    @app.get(
        "/api/events/{event_id}",
        response_model=None,
        responses={200: {"model": Event}, **_NOT_FOUND},
    )
    def get_event(event_id: EventId) -> JSONResponse:
        """One event, as ``dateline show --format json`` prints it."""
        with access.use() as store:
            event = store.event(event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return JSONResponse(to_json_dict(event))

    @app.get(
        "/api/events/{event_id}/reports",
        response_model=None,
        responses={200: {"model": list[Report]}, **_NOT_FOUND},
    )
    def other_reports(event_id: EventId) -> JSONResponse:
        """Other documents reporting the same event.

        The reports of the event's incident (the cross-source merge, any
        language) when it has one; otherwise events of other documents with
        the same type, the same dates and the same place.
        """
        with access.use() as store:
            event = store.event(event_id)
            if event is None:
                raise HTTPException(404, f"no event {event_id!r}")
            linked = [
                other
                for r in incident_reports(store, event_id)
                if (other := store.event(r.event_id)) is not None
            ]
            if linked:
                candidates = list({e.doc_id: e for e in linked}.values())
            elif event.date:
                candidates = same_event(
                    event,
                    store.events(
                        EventFilter(
                            event_type=event.event_type,
                            since=event.date.start,
                            until=event.date.end,
                        )
                    ),
                )
            else:
                candidates = []
            reports = []
            for other in candidates:
                stored = store.document(other.doc_id)
                doc = stored.document if stored else None
                reports.append(
                    Report(
                        event_id=other.event_id,
                        doc_id=other.doc_id,
                        title=doc.title if doc else None,
                        outlet=doc.outlet if doc else None,
                        url=doc.url if doc else None,
                        published=doc.published if doc else None,
                    )
                )
        return JSONResponse([to_json_dict(r) for r in reports])

    @app.get(
        "/api/documents/{doc_id}",
        response_model=None,
        responses={200: {"model": StoredDocument}, **_NOT_FOUND},
    )
    def get_document(doc_id: DocId) -> JSONResponse:
        """One stored document: its text and metadata, and its coding status."""
        with access.use() as store:
            stored = store.document(doc_id)
        if stored is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return JSONResponse(to_json_dict(stored))

    @app.get("/api/facets", response_model=None, responses={200: {"model": Facets}})
    def get_facets() -> Response:
        """The values each filter can take, with counts over the whole store."""
        return cached(
            "facets",
            EventFilter(),
            (),
            lambda store: to_json_dict(facets(store, resources.ontology)),
        )

    @app.get("/api/timeline", response_model=None, responses={200: {"model": Timeline}})
    def get_timeline(filters: Filters) -> Response:
        """Events per day, week or month (from the span), by type and kind of date.

        A range counts on its last day; events dated only to a month, or by
        their article's publication day, are counted apart.
        """
        return cached(
            "timeline",
            filters,
            (),
            lambda store: to_json_dict(timeline(store, filters)),
        )

    @app.get(
        "/api/actors/matrix",
        response_model=None,
        responses={200: {"model": ActorMatrix}},
    )
    def get_actor_matrix(
        filters: Filters,
        size: Annotated[
            int,
            Query(ge=1, le=100, description="Initiators and recipients kept."),
        ] = MATRIX_ACTORS,
    ) -> Response:
        """Who acted against whom, with counts by event type."""
        return cached(
            "matrix",
            filters,
            (size,),
            lambda store: to_json_dict(actor_matrix(store, filters, size)),
        )

    @app.get(
        "/api/export",
        response_model=None,
        responses={
            200: {
                "content": {
                    # JSON kinds are parsed by clients: any JSON; the rest text.
                    media: {"schema": {} if "json" in media else {"type": "string"}}
                    for media in sorted({m for m, _ in EXPORT_MEDIA.values()})
                },
                "description": "The file, as an attachment.",
            }
        },
    )
    def export(
        filters: Filters,
        fmt: Annotated[
            str,
            Query(
                alias="format",
                pattern="^(" + "|".join(sorted(EXPORT_MEDIA)) + ")$",
                description="A text format of `dateline export`: "
                + ", ".join(sorted(EXPORT_MEDIA))
                + ".",
            ),
        ] = "acled",
    ) -> Response:
        """The events matching the filters as a file: ACLED CSV, GeoJSON, JSON..."""
        with access.use() as store:
            found = store.events(filters)
            documents: dict[str, Document] = {}
            for doc_id in sorted({e.doc_id for e in found}):
                stored = store.document(doc_id)
                if stored is not None:
                    documents[doc_id] = stored.document
        out = io.StringIO()
        report = write_events(fmt, found, out, ExportContext(resources, documents))
        media_type, extension = EXPORT_MEDIA[fmt]
        name = "dateline-events" + ("" if fmt == extension else f"-{fmt}")
        return Response(
            out.getvalue(),
            media_type=media_type,
            headers={
                "Content-Disposition": (f'attachment; filename="{name}.{extension}"'),
                # Events the format does not record (ACLED: verbal acts, aid).
                "X-Events-Left-Out": str(report.left_out_count),
            },
        )

    @app.get("/api/config", response_model=None, responses={200: {"model": PageConfig}})
    def get_config() -> JSONResponse:
        """What the page needs to know: the online tile layer, if turned on."""
        return JSONResponse(to_json_dict(config))

    return app


def _version() -> str:
    from importlib.metadata import version

    return version("dateline")
