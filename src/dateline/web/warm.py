"""Keep the page's first views computed: at start, and after every write to the store.

A page opened on a store nobody has viewed since its last ingest would wait
for the grouped queries over every event (the facets above all); a thread
computes those views into the cache as soon as the store's version changes,
through the routes themselves, so the keys are the ones the page asks for.
"""

from __future__ import annotations

import logging
import threading

from dateline.errors import DatelineError
from dateline.store import EventFilter
from dateline.web.context import WebContext
from dateline.web.routes.events import list_events
from dateline.web.routes.views import (
    MATRIX_ACTORS,
    get_actor_matrix,
    get_counts,
    get_facets,
    get_timeline,
)

logger = logging.getLogger(__name__)

# How often the store's version is read (one small query) to see a new ingest.
WARM_POLL_SECONDS = 2.0
# The table's first page as the page asks for it (TABLE_PAGE in app.js).
PAGE_ROWS = 100


def warm_views(context: WebContext) -> None:
    """Compute the unfiltered views the page opens with into the cache."""
    every = EventFilter()
    get_facets(context)
    list_events(
        context, every, limit=PAGE_ROWS, offset=0, sort="date", order="asc", after=None
    )
    get_timeline(context, every)
    get_actor_matrix(context, every, size=MATRIX_ACTORS)
    get_counts(context, every)


class CacheWarmer:
    """A daemon thread that warms the cache whenever the store's version changes."""

    def __init__(self, context: WebContext, poll_seconds: float = WARM_POLL_SECONDS):
        self.context = context
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._warmed: int | None = None
        self._thread = threading.Thread(
            target=self._run, name="dateline-warm", daemon=True
        )

    def start(self) -> None:
        """Warm now, before the server answers, then after every write.

        The first warm-up runs in the caller (the app's startup, before it
        listens): otherwise the first page's requests, which ask for exactly
        these views, would queue behind it (half a second at a million events).
        """
        self._warmed = self._warm(None)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling (a warm-up under way finishes first)."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.poll_seconds + 1)

    def _warm(self, warmed: int | None) -> int | None:
        """Warm the views if the store's version is not ``warmed``; the version warmed."""
        with self.context.access.use() as store:
            errors = (DatelineError, *getattr(store, "driver_errors", ()))
            try:
                version = store.version()
                if version >= 0 and version != warmed:
                    warm_views(self.context)
                    return version
            except errors as exc:
                logger.warning("could not warm the page's views: %s", exc)
        return warmed

    def _run(self) -> None:
        warmed = self._warmed
        while not self._stop.wait(self.poll_seconds):
            warmed = self._warm(warmed)
