"""The learned roles stage: who did it to whom, learned from the gold's aliases."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dateline.errors import DataFileError
from dateline.model import Document
from dateline.pipeline import Coder
from dateline.resources import Resources
from dateline.rolemodel import load_role_model
from dateline.train import train_roles

ROOT = Path(__file__).resolve().parent.parent


def test_training_is_deterministic(coder: Coder) -> None:
    # Our own Turkish and Spanish passage sets: small, with gold aliases.
    gold = [
        ROOT / "eval" / "dev" / "tr.gold.jsonl",
        ROOT / "eval" / "dev" / "es.gold.jsonl",
    ]
    first, _ = train_roles(gold, coder)
    second, _ = train_roles(gold, coder)
    assert first.to_json() == second.to_json(), "a retrain must give the same model"
    assert first.weights["actor"], "the model learned nothing from the gold roles"


@pytest.mark.parametrize(
    "text",
    [
        "not json at all",
        '{"version": "roles-x", "confident": 0.5, "bias": {"actor": 0.1}}',
        '{"version": "roles-x", "confident": "high", "bias": {}, "weights": {}}',
    ],
)
def test_a_malformed_model_file_stops_with_one_clear_line(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "roles.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_role_model(path)
    message = str(caught.value)
    assert str(path) in message and "not a roles model" in message, message
    assert "\n" not in message, "the error must be one line"


def test_learned_roles_put_the_police_back_as_the_doer(
    coder: Coder, resources: Resources
) -> None:
    # A sentence of the real-news dev half (s10-ar-tr-fa-014): Turkish SOV,
    # the doer right before the verb, the victims in the dative before it.
    text = "Abluka altına alınan üniversitelilere polis saldırdı."
    document = Document(id="tr-swap", text=text, language="tr")
    learned = Coder(replace(coder.settings, learned_roles=True), resources)
    (result,) = list(learned.code_documents([document]))
    event = next(e for e in result.events if e.event_type == "ASSAULT")
    assert event.actor is not None and event.actor.text == "polis", (
        "the police attacked the students, not the other way round"
    )
    assert event.target is None or event.target.text != "polis"
