"""Pre-aggregated counts the page reads instead of the events table (migration 0006).

Six small tables, kept by the store's own writes in the batch's transaction
(``add_batch``) and filled from the stored events by the migration:

- ``rollup_cells``: events per grid cell at every map zoom up to
  ``MAX_ROLLUP_ZOOM`` (the cells of ``/api/map``), type and country, with the
  sums of their coordinates and their smallest id;
- ``rollup_days``: events per type, last day and date precision (the timeline);
- ``rollup_actors``: events per role (initiator, recipient), type and name;
- ``rollup_day_countries`` and ``rollup_actor_countries``: the same two per
  country, for views filtered by one;
- ``rollup_types``: events per type, country and whether they have coordinates.

A view reads them only when its filters are the ones they are keyed by (a
type, a country, or none); any other filter reads the events table as before.
Missing values are stored as '' (a key column cannot be NULL in PostgreSQL)
and read back as None.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from dateline.model import Event
from dateline.store.base import EventFilter

# The map's cells are 360 / 2**(zoom + 2) degrees (a quarter tile). Zooms up
# to 8 (cells of 0.35 degrees, about 39 km) are kept: a view zoomed further
# covers a few degrees and is counted from the events' coordinates, cheaply.
MAX_ROLLUP_ZOOM = 8
ROLLUP_ZOOMS = tuple(range(MAX_ROLLUP_ZOOM + 1))
# The value a missing key is stored as.
NONE_KEY = ""
# The schema that has the rollups, and the one that adds weeks and months.
ROLLUP_MIGRATION = "0006_rollups"
BINS_MIGRATION = "0009_rollup_bins"
# The timeline's bins kept by rollup_bins beside the days of rollup_days.
BIN_UNITS = ("week", "month")


def cell_degrees(zoom: int) -> float:
    """The side of a map cell at ``zoom``: a quarter of a 256-pixel tile."""
    return 360.0 / (1 << (zoom + 2))


def zoom_of(cell: float) -> int | None:
    """The zoom whose cells are ``cell`` degrees wide, if it is a rollup zoom."""
    for zoom in ROLLUP_ZOOMS:
        if cell_degrees(zoom) == cell:
            return zoom
    return None


def cell_index(offset: float, cell: float) -> int:
    """The cell of a coordinate offset (lon + 180 or lat + 90), as SQL computes it."""
    return math.floor(offset / cell)


def rollup_filters(filters: EventFilter, *, country: bool = True) -> bool:
    """Whether the rollups can answer ``filters``: a type, a country (if keyed), none."""
    return (
        filters.mode is None
        and filters.actor is None
        and (country or filters.country is None)
        and filters.since is None
        and filters.until is None
        and filters.certainty is None
        and filters.source is None
        and filters.doc_id is None
        and filters.min_confidence is None
    )


def rollup_where(
    filters: EventFilter, *, country: bool = True
) -> tuple[str, list[Any]]:
    """The conditions on a rollup table for the type and country filters."""
    where: list[str] = []
    params: list[Any] = []
    if filters.event_type:
        where.append("event_type = ?")
        params.append(filters.event_type.upper())
    if country and filters.country:
        where.append("country = ?")
        params.append(filters.country.upper())
    return "".join(f" AND {w}" for w in where), params


def _key(value: str | None) -> str:
    return NONE_KEY if value is None else value


def bin_start(day: dt.date, unit: str) -> str:
    """The first day of ``day``'s ISO week (a Monday) or month, as ISO text."""
    if unit == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    return day.replace(day=1).isoformat()


