"""Per-language words, loaded once: triggers, cues, actor names, number words.

Reads ``data/triggers/<lang>.yaml`` (the English trigger schema; a trailing
``*`` marks a stem: "bombard*" matches "bombardé", "bombardement") and the
language's profile from ``Resources`` (``data/cues/<lang>.yaml``: the shared
core and the ``lexicon`` section). Actor names come from the
actor dictionary (names, aliases, other scripts), the countries' names in other
scripts, and each language's own aliases, demonyms and organ nouns ("armée" +
"russe" -> Military Forces of Russia). Everything is turned into
:class:`~dateline.multilingual.text.PhraseIndex` tries once per process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from dateline.errors import DataFileError
from dateline.multilingual.text import (
    PhraseIndex,
    index_phrases,
    lemma_keys,
    normalize,
    phrase_keys,
)
from dateline.resources import (
    LanguageProfile,
    LexiconCues,
    Resources,
    Trigger,
    load_triggers,
)
from dateline.settings import Settings

logger = logging.getLogger(__name__)

# Dictionary aliases this short are too often ordinary words in some language.
_MIN_ALIAS_CHARS = 3
# Code points below this are Latin letters, digits and punctuation.
_LATIN_END = 0x250


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """What a trigger phrase means."""

    type: str
    mode: str | None
    noun: bool


@dataclass(frozen=True, slots=True)
class ActorHit:
    """An actor dictionary entry named by a phrase."""

    actor_id: str
    caps_only: bool = False  # an all-caps alias matches only in capitals
    # A one-word name written with a capital ("Того", Togo) matches only a word
    # written with one: lower case it is a common word ("кроме того").
    proper: bool = False


CueKind = Literal[
    "speech",
    "according",
    "according_after",
    "reported",
    "self_claimed",
    "speculative",
    "negation",
    "passive_agent",
    "passive",
    "irrealis",
    "clause_break",
    "victim",
    "complementizer",
    "pronoun",
    "genitive",
    "target_prep",
    "conjunction",
    "object_marker",
    "not_trigger",
    "killed",
    "injured",
    "lower",
    "upper",
    "about",
    "exact",
    "locative",
    "near",
    "place_noun",
    "time",
    "month",
    "number",
    "vague",
    "unit",
]


@dataclass(frozen=True, slots=True)
class CueHit:
    """A cue word: its kind and, for some kinds, a value."""

    kind: CueKind
    value: str = ""  # certainty, unit name, or number as text


@dataclass(frozen=True, slots=True)
class Lexicon:
    """One language's tries, built once."""

    language: str
    profile: LanguageProfile  # the shared core
    cues: LexiconCues  # the word-order backend's section of the profile
    triggers: PhraseIndex[TriggerHit]
    # A separable verb's finite form or lemma -> (its particle, what it means):
    # "nahm" -> ("fest", COERCE/arrest) for "nahm die Polizei drei Männer fest".
    split_triggers: dict[str, tuple[tuple[str, TriggerHit], ...]]
    actors: PhraseIndex[ActorHit]
    cue_index: PhraseIndex[CueHit]
    demonyms: PhraseIndex[str]  # bare demonym -> ISO3 ("russes" -> RUS)
    stems: frozenset[str]
    trigger_count: int
    not_places: frozenset[str]  # normalised
    place_nouns: frozenset[str]  # normalised: "municipio", "ville", "село"
    locative_suffixes: frozenset[str]  # normalised: Turkish "de", "deki"
    # Bilateral types ("A and B met": A the initiator, B the recipient).
    symmetric: frozenset[str]
    # (type, mode) of nouns whose complement is the recipient ("la detención de X").
    patient_nouns: frozenset[tuple[str, str]]
    governments: dict[str, str]  # ISO3 -> the id of its government actor


def build_lexicon(language: str, settings: Settings, resources: Resources) -> Lexicon:
    """Load one language's data files and build its tries."""
    data = settings.data_dir
    profile = resources.profiles[language]
    cues = profile.lexicon
    if cues is None:
        raise DataFileError(
            str(data / "cues" / f"{language}.yaml"), None, "no 'lexicon' section"
        )
    triggers = load_triggers(
        (data / "triggers" / f"{language}.yaml",), resources.ontology
    )
    trigger_index, trigger_stems = index_phrases(
        ((t.words, _trigger_hit(t)) for t in triggers), language, cues.use_lemmas
    )
    split_triggers = _split_triggers(triggers, language, cues)
    phrases = _actor_phrases(profile, cues, resources)
    latin_names = {
        form
        for entry in resources.actors.values()
        for form in (entry.name, *entry.aliases, *entry.other_scripts)
        if _latin(form)
    }
    actor_index, actor_stems = index_phrases(
        phrases, language, cues.use_lemmas, exact=latin_names.__contains__
    )
    cue_index, cue_stems = index_phrases(
        _cue_phrases(profile, cues), language, with_lemmas=False
    )
    demonym_index, _ = index_phrases(
        ((d, iso3) for iso3, forms in cues.demonyms.items() for d in forms),
        language,
        cues.use_lemmas,
    )
    logger.debug(
        "%s: %d trigger, %d actor, %d cue phrases",
        language,
        trigger_index.size,
        actor_index.size,
        cue_index.size,
    )
    return Lexicon(
        language=language,
        profile=profile,
        cues=cues,
        triggers=trigger_index,
        split_triggers=split_triggers,
        actors=actor_index,
        cue_index=cue_index,
        demonyms=demonym_index,
        stems=trigger_stems | actor_stems | cue_stems,
        trigger_count=len(triggers),
        not_places=frozenset(normalize(w, language) for w in cues.not_places),
        place_nouns=frozenset(normalize(w, language) for w in cues.place_nouns),
        locative_suffixes=frozenset(
            normalize(w, language) for w in cues.locative_suffixes
        ),
        symmetric=frozenset(t for t, d in resources.ontology.items() if d.symmetric),
        patient_nouns=frozenset(
            (t, m.id)
            for t, d in resources.ontology.items()
            for m in d.modes
            if m.patient_noun
        ),
        governments={
            iso3: government.id
            for iso3 in resources.countries
            if (government := resources.government_of(iso3)) is not None
        },
    )


