"""The embedded default store: one SQLite file in WAL mode."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from dateline.errors import StoreError
from dateline.store.sql import SqlStore

# How long a writer waits for another process's write transaction (a batch
# and its incident update, or the schema being made) before giving up with
# "database is locked". A batch commits in well under a second; the margin is
# for a slow disk or a large incident update.
_BUSY_TIMEOUT_SECONDS = 300.0
# Switching a new file to WAL fails at once with "database is locked" while
# another process opening it does the same (the busy timeout does not cover
# it: 26 of 1,200 openings failed so, six processes at a time on new files);
# it is retried this often until the busy timeout has passed.
_WAL_RETRY_SECONDS = 0.01


class SqliteStore(SqlStore):
    """A SQLite file; WAL mode so readers (``serve``) never block ingest.

    Transactions are begun by us, never implicitly by the driver, and each
    write transaction begins with ``BEGIN IMMEDIATE``: it takes the file's
    write lock before its first read, so two processes never both read the
    incidents and then each write their own version of them.
    """

    marker = "?"
    dialect = "sqlite"
    driver_errors = (sqlite3.Error,)

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if read_only:
                if not Path(path).exists():
                    raise StoreError(f"{path}: no such database")
                con = sqlite3.connect(
                    f"file:{path}?mode=ro",
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                )
            else:
                con = sqlite3.connect(
                    path,
                    check_same_thread=False,
                    timeout=_BUSY_TIMEOUT_SECONDS,
                    isolation_level=None,
                )
                _use_wal(con)
                con.execute("PRAGMA foreign_keys=ON")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a dateline database ({exc})") from exc
        super().__init__(con, read_only=read_only)

    def _begin(self, cur: Any) -> None:
        """Take the write lock now, waiting for another writer to finish."""
        cur.execute("BEGIN IMMEDIATE")

    def describe(self) -> str:
        """The file's path."""
        return self.path


def _use_wal(con: sqlite3.Connection) -> None:
    """Put the file in WAL mode, waiting out other processes doing the same."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_SECONDS
    while True:
        try:
            con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(_WAL_RETRY_SECONDS)