@dataclass(slots=True)
class RollupDeltas:
    """What a batch of new events adds to each rollup table, keyed as its rows."""

    cells: dict[tuple[int, int, int, str, str], list[Any]] = field(default_factory=dict)
    days: dict[tuple[str, str, str], int] = field(default_factory=dict)
    actors: dict[tuple[str, str, str], int] = field(default_factory=dict)
    day_countries: dict[tuple[str, str, str, str], int] = field(default_factory=dict)
    actor_countries: dict[tuple[str, str, str, str], int] = field(default_factory=dict)
    types: dict[tuple[str, str, int], int] = field(default_factory=dict)
    bins: dict[tuple[str, str, str, str], int] = field(default_factory=dict)
    bin_countries: dict[tuple[str, str, str, str, str], int] = field(
        default_factory=dict
    )

    def add(self, event: Event) -> None:
        """Count one new event, with the values its events row stores."""
        kind = event.event_type
        place = event.location
        country = _key(place.country if place else None)
        lat = place.lat if place else None
        lon = place.lon if place else None
        placed = int(lat is not None and lon is not None)
        types_key = (kind, country, placed)
        self.types[types_key] = self.types.get(types_key, 0) + 1
        date = event.date
        day_key = (
            kind,
            date.end.isoformat() if date else NONE_KEY,
            _key(date.precision) if date else NONE_KEY,
        )
        self.days[day_key] = self.days.get(day_key, 0) + 1
        here = (country, *day_key)
        self.day_countries[here] = self.day_countries.get(here, 0) + 1
        for unit in BIN_UNITS:
            start = bin_start(date.end, unit) if date else NONE_KEY
            bin_key = (unit, kind, start, day_key[2])
            self.bins[bin_key] = self.bins.get(bin_key, 0) + 1
            in_country = (unit, country, kind, start, day_key[2])
            self.bin_countries[in_country] = self.bin_countries.get(in_country, 0) + 1
        for role, actor in (("actor", event.actor), ("target", event.target)):
            name = _key(actor.name if actor else None)
            actor_key = (role, kind, name)
            self.actors[actor_key] = self.actors.get(actor_key, 0) + 1
            there = (role, country, kind, name)
            self.actor_countries[there] = self.actor_countries.get(there, 0) + 1
        if lat is None or lon is None:
            return
        for zoom in ROLLUP_ZOOMS:
            size = cell_degrees(zoom)
            key = (
                zoom,
                cell_index(lat + 90.0, size),
                cell_index(lon + 180.0, size),
                kind,
                country,
            )
            row = self.cells.get(key)
            if row is None:
                self.cells[key] = [1, lat, lon, event.event_id]
            else:
                row[0] += 1
                row[1] += lat
                row[2] += lon
                row[3] = min(row[3], event.event_id)


def rollup_deltas(events: Iterable[Event]) -> RollupDeltas:
    """The rollup rows a batch of new events adds."""
    deltas = RollupDeltas()
    for event in events:
        deltas.add(event)
    return deltas


# The columns a timeline groups a rollup of days by: the last day or one of
# its bins (week, month), with the precision and the type.
DAY_COLUMNS = frozenset({"day", "week", "month"})
_TIMELINE_TABLES = frozenset(
    {"rollup_days", "rollup_day_countries", "rollup_bins", "rollup_bin_countries"}
)


# Upserts that add a batch's counts to the stored ones (SQLite >= 3.24 and
# PostgreSQL share the syntax).
UPSERT_CELLS = (
    "INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, "
    "lat_sum, lon_sum, first_event_id) VALUES (?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT (zoom, cy, cx, event_type, country) DO UPDATE SET "
    "events = rollup_cells.events + excluded.events, "
    "lat_sum = rollup_cells.lat_sum + excluded.lat_sum, "
    "lon_sum = rollup_cells.lon_sum + excluded.lon_sum, "
    "first_event_id = CASE WHEN excluded.first_event_id < rollup_cells.first_event_id "
    "THEN excluded.first_event_id ELSE rollup_cells.first_event_id END"
)
UPSERT_DAYS = (
    "INSERT INTO rollup_days (event_type, day, date_precision, events) "
    "VALUES (?,?,?,?) ON CONFLICT (event_type, day, date_precision) DO UPDATE SET "
    "events = rollup_days.events + excluded.events"
)
UPSERT_ACTORS = (
    "INSERT INTO rollup_actors (role, event_type, name, events) VALUES (?,?,?,?) "
    "ON CONFLICT (role, event_type, name) DO UPDATE SET "
    "events = rollup_actors.events + excluded.events"
)
UPSERT_DAY_COUNTRIES = (
    "INSERT INTO rollup_day_countries (country, event_type, day, date_precision, "
    "events) VALUES (?,?,?,?,?) ON CONFLICT (country, event_type, day, "
    "date_precision) DO UPDATE SET "
    "events = rollup_day_countries.events + excluded.events"
)
UPSERT_ACTOR_COUNTRIES = (
    "INSERT INTO rollup_actor_countries (role, country, event_type, name, events) "
    "VALUES (?,?,?,?,?) ON CONFLICT (role, country, event_type, name) DO UPDATE SET "
    "events = rollup_actor_countries.events + excluded.events"
)
UPSERT_TYPES = (
    "INSERT INTO rollup_types (event_type, country, placed, events) VALUES (?,?,?,?) "
    "ON CONFLICT (event_type, country, placed) DO UPDATE SET "
    "events = rollup_types.events + excluded.events"
)


