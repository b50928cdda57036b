"""The records data files load into: entries, and Resources itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from dateline.model import Actor
from dateline.resources.profile import LanguageProfile, Organ

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


def organ_actor_id(iso3: str, suffix: str) -> str:
    """The id of a state's generated organ actor: ("SYR", "gov") -> "syr-gov".

    The suffix of each organ is in ``data/actor_templates.yaml``; this is the
    one place that joins it to a country's code.
    """
    return f"{iso3.lower()}-{suffix}"


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
    # The state organ a generic actor stands for ("the army": military), or
    # that a generated state actor is.
    organ: Organ | None = None
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
    # spaCy DependencyMatcher nodes: the first is "head", one is "filler".
    pattern: tuple[dict[str, Any], ...]
    source: str
    note: str | None = None


# What a role pattern's filler is to the head, as the English finder reads it.
# "reporter": who reports the event (its source), never one of its sides.
ROLE_PATTERN_ROLES = frozenset(
    {"subject", "object", "agent", "passive_subject", "reporter"}
)


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
    # Its noun's complement names the recipient, not the doer: "the arrest of
    # X", "la detención de X", "die Festnahme von X" (the doer stands before).
    patient_noun: bool = False


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
    # A bilateral act ("Congo and Rwanda agreed"): the two sides of a
    # coordinated subject are the initiator and the recipient.
    symmetric: bool = False


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


@dataclass(frozen=True, slots=True)
class Resources:
    """All validated data, loaded once per process and shared read-only."""

    ontology: dict[str, EventTypeDef]
    triggers: dict[str, tuple[Trigger, ...]]  # language -> triggers
    profiles: dict[str, LanguageProfile]  # language -> its cue words
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
    # organ -> the suffix of its generated actors' ids, from actor_templates.yaml
    organ_suffixes: dict[str, str] = field(default_factory=dict)

    def mode_def(self, event_type: str, mode: str | None) -> ModeDef | None:
        """Return the ontology entry of a mode, or None."""
        etype = self.ontology.get(event_type)
        if etype is None or mode is None:
            return None
        return next((m for m in etype.modes if m.id == mode), None)

    def media_outlet(self, outlet: str) -> ActorEntry | None:
        """The media actor an outlet's name or alias names, or None."""
        return self.media_outlets.get(outlet.casefold().removeprefix("www."))

    def armed(self, sector: str) -> bool:
        """True for a sector that fights (``armed`` in data/sectors.yaml)."""
        return bool(self.sectors.get(sector, {}).get("armed", False))

    def organ_of(self, iso3: str, organ: Organ) -> ActorEntry | None:
        """Return a country's generated government, military or police actor."""
        suffix = self.organ_suffixes.get(organ)
        return None if suffix is None else self.actors.get(organ_actor_id(iso3, suffix))

    def is_organ(self, actor_id: str, organ: Organ) -> bool:
        """True when the actor is a state's generated organ of that kind."""
        entry = self.actors.get(actor_id)
        suffix = self.organ_suffixes.get(organ)
        return (
            entry is not None
            and entry.country is not None
            and suffix is not None
            and actor_id == organ_actor_id(entry.country, suffix)
        )

    def government_of(self, iso3: str) -> ActorEntry | None:
        """Return the generated government actor of a country."""
        return self.organ_of(iso3, "government")

    def military_of(self, iso3: str) -> ActorEntry | None:
        """Return the generated armed-forces actor of a country."""
        return self.organ_of(iso3, "military")

    def police_of(self, iso3: str) -> ActorEntry | None:
        """Return the generated police actor of a country."""
        return self.organ_of(iso3, "police")
