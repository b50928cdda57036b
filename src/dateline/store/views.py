"""Grouped and paged reads for the web page: nothing here loads every event.

The map asks for grid cells, the timeline and the actor matrix for grouped
counts, the table for one keyset page at a time; each is one SQL query whose
result size depends on the view, not on the store. The same statements run on
SQLite and PostgreSQL (only the floor of the grid differs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from dateline.model import Event, from_json_dict
from dateline.store.base import Box, CellGroup, EventFilter, SortValue
from dateline.store.rollups import BIN_UNITS, RollupReads, rollup_filters, zoom_of

# The columns a grouped count may name, by the name callers use.
GROUP_COLUMNS = {
    "event_type": "event_type",
    "mode": "mode",
    "country": "country",
    "certainty": "certainty",
    "actor": "actor_name",
    "target": "target_name",
    "source": "attributed_to",
    "day": "date_end",  # a range counts on its last day, as ACLED's event_date
    "precision": "date_precision",
}

# The orders the table offers, each backed by an index ending in event_id
# (migration 0005): a page is an index range, whatever its depth.
SORT_COLUMNS = {
    "date": "date_start",
    "fatalities": "fatalities",
    "type": "event_type",
    "country": "country",
}


class ViewQueries(RollupReads):
    """The web page's reads, mixed into SqlStore (which supplies the connection).

    Views filtered by a type, a country or nothing read the rollup tables
    (``store/rollups.py``) when the store has them; the others the events.
    """

    con: Any
    dialect: str

    @property
    def _has_rollups(self) -> bool:
        return False  # SqlStore says, from the schema

    def _sql(self, sql: str) -> str:
        raise NotImplementedError

    def _filter_sql(self, filters: EventFilter) -> tuple[list[str], list[Any]]:
        raise NotImplementedError

    def _run(self, sql: str, params: Sequence[Any]) -> list[Any]:
        cur = self.con.cursor()
        cur.execute(self._sql(sql), list(params))
        return list(cur.fetchall())

    def count_events(self, filters: EventFilter) -> int:
        """Return how many stored events match the filter."""
        if self._has_rollups and rollup_filters(filters):
            return self._rollup_count(filters, placed=None)
        where, params = self._filter_sql(filters)
        sql = "SELECT count(*) FROM events" + _and(where)
        return int(self._run(sql, params)[0][0])

    def group_counts(
        self,
        filters: EventFilter,
        columns: Sequence[str],
        *,
        limit: int | None = None,
        among: Mapping[str, Sequence[str | None]] | None = None,
    ) -> list[tuple[Any, ...]]:
        """Count matching events per value of ``columns``, most frequent first.

        ``columns`` are names of GROUP_COLUMNS; each row is the values then the
        count. ``among`` keeps only rows whose column takes one of the values
        given (None included); ``limit`` keeps the most frequent rows.
        """
        if among is None and self._has_rollups and rollup_filters(filters):
            rolled = self._rollup_groups(filters, list(columns), limit)
            if rolled is not None:
                return rolled
        listed = ", ".join(self._group_expression(c, "date_end") for c in columns)
        if among and set(columns) & set(BIN_UNITS):
            raise ValueError("a week or month count takes no 'among'")
        where, params = self._filter_sql(filters)
        if among and self.dialect == "sqlite":
            # The few names of ``among`` select fewer index entries than a
            # type or a country: keep SQLite (no statistics) off the indexes
            # those equalities would choose. PostgreSQL reads the pairs of a
            # type or a country from its own index (migration 0008).
            where = [_NO_INDEX.sub(r"\1 || '' = ?", w) for w in where]
        # One branch per choice of "one of the names" or "none" for each
        # column of ``among``: the branches are disjoint, and each reads an
        # index by equality on those columns (events_pair for the matrix),
        # where one OR of both would read every event without a name.
        branches: list[tuple[list[str], list[Any]]] = [([], [])]
        for column, values in (among or {}).items():
            named = [v for v in values if v is not None]
            options: list[tuple[str, list[Any]]] = []
            if named:
                marks = ",".join("?" * len(named))
                options.append((f"{GROUP_COLUMNS[column]} IN ({marks})", named))
            if None in values:
                options.append((f"{GROUP_COLUMNS[column]} IS NULL", []))
            branches = [
                ([*conds, cond], [*args, *extra])
                for conds, args in branches
                for cond, extra in (options or [("1 = 0", [])])
            ]
        selects = [
            f"SELECT {listed}, count(*) AS n FROM events{_and(where + conds)} "
            f"GROUP BY {listed}"
            for conds, _ in branches
        ]
        args = [value for _, extra in branches for value in (*params, *extra)]
        if len(selects) == 1:
            sql = selects[0]
        else:
            sql = (
                f"SELECT {listed}, sum(n) AS n FROM ("
                + " UNION ALL ".join(selects)
                + f") AS branches GROUP BY {listed}"
            )
        sql += f" ORDER BY n DESC, {listed}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        # PostgreSQL sums integers as numeric (Decimal): counts are ints.
        return [(*row[:-1], int(row[-1])) for row in self._run(sql, args)]

    def day_span(self, filters: EventFilter) -> tuple[str, str] | None:
        """The first and last of the matching events' last days (ISO), if any is dated."""
        if self._has_rollups and rollup_filters(filters):
            row = self._rollup_day_span(filters)
        else:
            where, params = self._filter_sql(filters)
            where.append("date_end IS NOT NULL")
            sql = "SELECT min(date_end), max(date_end) FROM events" + _and(where)
            row = self._run(sql, params)[0]
        return (row[0], row[1]) if row[0] else None

    def _group_expression(self, name: str, day: str) -> str:
        """The SQL of a GROUP_COLUMNS name or a bin of the text column ``day``.

        A bin (BIN_UNITS) is the first day of the day's ISO week (a Monday) or
        month, as ISO text; a bin of a missing day is missing: NULL on the
        events, '' on a rollup.
        """
        if name not in BIN_UNITS:
            return GROUP_COLUMNS[name]
        if name == "month":
            start = f"substr({day}, 1, 7) || '-01'"
        elif self.dialect == "postgresql":
            start = f"to_char(date_trunc('week', CAST({day} AS date)), 'YYYY-MM-DD')"
        else:  # SQLite: back six days, then on to the next Monday (or stay on one)
            start = f"date({day}, '-6 days', 'weekday 1')"
        return f"CASE WHEN {day} = '' THEN '' ELSE {start} END"

    def map_groups(
        self, filters: EventFilter, box: Box, cell_degrees: float
    ) -> list[CellGroup]:
        """Count the placed events in ``box`` per grid cell and type.

        Cells are ``cell_degrees`` wide and high, counted from (-90, -180), so
        a cell is the same square whatever the view.
        """
        zoom = zoom_of(cell_degrees)
        if zoom is not None and self._has_rollups and rollup_filters(filters):
            rows = self._rollup_cells(filters, box, zoom)
            return [
                CellGroup(int(r[0]), int(r[1]), r[2], int(r[3]), r[4], r[5], r[6])
                for r in rows
            ]
        where, params = self._filter_sql(filters)
        where[:0] = ["lat BETWEEN ? AND ?", "lon BETWEEN ? AND ?"]
        params[:0] = [box.south, box.north, box.west, box.east]
        column = self._cell("lon + 180.0")
        row = self._cell("lat + 90.0")
        sql = (
            f"SELECT {column} AS cx, {row} AS cy, event_type, count(*), "
            f"sum(lat), sum(lon), min(event_id) FROM events{_and(where)} "
            "GROUP BY cx, cy, event_type"
        )
        size = float(cell_degrees)
        return [
            CellGroup(int(r[0]), int(r[1]), r[2], int(r[3]), r[4], r[5], r[6])
            for r in self._run(sql, [size, size, *params])
        ]

    def _cell(self, offset: str) -> str:
        # The offset is never negative, so SQLite's truncating CAST is a floor;
        # PostgreSQL's CAST rounds, hence floor() there.
        if self.dialect == "postgresql":
            return f"CAST(floor(({offset}) / ?) AS INTEGER)"
        return f"CAST(({offset}) / ? AS INTEGER)"

    def count_unplaced(self, filters: EventFilter) -> int:
        """Return how many matching events have no coordinates."""
        if self._has_rollups and rollup_filters(filters):
            return self._rollup_count(filters, placed=0)
        where, params = self._filter_sql(filters)
        where.append("(lat IS NULL OR lon IS NULL)")
        return int(self._run("SELECT count(*) FROM events" + _and(where), params)[0][0])

    def events_page(
        self,
        filters: EventFilter,
        *,
        sort: str = "date",
        descending: bool = False,
        after: tuple[SortValue, str] | None = None,
        limit: int = 100,
    ) -> list[Event]:
        """Return one page of matching events in ``sort`` order, then by id.

        ``after`` is the sort value and id of the last event of the previous
        page (keyset pagination: every page costs the same). Events with no
        value for the sort column come last, by id, in either direction.
        """
        column = SORT_COLUMNS[sort]
        where, params = self._filter_sql(filters)
        found: list[Any] = []
        if after is None or after[0] is not None:
            cond = [*where, f"{column} IS NOT NULL"]
            args = list(params)
            if after is not None:
                op = "<" if descending else ">"
                cond.append(f"({column} {op} ? OR ({column} = ? AND event_id {op} ?))")
                args.extend([after[0], after[0], after[1]])
            way = " DESC" if descending else ""
            found = self._run(
                f"SELECT event_id FROM events{_and(cond)} "
                f"ORDER BY {column}{way}, event_id{way} LIMIT {int(limit)}",
                args,
            )
        if len(found) < limit:
            cond = [*where, f"{column} IS NULL"]
            args = list(params)
            if after is not None and after[0] is None:
                cond.append("event_id > ?")
                args.append(after[1])
            found += self._run(
                f"SELECT event_id FROM events{_and(cond)} "
                f"ORDER BY event_id LIMIT {int(limit - len(found))}",
                args,
            )
        # The order comes from ids alone (an index can cover them); only the
        # page's own rows are read whole.
        ids = [row[0] for row in found]
        if not ids:
            return []
        records = dict(
            self._run(
                f"SELECT event_id, record FROM events WHERE event_id IN "
                f"({','.join('?' * len(ids))})",
                ids,
            )
        )
        return [from_json_dict(Event, json.loads(records[i])) for i in ids]


def sort_value(event: Event, sort: str) -> SortValue:
    """The value ``events_page`` sorts ``event`` by, for the next page's cursor."""
    if sort == "date":
        return event.date.start.isoformat() if event.date else None
    if sort == "fatalities":
        return event.fatalities
    if sort == "type":
        return event.event_type
    return event.location.country if event.location else None


# An equality filter on an indexed column, as where_clause writes it.
_NO_INDEX = re.compile(r"^(event_type|country|mode|certainty) = \?$")


def _and(where: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(where) if where else ""
