"""The incidents view's routes: the list, one incident, and incidents on the map.

An incident is one happening seen by several reports (``dateline.incidents``).
The list and the map take the same filters as every other view: an incident
is shown when at least one of its reports matches them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from dateline.errors import StoreError
from dateline.incidents import figures_table
from dateline.model import Incident, to_json_dict
from dateline.store import Store
from dateline.web.context import Context
from dateline.web.filters import MAX_FILTER_CHARS, NOT_FOUND, Filters, invalid

# /api/incidents returns this many unless asked, and never more than
# MAX_LIMIT; ``total`` says how many matched, so a cut list says so.
DEFAULT_LIMIT = 200
MAX_LIMIT = 5000
MAX_OFFSET = 1_000_000_000
# The map draws at most this many incident markers; ``total`` and ``cut``
# tell the page when a view holds more, never a silent sample.
MAP_LIMIT = 5000

IncidentId = Annotated[str, PathParam(max_length=MAX_FILTER_CHARS)]

router = APIRouter()


class IncidentSummary(BaseModel):
    """One row of the incidents list."""

    incident_id: str
    event_type: str
    date_start: str | None
    date_end: str | None
    place: str | None
    country: str | None
    lat: float | None
    lon: float | None
    reports: int
    documents: int
    outlets: int
    credited: int
    figures: str  # each source's figures: "the army: 12 killed; ..."


class IncidentPage(BaseModel):
    """A page of incidents, by date."""

    incidents: list[IncidentSummary]
    count: int
    limit: int
    offset: int
    total: int  # every incident with a report matching the filters


class IncidentMarker(BaseModel):
    """An incident on the map: one marker however many reports it has."""

    incident_id: str
    event_type: str
    lat: float
    lon: float
    reports: int
    documents: int


class IncidentMap(BaseModel):
    """The incident markers of the filters and view, and what they leave out."""

    markers: list[IncidentMarker]
    placed: int  # incidents with coordinates in the view
    unplaced: int  # matching incidents without coordinates
    cut: bool  # more than MAP_LIMIT in the view: the rest are not drawn


def summary(incident: Incident) -> dict[str, Any]:
    """An incident as a row of the list."""
    place = incident.place
    return {
        "incident_id": incident.incident_id,
        "event_type": incident.event_type,
        "date_start": incident.date.start.isoformat() if incident.date else None,
        "date_end": incident.date.end.isoformat() if incident.date else None,
        "place": place.name if place else None,
        "country": incident.country,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "reports": incident.sources.reports,
        "documents": incident.sources.documents,
        "outlets": incident.sources.outlets,
        "credited": incident.sources.credited,
        "figures": figures_table(incident),
    }


def _incidents(store: Store, filters: Any) -> list[Incident]:
    """The incidents of the filters; a store never clustered has none to show."""
    try:
        return store.incidents(filters)
    except StoreError:
        return []  # "no incidents yet": an empty view, not an error


@router.get(
    "/api/incidents", response_model=None, responses={200: {"model": IncidentPage}}
)
def list_incidents(
    context: Context,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """Incidents with a report matching the filters, by date, a page at a time."""

    def build(store: Store) -> dict[str, Any]:
        found = _incidents(store, filters)
        page = found[offset : offset + limit]
        return {
            "incidents": [summary(i) for i in page],
            "count": len(page),
            "limit": limit,
            "offset": offset,
            "total": len(found),
        }

    return context.cached("incidents", filters, (limit, offset), build)


@router.get(
    "/api/incidents/map",
    response_model=None,
    responses={200: {"model": IncidentMap}},
)
def incident_map(
    context: Context,
    filters: Filters,
    south: Annotated[float, Query(ge=-90, le=90)] = -90,
    west: Annotated[float, Query(ge=-540, le=540)] = -180,
    north: Annotated[float, Query(ge=-90, le=90)] = 90,
    east: Annotated[float, Query(ge=-540, le=540)] = 180,
) -> Response:
    """One marker per incident in the view, at the incident's best place."""
    if south > north:
        raise invalid("north", str(north), "north is south of south")

    def build(store: Store) -> dict[str, Any]:
        placed: list[dict[str, Any]] = []
        unplaced = 0
        for incident in _incidents(store, replace(filters, limit=None)):
            place = incident.place
            if place is None or place.lat is None or place.lon is None:
                unplaced += 1
                continue
            if not _in_view(place.lat, place.lon, south, west, north, east):
                continue
            placed.append(
                {
                    "incident_id": incident.incident_id,
                    "event_type": incident.event_type,
                    "lat": place.lat,
                    "lon": place.lon,
                    "reports": incident.sources.reports,
                    "documents": incident.sources.documents,
                }
            )
        return {
            "markers": placed[:MAP_LIMIT],
            "placed": len(placed),
            "unplaced": unplaced,
            "cut": len(placed) > MAP_LIMIT,
        }

    box = (round(south, 4), round(west, 4), round(north, 4), round(east, 4))
    return context.cached("incident-map", filters, box, build)


def _in_view(
    lat: float, lon: float, south: float, west: float, north: float, east: float
) -> bool:
    """Whether a point is in the view; the view may span the antimeridian."""
    if not south <= lat <= north:
        return False
    if east - west >= 360:
        return True
    shifted = (lon - west) % 360 + west
    return shifted <= east


@router.get(
    "/api/incidents/{incident_id}",
    response_model=None,
    responses={200: {"model": Incident}, **NOT_FOUND},
)
def get_incident(context: Context, incident_id: IncidentId) -> JSONResponse:
    """One incident, with every report side by side.

    Each report keeps its outlet, credited source, certainty, figures and
    evidence; ``figures`` lists each source's figures, never averaged.
    """
    with context.access.use() as store:
        incident = store.incident(incident_id)
    if incident is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    return JSONResponse(to_json_dict(incident))
