"""What the page shows beside the event list: facets, the timeline, the map, the matrix.

Each summary asks the store for grouped counts (never every event) and returns
small frozen records, serialised like every other record with ``to_json_dict``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dateline.model import CERTAINTIES, Event
from dateline.store import EventFilter, Store
from dateline.store.base import Box, CellGroup

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
class Bin:
    """The events of one day, week or month.

    ``counts`` and ``exact`` are the events whose text dates them (to the day,
    week or a range); ``month`` those dated only to a month or a year, and
    ``publication`` those dated by their article's publication day: shown
    apart, so a vague or borrowed date never passes for an exact one.
    """

    start: dt.date
    end: dt.date
    counts: tuple[TypeCount, ...]
    exact: int
    month: int
    publication: int
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    """Events per bin, by type; the bin (day, week, month) is chosen from the span.

    Only bins with events are listed; ``undated`` counts the events with no date.
    """

    unit: str
    bins: tuple[Bin, ...]
    undated: int


@dataclass(frozen=True, slots=True, kw_only=True)
class MapCell:
    """The events of one grid cell: where they sit on average, and their types.

    ``event_id`` names the event when the cell holds only one.
    """

    lat: float
    lon: float
    count: int
    counts: tuple[TypeCount, ...]
    event_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class MapView:
    """The matching events in a map view, counted per cell; none left out.

    ``placed`` is the sum of the cells' counts; ``unplaced`` counts the
    matching events with no coordinates (anywhere, not only in the view).
    """

    cells: tuple[MapCell, ...]
    placed: int
    unplaced: int
    cell_degrees: float


@dataclass(frozen=True, slots=True, kw_only=True)
class TypeCounts:
    """How many events match the filters, in all and per type."""

    total: int
    event_types: tuple[ValueCount, ...]


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


# The timeline's bin follows the span, so bars stay readable: days up to four
# months (at most ~120 bars), weeks up to three years (~157), months beyond.
DAY_BINS_UP_TO_DAYS = 120
WEEK_BINS_UP_TO_DAYS = 3 * 366
# Precisions shown apart on the timeline (TimeSpan.precision).
COARSE_PRECISIONS = frozenset({"month", "year"})
PUBLICATION_PRECISION = "publication"


def _counted(counter: Counter[str], limit: int | None = None) -> tuple[ValueCount, ...]:
    ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    return tuple(ValueCount(value=v, count=n) for v, n in ordered[:limit])


def _tally(rows: Iterable[tuple[Any, ...]]) -> Counter[str]:
    """A Counter from grouped rows (value, count); None values are left out."""
    counter: Counter[str] = Counter()
    for value, n in rows:
        if value is not None:
            counter[value] += n
    return counter


def facets(store: Store, ontology_types: Iterable[str]) -> Facets:
    """Count the values of every filter over the whole store, one grouped query each."""
    every = EventFilter()
    types = _tally(store.group_counts(every, ["event_type"]))
    certainties = _tally(store.group_counts(every, ["certainty"]))
    actors = _tally(store.group_counts(every, ["actor"]))
    actors.update(_tally(store.group_counts(every, ["target"])))
    known = list(ontology_types)
    # Types stored by another ontology version still get listed, after ours.
    extra = sorted(set(types) - set(known))
    return Facets(
        event_types=tuple(ValueCount(value=t, count=types[t]) for t in known + extra),
        modes=_counted(_tally(store.group_counts(every, ["mode"]))),
        countries=_counted(_tally(store.group_counts(every, ["country"]))),
        certainties=tuple(
            ValueCount(value=c, count=certainties[c]) for c in CERTAINTIES
        ),
        actors=_counted(actors, MAX_SUGGESTIONS),
        sources=_counted(
            _tally(store.group_counts(every, ["source"], limit=MAX_SUGGESTIONS)),
            MAX_SUGGESTIONS,
        ),
        total=sum(types.values()),
    )


def type_counts(store: Store, filters: EventFilter) -> TypeCounts:
    """Count the matching events per type."""
    types = _tally(store.group_counts(filters, ["event_type"]))
    return TypeCounts(total=sum(types.values()), event_types=_counted(types))


def _type_counts(counter: Counter[str]) -> tuple[TypeCount, ...]:
    return tuple(
        TypeCount(event_type=t, count=n)
        for t, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    )


def _bin_of(day: dt.date, unit: str) -> tuple[dt.date, dt.date]:
    if unit == "day":
        return day, day
    if unit == "week":  # ISO weeks, Monday to Sunday
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def timeline_unit(first: dt.date, last: dt.date) -> str:
    """The bin for a span of days: day, week or month."""
    days = (last - first).days + 1
    if days <= DAY_BINS_UP_TO_DAYS:
        return "day"
    return "week" if days <= WEEK_BINS_UP_TO_DAYS else "month"


def timeline(store: Store, filters: EventFilter) -> Timeline:
    """Count matching events per bin, type and kind of date (two queries).

    An event spanning several days is counted on its last day, the day ACLED's
    ``event_date`` takes (as the ACLED export does). The store bins the days
    (a million events have a few thousand days, in tens of thousands of
    rows per day, type and precision; a few thousand per week).
    """
    span = store.day_span(filters)
    unit = (
        timeline_unit(dt.date.fromisoformat(span[0]), dt.date.fromisoformat(span[1]))
        if span
        else "day"
    )
    rows = store.group_counts(filters, [unit, "precision", "event_type"])
    undated = sum(n for day, _, _, n in rows if day is None)
    # Each distinct bin start is parsed once.
    bin_of = {
        start: _bin_of(dt.date.fromisoformat(start), unit)
        for start in {start for start, _, _, _ in rows if start}
    }
    exact: dict[tuple[dt.date, dt.date], Counter[str]] = {
        key: Counter() for key in bin_of.values()
    }
    month: Counter[tuple[dt.date, dt.date]] = Counter()
    publication: Counter[tuple[dt.date, dt.date]] = Counter()
    for start, precision, event_type, n in rows:
        if not start:
            continue
        if precision == PUBLICATION_PRECISION:
            publication[bin_of[start]] += n
        elif precision in COARSE_PRECISIONS:
            month[bin_of[start]] += n
        else:
            exact[bin_of[start]][event_type] += n
    bins = tuple(
        Bin(
            start=start,
            end=end,
            counts=_type_counts(counts),
            exact=sum(counts.values()),
            month=month[(start, end)],
            publication=publication[(start, end)],
            total=sum(counts.values())
            + month[(start, end)]
            + publication[(start, end)],
        )
        for (start, end), counts in sorted(exact.items())
    )
    return Timeline(unit=unit, bins=bins, undated=undated)


def actor_matrix(store: Store, filters: EventFilter, max_actors: int) -> ActorMatrix:
    """Count events per (initiator, recipient) pair and type, in three grouped queries.

    Keeps the ``max_actors`` most active initiators and the ``max_actors`` most
    acted-on recipients; a missing initiator or recipient is None, not dropped,
    so one-sided events still show.
    """

    def ranked(column: str) -> tuple[str | None, ...]:
        rows = store.group_counts(filters, [column], limit=max_actors)
        ordered = sorted(rows, key=lambda r: (-r[1], r[0] or ""))
        return tuple(name for name, _ in ordered)

    actors = ranked("actor")
    targets = ranked("target")
    pairs: dict[tuple[str | None, str | None], Counter[str]] = {}
    if actors and targets:
        rows = store.group_counts(
            filters,
            ["actor", "target", "event_type"],
            among={"actor": actors, "target": targets},
        )
        for actor, target, event_type, n in rows:
            pairs.setdefault((actor, target), Counter())[event_type] += n
    cells = tuple(
        Pair(actor=a, target=t, counts=_type_counts(c), total=sum(c.values()))
        for (a, t), c in sorted(
            pairs.items(), key=lambda item: (item[0][0] or "", item[0][1] or "")
        )
    )
    return ActorMatrix(actors=actors, targets=targets, cells=cells)


def map_view(store: Store, filters: EventFilter, box: Box, zoom: int) -> MapView:
    """Count the matching events in ``box`` per grid cell, for a map at ``zoom``.

    A cell is a quarter of a 256-pixel map tile wide (about 64 pixels on
    screen) at every zoom.
    """
    cell = 360.0 / 2 ** (zoom + 2)
    grouped: dict[tuple[int, int], list[CellGroup]] = {}
    for group in store.map_groups(filters, box, cell):
        grouped.setdefault((group.column, group.row), []).append(group)
    cells = []
    for key in sorted(grouped):
        groups = grouped[key]
        count = sum(g.events for g in groups)
        types: Counter[str] = Counter()
        for g in groups:
            types[g.event_type] += g.events
        cells.append(
            MapCell(
                lat=sum(g.lat_sum for g in groups) / count,
                lon=sum(g.lon_sum for g in groups) / count,
                count=count,
                counts=_type_counts(types),
                event_id=groups[0].first_event_id if count == 1 else None,
            )
        )
    return MapView(
        cells=tuple(cells),
        placed=sum(c.count for c in cells),
        unplaced=store.count_unplaced(filters),
        cell_degrees=cell,
    )


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
