"""Coded events -> the events that happened, each with a confidence (decision).

Reads assembled events and their document; sets ``Event.confidence`` and
drops the events whose confidence is under the model's threshold. The model is
a logistic regression over named features (``event_features``): what the
assembler found (actor, target, place, time, figures, source, certainty, the
flags saying what was inherited), where the sentence sits on the page (first
line, first paragraph, late in the page), whether an earlier event of the
article already told the same happening, and the sentence's words. It is
learned from the real-news dev half (``dateline train decide``), in the spirit
of NGEC's one small linear model per decision: small, fast on a CPU and
explainable (``explain`` lists the features that weighed most).

The trained model is a JSON file of named weights (``data/models/decide.json``),
read with no download and no learning library; scikit-learn is needed only to
train it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dateline.errors import DataFileError
from dateline.model import Actor, Document, Event

logger = logging.getLogger(__name__)

MODEL_FILE = "models/decide.json"
# Words seen fewer times than this in the training sentences are not features:
# they would only learn the training articles.
MIN_WORD_COUNT = 4
# Inverse regularisation strength of the logistic regression, chosen by
# cross-validation on the dev half (``dateline train decide`` prints the grid).
C_GRID = (0.03, 0.1, 0.3, 1.0)
CV_FOLDS = 5
# Cross-validated F1 differences smaller than this are noise on ~700 gold events.
CV_F1_NOISE = 0.005
SEED = 20261206
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# The first part of a page: headline and lede, which retell the body's events.
_LEDE_CHARS = 400
# Letters of a trigger word kept as its stem (a feature shared by its forms).
_STEM_CHARS = 5
_FLAG_FEATURES = (
    "actor_from_context",
    "date_from_context",
    "date_from_publication",
    "date_from_story",
    "place_from_context",
    "place_from_article",
    "place_from_country_focus",
    "contested_label",
)


@dataclass(frozen=True, slots=True)
class DecisionModel:
    """A trained decision: named weights, a bias and the threshold to keep."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    version: str
    meta: Mapping[str, Any]
    # Platt scaling of the score, fitted on cross-validated scores, so that a
    # confidence of 0.7 means about 70% of such events happened.
    scale: float = 1.0
    shift: float = 0.0

    def confidence(self, features: Mapping[str, float]) -> float:
        """The calibrated probability that the event happened."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return _sigmoid(self.scale * z + self.shift)

    def explain(self, features: Mapping[str, float], top: int = 5) -> list[str]:
        """The features that weighed most on this decision, signed."""
        scored = [(self.weights.get(k, 0.0) * v, k) for k, v in features.items()]
        scored = [s for s in scored if s[0]]
        scored.sort(key=lambda s: -abs(s[0]))
        return [f"{k} {w:+.2f}" for w, k in scored[:top]]

    def to_json(self) -> str:
        """The model file's text: sorted, so that a retrain shows as a small diff."""
        data = {
            "version": self.version,
            "threshold": round(self.threshold, 4),
            "bias": round(self.bias, 6),
            "scale": round(self.scale, 6),
            "shift": round(self.shift, 6),
            "meta": dict(self.meta),
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())},
        }
        return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def load_decision_model(path: Path) -> DecisionModel:
    """Read a model file; raises DataFileError naming it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return DecisionModel(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            version=str(data["version"]),
            meta=data.get("meta", {}),
            scale=float(data.get("scale", 1.0)),
            shift=float(data.get("shift", 0.0)),
        )
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(str(path), None, f"not a decision model: {exc}") from exc


def event_features(
    event: Event, document: Document, earlier: Sequence[Event]
) -> dict[str, float]:
    """The named features of one event in its article (``earlier``: events before it)."""
    f: dict[str, float] = {
        f"type:{event.event_type}": 1.0,
        f"mode:{event.mode or 'none'}": 1.0,
        f"lang:{event.language}": 1.0,
        f"certainty:{event.certainty}": 1.0,
    }
    for role, actor in (("actor", event.actor), ("target", event.target)):
        if actor is None:
            f[f"{role}:none"] = 1.0
            continue
        f[f"{role}:generic" if actor.generic else f"{role}:named"] = 1.0
        if actor.sector:
            f[f"{role}_sector:{actor.sector}"] = 1.0
        if actor.actor_id is None:
            f[f"{role}:unresolved"] = 1.0
    for flag in event.flags:
        name = flag.split(":", 1)[0]
        if name in _FLAG_FEATURES or name == "continues":
            f[f"flag:{name}"] = 1.0
    if event.location is not None and not any(
        x.startswith("place_from") for x in event.flags
    ):
        f["place:own"] = 1.0
        f[f"place_precision:{event.location.precision}"] = 1.0
    # A day taken from the article's lede is no time of the event's own.
    if (
        event.date is not None
        and event.date.precision != "publication"
        and "date_from_story" not in event.flags
    ):
        f[
            "time:own" if "date_from_context" not in event.flags else "time:inherited"
        ] = 1.0
        f[f"time_precision:{event.date.precision}"] = 1.0
    if event.fatalities is not None or event.injured is not None:
        f["figure:casualties"] = 1.0
    if event.figures:
        f["figure:any"] = 1.0
    if event.attributed_to:
        f["source:credited"] = 1.0
    if event.negated:
        f["negated"] = 1.0
    # The trigger word itself: "unrest", "protests" or "the attack" tell a
    # happening less often than "stormed" or "shot dead".
    trigger = event.trigger.text.casefold()
    f[f"trigger:{trigger}"] = 1.0
    f.update(_by_type(event, trigger))
    f.update(_position(event, document))
    f.update(_repeats(event, earlier))
    words = {w.casefold() for w in _WORD.findall(event.evidence.text)}
    for word in words:
        f[f"w:{word}"] = 1.0
    f["sentence_words"] = min(len(event.evidence.text.split()), 80) / 40.0
    return f


def _by_type(event: Event, trigger: str) -> dict[str, float]:
    """The features whose weight depends on the event's type.

    A missing target, a "reported" certainty or a language's reading of a
    word weigh differently for an accusation than for an attack: each is also
    crossed with the type. Word stems of the trigger (its first letters) let
    inflected forms ("detenidos", "detuvo") share what one form learned.
    """
    t = event.event_type
    f = {
        f"type_lang:{t}|{event.language}": 1.0,
        f"type_actor:{t}|{_kind(event.actor)}": 1.0,
        f"type_target:{t}|{_kind(event.target)}": 1.0,
        f"type_certainty:{t}|{event.certainty}": 1.0,
        f"trigger:{trigger}|{t}": 1.0,
    }
    for word in _WORD.findall(trigger):
        f[f"stem:{word[:_STEM_CHARS]}"] = 1.0
    return f


def _kind(actor: Actor | None) -> str:
    if actor is None:
        return "none"
    return "generic" if actor.generic else "named"


def _position(event: Event, document: Document) -> dict[str, float]:
    text = document.text
    start = event.evidence.start
    first_line = text.find("\n")
    out: dict[str, float] = {}
    if first_line == -1 or start < first_line:
        out["position:first_line"] = 1.0
    elif start < _LEDE_CHARS:
        out["position:lede"] = 1.0
    if text and start / len(text) > 0.7:
        out["position:late"] = 1.0
    return out


def _repeats(event: Event, earlier: Sequence[Event]) -> dict[str, float]:
    """Whether an earlier event of the article looks like the same happening."""

    def key(e: Event) -> tuple[str | None, str | None]:
        return (
            e.actor.actor_id or e.actor.name if e.actor else None,
            e.target.actor_id or e.target.name if e.target else None,
        )

    out: dict[str, float] = {}
    mine = key(event)
    for other in earlier:
        if other.event_type != event.event_type:
            continue
        if key(other) == mine:
            out["repeat:same_parties"] = 1.0
        if (
            event.location is not None
            and other.location is not None
            and event.location.name == other.location.name
        ):
            out["repeat:same_place"] = 1.0
        if other.evidence.start == event.evidence.start:
            out["repeat:same_sentence"] = 1.0
    if any(e.event_type == event.event_type for e in earlier):
        out["repeat:same_type"] = 1.0
    # How crowded the sentence and the article are before this event: the
    # third reading of one sentence is more often a misreading.
    same_sentence = sum(1 for e in earlier if e.evidence.start == event.evidence.start)
    out["before_in_sentence"] = min(same_sentence, 3) / 3
    out["before_in_article"] = min(len(earlier), 20) / 20
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """One candidate event, whether it was kept, and the features that weighed most."""

    event: Event  # with its confidence set
    kept: bool
    reasons: tuple[str, ...]


def decide(
    events: Sequence[Event],
    document: Document,
    model: DecisionModel,
    min_confidence: float | None = None,
) -> list[Decision]:
    """Set every event's confidence and keep those at or above the threshold.

    ``min_confidence`` replaces the model's threshold (a user trading recall
    for precision).
    """
    threshold = model.threshold if min_confidence is None else min_confidence
    out = []
    for n, event in enumerate(events):
        features = event_features(event, document, events[:n])
        confidence = model.confidence(features)
        out.append(
            Decision(
                event=replace(event, confidence=round(confidence, 3)),
                kept=confidence >= threshold,
                reasons=tuple(model.explain(features)),
            )
        )
    return out


# --- training (scikit-learn, only here) -------------------------------------


Row = tuple[str, dict[str, float], bool]
# The F1 of keeping exactly the rows marked True, scored afresh against the gold.
KeptScorer = Callable[[Sequence[bool]], float]
# Thresholds tried when a scorer is given: the held-out scores' percentiles.
_THRESHOLD_STEPS = 100


def fit_decision_model(
    rows: Sequence[Row],
    gold_total: int,
    extra: Sequence[Row] = (),
    score_kept: KeptScorer | None = None,
) -> DecisionModel:
    """Learn the model from (document id, features, happened) rows of the dev half.

    The regularisation and the threshold are chosen by cross-validation over
    documents, for the F1 of the events kept against ``gold_total`` gold events;
    then the model is fitted on every row. ``extra`` rows (our own passage
    sets) join every training fold but are never held out: the threshold is
    set on real news only. Deterministic for the same rows.

    ``score_kept`` scores a choice of rows with the evaluation's own matching.
    Given, it chooses the regularisation and the threshold: a row labelled
    "did not happen" is often a second telling of a happening whose first
    telling took the gold event, and it matches that gold event once the
    first is dropped, which fixed labels cannot see.
    """
    import numpy as np

    # scikit-learn ships no type information.
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

    counts: dict[str, int] = {}
    every = [*rows, *extra]
    for _, features, _ in every:
        for k in features:
            if k.startswith(("w:", "trigger:", "stem:")):
                counts[k] = counts.get(k, 0) + 1
    rare = {k for k, n in counts.items() if n < MIN_WORD_COUNT}
    kept_rows = [{k: v for k, v in f.items() if k not in rare} for _, f, _ in every]
    vectorizer = DictVectorizer(sort=True)
    x_all = vectorizer.fit_transform(kept_rows)
    y_all = np.array([1 if happened else 0 for _, _, happened in every])
    x, y = x_all[: len(rows)], y_all[: len(rows)]
    x_extra, y_extra = x_all[len(rows) :], y_all[len(rows) :]
    groups = np.array([doc for doc, _, _ in rows])
    held_out: dict[float, Any] = {}
    grid = []
    for c in C_GRID:
        probabilities = np.zeros(len(rows))
        for train, held in GroupKFold(n_splits=CV_FOLDS).split(x, y, groups):
            model = LogisticRegression(C=c, solver="liblinear", random_state=SEED)
            model.fit(_stack(x[train], x_extra), np.concatenate([y[train], y_extra]))
            probabilities[held] = model.predict_proba(x[held])[:, 1]
        held_out[c] = probabilities
        f1, threshold = _choose_threshold(probabilities, y, gold_total, score_kept)
        grid.append(
            {
                "C": c,
                "cv_f1": round(float(f1), 4),
                "threshold": round(float(threshold), 4),
            }
        )
    top = max(row["cv_f1"] for row in grid)
    # The strongest regularisation within noise of the best: fewer, steadier
    # weights and better calibrated scores for the same F1.
    c = min(row["C"] for row in grid if row["cv_f1"] >= top - CV_F1_NOISE)
    scale, shift = _platt(held_out[c], y)
    calibrated = _sigmoid_array(scale * _logit(held_out[c]) + shift)
    f1, threshold = _choose_threshold(calibrated, y, gold_total, score_kept)
    model = LogisticRegression(C=c, solver="liblinear", random_state=SEED)
    model.fit(x_all, y_all)
    names = vectorizer.get_feature_names_out()
    weights = {
        str(name): float(w) for name, w in zip(names, model.coef_[0], strict=True) if w
    }
    digest = hashlib.sha256(
        json.dumps([(d, sorted(f.items()), h) for d, f, h in every]).encode()
    ).hexdigest()[:16]
    return DecisionModel(
        weights=weights,
        bias=float(model.intercept_[0]),
        threshold=float(threshold),
        version=f"decide-{digest}",
        scale=scale,
        shift=shift,
        meta={
            "trained_on": "real-news dev half; own passage sets as extra rows",
            "rows": len(rows),
            "extra_rows": len(extra),
            "happened": int(y.sum()),
            "gold_events": gold_total,
            "C": c,
            "cv_f1": round(float(f1), 4),
            "cv_f1_scored_by": "the evaluation's matching of the kept events"
            if score_kept
            else "fixed labels",
            "grid": grid,
            **calibration(calibrated, y),
        },
    )


CALIBRATION_BINS = 5


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def _logit(p: Any) -> Any:
    import numpy as np

    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _sigmoid_array(z: Any) -> Any:
    import numpy as np

    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def _platt(probabilities: Any, happened: Any) -> tuple[float, float]:
    """Platt's scale and shift of held-out scores (Platt 1999)."""
    from sklearn.linear_model import LogisticRegression

    z = _logit(probabilities).reshape(-1, 1)
    fit = LogisticRegression(C=1e6, solver="lbfgs").fit(z, happened)
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def calibration(probabilities: Any, happened: Any) -> dict[str, Any]:
    """Reliability of cross-validated confidences: per bin, said versus seen.

    Returns the bins (mean confidence, share that happened, candidates) and
    the expected calibration error (their gap, weighted by size).
    """
    bins = []
    error = 0.0
    total = len(probabilities)
    for k in range(CALIBRATION_BINS):
        lo, hi = k / CALIBRATION_BINS, (k + 1) / CALIBRATION_BINS
        inside = (probabilities >= lo) & (
            (probabilities < hi) if k < CALIBRATION_BINS - 1 else (probabilities <= hi)
        )
        n = int(inside.sum())
        if not n:
            continue
        said = float(probabilities[inside].mean())
        seen = float(happened[inside].mean())
        error += n / total * abs(said - seen)
        bins.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "confidence": round(said, 3),
                "happened": round(seen, 3),
                "candidates": n,
            }
        )
    return {"calibration": bins, "calibration_error": round(error, 4)}


