"""Clustering events into incidents, and the Incident records made of them.

:class:`Clusterer` links events incrementally within their blocks;
:func:`build_incident` turns a cluster into an Incident (best place and date,
participants, reports with their copies marked, each source's figures);
:func:`cluster_events` does both in one go, without a store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dateline.incidents.compare import (
    Link,
    Party,
    Profile,
    compare,
    match_party,
    party_of,
    place_key,
    profile_of,
)
from dateline.incidents.rules import (
    DAY_SLACK_DAYS,
    MIN_CONTAINED_SHINGLES,
    NEAR_DUPLICATE_CONTAINMENT,
    NEAR_DUPLICATE_JACCARD,
    SHINGLE_WORDS,
    WORD,
    IncidentRules,
    load_rules,
)
from dateline.incidents.sources import credited_keys, source_key
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

_DATE_RANK = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4}


def incident_id_for(event_id: str) -> str:
    """Return the id of the incident an event starts."""
    return make_id("incident", event_id)


# ----------------------------------------------------------------- clustering


@dataclass(slots=True)
class _Cluster:
    incident_id: str
    members: list[Profile]
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
        # (family, place) -> incidents with a report there: where an undated
        # report looks, having no day to look under.
        self._at_place: dict[tuple[str, str], list[str]] = defaultdict(list)

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

    def _profile(self, event: Event, sources: Mapping[str, DocumentSource]) -> Profile:
        source = sources.get(event.doc_id)
        return profile_of(event, self.rules, source.published if source else None)

    def _assign(
        self, incident_id: str, profile: Profile, reasons: tuple[str, ...]
    ) -> None:
        cluster = self._clusters.get(incident_id)
        if cluster is None:
            cluster = self._clusters[incident_id] = _Cluster(incident_id, [], [])
        cluster.members.append(profile)
        cluster.reasons.append(reasons)
        self._of_event[profile.event.event_id] = incident_id
        if profile.place is not None and profile.place.precision <= 2:
            spot = self._at_place[(profile.family, place_key(profile.place))]
            if incident_id not in spot:
                spot.append(incident_id)
        if profile.date_kind in ("none", "undated"):
            return  # takes no other report: not indexed by day
        # Indexed under its window (from its earliest day) widened by the day
        # slack; looked up under the bare window. Two reports that may link
        # then share a day.
        for country in profile.countries:
            for day in range(
                profile.early - DAY_SLACK_DAYS, profile.hi + DAY_SLACK_DAYS + 1
            ):
                block = self._blocks[(profile.family, country, day)]
                if not block or block[-1] != incident_id:
                    block.append(incident_id)

    def _candidates(self, profile: Profile) -> dict[str, None]:
        """Incidents in the profile's blocks: its families, countries and days."""
        found: dict[str, None] = {}
        if profile.date_kind == "undated":
            if profile.place is not None and profile.place.precision <= 2:
                key = place_key(profile.place)
                for family in sorted(profile.kin):
                    found.update(dict.fromkeys(self._at_place.get((family, key), ())))
            return found
        for family in sorted(profile.kin):
            for country in sorted(profile.countries, key=str):
                for day in range(profile.early, profile.hi + 1):
                    found.update(
                        dict.fromkeys(self._blocks.get((family, country, day), ()))
                    )
        return found

    def _best_incident(self, profile: Profile) -> tuple[str, Link] | None:
        if profile.date_kind == "none":
            return None
        fits: list[tuple[str, Link]] = []
        for incident_id in self._candidates(profile):
            link = self._link_to(profile, self._clusters[incident_id])
            if link is not None:
                fits.append((incident_id, link))
        if profile.date_kind == "undated" and len(fits) != 1:
            return None  # no day to choose between incidents at one place
        return min(fits, key=lambda f: (-f[1].score, f[0]), default=None)

    def _link_to(self, profile: Profile, cluster: _Cluster) -> Link | None:
        """The best link to a member, if the event fits every member (complete link)."""
        best: Link | None = None
        for member in cluster.members:
            self.comparisons += 1
            link = compare(profile, member)
            if link is None:
                return None
            if link.positive and (best is None or link.score > best.score):
                best = link
        return best


def _arrival_order(p: Profile) -> tuple[bool, int, int, int, str]:
    """Sort key: dated first, by day; on one day the most specific report first.

    Reports that pin an incident down (a town, named parties) then found it,
    and vaguer reports of that day find it already there to join.
    """
    named = sum(1 for party in (p.actor, p.target) if party and not party.generic)
    precision = p.place.precision if p.place is not None else 4
    undated = p.date_kind in ("none", "undated")
    return (undated, p.lo, precision, -named, p.event.event_id)


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
            attributed_to_id=e.attributed_to_id,
            reasons=reasons,
        )
        for e, reasons in members
    )
    first = profile_of(events[0], rules, None)
    keys = credited_keys(reports, rules)
    return Incident(
        incident_id=incident_id,
        event_type=event_type,
        family=rules.family(event_type),
        country=(place.country if place else None) or first.country,
        place=place,
        date=_best_date(events),
        participants=_participants(events, rules),
        sources=_count_sources(reports, keys),
        figures=_figures(reports, keys),
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
    counts = Counter(place_key(p) for p in places)
    return min(
        places,
        key=lambda p: (p.kind == "country", p.precision, -counts[place_key(p)]),
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
    seen: dict[str, tuple[Actor, Party]] = {}
    counts: Counter[str] = Counter()
    for event in events:
        for actor in (event.actor, event.target):
            party = party_of(actor, rules)
            if actor is None or party is None:
                continue
            counts[party.key] += 1
            seen.setdefault(party.key, (actor, party))
    named = [p for _, p in seen.values() if not p.generic]
    kept = [
        (key, actor)
        for key, (actor, party) in seen.items()
        if not party.generic
        or not any((match_party(party, n) or (0, ""))[0] >= 1 for n in named)
    ]
    order = {key: i for i, key in enumerate(seen)}
    kept.sort(key=lambda item: (-counts[item[0]], order[item[0]]))
    return tuple(actor for _, actor in kept)


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = WORD.findall(text.casefold())
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


def _count_sources(
    reports: Sequence[Report], keys: Mapping[str, str | None]
) -> SourceCounts:
    independent = [r for r in reports if r.copy_of is None]
    documents = {r.doc_id for r in reports}
    return SourceCounts(
        reports=len(reports),
        documents=len(documents),
        copies=len(documents - {r.doc_id for r in independent}),
        outlets=len({r.outlet.casefold() for r in independent if r.outlet}),
        credited=len({k for r in independent if (k := keys[r.event_id])}),
    )


def _figures(
    reports: Sequence[Report], keys: Mapping[str, str | None]
) -> tuple[SourceFigures, ...]:
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
        key = (
            keys[report.event_id] or source_key(source),
            report.fatalities,
            report.injured,
        )
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
