"""The document route: an article's text and metadata, for the event panel."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse

from dateline.model import to_json_dict
from dateline.store import StoredDocument
from dateline.web.context import Context
from dateline.web.filters import NOT_FOUND, DocId

router = APIRouter()


@router.get(
    "/api/documents/{doc_id}",
    response_model=None,
    responses={200: {"model": StoredDocument}, **NOT_FOUND},
)
def get_document(context: Context, doc_id: DocId) -> JSONResponse:
    """One stored document: its text and metadata, and its coding status."""
    with context.access.use() as store:
        stored = store.document(doc_id)
    if stored is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return JSONResponse(to_json_dict(stored))
