"""One loader per data file: read, validate, return frozen records (DataFileError on a bad entry)."""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, cast, get_args

from dateline.errors import DataFileError
from dateline.resources.files import (
    csv_rows,
    load_yaml_lines,
    split_list,
    strip_line,
    strip_nested,
    validate_entry,
)
from dateline.resources.profile import Organ
from dateline.resources.records import (
    PLACE_KINDS,
    ROLE_PATTERN_ROLES,
    AcledCodebook,
    AcledCountry,
    ActorEntry,
    CountryEntry,
    EquipmentEntry,
    EventTypeDef,
    FacilityPattern,
    PlaceEntry,
    RolePattern,
    Trigger,
    organ_actor_id,
)

logger = logging.getLogger(__name__)

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ORGANS = frozenset(get_args(Organ))


def load_ontology(path: Path) -> dict[str, EventTypeDef]:
    """Load the PLOVER ontology with its CAMEO and ACLED mappings."""
    raw = load_yaml_lines(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("types"), list):
        raise DataFileError(str(path), None, "expected a mapping with a 'types' list")
    types: dict[str, EventTypeDef] = {}
    for entry in raw["types"]:
        line, data = strip_line(entry)
        etype = validate_entry(EventTypeDef, data, path, line)
        if etype.id in types:
            raise DataFileError(str(path), line, f"event type {etype.id} twice")
        types[etype.id] = etype
    return types


def load_triggers(
    paths: Iterable[Path], ontology: dict[str, EventTypeDef]
) -> tuple[Trigger, ...]:
    """Load trigger lists, checking every type and mode against the ontology."""
    seen: dict[tuple[str, str], tuple[str, int | None]] = {}
    triggers: list[Trigger] = []
    for path in paths:
        raw = load_yaml_lines(path)
        if not isinstance(raw, dict) or not isinstance(raw.get("triggers"), list):
            raise DataFileError(str(path), None, "expected a 'triggers' list")
        for entry in raw["triggers"]:
            line, data = strip_line(entry)
            trig = validate_entry(Trigger, data, path, line)
            if trig.pos not in ("VERB", "NOUN"):
                raise DataFileError(
                    str(path), line, f"pos must be VERB or NOUN, not {trig.pos}"
                )
            etype = ontology.get(trig.type)
            if etype is None:
                raise DataFileError(
                    str(path), line, f"unknown event type {trig.type!r}"
                )
            if trig.mode is not None and all(m.id != trig.mode for m in etype.modes):
                raise DataFileError(
                    str(path), line, f"unknown mode {trig.mode!r} for {trig.type}"
                )
            key = (trig.words.lower(), trig.pos)
            if key in seen and seen[key][0] == str(path):
                raise DataFileError(
                    str(path), line, f"trigger {trig.words!r} ({trig.pos}) twice"
                )
            # A later file (a user's) overrides an earlier one's entry.
            seen[key] = (str(path), line)
            triggers = [t for t in triggers if (t.words.lower(), t.pos) != key]
            triggers.append(trig)
    return tuple(triggers)


def load_countries(path: Path) -> dict[str, CountryEntry]:
    """Load the state table that the per-country actors are generated from."""
    countries: dict[str, CountryEntry] = {}
    multi = (
        "aliases",
        "demonyms",
        "other_scripts",
        "government_aliases",
        "military_aliases",
        "police_aliases",
    )
    for line, row in csv_rows(path):
        data: dict[str, Any] = {k: (v or None) for k, v in row.items()}
        for key in multi:
            data[key] = split_list(row.get(key))
        data["un_member"] = (row.get("un_member") or "true").strip().lower() == "true"
        entry = validate_entry(CountryEntry, data, path, line)
        if not _ISO3.match(entry.iso3):
            raise DataFileError(
                str(path), line, f"iso3 {entry.iso3!r} is not 3 letters"
            )
        if entry.iso3 in countries:
            raise DataFileError(str(path), line, f"country {entry.iso3} twice")
        countries[entry.iso3] = entry
    return countries


