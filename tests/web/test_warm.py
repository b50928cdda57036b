"""The page's first views are computed before the server answers its first request."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline.web.app import create_app
from dateline.web.routes import views


def test_first_page_views_are_ready_when_the_server_answers(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(str(web_db))
    with TestClient(app, base_url="http://127.0.0.1") as client:

        def recomputed(*args: object) -> None:
            raise AssertionError("the first page's timeline was computed on request")

        # A cold server answering the first visit would compute it now.
        monkeypatch.setattr(views, "timeline", recomputed)
        monkeypatch.setattr(views, "facets", recomputed)
        first = client.get("/api/timeline")
        assert first.status_code == 200, first.text
        assert first.json()["bins"], "the first timeline came back empty"
        assert client.get("/api/facets").json()["total"] > 0
