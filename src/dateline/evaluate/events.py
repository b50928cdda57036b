"""Event scores: pair coded events with gold ones and score them field by field.

An event matches a gold event of the same document when its type agrees and
its initiator or recipient matches; precision, recall and F1 over events, then
the accuracy of each field on matched events and recall by type. Date, place
and country are scored on the matched events whose gold has one; places also
by distance to the gold coordinate (25 and 161 km, the thresholds of
geoparsing evaluations). Gold modes in the codebook's words are compared
through ``data/codebook_modes.yaml``.
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dateline.evaluate.gold import GoldEvent
from dateline.gazetteer import distance_km
from dateline.model import Actor, Event, Place
from dateline.resources import read_yaml
from dateline.settings import DATA_DIR

logger = logging.getLogger(__name__)

FIELDS = (
    "actor",
    "target",
    "place",
    "place_25km",
    "place_161km",
    "country",
    "date",
    "fatalities",
    "injured",
    "attributed_to",
    "certainty",
    "mode",
)
PLACE_KM = 25.0
# The "within 100 miles" of geoparsing evaluations (mordecai, Gritta et al.).
PLACE_FAR_KM = 161.0


@dataclass
class EventScores:
    """Event-level and field-level scores."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    field_right: Counter[str] = field(default_factory=Counter)
    field_total: Counter[str] = field(default_factory=Counter)
    gold_by_type: Counter[str] = field(default_factory=Counter)
    matched_by_type: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        """Matched over predicted."""
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Matched over gold."""
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The scores as plain JSON."""
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "field_accuracy": {
                f: round(self.field_right[f] / self.field_total[f], 3)
                if self.field_total[f]
                else None
                for f in FIELDS
            },
            "field_scored": {f: self.field_total[f] for f in FIELDS},
            "recall_by_type": {
                t: round(self.matched_by_type[t] / n, 3)
                for t, n in sorted(self.gold_by_type.items())
            },
        }


def _norm(text: str | None) -> str:
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    for lead in ("the ",):
        if text.startswith(lead):
            text = text[len(lead) :]
    return " ".join(text.split())


def _names_match(names: Sequence[str], candidates: Sequence[str]) -> bool:
    gold = {_norm(n) for n in names if n}
    pred = {_norm(c) for c in candidates if c}
    if gold & pred:
        return True
    return any(g and p and (g in p or p in g) for g in gold for p in pred)


def actor_matches(
    name: str | None, aliases: Sequence[str], actor: Actor | None
) -> bool:
    """True when a predicted actor is the gold one (by name, alias or text)."""
    if name is None:
        return actor is None
    if actor is None:
        return False
    return _names_match([name, *aliases], [actor.name, actor.text])


def _place_matches(gold: str | None, place: Place | None) -> bool | None:
    if gold is None:
        return None
    if place is None:
        return False
    return _names_match([gold], [place.name, place.text])


def _place_within(gold: GoldEvent, place: Place | None, km: float) -> bool | None:
    if gold.lat is None or gold.lon is None:
        return None
    if place is None or place.lat is None or place.lon is None:
        return False
    return distance_km(place.lat, place.lon, gold.lat, gold.lon) <= km


def _date_matches(gold: str | None, event: Event) -> bool | None:
    if gold is None:
        return None
    if event.date is None:
        return False
    first, _, last = gold.partition("/")
    start = dt.date.fromisoformat(first)
    end = dt.date.fromisoformat(last) if last else start
    if (start, end) == (event.date.start, event.date.end):
        return True
    # A single gold day inside a short predicted span (a week or less) counts.
    return (
        start == end
        and event.date.start <= start <= event.date.end
        and (event.date.end - event.date.start).days <= 7
    )


def _source_matches(gold: str | None, event: Event) -> bool:
    if gold is None:
        return event.attributed_to is None
    return event.attributed_to is not None and _names_match(
        [gold], [event.attributed_to]
    )


def _mode_matches(gold: str | None, event: Event) -> bool:
    """Both without a mode, or the event's mode among those the gold word names."""
    if gold is None or event.mode is None:
        return gold is None and event.mode is None
    word = gold.replace("_", "-").casefold()
    accepted = codebook_modes().get(word, frozenset({word.replace("-", "_")}))
    return event.mode in accepted