def _state_actors(
    countries: dict[str, CountryEntry], templates: dict[str, Any], path: Path
) -> Iterator[ActorEntry]:
    """Generate government, military and police actors for every state."""
    for country in countries.values():
        demonyms = country.demonyms or (country.name,)
        names = (country.name, *country.aliases)
        for role, template in templates.items():
            if role not in _ORGANS:
                raise DataFileError(str(path), None, f"unknown organ {role!r}")
            aliases: list[str] = []
            for pattern in template["aliases"]:
                if "{demonym}" in pattern:
                    aliases.extend(pattern.format(demonym=d) for d in demonyms)
                elif "{name}" in pattern:
                    aliases.extend(pattern.format(name=n) for n in names)
            extra = {
                "government": (
                    *country.aliases,
                    *country.other_scripts,
                    *country.government_aliases,
                    *((country.capital,) if country.capital else ()),
                ),
                "military": country.military_aliases,
                "police": country.police_aliases,
            }[role]
            aliases.extend(extra)
            name = template["name"].format(name=country.name)
            yield ActorEntry(
                id=organ_actor_id(country.iso3, template["suffix"]),
                name=name,
                aliases=tuple(dict.fromkeys(a for a in aliases if a != name)),
                country=country.iso3,
                sector=template["sector"],
                organ=cast(Organ, role),
                source=country.source,
            )


def load_organ_suffixes(templates_path: Path) -> dict[str, str]:
    """Each organ's id suffix in the state actor templates: government -> gov."""
    raw = strip_nested(load_yaml_lines(templates_path))
    return {organ: str(t["suffix"]) for organ, t in raw.get("templates", {}).items()}


def load_sectors(path: Path) -> dict[str, dict[str, Any]]:
    """Load the actor sectors by id: the one list an actor's sector comes from."""
    raw = load_yaml_lines(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("sectors"), list):
        raise DataFileError(str(path), None, "expected a mapping with a 'sectors' list")
    sectors: dict[str, dict[str, Any]] = {}
    for entry in raw["sectors"]:
        line, data = strip_line(entry)
        if not isinstance(data.get("id"), str):
            raise DataFileError(str(path), line, "a sector needs an 'id'")
        if data["id"] in sectors:
            raise DataFileError(str(path), line, f"sector {data['id']!r} twice")
        sectors[data["id"]] = data
    return sectors


def load_actors(
    paths: Iterable[Path],
    countries: dict[str, CountryEntry],
    templates_path: Path,
    sectors: Collection[str],
) -> dict[str, ActorEntry]:
    """Load the actor dictionary plus the per-state actors, checking aliases."""
    raw_templates = load_yaml_lines(templates_path)
    templates = strip_nested(raw_templates.get("templates", {}))
    actors: dict[str, ActorEntry] = {}
    owner: dict[str, tuple[str, str, int | None]] = {}  # alias -> (id, file, line)

    def add(entry: ActorEntry, file: str, line: int | None, override: bool) -> None:
        if entry.id in actors and not override:
            raise DataFileError(file, line, f"actor id {entry.id!r} twice")
        for form in (entry.name, *entry.aliases, *entry.other_scripts):
            key = form.casefold()
            prior = owner.get(key)
            if prior is not None and prior[0] != entry.id and not override:
                where = f" ({prior[1]}:{prior[2]})" if prior[2] else ""
                raise DataFileError(
                    file, line, f'alias "{form}" already belongs to "{prior[0]}"{where}'
                )
            owner[key] = (entry.id, file, line)
        actors[entry.id] = entry

    for entry in _state_actors(countries, templates, templates_path):
        # Generated aliases may collide across states (shared demonyms): the
        # first state keeps it, and the collision is logged, not fatal.
        kept = []
        for alias in entry.aliases:
            prior = owner.get(alias.casefold())
            if prior is None or prior[0] == entry.id:
                kept.append(alias)
            else:
                logger.debug(
                    "alias %r of %s already belongs to %s", alias, entry.id, prior[0]
                )
        trimmed = ActorEntry(
            id=entry.id,
            name=entry.name,
            aliases=tuple(kept),
            country=entry.country,
            sector=entry.sector,
            organ=entry.organ,
            source=entry.source,
        )
        add(trimmed, str(templates_path), None, override=False)

    for index, path in enumerate(paths):
        raw = load_yaml_lines(path)
        if not isinstance(raw, list):
            raise DataFileError(str(path), None, "expected a list of actors")
        for item in raw:
            line, data = strip_line(item)
            entry = validate_entry(ActorEntry, data, path, line)
            _check_actor(entry, path, line, countries, sectors)
            add(entry, str(path), line, override=index > 0)
    for entry in actors.values():
        for aff in entry.affiliations:
            if aff not in actors:
                raise DataFileError(
                    "actors",
                    None,
                    f"{entry.id}: affiliation {aff!r} is not an actor id",
                )
    return actors


