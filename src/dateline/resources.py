"""Load and validate the data files once into read-only Resources.

Every file under ``data/`` (and every user file given with ``--actors`` and
friends) goes through the same validator. A bad entry stops the run before any
coding, with file, line and reason.
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from dateline.errors import DataFileError
from dateline.model import Actor, from_json_dict
from dateline.settings import Settings

logger = logging.getLogger(__name__)

T = TypeVar("T")

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
_ISO3 = re.compile(r"^[A-Z]{3}$")


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


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records each mapping's line as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = dict(loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


def read_yaml(path: Path, *, lines: bool = False) -> Any:
    """Read a YAML data file; raises DataFileError naming the file and line.

    With ``lines``, every mapping records its line as ``__line__`` (see
    ``strip_line``), so that later checks can name the entry's line.
    """
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_LineLoader if lines else yaml.SafeLoader)
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"not valid YAML: {exc}") from exc


def _load_yaml(path: Path) -> Any:
    return read_yaml(path, lines=True)


def strip_line(entry: dict[str, Any]) -> tuple[int | None, dict[str, Any]]:
    """An entry read with ``read_yaml(lines=True)``: its line, and its data."""
    line = entry.get("__line__")
    return line, {k: _strip_nested(v) for k, v in entry.items() if k != "__line__"}


def _strip_nested(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_nested(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_nested(v) for v in value]
    return value


def _validate(cls: type[T], data: dict[str, Any], file: Path, line: int | None) -> T:
    try:
        return from_json_dict(cls, data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataFileError(str(file), line, f"{where}: {first['msg']}") from exc


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _csv_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = []
            for row in reader:
                if None in row:
                    raise DataFileError(str(path), reader.line_num, "too many columns")
                rows.append((reader.line_num, row))
            return rows
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, "not UTF-8") from exc


def load_ontology(path: Path) -> dict[str, EventTypeDef]:
    """Load the PLOVER ontology with its CAMEO and ACLED mappings."""
    raw = _load_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("types"), list):
        raise DataFileError(str(path), None, "expected a mapping with a 'types' list")
    types: dict[str, EventTypeDef] = {}
    for entry in raw["types"]:
        line, data = strip_line(entry)
        etype = _validate(EventTypeDef, data, path, line)
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
        raw = _load_yaml(path)
        if not isinstance(raw, dict) or not isinstance(raw.get("triggers"), list):
            raise DataFileError(str(path), None, "expected a 'triggers' list")
        for entry in raw["triggers"]:
            line, data = strip_line(entry)
            trig = _validate(Trigger, data, path, line)
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


def load_cues(path: Path) -> Cues:
    """Load one language's attribution, certainty and figure cues."""
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise DataFileError(str(path), None, "expected a mapping")
    _, data = strip_line(raw)
    data.pop("source", None)
    return _validate(Cues, data, path, None)


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
    for line, row in _csv_rows(path):
        data: dict[str, Any] = {k: (v or None) for k, v in row.items()}
        for key in multi:
            data[key] = _split(row.get(key))
        data["un_member"] = (row.get("un_member") or "true").strip().lower() == "true"
        entry = _validate(CountryEntry, data, path, line)
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
                id=f"{country.iso3.lower()}-{template['suffix']}",
                name=name,
                aliases=tuple(dict.fromkeys(a for a in aliases if a != name)),
                country=country.iso3,
                sector=template["sector"],
                source=country.source,
            )


def load_actors(
    paths: Iterable[Path],
    countries: dict[str, CountryEntry],
    templates_path: Path,
) -> dict[str, ActorEntry]:
    """Load the actor dictionary plus the per-state actors, checking aliases."""
    raw_templates = _load_yaml(templates_path)
    templates = _strip_nested(raw_templates.get("templates", {}))
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
            source=entry.source,
        )
        add(trimmed, str(templates_path), None, override=False)

    for index, path in enumerate(paths):
        raw = _load_yaml(path)
        if not isinstance(raw, list):
            raise DataFileError(str(path), None, "expected a list of actors")
        for item in raw:
            line, data = strip_line(item)
            entry = _validate(ActorEntry, data, path, line)
            _check_actor(entry, path, line, countries)
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
    entry: ActorEntry, path: Path, line: int | None, countries: dict[str, CountryEntry]
) -> None:
    if entry.sector not in SECTORS:
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
        for line, row in _csv_rows(path):
            data: dict[str, Any] = {
                k: (v.strip() or None) if v else None for k, v in row.items()
            }
            data["aliases"] = _split(row.get("aliases"))
            entry = _validate(PlaceEntry, data, path, line)
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
    for line, row in _csv_rows(path):
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
    for line, row in _csv_rows(path):
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


def load_facilities(path: Path) -> tuple[FacilityPattern, ...]:
    """Load facility patterns, checking kinds, positions and words."""
    raw = _load_yaml(path)
    if not isinstance(raw, list):
        raise DataFileError(str(path), None, "expected a list of facility patterns")
    out = []
    for item in raw:
        line, data = strip_line(item)
        entry = _validate(FacilityPattern, data, path, line)
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
    raw = _load_yaml(path)
    if not isinstance(raw, list):
        raise DataFileError(str(path), None, "expected a list of equipment")
    out: dict[str, EquipmentEntry] = {}
    for item in raw:
        line, data = strip_line(item)
        entry = _validate(EquipmentEntry, data, path, line)
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
    raw = _strip_nested(_load_yaml(path))
    if not isinstance(raw, dict) or not isinstance(raw.get("event_types"), list):
        raise DataFileError(str(path), None, "expected an 'event_types' list")
    disorder = {
        (e["event_type"], e["sub_event_type"]): e["disorder_type"]
        for e in raw["event_types"]
    }
    regions = frozenset(raw["regions"])
    countries: dict[str, AcledCountry] = {}
    for line, row in _csv_rows(countries_path):
        data: dict[str, Any] = {k: (v or None) for k, v in row.items()}
        entry = _validate(AcledCountry, data, countries_path, line)
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
    for line, row in _csv_rows(path):
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
    sectors_raw = _strip_nested(_load_yaml(data / "sectors.yaml"))
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
        media_outlets={
            name.casefold(): entry
            for entry in actors.values()
            if entry.sector == "media" and not entry.generic
            for name in (entry.name, *entry.aliases)
        },
    )
