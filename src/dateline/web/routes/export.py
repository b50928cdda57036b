"""The export route: the matching events as a file in a format of ``dateline export``."""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from dateline.export import EXPORTERS, ExportContext, write_events
from dateline.model import Document
from dateline.web.context import Context
from dateline.web.filters import Filters

# The formats /api/export offers: the text exporters of dateline.export, each
# with its media type and file extension.
EXPORT_MEDIA = {
    name: media
    for name, media in {
        "acled": ("text/csv", "csv"),
        "cameo": ("text/tab-separated-values", "tsv"),
        "csv": ("text/csv", "csv"),
        "geojson": ("application/geo+json", "geojson"),
        "json": ("application/json", "json"),
        "jsonl": ("application/x-ndjson", "jsonl"),
        "plover": ("application/x-ndjson", "jsonl"),
    }.items()
    if name in EXPORTERS
}

router = APIRouter()


@router.get(
    "/api/export",
    response_model=None,
    responses={
        200: {
            "content": {
                # JSON kinds are parsed by clients: any JSON; the rest text.
                media: {"schema": {} if "json" in media else {"type": "string"}}
                for media in sorted({m for m, _ in EXPORT_MEDIA.values()})
            },
            "description": "The file, as an attachment.",
        }
    },
)
def export(
    context: Context,
    filters: Filters,
    fmt: Annotated[
        str,
        Query(
            alias="format",
            pattern="^(" + "|".join(sorted(EXPORT_MEDIA)) + ")$",
            description="A text format of `dateline export`: "
            + ", ".join(sorted(EXPORT_MEDIA))
            + ".",
        ),
    ] = "acled",
) -> Response:
    """The events matching the filters as a file: ACLED CSV, GeoJSON, JSON..."""
    with context.access.use() as store:
        found = store.events(filters)
        documents: dict[str, Document] = {}
        for doc_id in sorted({e.doc_id for e in found}):
            stored = store.document(doc_id)
            if stored is not None:
                documents[doc_id] = stored.document
    out = io.StringIO()
    report = write_events(fmt, found, out, ExportContext(context.resources, documents))
    media_type, extension = EXPORT_MEDIA[fmt]
    name = "dateline-events" + ("" if fmt == extension else f"-{fmt}")
    return Response(
        out.getvalue(),
        media_type=media_type,
        headers={
            "Content-Disposition": (f'attachment; filename="{name}.{extension}"'),
            # Events the format does not record (ACLED: verbal acts, aid).
            "X-Events-Left-Out": str(report.left_out_count),
        },
    )
