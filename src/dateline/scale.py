"""Dask: code_documents() per shard, Parquet out.

A corpus too big for one process comes as shards: JSON-lines files (the same
format ``dateline extract`` reads) or Parquet files with the columns ``id``,
``text``, ``url``, ``published``, ``title`` and ``language``. The client reads
each shard into Documents and ships their text to a dask.distributed worker; the
worker codes them with the same :meth:`Coder.code_documents` as the
single-process path and sends back plain dict rows, never spaCy objects. The
client writes one Parquet file of events per shard: the columns of
:func:`dateline.export.flat_row` plus the full event JSON in ``record``.

Each worker process builds its Coder once (models, matchers, gazetteer) and
reuses it for every shard it is given; that per-process cache is the only
module-level state (STYLE section 3).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.errors import DatelineError, InputError
from dateline.export import FLAT_COLUMNS, flat_row
from dateline.gazetteer import build_index, index_path
from dateline.model import Document, to_json_dict
from dateline.pipeline import Coder
from dateline.read import Furniture, document_from_text, parse_date, read_file
from dateline.resources import load_resources
from dateline.settings import Settings

if TYPE_CHECKING:
    # pyarrow and distributed ship no type information (no py.typed).
    import pyarrow  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

PARQUET_SUFFIXES = frozenset({".parquet", ".pq"})
# Columns a Parquet shard may have; only ``text`` is required.
PARQUET_INPUT_COLUMNS = ("id", "text", "url", "published", "title", "language")
EVENTS_SUFFIX = ".events.parquet"
RECORD_COLUMN = "record"
# Shards handed to the cluster at once, per worker: enough to keep every worker
# busy while the client reads the next shard, few enough that the client never
# holds the whole corpus in memory.
SHARDS_IN_FLIGHT_PER_WORKER = 2

# Arrow types of the flat_row columns; the rest are strings.
_FLAT_TYPES = {
    "lat": "float64",
    "lon": "float64",
    "precision": "int64",
    "fatalities": "int64",
    "injured": "int64",
    "negated": "bool",
}

Row = dict[str, object]


@dataclass(frozen=True, slots=True)
class ShardRows:
    """What coding one shard gives back: plain rows and counts, no spaCy objects."""

    shard: str
    rows: list[Row]
    documents: int  # documents read from the shard
    coded: int  # documents that went through the pipeline
    failed: tuple[str, ...] = ()  # "name: reason" per document that failed


@dataclass(frozen=True, slots=True)
class _ShardDocuments:
    """A shard's documents, shipped to a worker as one object."""

    shard: str
    documents: tuple[Document, ...]


# Per-process, per-thread Coders keyed by settings: a Coder holds a SQLite
# connection and spaCy pipelines, neither of which may be shared across threads.
_local = threading.local()


def _coder_for(settings: Settings) -> Coder:
    """Return this thread's Coder for these settings, building it the first time."""
    coders: dict[str, Coder] | None = getattr(_local, "coders", None)
    if coders is None:
        coders = _local.coders = {}
    key = repr(settings)
    if key not in coders:
        logger.info("building a Coder in process %d", os.getpid())
        coders[key] = Coder(settings)
    return coders[key]


def events_schema() -> pyarrow.Schema:
    """The Arrow schema of an events file: flat_row's columns, then ``record``."""
    import pyarrow as pa

    fields = [
        pa.field(name, pa.type_for_alias(_FLAT_TYPES.get(name, "string")))
        for name in FLAT_COLUMNS
    ]
    fields.append(pa.field(RECORD_COLUMN, pa.string(), nullable=False))
    return pa.schema(fields)


def code_rows(
    coder: Coder, documents: Iterable[Document]
) -> tuple[list[Row], int, list[str]]:
    """Code documents into flat rows with a ``record`` column.

    Returns the rows, the number of documents coded and one "name: reason" per
    document that failed (the batch goes on, as in the single-process path).
    """
    rows: list[Row] = []
    coded = 0
    failed: list[str] = []
    for result in coder.code_documents(documents):
        name = result.document.path or result.document.id
        if result.error:
            failed.append(f"{name}: {result.error}")
            continue
        if result.note:
            logger.info("not coded %s: %s", name, result.note)
            continue
        coded += 1
        for event in result.events:
            row = flat_row(event)
            row[RECORD_COLUMN] = json.dumps(to_json_dict(event), ensure_ascii=False)
            rows.append(row)
    return rows, coded, failed


def _code_shard_on_worker(payload: _ShardDocuments, settings: Settings) -> ShardRows:
    """The Dask task: code one shard with this worker's Coder."""
    coder = _coder_for(settings)
    rows, coded, failed = code_rows(coder, payload.documents)
    return ShardRows(
        shard=payload.shard,
        rows=rows,
        documents=len(payload.documents),
        coded=coded,
        failed=tuple(failed),
    )


def read_shard(path: Path, furniture: Furniture, settings: Settings) -> list[Document]:
    """Read a JSON-lines or Parquet shard into Documents; bad records are logged.

    JSON lines go through the same reader as ``dateline extract``; a Parquet
    row is read as the same JSON-lines record would be.
    """
    if path.suffix.lower() in PARQUET_SUFFIXES:
        items: Iterable[Document | InputError] = _read_parquet(
            path, furniture, settings
        )
    else:
        items = read_file(path, furniture, settings.published)
    documents = []
    for item in items:
        if isinstance(item, InputError):
            logger.warning("skipped %s", item)
        else:
            documents.append(item)
    return documents