def _stack(a: Any, b: Any) -> Any:
    from scipy.sparse import vstack  # type: ignore[import-untyped]

    return vstack([a, b]) if b.shape[0] else a


def _choose_threshold(
    probabilities: Any, happened: Any, gold_total: int, score_kept: KeptScorer | None
) -> tuple[float, float]:
    """The threshold and its F1: by the scorer when given, else by fixed labels."""
    if score_kept is None:
        return _best_threshold(probabilities, happened, gold_total)
    import numpy as np

    cuts = sorted(
        {
            float(q)
            for q in np.quantile(probabilities, np.linspace(0, 1, _THRESHOLD_STEPS))
        }
    )
    scored = [
        (score_kept([bool(p >= cut) for p in probabilities]), cut) for cut in cuts
    ]
    top = max(f1 for f1, _ in scored)
    return min(
        ((f1, cut) for f1, cut in scored if f1 >= top - CV_F1_NOISE),
        key=lambda fc: fc[1],
    )


def _best_threshold(
    probabilities: Iterable[float], happened: Iterable[int], gold_total: int
) -> tuple[float, float]:
    """The threshold to keep events at, and the F1 of the events it keeps.

    The lowest threshold whose F1 is within ``CV_F1_NOISE`` of the best: a
    candidate is dropped only where dropping it gains more than noise (the
    same rule as for the regularisation).
    """
    pairs = sorted(zip(probabilities, happened, strict=True), reverse=True)
    scored: list[tuple[float, float]] = []
    matched = 0
    for kept, (p, h) in enumerate(pairs, start=1):
        matched += h
        precision, recall = matched / kept, matched / gold_total
        scored.append(
            (2 * precision * recall / (precision + recall) if matched else 0.0, p)
        )
    if not scored:
        return (0.0, 0.5)
    top = max(f1 for f1, _ in scored)
    return min(
        ((f1, p) for f1, p in scored if f1 >= top - CV_F1_NOISE), key=lambda fp: fp[1]
    )
