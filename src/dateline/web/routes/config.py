"""The config route: what the page needs to know about the server."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from dateline.model import to_json_dict
from dateline.web.context import Context, PageConfig

router = APIRouter()


@router.get("/api/config", response_model=None, responses={200: {"model": PageConfig}})
def get_config(context: Context) -> JSONResponse:
    """What the page needs to know: the online tile layer, if turned on."""
    return JSONResponse(to_json_dict(context.config))
