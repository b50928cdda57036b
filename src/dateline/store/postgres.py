"""PostgreSQL as the server store: same schema and behaviour as SQLite."""

from __future__ import annotations

from dateline.errors import StoreError
from dateline.store.sql import SqlStore


class PostgresStore(SqlStore):
    """A PostgreSQL database reached by URL (psycopg 3)."""

    marker = "%s"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError(
                "PostgreSQL needs psycopg: pip install 'dateline[postgres]'"
            ) from exc
        try:
            con = psycopg.connect(url)
        except psycopg.OperationalError as exc:
            raise StoreError(
                f"{url}: cannot connect ({str(exc).strip().splitlines()[0]})"
            ) from exc
        super().__init__(con, read_only=read_only)
