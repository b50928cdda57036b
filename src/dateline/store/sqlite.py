"""The embedded default store: one SQLite file in WAL mode."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dateline.errors import StoreError
from dateline.store.sql import SqlStore


class SqliteStore(SqlStore):
    """A SQLite file; WAL mode so readers (``serve``) never block ingest."""

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
                    f"file:{path}?mode=ro", uri=True, check_same_thread=False
                )
            else:
                con = sqlite3.connect(path, check_same_thread=False)
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("PRAGMA foreign_keys=ON")
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a dateline database ({exc})") from exc
        super().__init__(con, read_only=read_only)

    def describe(self) -> str:
        """The file's path."""
        return self.path
