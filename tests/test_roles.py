"""Role patterns (data/roles/en.yaml) on sentences built by hand: no model."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dateline.errors import DataFileError
from dateline.events.lexicon import FinderCues
from dateline.events.roles import RoleMatcher, verb_roles
from dateline.resources import Resources, load_role_patterns


def _doc(words: list[str], heads: list[int], deps: list[str]) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps)


def _roles(resources: Resources, doc: Doc, verb: int) -> tuple[str | None, str | None]:
    matcher = RoleMatcher(doc.vocab, resources.role_patterns["en"])
    cues = FinderCues.from_profile(resources.profiles["en"], resources.ontology)
    actor, target = verb_roles(cues, matcher.fillers(doc), doc[verb], {verb})
    return (actor.text if actor else None, target.text if target else None)


def test_active_subject_acts_and_direct_object_is_acted_on(
    resources: Resources,
) -> None:
    # "Rebels ambushed soldiers ."
    doc = _doc(
        ["Rebels", "ambushed", "soldiers", "."],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "punct"],
    )
    assert _roles(resources, doc, 1) == ("Rebels", "soldiers"), (
        "the subject should be the initiator and the object the recipient"
    )


def test_passive_keeps_the_agent_as_initiator(resources: Resources) -> None:
    # "Convoys were ambushed by militants ."
    doc = _doc(
        ["Convoys", "were", "ambushed", "by", "militants", "."],
        heads=[2, 2, 2, 2, 3, 2],
        deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "punct"],
    )
    assert _roles(resources, doc, 2) == ("militants", "Convoys"), (
        "in the passive the agent acts and the subject is acted on"
    )


def test_passive_without_agent_has_no_initiator(resources: Resources) -> None:
    # "Villagers were abducted ."
    doc = _doc(
        ["Villagers", "were", "abducted", "."],
        heads=[2, 2, 2, 2],
        deps=["nsubjpass", "auxpass", "ROOT", "punct"],
    )
    actor, target = _roles(resources, doc, 2)
    assert target == "Villagers" and actor is None, (
        f"a passive with no agent names no initiator, got {actor!r}"
    )


def test_an_object_inside_the_trigger_is_no_recipient(resources: Resources) -> None:
    # "Gunmen carried out an attack ." with "carried out an attack" the trigger
    doc = _doc(
        ["Gunmen", "carried", "out", "an", "attack", "."],
        heads=[1, 1, 1, 4, 1, 1],
        deps=["nsubj", "ROOT", "prt", "det", "dobj", "punct"],
    )
    matcher = RoleMatcher(doc.vocab, resources.role_patterns["en"])
    cues = FinderCues.from_profile(resources.profiles["en"], resources.ontology)
    actor, target = verb_roles(cues, matcher.fillers(doc), doc[1], {1, 2, 3, 4})
    assert actor is not None and actor.text == "Gunmen"
    assert target is None, "the trigger's own noun became its recipient"


def test_a_role_pattern_with_an_unknown_role_stops_with_file_and_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "roles.yaml"
    path.write_text(
        "patterns:\n"
        "  - id: subject\n"
        "    role: subject\n"
        "    source: https://example.org\n"
        "    pattern:\n"
        "      - {RIGHT_ID: head, RIGHT_ATTRS: {}}\n"
        "      - {LEFT_ID: head, REL_OP: '>', RIGHT_ID: filler, RIGHT_ATTRS: {DEP: nsubj}}\n"
        "  - id: doer\n"
        "    role: doer\n"
        "    source: https://example.org\n"
        "    pattern:\n"
        "      - {RIGHT_ID: head, RIGHT_ATTRS: {}}\n"
        "      - {LEFT_ID: head, REL_OP: '>', RIGHT_ID: filler, RIGHT_ATTRS: {DEP: nsubj}}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        load_role_patterns(path)
    assert f"{path}:8:" in str(caught.value) and "doer" in str(caught.value), (
        f"the error does not name the file, line and role: {caught.value}"
    )
