"""What every route shares: the store connections, the view cache, the page's config.

One ``WebContext`` is built by ``create_app`` and kept on ``app.state``; the
routes reach it through the ``Context`` dependency.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response

from dateline.resources import Resources
from dateline.store import EventFilter, Store, open_store

# Answers kept in memory, least recently used dropped first: a table page is
# about 300 kB, a grouped view a few kB, so this holds hundreds of views
# and keeps the server well under its 500 MB.
CACHE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True, kw_only=True)
class PageConfig:
    """What the page needs to know about the server: online tiles, if turned on."""

    tiles: str | None = (
        None  # URL template, e.g. https://tile.example.org/{z}/{x}/{y}.png
    )
    tiles_attribution: str | None = None


class StoreAccess:
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
        """This thread's connection, opened on its first request."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db, read_only=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        yield store

    def close(self) -> None:
        """Close every connection opened."""
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


class ViewCache:
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
        """The body cached under ``key``, computed once if it is not there."""
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


@dataclass(frozen=True, slots=True, kw_only=True)
class WebContext:
    """The app's shared parts: connections, cache, loaded data, page config."""

    access: StoreAccess
    cache: ViewCache
    resources: Resources
    config: PageConfig

    def cached(
        self,
        name: str,
        filters: EventFilter,
        extra: tuple[Any, ...],
        build: Callable[[Store], Any],
    ) -> Response:
        """The JSON of ``build(store)``, from the cache when the store is unchanged."""
        with self.access.use() as store:
            version = store.version()

            def compute() -> bytes:
                data = build(store)
                return json.dumps(
                    data, ensure_ascii=False, separators=(",", ":")
                ).encode()

            if version < 0:
                body = compute()
            else:
                body = self.cache.get((name, filters, extra, version), compute)
        return Response(body, media_type="application/json")


async def web_context(request: Request) -> WebContext:
    """The context ``create_app`` kept on the app (async: no worker thread needed)."""
    context: WebContext = request.app.state.web
    return context


Context = Annotated[WebContext, Depends(web_context)]
