"""The table's routes: pages of events, one event, and its other reports."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from dateline.incidents import other_reports as incident_reports
from dateline.model import Event, to_json_dict
from dateline.store import EventFilter, Store
from dateline.store.base import SortValue
from dateline.store.views import SORT_COLUMNS, sort_value
from dateline.web.context import Context
from dateline.web.filters import (
    MAX_FILTER_CHARS,
    NOT_FOUND,
    EventId,
    Filters,
    invalid,
)
from dateline.web.summaries import Report, same_event

# /api/events returns this many events unless asked, and never more than
# MAX_LIMIT: the page asks for MAX_LIMIT and says when the view is cut.
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
# Far beyond any store, and well inside SQLite's 64-bit integers.
MAX_OFFSET = 1_000_000_000

router = APIRouter()


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
        raise invalid("after", text, "not a `next` value of /api/events") from exc
    if not isinstance(event_id, str) or not (
        value is None or (isinstance(value, str | int) and not isinstance(value, bool))
    ):
        raise invalid("after", text, "not a `next` value of /api/events")
    return value, event_id


@router.get("/api/events", response_model=None, responses={200: {"model": EventPage}})
def list_events(
    context: Context,
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
        raise invalid(
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

    return context.cached("events", filters, (limit, offset, sort, order, after), build)


@router.get(
    "/api/events/{event_id}",
    response_model=None,
    responses={200: {"model": Event}, **NOT_FOUND},
)
def get_event(context: Context, event_id: EventId) -> JSONResponse:
    """One event, as ``dateline show --format json`` prints it."""
    with context.access.use() as store:
        event = store.event(event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id!r}")
    return JSONResponse(to_json_dict(event))


def _report_candidates(store: Store, event: Event) -> list[Event]:
    """Events of other documents reporting ``event``: its incident's, or look-alikes."""
    linked = [
        other
        for r in incident_reports(store, event.event_id)
        if (other := store.event(r.event_id)) is not None
    ]
    if linked:
        return list({e.doc_id: e for e in linked}.values())
    if event.date:
        return same_event(
            event,
            store.events(
                EventFilter(
                    event_type=event.event_type,
                    since=event.date.start,
                    until=event.date.end,
                )
            ),
        )
    return []


@router.get(
    "/api/events/{event_id}/reports",
    response_model=None,
    responses={200: {"model": list[Report]}, **NOT_FOUND},
)
def other_reports(context: Context, event_id: EventId) -> JSONResponse:
    """Other documents reporting the same event.

    The reports of the event's incident (the cross-source merge, any
    language) when it has one; otherwise events of other documents with
    the same type, the same dates and the same place.
    """
    with context.access.use() as store:
        event = store.event(event_id)
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        reports = []
        for other in _report_candidates(store, event):
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
