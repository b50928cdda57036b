"""The decision stage: keep the events that happened, each with a confidence."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from dateline.decide import (
    MODEL_FILE,
    DecisionModel,
    decide,
    event_features,
    fit_decision_model,
    load_decision_model,
)
from dateline.model import Actor, CharSpan, Document, Event, TimeSpan
from dateline.settings import DATA_DIR

TEXT = (
    "Gunmen kill five in Mopti\n"
    "Gunmen killed five villagers in Mopti on Sunday, officials said. "
    "Since 2019, insurgents have repeatedly attacked army posts in the region."
)


def _event(sentence: str, *, dated: bool, event_id: str) -> Event:
    start = TEXT.index(sentence)
    span = CharSpan(start=start, end=start + len(sentence), text=sentence)
    return Event(
        event_id=event_id,
        doc_id="d1",
        language="en",
        event_type="ASSAULT",
        mode=None,
        actor=Actor(name="unidentified gunmen", text="Gunmen", generic=True),
        target=None,
        location=None,
        date=TimeSpan(start=dt.date(2024, 3, 3), end=dt.date(2024, 3, 3), text="Sunday")
        if dated
        else None,
        fatalities=5 if dated else None,
        injured=None,
        evidence=span,
        trigger=span,
    )


DOCUMENT = Document(id="d1", text=TEXT, published=dt.date(2024, 3, 3), language="en")
SPECIFIC = _event(
    "Gunmen killed five villagers in Mopti on Sunday, officials said.",
    dated=True,
    event_id="e1",
)
HABIT = _event(
    "Since 2019, insurgents have repeatedly attacked army posts in the region.",
    dated=False,
    event_id="e2",
)


def test_background_is_dropped_and_the_specific_event_kept_with_a_confidence():
    model = DecisionModel(
        weights={"time:own": 2.0, "figure:casualties": 1.0, "w:repeatedly": -3.0},
        bias=-1.0,
        threshold=0.5,
        version="test",
        meta={},
    )
    decisions = decide([SPECIFIC, HABIT], DOCUMENT, model)
    kept = {d.event.event_id: d.kept for d in decisions}
    assert kept == {"e1": True, "e2": False}, "background must not become an event"
    assert all(0.0 <= (d.event.confidence or 0) <= 1.0 for d in decisions)
    dropped = next(d for d in decisions if not d.kept)
    assert "w:repeatedly -3.00" in dropped.reasons, "--explain must name the cause"


def test_min_confidence_trades_recall_for_precision():
    model = DecisionModel(
        weights={"time:own": 2.0}, bias=-1.0, threshold=0.5, version="t", meta={}
    )
    assert sum(d.kept for d in decide([SPECIFIC, HABIT], DOCUMENT, model, 0.0)) == 2
    assert sum(d.kept for d in decide([SPECIFIC, HABIT], DOCUMENT, model, 0.99)) == 0


def test_a_retold_event_knows_it_was_told_before():
    features = event_features(SPECIFIC, DOCUMENT, [SPECIFIC])
    assert features.get("repeat:same_parties") == 1.0
    assert "repeat:same_parties" not in event_features(SPECIFIC, DOCUMENT, [])


def test_training_is_deterministic():
    rows = []
    for n in range(40):
        happened = n % 3 != 0
        features = {"time:own": 1.0} if happened else {"w:repeatedly": 1.0}
        features["w:attack"] = 1.0
        rows.append((f"doc{n % 10}", features, happened))
    first = fit_decision_model(rows, gold_total=30).to_json()
    second = fit_decision_model(rows, gold_total=30).to_json()
    assert first == second
    model = json.loads(first)
    assert model["weights"]["time:own"] > 0 > model["weights"]["w:repeatedly"]


def test_the_shipped_model_loads_and_says_what_it_was_trained_on():
    model = load_decision_model(DATA_DIR / MODEL_FILE)
    assert 0.0 < model.threshold < 1.0
    assert model.meta["trained_on"].startswith("real-news dev half")
    assert model.meta["cv_f1"] > 0


def test_every_coded_event_carries_its_confidence(coder):
    document = Document(
        id="c1",
        text="Gunmen killed five villagers in the town of Mopti in Mali on Sunday, "
        "local officials said.",
        published=dt.date(2024, 3, 4),
        language="en",
    )
    (result,) = coder.code_documents([document])
    assert result.events, "the specific attack must be kept"
    assert all(e.confidence is not None for e in result.events)
    assert len(result.decisions) >= len(result.events)


def test_a_headline_and_its_lede_are_one_event_and_two_sources_stay_two():
    from dateline.assemble import merge_retellings

    headline = replace(SPECIFIC, event_id="h", fatalities=None, date=None)
    lede = replace(SPECIFIC, event_id="l")
    other_source = replace(
        SPECIFIC, event_id="o", fatalities=9, attributed_to="the rebels"
    )
    merged = merge_retellings([headline, lede, other_source])
    assert len(merged) == 2, "one happening told twice is one event; two tolls are two"
    first = merged[0]
    assert first.fatalities == 5 and first.date is not None, "the lede's details kept"
    assert "retold:h" in first.flags or "retold:l" in first.flags


def test_a_party_on_both_sides_is_two_events():
    from dateline.assemble import merge_retellings

    army = Actor(name="Military Forces of Mali", text="army", actor_id="mli-mil")
    rebels = Actor(name="FLA", text="rebels", actor_id="fla")
    attack = replace(SPECIFIC, event_id="a", actor=rebels, target=army)
    reply = replace(SPECIFIC, event_id="b", actor=army, target=rebels)
    assert len(merge_retellings([attack, reply])) == 2


def test_the_trigger_word_is_a_feature_of_its_own():
    protests = replace(SPECIFIC, trigger=CharSpan(start=0, end=6, text="Gunmen"))
    features = event_features(protests, DOCUMENT, [])
    assert features.get("trigger:gunmen") == 1.0, (
        "the decision stage cannot tell a weak trigger word from a strong one"
    )


def test_two_counted_round_ups_are_two_events():
    from dateline.assemble import merge_retellings

    first = replace(
        SPECIFIC, event_id="a", target=Actor(name="civilians", text="133 kişi")
    )
    second = replace(
        SPECIFIC, event_id="b", target=Actor(name="civilians", text="125 şüpheli")
    )
    again = replace(
        SPECIFIC, event_id="c", target=Actor(name="civilians", text="133 kişiyi")
    )
    merged = merge_retellings([first, second, again])
    assert len(merged) == 2, "133 and 125 people are two round-ups; 133 twice is one"


def test_a_scorer_of_the_kept_events_sets_the_threshold():
    # Fixed labels would keep every "happened" row; the scorer says that
    # keeping the weakest rows costs F1 (as when a second telling loses its
    # gold event to the first), so the threshold rises above them.
    rows = []
    for n in range(60):
        strong = n % 3 == 0
        features = {"time:own": 1.0} if strong else {"w:repeatedly": 1.0}
        rows.append((f"doc{n % 10}", features, n % 3 != 2))
    strong_rows = [f.get("time:own") == 1.0 for _, f, _ in rows]

    def score_kept(kept):
        right = sum(k and s for k, s in zip(kept, strong_rows, strict=True))
        wrong = sum(kept) - right
        return 2 * right / (sum(strong_rows) + right + wrong) if right else 0.0

    plain = fit_decision_model(rows, gold_total=40)
    scored = fit_decision_model(rows, gold_total=40, score_kept=score_kept)
    assert scored.meta["cv_f1_scored_by"].startswith("the evaluation")
    weak = {"w:repeatedly": 1.0}
    assert plain.confidence(weak) >= plain.threshold
    assert scored.confidence(weak) < scored.threshold
