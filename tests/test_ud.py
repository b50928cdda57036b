"""French role patterns (data/roles/fr.yaml) on sentences built by hand: no model."""

from __future__ import annotations

from functools import cache

import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dateline.events.roles import RoleMatcher
from dateline.events.ud import ParsedRoles, parsed_roles
from dateline.resources import Resources

# One hand-built sentence per pattern: words, heads, deps, parts of speech,
# lemmas, and (pattern id, head index, filler index) the pattern must find.
Row = tuple[str, int, int, int]
SENTENCES: list[
    tuple[str, list[str], list[int], list[str], list[str], list[str], Row]
] = [
    (
        "active_subject",
        ["Les", "rebelles", "ont", "attaqué", "le", "camp", "."],
        [1, 3, 3, 3, 5, 3, 3],
        ["det", "nsubj", "aux:tense", "ROOT", "det", "obj", "punct"],
        ["DET", "NOUN", "AUX", "VERB", "DET", "NOUN", "PUNCT"],
        ["le", "rebelle", "avoir", "attaquer", "le", "camp", "."],
        ("subject", 3, 1, 0),
    ),
    (
        "direct_object",
        ["Les", "rebelles", "ont", "attaqué", "le", "camp", "."],
        [1, 3, 3, 3, 5, 3, 3],
        ["det", "nsubj", "aux:tense", "ROOT", "det", "obj", "punct"],
        ["DET", "NOUN", "AUX", "VERB", "DET", "NOUN", "PUNCT"],
        ["le", "rebelle", "avoir", "attaquer", "le", "camp", "."],
        ("object", 3, 5, 0),
    ),
    (
        "passive_agent",
        ["Des", "civils", "ont", "été", "enlevés", "par", "des", "séparatistes"],
        [1, 4, 4, 4, 4, 7, 7, 4],
        [
            "det",
            "nsubj:pass",
            "aux:tense",
            "aux:pass",
            "ROOT",
            "case",
            "det",
            "obl:agent",
        ],
        ["DET", "NOUN", "AUX", "AUX", "VERB", "ADP", "DET", "NOUN"],
        ["un", "civil", "avoir", "être", "enlever", "par", "un", "séparatiste"],
        ("agent", 4, 7, 0),
    ),
    (
        "passive_subject",
        ["Quatre", "soldats", "ont", "été", "tués", "."],
        [1, 4, 4, 4, 4, 4],
        ["nummod", "nsubj:pass", "aux:tense", "aux:pass", "ROOT", "punct"],
        ["NUM", "NOUN", "AUX", "AUX", "VERB", "PUNCT"],
        ["quatre", "soldat", "avoir", "être", "tuer", "."],
        ("passive_subject", 4, 1, 0),
    ),
    (
        "noun_agent_par",
        ["une", "attaque", "par", "des", "hommes", "armés"],
        [1, 1, 4, 4, 1, 4],
        ["det", "ROOT", "case", "det", "nmod", "amod"],
        ["DET", "NOUN", "ADP", "DET", "NOUN", "ADJ"],
        ["un", "attaque", "par", "un", "homme", "armé"],
        ("agent", 1, 4, 0),
    ),
    (
        "noun_participle_agent",
        ["l'", "offensive", "conduite", "par", "le", "M23"],
        [1, 1, 1, 5, 5, 2],
        ["det", "ROOT", "acl", "case", "det", "obl:agent"],
        ["DET", "NOUN", "VERB", "ADP", "DET", "PROPN"],
        ["le", "offensive", "conduire", "par", "le", "M23"],
        ("agent", 1, 5, 0),
    ),
    (
        "ascribed_to",
        ["une", "attaque", "imputée", "à", "des", "jihadistes"],
        [1, 1, 1, 5, 5, 2],
        ["det", "ROOT", "acl", "case", "det", "obl:arg"],
        ["DET", "NOUN", "VERB", "ADP", "DET", "NOUN"],
        ["un", "attaque", "imputer", "à", "un", "jihadiste"],
        ("agent", 1, 5, 0),
    ),
    (
        "noun_target_contre",
        ["une", "attaque", "contre", "leur", "poste"],
        [1, 1, 4, 4, 1],
        ["det", "ROOT", "case", "det", "nmod"],
        ["DET", "NOUN", "ADP", "DET", "NOUN"],
        ["un", "attaque", "contre", "leur", "poste"],
        ("object", 1, 4, 0),
    ),
    (
        "light_verb_subject",
        ["Des", "hommes", "armés", "ont", "mené", "une", "attaque", "."],
        [1, 4, 1, 4, 4, 6, 4, 4],
        ["det", "nsubj", "amod", "aux:tense", "ROOT", "det", "obj", "punct"],
        ["DET", "NOUN", "ADJ", "AUX", "VERB", "DET", "NOUN", "PUNCT"],
        ["un", "homme", "armé", "avoir", "mener", "un", "attaque", "."],
        ("subject", 6, 1, 0),
    ),
    (
        "addressee",
        ["Il", "a", "demandé", "aux", "séparatistes", "de", "déposer", "les", "armes"],
        [2, 2, 2, 4, 2, 6, 2, 8, 6],
        [
            "nsubj",
            "aux:tense",
            "ROOT",
            "case",
            "obl:arg",
            "mark",
            "xcomp",
            "det",
            "obj",
        ],
        ["PRON", "AUX", "VERB", "ADP", "NOUN", "ADP", "VERB", "DET", "NOUN"],
        ["il", "avoir", "demander", "à", "séparatiste", "de", "déposer", "le", "arme"],
        ("object", 2, 4, 0),
    ),
    (
        "reporting_subject",
        ["Un", "responsable", "a", "indiqué", "que", "les", "rebelles", "ont", "fui"],
        [1, 3, 3, 3, 8, 6, 8, 8, 3],
        [
            "det",
            "nsubj",
            "aux:tense",
            "ROOT",
            "mark",
            "det",
            "nsubj",
            "aux:tense",
            "ccomp",
        ],
        ["DET", "NOUN", "AUX", "VERB", "SCONJ", "DET", "NOUN", "AUX", "VERB"],
        [
            "un",
            "responsable",
            "avoir",
            "indiquer",
            "que",
            "le",
            "rebelle",
            "avoir",
            "fuir",
        ],
        ("reporter", 8, 1, 0),
    ),
    (
        "reporting_aside_subject",
        ["Les", "soldats", "ont", "riposté", ",", "indique", "le", "communiqué"],
        [1, 3, 3, 3, 5, 3, 7, 5],
        ["det", "nsubj", "aux:tense", "ROOT", "punct", "parataxis", "det", "nsubj"],
        ["DET", "NOUN", "AUX", "VERB", "PUNCT", "VERB", "DET", "NOUN"],
        ["le", "soldat", "avoir", "riposter", ",", "indiquer", "le", "communiqué"],
        ("reporter", 3, 7, 0),
    ),
]


