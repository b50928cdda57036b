"""``dateline train NAME``: rebuild a learned stage from gold sets, deterministically.

The decision stage (decide.py) learns from the real-news dev half (and our own
passage sets as extra rows): the articles are coded with the stage off, each
event labelled by whether the scorer pairs it with a gold event.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dateline.assemble import realis
from dateline.errors import InputError
from dateline.evaluate import (
    GoldEvent,
    actor_matches,
    matched_event_ids,
    read_gold_events,
    score_gold_events,
)
from dateline.model import Actor, Document, Findings

if TYPE_CHECKING:
    from dateline.decide import DecisionModel, KeptScorer
    from dateline.pipeline import Coder, Result
    from dateline.rolemodel import RoleModel
    from dateline.rolemodel import Row as RoleRow

logger = logging.getLogger(__name__)


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


# Folds of the roles stage's cross-validation, by article.
ROLE_FOLDS = 5


def train_roles(
    gold_paths: Sequence[Path], coder: Coder
) -> tuple[RoleModel, RoleTrial]:
    """Learn the roles stage from gold sets, and measure it by cross-validation.

    The articles are read once by the finders; every candidate whose sentence
    holds a gold event of its type gives one row per mention of the sentence,
    labelled actor or target when its words are the gold's aliases. The
    articles are split into ``ROLE_FOLDS`` folds by article (sorted ids, in
    turn); each fold is coded with a model trained on the others, and the
    coded folds together are scored against the gold, beside the rules alone
    on the same findings. The model returned is trained on every article.
    """
    from dateline.rolemodel import fit_role_model

    gold, documents = read_gold_documents(gold_paths, coder)
    found = _materialised(coder, documents)
    by_doc: dict[str, list[GoldEvent]] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    rows = {
        document.id: _role_rows(document, findings, by_doc[document.id], coder)
        for document, findings in found
    }
    ids = sorted(rows)
    fold_of = {doc_id: n % ROLE_FOLDS for n, doc_id in enumerate(ids)}
    held_out: list[Result] = []
    for fold in range(ROLE_FOLDS):
        train = [r for d in ids if fold_of[d] != fold for r in rows[d]]
        model = fit_role_model(train)
        held_out.extend(
            coder.code_found(document, partial(_given, findings), model)
            for document, findings in found
            if fold_of[document.id] == fold
        )
    rules = [
        coder.code_found(document, partial(_given, findings), None)
        for document, findings in found
    ]
    model = fit_role_model([r for d in ids for r in rows[d]])
    return model, RoleTrial(gold=gold, rules=rules, learned=held_out)


@dataclass(frozen=True, slots=True)
class RoleTrial:
    """The dev half coded by the rules alone and by the cross-validated model."""

    gold: Sequence[GoldEvent]
    rules: Sequence[Result]
    learned: Sequence[Result]  # each fold coded by a model trained on the others

    def scores(self, keep: Callable[[str], bool] = lambda _: True) -> dict[str, Any]:
        """Both codings scored, on the articles whose id ``keep`` accepts."""
        gold = [g for g in self.gold if keep(g.doc)]
        return {
            "rules": score_results(
                gold, [r for r in self.rules if keep(r.document.id)]
            ),
            "learned": score_results(
                gold, [r for r in self.learned if keep(r.document.id)]
            ),
        }


def _given(findings: Findings) -> Findings:
    return findings


def _materialised(
    coder: Coder, documents: Sequence[Document]
) -> list[tuple[Document, Findings]]:
    """Every document's findings, read once (a document that fails is left out)."""
    out = []
    for document, findings_of in coder.found(documents):
        try:
            out.append((document, findings_of()))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            logger.warning("left out %s: %s", document.id, exc)
    return out


def score_results(
    gold: Sequence[GoldEvent], results: Sequence[Result]
) -> dict[str, Any]:
    """Event scores of coded results, with and without the decision stage."""
    languages = {r.document.id: r.document.language or "?" for r in results}
    kept = [e for r in results for e in r.events]
    every = [e for r in results for e in ([d.event for d in r.decisions] or r.events)]
    return {
        "decided": score_gold_events(gold, kept, languages),
        "undecided": score_gold_events(gold, every, languages),
    }


def _same_sentence(evidence: str | None, sentence: str) -> bool:
    """Whether a gold event's evidence is the candidate's sentence (or holds it).

    A gold event without evidence (our own passage sets) may be told in any
    sentence of its article.
    """
    if not evidence:
        return True
    a, b = _norm_words(evidence), _norm_words(sentence)
    if not a or not b:
        return False
    return len(a & b) >= _SAME_SENTENCE * min(len(a), len(b))


# Share of the shorter text's words the other must have to be the same sentence.
_SAME_SENTENCE = 0.6


def _norm_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _role_rows(
    document: Document,
    findings: Findings,
    golds: Sequence[GoldEvent],
    coder: Coder,
) -> list[RoleRow]:
    from dateline.rolemodel import option_features, role_options

    language = document.language or ""
    rows: list[RoleRow] = []
    for candidate in realis(findings.candidates):
        if not candidate.options:
            continue
        told = [
            g
            for g in golds
            if g.event_type == candidate.event_type
            and _same_sentence(g.evidence, candidate.sentence.text)
        ]
        if not told:
            continue
        seen = role_options(candidate, candidate.options)
        for option in seen:
            texts = [option.chunk.text, *(m.text for m in option.chunk.inner)]
            rows.append(
                (
                    document.id,
                    option_features(
                        candidate, option, seen, language, coder.actor_kinds
                    ),
                    any(_is_alias(g.actor, g.actor_aliases, texts) for g in told),
                    any(_is_alias(g.target, g.target_aliases, texts) for g in told),
                )
            )
    return rows


def _is_alias(name: str | None, aliases: Sequence[str], texts: Sequence[str]) -> bool:
    """Whether a mention's words are the gold's words for a role (its aliases).

    The canonical name counts only when the gold gives no alias: "Military
    Forces of Syria" would otherwise claim every "Syria" of the sentence.
    """
    if name is None:
        return False
    words = list(aliases) or [name]
    return any(
        actor_matches(w, [], Actor(name=t, text=t)) for w in words for t in texts if t
    )
