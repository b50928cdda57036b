"""The cache warmer: the page's first views are ready before the server answers."""

from __future__ import annotations

from pathlib import Path

from dateline.store import EventFilter
from dateline.web.app import create_app
from dateline.web.warm import PAGE_ROWS, CacheWarmer


def test_start_warms_the_first_views_before_returning(web_db: Path):
    context = create_app(str(web_db)).state.web
    warmer = CacheWarmer(context, poll_seconds=3600)  # the thread never polls here
    try:
        assert not context.cache._done
        warmer.start()
        names = {key[0] for key in context.cache._done}
        assert {"facets", "events", "timeline", "matrix", "counts"} <= names
        first_page = [
            key
            for key in context.cache._done
            if key[0] == "events" and key[1] == EventFilter()
        ]
        assert first_page and first_page[0][2][0] == PAGE_ROWS
    finally:
        warmer.stop()
        context.access.close()
