"""The query parameters every view shares: the event filters, and how bad ones fail.

A bad parameter is answered with a 422 shaped like FastAPI's own, naming it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Query
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from dateline.model import Certainty
from dateline.store import EventFilter

# Filter texts are names and codes; anything longer is a mistake or an attack.
MAX_FILTER_CHARS = 200

# Control characters are never part of a name, and PostgreSQL refuses NUL.
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class ErrorMessage(BaseModel):
    """Why a request found nothing."""

    detail: str


NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorMessage}}


def invalid(name: str, value: str, message: str) -> RequestValidationError:
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
        raise invalid(name, value, f"{value!r} is not a date (YYYY-MM-DD)") from exc


def event_filters(
    event_type: Annotated[
        str | None,
        Query(
            alias="type",
            max_length=MAX_FILTER_CHARS,
            pattern=NO_CONTROL,
            description="PLOVER event type, e.g. ASSAULT (any case).",
        ),
    ] = None,
    mode: Annotated[
        str | None,
        Query(
            max_length=MAX_FILTER_CHARS,
            pattern=NO_CONTROL,
            description="Event mode, e.g. aerial.",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        Query(
            max_length=MAX_FILTER_CHARS,
            pattern=NO_CONTROL,
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
            pattern=NO_CONTROL,
            description="The source credited (attributed_to) contains this.",
        ),
    ] = None,
) -> EventFilter:
    """The filters of ``dateline events``, read from the query string."""
    first = _parse_date("since", since)
    last = _parse_date("until", until)
    if first and last and first > last:
        raise invalid("until", str(until), f"until ({last}) is before since ({first})")
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
