"""PostgreSQL as the server store: same schema and behaviour as SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from dateline.errors import StoreError
from dateline.store.sql import SqlStore

if TYPE_CHECKING:
    import psycopg

# Any fixed number names the lock that serialises migrations across processes
# (several `ingest` runs or Dask workers opening the same database at once).
# This one is "dateline" in ASCII, read as an integer.
_MIGRATION_LOCK = 0x646174656C696E65
# The lock every write transaction holds until it ends, as SQLite's
# BEGIN IMMEDIATE holds the file's write lock: a batch and its incident update
# read the incidents and write them back, and a second writer reading them
# meanwhile would overwrite the first one's links. "datewrit" in ASCII.
_WRITE_LOCK = 0x6461746577726974


def _redacted(url: str) -> str:
    """The URL with its password replaced, for error messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStore(SqlStore):
    """A PostgreSQL database reached by URL (psycopg 3).

    The connection runs in autocommit mode, so a read never leaves a
    transaction open on the server (an open one would hold locks and block a
    later migration); writes go through :meth:`transaction`, one per batch,
    each holding an advisory lock so that writers take turns.
    """

    marker = "%s"
    dialect = "postgresql"
    con: psycopg.Connection[tuple[object, ...]]

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                "PostgreSQL needs psycopg: pip install 'dateline[postgres]'"
            ) from exc
        self.url = _redacted(url)
        self.driver_errors = (psycopg.Error,)
        try:
            con = psycopg.connect(url, autocommit=True)
        except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            raise StoreError(f"{self.url}: cannot connect ({first_line})") from exc
        if read_only:
            # The server refuses writes for the whole session, not just our code.
            con.execute("SET default_transaction_read_only = on")
        super().__init__(con, read_only=read_only)

    @contextmanager
    def _outer_transaction(self) -> Iterator[psycopg.Cursor[tuple[object, ...]]]:
        """Begin, take the write lock (released at commit or rollback), end."""
        try:
            with self.con.transaction(), self.con.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
                yield cur
        except self.driver_errors as exc:
            raise self.store_error(exc) from exc

    def describe(self) -> str:
        """The URL, without its password."""
        return self.url

    def migrate(self) -> list[str]:
        """Apply pending migrations, one process at a time."""
        self.con.execute("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK,))
        try:
            return super().migrate()
        finally:
            self.con.execute("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK,))
