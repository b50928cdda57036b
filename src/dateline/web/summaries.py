"""What the page shows beside the event list: facets, counts per day, the actor matrix.

Each summary is a plain function over stored events that returns small frozen
records, serialised like every other record with ``to_json_dict``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateline.model import CERTAINTIES, Event

# Facets list at most this many actors and sources, the most frequent first: they
# feed the filter inputs' suggestions, not a full index.
MAX_SUGGESTIONS = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueCount:
    """A value seen in the events and how many events have it."""

    value: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Facets:
    """The values the filters can take, with their counts over the whole store.

    ``event_types`` lists every type of the ontology in its order (count 0 when
    unseen), so the page gives each type the same colour whatever is stored.
    """

    event_types: tuple[ValueCount, ...]
    modes: tuple[ValueCount, ...]
    countries: tuple[ValueCount, ...]
    certainties: tuple[ValueCount, ...]
    actors: tuple[ValueCount, ...]
    sources: tuple[ValueCount, ...]
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeCount:
    """How many events of one type."""

    event_type: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Day:
    """The events of one day, by type."""

    date: dt.date
    counts: tuple[TypeCount, ...]
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    """Events per day, by type; ``undated`` counts the events with no date."""

    days: tuple[Day, ...]
    undated: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    """How often one actor acted on another, by event type.

    ``actor`` or ``target`` is None when the text names no initiator or no
    recipient.
    """

    actor: str | None
    target: str | None
    counts: tuple[TypeCount, ...]
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorMatrix:
    """Who acted against whom: initiators, recipients and the non-empty cells."""

    actors: tuple[str | None, ...]  # initiators, most active first
    targets: tuple[str | None, ...]  # recipients, most acted on first
    cells: tuple[Pair, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Another document reporting an event: enough to list and open it."""

    event_id: str
    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None


def _counted(counter: Counter[str], limit: int | None = None) -> tuple[ValueCount, ...]:
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return tuple(ValueCount(value=v, count=n) for v, n in ordered[:limit])


def facets(events: Sequence[Event], ontology_types: Iterable[str]) -> Facets:
    """Count the values of every filter over ``events``."""
    types: Counter[str] = Counter()
    modes: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    certainties: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for event in events:
        types[event.event_type] += 1
        certainties[event.certainty] += 1
        if event.mode:
            modes[event.mode] += 1
        if event.location and event.location.country:
            countries[event.location.country] += 1
        for actor in (event.actor, event.target):
            if actor is not None:
                actors[actor.name] += 1
        if event.attributed_to:
            sources[event.attributed_to] += 1
    known = list(ontology_types)
    # Types stored by another ontology version still get listed, after ours.
    extra = sorted(set(types) - set(known))
    return Facets(
        event_types=tuple(ValueCount(value=t, count=types[t]) for t in known + extra),
        modes=_counted(modes),
        countries=_counted(countries),
        certainties=tuple(
            ValueCount(value=c, count=certainties[c]) for c in CERTAINTIES
        ),
        actors=_counted(actors, MAX_SUGGESTIONS),
        sources=_counted(sources, MAX_SUGGESTIONS),
        total=len(events),
    )


def _type_counts(counter: Counter[str]) -> tuple[TypeCount, ...]:
    return tuple(
        TypeCount(event_type=t, count=n)
        for t, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    )


def timeline(events: Iterable[Event]) -> Timeline:
    """Count events per day and type.

    An event spanning several days is counted on its last day, the day ACLED's
    ``event_date`` takes (as the ACLED export does).
    """
    per_day: dict[dt.date, Counter[str]] = {}
    undated = 0
    for event in events:
        if event.date is None:
            undated += 1
            continue
        per_day.setdefault(event.date.end, Counter())[event.event_type] += 1
    days = tuple(
        Day(date=day, counts=_type_counts(counts), total=sum(counts.values()))
        for day, counts in sorted(per_day.items())
    )
    return Timeline(days=days, undated=undated)


def actor_matrix(events: Iterable[Event], max_actors: int) -> ActorMatrix:
    """Count events per (initiator, recipient) pair and type.

    Keeps the ``max_actors`` most active initiators and the ``max_actors`` most
    acted-on recipients; a missing initiator or recipient is None, not dropped,
    so one-sided events still show.
    """
    pairs: dict[tuple[str | None, str | None], Counter[str]] = {}
    as_actor: Counter[str | None] = Counter()
    as_target: Counter[str | None] = Counter()
    for event in events:
        actor = event.actor.name if event.actor else None
        target = event.target.name if event.target else None
        pairs.setdefault((actor, target), Counter())[event.event_type] += 1
        as_actor[actor] += 1
        as_target[target] += 1

    def ranked(counter: Counter[str | None]) -> tuple[str | None, ...]:
        ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0] or ""))
        return tuple(name for name, _ in ordered[:max_actors])

    actors = ranked(as_actor)
    targets = ranked(as_target)
    kept_actors, kept_targets = set(actors), set(targets)
    cells = tuple(
        Pair(actor=a, target=t, counts=_type_counts(c), total=sum(c.values()))
        for (a, t), c in sorted(
            pairs.items(), key=lambda item: (item[0][0] or "", item[0][1] or "")
        )
        if a in kept_actors and t in kept_targets
    )
    return ActorMatrix(actors=actors, targets=targets, cells=cells)


def same_event(event: Event, candidates: Iterable[Event]) -> list[Event]:
    """Return the candidates that report ``event`` in other documents, one per document.

    The page's rule for an event that belongs to no incident (``dateline.incidents``
    merges across sources and languages): the same type, the same dates and the
    same place name. An event with no date or no place matches nothing.
    """
    if event.date is None or event.location is None:
        return []
    place = event.location.name.casefold()
    found: dict[str, Event] = {}
    for other in candidates:
        if (
            other.doc_id != event.doc_id
            and other.doc_id not in found
            and other.event_type == event.event_type
            and other.date is not None
            and (other.date.start, other.date.end) == (event.date.start, event.date.end)
            and other.location is not None
            and other.location.name.casefold() == place
        ):
            found[other.doc_id] = other
    return list(found.values())
