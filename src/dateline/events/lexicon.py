"""Dependency labels, entity labels and cue sets the English finders share.

The cue words come from ``data/cues/<lang>.yaml`` (``resources.Cues``) and are
turned into frozensets once per finder (:class:`FinderCues`); the parse labels
are spaCy's English ones (ClearNLP dependencies, OntoNotes entities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.resources import Cues

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
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "them", "its", "their"})
# Pronouns a body (an army, a ministry, a group) uses of itself.
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
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
    victim_subject: frozenset[str]
    theme_object: frozenset[str]
    theme_subject: frozenset[str]
    platforms: frozenset[str]
    type_preps: dict[str, frozenset[str]]
    symmetric: frozenset[str]
    folds: dict[str, frozenset[str]]
    backed: tuple[str, ...]
    place_anaphora: tuple[str, ...]
    consequence: tuple[str, ...]

    @classmethod
    def from_cues(cls, cues: Cues) -> FinderCues:
        """The frozensets of a language's cue file."""
        return cls(
            killed=frozenset(cues.killed),
            injured=frozenset(cues.injured),
            light=frozenset(cues.light_verbs),
            negation=frozenset(cues.negation),
            target_preps=frozenset(cues.target_preps),
            locative=frozenset(cues.locative_preps),
            near=frozenset(cues.near_preps),
            irrealis_words=frozenset(cues.irrealis),
            victim_subject=frozenset(cues.victim_subject_verbs),
            theme_object=frozenset(cues.theme_object_types),
            theme_subject=frozenset(cues.theme_subject_types),
            platforms=frozenset(cues.platforms),
            type_preps={
                etype: frozenset(preps)
                for etype, preps in cues.type_target_preps.items()
            },
            symmetric=frozenset(cues.symmetric_types),
            folds={host: frozenset(types) for host, types in cues.folds.items()},
            backed=tuple(cues.backed),
            place_anaphora=tuple(cues.place_anaphora),
            consequence=tuple(cues.consequence),
        )
