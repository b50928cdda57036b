"""`dateline eval`: score coded events and places against gold sets.

Events: an event matches a gold event of the same document when its type
agrees and its initiator or recipient matches; precision, recall and F1 over
events, then the accuracy of each field on matched events and recall by type.
Date, place and country are scored on the matched events whose gold has one;
places also by distance to the gold coordinate (25 and 161 km, the thresholds
of geoparsing evaluations). Gold modes in the codebook's words are compared
through ``data/codebook_modes.yaml``. Gold events that carry an ``incident``
label also score the incident merge.
Places: accuracy of the chosen entry and the share within 25 km.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from dateline.errors import InputError
from dateline.gazetteer import distance_km
from dateline.incidents import (
    GoldIncidentItem,
    cluster_events,
    load_rules,
    predicted_incidents,
    read_gold_incidents,
    score_clusters,
)
from dateline.model import Actor, Document, DocumentSource, Event, Mention, Place
from dateline.resources import read_yaml
from dateline.settings import DATA_DIR

if TYPE_CHECKING:
    from dateline.pipeline import Coder, Result

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


def dumps(data: object) -> str:
    """JSON for the report files."""
    return json.dumps(data, indent=2, ensure_ascii=False)


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
