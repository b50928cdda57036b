"""Shared fixtures: the real data, the real model, real SQLite files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.model import Document, Event, content_id
from dateline.pipeline import Coder
from dateline.read import Furniture
from dateline.resources import Resources, load_resources
from dateline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "docs" / "samples"
SEED = ROOT.parent / "shared" / "seed" / "000_fb0fa63643a5fb4d.txt"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def resources(settings: Settings) -> Resources:
    return load_resources(settings)


@pytest.fixture(scope="session")
def coder(settings: Settings, resources: Resources) -> Coder:
    """The real pipeline, loaded once per test run."""
    return Coder(settings, resources)


@pytest.fixture(scope="session")
def furniture(resources: Resources) -> Furniture:
    cues = resources.cues["en"]
    return Furniture.from_patterns(cues.furniture, cues.trailer)


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "test.db"


def code_text(
    coder: Coder, text: str, published: dt.date = dt.date(2024, 3, 15)
) -> list[Event]:
    """Code one passage written for a test."""
    doc = Document(id=content_id(text), text=text, published=published, language="en")
    (result,) = list(coder.code_documents([doc]))
    assert result.error is None, result.error
    return list(result.events)


def only(events: list[Event], event_type: str) -> Event:
    found = [e for e in events if e.event_type == event_type]
    assert len(found) == 1, (
        f"expected one {event_type} event, got {[(e.event_type, e.trigger.text) for e in events]}"
    )
    return found[0]