def _check_actor(
    entry: ActorEntry,
    path: Path,
    line: int | None,
    countries: dict[str, CountryEntry],
    sectors: Collection[str],
) -> None:
    if entry.sector not in sectors:
        raise DataFileError(str(path), line, f"unknown sector {entry.sector!r}")
    if entry.country is not None and not _ISO3.match(entry.country):
        raise DataFileError(str(path), line, f"country {entry.country!r} is not ISO3")
    for iso in entry.backed_by:
        if iso not in countries:
            raise DataFileError(str(path), line, f"backed_by {iso!r} is not a country")


def load_places(paths: Iterable[Path]) -> dict[str, PlaceEntry]:
    """Load hand-kept places, checking kinds, coordinates and names."""
    places: dict[str, PlaceEntry] = {}
    owner: dict[str, str] = {}
    for path in paths:
        for line, row in csv_rows(path):
            data: dict[str, Any] = {
                k: (v.strip() or None) if v else None for k, v in row.items()
            }
            data["aliases"] = split_list(row.get("aliases"))
            entry = validate_entry(PlaceEntry, data, path, line)
            if entry.kind not in PLACE_KINDS:
                raise DataFileError(str(path), line, f"unknown kind {entry.kind!r}")
            if not (-90 <= entry.lat <= 90 and -180 <= entry.lon <= 180):
                raise DataFileError(str(path), line, "lat/lon out of range")
            if entry.country is not None and not _ISO3.match(entry.country):
                raise DataFileError(
                    str(path), line, f"country {entry.country!r} is not ISO3"
                )
            for form in (entry.name, *entry.aliases):
                prior = owner.get(form.casefold())
                if prior is not None and prior != entry.id:
                    raise DataFileError(
                        str(path), line, f'name "{form}" already belongs to "{prior}"'
                    )
                owner[form.casefold()] = entry.id
            places[entry.id] = entry
    return places


def load_admin1_names(path: Path) -> dict[tuple[str, str], str]:
    """Load GeoNames admin1 names keyed by (ISO3, admin1 code)."""
    names: dict[tuple[str, str], str] = {}
    for line, row in csv_rows(path):
        country, code = row.get("country") or "", row.get("code") or ""
        name, source = row.get("name") or "", row.get("source") or ""
        if not _ISO3.match(country):
            raise DataFileError(str(path), line, f"country {country!r} is not ISO3")
        if not code or not name.strip() or not source.strip():
            raise DataFileError(str(path), line, "code, name and source are required")
        if (country, code) in names:
            raise DataFileError(str(path), line, f"{country} {code} is listed twice")
        names[(country, code)] = name.strip()
    return names


def load_country_points(path: Path) -> dict[str, tuple[float, float]]:
    """Load one point per country (ISO3 -> lat, lon)."""
    points: dict[str, tuple[float, float]] = {}
    for line, row in csv_rows(path):
        iso3 = row.get("iso3") or ""
        if not _ISO3.match(iso3):
            raise DataFileError(str(path), line, f"iso3 {iso3!r} is not ISO3")
        if not (row.get("source") or "").strip():
            raise DataFileError(str(path), line, "source is required")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            raise DataFileError(str(path), line, "lat/lon is not a number") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise DataFileError(str(path), line, "lat/lon out of range")
        points[iso3] = (lat, lon)
    return points


def load_role_patterns(path: Path) -> tuple[RolePattern, ...]:
    """Load role patterns: known roles, unique ids, a "head" first, a "filler" last."""
    raw = load_yaml_lines(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("patterns"), list):
        raise DataFileError(
            str(path), None, "expected a mapping with a 'patterns' list"
        )
    out: list[RolePattern] = []
    for item in raw["patterns"]:
        line, data = strip_line(item)
        entry = validate_entry(RolePattern, data, path, line)
        if entry.role not in ROLE_PATTERN_ROLES:
            known = ", ".join(sorted(ROLE_PATTERN_ROLES))
            raise DataFileError(
                str(path), line, f"unknown role {entry.role!r} (one of {known})"
            )
        if any(p.id == entry.id for p in out):
            raise DataFileError(str(path), line, f"id {entry.id!r} used twice")
        ids = [node.get("RIGHT_ID") for node in entry.pattern]
        if len(ids) < 2 or ids[0] != "head" or "filler" not in ids[1:]:
            raise DataFileError(
                str(path), line, 'a pattern runs from node "head" to a node "filler"'
            )
        out.append(entry)
    return tuple(out)


