"""Place resolution scores: the chosen entry and the share within 25 km."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from dateline.evaluate.events import PLACE_KM
from dateline.evaluate.gold import GoldPlace
from dateline.gazetteer import distance_km
from dateline.model import Document, Mention, Place


@dataclass
class PlaceScores:
    """Place resolution scores."""

    total: int = 0
    resolved: int = 0
    correct: int = 0
    within_km: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The scores as plain JSON."""
        n = self.total or 1
        return {
            "mentions": self.total,
            "resolved": self.resolved,
            "accuracy": round(self.correct / n, 3),
            f"within_{int(PLACE_KM)}km": round(self.within_km / n, 3),
        }


def score_place(gold: GoldPlace, place: Place | None, scores: PlaceScores) -> None:
    """Add one resolved place to the scores."""
    scores.total += 1
    expected = gold.expected
    if place is None or place.lat is None or place.lon is None:
        scores.misses.append({"id": gold.id, "mention": gold.mention, "got": None})
        return
    scores.resolved += 1
    km = distance_km(
        place.lat, place.lon, float(expected["lat"]), float(expected["lon"])
    )
    same_id = (
        expected.get("geonameid") is not None
        and expected.get("geonameid") == place.geonameid
    )
    if same_id or km <= PLACE_KM:
        scores.correct += 1 if (same_id or expected.get("geonameid") is None) else 0
    if km <= PLACE_KM:
        scores.within_km += 1
    else:
        scores.misses.append(
            {
                "id": gold.id,
                "mention": gold.mention,
                "got": place.name,
                "country": place.country,
                "km": round(km),
            }
        )


PlaceResolver = Callable[[Document], list[tuple[Mention, Place | None]]]


def evaluate_places(gold: Iterable[GoldPlace], resolve: PlaceResolver) -> PlaceScores:
    """Resolve each gold mention in its passage with ``resolve`` and score it."""
    scores = PlaceScores()
    for item in gold:
        resolved = resolve(Document(id=item.id, text=item.text, language="en"))
        place = next((p for m, p in resolved if m.text == item.mention), None)
        if place is None:
            place = next(
                (
                    p
                    for m, p in resolved
                    if item.mention in m.text or m.text in item.mention
                ),
                None,
            )
        score_place(item, place, scores)
    return scores
