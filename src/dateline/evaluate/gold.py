"""Gold files: event and place lines, validated as they are read."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from dateline.errors import InputError

G = TypeVar("G", bound=BaseModel)


class GoldEvent(BaseModel):
    """One gold event line, validated as it is read."""

    model_config = ConfigDict(extra="ignore")
    doc: str
    event_type: str
    mode: str | None = None
    actor: str | None = None
    actor_aliases: list[str] = []
    target: str | None = None
    target_aliases: list[str] = []
    location: str | None = None
    country: str | None = None
    date: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    attributed_to: str | None = None
    certainty: str | None = None
    negated: bool = False
    lat: float | None = None
    lon: float | None = None
    evidence: str | None = None
    incident: str | None = None


class GoldPlace(BaseModel):
    """One gold place mention in context."""

    model_config = ConfigDict(extra="ignore")
    id: str
    text: str
    mention: str
    published: str | None = None
    expected: dict[str, Any]


def _read_gold(path: Path, model: type[G], what: str) -> list[G]:
    """Read JSON lines into gold records; a bad line is an InputError naming it."""
    out = []
    for number, line in enumerate(
        path.read_text(encoding="utf-8").splitlines(), start=1
    ):
        if not line.strip():
            continue
        try:
            out.append(model.model_validate_json(line))
        except ValidationError as exc:
            raise InputError(
                f"{path}:{number}", f"not a {what}: {exc.errors()[0]['msg']}"
            ) from exc
    return out


def read_gold_events(path: Path) -> list[GoldEvent]:
    """Read gold event lines."""
    return _read_gold(path, GoldEvent, "gold event")


def read_gold_places(path: Path) -> list[GoldPlace]:
    """Read gold place lines."""
    return _read_gold(path, GoldPlace, "gold place")
