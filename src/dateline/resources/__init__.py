"""Load and validate the data files once into read-only Resources.

Every file under ``data/`` (and every user file given with ``--actors`` and
friends) goes through the same validator. A bad entry stops the run before any
coding, with file, line and reason.
"""

from __future__ import annotations

import logging

from dateline.errors import DataFileError
from dateline.resources.files import (
    load_yaml_lines,
    read_yaml,
    strip_line,
    strip_nested,
)
from dateline.resources.loaders import (
    load_acled,
    load_actors,
    load_admin1_names,
    load_cameo,
    load_countries,
    load_country_points,
    load_cues,
    load_equipment,
    load_facilities,
    load_ontology,
    load_places,
    load_role_patterns,
    load_triggers,
)
from dateline.resources.records import (
    PLACE_KINDS,
    SECTORS,
    AcledCodebook,
    AcledCountry,
    ActorEntry,
    CountryEntry,
    Cues,
    EquipmentEntry,
    EventTypeDef,
    FacilityPattern,
    ModeDef,
    PlaceEntry,
    Resources,
    RolePattern,
    Trigger,
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
    cues = {"en": load_cues(data / "cues" / "en.yaml")}
    countries = load_countries(data / "countries.csv")
    actors = load_actors(
        (data / "actors.yaml", *settings.extra_actors),
        countries,
        data / "actor_templates.yaml",
    )
    places = load_places((data / "places.csv", *settings.extra_places))
    equipment = load_equipment(data / "equipment.yaml", countries)
    for language, language_cues in cues.items():
        for noun, actor_id in language_cues.generic_heads.items():
            if actor_id not in actors:
                raise DataFileError(
                    str(data / "cues" / f"{language}.yaml"),
                    None,
                    f"generic_heads: {noun!r} names unknown actor {actor_id!r}",
                )
    sectors_raw = strip_nested(load_yaml_lines(data / "sectors.yaml"))
    sectors = {s["id"]: s for s in sectors_raw["sectors"]}
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
        cues=cues,
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
    )


__all__ = [
    "PLACE_KINDS",
    "SECTORS",
    "AcledCodebook",
    "AcledCountry",
    "ActorEntry",
    "CountryEntry",
    "Cues",
    "EquipmentEntry",
    "EventTypeDef",
    "FacilityPattern",
    "ModeDef",
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
    "load_cues",
    "load_equipment",
    "load_facilities",
    "load_ontology",
    "load_places",
    "load_resources",
    "load_role_patterns",
    "load_triggers",
    "read_yaml",
    "strip_line",
]
