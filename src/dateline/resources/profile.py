"""One language profile: the cue words of a language, one schema for all ten.

``data/cues/<lang>.yaml`` holds a shared core that every backend reads
(attribution verbs, certainty words, negation, modals, place prepositions,
figure words, organ nouns, site furniture) and a section per backend that
reads the language: ``parsed`` for the words the parsed backend reads off
spaCy's dependency parse, ``lexicon`` for the word-order backend
(``dateline.multilingual``). A profile is loaded once into ``Resources``;
a bad key or value stops the run with the file and line.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from dateline.errors import DataFileError
from dateline.model import Certainty, from_json_dict
from dateline.resources.files import read_yaml

Organ = Literal["government", "military", "police"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedCues:
    """The words the parsed backend reads off a dependency parse."""

    anaphoric_sources: tuple[str, ...] = ()  # "the same report": the previous source
    relative_pronouns: tuple[str, ...] = ()  # "who", "which": the modified noun acts
    # Pronouns a body (an army, a ministry, a group) uses of itself.
    group_pronouns: tuple[str, ...] = ()
    singular_words: tuple[str, ...] = ()  # "a", "one" soldier: one of them
    genitive_preps: tuple[str, ...] = ()  # "of": the phrase goes on through it
    # "west of X", "the outskirts of X": the place is near X, not X.
    relative_place_nouns: tuple[str, ...] = ()
    # "militants in Syria": a place phrase inside a role's words, not the actor.
    role_place_preps: tuple[str, ...] = ()
    # "protesters demanding his resignation": a participle or relative clause
    # of these types on a noun says what a group wants, not an act of its own.
    attribute_types: tuple[str, ...] = ()
    light_verbs: tuple[str, ...] = ()  # "carry out" an airstrike: the noun is the event
    # "often raid", "regular raids": a habit, not one event.
    habitual_words: tuple[str, ...] = ()
    # "last night", "Saturday night": a TIME entity naming one of these is
    # the event's day; a clock time alone ("6 p.m.") is not.
    day_time_words: tuple[str, ...] = ()
    # "have died since May", "killed so far this year": a running toll, not
    # one event; "the fighting has killed 20,000": a war's toll.
    running_toll_words: tuple[str, ...] = ()
    war_nouns: tuple[str, ...] = ()
    # "we will strike if ...": a planned act of these types under a condition
    # is a threat made now.
    conditional_marks: tuple[str, ...] = ()
    threat_types: tuple[str, ...] = ()
    consequence: tuple[str, ...] = ()  # "as a result": links back to the previous event
    backed: tuple[str, ...] = ()  # "-backed", "-aligned"
    place_anaphora: tuple[str, ...] = ()  # "the region", "the area"
    victim_subject_verbs: tuple[str, ...] = ()  # "died": the subject is the recipient
    theme_object_types: tuple[str, ...] = ()  # "deployed troops": no recipient
    # "Police officers were deployed": the passive subject is the mover.
    theme_subject_types: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()  # "on Telegram": where it was said, not a target
    # host type -> types whose subordinate clause folds into it
    folds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # host type -> types whose purpose infinitive ("to disperse") folds into it
    purpose_folds: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "met with X": X is the recipient, for these types only
    type_target_preps: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class LexiconCues:
    """The words and settings the word-order backend (no parser) reads."""

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
    # A state adjective or lower-case name right before a trigger noun is its
    # doer, never its target: "российские удары", "через ворожу атаку".
    adjective_doer: bool = False
    # A death or a wound told with no attack word ("dos policías murieron")
    # is an assault on the dead: its first killed or injured word is the trigger.
    casualty_triggers: bool = False
    # Capitals mark names, not nouns: a capitalised run inside a sentence that
    # the dictionary does not know ("Gustavo Petro") is an actor by its text.
    cased_names: bool = False
    # Particles of separable verbs ("nahm ... fest", "griff ... an"): a
    # two-word trigger ending in one also matches when the particle closes
    # the verb's clause, the words between being the verb's subject and object.
    separable_particles: tuple[str, ...] = ()
    # Turkish case endings after an apostrophe: "İsrail'e" (to), "İsrail'in" (of).
    dative_suffixes: tuple[str, ...] = ()
    genitive_suffixes: tuple[str, ...] = ()
    # The endings that say "in": "Halep'te", "Gazze'deki"; other endings
    # ("İsrail'in", "Rusya'dan") do not make a name a place where.
    locative_suffixes: tuple[str, ...] = ()
    according_after: tuple[str, ...] = ()  # the source comes first: "X'e göre"
    # The doer speaks for itself: "nach eigenen Angaben", "selon elle".
    self_claimed: tuple[str, ...] = ()
    passive_agents: tuple[str, ...] = ()  # introduce the doer: "par", "من قبل"
    passive_markers: tuple[str, ...] = ()  # "été", "wurde", "تم", "شد*"
    clause_breaks: tuple[str, ...] = ()  # "tandis que", "mais": roles stop here
    # Words whose subject (or object) is the victim: "погибли", "morts".
    victim_words: tuple[str, ...] = ()
    # "que", "أن", "что": what follows a speech verb is what was said.
    complementizers: tuple[str, ...] = ()
    # "attaque de l'EI", "Angriff der Armee": the noun's doer follows these.
    genitive: tuple[str, ...] = ()
    object_markers: tuple[str, ...] = ()  # Persian "را" follows the object
    # Phrases in which a trigger word is no event: "en rechazo a" (a purpose,
    # in protest against), "poder de veto" (a power).
    not_triggers: tuple[str, ...] = ()
    conjunctions: tuple[str, ...] = ()  # "et", "и", "و": "A and B met"
    place_nouns: tuple[str, ...] = ()  # "ville", "مدينة": a place name follows
    # Regions named by an adjective: the area noun's forms -> its dictionary
    # form ("области" -> "область"), and adjective endings -> the form that
    # goes with it ("ской" -> "ская"): "Брянской области" -> "Брянская область".
    area_nouns: dict[str, str] = field(default_factory=dict)
    adjective_endings: dict[str, str] = field(default_factory=dict)
    # A town's adjective: the name and an ending ("Berliner Polizei").
    town_adjective_endings: tuple[str, ...] = ()
    time_words: tuple[str, ...] = ()  # weekdays and "hier": dateparser reads them
    months: tuple[str, ...] = ()  # month names, with a day number before or after
    # How an organ and a state combine: "{organ} {state}" or "{state} {organ}".
    organ_patterns: tuple[str, ...] = ("{organ} {state}",)
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # ISO3 -> adj
    actor_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Capitalised words that are never place names ("Les", "Der").
    not_places: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LanguageProfile:
    """A language's cue words: the shared core and a section per backend."""

    language: str  # the file's name: "en", "fr"
    # Attribution and certainty: phrase (a lemma for the parsed backend) ->
    # certainty of what its subject says.
    speech_verbs: dict[str, Certainty]
    according_to: tuple[str, ...]  # the source follows: "according to", "selon"
    reported: tuple[str, ...]  # hearsay: "reportedly", "якобы"
    speculative: tuple[str, ...]
    negation: tuple[str, ...]
    irrealis: tuple[str, ...]  # modals and plans: "will", "plan", "menace de"
    pronouns: tuple[str, ...] = ()  # "it", "elle", "он": point back to an actor
    articles: tuple[str, ...] = ()  # "the": a name is written without it
    # Words that name a statement rather than its author ("the statement",
    # "le communiqué", "البيان"), with their articles and possessives: a
    # source credited only with these is the body its article credits
    # elsewhere (incidents/sources.py). Compared casefolded, word by word.
    statement_words: tuple[str, ...] = ()
    # Figures.
    killed: tuple[str, ...]  # words whose count is the dead
    injured: tuple[str, ...]
    units: dict[str, str]  # counted noun -> unit name (English, as figures.py)
    number_words: dict[str, int]
    vague_numbers: dict[str, int] = field(default_factory=dict)  # "dozens" -> 24
    lower_bound: tuple[str, ...] = ()  # "more than", "at least"
    upper_bound: tuple[str, ...] = ()  # "up to", "nearly"
    about: tuple[str, ...] = ()  # "about", "some", "around"
    exact: tuple[str, ...] = ()  # "only 33": the figure is exact
    # Times: a phrase naming a night or a day by its distance from
    # publication -> days back ("last night", "anoche", "شب گذشته": 1; "overnight",
    # "ночью": 0, the night that ends on the publication day). Read before
    # dateparser, which knows none of them; compared casefolded.
    relative_days: dict[str, int] = field(default_factory=dict)
    # Places and recipients.
    locative_preps: tuple[str, ...]  # a place follows: "in", "à", "في"
    near_preps: tuple[str, ...] = ()  # an approximate place follows: "near"
    target_preps: tuple[str, ...] = ()  # a recipient follows: "against", "contre"
    # Phrases that spread an event over the whole country ("nationwide",
    # "dans tout le pays"; "{country}" stands for the country as the text
    # writes it: "across {country}"): its place is the country, not a town.
    nationwide: tuple[str, ...] = ()
    # Actors: head noun of unnamed people -> generic actor id ("people"), and
    # nouns that name a state's organ ("army" -> military).
    generic_heads: dict[str, str] = field(default_factory=dict)
    organs: dict[str, Organ] = field(default_factory=dict)
    # Regexes of site-furniture paragraphs, and of lines after which the rest
    # of a page is furniture.
    furniture: tuple[str, ...] = ()
    trailer: tuple[str, ...] = ()
    # Regexes of furniture a paragraph starts with, cut off the paragraph: a
    # page's metadata line run into the lede ("date 2024-07-20 Police ...").
    leading_furniture: tuple[str, ...] = ()
    parsed: ParsedCues | None = None  # None: no parsed backend reads it
    lexicon: LexiconCues | None = None  # None: the word-order backend does not