def _read_parquet(
    path: Path, furniture: Furniture, settings: Settings
) -> Iterator[Document | InputError]:
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowInvalid) as exc:
        yield InputError(str(path), f"not a Parquet file: {exc}")
        return
    missing = "text" not in table.column_names
    if missing:
        yield InputError(str(path), "Parquet shard has no 'text' column")
        return
    columns = [c for c in PARQUET_INPUT_COLUMNS if c in table.column_names]
    for number, record in enumerate(table.select(columns).to_pylist(), start=1):
        where = f"{path}:{number}"
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield InputError(where, "not a document: no 'text'")
            continue
        published = settings.published
        raw_date = record.get("published")
        if published is None and raw_date is not None:
            published = parse_date(str(raw_date))
            if published is None:
                logger.warning(
                    "%s: publication date %r does not parse", where, raw_date
                )
        title = _optional_str(record.get("title"))
        try:
            doc = document_from_text(
                text,
                furniture,
                published=published,
                path=where,
                title=title,
                keep_title_line=title is not None,
            )
        except InputError as exc:
            yield exc
            continue
        yield Document(
            id=_optional_str(record.get("id")) or doc.id,
            text=doc.text,
            url=_optional_str(record.get("url")),
            title=title or doc.title,
            author=doc.author,
            published=doc.published,
            published_from="caller" if settings.published else doc.published_from,
            language=_optional_str(record.get("language")),
            path=where,
        )


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def write_events(rows: list[Row], path: Path) -> Path:
    """Write event rows to a Parquet file atomically: all of it or nothing."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=events_schema())
    tmp = path.with_name(path.name + ".partial")
    pq.write_table(table, tmp)
    os.replace(tmp, path)
    return path


def _events_path(shard: Path, out_dir: Path) -> Path:
    name = shard.name
    for suffix in (".jsonl", ".ndjson", ".parquet", ".pq"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    return out_dir / (name + EVENTS_SUFFIX)


def _plan(shards: list[Path], out_dir: Path) -> list[Path]:
    """Check the shards and return the events file of each, in order."""
    outputs = [_events_path(shard, out_dir) for shard in shards]
    seen: dict[Path, Path] = {}
    for shard, out in zip(shards, outputs, strict=True):
        if not shard.is_file():
            raise InputError(str(shard), "no such shard file")
        if out in seen:
            raise InputError(
                str(shard), f"same output name as {seen[out]}: rename one of them"
            )
        seen[out] = shard
    out_dir.mkdir(parents=True, exist_ok=True)
    return outputs


def _furniture(settings: Settings) -> Furniture:
    return Furniture.from_resources(load_resources(settings))


def _report(result: ShardRows, out: Path) -> None:
    for failure in result.failed:
        logger.warning("skipped %s", failure)
    logger.info(
        "%s: %d documents, %d coded, %d events -> %s",
        result.shard,
        result.documents,
        result.coded,
        len(result.rows),
        out,
    )


def code_shards_locally(
    shards: list[Path],
    out_dir: Path,
    settings: Settings | None = None,
    *,
    coder: Coder | None = None,
) -> list[Path]:
    """Code shards one after another in this process; same files as code_shards.

    The baseline the Dask path is checked against. Pass ``coder`` to reuse one
    already loaded.
    """
    settings = settings or (coder.settings if coder else Settings())
    outputs = _plan(shards, out_dir)
    coder = coder or Coder(settings)
    furniture = Furniture.from_resources(coder.resources)
    for shard, out in zip(shards, outputs, strict=True):
        documents = read_shard(shard, furniture, settings)
        rows, coded, failed = code_rows(coder, documents)
        result = ShardRows(str(shard), rows, len(documents), coded, tuple(failed))
        write_events(rows, out)
        _report(result, out)
    return outputs


def code_shards(
    shards: list[Path],
    out_dir: Path,
    scheduler: str | None = None,
    settings: Settings | None = None,
) -> list[Path]:
    """Code shards on a Dask cluster; write one events Parquet file per shard.

    ``scheduler`` is a dask.distributed scheduler address ("tcp://host:8786");
    None starts a LocalCluster with one single-threaded worker process per core
    and stops it afterwards. The client reads the shards, so they need not be
    visible to the workers; the workers need dateline and its model installed.
    Returns the events files in the order of ``shards``. Documents that fail
    are logged and skipped; a task that fails (a worker lost) raises.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    settings = settings or Settings()
    outputs = _plan(shards, out_dir)
    furniture = _furniture(settings)
    cluster = None
    if scheduler is None:
        _ensure_place_index(settings)
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: 8787 may be taken
        )
    try:
        with Client(  # type: ignore[no-untyped-call]
            cluster if cluster is not None else scheduler
        ) as client:
            workers = max(1, len(client.scheduler_info()["workers"]))
            limit = workers * SHARDS_IN_FLIGHT_PER_WORKER
            out_of = {str(s): o for s, o in zip(shards, outputs, strict=True)}
            pending = iter(shards)
            running = as_completed()  # type: ignore[no-untyped-call]

            def submit_next() -> bool:
                shard = next(pending, None)
                if shard is None:
                    return False
                documents = read_shard(shard, furniture, settings)
                payload = client.scatter(_ShardDocuments(str(shard), tuple(documents)))
                running.add(  # type: ignore[no-untyped-call]
                    client.submit(_code_shard_on_worker, payload, settings, pure=False)
                )
                return True

            for _ in range(limit):
                if not submit_next():
                    break
            for future in running:
                result: ShardRows = future.result()
                future.release()
                out = write_events(result.rows, out_of[result.shard])
                _report(result, out)
                submit_next()
    finally:
        if cluster is not None:
            cluster.close()
    return outputs


def _ensure_place_index(settings: Settings) -> None:
    """Build the place index before local workers start, so they do not race to."""
    path = index_path(settings.cache_dir)
    if not path.exists():
        try:
            build_index(path, settings.min_city_population)
        except OSError as exc:
            raise DatelineError(f"{path}: cannot build the place index: {exc}") from exc
