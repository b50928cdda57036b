"""The SQL both backends share: migrations, writes and event queries.

Backends differ only in how they connect and in the parameter marker; the
statements and the numbered migrations are the same.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources as package_files
from importlib.metadata import version
from typing import Any, Protocol

from dateline.errors import StoreError
from dateline.model import (
    Document,
    DocumentSource,
    Event,
    Incident,
    Place,
    from_json_dict,
)
from dateline.store.base import EventFilter, StoredDocument
from dateline.store.rollups import (
    BINS_MIGRATION,
    ROLLUP_MIGRATION,
    rollup_deltas,
    upserts,
)
from dateline.store.rows import (
    EVENT_COLUMNS,
    actor_key,
    actor_row,
    document_row,
    event_row,
    incident_row,
    now_iso,
    place_key,
    place_row,
    where_clause,
)
from dateline.store.views import ViewQueries

logger = logging.getLogger(__name__)


class _Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ...) -> Any: ...
    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


def migrations(dialect: str) -> list[tuple[str, str]]:
    """Return the numbered migrations for ``dialect`` in order: (name, sql).

    ``0001_initial.sql`` is portable; ``0003_x.postgresql.sql`` and
    ``0003_x.sqlite.sql`` are one migration, ``0003_x``, written per dialect.
    """
    folder = package_files.files("dateline.store") / "migrations"
    found: dict[str, str] = {}
    for f in folder.iterdir():
        if not f.name.endswith(".sql"):
            continue
        stem = f.name.removesuffix(".sql")
        name, _, only = stem.partition(".")
        if only and only != dialect:
            continue
        found[name] = f.read_text(encoding="utf-8")
    return sorted(found.items())


class SqlStore(ViewQueries):
    """Store logic over a DB-API connection; subclasses connect."""

    marker = "?"
    dialect = "sqlite"
    # The driver's errors, turned into one-line StoreErrors naming the store.
    driver_errors: tuple[type[Exception], ...] = ()

    def __init__(self, connection: Any, *, read_only: bool = False) -> None:
        self.con = connection
        self.read_only = read_only
        self._in_transaction = False
        if not read_only:
            self.migrate()

    def _sql(self, sql: str) -> str:
        return sql if self.marker == "?" else sql.replace("?", self.marker)

    def _filter_sql(self, filters: EventFilter) -> tuple[list[str], list[Any]]:
        return where_clause(filters)

    @contextmanager
    def transaction(self) -> Iterator[_Cursor]:
        """One write transaction, holding the store's write lock until it ends.

        Committed whole or rolled back whole. Other writers (another process
        on the same file or database) wait until it ends, so what is read
        inside is still true when it commits. A transaction opened inside
        another joins it: ``add_batch`` and ``save_incidents`` called inside
        ``with store.transaction():`` commit together.
        """
        if self._in_transaction:
            cur = self.con.cursor()
            try:
                yield cur
            finally:
                cur.close()
            return
        self._in_transaction = True
        try:
            with self._outer_transaction() as cur:
                yield cur
        finally:
            self._in_transaction = False

    @contextmanager
    def _outer_transaction(self) -> Iterator[_Cursor]:
        """Begin, take the write lock, commit or roll back: per backend."""
        cur = self.con.cursor()
        try:
            self._begin(cur)
            yield cur
            self.con.commit()
        except self.driver_errors as exc:
            self.con.rollback()
            raise self.store_error(exc) from exc
        except BaseException:
            self.con.rollback()
            raise
        finally:
            cur.close()

    def _begin(self, cur: _Cursor) -> None:
        """Start a transaction that holds the write lock (the driver's default)."""

    def store_error(self, exc: Exception) -> StoreError:
        """A driver error as one line naming the store: nothing was written."""
        lines = str(exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        return StoreError(f"{self.describe()}: {reason} (the batch was not written)")

    def describe(self) -> str:
        """The store's name for messages (path or password-less URL)."""
        return type(self).__name__

    def migrate(self) -> list[str]:
        """Apply pending migrations in order; return the names applied.

        All in one write transaction: a second process opening a new store at
        the same moment waits, then finds the schema made and applies nothing.
        """
        applied = []
        with self.transaction() as cur:
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            cur.execute("SELECT name FROM schema_migrations")
            done = {row[0] for row in cur.fetchall()}
            for name, sql in migrations(self.dialect):
                if name in done:
                    continue
                for statement in (s.strip() for s in sql.split(";")):
                    body = "\n".join(
                        line
                        for line in statement.splitlines()
                        if not line.strip().startswith("--")
                    ).strip()
                    if body:
                        cur.execute(body)
                cur.execute(
                    self._sql(
                        "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)"
                    ),
                    (name, now_iso()),
                )
                applied.append(name)
        for name in applied:
            logger.info("applied migration %s", name)
        return applied

    def schema_version(self) -> str | None:
        """Return the name of the last migration applied."""
        cur = self.con.cursor()
        cur.execute("SELECT max(name) FROM schema_migrations")
        row = cur.fetchone()
        return row[0] if row else None

    def _bump_version(self, cur: _Cursor) -> None:
        """Count one more change, in the writing transaction (migration 0005)."""
        if self._has_version:
            cur.execute("UPDATE store_version SET version = version + 1 WHERE id = 1")

    @property
    def _has_version(self) -> bool:
        # Once migrated, a database stays migrated: ask the schema only until then.
        if not getattr(self, "_versioned", False):
            self._versioned = (self.schema_version() or "") >= "0005_web_views"
        return self._versioned

    def version(self) -> int:
        """Return a number that changes whenever events or incidents are written.

        Readers cache what they computed under it. -1 for a database not yet
        migrated to 0005 (opened read-only): nothing can be cached there.
        """
        if not self._has_version:
            return -1
        cur = self.con.cursor()
        cur.execute("SELECT version FROM store_version WHERE id = 1")
        row = cur.fetchone()
        return int(row[0]) if row else -1

    def add_run(self, settings: str) -> str:
        """Record a run and return its id."""
        run_id = uuid.uuid4().hex[:16]
        with self.transaction() as cur:
            cur.execute(
                self._sql(
                    "INSERT INTO runs (run_id, started_at, version, settings) VALUES (?,?,?,?)"
                ),
                (run_id, now_iso(), version("dateline"), settings),
            )
        return run_id

    def known_documents(self, ids: Sequence[str]) -> set[str]:
        """Return the ids among ``ids`` already stored."""
        known: set[str] = set()
        cur = self.con.cursor()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join([self.marker] * len(chunk))
            cur.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
            known.update(row[0] for row in cur.fetchall())
        return known

    def add_batch(
        self, run_id: str, documents: Sequence[StoredDocument], events: Sequence[Event]
    ) -> int:
        """Store documents and their events in one transaction; return events added.

        Writes are idempotent on the deterministic ids: storing the same
        document or event twice adds nothing.
        """
        if self.read_only:
            raise StoreError("the store is open read-only")
        now = now_iso()
        doc_rows = [document_row(d, run_id, now) for d in documents]
        actor_rows = {}
        place_rows = {}
        event_rows = []
        for event in events:
            for actor in (event.actor, event.target):
                if actor is not None:
                    actor_rows[actor_key(actor)] = actor_row(actor)
            if event.location is not None:
                place_rows[place_key(event.location)] = place_row(event.location)
            event_rows.append(event_row(event, run_id))
        conflict = " ON CONFLICT DO NOTHING"
        with self.transaction() as cur:
            if doc_rows:
                cur.executemany(
                    self._sql(
                        "INSERT INTO documents (id, url, title, outlet, author, published, "
                        "published_from, language, path, text, status, note, run_id, added_at) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)" + conflict
                    ),
                    doc_rows,
                )
            if actor_rows:
                cur.executemany(
                    self._sql("INSERT INTO actors VALUES (?,?,?,?,?)" + conflict),
                    list(actor_rows.values()),
                )
            if place_rows:
                cur.executemany(
                    self._sql(
                        "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)" + conflict
                    ),
                    list(place_rows.values()),
                )
            before = self._count(cur, "events")
            fresh = self._new_events(events) if self._has_rollups else []
            if event_rows:
                cur.executemany(
                    self._sql(
                        f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ("
                        + ",".join(["?"] * len(EVENT_COLUMNS))
                        + ")"
                        + conflict
                    ),
                    event_rows,
                )
            added = self._count(cur, "events") - before
            if added:
                self._bump_version(cur)
            for statement, rows in upserts(rollup_deltas(fresh)):
                if rows:
                    cur.executemany(self._sql(statement), rows)
        return added

    def _new_events(self, events: Sequence[Event]) -> list[Event]:
        """The events of a batch not stored yet, each once: what the rollups gain.

        Read inside the batch's write transaction, so no other writer adds
        them meanwhile.
        """
        unique: dict[str, Event] = {}
        for event in events:
            unique.setdefault(event.event_id, event)  # the first copy is stored
        known = {
            row[0]
            for row in self._select_in(
                "SELECT event_id FROM events WHERE event_id IN ({})", list(unique)
            )
        }
        return [e for i, e in unique.items() if i not in known]

    @property
    def _has_rollups(self) -> bool:
        # As _has_version: once migrated to 0006, a database stays migrated.
        if not getattr(self, "_rolled_up", False):
            self._rolled_up = (self.schema_version() or "") >= ROLLUP_MIGRATION
        return self._rolled_up

    @property
    def _has_bin_rollups(self) -> bool:
        # The weeks and months of migration 0009, read as _has_rollups.
        if not getattr(self, "_binned", False):
            self._binned = (self.schema_version() or "") >= BINS_MIGRATION
        return self._binned

    @staticmethod
    def _count(cur: _Cursor, table: str) -> int:
        cur.execute(f"SELECT count(*) FROM {table}")
        return int(cur.fetchone()[0])

    def events(self, filters: EventFilter) -> list[Event]:
        """Return stored events matching the filter, by date then id."""
        where, params = where_clause(filters)
        sql = "SELECT record FROM events" + (
            " WHERE " + " AND ".join(where) if where else ""
        )
        sql += " ORDER BY date_start IS NULL, date_start, event_id"
        if filters.limit is not None:
            sql += f" LIMIT {int(filters.limit)} OFFSET {int(filters.offset)}"
        cur = self.con.cursor()
        cur.execute(self._sql(sql), params)
        return [from_json_dict(Event, json.loads(row[0])) for row in cur.fetchall()]

    def event(self, event_id: str) -> Event | None:
        """Return one event, or None."""
        cur = self.con.cursor()
        cur.execute(
            self._sql("SELECT record FROM events WHERE event_id = ?"), (event_id,)
        )
        row = cur.fetchone()
        return from_json_dict(Event, json.loads(row[0])) if row else None

    def document(self, doc_id: str) -> StoredDocument | None:
        """Return one stored document, or None."""
        cur = self.con.cursor()
        cur.execute(
            self._sql(
                "SELECT id, url, title, outlet, author, published, published_from, language, "
                "path, text, status, note FROM documents WHERE id = ?"
            ),
            (doc_id,),
        )
        row = cur.fetchone()
        if row is None:
            return None
        doc = Document(
            id=row[0],
            url=row[1],
            title=row[2],
            outlet=row[3],
            author=row[4],
            published=dt.date.fromisoformat(row[5]) if row[5] else None,
            published_from=row[6],
            language=row[7],
            path=row[8],
            text=row[9],
        )
        return StoredDocument(document=doc, status=row[10], note=row[11])

    def counts(self) -> dict[str, int]:
        """Return row counts: documents, events, actors, places."""
        cur = self.con.cursor()
        return {
            t: self._count(cur, t) for t in ("documents", "events", "actors", "places")
        }

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    # Incidents (migration 0002_incidents).

    def save_incidents(
        self, incidents: Sequence[Incident], *, replace_all: bool = False
    ) -> int:
        """Store incidents and their links in one transaction; return incidents written.

        An incident already stored is replaced by the new record (it gained
        reports); ``replace_all`` first deletes every incident (a rebuild).
        """
        if self.read_only:
            raise StoreError("the store is open read-only")
        now = now_iso()
        rows = [incident_row(i, now) for i in incidents]
        links = [
            (r.event_id, i.incident_id, json.dumps(list(r.reasons), ensure_ascii=False))
            for i in incidents
            for r in i.reports
        ]
        with self.transaction() as cur:
            if replace_all:
                cur.execute("DELETE FROM incident_links")
                cur.execute("DELETE FROM incidents")
            if rows:
                cur.executemany(
                    self._sql(
                        "INSERT INTO incidents (incident_id, event_type, family, country, "
                        "date_start, date_end, documents, outlets, credited, record, "
                        "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
                        "ON CONFLICT (incident_id) DO UPDATE SET "
                        "event_type = excluded.event_type, family = excluded.family, "
                        "country = excluded.country, date_start = excluded.date_start, "
                        "date_end = excluded.date_end, documents = excluded.documents, "
                        "outlets = excluded.outlets, credited = excluded.credited, "
                        "record = excluded.record, updated_at = excluded.updated_at"
                    ),
                    rows,
                )
            if rows or replace_all:
                self._bump_version(cur)
            if links:
                cur.executemany(
                    self._sql(
                        "INSERT INTO incident_links (event_id, incident_id, reasons) "
                        "VALUES (?,?,?) ON CONFLICT (event_id) DO UPDATE SET "
                        "incident_id = excluded.incident_id, reasons = excluded.reasons"
                    ),
                    links,
                )
        return len(rows)

    def _has_incidents(self) -> bool:
        """False for a database opened read-only before migration 0002 ran."""
        return (self.schema_version() or "") >= "0002_incidents"

    def incidents(self, filters: EventFilter) -> list[Incident]:
        """Return incidents with at least one report matching the filter, by date."""
        if not self._has_incidents():
            raise StoreError(
                "this database has no incidents yet: run `dateline incidents --rebuild` once"
            )
        where, params = where_clause(filters)
        sql = "SELECT record FROM incidents"
        if where:
            sql += (
                " WHERE incident_id IN (SELECT incident_id FROM incident_links "
                "WHERE event_id IN (SELECT event_id FROM events WHERE "
                + " AND ".join(where)
                + "))"
            )
        sql += " ORDER BY date_start IS NULL, date_start, incident_id"
        if filters.limit is not None:
            sql += f" LIMIT {int(filters.limit)} OFFSET {int(filters.offset)}"
        cur = self.con.cursor()
        cur.execute(self._sql(sql), params)
        return [from_json_dict(Incident, json.loads(row[0])) for row in cur.fetchall()]

    def incidents_at(self, places: Sequence[Place]) -> list[Incident]:
        """Return incidents with a report at one of these places (same key).

        Where an undated report looks for the incident it may belong to. The
        events' place_key has no index of its own: a scan, done only for
        batches with undated reports at a named place.
        """
        if not places or not self._has_incidents():
            return []
        ids = self._select_in(
            "SELECT DISTINCT l.incident_id FROM events e JOIN incident_links l "
            "ON l.event_id = e.event_id WHERE e.place_key IN ({})",
            [place_key(p) for p in places],
        )
        rows = self._select_in(
            "SELECT record FROM incidents WHERE incident_id IN ({})",
            [row[0] for row in ids],
        )
        return [from_json_dict(Incident, json.loads(row[0])) for row in rows]

    def incident(self, incident_id: str) -> Incident | None:
        """Return one incident, or None."""
        if not self._has_incidents():
            return None
        cur = self.con.cursor()
        cur.execute(
            self._sql("SELECT record FROM incidents WHERE incident_id = ?"),
            (incident_id,),
        )
        row = cur.fetchone()
        return from_json_dict(Incident, json.loads(row[0])) if row else None

    def incident_ids_of(self, event_ids: Sequence[str]) -> dict[str, str]:
        """Return event id -> incident id for the events already in an incident."""
        if not self._has_incidents():
            return {}
        rows = self._select_in(
            "SELECT event_id, incident_id FROM incident_links WHERE event_id IN ({})",
            event_ids,
        )
        return {row[0]: row[1] for row in rows}

    def unlinked_event_ids(self) -> list[str]:
        """Return the ids of stored events in no incident, in id order.

        None after a clean ingest; a database written by an ingest that
        stopped between a batch and its incident update has some.
        """
        if not self._has_incidents():
            return []
        cur = self.con.cursor()
        cur.execute(
            "SELECT event_id FROM events WHERE NOT EXISTS (SELECT 1 FROM "
            "incident_links l WHERE l.event_id = events.event_id) ORDER BY event_id"
        )
        return [row[0] for row in cur.fetchall()]

    def events_by_id(self, event_ids: Sequence[str]) -> list[Event]:
        """Return the stored events among ``event_ids``, in the order given."""
        rows = self._select_in(
            "SELECT event_id, record FROM events WHERE event_id IN ({})", event_ids
        )
        found = {row[0]: row[1] for row in rows}
        return [
            from_json_dict(Event, json.loads(found[i]))
            for i in dict.fromkeys(event_ids)
            if i in found
        ]

    def document_sources(self, doc_ids: Sequence[str]) -> dict[str, DocumentSource]:
        """Return outlet, URL and publication date of the stored documents given."""
        rows = self._select_in(
            "SELECT id, outlet, url, published FROM documents WHERE id IN ({})", doc_ids
        )
        return {
            row[0]: DocumentSource(
                doc_id=row[0],
                outlet=row[1],
                url=row[2],
                published=dt.date.fromisoformat(row[3]) if row[3] else None,
            )
            for row in rows
        }

    def _select_in(self, sql: str, values: Sequence[str]) -> list[Any]:
        """Run ``sql`` with its ``IN ({})`` filled, 500 values at a time."""
        out: list[Any] = []
        cur = self.con.cursor()
        unique = list(dict.fromkeys(values))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            cur.execute(sql.format(",".join([self.marker] * len(chunk))), chunk)
            out.extend(cur.fetchall())
        return out
