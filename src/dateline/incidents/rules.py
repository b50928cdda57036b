"""The rules clustering follows: its thresholds and the knowledge it loads.

The distance, date and near-duplicate thresholds, with the evidence for each;
:class:`IncidentRules` (type families, sector groups, actor names, place
radii, statement words) and :func:`load_rules`, which reads them from
data/type_families.yaml, the language profiles and the resources; and :func:`normalize`, the name form they are compared in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dateline.errors import DataFileError
from dateline.model import Actor
from dateline.resources import Resources, load_profile, read_yaml, strip_line
from dateline.settings import Settings

TYPE_FAMILIES_FILE = "type_families.yaml"
CUES_DIR = "cues"  # the language profiles, whose statement_words clustering reads

# Places. ACLED geo_precision 1 is the named town: two reports of one incident
# name the same town or a neighbouring village, whose centres lie within 10 km.
NEAR_KM_TOWN = 10.0
# Precision 2 is "near" a town or part of a district: ACLED codes such events
# to the nearest town, which may be a district centre some 25 km away.
NEAR_KM_NEARBY = 25.0
# Precision 3 is a province or larger: the area's own radius (places.csv) when
# known, else 150 km, between the median (117 km) and upper quartile (178 km)
# radius of the admin1 areas in data/places.csv.
NEAR_KM_REGION = 150.0

# Dates. Reports of one night differ by a day ("late Tuesday", "on Wednesday"),
# and a report's "yesterday" depends on its time zone: day dates link within 1.
DAY_SLACK_DAYS = 1
# A span longer than a month ("this year", "since January") names a campaign,
# not an incident: such reports start their own incident and take no others.
MAX_SPAN_DAYS = 31
# An undated report tells of something in the week before it was published.
PUBLICATION_LOOKBACK_DAYS = 7
# ... and most often of the day it was published or the day before: a day date
# that close to another report's publication day agrees with it (score 1), as
# do two reports dated only by publication days within DAY_SLACK_DAYS. On the
# real-news dev half, 19 of the 23 publication-dated reports of an incident
# another outlet dated to the day were published that day or the next.
PUBLICATION_LAG_DAYS = 1
# One outlet gives the day of an attack, another the day it was announced
# ("remained under attack on Friday" against "insurgents attacked Palma on
# Wednesday"): day dates up to 3 days apart are compatible, as weak evidence
# that needs the place and a party to agree, when the later one is its own
# article's publication day or the day before (the day the news came out).
ANNOUNCED_LAG_DAYS = 3

# Syndicated copies: evidence sentences whose word 3-shingles overlap this much
# (Jaccard) are one report reprinted, counted once as a source. 0.8 keeps a
# copy with a changed dateline or a dropped clause; a rewrite falls far below.
SHINGLE_WORDS = 3
NEAR_DUPLICATE_JACCARD = 0.8
# A copy that only adds words ("..., according to Rift Times", a dateline) keeps
# all the original's shingles: 90% of the shorter sentence's shingles found in
# the longer one is a copy too, when the shorter has enough of them (6 shingles,
# 8 words) for that to mean something.
NEAR_DUPLICATE_CONTAINMENT = 0.9
MIN_CONTAINED_SHINGLES = 6

# PLOVER's quad categories of words rather than deeds: 1 verbal cooperation
# (AGREE, CONSULT, SUPPORT, CONCEDE), 3 verbal conflict (REQUEST, ACCUSE,
# REJECT, THREATEN). Their place is where they were said or signed: talks in
# Doha between Pakistan and Afghanistan, a deal announced in Astana, Addis
# Ababa or Washington. Such reports are blocked under their parties'
# countries too, and two venues do not keep them apart.
VERBAL_QUADS = frozenset({1, 3})

WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentRules:
    """The knowledge clustering uses: type families, sector groups, names, radii."""

    family_of: Mapping[str, str]  # event type -> family id
    # family id -> the families one happening may also be coded as (itself too)
    kin_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    sector_group: Mapping[str, str]  # actor sector -> group id
    # normalised name or alias -> the dictionary's actor, for unresolved names
    aliases: Mapping[str, Actor] = field(default_factory=dict)
    radius_km: Mapping[str, float] = field(default_factory=dict)  # place_id -> km
    # dictionary id -> the actor, for credited sources (attributed_to_id)
    actors_by_id: Mapping[str, Actor] = field(default_factory=dict)
    # casefolded words a statement is named with, in every language (the
    # profiles' statement_words)
    statement_words: frozenset[str] = frozenset()
    # dictionary ids of the states named by their country alone ("Lebanon",
    # "Ukraine": the generated government actors), which as a report's target
    # say where it happened more than who was hit
    states: frozenset[str] = frozenset()
    # event types of words, not deeds (PLOVER's quad classes 1 and 3, verbal
    # cooperation and verbal conflict, in ontology.yaml): where one is said or
    # signed is a venue, often a third country's capital
    verbal: frozenset[str] = frozenset()

    def family(self, event_type: str) -> str:
        """Return the family of a type; a type no family names is its own."""
        return self.family_of.get(event_type, event_type.lower())

    def kin(self, family: str) -> frozenset[str]:
        """Return the families one happening of this family may be coded as."""
        return self.kin_of.get(family, frozenset({family}))


def normalize(name: str) -> str:
    """A name as compared: casefolded words, without a leading "the"."""
    words = WORD.findall(name.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


# ------------------------------------------------------------------ rules data


def load_rules(
    settings: Settings | None = None, resources: Resources | None = None
) -> IncidentRules:
    """Load type families and sector groups; actor names and radii from resources.

    Raises DataFileError naming the file, line and reason for a bad entry.
    Without ``resources``, unresolved actor names are compared as written.
    """
    path = (settings or Settings()).data_dir / TYPE_FAMILIES_FILE
    known_types = set(resources.ontology) if resources is not None else None
    known_sectors = set(resources.sectors) if resources is not None else None
    family_of = _load_groups(path, "families", "types", known_types)
    sector_group = _load_groups(path, "sector_groups", "sectors", known_sectors)
    kin_of = _load_happenings(path, set(family_of.values()))
    profiles = (
        resources.profiles.values()
        if resources is not None
        else [load_profile(p) for p in sorted((path.parent / CUES_DIR).glob("*.yaml"))]
    )
    words = frozenset(w.casefold() for p in profiles for w in p.statement_words)
    if resources is None:
        return IncidentRules(
            family_of=family_of,
            sector_group=sector_group,
            kin_of=kin_of,
            statement_words=words,
        )
    if known_types is not None and (missing := known_types - set(family_of)):
        raise DataFileError(
            str(path), None, f"types in no family: {', '.join(sorted(missing))}"
        )
    names: dict[str, dict[str, Actor]] = defaultdict(dict)
    for entry in resources.actors.values():
        actor = entry.as_actor(entry.name)
        for name in (entry.name, *entry.aliases, *entry.other_scripts):
            names[normalize(name)][entry.id] = actor
    # A name two actors claim identifies neither.
    aliases = {
        name: next(iter(found.values()))
        for name, found in names.items()
        if len(found) == 1
    }
    radii = {
        p.id: p.radius_km for p in resources.places.values() if p.radius_km is not None
    }
    return IncidentRules(
        family_of=family_of,
        sector_group=sector_group,
        kin_of=kin_of,
        aliases=aliases,
        radius_km=radii,
        actors_by_id={i: e.as_actor(e.name) for i, e in resources.actors.items()},
        statement_words=words,
        verbal=frozenset(
            t for t, d in resources.ontology.items() if d.quad_class in VERBAL_QUADS
        ),
        states=frozenset(
            i
            for i, e in resources.actors.items()
            if e.organ == "government" and not e.generic
        ),
    )


def _load_happenings(path: Path, families: set[str]) -> dict[str, frozenset[str]]:
    """Read ``happenings`` (families one happening spans) into family -> kin."""
    raw = read_yaml(path, lines=True)
    entries = raw.get("happenings", []) if isinstance(raw, dict) else []
    if not isinstance(entries, list):
        raise DataFileError(str(path), None, "expected a 'happenings' list")
    kin: dict[str, set[str]] = defaultdict(set)
    for item in entries:
        line, entry = strip_line(item) if isinstance(item, dict) else (None, item)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise DataFileError(str(path), line, "a happening needs an 'id'")
        if not entry.get("source"):
            raise DataFileError(str(path), line, f"{entry['id']}: no 'source'")
        members = entry.get("families")
        if not isinstance(members, list) or len(members) < 2:
            raise DataFileError(
                str(path), line, f"{entry['id']}: 'families' needs two or more"
            )
        for member in members:
            if member not in families:
                raise DataFileError(
                    str(path), line, f"{member!r} is not one of the families"
                )
            kin[member].update(members)
    return {family: frozenset(found) for family, found in kin.items()}


def _load_groups(
    path: Path, key: str, member_key: str, known: set[str] | None
) -> dict[str, str]:
    """Read a list of {id, <member_key>: [...], source} into member -> id."""
    raw = read_yaml(path, lines=True)
    entries = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise DataFileError(str(path), None, f"expected a '{key}' list")
    out: dict[str, str] = {}
    for item in entries:
        line, entry = strip_line(item) if isinstance(item, dict) else (None, item)
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise DataFileError(str(path), line, "an entry needs an 'id'")
        if not entry.get("source"):
            raise DataFileError(str(path), line, f"{entry['id']}: no 'source'")
        members = entry.get(member_key)
        if not isinstance(members, list) or not members:
            raise DataFileError(str(path), line, f"{entry['id']}: no '{member_key}'")
        for member in members:
            if known is not None and member not in known:
                raise DataFileError(
                    str(path), line, f"{member!r} is not one of the known {member_key}"
                )
            if member in out:
                raise DataFileError(
                    str(path), line, f"{member!r} is already in {out[member]!r}"
                )
            out[str(member)] = entry["id"]
    return out
