"""Stored events -> incidents: one happening, many reports (cross-source merge).

Reads stored Events (type, participants, place, date, source, figures) and what
is known of their documents (outlet, publication date); returns Incident
records that keep every report and each source's figures, never averaged.

How reports are linked, so that every decision can be explained:

- **Blocks, never all pairs.** An event is compared only with incidents in its
  blocks: same type family (data/type_families.yaml), same country, and a day
  its date window covers. Work grows with events times block size.
- **No conflict.** Places within a distance set by their precision, dates
  within a window set by theirs, participants that can be the same parties
  (None is compatible with anything).
- **Positive evidence.** Unknowns alone never link: the place, or a named
  participant, must agree.
- **Complete link.** An event joins an incident only when it is compatible
  with every report already in it, so one vague report cannot bridge two
  incidents. Each link records its reasons.
- **Stable ids.** Incidents never merge or split once made. A new event joins
  the incident it fits best or starts one, whose id derives from that event's
  id, so ids survive later ingests.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from dateline.errors import DataFileError
from dateline.gazetteer import distance_km
from dateline.model import (
    Actor,
    DocumentSource,
    Event,
    Incident,
    Place,
    Report,
    SourceCounts,
    SourceFigures,
    TimeSpan,
    make_id,
)
from dateline.settings import Settings

if TYPE_CHECKING:
    from dateline.resources import Resources
    from dateline.store.base import EventFilter, Store

logger = logging.getLogger(__name__)

TYPE_FAMILIES_FILE = "type_families.yaml"

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

_DATE_RANK = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentUpdate:
    """What an update did: incidents created, events that joined, rows saved."""

    created: int = 0
    joined: int = 0
    saved: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class IncidentRules:
    """The knowledge clustering uses: type families, sector groups, names, radii."""

    family_of: Mapping[str, str]  # event type -> family id
    sector_group: Mapping[str, str]  # actor sector -> group id
    # normalised name or alias -> the dictionary's actor, for unresolved names
    aliases: Mapping[str, Actor] = field(default_factory=dict)
    radius_km: Mapping[str, float] = field(default_factory=dict)  # place_id -> km

    def family(self, event_type: str) -> str:
        """Return the family of a type; a type no family names is its own."""
        return self.family_of.get(event_type, event_type.lower())


def incident_id_for(event_id: str) -> str:
    """Return the id of the incident an event starts."""
    return make_id("incident", event_id)


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
    if resources is None:
        return IncidentRules(family_of=family_of, sector_group=sector_group)
    if known_types is not None and (missing := known_types - set(family_of)):
        raise DataFileError(
            str(path), None, f"types in no family: {', '.join(sorted(missing))}"
        )
    names: dict[str, dict[str, Actor]] = defaultdict(dict)
    for entry in resources.actors.values():
        actor = Actor(
            name=entry.name,
            text=entry.name,
            actor_id=entry.id,
            country=entry.country,
            sector=entry.sector,
            generic=entry.generic,
        )
        for name in (entry.name, *entry.aliases, *entry.other_scripts):
            names[_normalize(name)][entry.id] = actor
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
        family_of=family_of, sector_group=sector_group, aliases=aliases, radius_km=radii
    )


def _load_groups(
    path: Path, key: str, member_key: str, known: set[str] | None
) -> dict[str, str]:
    """Read a list of {id, <member_key>: [...], source} into member -> id."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), None, f"not valid YAML: {exc}") from exc
    entries = _mapping_value(root, key)
    if not isinstance(entries, yaml.SequenceNode):
        raise DataFileError(str(path), None, f"expected a '{key}' list")
    out: dict[str, str] = {}
    for node in entries.value:
        line = node.start_mark.line + 1
        entry = yaml.safe_load(yaml.serialize(node))
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


