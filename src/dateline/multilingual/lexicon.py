"""Per-language words, loaded once: triggers, cues, actor names, number words.

Reads ``data/triggers/<lang>.yaml`` (the English trigger schema; a trailing
``*`` marks a stem: "bombard*" matches "bombardé", "bombardement") and
``data/cues/<lang>.yaml`` (:class:`LanguageCues`). Actor names come from the
actor dictionary (names, aliases, other scripts), the countries' names in other
scripts, and each language's own aliases, demonyms and organ nouns ("armée" +
"russe" -> Military Forces of Russia). Everything is turned into
:class:`~dateline.multilingual.text.PhraseIndex` tries once per process.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from dateline.errors import DataFileError
from dateline.model import Certainty, from_json_dict
from dateline.multilingual.text import PhraseIndex, index_phrases, normalize
from dateline.resources import Resources, Trigger, load_triggers, read_yaml
from dateline.settings import Settings

logger = logging.getLogger(__name__)

Organ = Literal["government", "military", "police"]
_ORGAN_SUFFIX = {"government": "gov", "military": "mil", "police": "pol"}
# Dictionary aliases this short are too often ordinary words in some language.
_MIN_ALIAS_CHARS = 3
# Code points below this are Latin letters, digits and punctuation.
_LATIN_END = 0x250


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageCues:
    """The words of one language that the parser-free finder reads."""

    # Where the subject stands: "svo" (fr, es, pt, ru, uk, de main clauses),
    # "sov" (tr, fa), "vso" (ar, with svo also common).
    word_order: Literal["svo", "sov", "vso"]
    # Whether lemmas match triggers and names. simplemma's Arabic and Persian
    # lemmas join unrelated words ("مصادر" sources and "مصادرة" seizure), so
    # those languages match written forms, without proclitics, and stems.
    use_lemmas: bool = True
    # A noun followed directly by a name is that name's doing: Arabic idafa
    # ("هجوم داعش"), Persian ezafe ("حملات اسرائیل").
    adjacent_genitive: bool = False
    # Prepositions written onto the next word ("للمرصد" = to the Observatory):
    # a source named after one is given without it.
    proclitics: bool = False
    # The speaker opens a verb-final sentence: "Bakanlık, ... açıkladı".
    speaker_first: bool = False
    # Turkish case endings after an apostrophe: "İsrail'e" (to), "İsrail'in" (of).
    dative_suffixes: tuple[str, ...] = ()
    genitive_suffixes: tuple[str, ...] = ()
    speech_verbs: dict[str, Certainty]  # phrase -> certainty of what is said
    according_to: tuple[str, ...]  # the source follows: "selon", "по данным"
    according_after: tuple[str, ...] = ()  # the source comes first: "X'e göre"
    reported: tuple[str, ...]  # hearsay: "selon des informations", "якобы"
    # The doer speaks for itself: "nach eigenen Angaben", "selon elle".
    self_claimed: tuple[str, ...] = ()
    speculative: tuple[str, ...]
    negation: tuple[str, ...]
    passive_agents: tuple[str, ...]  # introduce the doer: "par", "من قبل"
    passive_markers: tuple[str, ...]  # "été", "wurde", "تم", "شد*"
    irrealis: tuple[str, ...] = ()  # "menace de", "pourrait": not (yet) an event
    clause_breaks: tuple[str, ...] = ()  # "tandis que", "mais": roles stop here
    # Words whose subject (or object) is the victim: "погибли", "morts".
    victim_words: tuple[str, ...] = ()
    # "que", "أن", "что": what follows a speech verb is what was said.
    complementizers: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()  # "elle", "он": a source that points back
    # "attaque de l'EI", "Angriff der Armee": the noun's doer follows these.
    genitive: tuple[str, ...] = ()
    target_preps: tuple[
        str, ...
    ] = ()  # "contre", "sur", "against": a recipient follows
    object_markers: tuple[str, ...] = ()  # Persian "را" follows the object
    conjunctions: tuple[str, ...] = ()  # "et", "и", "و": "A and B met"
    killed: tuple[str, ...]  # words whose count is the dead
    injured: tuple[str, ...]
    units: dict[str, str]  # counted noun -> unit name (English, as figures.py)
    number_words: dict[str, int]
    vague_numbers: dict[str, int] = field(default_factory=dict)
    lower_bound: tuple[str, ...] = ()
    upper_bound: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    locative_preps: tuple[str, ...]  # a place follows: "à", "في", "в"
    near_preps: tuple[str, ...] = ()  # an approximate place follows: "près de"
    place_nouns: tuple[str, ...] = ()  # "ville", "مدينة": a place name follows
    # Regions named by an adjective: the area noun's forms -> its dictionary
    # form ("области" -> "область"), and adjective endings -> the form that
    # goes with it ("ской" -> "ская"): "Брянской области" -> "Брянская область".
    area_nouns: dict[str, str] = field(default_factory=dict)
    adjective_endings: dict[str, str] = field(default_factory=dict)
    time_words: tuple[str, ...]  # weekdays and "hier": dateparser reads them
    months: tuple[str, ...]  # month names, with a day number before or after
    generic_heads: dict[str, str] = field(default_factory=dict)  # noun -> actor id
    organs: dict[str, Organ] = field(default_factory=dict)  # "armée" -> military
    # How an organ and a state combine: "{organ} {state}" or "{state} {organ}".
    organ_patterns: tuple[str, ...] = ("{organ} {state}",)
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ISO3 -> adj
    actor_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Capitalised words that are never place names ("Les", "Der").
    not_places: tuple[str, ...] = ()


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
    cues: LanguageCues
    triggers: PhraseIndex[TriggerHit]
    actors: PhraseIndex[ActorHit]
    cue_index: PhraseIndex[CueHit]
    demonyms: PhraseIndex[str]  # bare demonym -> ISO3 ("russes" -> RUS)
    stems: frozenset[str]
    trigger_count: int
    not_places: frozenset[str]  # normalised


def load_language_cues(path: Path) -> LanguageCues:
    """Load and validate one language's cue file; raises DataFileError."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not raw.get("source"):
        raise DataFileError(str(path), None, "expected a mapping with a 'source'")
    data = {k: v for k, v in raw.items() if k != "source"}
    try:
        return from_json_dict(LanguageCues, data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(str(path), None, f"{where}: {first['msg']}") from exc


def build_lexicon(language: str, settings: Settings, resources: Resources) -> Lexicon:
    """Load one language's data files and build its tries."""
    data = settings.data_dir
    cues_path = data / "cues" / f"{language}.yaml"
    cues = load_language_cues(cues_path)
    triggers = load_triggers(
        (data / "triggers" / f"{language}.yaml",), resources.ontology
    )
    _check_actor_ids(cues, resources, cues_path)
    trigger_index, trigger_stems = index_phrases(
        ((t.words, _trigger_hit(t)) for t in triggers), language, cues.use_lemmas
    )
    phrases = _actor_phrases(cues, resources)
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
        _cue_phrases(cues), language, with_lemmas=False
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
        cues=cues,
        triggers=trigger_index,
        actors=actor_index,
        cue_index=cue_index,
        demonyms=demonym_index,
        stems=trigger_stems | actor_stems | cue_stems,
        trigger_count=len(triggers),
        not_places=frozenset(normalize(w, language) for w in cues.not_places),
    )


