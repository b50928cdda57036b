"""open_store(url): SQLite files by default, PostgreSQL for postgresql:// URLs."""

from __future__ import annotations

from dateline.errors import StoreError
from dateline.store.base import EventFilter, Store, StoredDocument

__all__ = ["EventFilter", "Store", "StoredDocument", "open_store"]


def open_store(url: str, *, read_only: bool = False) -> Store:
    """Open (and migrate) the store at ``url``: a file path or ``postgresql://``."""
    if url.startswith(("postgresql://", "postgres://")):
        from dateline.store.postgres import PostgresStore

        return PostgresStore(url, read_only=read_only)
    if "://" in url and not url.startswith("sqlite://"):
        raise StoreError(f"{url}: unknown store URL; use a file path or postgresql://")
    from dateline.store.sqlite import SqliteStore

    return SqliteStore(url.removeprefix("sqlite://"), read_only=read_only)
