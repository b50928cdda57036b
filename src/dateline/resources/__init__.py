"""Load and validate the data files once into read-only Resources.

Every file under ``data/`` (and every user file given with ``--actors`` and
friends) goes through the same validator. A bad entry stops the run before any
coding, with file, line and reason.
"""

from __future__ import annotations

import logging
from pathlib import Path

from dateline.errors import DataFileError
from dateline.resources.files import (
    read_yaml,
    strip_line,
)
from dateline.resources.loaders import (
    load_acled,
    load_actors,
    load_admin1_names,
    load_cameo,
    load_countries,
    load_country_points,
    load_equipment,
    load_facilities,
    load_ontology,
    load_organ_suffixes,
    load_places,
    load_role_patterns,
    load_sectors,
    load_triggers,
)
from dateline.resources.profile import (
    LanguageProfile,
    LexiconCues,
    Organ,
    ParsedCues,
    load_profile,
)
from dateline.resources.records import (
    PLACE_KINDS,
    AcledCodebook,
    AcledCountry,
    ActorEntry,
    CountryEntry,
    EquipmentEntry,
    EventTypeDef,
    FacilityPattern,
    ModeDef,
    PlaceEntry,
    Resources,
    RolePattern,
    Trigger,
    organ_actor_id,
)
from dateline.settings import Settings

logger = logging.getLogger(__name__)


def load_resources(settings: Settings) -> Resources:
    """Load and validate every data file once; raises DataFileError."""
    data = settings.data_dir
    ontology = load_ontology(data / "ontology.yaml")
    triggers = {
        "en": load_triggers(
            (data / "triggers" / "en.yaml", *settings.extra_triggers), ontology
        )
    }
    profiles = {
        path.stem: load_profile(path) for path in sorted((data / "cues").glob("*.yaml"))
    }
    countries = load_countries(data / "countries.csv")
    sectors = load_sectors(data / "sectors.yaml")
    actors = load_actors(
        (data / "actors.yaml", *settings.extra_actors),
        countries,
        data / "actor_templates.yaml",
        sectors,
    )
    places = load_places((data / "places.csv", *settings.extra_places))
    equipment = load_equipment(data / "equipment.yaml", countries)
    for profile in profiles.values():
        _check_profile(profile, actors, countries, data / "cues")
    demonyms = {
        d.casefold(): c.iso3 for c in countries.values() for d in (*c.demonyms, c.name)
    }
    logger.debug(
        "loaded %d actors, %d places, %d triggers",
        len(actors),
        len(places),
        len(triggers["en"]),
    )
    return Resources(
        ontology=ontology,
        triggers=triggers,
        profiles=profiles,
        actors=actors,
        countries=countries,
        places=places,
        equipment=equipment,
        sectors=sectors,
        acled=load_acled(data / "acled.yaml", data / "acled_countries.csv", ontology),
        cameo_goldstein=load_cameo(data / "cameo.csv", ontology),
        demonym_country=demonyms,
        admin1_names=load_admin1_names(data / "admin1.csv"),
        country_points=load_country_points(data / "country_points.csv"),
        facilities=load_facilities(data / "facilities.yaml"),
        role_patterns={
            path.stem: load_role_patterns(path)
            for path in sorted((data / "roles").glob("*.yaml"))
        },
        media_outlets={
            name.casefold(): entry
            for entry in actors.values()
            if entry.sector == "media" and not entry.generic
            for name in (entry.name, *entry.aliases)
        },
        organ_suffixes=load_organ_suffixes(data / "actor_templates.yaml"),
    )


def _check_profile(
    profile: LanguageProfile,
    actors: dict[str, ActorEntry],
    countries: dict[str, CountryEntry],
    folder: Path,
) -> None:
    """Every actor id and country a cue file names exists."""
    path = str(folder / f"{profile.language}.yaml")
    lexicon = profile.lexicon
    named = {
        *profile.generic_heads.values(),
        *(lexicon.actor_aliases if lexicon is not None else ()),
    }
    for actor_id in sorted(named):
        if actor_id not in actors:
            raise DataFileError(path, None, f"unknown actor id {actor_id!r}")
    for iso3 in lexicon.demonyms if lexicon is not None else ():
        if iso3 not in countries:
            raise DataFileError(
                path, None, f"lexicon.demonyms: unknown country {iso3!r}"
            )


__all__ = [
    "PLACE_KINDS",
    "AcledCodebook",
    "AcledCountry",
    "ActorEntry",
    "CountryEntry",
    "EquipmentEntry",
    "EventTypeDef",
    "FacilityPattern",
    "LanguageProfile",
    "LexiconCues",
    "ModeDef",
    "Organ",
    "ParsedCues",
    "PlaceEntry",
    "Resources",
    "RolePattern",
    "Trigger",
    "load_acled",
    "load_actors",
    "load_admin1_names",
    "load_cameo",
    "load_countries",
    "load_country_points",
    "load_equipment",
    "load_facilities",
    "load_ontology",
    "load_organ_suffixes",
    "load_places",
    "load_profile",
    "load_resources",
    "load_role_patterns",
    "load_sectors",
    "load_triggers",
    "organ_actor_id",
    "read_yaml",
    "strip_line",
]
