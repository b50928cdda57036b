"""Trigger words the parser-free finder must see: split verbs and other forms."""

from __future__ import annotations

from dateline.model import Document, EventCandidate, content_id
from dateline.pipeline import Coder


def candidates(coder: Coder, text: str, language: str) -> list[EventCandidate]:
    doc = Document(id=content_id(text), text=text, language=language)
    return list(coder.multilingual().find(doc, language).candidates)


def test_a_separable_verb_split_by_its_clause_is_an_arrest(coder: Coder) -> None:
    text = "Am Abend nahm die Polizei in Leipzig vierzehn Demonstranten fest."
    found = [c for c in candidates(coder, text, "de") if c.event_type == "COERCE"]
    assert found, "'nahm ... fest' is festnehmen, an arrest"
    arrest = found[0]
    assert arrest.mode == "arrest"
    assert arrest.trigger.text == "nahm", "the verb is the trigger, not the clause"
    assert arrest.actor is not None and "Polizei" in arrest.actor.text, (
        "the police after the verb are its subject"
    )
    assert arrest.target is not None and "Demonstranten" in arrest.target.text


def test_a_separable_verb_in_the_present_is_found_by_its_lemma(coder: Coder) -> None:
    text = "Rebellen greifen seit Tagen die Stadt Goma an."
    assert any(
        c.event_type == "ASSAULT" and c.trigger.text == "greifen"
        for c in candidates(coder, text, "de")
    ), "'greifen ... an' (angreifen) is an attack in any tense"


def test_a_particle_inside_the_clause_is_a_preposition(coder: Coder) -> None:
    text = "Die Minister nahmen an der Konferenz in Genf fest vereinbarte Plätze ein."
    assert not any(c.event_type == "COERCE" for c in candidates(coder, text, "de")), (
        "'fest' before the end of the clause does not make 'nahmen' an arrest"
    )
