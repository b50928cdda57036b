"""Scoring incidents against gold: which reports should be one incident.

Reads gold incident files, assigns each gold item its predicted incident, and
scores the clustering (pairwise and B-cubed precision, recall and F1).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dateline.errors import DataFileError
from dateline.model import Incident


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldIncidentItem:
    """One line of a gold incident file: this document reports that incident."""

    doc: str
    event_type: str
    incident: str


def read_gold_incidents(path: Path) -> list[GoldIncidentItem]:
    """Read gold lines {"doc", "event_type", "incident"}; raises DataFileError."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            items.append(
                GoldIncidentItem(
                    doc=str(data["doc"]),
                    event_type=str(data["event_type"]),
                    incident=str(data["incident"]),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataFileError(str(path), number, f"not a gold item: {exc}") from exc
    return items


def predicted_incidents(
    items: Sequence[GoldIncidentItem], incidents: Sequence[Incident]
) -> dict[tuple[str, str], str | None]:
    """The predicted incident of each gold item, None when nothing was coded.

    An item is a document's events of one type: it goes to the incident most
    of them are in; on a tie, that of the one earliest in the text.
    """
    found: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for incident in incidents:
        for report in incident.reports:
            key = (report.doc_id, report.event_type)
            found[key].append((report.evidence.start, incident.incident_id))
    out: dict[tuple[str, str], str | None] = {}
    for item in items:
        hits = sorted(found.get((item.doc, item.event_type), []))
        if not hits:
            out[(item.doc, item.event_type)] = None
            continue
        counts = Counter(i for _, i in hits)
        order = {i: n for n, (_, i) in reversed(list(enumerate(hits)))}
        out[(item.doc, item.event_type)] = min(
            counts, key=lambda i: (-counts[i], order[i])
        )
    return out


def score_clusters(
    gold: Mapping[tuple[str, str], str], predicted: Mapping[tuple[str, str], str | None]
) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of predicted incidents.

    Items with no prediction are each an incident of their own.
    """
    items = sorted(gold)
    pred = {k: predicted.get(k) or f"unmatched:{k[0]}:{k[1]}" for k in items}
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    b_p = b_r = 0.0
    for a in items:
        pred_cluster = {b for b in items if pred[b] == pred[a]}
        gold_cluster = {b for b in items if gold[b] == gold[a]}
        both = len(pred_cluster & gold_cluster)
        b_p += both / len(pred_cluster)
        b_r += both / len(gold_cluster)
    n = len(items) or 1
    return {
        "pairwise_precision": precision,
        "pairwise_recall": recall,
        "pairwise_f1": _f1(precision, recall),
        "bcubed_precision": b_p / n,
        "bcubed_recall": b_r / n,
        "bcubed_f1": _f1(b_p / n, b_r / n),
    }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
