"""The records data files load into: entries, cues, and Resources itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from dateline.model import Actor

SECTORS = frozenset(
    {
        "government",
        "military",
        "police",
        "intelligence",
        "rebel",
        "insurgent",
        "militia",
        "paramilitary",
        "armed_group",
        "criminal",
        "political",
        "protesters",
        "rioters",
        "civilian",
        "media",
        "ngo",
        "igo",
        "other",
    }
)
PLACE_KINDS = frozenset(
    {
        "admin1",
        "region",
        "airbase",
        "airport",
        "base",
        "crossing",
        "checkpoint",
        "camp",
        "dam",
        "powerplant",
        "port",
        "bridge",
        "prison",
        "landmark",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ActorEntry:
    """One actor of the dictionary, from actors.yaml or generated per country."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    other_scripts: tuple[str, ...] = ()
    country: str | None = None
    sector: str
    affiliations: tuple[str, ...] = ()
    backed_by: tuple[str, ...] = ()
    generic: bool = False
    source: str

    def as_actor(self, text: str) -> Actor:
        """This entry as the actor of an event, written ``text`` in the article."""
        return Actor(
            name=self.name,
            text=text,
            actor_id=self.id,
            country=self.country,
            sector=self.sector,
            generic=self.generic,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CountryEntry:
    """A state, with the names that mark it in text."""

    iso3: str
    iso2: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    other_scripts: tuple[str, ...] = ()
    government_aliases: tuple[str, ...] = ()
    military_aliases: tuple[str, ...] = ()
    police_aliases: tuple[str, ...] = ()
    un_member: bool = True
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceEntry:
    """A hand-kept place: facility, region or province, with its source."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str
    country: str | None = None
    admin1: str | None = None
    lat: float
    lon: float
    radius_km: float | None = None
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FacilityPattern:
    """Words that make a name a facility: "X air base", "X camp", "Camp X"."""

    id: str
    kind: str  # one of PLACE_KINDS
    position: str  # "after" the name ("Zamzam camp") or "before" it ("Camp Taji")
    words: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RolePattern:
    """A DependencyMatcher pattern for a role a trigger's dependent fills."""

    id: str
    role: str  # one of ROLE_PATTERN_ROLES
    # spaCy DependencyMatcher nodes: the first is "head", the last "filler".
    pattern: tuple[dict[str, Any], ...]
    source: str
    note: str | None = None


# What a role pattern's filler is to the head, as the English finder reads it.
ROLE_PATTERN_ROLES = frozenset({"subject", "object", "agent", "passive_subject"})


@dataclass(frozen=True, slots=True, kw_only=True)
class EquipmentEntry:
    """A weapon system whose mention names the state that operates it."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str
    operator: str  # ISO3 of the state whose forces use it
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Trigger:
    """A word or phrase (as lemmas) that signals an event type and mode."""

    words: str
    pos: str  # VERB or NOUN: of the head word
    type: str
    mode: str | None = None
    # When set, the verb counts only with an object whose lemmas include one of
    # these ("send troops", not "send a letter").
    object_lemmas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ModeDef:
    """A mode of a PLOVER event type, with its CAMEO and ACLED mapping."""

    id: str
    definition: str
    cameo: str | None = None
    acled: dict[str, str] | None = None
    # ACLED's event type when the recipient is civilians, where it differs
    # (an armed clash with civilians is "Violence against civilians").
    acled_civilians: dict[str, str] | None = None
    # Who does it when the text names nobody ("a curfew was imposed"): the
    # state organ of the country the article is about.
    unnamed_doer: Literal["government", "police"] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventTypeDef:
    """A PLOVER event type with its modes and mappings."""

    id: str
    definition: str
    cameo_root: str | None = None
    # PLOVER's quad category: 1 verbal cooperation, 2 material cooperation,
    # 3 verbal conflict, 4 material conflict.
    quad_class: int
    acled: dict[str, str] | None = None
    acled_civilians: dict[str, str] | None = None
    modes: tuple[ModeDef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AcledCountry:
    """A country as ACLED names it: numeric ISO code, ACLED's name and region."""

    iso3: str
    iso_numeric: int
    country: str | None = None  # None: ACLED does not list it
    region: str | None = None
    note: str | None = None
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AcledCodebook:
    """ACLED's codebook values (data/acled.yaml) and countries (acled_countries.csv)."""

    # (event_type, sub_event_type) -> disorder_type
    disorder_types: dict[tuple[str, str], str]
    inter_codes: dict[int, str]
    interactions: frozenset[int]
    regions: frozenset[str]
    source_scales: frozenset[str]
    countries: dict[str, AcledCountry]  # by ISO3


@dataclass(frozen=True, slots=True, kw_only=True)
class Cues:
    """Attribution, certainty, negation and figure words for one language."""

    speech_verbs: dict[str, str]  # lemma -> certainty when the subject speaks
    according_to: tuple[str, ...]
    reported: tuple[str, ...]  # adverbs and phrases: "reportedly"
    speculative: tuple[str, ...]
    negation: tuple[str, ...]
    anaphoric_sources: tuple[str, ...]  # "the same report": the previous source
    killed: tuple[str, ...]  # lemmas whose victims are fatalities
    injured: tuple[str, ...]
    light_verbs: tuple[str, ...]  # "carry out" an airstrike: the noun is the event
    consequence: tuple[str, ...]  # "as a result": links back to the previous event
    backed: tuple[str, ...]  # "-backed", "-aligned"
    units: dict[str, str]  # lemma -> unit name for figures
    vague_numbers: dict[str, int]  # "dozens" -> 24 (lower bound), qualifier vague
    lower_bound: tuple[str, ...]  # "more than", "at least"
    upper_bound: tuple[str, ...]  # "up to", "nearly"
    about: tuple[str, ...]  # "about", "some", "around"
    place_anaphora: tuple[str, ...]  # "the region", "the area"
    furniture: tuple[str, ...]  # regexes of site furniture paragraphs
    trailer: tuple[str, ...]  # regexes after which the rest of a page is furniture
    # regexes of furniture at the start of a paragraph, cut off ("date 2024-07-20 ")
    leading_furniture: tuple[str, ...] = ()
    number_words: dict[str, int]
    exact: tuple[str, ...]  # "only 33": the figure is exact
    role_nouns: dict[str, str]  # noun lemma -> government, military or police
    locative_preps: tuple[str, ...]
    near_preps: tuple[str, ...]
    target_preps: tuple[str, ...]
    irrealis: tuple[str, ...]  # "plan to", "will": the event has not happened
    victim_subject_verbs: tuple[str, ...]  # "died": the subject is the recipient
    theme_object_types: tuple[str, ...]  # "deployed troops": no recipient
    # "Police officers were deployed": the passive subject is the mover.
    theme_subject_types: tuple[str, ...] = ()
    platforms: tuple[str, ...]  # "on Telegram": where it was said, not a target
    generic_heads: dict[str, str]  # head noun -> generic actor id ("people")
    # host type -> types whose subordinate clause folds into it
    folds: dict[str, tuple[str, ...]]
    # Types where "A and B met" makes A the initiator and B the recipient
    symmetric_types: tuple[str, ...]
    # "met with X": X is the recipient, for these types only
    type_target_preps: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Resources:
    """All validated data, loaded once per process and shared read-only."""

    ontology: dict[str, EventTypeDef]
    triggers: dict[str, tuple[Trigger, ...]]  # language -> triggers
    cues: dict[str, Cues]
    actors: dict[str, ActorEntry]
    countries: dict[str, CountryEntry]
    places: dict[str, PlaceEntry]
    equipment: dict[str, EquipmentEntry]
    sectors: dict[str, dict[str, Any]]
    acled: AcledCodebook
    # CAMEO event code -> Goldstein score (data/cameo.csv)
    cameo_goldstein: dict[str, float]
    # Derived look-ups, built once here so no stage rebuilds them.
    demonym_country: dict[str, str] = field(default_factory=dict)  # casefolded
    # GeoNames admin1 names by (ISO3, admin1 code), from data/admin1.csv.
    admin1_names: dict[tuple[str, str], str] = field(default_factory=dict)
    # A country's point (lat, lon) by ISO3, from data/country_points.csv.
    country_points: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Facility patterns from data/facilities.yaml.
    facilities: tuple[FacilityPattern, ...] = ()
    # Role patterns by language, from data/roles/<lang>.yaml.
    role_patterns: dict[str, tuple[RolePattern, ...]] = field(default_factory=dict)
    # casefolded name or alias of a media outlet -> its actor entry
    media_outlets: dict[str, ActorEntry] = field(default_factory=dict)

    def mode_def(self, event_type: str, mode: str | None) -> ModeDef | None:
        """Return the ontology entry of a mode, or None."""
        etype = self.ontology.get(event_type)
        if etype is None or mode is None:
            return None
        return next((m for m in etype.modes if m.id == mode), None)

    def media_outlet(self, outlet: str) -> ActorEntry | None:
        """The media actor an outlet's name or alias names, or None."""
        return self.media_outlets.get(outlet.casefold().removeprefix("www."))

    def government_of(self, iso3: str) -> ActorEntry | None:
        """Return the generated government actor of a country."""
        return self.actors.get(f"{iso3.lower()}-gov")

    def military_of(self, iso3: str) -> ActorEntry | None:
        """Return the generated armed-forces actor of a country."""
        return self.actors.get(f"{iso3.lower()}-mil")

    def police_of(self, iso3: str) -> ActorEntry | None:
        """Return the generated police actor of a country."""
        return self.actors.get(f"{iso3.lower()}-pol")
