"""Whether two reports can be one incident, and why: the compatibility rules.

Each event becomes a :class:`Profile` (its block, date window, place and
parties, computed once); :func:`compare` scores two profiles on place, date
and participants, and returns the :class:`Link` with its reasons, or None
when they conflict.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateline.gazetteer import distance_km
from dateline.incidents.rules import (
    ANNOUNCED_LAG_DAYS,
    DAY_SLACK_DAYS,
    MAX_SPAN_DAYS,
    NEAR_KM_NEARBY,
    NEAR_KM_REGION,
    NEAR_KM_TOWN,
    PUBLICATION_LAG_DAYS,
    PUBLICATION_LOOKBACK_DAYS,
    IncidentRules,
    normalize,
)
from dateline.model import Actor, Event, Place


@dataclass(frozen=True, slots=True)
class Party:
    """A participant as compared: its identity, sector group and country."""

    key: str  # actor id, or "name:<normalised name>" when unresolved
    name: str
    generic: bool
    group: str | None  # sector group; None when the sector is unknown
    country: str | None
    # A state named by its country alone as a report's target ("Israeli
    # strikes on Lebanon"): the country where it happened, not a party in
    # conflict with the ones another outlet names there (Hezbollah, civilians)
    place_like: bool = False


@dataclass(frozen=True, slots=True)
class Profile:
    """An event as the clusterer compares it: each field computed once."""

    event: Event
    family: str
    kin: frozenset[str]  # the families one happening of this one may be coded as
    country: str | None  # the place's country, else a participant's
    # Blocks: the place's country; for a country-wide or unknown place also
    # the named participants' (a clash in Mali reported as "in Russia" because
    # Wagner fought there is still a report from Mali).
    countries: frozenset[str | None]
    lo: int  # first day of the date window (ordinal)
    hi: int  # last day
    # The first day it may stand for: ``lo``, or ANNOUNCED_LAG_DAYS before a
    # day date that is its article's publication day (or the day before),
    # which may be the day the news came out rather than the day it happened.
    early: int
    # "day"; "span" (week, month, range); "publication" (dated by its article's
    # publication day: the window is the week before it); "undated" (neither
    # the report nor its article has a date); "none" (a campaign: a year, or
    # more than a month)
    date_kind: str
    published: int | None  # the article's publication day (ordinal), if known
    place: Place | None  # None when unknown, country-wide or without coordinates
    radius_km: float  # how far a report of this place may be, for precision 3
    actor: Party | None
    target: Party | None
    # Words, not deeds (rules.VERBAL_QUADS): the place is a venue, and the
    # blocks take the parties' countries too.
    verbal: bool = False


@dataclass(frozen=True, slots=True)
class Link:
    """How well a report fits another: a score, and the reasons."""

    score: int
    positive: bool  # something agrees, beyond unknowns that do not conflict
    reasons: tuple[str, ...]


def party_of(
    actor: Actor | None, rules: IncidentRules, *, target: bool = False
) -> Party | None:
    """The party an actor is compared as; aliases resolve unresolved names.

    A ``target`` that is a state named by its country alone is place-like.
    """
    if actor is None:
        return None
    if actor.actor_id is None:
        # An unresolved name that is a dictionary alias: compare as that actor.
        actor = (
            rules.aliases.get(normalize(actor.name))
            or rules.aliases.get(normalize(actor.text))
            or actor
        )
    group = rules.sector_group.get(actor.sector) if actor.sector else None
    return Party(
        key=actor.actor_id or "name:" + normalize(actor.name),
        name=actor.name,
        generic=actor.generic,
        group=group,
        country=actor.country,
        place_like=target and actor.actor_id in rules.states,
    )


def profile_of(
    event: Event, rules: IncidentRules, published: dt.date | None
) -> Profile:
    """Make the profile of an event; ``published`` dates an undated report."""
    loc = event.location
    actor = party_of(event.actor, rules)
    target = party_of(event.target, rules, target=True)
    country = (loc.country if loc else None) or (
        (target.country if target else None) or (actor.country if actor else None)
    )
    if event.date is not None and event.date.precision == "publication":
        published = published or event.date.start
    pub = published.toordinal() if published is not None else None
    if event.date is not None and event.date.precision != "publication":
        lo, hi = event.date.start.toordinal(), event.date.end.toordinal()
        vague = event.date.precision == "year" or hi - lo + 1 > MAX_SPAN_DAYS
        kind = "none" if vague else "day" if lo == hi else "span"
    elif pub is not None:
        hi = pub
        lo, kind = hi - PUBLICATION_LOOKBACK_DAYS, "publication"
    else:
        lo, hi, kind = 0, 0, "undated"
    place = loc
    if loc is not None and (
        loc.kind == "country" or loc.lat is None or loc.lon is None
    ):
        place = None  # a country-wide place says nothing about where inside it
    radius = NEAR_KM_REGION
    if place is not None and place.place_id is not None:
        radius = max(rules.radius_km.get(place.place_id, radius), NEAR_KM_NEARBY)
    early = lo
    if kind == "day" and pub is not None and 0 <= pub - lo <= DAY_SLACK_DAYS:
        early = lo - ANNOUNCED_LAG_DAYS
    verbal = event.event_type in rules.verbal
    countries: set[str | None] = {country}
    if place is None or verbal:
        countries.update(p.country for p in (actor, target) if p and p.country)
        if len(countries) > 1:
            countries.discard(None)
    family = rules.family(event.event_type)
    return Profile(
        event,
        family,
        rules.kin(family),
        country,
        frozenset(countries),
        lo,
        hi,
        early,
        kind,
        pub,
        place,
        radius,
        actor,
        target,
        verbal,
    )


def place_key(place: Place) -> str:
    """The identity of a place: its GeoNames id, places.csv id, else its name."""
    if place.geonameid:
        return f"g:{place.geonameid}"
    if place.place_id:
        return f"p:{place.place_id}"
    return f"n:{normalize(place.name)}:{place.country}"


def _match_place(a: Profile, b: Profile) -> tuple[int, str] | None:
    """Score how well two places agree: 3 same, 2 near, 1 same area, None apart."""
    p, q = a.place, b.place
    if p is None or q is None:
        return 0, ""
    if place_key(p) == place_key(q):
        return 3, f"same place: {p.name}"
    assert p.lat is not None and p.lon is not None  # profile_of keeps only these
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
        if a.verbal and b.verbal:
            return 0, f"{p.name} and {q.name}: where it was said, not a conflict"
        return None
    why = f"{p.name} {km:.0f} km from {q.name}, within {limit:.0f} km at precision {precision}"
    return (2 if precision <= 2 else 1), why


def _match_date(a: Profile, b: Profile) -> tuple[int, str] | None:
    """Score how well two dates agree: 2 same day, 1 a day apart, 0 overlap.

    A day close to the other report's publication day, or two publication
    days a day apart, score 1; a day up to ANNOUNCED_LAG_DAYS before a day
    that is the day its article came out scores 0 (the day of the attack and
    the day it was announced). An undated report scores 0 against anything.
    """
    if a.date_kind == "none" or b.date_kind == "none":
        return None
    if a.date_kind == "undated" or b.date_kind == "undated":
        return 0, "undated: no date in one report nor in its article"
    if a.date_kind == b.date_kind == "day":
        return _match_days(a, b)
    for x, y in ((a, b), (b, a)):
        if x.date_kind == "publication" and y.date_kind in ("day", "publication"):
            assert x.published is not None
            lag = x.published - y.hi
            if 0 <= lag <= PUBLICATION_LAG_DAYS or (
                y.date_kind == "publication" and abs(lag) <= DAY_SLACK_DAYS
            ):
                return 1, (
                    f"{_span_text(y)} within {abs(lag)} day of the publication "
                    f"of a report dated by it ({dt.date.fromordinal(x.published)})"
                )
    if max(a.lo, b.lo) <= min(a.hi, b.hi):
        return 0, f"{_span_text(a)} overlaps {_span_text(b)}"
    if max(a.early, b.early) <= min(a.hi, b.hi):
        return 0, (
            f"{_span_text(a)} overlaps {_span_text(b)} and the days before a "
            "report's own publication day (the day the news came out)"
        )
    return None


def _match_days(a: Profile, b: Profile) -> tuple[int, str] | None:
    """Two day dates: the same, a day apart, or an attack and its announcement."""
    gap = abs(a.lo - b.lo)
    day = dt.date.fromordinal(a.lo)
    if gap == 0:
        return 2, f"same day: {day}"
    if gap <= DAY_SLACK_DAYS:
        return 1, f"{day} within {gap} day of {dt.date.fromordinal(b.lo)}"
    later = a if a.lo > b.lo else b
    if later.early <= later.lo - gap:
        earlier = b if later is a else a
        return 0, (
            f"{dt.date.fromordinal(earlier.lo)} {gap} days before "
            f"{dt.date.fromordinal(later.lo)}, the day a report of it came out"
        )
    return None


def _span_text(p: Profile) -> str:
    first, last = dt.date.fromordinal(p.lo), dt.date.fromordinal(p.hi)
    return str(first) if first == last else f"{first}..{last}"


def match_party(p: Party | None, q: Party | None) -> tuple[int, str] | None:
    """Score two parties: 2 same named actor, 1 compatible, 0 unknown, None not."""
    if p is None or q is None:
        return 0, ""
    if p.key == q.key:
        return (1 if p.generic else 2), f"{p.name} = {q.name}"
    for state, other in ((p, q), (q, p)):
        if state.place_like and other.country == state.country:
            return 0, f"{other.name} in {state.name} (the country named as target)"
    if p.group is None or q.group is None:
        return 0, ""  # an unresolved name of unknown sector says nothing
    if p.generic or q.generic:
        if p.group != q.group or (p.country and q.country and p.country != q.country):
            return None
        return 1, f"{p.name} ~ {q.name} ({p.group})"
    if p.group == q.group == "state" and p.country and p.country == q.country:
        return 1, f"{p.name} ~ {q.name} (same state)"
    return None


def _match_participants(a: Profile, b: Profile) -> tuple[int, str] | None:
    """Score participants as written, or with roles swapped (each side's view).

    Swapped roles fit a clash told by each side ("the army killed militants",
    "militants attacked the army"), so they count in full only when both
    sides agree: one party named as attacker here and as victim there is as
    often two different incidents.
    """
    best: tuple[int, str] | None = None
    for swapped, (x, y) in enumerate(((b.actor, b.target), (b.target, b.actor))):
        first, second = match_party(a.actor, x), match_party(a.target, y)
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


def compare(a: Profile, b: Profile) -> Link | None:
    """Compare two reports: None when they cannot be one incident, else the link."""
    found = _judge(a, b)
    return found if isinstance(found, Link) else None


def explain_conflict(a: Profile, b: Profile) -> str | None:
    """Why two reports cannot be one incident, or None when they link.

    The first rule that keeps them apart, as "rule: detail" (rule one of
    family, country, date, place, participants, evidence): what the error
    reading of ``scripts/incident_pairs.py`` counts.
    """
    found = _judge(a, b)
    if isinstance(found, Link):
        return None if found.positive else "evidence: " + "; ".join(found.reasons[3:])
    return found


def _judge(a: Profile, b: Profile) -> Link | str:
    """The link of two reports, or the reason they conflict."""
    if b.family not in a.kin:
        return f"family: {a.family} ({a.event.event_type}) vs {b.family} ({b.event.event_type})"
    if not a.countries & b.countries:
        return f"country: {a.country} vs {b.country}"
    date = _match_date(a, b)
    if date is None:
        return f"date: {_date_text(a)} vs {_date_text(b)}"
    place = _match_place(a, b)
    if place is None:
        assert a.place is not None and b.place is not None
        return f"place: {a.place.name} vs {b.place.name}"
    parties = _match_participants(a, b)
    if parties is None and a.family != b.family:
        parties = _party_in_common(a, b)
    same_article = a.event.doc_id == b.event.doc_id
    if parties is not None:
        positive = _positive(a, b, date[0], place[0], parties[0], same_article)
    else:
        parties = _one_attacker_that_day(a, b, date[0], place[0])
        if parties is None:
            return f"participants: {_parties_text(a)} vs {_parties_text(b)}"
        positive = True
    a_type, b_type = a.event.event_type, b.event.event_type
    if a_type == b_type:
        kind = f"type: {a_type}"
    elif a.family == b.family:
        kind = f"family {a.family}: {a_type} ~ {b_type}"
    else:
        kind = f"one happening: {a.family} ({a_type}) ~ {b.family} ({b_type})"
    reasons = [
        f"matches report {b.event.event_id}",
        kind,
        _country_text(a, b),
        "date: " + date[1],
        "place: " + (place[1] or "not known in one report"),
        "participants: " + (parties[1] or "none named in common, none in conflict"),
    ]
    if same_article:
        reasons.append("same article")
    score = place[0] + parties[0] + date[0] + same_article
    return Link(score, positive, tuple(reasons))


def _party_in_common(a: Profile, b: Profile) -> tuple[int, str] | None:
    """Two families of one happening: a party both reports name, in any role.

    Their roles differ by design: protesters march (PROTEST) and the police
    detain protesters (COERCE); the police raid a gang (ASSAULT) and arrest
    residents (COERCE). Parties that conflict role by role do not keep such
    reports apart when one party agrees; the happening's own rule (the same
    day, the same or a neighbouring town) still has to hold. None when no
    party agrees.
    """
    best: tuple[int, str] | None = None
    for p in (a.actor, a.target):
        for q in (b.actor, b.target):
            found = match_party(p, q)
            if (
                found is not None
                and found[0] >= 1
                and (best is None or found[0] > best[0])
            ):
                best = found
    if best is None:
        return None
    return best[0], best[1] + " (a party in common; one happening, two roles)"


def _one_attacker_that_day(
    a: Profile, b: Profile, date: int, place: int
) -> tuple[int, str] | None:
    """The participants' match of one named actor in one town on one day.

    Outlets name the victims of one strike differently ("Russian forces hit
    Kharkiv" against "Russian forces killed civilians in Kharkiv"; a raid's
    dead as gang members or as residents): when the initiator is the same
    named actor, in the same family, on the very day and in the same or a
    neighbouring town, targets that conflict do not keep the reports apart.
    None when they do.
    """
    if a.family != b.family or date < 2 or place < 2:
        return None
    if a.actor is None or b.actor is None or a.target is None or b.target is None:
        return None
    if a.actor.generic or b.actor.generic or a.actor.key != b.actor.key:
        return None
    return 0, (
        f"{a.actor.name} = {b.actor.name}; its targets differ ({a.target.name} "
        f"vs {b.target.name}) on the same day in the same town"
    )


def _positive(
    a: Profile, b: Profile, date: int, place: int, parties: int, same_article: bool
) -> bool:
    """Whether what agrees is enough to link: unknowns alone never are.

    Reports of two families of one happening need the same day (or a day
    near a publication day) and the same or a neighbouring town, or, from two
    articles, a place one of them leaves at the country and a party that
    agrees. An undated report needs the same place and a named party. A clear
    date needs the place, a party or the same article (whose sentences tell
    one story) to agree; a vague date needs both a close place and a party,
    or, with no place to compare, a named party (or two) that agree.
    """
    if a.family != b.family:
        # Two day dates must be the very day: arrests the day after an
        # attack are a happening of their own.
        one_day = a.lo == b.lo or not a.date_kind == b.date_kind == "day"
        # One outlet names the town, another only the country ("police fired
        # tear gas at protesters in Nairobi" against "Kenyan police detained
        # protesters"): a party that agrees stands in for the town. Within
        # one article, sentences of two families that name no town are as
        # often two happenings of one story (a protest, then arrests).
        unplaced = place == 0 and parties >= 1 and not same_article
        return date >= 1 and one_day and (place >= 2 or unplaced)
    if "undated" in (a.date_kind, b.date_kind):
        return place >= 3 and parties >= 2
    if date >= 1:
        # A party that agrees counts, a compatible one too ("the police" and
        # "Kenya", "protesters" in both): within a day, in one country, with
        # no place in conflict, reports of one family sharing a side are one
        # incident far more often than two.
        return place >= 1 or parties >= 1 or same_article
    # A vague date with no place to compare (one report names only the
    # country) still links on a named party both report, or two that agree:
    # "the Malian army lost two soldiers in three days of fighting" and a
    # report of that week's clash near Kidal naming the Malian army.
    return (place >= 2 and parties >= 1) or (place == 0 and parties >= 2)


def _country_text(a: Profile, b: Profile) -> str:
    if a.country == b.country:
        return f"country: {a.country}"
    why = "a party's country; the place is where it was said"
    if not (a.verbal and b.verbal):
        why = "a party of the country-wide one"
    return f"country: {a.country} ~ {b.country} ({why})"


def _date_text(p: Profile) -> str:
    if p.date_kind in ("none", "undated"):
        return p.date_kind
    return f"{_span_text(p)} ({p.date_kind})"


def _parties_text(p: Profile) -> str:
    return " -> ".join(party.name if party else "?" for party in (p.actor, p.target))
