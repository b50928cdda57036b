"""Our public API as a user's script writes it; mypy --strict checks this file.

Not run by pytest (tests/test_code.py type-checks it): if a signature or a
record field changes type, a user's code like this stops type-checking, and
so does CI.
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import closing

from dateline.export import EXPORTERS, write_events
from dateline.incidents import cluster_events, load_rules
from dateline.model import (
    Document,
    DocumentSource,
    Event,
    Incident,
    content_id,
    from_json_dict,
    to_json_dict,
)
from dateline.pipeline import Coder, Result
from dateline.store import EventFilter, open_store


def code_one(coder: Coder, text: str) -> list[Event]:
    document = Document(
        id=content_id(text), text=text, published=dt.date(2024, 3, 1), language="fr"
    )
    results: list[Result] = list(coder.code_documents([document]))
    return [event for result in results for event in result.events]


def summarise(event: Event) -> str:
    where = event.location.name if event.location is not None else "?"
    when = event.date.start.isoformat() if event.date is not None else "?"
    dead: int | None = event.fatalities
    source: str | None = event.attributed_to
    return f"{event.event_type}/{event.mode} {where} {when} {dead} {source} {event.certainty}"


def round_trip(event: Event) -> Event:
    return from_json_dict(Event, to_json_dict(event))


def stored_events(db: str, country: str) -> list[Event]:
    with closing(open_store(db, read_only=True)) as store:
        return store.events(EventFilter(country=country, limit=100))


def as_acled_csv(events: list[Event]) -> str:
    out = io.StringIO()
    assert "acled" in EXPORTERS
    write_events("acled", events, out)
    return out.getvalue()


def incidents_of(coder: Coder, events: list[Event]) -> list[Incident]:
    sources = {e.doc_id: DocumentSource(doc_id=e.doc_id) for e in events}
    return cluster_events(events, sources, load_rules(coder.settings, coder.resources))