@cache
def codebook_modes() -> dict[str, frozenset[str]]:
    """The codebook's mode words and the ontology modes each one covers."""
    data = read_yaml(DATA_DIR / "codebook_modes.yaml")
    return {
        str(entry["word"]): frozenset(str(m) for m in entry["modes"])
        for entry in data["modes"]
    }


def field_right(gold: GoldEvent, event: Event) -> dict[str, bool | None]:
    """Which fields of a matched event agree with the gold event.

    None marks a field that is not scored for this event: date, place and
    country when the gold has none, distances when it has no coordinate.
    """
    place = event.location
    return {
        "actor": actor_matches(gold.actor, gold.actor_aliases, event.actor),
        "target": actor_matches(gold.target, gold.target_aliases, event.target),
        "place": _place_matches(gold.location, place),
        "place_25km": _place_within(gold, place, PLACE_KM),
        "place_161km": _place_within(gold, place, PLACE_FAR_KM),
        "country": None
        if gold.country is None
        else (place.country if place else None) == gold.country,
        "date": _date_matches(gold.date, event),
        "fatalities": event.fatalities == gold.fatalities,
        "injured": event.injured == gold.injured,
        "attributed_to": _source_matches(gold.attributed_to, event),
        "certainty": gold.certainty is None or event.certainty == gold.certainty,
        "mode": _mode_matches(gold.mode, event),
    }


def _is_match(gold: GoldEvent, event: Event) -> bool:
    if gold.event_type != event.event_type:
        return False
    actor_ok = gold.actor is not None and actor_matches(
        gold.actor, gold.actor_aliases, event.actor
    )
    target_ok = gold.target is not None and actor_matches(
        gold.target, gold.target_aliases, event.target
    )
    return actor_ok or target_ok


def _match_document(
    golds: Sequence[GoldEvent], predicted: Sequence[Event]
) -> list[tuple[GoldEvent, Event]]:
    """Pair one document's gold events with coded ones, greedily, best fields first."""
    free = list(predicted)
    pairs = []
    for g in golds:
        best = None
        best_fields = -1
        for e in free:
            if _is_match(g, e):
                right = sum(bool(v) for v in field_right(g, e).values())
                if right > best_fields:
                    best, best_fields = e, right
        if best is not None:
            free.remove(best)
            pairs.append((g, best))
    return pairs


def match_gold(
    gold: Iterable[GoldEvent], predicted: Iterable[Event]
) -> list[tuple[GoldEvent, Event | None]]:
    """Every gold event with the coded event the scorer pairs it with, or None."""
    gold_by_doc: dict[str, list[GoldEvent]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g.doc].append(g)
    pred_by_doc: dict[str, list[Event]] = defaultdict(list)
    for e in predicted:
        pred_by_doc[e.doc_id].append(e)
    out: list[tuple[GoldEvent, Event | None]] = []
    for doc_id, golds in gold_by_doc.items():
        found = {
            id(g): e for g, e in _match_document(golds, pred_by_doc.get(doc_id, []))
        }
        out.extend((g, found.get(id(g))) for g in golds)
    return out


def matched_event_ids(
    gold: Iterable[GoldEvent], predicted: Iterable[Event]
) -> set[str]:
    """The ids of the coded events that match a gold event (the scorer's pairing)."""
    return {e.event_id for _, e in match_gold(gold, predicted) if e is not None}


def score_events(gold: Iterable[GoldEvent], predicted: Iterable[Event]) -> EventScores:
    """Match predicted events to gold ones per document, greedily, and score."""
    scores = EventScores()
    predicted = list(predicted)
    scores.predicted = len(predicted)
    for g, best in match_gold(gold, predicted):
        scores.gold += 1
        scores.gold_by_type[g.event_type] += 1
        if best is None:
            continue
        scores.matched += 1
        scores.matched_by_type[g.event_type] += 1
        for name, ok in field_right(g, best).items():
            if ok is not None:
                scores.field_total[name] += 1
                scores.field_right[name] += ok
    return scores


def score_gold_events(
    gold: Sequence[GoldEvent], events: Sequence[Event], languages: dict[str, str]
) -> dict[str, Any]:
    """Overall and per-language event scores; ``languages`` maps doc id to code."""
    overall = score_events(gold, events).as_dict()
    by_language = {}
    for lang in sorted(set(languages.values())):
        ids = {d for d, lg in languages.items() if lg == lang}
        by_language[lang] = score_events(
            [g for g in gold if g.doc in ids], [e for e in events if e.doc_id in ids]
        ).as_dict()
    return {"overall": overall, "by_language": by_language}
