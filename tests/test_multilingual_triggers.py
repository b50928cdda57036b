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


def test_a_name_the_dictionary_lacks_is_the_subject_of_its_verb(coder: Coder) -> None:
    text = "Este lunes, Gustavo Petro suspendió las negociaciones con el ELN."
    found = [c for c in candidates(coder, text, "es") if c.trigger.text == "suspendió"]
    assert found, "'suspendió' is a trigger"
    actor = found[0].actor
    assert actor is not None and actor.text == "Gustavo Petro", (
        f"the capitalised name before the verb did it, got {actor}"
    )


def test_an_acronym_in_brackets_keeps_its_name_in_the_clause(coder: Coder) -> None:
    text = (
        "Ayer, la Unión Nacional de Educadores (UNE) denunció la represión "
        "de los maestros en Quito."
    )
    found = [c for c in candidates(coder, text, "es") if c.event_type == "ACCUSE"]
    assert found and found[0].actor is not None, "the union denounced it"
    assert found[0].actor.text in ("UNE", "Unión Nacional de Educadores"), (
        "the bracketed acronym does not end the clause its name is the subject of"
    )


def test_one_capitalised_word_is_not_taken_for_a_name(coder: Coder) -> None:
    text = "Durante la sesión, el Congreso condenó el ataque contra la comisaría."
    for candidate in candidates(coder, text, "es"):
        for side in (candidate.actor, candidate.target):
            assert side is None or side.text != "Congreso", (
                "a single capitalised word is as often a body or a place as a name"
            )


def test_a_name_beside_an_event_noun_is_not_its_doer(coder: Coder) -> None:
    text = "A ofensiva da Operação Contenção deixou dezenas de mortos no Rio."
    for candidate in candidates(coder, text, "pt"):
        assert candidate.actor is None or "Contenção" not in candidate.actor.text, (
            "an operation's name beside 'ofensiva' is not who attacked"
        )


def test_deaths_told_without_an_attack_word_are_an_assault(coder: Coder) -> None:
    text = "En la madrugada murieron dos policías en Llallagua."
    found = [c for c in candidates(coder, text, "es") if c.event_type == "ASSAULT"]
    assert found, "'murieron dos policías' is an assault on the police"
    assert found[0].target is not None and "policías" in found[0].target.text, (
        "the dead are the recipients"
    )
    assert found[0].actor is None, "nobody is named as the killer"


def test_deaths_in_an_attack_are_its_toll_not_a_second_event(coder: Coder) -> None:
    text = "Cinco soldados morreram num ataque dos rebeldes perto de Mocímboa."
    assaults = [c for c in candidates(coder, text, "pt") if c.event_type == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0].trigger.text == "ataque", (
        f"one assault, told by its word, got {[c.trigger.text for c in assaults]}"
    )
