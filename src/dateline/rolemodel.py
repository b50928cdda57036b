"""Candidate + the mentions of its sentence -> who did it to whom, learned (roles).

Reads an EventCandidate and the RoleOptions its finder saw in its sentence
(dictionary actors, names, demonyms, generic nouns, and in English every noun
phrase with its relation in the parse); returns the candidate with the actor
and target the model scores best, where it is confident, and the rules'
choice everywhere else. Two logistic regressions (is this mention the
actor? the target?) over named, language-general features: the side of the
trigger and the distance in words, the words right before and after the
mention and its endings (a preposition, "par", "tarafından", a case ending),
the trigger's stem and the event type, the relation in a parse where one
exists, the mention's kind, and what the rules chose, so that the model
corrects the rules rather than replaces them.

Learned from the gold's ``actor_aliases`` and ``target_aliases`` on the
real-news dev half (``dateline train roles``); the weights are a JSON file
(``data/models/roles.json``) read with no learning library. scikit-learn is
needed only to train.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dateline.errors import DataFileError
from dateline.model import EventCandidate, RoleChunk, RoleOption

MODEL_FILE = "models/roles.json"
ROLES = ("actor", "target")
SEED = 20261206
# Inverse regularisation strength of both regressions.
C = 0.3
# The model overrides the rules only for a mention it scores at least this
# likely to fill the role; below it the rules' choice stays.
CONFIDENT = 0.5
# Features seen on fewer training mentions than this are dropped: they would
# only learn the training articles.
MIN_FEATURE_COUNT = 3
_WORD = re.compile(r"\w+", re.UNICODE)
# Letters of the trigger's first word kept as its stem ("detuv", "saldı").
_STEM_CHARS = 5
# Word distances between a mention and its trigger, in buckets.
_DISTANCES = (0, 1, 2, 4, 8, 16)


@dataclass(frozen=True, slots=True)
class RoleModel:
    """Two trained scorers (actor, target): named weights and a bias each."""

    weights: Mapping[str, Mapping[str, float]]  # role -> feature -> weight
    bias: Mapping[str, float]
    confident: float
    version: str
    meta: Mapping[str, Any]

    def probability(self, role: str, features: Mapping[str, float]) -> float:
        """How likely the mention with these features fills ``role``."""
        weights = self.weights[role]
        z = self.bias[role] + sum(weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def to_json(self) -> str:
        """The model file's text: sorted, so that a retrain shows as a small diff."""
        data = {
            "version": self.version,
            "confident": self.confident,
            "bias": {r: round(self.bias[r], 6) for r in ROLES},
            "meta": dict(self.meta),
            "weights": {
                r: {k: round(v, 6) for k, v in sorted(self.weights[r].items())}
                for r in ROLES
            },
        }
        return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def load_role_model(path: Path) -> RoleModel:
    """Read a model file; raises DataFileError naming it, in one line."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RoleModel(
            weights={
                r: {str(k): float(v) for k, v in data["weights"][r].items()}
                for r in ROLES
            },
            bias={r: float(data["bias"][r]) for r in ROLES},
            confident=float(data["confident"]),
            version=str(data["version"]),
            meta=dict(data.get("meta", {})),
        )
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = f"{type(exc).__name__} {exc}".splitlines()[0]
        raise DataFileError(str(path), None, f"not a roles model: {reason}") from exc


def _overlaps(a: RoleChunk, b: RoleChunk) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True, slots=True)
class _Seen:
    """One role option as the features see it."""

    chunk: RoleChunk
    relation: str | None
    rule: str  # "actor", "target" or "none": what the rules chose it for


def role_options(
    candidate: EventCandidate, options: Sequence[RoleOption]
) -> list[_Seen]:
    """The candidate's options, each marked with the rules' choice.

    A rule's chunk that overlaps no option (a pronoun's antecedent, a doer
    carried from an earlier sentence) joins as an option of its own.
    """
    seen: list[_Seen] = []
    rules = (("actor", candidate.actor), ("target", candidate.target))
    for option in options:
        rule = next(
            (r for r, c in rules if c is not None and _overlaps(c, option.chunk)),
            "none",
        )
        chunk = dict(rules)[rule] if rule != "none" else option.chunk
        assert chunk is not None
        if any(s.chunk == chunk for s in seen):
            continue
        seen.append(_Seen(chunk, option.relation, rule))
    for rule, chunk in rules:
        if chunk is not None and not any(s.chunk == chunk for s in seen):
            seen.append(_Seen(chunk, None, rule))
    return seen


def _bucket(n: int) -> str:
    for limit in _DISTANCES:
        if n <= limit:
            return str(limit)
    return "far"


def option_features(
    candidate: EventCandidate,
    option: _Seen,
    options: Sequence[_Seen],
    language: str,
    kinds: Mapping[str, str],
) -> dict[str, float]:
    """The named features of one mention as the actor or target of a candidate."""
    sentence = candidate.sentence
    text = sentence.text
    offset = sentence.start
    chunk, trigger = option.chunk, candidate.trigger
    words = [
        (m.start() + offset, m.end() + offset, m.group().casefold())
        for m in _WORD.finditer(text)
    ]
    if chunk.end <= trigger.start:
        side = "before"
        gap = [w for w in words if chunk.end <= w[0] and w[1] <= trigger.start]
    elif chunk.start >= trigger.end:
        side = "after"
        gap = [w for w in words if trigger.end <= w[0] and w[1] <= chunk.start]
    else:
        side = "over"
        gap = []
    distance = _bucket(len(gap))
    before = [w[2] for w in words if w[1] <= chunk.start]
    after = [w[2] for w in words if w[0] >= chunk.end]
    own = [w[2] for w in words if chunk.start <= w[0] and w[1] <= chunk.end]
    t = candidate.event_type
    stem = next((w[2] for w in words if trigger.start <= w[0] < trigger.end), "")[
        :_STEM_CHARS
    ]
    f: dict[str, float] = {
        f"side:{side}": 1.0,
        f"side_dist:{side}|{distance}": 1.0,
        f"lang_side:{language}|{side}": 1.0,
        f"type_side:{t}|{side}": 1.0,
        f"type_side_dist:{t}|{side}|{distance}": 1.0,
        f"stem_side:{language}|{stem}|{side}": 1.0,
        f"rule:{option.rule}": 1.0,
        f"rule_type:{option.rule}|{t}": 1.0,
        f"rule_lang:{option.rule}|{language}": 1.0,
        f"rule_side:{option.rule}|{side}": 1.0,
    }
    # Its place among the mentions on its side: the nearest before the trigger
    # is the subject of an SVO verb more often than the second.
    nearer = sum(
        1
        for o in options
        if o is not option
        and (
            (
                side == "before"
                and chunk.end <= o.chunk.start
                and o.chunk.end <= trigger.start
            )
            or (
                side == "after"
                and trigger.end <= o.chunk.start
                and o.chunk.end <= chunk.start
            )
        )
    )
    f[f"rank:{side}|{min(nearer, 2)}"] = 1.0
    f[f"options:{min(len(options), 5)}"] = 1.0
    if candidate.actor is None:
        f["rules_no_actor"] = 1.0
    if candidate.target is None:
        f["rules_no_target"] = 1.0
    if before:
        f[f"prev:{language}|{before[-1]}"] = 1.0
        f[f"prev_side:{language}|{before[-1]}|{side}"] = 1.0
    else:
        f["prev:start"] = 1.0
    if len(before) > 1:
        f[f"prev2:{language}|{before[-2]}"] = 1.0
    if after:
        f[f"next:{language}|{after[0]}"] = 1.0
    else:
        f["next:end"] = 1.0
    if own:
        last, first = own[-1], own[0]
        for n in (1, 2, 3):
            if len(last) > n + 1:
                f[f"end{n}:{language}|{last[-n:]}"] = 1.0
        if len(first) > 2:
            f[f"begin1:{language}|{first[:1]}"] = 1.0
        f[f"head:{language}|{chunk.head_lemma.casefold()}"] = 1.0
    # Punctuation between mention and trigger: another clause, a quote.
    lo, hi = sorted(
        (chunk.end, trigger.start) if side == "before" else (trigger.end, chunk.start)
    )
    if side != "over" and any(
        c in text[lo - offset : hi - offset] for c in ',;:()"«»“”'
    ):
        f["punct_between"] = 1.0
    if option.relation:
        f[f"rel:{option.relation}"] = 1.0
        f[f"rel_type:{option.relation}|{t}"] = 1.0
    f.update(_kind_features(chunk, kinds, side))
    return f


def _kind_features(
    chunk: RoleChunk, kinds: Mapping[str, str], side: str
) -> dict[str, float]:
    """What kind of actor the mention names: state, armed group, police, person."""
    f: dict[str, float] = {}
    if chunk.pronoun:
        f["kind:pronoun"] = 1.0
    if chunk.singular:
        f["kind:singular"] = 1.0
    if chunk.quoted:
        f["kind:quoted"] = 1.0
    if chunk.text[:1].isdigit():
        f["kind:counted"] = 1.0
    inner = chunk.inner[0] if chunk.inner else None
    if inner is None:
        f["kind:no_name"] = 1.0
        return f
    f[f"label:{inner.label}"] = 1.0
    f[f"label_side:{inner.label}|{side}"] = 1.0
    kind = kinds.get(inner.ref or "")
    if kind:
        f[f"kind:{kind}"] = 1.0
        f[f"kind_side:{kind}|{side}"] = 1.0
    if (inner.ref or "").startswith("generic-"):
        f["kind:generic"] = 1.0
    return f


def choose_roles(
    candidate: EventCandidate,
    options: Sequence[RoleOption],
    model: RoleModel,
    language: str,
    kinds: Mapping[str, str],
) -> EventCandidate:
    """The candidate with the actor and target the model is confident of.

    Each role takes the mention scored likeliest to fill it when that score
    reaches the model's ``confident``; otherwise the rules' choice stays. One
    mention fills one role: the likelier one, the other keeping the rules'
    choice when that is another mention, else its next confident mention.
    A candidate typed from its whole sentence (no trigger word), or with no
    side from the rules, is left as is.
    """
    trigger, sentence = candidate.trigger, candidate.sentence
    if (trigger.start, trigger.end) == (sentence.start, sentence.end) or not options:
        return candidate
    if candidate.actor is None and candidate.target is None:
        # The rules found no side: filling one would turn a candidate the
        # assembler drops into an event, which is not this stage's call
        # (measured: more matches, and more false events).
        return candidate
    seen = role_options(candidate, options)
    scored = []
    for option in seen:
        features = option_features(candidate, option, seen, language, kinds)
        scored.append(
            (
                option,
                model.probability("actor", features),
                model.probability("target", features),
            )
        )
    ranked = {
        role: sorted(
            (
                (p, n)
                for n, (_, *probs) in enumerate(scored)
                if (p := probs[k]) >= model.confident
            ),
            key=lambda pn: (-pn[0], pn[1]),
        )
        for k, role in enumerate(ROLES)
    }
    chosen: dict[str, RoleChunk | None] = {
        "actor": candidate.actor,
        "target": candidate.target,
    }
    best = {role: ranked[role][0][0] if ranked[role] else 0.0 for role in ROLES}
    # The likelier role picks first.
    order = sorted(ROLES, key=lambda r: -best[r])
    taken: RoleChunk | None = None
    for role in order:
        picks = [scored[n][0].chunk for _, n in ranked[role]]
        rule = chosen[role]
        if taken is not None and rule is not None and _overlaps(rule, taken):
            rule = None
        pick = next(
            (c for c in picks if taken is None or not _overlaps(c, taken)), None
        )
        chosen[role] = pick if pick is not None else rule
        taken = chosen[role] if taken is None else taken
    if chosen["actor"] == candidate.actor and chosen["target"] == candidate.target:
        return candidate
    return replace(candidate, actor=chosen["actor"], target=chosen["target"])


# --- training (scikit-learn, only here) -------------------------------------


# (document id, features, is the actor, is the target)
Row = tuple[str, dict[str, float], bool, bool]


def fit_role_model(
    rows: Sequence[Row], meta: Mapping[str, Any] | None = None
) -> RoleModel:
    """Learn both scorers from labelled mentions; deterministic for the same rows."""
    import numpy as np

    # scikit-learn ships no type information.
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    if not rows:
        raise ValueError("no labelled mentions to learn roles from")
    counts: dict[str, int] = {}
    for _, features, _, _ in rows:
        for name in features:
            counts[name] = counts.get(name, 0) + 1
    kept = [
        {name: v for name, v in f.items() if counts[name] >= MIN_FEATURE_COUNT}
        for _, f, _, _ in rows
    ]
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(kept)
    names = vectorizer.get_feature_names_out()
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for k, role in enumerate(ROLES):
        y = np.array([1 if row[2 + k] else 0 for row in rows])
        fit = LogisticRegression(C=C, solver="liblinear", random_state=SEED)
        fit.fit(x, y)
        weights[role] = {
            str(name): float(w)
            for name, w in zip(names, fit.coef_[0], strict=True)
            if w
        }
        bias[role] = float(fit.intercept_[0])
    digest = hashlib.sha256(
        json.dumps([(d, sorted(f.items()), a, t) for d, f, a, t in rows]).encode()
    ).hexdigest()[:16]
    return RoleModel(
        weights=weights,
        bias=bias,
        confident=CONFIDENT,
        version=f"roles-{digest}",
        meta={
            "trained_on": "real-news dev half: gold actor_aliases and target_aliases",
            "mentions": len(rows),
            "actors": sum(1 for r in rows if r[2]),
            "targets": sum(1 for r in rows if r[3]),
            "C": C,
            **(meta or {}),
        },
    )