def _latin(text: str) -> bool:
    """True for text in Latin letters (an English name: matched as written)."""
    return all(ord(c) < _LATIN_END for c in text)


def _trigger_hit(trigger: Trigger) -> TriggerHit:
    return TriggerHit(trigger.type, trigger.mode, trigger.pos == "NOUN")


def _check_actor_ids(cues: LanguageCues, resources: Resources, path: Path) -> None:
    named = {*cues.generic_heads.values(), *cues.actor_aliases}
    for actor_id in sorted(named):
        if actor_id not in resources.actors:
            raise DataFileError(str(path), None, f"unknown actor id {actor_id!r}")
    for iso3 in cues.demonyms:
        if iso3 not in resources.countries:
            raise DataFileError(str(path), None, f"demonyms: unknown country {iso3!r}")


def _actor_phrases(
    cues: LanguageCues, resources: Resources
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
    for noun, actor_id in cues.generic_heads.items():
        out.append((noun, ActorHit(actor_id)))
    for actor_id, forms in cues.actor_aliases.items():
        out.extend(
            (form, ActorHit(actor_id, caps_only=form.isupper())) for form in forms
        )
    for iso3, adjectives in cues.demonyms.items():
        country = resources.countries[iso3]
        states = (*adjectives, *country.other_scripts)
        for noun, organ in cues.organs.items():
            actor_id = f"{iso3.lower()}-{_ORGAN_SUFFIX[organ]}"
            if actor_id not in resources.actors:
                continue
            for pattern in cues.organ_patterns:
                out.extend(
                    (pattern.format(organ=noun, state=state), ActorHit(actor_id))
                    for state in states
                )
    return out


def _cue_phrases(cues: LanguageCues) -> list[tuple[str, CueHit]]:
    out: list[tuple[str, CueHit]] = []
    out += [(p, CueHit("speech", c)) for p, c in cues.speech_verbs.items()]
    simple: list[tuple[CueKind, tuple[str, ...]]] = [
        ("according", cues.according_to),
        ("according_after", cues.according_after),
        ("reported", cues.reported),
        ("self_claimed", cues.self_claimed),
        ("speculative", cues.speculative),
        ("negation", cues.negation),
        ("passive_agent", cues.passive_agents),
        ("passive", cues.passive_markers),
        ("irrealis", cues.irrealis),
        ("clause_break", cues.clause_breaks),
        ("victim", cues.victim_words),
        ("complementizer", cues.complementizers),
        ("pronoun", cues.pronouns),
        ("genitive", cues.genitive),
        ("target_prep", cues.target_preps),
        ("conjunction", cues.conjunctions),
        ("object_marker", cues.object_markers),
        ("killed", cues.killed),
        ("injured", cues.injured),
        ("lower", cues.lower_bound),
        ("upper", cues.upper_bound),
        ("about", cues.about),
        ("exact", cues.exact),
        ("locative", cues.locative_preps),
        ("near", cues.near_preps),
        ("place_noun", cues.place_nouns),
        ("time", cues.time_words),
        ("month", cues.months),
    ]
    for kind, phrases in simple:
        out += [(p, CueHit(kind)) for p in phrases]
    out += [(w, CueHit("number", str(n))) for w, n in cues.number_words.items()]
    out += [(w, CueHit("vague", str(n))) for w, n in cues.vague_numbers.items()]
    out += [(w, CueHit("unit", u)) for w, u in cues.units.items()]
    return out
