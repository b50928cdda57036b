"""The ``serve`` command: the web view of a store, on 127.0.0.1 by default."""

from __future__ import annotations

from pathlib import Path

import click

from dateline.errors import DatelineError
from dateline.web.security import LOOPBACK_HOSTS, tile_source


def _tiles(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        tile_source(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


@click.command()
@click.option(
    "--db",
    default="dateline.db",
    show_default=True,
    help="SQLite file or postgresql:// URL, opened read-only.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback shows your data to the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--tiles",
    callback=_tiles,
    metavar="URL_TEMPLATE",
    help="Offer an online tile layer, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
    "(off by default: the map draws offline country outlines).",
)
@click.option(
    "--tiles-attribution",
    default=None,
    help="Credit line the tile provider requires, shown on the map.",
)
@click.option("--quiet", "-q", is_flag=True, help="No request log.")
def serve(
    db: str,
    host: str,
    port: int,
    tiles: str | None,
    tiles_attribution: str | None,
    quiet: bool,
) -> None:
    """Browse stored events in a web page: map, timeline, table, actors.

    The JSON API is under /api, described at /openapi.json. Example:

        dateline serve --db dateline.db --port 8000
    """
    try:
        import uvicorn

        from dateline.web.app import PageConfig, create_app
    except ImportError as exc:
        raise click.ClickException(
            f"dateline serve needs the web extra ({exc.name} is missing): "
            "pip install 'dateline[web]'"
        ) from exc
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(
            f"{db}: no such database (run dateline ingest first)"
        )
    loopback = host in LOOPBACK_HOSTS or host == "::1"
    try:
        app = create_app(
            db,
            config=PageConfig(tiles=tiles, tiles_attribution=tiles_attribution),
            # Bound to loopback, only loopback names are answered (no DNS
            # rebinding); bound elsewhere, the user chose to be reachable.
            allowed_hosts=LOOPBACK_HOSTS if loopback else ("*",),
        )
    except DatelineError as exc:
        raise click.ClickException(str(exc)) from exc
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"serving {db} at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning" if quiet else "info",
    )