@cache
def _french_vocab() -> Vocab:
    # A blank French vocab computes LOWER, which the "par"/"contre" patterns read.
    return spacy.blank("fr").vocab


def _doc(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    morphs: list[str] | None = None,
) -> Doc:
    return Doc(
        _french_vocab(),
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        morphs=morphs,
    )


def _roles(resources: Resources, doc: Doc, start: int, end: int) -> ParsedRoles:
    matcher = RoleMatcher(doc.vocab, resources.role_patterns["fr"])
    found = parsed_roles(doc, matcher.fillers(doc), start, end)
    assert found is not None, "no token under the trigger"
    return found


def _text(doc: Doc, filler: object) -> str | None:
    if filler is None:
        return None
    return doc.text[filler.start : filler.end]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("pattern_id", "words", "heads", "deps", "pos", "lemmas", "expected"),
    SENTENCES,
    ids=[row[0] for row in SENTENCES],
)
def test_each_french_role_pattern_finds_its_filler(
    resources: Resources,
    pattern_id: str,
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    expected: Row,
) -> None:
    doc = _doc(words, heads, deps, pos, lemmas)
    ids = {p.id for p in resources.role_patterns["fr"]}
    assert pattern_id in ids, f"data/roles/fr.yaml has no pattern {pattern_id!r}"
    role, head, filler, _ = expected
    fillers = RoleMatcher(doc.vocab, resources.role_patterns["fr"]).fillers(doc)
    found = {(r, f) for r, f in fillers.get(head, {}).values()}
    assert (role, filler) in found, (
        f"{pattern_id}: {words[filler]!r} should fill {role} of {words[head]!r}, "
        f"got {found}"
    )


def test_every_french_pattern_has_a_sentence(resources: Resources) -> None:
    ids = {p.id for p in resources.role_patterns["fr"]}
    tested = {row[0] for row in SENTENCES}
    assert ids <= tested, f"role patterns without a test sentence: {ids - tested}"


def test_french_passive_agent_acts_and_subject_is_acted_on(
    resources: Resources,
) -> None:
    doc = _doc(*SENTENCES[2][1:6])  # "Des civils ont été enlevés par des séparatistes"
    at = doc[4].idx
    found = _roles(resources, doc, at, at + len("enlevés"))
    assert _text(doc, found.actor) == "des séparatistes", (
        f"the agent of the passive is the doer, got {_text(doc, found.actor)!r}"
    )
    assert _text(doc, found.target) == "Des civils", "the passive subject is the victim"


def test_french_pronoun_subject_is_marked_for_the_doer_told_before(
    resources: Resources,
) -> None:
    doc = _doc(
        ["Ils", "ont", "attaqué", "le", "camp"],
        [2, 2, 2, 4, 2],
        ["nsubj", "aux:tense", "ROOT", "det", "obj"],
        ["PRON", "AUX", "VERB", "DET", "NOUN"],
        ["il", "avoir", "attaquer", "le", "camp"],
        ["Number=Plur|Person=3|PronType=Prs", "", "VerbForm=Part", "", ""],
    )
    at = doc[2].idx
    found = _roles(resources, doc, at, at + len("attaqué"))
    assert found.actor is not None and found.actor.pronoun, (
        "'Ils' must be read as a pronoun whose doer was named before"
    )


def test_french_reporter_is_a_source_not_a_side(resources: Resources) -> None:
    doc = _doc(*SENTENCES[11][1:6])  # "Les soldats ont riposté, indique le communiqué"
    at = doc[3].idx
    found = _roles(resources, doc, at, at + len("riposté"))
    assert [_text(doc, r) for r in found.reporters] == ["le communiqué"], (
        "the body that reports the event must come out as its reporter"
    )
    assert _text(doc, found.actor) == "Les soldats", "the soldiers riposted"


def test_french_participle_on_a_noun_makes_it_the_victim(resources: Resources) -> None:
    doc = _doc(
        ["13", "assaillants", "tués"],
        [1, 1, 1],
        ["nummod", "ROOT", "acl"],
        ["NUM", "NOUN", "VERB"],
        ["13", "assaillant", "tuer"],
        ["", "", "VerbForm=Part"],
    )
    at = doc[2].idx
    found = _roles(resources, doc, at, at + len("tués"))
    assert _text(doc, found.target) == "13 assaillants" and found.actor is None, (
        f"'13 assaillants tués': the assailants were killed, got {found}"
    )
