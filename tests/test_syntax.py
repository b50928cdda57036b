"""Russian roles from the dependency parse: each role pattern on a hand-built sentence."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from dateline.multilingual.syntax import ParsedDocument, RoleFillers, role_vocab
from dateline.resources import Resources

# One word per row: text, head index, UD relation, part of speech, features.
Row = tuple[str, int, str, str, str]


@pytest.fixture(scope="module")
def fillers(resources: Resources) -> RoleFillers:
    return RoleFillers(role_vocab(), resources.role_patterns["ru"])


def parsed(fillers: RoleFillers, rows: list[Row]) -> ParsedDocument:
    """A Doc built by hand from words, heads and labels, as natasha would give it."""
    doc = Doc(
        fillers.matcher.vocab,
        words=[r[0] for r in rows],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        morphs=[r[4] for r in rows],
        lemmas=[r[0].lower() for r in rows],
    )
    starts, ends, at = [], [], 0
    for row in rows:
        starts.append(at)
        ends.append(at + len(row[0]))
        at += len(row[0]) + 1
    return ParsedDocument(doc, starts, ends, fillers(doc))


def roles_of(document: ParsedDocument, trigger: int) -> dict[str, list[str]]:
    """The words filling each role of the trigger word, nearest first."""
    syntax = document.trigger(document.starts[trigger], document.ends[trigger])
    assert syntax is not None, "the trigger word was not found in the parse"
    words = {s: t.text for s, t in zip(document.starts, document.doc, strict=True)}
    out: dict[str, list[str]] = {}
    for filler in syntax.fillers:
        out.setdefault(filler.role, []).append(words[filler.start])
    return out


def test_subject_of_an_active_verb_is_the_initiator(fillers: RoleFillers) -> None:
    # "Российские войска обстреляли Харьков."
    rows: list[Row] = [
        ("Российские", 1, "amod", "ADJ", "Case=Nom|Number=Plur"),
        ("войска", 2, "nsubj", "NOUN", "Case=Nom|Number=Plur"),
        ("обстреляли", 2, "ROOT", "VERB", "Tense=Past|VerbForm=Fin|Voice=Act"),
        ("Харьков", 2, "obj", "PROPN", "Case=Acc|Number=Sing"),
    ]
    roles = roles_of(parsed(fillers, rows), 2)
    assert roles.get("subject") == ["войска"], "the troops must be who shelled"
    assert roles.get("object") == ["Харьков"], "Kharkiv must be what was shelled"


def test_object_of_an_active_verb_is_the_recipient(fillers: RoleFillers) -> None:
    # "Полиция задержала демонстрантов."
    rows: list[Row] = [
        ("Полиция", 1, "nsubj", "NOUN", "Case=Nom|Number=Sing"),
        ("задержала", 1, "ROOT", "VERB", "Tense=Past|VerbForm=Fin|Voice=Act"),
        ("демонстрантов", 1, "obj", "NOUN", "Case=Acc|Number=Plur"),
    ]
    assert roles_of(parsed(fillers, rows), 1).get("object") == ["демонстрантов"], (
        "the demonstrators must be who was arrested"
    )


def test_passive_subject_is_acted_on_and_instrumental_acts(
    fillers: RoleFillers,
) -> None:
    # "Танки были уничтожены российскими военными."
    rows: list[Row] = [
        ("Танки", 2, "nsubj:pass", "NOUN", "Case=Nom|Number=Plur"),
        ("были", 2, "aux:pass", "AUX", "Tense=Past|VerbForm=Fin"),
        ("уничтожены", 2, "ROOT", "VERB", "VerbForm=Part|Voice=Pass"),
        ("российскими", 4, "amod", "ADJ", "Case=Ins|Number=Plur"),
        ("военными", 2, "obl", "NOUN", "Case=Ins|Number=Plur"),
    ]
    document = parsed(fillers, rows)
    roles = roles_of(document, 2)
    assert roles.get("passive_subject") == ["Танки"], "the tanks were destroyed"
    assert roles.get("agent") == ["военными"], "the soldiers destroyed them"
    syntax = document.trigger(document.starts[2], document.ends[2])
    assert syntax is not None and syntax.passive, "the verb must read as passive"
    assert not syntax.subjectless, "a passive verb has no dropped doer"


def test_side_named_after_so_storony_acts(fillers: RoleFillers) -> None:
    # "обстрелян со стороны ВСУ": a verb, so no noun's genitive names the doer
    rows: list[Row] = [
        ("обстрелян", 0, "ROOT", "VERB", "VerbForm=Part|Voice=Pass"),
        ("со", 3, "case", "ADP", ""),
        ("стороны", 1, "fixed", "NOUN", "Case=Gen|Number=Sing"),
        ("ВСУ", 0, "obl", "PROPN", "Case=Gen|Number=Plur"),
    ]
    assert roles_of(parsed(fillers, rows), 0).get("agent") == ["ВСУ"], (
        "the armed forces named after 'со стороны' must be the shelling side"
    )


def test_genitive_after_an_event_noun_is_its_doer(fillers: RoleFillers) -> None:
    # "удар ВСУ по Белгороду"
    rows: list[Row] = [
        ("удар", 0, "ROOT", "NOUN", "Case=Nom|Number=Sing"),
        ("ВСУ", 0, "nmod", "PROPN", "Case=Gen|Number=Plur"),
        ("по", 3, "case", "ADP", ""),
        ("Белгороду", 0, "nmod", "PROPN", "Case=Dat|Number=Sing"),
    ]
    roles = roles_of(parsed(fillers, rows), 0)
    assert roles.get("agent") == ["ВСУ"], "the armed forces must be who struck"
    assert roles.get("object") == ["Белгороду"], "Belgorod must be what was struck"


def test_target_after_po_under_a_light_verb(fillers: RoleFillers) -> None:
    # "Армия нанесла удар по позициям боевиков."
    rows: list[Row] = [
        ("Армия", 1, "nsubj", "NOUN", "Case=Nom|Number=Sing"),
        ("нанесла", 1, "ROOT", "VERB", "Tense=Past|VerbForm=Fin|Voice=Act"),
        ("удар", 1, "obj", "NOUN", "Case=Acc|Number=Sing"),
        ("по", 4, "case", "ADP", ""),
        ("позициям", 2, "nmod", "NOUN", "Case=Dat|Number=Plur"),
        ("боевиков", 4, "nmod", "NOUN", "Case=Gen|Number=Plur"),
    ]
    document = parsed(fillers, rows)
    # The trigger is "нанесла удар": its object is part of it, not a recipient.
    syntax = document.trigger(document.starts[1], document.ends[2])
    assert syntax is not None
    by_role = {f.role: f for f in syntax.fillers}
    assert "object" in by_role, "the positions struck must be the recipient"
    assert document.starts.index(by_role["object"].start) == 4, (
        "the object must be 'позициям', not the trigger's own 'удар'"
    )


def test_verb_without_subject_continues_the_doer(fillers: RoleFillers) -> None:
    # "Затем обстреляли Горловку."
    rows: list[Row] = [
        ("Затем", 1, "advmod", "ADV", ""),
        ("обстреляли", 1, "ROOT", "VERB", "Tense=Past|VerbForm=Fin|Voice=Act"),
        ("Горловку", 1, "obj", "PROPN", "Case=Acc|Number=Sing"),
    ]
    document = parsed(fillers, rows)
    syntax = document.trigger(document.starts[1], document.ends[1])
    assert syntax is not None and syntax.subjectless, (
        "a finite verb with no subject must be read as a dropped subject"
    )
