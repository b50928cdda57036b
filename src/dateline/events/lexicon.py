"""Dependency labels, entity labels and cue sets the English finders share.

The cue words come from ``data/cues/<lang>.yaml`` (the language's
``LanguageProfile``: its shared core and its ``parsed`` section) and are
turned into frozensets once per finder (:class:`FinderCues`); the parse labels
are spaCy's English ones (ClearNLP dependencies, OntoNotes entities).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from dateline.errors import DataFileError
from dateline.resources import EventTypeDef, LanguageProfile

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj", "attr")
CHUNK_LEFT_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nummod",
        "quantmod",
        "npadvmod",
        "punct",
        "case",
        "nmod",
        "advmod",
        "predet",
    }
)
QUOTES = frozenset({"“", "”", '"', "«", "»", "‘", "’"})
PLACE_NER = frozenset({"GPE", "LOC", "FAC"})
DATE_NER = frozenset({"DATE"})
# Dependencies through which "will", "plan to", "attempt to" reach a trigger.
IRREALIS_CLIMB = frozenset(
    {"xcomp", "ccomp", "advcl", "pobj", "pcomp", "dobj", "prep", "conj"}
)
NAME_ENTITIES = frozenset(
    {
        "DL_ACTOR",
        "DL_PLACE",
        "DL_EQUIPMENT",
        "ORG",
        "PERSON",
        "GPE",
        "LOC",
        "FAC",
        "NORP",
        "DATE",
        "WORK_OF_ART",
        "LAW",
        "EVENT",
        "PRODUCT",
    }
)
# Words a phrase trigger may have between its own words: "carried out an
# attack", "launched two drone attacks".
GAP_POS = frozenset({"DET", "ADJ", "NUM", "PRON", "ADV", "PART"})
MAX_GAP = 2
NEWLINE = re.compile("\n")
MERGE_DEPS = frozenset(
    {"pobj", "nsubj", "nsubjpass", "dobj", "conj", "npadvmod", "appos", "pcomp"}
)


@dataclass(frozen=True, slots=True)
class FinderCues:
    """A language's cue words as the finders look them up, built once."""

    killed: frozenset[str]
    injured: frozenset[str]
    light: frozenset[str]
    negation: frozenset[str]
    target_preps: frozenset[str]
    locative: frozenset[str]
    near: frozenset[str]
    irrealis_words: frozenset[str]
    habitual: frozenset[str]
    day_time: re.Pattern[str] | None  # a TIME entity naming its day ("last night")
    running_toll: tuple[tuple[str, ...], ...]
    war_nouns: frozenset[str]
    conditional: frozenset[str]
    threat_types: frozenset[str]
    victim_subject: frozenset[str]
    theme_object: frozenset[str]
    theme_subject: frozenset[str]
    platforms: frozenset[str]
    type_preps: dict[str, frozenset[str]]
    symmetric: frozenset[str]
    folds: dict[str, frozenset[str]]
    purpose_folds: dict[str, frozenset[str]]
    backed: tuple[str, ...]
    place_anaphora: tuple[str, ...]
    consequence: tuple[str, ...]
    pronouns: frozenset[str]
    group_pronouns: frozenset[str]  # "it", "they", "we": a body of itself
    relative_pronouns: frozenset[str]
    singular: frozenset[str]
    genitive: frozenset[str]
    relative_places: frozenset[str]
    role_place_preps: frozenset[str]
    attribute_types: frozenset[str]

    @classmethod
    def from_profile(
        cls, cues: LanguageProfile, ontology: Mapping[str, EventTypeDef]
    ) -> FinderCues:
        """The frozensets of a language's profile; DataFileError without ``parsed``."""
        parsed = cues.parsed
        if parsed is None:
            raise DataFileError(
                f"data/cues/{cues.language}.yaml", None, "no 'parsed' section"
            )
        return cls(
            killed=frozenset(cues.killed),
            injured=frozenset(cues.injured),
            light=frozenset(parsed.light_verbs),
            negation=frozenset(cues.negation),
            target_preps=frozenset(cues.target_preps),
            locative=frozenset(cues.locative_preps),
            near=frozenset(cues.near_preps),
            irrealis_words=frozenset(cues.irrealis),
            habitual=frozenset(parsed.habitual_words),
            day_time=_any_phrase(parsed.day_time_words),
            running_toll=tuple(tuple(w.split()) for w in parsed.running_toll_words),
            war_nouns=frozenset(parsed.war_nouns),
            conditional=frozenset(parsed.conditional_marks),
            threat_types=frozenset(parsed.threat_types),
            victim_subject=frozenset(parsed.victim_subject_verbs),
            theme_object=frozenset(parsed.theme_object_types),
            theme_subject=frozenset(parsed.theme_subject_types),
            platforms=frozenset(parsed.platforms),
            type_preps={
                etype: frozenset(preps)
                for etype, preps in parsed.type_target_preps.items()
            },
            symmetric=frozenset(t for t, d in ontology.items() if d.symmetric),
            folds={host: frozenset(types) for host, types in parsed.folds.items()},
            purpose_folds={
                host: frozenset(types) for host, types in parsed.purpose_folds.items()
            },
            backed=tuple(parsed.backed),
            place_anaphora=tuple(parsed.place_anaphora),
            consequence=tuple(parsed.consequence),
            pronouns=frozenset(cues.pronouns),
            group_pronouns=frozenset(parsed.group_pronouns),
            relative_pronouns=frozenset(parsed.relative_pronouns),
            singular=frozenset(parsed.singular_words),
            genitive=frozenset(parsed.genitive_preps),
            relative_places=frozenset(parsed.relative_place_nouns),
            role_place_preps=frozenset(parsed.role_place_preps),
            attribute_types=frozenset(parsed.attribute_types),
        )


def _any_phrase(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern finding any of the phrases as whole words, any case and spacing."""
    if not phrases:
        return None
    words = (r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I)
