"""A real store built from docs/samples, a real `dateline serve`, a real Chromium."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dateline.incidents import load_rules, store_batch
from dateline.model import Actor, CharSpan, Document, Event, Mention, Place, TimeSpan
from dateline.resources import load_resources
from dateline.settings import Settings
from dateline.store import StoredDocument, open_store
from dateline.store.base import CODED

from ..conftest import ROOT, SAMPLES, formula_records

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "screenshots"
SERVER_START_SECONDS = 60

# An article that tries to run script in the page, and an event pointing at it.
HOSTILE_DOC_ID = "hostile-article"
HOSTILE_EVENT_ID = "hostile0event000"
HOSTILE_PREFIX = "Officials said <script>window.__pwned = 1</script> that "
HOSTILE_SENTENCE = (
    'gunmen <img src=x onerror="window.__pwned = 2"> attacked Timbuktu on Monday.'
)
HOSTILE_TEXT = HOSTILE_PREFIX + HOSTILE_SENTENCE + " More text follows."


def _span(text: str, part: str) -> CharSpan:
    start = text.index(part)
    return CharSpan(start=start, end=start + len(part), text=part)


def hostile_records() -> tuple[StoredDocument, Event]:
    """A stored article whose text, title and names are HTML and script."""
    doc = Document(
        id=HOSTILE_DOC_ID,
        text=HOSTILE_TEXT,
        title="<img src=x onerror=alert(1)> breaking",
        url="javascript:alert(1)",
        outlet="<b>Wire</b>",
        published=dt.date(2024, 3, 12),
        language="en",
    )
    evidence = _span(HOSTILE_TEXT, HOSTILE_SENTENCE)
    gunmen = _span(HOSTILE_TEXT, "gunmen <img")
    place = _span(HOSTILE_TEXT, "Timbuktu")
    event = Event(
        event_id=HOSTILE_EVENT_ID,
        doc_id=HOSTILE_DOC_ID,
        language="en",
        event_type="ASSAULT",
        mode=None,
        actor=Actor(name="<script>alert(1)</script>", text=gunmen.text, generic=True),
        target=None,
        location=Place(
            name="<i>Timbuktu</i>", text="Timbuktu", country="MLI", lat=16.77, lon=-3.0
        ),
        date=TimeSpan(
            start=dt.date(2024, 3, 11), end=dt.date(2024, 3, 11), text="on Monday"
        ),
        fatalities=None,
        injured=None,
        attributed_to='<img src=x onerror="window.__pwned = 3">',
        certainty="reported",
        evidence=evidence,
        trigger=_span(HOSTILE_TEXT, "attacked"),
        mentions=(
            Mention(
                kind="actor",
                start=gunmen.start,
                end=gunmen.end,
                text=gunmen.text,
                label="actor",
            ),
            Mention(
                kind="place",
                start=place.start,
                end=place.end,
                text=place.text,
                label="in",
            ),
        ),
    )
    return StoredDocument(document=doc, status=CODED), event


# One attack on Ménaka told by an English wire and a French paper, each
# crediting the Malian army: one incident, one marker, one credited source.
INCIDENT_DOCS = ("menaka-wire", "menaka-journal")


def incident_records() -> tuple[list[StoredDocument], list[Event]]:
    """Two articles in two languages reporting one attack, with their events."""
    texts = {
        "menaka-wire": (
            "en",
            "Sahel Wire",
            "Militants killed 12 soldiers near Ménaka on Tuesday, the Malian army said.",
            "the Malian army",
            12,
            "stated",
        ),
        "menaka-journal": (
            "fr",
            "Le Journal du Sahel",
            "Quinze soldats ont été tués mardi près de Ménaka, selon l'armée malienne.",
            "l'armée malienne",
            15,
            "reported",
        ),
    }
    army = Actor(
        name="Military Forces of Mali",
        text="soldiers",
        actor_id="mli-mil",
        country="MLI",
        sector="military",
    )
    documents, events = [], []
    for doc_id, (language, outlet, text, source, killed, certainty) in texts.items():
        documents.append(
            StoredDocument(
                document=Document(
                    id=doc_id,
                    text=text,
                    outlet=outlet,
                    published=dt.date(2024, 2, 21),
                    language=language,
                ),
                status=CODED,
            )
        )
        events.append(
            Event(
                event_id=f"{doc_id}-event",
                doc_id=doc_id,
                language=language,
                event_type="ASSAULT",
                mode=None,
                actor=Actor(name="militants", text="militants", generic=True, sector="armed_group", actor_id="generic-militants"),
                target=army,
                location=Place(name="Ménaka", text="Ménaka", country="MLI", lat=15.9182, lon=2.4022, geonameid=2453348),
                date=TimeSpan(start=dt.date(2024, 2, 20), end=dt.date(2024, 2, 20), text="mardi"),
                fatalities=killed,
                injured=None,
                attributed_to=source,
                attributed_to_id="mli-mil",
                certainty=certainty,
                evidence=CharSpan(start=0, end=len(text), text=text),
                trigger=_span(text, "killed" if language == "en" else "tués"),
            )
        )  # fmt: skip
    return documents, events


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled samples through the real pipeline, plus two hostile articles.

    One tries to run script in the page, the other formulas in a spreadsheet.
    """
    path = tmp_path_factory.mktemp("web") / "dateline.db"
    subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", str(SAMPLES), "--db", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    store = open_store(str(path))
    stored, event = hostile_records()
    formula_doc, formula_event = formula_records()
    run = store.add_run("{}")
    store.add_batch(run, [stored, formula_doc], [event, formula_event])
    documents, events = incident_records()
    store_batch(
        store,
        run,
        documents,
        events,
        load_rules(Settings(), load_resources(Settings())),
    )
    store.close()
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_command() -> list[str]:
    from dateline.cli import cli

    # `dateline serve` once cli.py registers the command; the same click
    # command through `python -m dateline.web` until then.
    if "serve" in cli.commands:
        return [sys.executable, "-m", "dateline", "serve"]
    return [sys.executable, "-m", "dateline.web"]


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[str]:
    """`dateline serve` as a subprocess on a free loopback port; yields its URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [*_serve_command(), "--db", str(web_db), "--port", str(port), "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if proc.poll() is not None:
            out = proc.stdout.read() if proc.stdout else ""
            pytest.fail(f"dateline serve exited with {proc.returncode}:\n{out}")
        try:
            if httpx.get(url + "/api/config", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"dateline serve did not answer within {SERVER_START_SECONDS}s")
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless; never a browser downloaded by playwright."""
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing: run .ci/setup-browser.sh"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh page; the test fails on any script error or CSP violation."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, base_url=server
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error"
            else None
        ),
    )
    yield page
    context.close()
    assert not problems, f"the page reported errors: {problems}"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
