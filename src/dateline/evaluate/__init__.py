"""`dateline eval`: score coded events, places and incidents against gold sets.

Events (``events``): an event matches a gold event of the same document when
its type agrees and its initiator or recipient matches; precision, recall and
F1 over events, then the accuracy of each field on matched events and recall
by type, overall and per language. Places (``places``): accuracy of the chosen
entry and the share within 25 km. Gold events that carry an ``incident`` label
also score the incident merge (``incidents``). Gold files are read in
``gold``. Every name is importable from ``dateline.evaluate``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from dateline.evaluate.events import (
    FIELDS,
    PLACE_FAR_KM,
    PLACE_KM,
    EventScores,
    actor_matches,
    codebook_modes,
    field_right,
    match_gold,
    matched_event_ids,
    score_events,
    score_gold_events,
)
from dateline.evaluate.gold import (
    GoldEvent,
    GoldPlace,
    read_gold_events,
    read_gold_places,
)
from dateline.evaluate.incidents import (
    gold_incident_items,
    score_incident_items,
    score_incident_pairs,
    score_incidents,
)
from dateline.evaluate.places import (
    PlaceResolver,
    PlaceScores,
    evaluate_places,
    score_place,
)
from dateline.model import Document, Event

if TYPE_CHECKING:
    from dateline.pipeline import Coder, Result


def dumps(data: object) -> str:
    """JSON for the report files."""
    return json.dumps(data, indent=2, ensure_ascii=False)


# Hands each document's result to the caller as it is coded (to report it).
ResultHook = Callable[["Result"], None]
# Wraps the documents to code, with how many there are (a progress bar).
Progress = Callable[[Sequence[Document], int], Iterable[Document]]


def score_coded(
    gold: Sequence[GoldEvent],
    documents: Sequence[Document],
    coder: Coder,
    *,
    on_result: ResultHook | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Code the gold sets' documents and score the events: overall, per language.

    Gold events with an ``incident`` label also score the incident merge.
    """
    predicted: list[Event] = []
    languages: dict[str, str] = {}
    coded: list[Document] = []
    stream = progress(documents, len(documents)) if progress else documents
    for result in coder.code_documents(stream):
        if on_result is not None:
            on_result(result)
        predicted.extend(result.events)
        languages[result.document.id] = result.document.language or "?"
        coded.append(result.document)
    report = score_gold_events(gold, predicted, languages)
    if any(g.incident for g in gold):
        report["incidents"] = score_incident_items(
            gold_incident_items(gold), predicted, coded, coder, gold
        )
    return report


__all__ = [
    "FIELDS",
    "PLACE_FAR_KM",
    "PLACE_KM",
    "EventScores",
    "GoldEvent",
    "GoldPlace",
    "PlaceResolver",
    "PlaceScores",
    "Progress",
    "ResultHook",
    "actor_matches",
    "codebook_modes",
    "dumps",
    "evaluate_places",
    "field_right",
    "gold_incident_items",
    "match_gold",
    "matched_event_ids",
    "read_gold_events",
    "read_gold_places",
    "score_coded",
    "score_events",
    "score_gold_events",
    "score_incident_items",
    "score_incident_pairs",
    "score_incidents",
    "score_place",
]
