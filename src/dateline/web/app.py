"""The web app: a JSON API under /api, documented at /openapi.json, and one page.

A client of the library like ``cli.py``: it reads a store opened read-only and
answers with the records' own JSON (``to_json_dict``). It serves only its own
static files, sends a Content-Security-Policy that allows no inline script, and
answers bad query parameters with a 422 naming the parameter. The routes live
in ``dateline.web.routes``, one module per part of the page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dateline.resources import load_resources
from dateline.settings import Settings
from dateline.web.context import (
    CACHE_BYTES,
    PageConfig,
    StoreAccess,
    ViewCache,
    WebContext,
)
from dateline.web.routes import ROUTERS
from dateline.web.security import (
    LOOPBACK_HOSTS,
    SecurityHeaders,
    content_security_policy,
)

__all__ = ["PageConfig", "create_app"]

STATIC_DIR = Path(__file__).parent / "static"


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
    access = StoreAccess(db)
    with access.use():
        pass  # open one now: a missing or foreign database fails here, not later
    context = WebContext(
        access=access,
        cache=ViewCache(CACHE_BYTES),
        resources=load_resources(settings or Settings()),
        config=config,
    )

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
    app.state.web = context
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

    for router in ROUTERS:
        app.include_router(router)
    return app


def _version() -> str:
    from importlib.metadata import version

    return version("dateline")