def _mapping_value(root: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((v for k, v in root.value if k.value == key), None)


# ------------------------------------------------------------- compatibility


@dataclass(frozen=True, slots=True)
class _Party:
    key: str  # actor id, or "name:<normalised name>" when unresolved
    name: str
    generic: bool
    group: str | None  # sector group; None when the sector is unknown
    country: str | None


@dataclass(frozen=True, slots=True)
class _Profile:
    """An event as the clusterer compares it: each field computed once."""

    event: Event
    family: str
    country: str | None  # block: the place's country, else a participant's
    lo: int  # first day of the date window (ordinal)
    hi: int  # last day
    date_kind: str  # "day", "span" (week, month, range, publication) or "none"
    place: Place | None  # None when unknown, country-wide or without coordinates
    radius_km: float  # how far a report of this place may be, for precision 3
    actor: _Party | None
    target: _Party | None


@dataclass(frozen=True, slots=True)
class _Link:
    score: int
    positive: bool  # something agrees, beyond unknowns that do not conflict
    reasons: tuple[str, ...]


def _normalize(name: str) -> str:
    words = _WORD.findall(name.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _party(actor: Actor | None, rules: IncidentRules) -> _Party | None:
    if actor is None:
        return None
    if actor.actor_id is None:
        # An unresolved name that is a dictionary alias: compare as that actor.
        actor = (
            rules.aliases.get(_normalize(actor.name))
            or rules.aliases.get(_normalize(actor.text))
            or actor
        )
    group = rules.sector_group.get(actor.sector) if actor.sector else None
    return _Party(
        key=actor.actor_id or "name:" + _normalize(actor.name),
        name=actor.name,
        generic=actor.generic,
        group=group,
        country=actor.country,
    )


def _profile(event: Event, rules: IncidentRules, published: dt.date | None) -> _Profile:
    loc = event.location
    actor, target = _party(event.actor, rules), _party(event.target, rules)
    country = (loc.country if loc else None) or (
        (target.country if target else None) or (actor.country if actor else None)
    )
    if event.date is not None:
        lo, hi = event.date.start.toordinal(), event.date.end.toordinal()
        vague = event.date.precision == "year" or hi - lo + 1 > MAX_SPAN_DAYS
        kind = "none" if vague else "day" if lo == hi else "span"
    elif published is not None:
        hi = published.toordinal()
        lo, kind = hi - PUBLICATION_LOOKBACK_DAYS, "span"
    else:
        lo, hi, kind = 0, 0, "none"
    place = loc
    if loc is not None and (
        loc.kind == "country" or loc.lat is None or loc.lon is None
    ):
        place = None  # a country-wide place says nothing about where inside it
    radius = NEAR_KM_REGION
    if place is not None and place.place_id is not None:
        radius = max(rules.radius_km.get(place.place_id, radius), NEAR_KM_NEARBY)
    family = rules.family(event.event_type)
    return _Profile(event, family, country, lo, hi, kind, place, radius, actor, target)


def _place_key(place: Place) -> str:
    if place.geonameid:
        return f"g:{place.geonameid}"
    if place.place_id:
        return f"p:{place.place_id}"
    return f"n:{_normalize(place.name)}:{place.country}"


def _match_place(a: _Profile, b: _Profile) -> tuple[int, str] | None:
    """Score how well two places agree: 3 same, 2 near, 1 same area, None apart."""
    p, q = a.place, b.place
    if p is None or q is None:
        return 0, ""
    if _place_key(p) == _place_key(q):
        return 3, f"same place: {p.name}"
    assert p.lat is not None and p.lon is not None  # _profile keeps only these
    assert q.lat is not None and q.lon is not None
    precision = max(p.precision, q.precision)
    if precision <= 1:
        limit = NEAR_KM_TOWN
    elif precision == 2:
        limit = NEAR_KM_NEARBY
    else:
        limit = max(
            a.radius_km if p.precision >= 3 else 0.0,
            b.radius_km if q.precision >= 3 else 0.0,
        )
    km = distance_km(p.lat, p.lon, q.lat, q.lon)
    if km > limit:
        return None
    why = f"{p.name} {km:.0f} km from {q.name}, within {limit:.0f} km at precision {precision}"
    return (2 if precision <= 2 else 1), why


def _match_date(a: _Profile, b: _Profile) -> tuple[int, str] | None:
    """Score how well two dates agree: 2 same day, 1 a day apart, 0 overlap."""
    if a.date_kind == "none" or b.date_kind == "none":
        return None
    if a.date_kind == b.date_kind == "day":
        gap = abs(a.lo - b.lo)
        day = dt.date.fromordinal(a.lo)
        if gap == 0:
            return 2, f"same day: {day}"
        if gap <= DAY_SLACK_DAYS:
            return 1, f"{day} within {gap} day of {dt.date.fromordinal(b.lo)}"
        return None
    if max(a.lo, b.lo) <= min(a.hi, b.hi):
        return 0, f"{_span_text(a)} overlaps {_span_text(b)}"
    return None


def _span_text(p: _Profile) -> str:
    first, last = dt.date.fromordinal(p.lo), dt.date.fromordinal(p.hi)
    return str(first) if first == last else f"{first}..{last}"


def _match_party(p: _Party | None, q: _Party | None) -> tuple[int, str] | None:
    """Score two parties: 2 same named actor, 1 compatible, 0 unknown, None not."""
    if p is None or q is None:
        return 0, ""
    if p.key == q.key:
        return (1 if p.generic else 2), f"{p.name} = {q.name}"
    if p.group is None or q.group is None:
        return 0, ""  # an unresolved name of unknown sector says nothing
    if p.generic or q.generic:
        if p.group != q.group or (p.country and q.country and p.country != q.country):
            return None
        return 1, f"{p.name} ~ {q.name} ({p.group})"
    if p.group == q.group == "state" and p.country and p.country == q.country:
        return 1, f"{p.name} ~ {q.name} (same state)"
    return None


def _match_participants(a: _Profile, b: _Profile) -> tuple[int, str] | None:
    """Score participants as written, or with roles swapped (each side's view).

    Swapped roles fit a clash told by each side ("the army killed militants",
    "militants attacked the army"), so they count in full only when both
    sides agree: one party named as attacker here and as victim there is as
    often two different incidents.
    """
    best: tuple[int, str] | None = None
    for swapped, (x, y) in enumerate(((b.actor, b.target), (b.target, b.actor))):
        first, second = _match_party(a.actor, x), _match_party(a.target, y)
        if first is None or second is None:
            continue
        score = first[0] + second[0]
        why = "; ".join(w for w in (first[1], second[1]) if w)
        if swapped and why:
            why += " (roles swapped)"
            if min(first[0], second[0]) == 0:
                score = min(score, 1)
        if best is None or score > best[0]:
            best = score, why
    return best


def _compare(a: _Profile, b: _Profile) -> _Link | None:
    """Compare two reports: None when they cannot be one incident, else the link."""
    if a.family != b.family or a.country != b.country:
        return None
    date = _match_date(a, b)
    if date is None:
        return None
    place = _match_place(a, b)
    if place is None:
        return None
    parties = _match_participants(a, b)
    if parties is None:
        return None
    # Unknowns alone never link. A clear date needs the place, a named party
    # or the same article (whose sentences tell one story) to agree; a vague
    # date needs both a close place and a party.
    same_article = a.event.doc_id == b.event.doc_id
    if date[0] >= 1:
        positive = place[0] >= 1 or parties[0] >= 2 or same_article
    else:
        positive = place[0] >= 2 and parties[0] >= 1
    a_type, b_type = a.event.event_type, b.event.event_type
    reasons = [
        f"matches report {b.event.event_id}",
        f"type: {a_type}"
        if a_type == b_type
        else f"family {a.family}: {a_type} ~ {b_type}",
        f"country: {a.country}",
        "date: " + date[1],
        "place: " + (place[1] or "not known in one report"),
        "participants: " + (parties[1] or "none named in common, none in conflict"),
    ]
    if same_article:
        reasons.append("same article")
    score = place[0] + parties[0] + date[0] + same_article
    return _Link(score, positive, tuple(reasons))


# ----------------------------------------------------------------- clustering


@dataclass(slots=True)
class _Cluster:
    incident_id: str
    members: list[_Profile]
    reasons: list[tuple[str, ...]]


class Clusterer:
    """Incremental, blocked clustering of events into incidents.

    Feed it events with :meth:`add` (in any order within a call: they are
    sorted), restore stored incidents with :meth:`restore`. ``comparisons``
    counts event-to-event comparisons, to show the work stays near-linear.
    """

    def __init__(self, rules: IncidentRules) -> None:
        self.rules = rules
        self.comparisons = 0
        self._clusters: dict[str, _Cluster] = {}
        self._of_event: dict[str, str] = {}
        self._blocks: dict[tuple[str, str | None, int], list[str]] = defaultdict(list)

    def incident_of(self, event_id: str) -> str | None:
        """Return the incident id of a clustered event, or None."""
        return self._of_event.get(event_id)

    def incident_ids(self) -> list[str]:
        """Return every incident id, in the order the incidents were made."""
        return list(self._clusters)

    def members(self, incident_id: str) -> list[tuple[Event, tuple[str, ...]]]:
        """Return an incident's events, each with the reasons it was linked."""
        cluster = self._clusters[incident_id]
        return [
            (p.event, r) for p, r in zip(cluster.members, cluster.reasons, strict=True)
        ]

    def restore(
        self,
        incident_id: str,
        members: Sequence[tuple[Event, tuple[str, ...]]],
        sources: Mapping[str, DocumentSource],
    ) -> None:
        """Take back a stored incident as it was, without re-deciding its links."""
        for event, reasons in members:
            if event.event_id not in self._of_event:
                self._assign(incident_id, self._profile(event, sources), reasons)

    def add(
        self, events: Iterable[Event], sources: Mapping[str, DocumentSource]
    ) -> list[str]:
        """Cluster new events; return the ids of incidents made or joined.

        Events already clustered are skipped. Events are taken by date, the
        most specific first, then by id, so the result does not depend on the
        order given.
        """
        fresh = {e.event_id: e for e in events if e.event_id not in self._of_event}
        profiles = sorted(
            (self._profile(e, sources) for e in fresh.values()), key=_arrival_order
        )
        touched: dict[str, None] = {}
        for profile in profiles:
            found = self._best_incident(profile)
            if found is None:
                incident_id = incident_id_for(profile.event.event_id)
                reasons: tuple[str, ...] = ("first report",)
            else:
                incident_id, link = found
                reasons = link.reasons
            self._assign(incident_id, profile, reasons)
            touched[incident_id] = None
        return list(touched)

    def _profile(self, event: Event, sources: Mapping[str, DocumentSource]) -> _Profile:
        source = sources.get(event.doc_id)
        return _profile(event, self.rules, source.published if source else None)

    def _assign(
        self, incident_id: str, profile: _Profile, reasons: tuple[str, ...]
    ) -> None:
        cluster = self._clusters.get(incident_id)
        if cluster is None:
            cluster = self._clusters[incident_id] = _Cluster(incident_id, [], [])
        cluster.members.append(profile)
        cluster.reasons.append(reasons)
        self._of_event[profile.event.event_id] = incident_id
        if profile.date_kind == "none":
            return  # takes no other report: not indexed
        # Indexed under its window widened by the day slack; looked up under
        # the bare window. Two reports that may link then share a day.
        for day in range(profile.lo - DAY_SLACK_DAYS, profile.hi + DAY_SLACK_DAYS + 1):
            block = self._blocks[(profile.family, profile.country, day)]
            if not block or block[-1] != incident_id:
                block.append(incident_id)

    def _best_incident(self, profile: _Profile) -> tuple[str, _Link] | None:
        if profile.date_kind == "none":
            return None
        candidates: dict[str, None] = {}
        for day in range(profile.lo, profile.hi + 1):
            for incident_id in self._blocks.get(
                (profile.family, profile.country, day), ()
            ):
                candidates[incident_id] = None
        best: tuple[str, _Link] | None = None
        for incident_id in candidates:
            link = self._link_to(profile, self._clusters[incident_id])
            if link is None:
                continue
            if best is None or (-link.score, incident_id) < (-best[1].score, best[0]):
                best = incident_id, link
        return best

    def _link_to(self, profile: _Profile, cluster: _Cluster) -> _Link | None:
        """The best link to a member, if the event fits every member (complete link)."""
        best: _Link | None = None
        for member in cluster.members:
            self.comparisons += 1
            link = _compare(profile, member)
            if link is None:
                return None
            if link.positive and (best is None or link.score > best.score):
                best = link
        return best


def _arrival_order(p: _Profile) -> tuple[bool, int, int, int, str]:
    """Sort key: dated first, by day; on one day the most specific report first.

    Reports that pin an incident down (a town, named parties) then found it,
    and vaguer reports of that day find it already there to join.
    """
    named = sum(1 for party in (p.actor, p.target) if party and not party.generic)
    precision = p.place.precision if p.place is not None else 4
    return (p.date_kind == "none", p.lo, precision, -named, p.event.event_id)


# -------------------------------------------------------------------- records


def build_incident(
    incident_id: str,
    members: Sequence[tuple[Event, tuple[str, ...]]],
    sources: Mapping[str, DocumentSource],
    rules: IncidentRules,
) -> Incident:
    """Make the Incident record of clustered events: best place and date, reports."""
    events = [e for e, _ in members]
    types = Counter(e.event_type for e in events)
    event_type = max(types, key=lambda t: (types[t], -_first_index(events, t)))
    place = _best_place(events)
    copies = _copies(events)
    reports = tuple(
        Report(
            event_id=e.event_id,
            doc_id=e.doc_id,
            event_type=e.event_type,
            outlet=_outlet(sources, e.doc_id),
            attributed_to=e.attributed_to,
            certainty=e.certainty,
            fatalities=e.fatalities,
            injured=e.injured,
            evidence=e.evidence,
            copy_of=copies.get(e.event_id),
            reasons=reasons,
        )
        for e, reasons in members
    )
    first = _profile(events[0], rules, None)
    return Incident(
        incident_id=incident_id,
        event_type=event_type,
        family=rules.family(event_type),
        country=(place.country if place else None) or first.country,
        place=place,
        date=_best_date(events),
        participants=_participants(events, rules),
        sources=_count_sources(reports),
        figures=_figures(reports),
        reports=reports,
    )


def _first_index(events: Sequence[Event], event_type: str) -> int:
    return next(i for i, e in enumerate(events) if e.event_type == event_type)


def _outlet(sources: Mapping[str, DocumentSource], doc_id: str) -> str | None:
    source = sources.get(doc_id)
    return source.outlet_name if source else None


def _best_place(events: Sequence[Event]) -> Place | None:
    """The most precise place; among equals, the one most reports give."""
    places = [e.location for e in events if e.location is not None]
    if not places:
        return None
    counts = Counter(_place_key(p) for p in places)
    return min(
        places,
        key=lambda p: (p.kind == "country", p.precision, -counts[_place_key(p)]),
    )


def _best_date(events: Sequence[Event]) -> TimeSpan | None:
    """The most precise, then narrowest date; among equals the most reported."""
    dates = [e.date for e in events if e.date is not None]
    if not dates:
        return None
    counts = Counter((d.start, d.end) for d in dates)
    return min(
        dates,
        key=lambda d: (
            _DATE_RANK.get(d.precision, 5),
            (d.end - d.start).days,
            -counts[(d.start, d.end)],
        ),
    )


def _participants(events: Sequence[Event], rules: IncidentRules) -> tuple[Actor, ...]:
    """Every party named, most reported first; generics a named party covers dropped."""
    seen: dict[str, tuple[Actor, _Party]] = {}
    counts: Counter[str] = Counter()
    for event in events:
        for actor in (event.actor, event.target):
            party = _party(actor, rules)
            if actor is None or party is None:
                continue
            counts[party.key] += 1
            seen.setdefault(party.key, (actor, party))
    named = [p for _, p in seen.values() if not p.generic]
    kept = [
        (key, actor)
        for key, (actor, party) in seen.items()
        if not party.generic
        or not any((_match_party(party, n) or (0, ""))[0] >= 1 for n in named)
    ]
    order = {key: i for i, key in enumerate(seen)}
    kept.sort(key=lambda item: (-counts[item[0]], order[item[0]]))
    return tuple(actor for _, actor in kept)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return frozenset({tuple(words)})
    return frozenset(
        tuple(words[i : i + SHINGLE_WORDS])
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def near_duplicate(first: str, second: str) -> bool:
    """True when two evidence sentences are one text reprinted.

    Word 3-shingles: Jaccard at least 0.8, or the shorter sentence almost
    wholly inside the longer one (a copy with words added).
    """
    return _same_shingles(_shingles(first), _shingles(second))


def _same_shingles(
    a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]
) -> bool:
    if not a or not b:
        return False
    shared = len(a & b)
    if shared / len(a | b) >= NEAR_DUPLICATE_JACCARD:
        return True
    shorter = min(len(a), len(b))
    return (
        shorter >= MIN_CONTAINED_SHINGLES
        and shared / shorter >= NEAR_DUPLICATE_CONTAINMENT
    )


def _copies(events: Sequence[Event]) -> dict[str, str]:
    """Map each report that reprints an earlier document's report to that report."""
    originals: list[tuple[Event, frozenset[tuple[str, ...]]]] = []
    copies: dict[str, str] = {}
    for event in events:
        mine = _shingles(event.evidence.text)
        original = next(
            (
                o
                for o, theirs in originals
                if o.doc_id != event.doc_id and _same_shingles(mine, theirs)
            ),
            None,
        )
        if original is None:
            originals.append((event, mine))
        else:
            copies[event.event_id] = original.event_id
    return copies


def _source_key(name: str) -> str:
    return _normalize(name)


def _count_sources(reports: Sequence[Report]) -> SourceCounts:
    independent = [r for r in reports if r.copy_of is None]
    documents = {r.doc_id for r in reports}
    return SourceCounts(
        reports=len(reports),
        documents=len(documents),
        copies=len(documents - {r.doc_id for r in independent}),
        outlets=len({r.outlet.casefold() for r in independent if r.outlet}),
        credited=len(
            {_source_key(r.attributed_to) for r in independent if r.attributed_to}
        ),
    )


def _figures(reports: Sequence[Report]) -> tuple[SourceFigures, ...]:
    """One row per source and figure it gives; copies add nothing, nothing averaged."""
    rows: dict[tuple[str, int | None, int | None], tuple[str, list[str]]] = {}
    for report in reports:
        if report.copy_of is not None:
            continue
        if report.fatalities is None and report.injured is None:
            continue
        source = report.attributed_to or (
            f"{report.outlet} (own reporting)" if report.outlet else "unattributed"
        )
        key = (_source_key(source), report.fatalities, report.injured)
        rows.setdefault(key, (source, []))[1].append(report.event_id)
    return tuple(
        SourceFigures(
            source=source, fatalities=key[1], injured=key[2], event_ids=tuple(ids)
        )
        for key, (source, ids) in rows.items()
    )


def figures_table(incident: Incident) -> str:
    """Each source's figures in one line: "army: 12 killed; al-Shabaab: 15 killed"."""
    parts = []
    for row in incident.figures:
        counts = []
        if row.fatalities is not None:
            counts.append(f"{row.fatalities} killed")
        if row.injured is not None:
            counts.append(f"{row.injured} injured")
        parts.append(f"{row.source}: {', '.join(counts)}")
    return "; ".join(parts)


def describe_report(report: Report) -> str:
    """One line on a report, for ``dateline show``: outlet, source, figures, text."""
    counts = [
        f"{n} {unit}"
        for n, unit in ((report.fatalities, "killed"), (report.injured, "injured"))
        if n is not None
    ]
    head = f"{report.outlet or report.doc_id}: {report.attributed_to or 'unattributed'}"
    head += f" ({report.certainty})"
    if counts:
        head += " " + ", ".join(counts)
    if report.copy_of:
        head += f" [copy of {report.copy_of}]"
    return f"{head} “{report.evidence.text}” [event {report.event_id}]"


def cluster_events(
    events: Iterable[Event],
    sources: Mapping[str, DocumentSource] | None = None,
    rules: IncidentRules | None = None,
) -> list[Incident]:
    """Cluster events into incidents in one go (no store): the library call."""
    rules = rules or load_rules()
    sources = sources or {}
    clusterer = Clusterer(rules)
    clusterer.add(events, sources)
    return [
        build_incident(i, clusterer.members(i), sources, rules)
        for i in clusterer.incident_ids()
    ]


# ---------------------------------------------------------------------- store


def update_incidents(
    store: Store, events: Sequence[Event], rules: IncidentRules | None = None
) -> IncidentUpdate:
    """Cluster a batch of stored events into the stored incidents, and save.

    Events already in an incident are skipped, so re-ingest changes nothing.
    Existing incidents keep their ids and reports; new events join them or
    start new ones. Call it after each ``add_batch``.
    """
    rules = rules or load_rules()
    fresh = {e.event_id: e for e in events}
    linked = store.incident_ids_of(list(fresh))
    new = [e for event_id, e in fresh.items() if event_id not in linked]
    if not new:
        return IncidentUpdate()
    sources = store.document_sources(sorted({e.doc_id for e in new}))
    profiles = [_profile(e, rules, _published(sources, e.doc_id)) for e in new]
    dated = [p for p in profiles if p.date_kind != "none"]
    existing: list[Incident] = []
    if dated:
        from dateline.store.base import EventFilter

        window = EventFilter(
            since=dt.date.fromordinal(min(p.lo for p in dated) - DAY_SLACK_DAYS),
            until=dt.date.fromordinal(max(p.hi for p in dated) + DAY_SLACK_DAYS),
        )
        existing = store.incidents(window)
    member_ids = [r.event_id for i in existing for r in i.reports]
    members = {e.event_id: e for e in store.events_by_id(member_ids)}
    sources = {
        **store.document_sources(sorted({e.doc_id for e in members.values()})),
        **sources,
    }
    clusterer = Clusterer(rules)
    for incident in existing:
        clusterer.restore(
            incident.incident_id,
            [
                (members[r.event_id], r.reasons)
                for r in incident.reports
                if r.event_id in members
            ],
            sources,
        )
    before = set(clusterer.incident_ids())
    touched = clusterer.add(new, sources)
    records = [build_incident(i, clusterer.members(i), sources, rules) for i in touched]
    saved = store.save_incidents(records)
    created = len(set(touched) - before)
    joined = sum(1 for e in new if clusterer.incident_of(e.event_id) in before)
    logger.info("incidents: %d new, %d events joined existing ones", created, joined)
    return IncidentUpdate(created=created, joined=joined, saved=saved)


def _published(sources: Mapping[str, DocumentSource], doc_id: str) -> dt.date | None:
    source = sources.get(doc_id)
    return source.published if source else None


def rebuild_incidents(
    store: Store, rules: IncidentRules | None = None
) -> IncidentUpdate:
    """Recluster every stored event from scratch, replacing all incidents.

    For a database ingested before incidents existed. Ids are derived as in
    :func:`update_incidents`, but may differ from those an earlier series of
    batches gave.
    """
    from dateline.store.base import EventFilter

    rules = rules or load_rules()
    events = store.events(EventFilter())
    sources = store.document_sources(sorted({e.doc_id for e in events}))
    clusterer = Clusterer(rules)
    clusterer.add(events, sources)
    records = [
        build_incident(i, clusterer.members(i), sources, rules)
        for i in clusterer.incident_ids()
    ]
    saved = store.save_incidents(records, replace_all=True)
    return IncidentUpdate(created=len(records), saved=saved)


def other_reports(store: Store, event_id: str) -> list[Report]:
    """Reports of the same incident in other documents, for ``dateline show``."""
    incident_id = store.incident_ids_of([event_id]).get(event_id)
    incident = store.incident(incident_id) if incident_id else None
    if incident is None:
        return []
    own = next((r.doc_id for r in incident.reports if r.event_id == event_id), None)
    return [r for r in incident.reports if r.doc_id != own]


def lead_events(store: Store, filters: EventFilter) -> list[Event]:
    """One event per incident matching the filters, for exports by incident.

    The lead event is the first report giving the incident's best place and
    date. Its figures are its own source's; the incident's ``figures`` hold
    the others.
    """
    incidents = store.incidents(filters)
    events = {
        e.event_id: e
        for e in store.events_by_id([r.event_id for i in incidents for r in i.reports])
    }
    leads = []
    for incident in incidents:
        mine = [events[r.event_id] for r in incident.reports if r.event_id in events]
        if mine:
            leads.append(
                next(
                    (
                        e
                        for e in mine
                        if e.location == incident.place and e.date == incident.date
                    ),
                    mine[0],
                )
            )
    return leads


# ------------------------------------------------------------------ evaluation


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldIncidentItem:
    """One line of a gold incident file: this document reports that incident."""

    doc: str
    event_type: str
    incident: str


def read_gold_incidents(path: Path) -> list[GoldIncidentItem]:
    """Read gold lines {"doc", "event_type", "incident"}; raises DataFileError."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            items.append(
                GoldIncidentItem(
                    doc=str(data["doc"]),
                    event_type=str(data["event_type"]),
                    incident=str(data["incident"]),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataFileError(str(path), number, f"not a gold item: {exc}") from exc
    return items


def predicted_incidents(
    items: Sequence[GoldIncidentItem], incidents: Sequence[Incident]
) -> dict[tuple[str, str], str | None]:
    """The predicted incident of each gold item, None when nothing was coded.

    An item is a document's events of one type: it goes to the incident most
    of them are in; on a tie, that of the one earliest in the text.
    """
    found: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for incident in incidents:
        for report in incident.reports:
            key = (report.doc_id, report.event_type)
            found[key].append((report.evidence.start, incident.incident_id))
    out: dict[tuple[str, str], str | None] = {}
    for item in items:
        hits = sorted(found.get((item.doc, item.event_type), []))
        if not hits:
            out[(item.doc, item.event_type)] = None
            continue
        counts = Counter(i for _, i in hits)
        order = {i: n for n, (_, i) in reversed(list(enumerate(hits)))}
        out[(item.doc, item.event_type)] = min(
            counts, key=lambda i: (-counts[i], order[i])
        )
    return out


def score_clusters(
    gold: Mapping[tuple[str, str], str], predicted: Mapping[tuple[str, str], str | None]
) -> dict[str, float]:
    """Pairwise and B-cubed precision, recall and F1 of predicted incidents.

    Items with no prediction are each an incident of their own.
    """
    items = sorted(gold)
    pred = {k: predicted.get(k) or f"unmatched:{k[0]}:{k[1]}" for k in items}
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            same_gold, same_pred = gold[a] == gold[b], pred[a] == pred[b]
            tp += same_gold and same_pred
            fp += same_pred and not same_gold
            fn += same_gold and not same_pred
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    b_p = b_r = 0.0
    for a in items:
        pred_cluster = {b for b in items if pred[b] == pred[a]}
        gold_cluster = {b for b in items if gold[b] == gold[a]}
        both = len(pred_cluster & gold_cluster)
        b_p += both / len(pred_cluster)
        b_r += both / len(gold_cluster)
    n = len(items) or 1
    return {
        "pairwise_precision": precision,
        "pairwise_recall": recall,
        "pairwise_f1": _f1(precision, recall),
        "bcubed_precision": b_p / n,
        "bcubed_recall": b_r / n,
        "bcubed_f1": _f1(b_p / n, b_r / n),
    }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
