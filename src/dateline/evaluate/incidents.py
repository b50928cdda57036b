"""Incident merge scores: clusters of coded events against gold incident labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.errors import InputError
from dateline.evaluate.events import match_gold
from dateline.evaluate.gold import GoldEvent
from dateline.incidents import (
    GoldIncidentItem,
    cluster_events,
    load_rules,
    predicted_incidents,
    read_gold_incidents,
    score_clusters,
)
from dateline.model import Document, DocumentSource, Event

if TYPE_CHECKING:
    from dateline.pipeline import Coder


def score_incidents(
    gold_path: Path | str, articles_path: Path | str, coder: Coder | None = None
) -> dict[str, Any]:
    """Code the articles with the real pipeline, cluster, and score against gold."""
    # Imported here: the other evaluations need no spaCy.
    from dateline.pipeline import Coder
    from dateline.read import Furniture, read_inputs

    coder = coder or Coder()
    furniture = Furniture.from_resources(coder.resources)
    documents = []
    for item in read_inputs([str(articles_path)], furniture):
        if isinstance(item, InputError):
            raise item
        documents.append(item)
    events = [e for r in coder.code_documents(documents) for e in r.events]
    return score_incident_items(
        read_gold_incidents(Path(gold_path)), events, documents, coder
    )


def gold_incident_items(gold: Iterable[GoldEvent]) -> list[GoldIncidentItem]:
    """The incident items of gold events: each document's events of one type.

    An item takes the incident label of its gold events; an item with none is
    an incident of its own, so that wrong merges with it count.
    """
    labels: dict[tuple[str, str], str | None] = {}
    for g in gold:
        key = (g.doc, g.event_type)
        if labels.get(key) is None:
            labels[key] = g.incident
    return [
        GoldIncidentItem(
            doc=doc, event_type=kind, incident=label or f"alone:{doc}:{kind}"
        )
        for (doc, kind), label in labels.items()
    ]


def score_incident_items(
    items: Sequence[GoldIncidentItem],
    events: Sequence[Event],
    documents: Sequence[Document],
    coder: Coder,
    gold_events: Sequence[GoldEvent] = (),
) -> dict[str, Any]:
    """Cluster coded events into incidents and score them against gold items.

    With ``gold_events`` (each with its own incident label) the merge is also
    scored event by event: see ``score_incident_pairs``.
    """
    sources = {
        d.id: DocumentSource(
            doc_id=d.id, outlet=d.outlet, url=d.url, published=d.published
        )
        for d in documents
    }
    incidents = cluster_events(
        events, sources, load_rules(coder.settings, coder.resources)
    )
    predicted = predicted_incidents(items, incidents)
    gold = {(g.doc, g.event_type): g.incident for g in items}
    scores: dict[str, Any] = dict(score_clusters(gold, predicted))
    # The same scores over the items the pipeline coded at all: what the
    # clustering did with the events it was given.
    coded = {k: v for k, v in gold.items() if predicted.get(k) is not None}
    scores["coded_only"] = score_clusters(coded, predicted)
    grouped = Counter(gold.values())
    scores.update(
        items=len(items),
        items_without_event=len(gold) - len(coded),
        gold_incidents=len(set(gold.values())),
        gold_groups=sum(1 for n in grouped.values() if n > 1),
        predicted_incidents=len({v for v in predicted.values() if v is not None}),
        documents=len(documents),
        events=len(events),
    )
    if gold_events:
        incident_of = {
            r.event_id: incident.incident_id
            for incident in incidents
            for r in incident.reports
        }
        scores["events"] = score_incident_pairs(gold_events, events, incident_of)
    return scores


def score_incident_pairs(
    gold: Sequence[GoldEvent], events: Sequence[Event], incident_of: dict[str, str]
) -> dict[str, float | int]:
    """Pairwise scores of the merge across articles, event by event.

    Each gold event is paired with the coded event the scorer matches it to;
    two gold events of different articles should share an incident exactly
    when their gold incident labels agree. Precision and recall are over pairs
    whose both events were coded; ``recall_all`` counts a gold pair with an
    uncoded event as missed.
    """
    matched = [
        (g, incident_of.get(e.event_id) if e is not None else None)
        for g, e in match_gold(gold, events)
    ]
    tp = fp = fn = gold_pairs = 0
    for i, (g, inc) in enumerate(matched):
        for h, other in matched[i + 1 :]:
            if g.doc == h.doc:
                continue
            same_gold = bool(g.incident) and g.incident == h.incident
            gold_pairs += same_gold
            if inc is None or other is None:
                continue
            same = inc == other
            tp += same_gold and same
            fp += same and not same_gold
            fn += same_gold and not same
    return {
        "gold_pairs": gold_pairs,
        "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "recall_all": round(tp / gold_pairs, 3) if gold_pairs else 1.0,
    }
