"""The grouped views: the map, the type counts, the facets, the timeline, the matrix.

Each is one or a few grouped queries, cached on the store's version.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from dateline.model import to_json_dict
from dateline.store import EventFilter
from dateline.store.base import Box
from dateline.web.context import Context
from dateline.web.filters import Filters
from dateline.web.summaries import (
    ActorMatrix,
    Facets,
    MapView,
    Timeline,
    TypeCounts,
    actor_matrix,
    facets,
    map_view,
    timeline,
    type_counts,
)

# The actor matrix keeps this many initiators and this many recipients.
MATRIX_ACTORS = 15
# Leaflet's zoom levels.
MAX_ZOOM = 18

router = APIRouter()


@router.get("/api/map", response_model=None, responses={200: {"model": MapView}})
def get_map(
    context: Context,
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
    return context.cached(
        "map",
        filters,
        (box, zoom),
        lambda store: to_json_dict(map_view(store, filters, box, zoom)),
    )


@router.get("/api/counts", response_model=None, responses={200: {"model": TypeCounts}})
def get_counts(context: Context, filters: Filters) -> Response:
    """How many events match the filters, in all and per type."""
    return context.cached(
        "counts",
        filters,
        (),
        lambda store: to_json_dict(type_counts(store, filters)),
    )


@router.get("/api/facets", response_model=None, responses={200: {"model": Facets}})
def get_facets(context: Context) -> Response:
    """The values each filter can take, with counts over the whole store."""
    ontology = context.resources.ontology
    return context.cached(
        "facets",
        EventFilter(),
        (),
        lambda store: to_json_dict(facets(store, ontology)),
    )


@router.get("/api/timeline", response_model=None, responses={200: {"model": Timeline}})
def get_timeline(context: Context, filters: Filters) -> Response:
    """Events per day, week or month (from the span), by type and kind of date.

    A range counts on its last day; events dated only to a month, or by
    their article's publication day, are counted apart.
    """
    return context.cached(
        "timeline",
        filters,
        (),
        lambda store: to_json_dict(timeline(store, filters)),
    )


@router.get(
    "/api/actors/matrix",
    response_model=None,
    responses={200: {"model": ActorMatrix}},
)
def get_actor_matrix(
    context: Context,
    filters: Filters,
    size: Annotated[
        int,
        Query(ge=1, le=100, description="Initiators and recipients kept."),
    ] = MATRIX_ACTORS,
) -> Response:
    """Who acted against whom, with counts by event type."""
    return context.cached(
        "matrix",
        filters,
        (size,),
        lambda store: to_json_dict(actor_matrix(store, filters, size)),
    )