def load_facilities(path: Path) -> tuple[FacilityPattern, ...]:
    """Load facility patterns, checking kinds, positions and words."""
    raw = load_yaml_lines(path)
    if not isinstance(raw, list):
        raise DataFileError(str(path), None, "expected a list of facility patterns")
    out = []
    for item in raw:
        line, data = strip_line(item)
        entry = validate_entry(FacilityPattern, data, path, line)
        if entry.kind not in PLACE_KINDS:
            raise DataFileError(str(path), line, f"unknown kind {entry.kind!r}")
        if entry.position not in ("after", "before"):
            raise DataFileError(
                str(path), line, f"position {entry.position!r} is not after or before"
            )
        if not entry.words or any(w != w.lower() or not w.strip() for w in entry.words):
            raise DataFileError(
                str(path), line, "words must be lowercase and not empty"
            )
        out.append(entry)
    return tuple(out)


def load_equipment(
    path: Path, countries: dict[str, CountryEntry]
) -> dict[str, EquipmentEntry]:
    """Load weapon systems and the states that operate them."""
    raw = load_yaml_lines(path)
    if not isinstance(raw, list):
        raise DataFileError(str(path), None, "expected a list of equipment")
    out: dict[str, EquipmentEntry] = {}
    for item in raw:
        line, data = strip_line(item)
        entry = validate_entry(EquipmentEntry, data, path, line)
        if entry.operator not in countries:
            raise DataFileError(
                str(path), line, f"operator {entry.operator!r} is not a country"
            )
        out[entry.id] = entry
    return out


def load_acled(
    path: Path, countries_path: Path, ontology: dict[str, EventTypeDef]
) -> AcledCodebook:
    """Load ACLED's codebook values, checking the ontology's ACLED mappings."""
    raw = strip_nested(load_yaml_lines(path))
    if not isinstance(raw, dict) or not isinstance(raw.get("event_types"), list):
        raise DataFileError(str(path), None, "expected an 'event_types' list")
    disorder = {
        (e["event_type"], e["sub_event_type"]): e["disorder_type"]
        for e in raw["event_types"]
    }
    regions = frozenset(raw["regions"])
    countries: dict[str, AcledCountry] = {}
    for line, row in csv_rows(countries_path):
        data: dict[str, Any] = {k: (v or None) for k, v in row.items()}
        entry = validate_entry(AcledCountry, data, countries_path, line)
        if entry.region is not None and entry.region not in regions:
            raise DataFileError(
                str(countries_path), line, f"region {entry.region!r} is not ACLED's"
            )
        countries[entry.iso3] = entry
    for etype in ontology.values():
        mappings = [etype.acled, etype.acled_civilians]
        for mode in etype.modes:
            mappings += [mode.acled, mode.acled_civilians]
        for mapping in mappings:
            if mapping is None:
                continue
            key = (mapping.get("event_type", ""), mapping.get("sub_event_type", ""))
            if key not in disorder:
                raise DataFileError(
                    "ontology.yaml",
                    None,
                    f"{etype.id}: {key[0]!r} / {key[1]!r} is not an ACLED event "
                    f"type and sub-event type ({path.name})",
                )
    return AcledCodebook(
        disorder_types=disorder,
        inter_codes={int(k): str(v) for k, v in raw["inter_codes"].items()},
        interactions=frozenset(int(i) for i in raw["interactions"]),
        regions=regions,
        source_scales=frozenset(raw["source_scales"]),
        countries=countries,
    )


def load_cameo(path: Path, ontology: dict[str, EventTypeDef]) -> dict[str, float]:
    """Load the CAMEO codes with their Goldstein scores; check the ontology's roots."""
    codes: dict[str, float] = {}
    for line, row in csv_rows(path):
        code = row.get("code") or ""
        if not code.isdigit() or not 2 <= len(code) <= 4:
            raise DataFileError(str(path), line, f"{code!r} is not a CAMEO code")
        try:
            codes[code] = float(row.get("goldstein") or "")
        except ValueError as exc:
            raise DataFileError(str(path), line, "goldstein is not a number") from exc
    for etype in ontology.values():
        if etype.cameo_root is not None and etype.cameo_root not in codes:
            raise DataFileError(
                "ontology.yaml",
                None,
                f"{etype.id}: unknown CAMEO root {etype.cameo_root}",
            )
    return codes