def load_profile(path: Path) -> LanguageProfile:
    """Load and validate one language's cue file; DataFileError with file and line."""
    raw = read_yaml(path)
    if not isinstance(raw, dict) or not raw.get("source"):
        raise DataFileError(str(path), None, "expected a mapping with a 'source'")
    data = {k: v for k, v in raw.items() if k != "source"}
    _check_keys(path, data)
    try:
        return from_json_dict(LanguageProfile, {**data, "language": path.stem})
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(p) for p in loc)
        raise DataFileError(
            str(path), _line_of(path, loc), f"{where}: {first['msg']}"
        ) from exc


_SECTIONS: dict[str, type[Any]] = {"parsed": ParsedCues, "lexicon": LexiconCues}


def _check_keys(path: Path, data: dict[str, Any]) -> None:
    """An unknown key is a typo that would silently drop its words."""
    known = {f.name for f in dataclasses.fields(LanguageProfile)} - {"language"}
    for key, value in data.items():
        if key not in known:
            raise DataFileError(
                str(path), _line_of(path, (key,)), f"unknown key {key!r}"
            )
        section = _SECTIONS.get(key)
        if section is not None and isinstance(value, dict):
            inner = {f.name for f in dataclasses.fields(section)}
            for name in value:
                if name not in inner:
                    raise DataFileError(
                        str(path),
                        _line_of(path, (key, name)),
                        f"unknown key {key}.{name!r}",
                    )


def _line_of(path: Path, loc: tuple[Any, ...]) -> int | None:
    """The line of the deepest node on a key path (``("parsed", "folds")``)."""
    with path.open(encoding="utf-8") as handle:
        node = yaml.compose(handle)
    line = None
    for step in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == step), None)
            key = next((k for k, _ in node.value if k.value == step), None)
            if match is None or key is None:
                break
            line = key.start_mark.line + 1
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line
