"""``dateline train NAME``: rebuild a learned stage from gold sets, deterministically.

The decision stage (decide.py) learns from the real-news dev half (and our own
passage sets as extra rows): the articles are coded with the stage off, each
event labelled by whether the scorer pairs it with a gold event.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dateline.errors import InputError
from dateline.evaluate import GoldEvent, matched_event_ids, read_gold_events
from dateline.model import Document

if TYPE_CHECKING:
    from dateline.decide import DecisionModel, KeptScorer
    from dateline.pipeline import Coder


def read_gold_documents(
    gold_paths: Sequence[Path], coder: Coder
) -> tuple[list[GoldEvent], list[Document]]:
    """Gold events and their documents (``X.gold.jsonl`` beside ``X.docs.jsonl``)."""
    from dateline.read import Furniture, read_inputs

    furniture = Furniture.from_resources(coder.resources)
    gold: list[GoldEvent] = []
    documents: list[Document] = []
    for path in gold_paths:
        gold.extend(read_gold_events(path))
        source = path.with_name(path.name.replace(".gold.", ".docs."))
        for item in read_inputs([str(source)], furniture):
            if isinstance(item, InputError):
                raise item
            documents.append(item)
    return gold, documents


def train_decision(
    gold_paths: Sequence[Path], coder: Coder, extra_paths: Sequence[Path] = ()
) -> DecisionModel:
    """Learn the decision stage from gold sets: code with it off, label, fit.

    An event is labelled as having happened when the scorer pairs it with a
    gold event; every other candidate (background, repeats, captions, plans,
    misreadings) is a negative example. ``extra_paths`` (our own passage sets)
    add training rows but never choose the threshold.
    """
    from dateline.decide import fit_decision_model

    if coder.settings.decide:
        raise ValueError("train the decision stage with Settings(decide=False)")
    rows, gold_total, score_kept = _decision_rows(gold_paths, coder)
    extra = _decision_rows(extra_paths, coder)[0] if extra_paths else []
    return fit_decision_model(rows, gold_total, extra, score_kept)


def _decision_rows(
    gold_paths: Sequence[Path], coder: Coder
) -> tuple[list[tuple[str, dict[str, float], bool]], int, KeptScorer]:
    """The rows to learn from, the number of gold events, and a scorer of a choice."""
    from dateline.decide import event_features
    from dateline.evaluate import score_events

    gold, documents = read_gold_documents(gold_paths, coder)
    by_id = {d.id: d for d in documents}
    results = list(coder.code_documents(documents))
    events = [e for r in results for e in r.events]
    happened = matched_event_ids(gold, events)
    rows = []
    for result in results:
        document = by_id.get(result.document.id, result.document)
        found = list(result.events)
        for n, event in enumerate(found):
            features = event_features(event, document, found[:n])
            rows.append((event.doc_id, features, event.event_id in happened))

    def score_kept(kept: Sequence[bool]) -> float:
        chosen = [e for e, k in zip(events, kept, strict=True) if k]
        return score_events(gold, chosen).f1 if chosen else 0.0

    return rows, len(gold), score_kept