def _split_triggers(
    triggers: Iterable[Trigger], language: str, cues: LexiconCues
) -> dict[str, tuple[tuple[str, TriggerHit], ...]]:
    """Two-word triggers whose second word is a separable particle, by verb key.

    "nahm fest" is found as "nahm" (and its lemma "nehmen") with "fest"
    closing the clause; the written and lemma forms of the verb both key it.
    """
    particles = {normalize(p, language) for p in cues.separable_particles}
    out: dict[str, list[tuple[str, TriggerHit]]] = {}
    for trigger in triggers:
        keys, _ = phrase_keys(trigger.words, language)
        if len(keys) != 2 or keys[1] not in particles:
            continue
        verbs = {keys[0]}
        if cues.use_lemmas:
            verbs.add(lemma_keys(keys[:1], language)[0])
        for verb in verbs:
            entry = (keys[1], _trigger_hit(trigger))
            if entry not in out.setdefault(verb, []):
                out[verb].append(entry)
    return {verb: tuple(entries) for verb, entries in out.items()}


def _latin(text: str) -> bool:
    """True for text in Latin letters (an English name: matched as written)."""
    return all(ord(c) < _LATIN_END for c in text)


def _trigger_hit(trigger: Trigger) -> TriggerHit:
    return TriggerHit(trigger.type, trigger.mode, trigger.pos == "NOUN")


def _actor_phrases(
    profile: LanguageProfile, cues: LexiconCues, resources: Resources
) -> list[tuple[str, ActorHit]]:
    """Every name an actor goes by in this language, with the actor it names."""
    out: list[tuple[str, ActorHit]] = []
    for entry in resources.actors.values():
        if entry.generic:
            continue
        for form in (entry.name, *entry.aliases, *entry.other_scripts):
            if len(form) < _MIN_ALIAS_CHARS and not form.isupper():
                continue
            caps = form.isupper() and form.isascii()
            proper = form[:1].isupper() and not form.isupper() and " " not in form
            out.append((form, ActorHit(entry.id, caps_only=caps, proper=proper)))
    for noun, actor_id in profile.generic_heads.items():
        out.append((noun, ActorHit(actor_id)))
    for actor_id, forms in cues.actor_aliases.items():
        out.extend(
            (form, ActorHit(actor_id, caps_only=form.isupper())) for form in forms
        )
    for iso3, adjectives in cues.demonyms.items():
        country = resources.countries[iso3]
        states = (*adjectives, *country.other_scripts)
        for noun, organ in profile.organs.items():
            organ_entry = resources.organ_of(iso3, organ)
            if organ_entry is None:
                continue
            actor_id = organ_entry.id
            for pattern in cues.organ_patterns:
                out.extend(
                    (pattern.format(organ=noun, state=state), ActorHit(actor_id))
                    for state in states
                )
    return out


def _cue_phrases(
    profile: LanguageProfile, cues: LexiconCues
) -> list[tuple[str, CueHit]]:
    out: list[tuple[str, CueHit]] = []
    out += [(p, CueHit("speech", c)) for p, c in profile.speech_verbs.items()]
    simple: list[tuple[CueKind, tuple[str, ...]]] = [
        ("according", profile.according_to),
        ("according_after", cues.according_after),
        ("reported", profile.reported),
        ("self_claimed", cues.self_claimed),
        ("speculative", profile.speculative),
        ("negation", profile.negation),
        ("passive_agent", cues.passive_agents),
        ("passive", cues.passive_markers),
        ("irrealis", profile.irrealis),
        ("clause_break", cues.clause_breaks),
        ("victim", cues.victim_words),
        ("complementizer", cues.complementizers),
        ("pronoun", profile.pronouns),
        ("genitive", cues.genitive),
        ("target_prep", profile.target_preps),
        ("conjunction", cues.conjunctions),
        ("object_marker", cues.object_markers),
        ("not_trigger", cues.not_triggers),
        ("killed", profile.killed),
        ("injured", profile.injured),
        ("lower", profile.lower_bound),
        ("upper", profile.upper_bound),
        ("about", profile.about),
        ("exact", profile.exact),
        ("locative", profile.locative_preps),
        ("near", profile.near_preps),
        ("place_noun", cues.place_nouns),
        ("time", (*cues.time_words, *profile.relative_days)),
        ("month", cues.months),
    ]
    for kind, phrases in simple:
        out += [(p, CueHit(kind)) for p in phrases]
    out += [(w, CueHit("number", str(n))) for w, n in profile.number_words.items()]
    out += [(w, CueHit("vague", str(n))) for w, n in profile.vague_numbers.items()]
    out += [(w, CueHit("unit", u)) for w, u in profile.units.items()]
    return out
