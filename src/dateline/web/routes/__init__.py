"""The API's routes, one module per part of the page, each an ``APIRouter``.

``ROUTERS`` lists them in the order ``create_app`` includes them.
"""

from __future__ import annotations

from fastapi import APIRouter

from dateline.web.routes import config, documents, events, export, incidents, views

ROUTERS: tuple[APIRouter, ...] = (
    events.router,
    views.router,
    documents.router,
    incidents.router,
    export.router,
    config.router,
)