UPSERT_BINS = (
    "INSERT INTO rollup_bins (unit, event_type, start, date_precision, events) "
    "VALUES (?,?,?,?,?) ON CONFLICT (unit, event_type, start, date_precision) "
    "DO UPDATE SET events = rollup_bins.events + excluded.events"
)
UPSERT_BIN_COUNTRIES = (
    "INSERT INTO rollup_bin_countries (unit, country, event_type, start, "
    "date_precision, events) VALUES (?,?,?,?,?,?) ON CONFLICT (unit, country, "
    "event_type, start, date_precision) DO UPDATE SET "
    "events = rollup_bin_countries.events + excluded.events"
)


def upserts(deltas: RollupDeltas) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The statements and rows that add ``deltas`` to the rollup tables."""
    return [
        (
            UPSERT_CELLS,
            [
                (zoom, cy, cx, kind, country, *row)
                for (zoom, cy, cx, kind, country), row in sorted(deltas.cells.items())
            ],
        ),
        (UPSERT_DAYS, [(*k, n) for k, n in sorted(deltas.days.items())]),
        (UPSERT_ACTORS, [(*k, n) for k, n in sorted(deltas.actors.items())]),
        (UPSERT_TYPES, [(*k, n) for k, n in sorted(deltas.types.items())]),
        (
            UPSERT_DAY_COUNTRIES,
            [(*k, n) for k, n in sorted(deltas.day_countries.items())],
        ),
        (
            UPSERT_ACTOR_COUNTRIES,
            [(*k, n) for k, n in sorted(deltas.actor_countries.items())],
        ),
        (UPSERT_BINS, [(*k, n) for k, n in sorted(deltas.bins.items())]),
        (
            UPSERT_BIN_COUNTRIES,
            [(*k, n) for k, n in sorted(deltas.bin_countries.items())],
        ),
    ]


# A view's edge strips are found by cell index (exact, as the rollup counts
# them); their coordinate ranges are widened by this much so that rounding in
# the index ranges never drops an event the cell index keeps.
_STRIP_MARGIN_DEGREES = 1e-6
# The groups of a map query: cell x, cell y, type, events, sums, smallest id.
_GROUP_SELECT = "sum(events), sum(lat_sum), sum(lon_sum), min(first_event_id)"


def _whole_cells(low: float, high: float, size: float) -> tuple[int, int]:
    """The first and last cells of ``size`` lying wholly in [low, high] (offsets)."""
    return math.ceil(low / size), math.floor(high / size) - 1


class RollupReads:
    """The page's reads answered from the rollup tables, mixed into ViewQueries."""

    dialect: str

    @property
    def _has_bin_rollups(self) -> bool:
        return False  # SqlStore says, from the schema

    def _run(self, sql: str, params: Any) -> list[Any]:
        raise NotImplementedError

    def _filter_sql(self, filters: EventFilter) -> tuple[list[str], list[Any]]:
        raise NotImplementedError

    def _cell(self, offset: str) -> str:
        raise NotImplementedError

    def _rollup_count(self, filters: EventFilter, *, placed: int | None) -> int:
        """Events matching a type and country filter, all or (un)placed ones."""
        where, params = rollup_where(filters)
        if placed is not None:
            where += " AND placed = ?"
            params.append(placed)
        rows = self._run(
            "SELECT COALESCE(sum(events), 0) FROM rollup_types WHERE 1 = 1" + where,
            params,
        )
        return int(rows[0][0])

    def _group_expression(self, name: str, day: str) -> str:
        raise NotImplementedError

    def _rollup_day_span(self, filters: EventFilter) -> tuple[Any, Any]:
        """The first and last day of a type and country filter's events (or None)."""
        table = "rollup_day_countries" if filters.country else "rollup_days"
        where, params = rollup_where(filters)
        rows = self._run(
            f"SELECT min(day), max(day) FROM {table} WHERE day <> ''{where}", params
        )
        return rows[0][0], rows[0][1]

    def _timeline_table(
        self, columns: list[str], by_country: bool
    ) -> tuple[str, list[str], str | None]:
        """The rollup a timeline's columns read, its names for them, its bin unit.

        A week or a month is read from rollup_bins (migration 0009), or else
        computed from the days of rollup_days; a day from rollup_days.
        """
        unit = next((c for c in columns if c in BIN_UNITS), None)
        if unit is not None and self._has_bin_rollups:
            table = "rollup_bin_countries" if by_country else "rollup_bins"
            renamed = {unit: "start", "precision": "date_precision"}
            return table, [renamed.get(c, c) for c in columns], unit
        table = "rollup_day_countries" if by_country else "rollup_days"
        names = [
            "date_precision"
            if c == "precision"
            else self._group_expression(c, "day")
            if c in BIN_UNITS
            else c
            for c in columns
        ]
        return table, names, None

    def _rollup_groups(
        self, filters: EventFilter, columns: list[str], limit: int | None
    ) -> list[tuple[Any, ...]] | None:
        """``group_counts`` from a rollup, or None when none holds these columns."""
        wanted = set(columns)
        unit = None  # the bin a timeline table is keyed by, if not the day
        if wanted <= {"event_type", "country"}:
            table, names, keyed_by_country = "rollup_types", columns, True
        elif (
            wanted <= {"event_type", "precision", *DAY_COLUMNS}
            and len(wanted & DAY_COLUMNS) <= 1
        ):
            keyed_by_country = bool(filters.country)
            table, names, unit = self._timeline_table(columns, keyed_by_country)
        elif columns in (["actor"], ["target"]):
            keyed_by_country = bool(filters.country)
            table = "rollup_actor_countries" if keyed_by_country else "rollup_actors"
            names = ["name"]
        else:
            return None
        where, params = rollup_where(filters, country=keyed_by_country)
        if table.startswith("rollup_actor"):
            where += " AND role = ?"
            params.append(columns[0])
        if unit is not None:
            where, params = f" AND unit = ?{where}", [unit, *params]
        listed = ", ".join(names)
        if table in _TIMELINE_TABLES and limit is None:
            # The timeline's question, thousands of rows per day or week,
            # type and precision: sorting them by count in SQL costs more
            # than in Python. Asked by the table's own key, its rows are the
            # groups already; else (a week or month of the days) summed here.
            own_key = {"precision", "event_type"} <= wanted and (
                unit is not None or "day" in wanted
            )
            sql = f"SELECT {listed}, events FROM {table} WHERE 1 = 1{where}"
            if not own_key:
                sql = (
                    f"SELECT {listed}, sum(events) FROM {table} WHERE 1 = 1{where} "
                    f"GROUP BY {listed}"
                )
            rows = self._run(sql, params)
            # Stable even reversed: ties keep the order read (the key's, for
            # the table's own rows).
            rows.sort(key=itemgetter(len(names)), reverse=True)
        else:
            sql = (
                f"SELECT {listed}, sum(events) AS n FROM {table} WHERE 1 = 1{where} "
                f"GROUP BY {listed} ORDER BY n DESC, {listed}"
            )
            if limit is not None:
                sql += f" LIMIT {int(limit)}"
            rows = self._run(sql, params)
        # Every key column is text, so '' (NONE_KEY) is the only false value.
        if len(names) == 3:  # the timeline's tens of thousands of rows
            return [(a or None, b or None, c or None, int(n)) for a, b, c, n in rows]
        return [(*(v or None for v in row[:-1]), int(row[-1])) for row in rows]

    def _rollup_cells(
        self, filters: EventFilter, box: Any, zoom: int
    ) -> list[tuple[Any, ...]]:
        """The view's cells at ``zoom``, each (cx, cy, type, events, sums, first id).

        Whole cells of the view's zoom come from its rollup; the rest of the
        view, cell by cell of the finest rollup zoom, from that one; what is
        left, strips narrower than a finest cell along the view's edges, from
        the events themselves. The three parts do not overlap.
        """
        size, fine = cell_degrees(zoom), cell_degrees(MAX_ROLLUP_ZOOM)
        ratio = 2 ** (MAX_ROLLUP_ZOOM - zoom)
        xs = (box.west + 180.0, box.east + 180.0)
        ys = (box.south + 90.0, box.north + 90.0)
        whole_x, whole_y = _whole_cells(*xs, size), _whole_cells(*ys, size)
        fine_x, fine_y = _whole_cells(*xs, fine), _whole_cells(*ys, fine)
        where, params = rollup_where(filters)
        rows: list[tuple[Any, ...]] = []
        # The finest cells still to read: the view's whole finest cells less
        # those inside its whole cells, as (rows, columns) bands the key
        # (zoom, cy, cx) reads as ranges.
        bands = [(fine_y, fine_x)]
        if whole_x[0] <= whole_x[1] and whole_y[0] <= whole_y[1]:
            rows += self._run(
                f"SELECT cx, cy, event_type, {_GROUP_SELECT} FROM rollup_cells "
                "WHERE zoom = ? AND cy BETWEEN ? AND ? AND cx BETWEEN ? AND ?"
                f"{where} GROUP BY cx, cy, event_type",
                [zoom, *whole_y, *whole_x, *params],
            )
            in_y = (whole_y[0] * ratio, (whole_y[1] + 1) * ratio - 1)
            in_x = (whole_x[0] * ratio, (whole_x[1] + 1) * ratio - 1)
            bands = [
                ((fine_y[0], in_y[0] - 1), fine_x),
                ((in_y[1] + 1, fine_y[1]), fine_x),
                (in_y, (fine_x[0], in_x[0] - 1)),
                (in_y, (in_x[1] + 1, fine_x[1])),
            ]
        for (low, high), (left, right) in bands:
            if low > high or left > right:
                continue
            rows += self._run(
                f"SELECT cx / {ratio} AS vx, cy / {ratio} AS vy, event_type, "
                f"{_GROUP_SELECT} FROM rollup_cells WHERE zoom = ? "
                f"AND cy BETWEEN ? AND ? AND cx BETWEEN ? AND ?{where} "
                "GROUP BY vx, vy, event_type",
                [MAX_ROLLUP_ZOOM, low, high, left, right, *params],
            )
        return rows + self._edge_cells(filters, box, size, fine_x, fine_y)

    def _edge_cells(
        self,
        filters: EventFilter,
        box: Any,
        size: float,
        fine_x: tuple[int, int],
        fine_y: tuple[int, int],
    ) -> list[tuple[Any, ...]]:
        """Events in the view outside its whole finest cells, per view cell."""
        fine = cell_degrees(MAX_ROLLUP_ZOOM)
        margin = _STRIP_MARGIN_DEGREES
        fine_col = self._cell("lon + 180.0").replace("?", repr(fine))
        fine_row = self._cell("lat + 90.0").replace("?", repr(fine))
        south = fine_y[0] * fine - 90.0 + margin
        north = (fine_y[1] + 1) * fine - 90.0 - margin
        west = fine_x[0] * fine - 180.0 + margin
        east = (fine_x[1] + 1) * fine - 180.0 - margin
        inside = f"{fine_row} BETWEEN {fine_y[0]} AND {fine_y[1]}"
        # Each strip: the coordinate whose narrow range an index reads, that
        # range, the other coordinate's range, and which finest cells it holds.
        strips = [
            ("lat", (box.south, min(box.north, south)), (box.west, box.east),
             f"{fine_row} < {fine_y[0]}"),
            ("lat", (max(box.south, north), box.north), (box.west, box.east),
             f"{fine_row} > {fine_y[1]}"),
            ("lon", (box.west, min(box.east, west)), (box.south, box.north),
             f"{inside} AND {fine_col} < {fine_x[0]}"),
            ("lon", (max(box.west, east), box.east), (box.south, box.north),
             f"{inside} AND {fine_col} > {fine_x[1]}"),
        ]  # fmt: skip
        column, row = self._cell("lon + 180.0"), self._cell("lat + 90.0")
        # The filters and the wide range are written so that no index serves
        # them (unary +, || ''): SQLite, without statistics, would otherwise
        # read a whole type or country rather than the strip's narrow range.
        where, params = rollup_where(filters)
        where = where.replace("event_type =", "event_type || '' =").replace(
            "country =", "country || '' ="
        )
        found: list[tuple[Any, ...]] = []
        for narrow, (low, high), (start, end), cells in strips:
            if low > high or start > end:
                continue
            wide = "lon" if narrow == "lat" else "lat"
            # The ranges lie within the view, so they are its box as well.
            found += self._run(
                f"SELECT {column} AS cx, {row} AS cy, event_type, count(*), "
                f"sum(lat), sum(lon), min(event_id) FROM events WHERE {narrow} "
                f"BETWEEN ? AND ? AND +{wide} BETWEEN ? AND ? AND {cells}{where} "
                "GROUP BY cx, cy, event_type",
                [size, size, low, high, start, end, *params],
            )
        return found
