"""Place mentions + article context -> Place with precision (resolver).

Disambiguates the way a reader does: the country the article is about, the
other places named in it, a feature word ("air base", "province"), then
population. Relative places ("near", "40 km west of") keep the anchor's point
with a lower precision (ACLED geo_precision 2).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from dateline.gazetteer import (
    GazEntry,
    Gazetteer,
    distance_km,
    normalize,
    without_division_word,
)
from dateline.model import Mention, Place
from dateline.resources import CountryEntry

logger = logging.getLogger(__name__)

# Kinds that cover an area rather than a point: ACLED precision 3.
_AREA_KINDS = frozenset({"country", "admin1", "region"})
# A candidate this close to another place of the article is "near it".
_NEIGHBOUR_KM = 250.0
# Hamlets do not decide what country an article is about: "Convoy" (Ireland)
# is also a headline word.
_MIN_CONTEXT_POPULATION = 1000
# A town abroad found only by one of its GeoNames alternate names must be
# at least this big: "Minister" is an old name of Minster, Ohio, "Assembleia"
# one of Viçosa, Brazil; "Kiew" and "Peking" are names of big cities.
_ALIAS_ABROAD_MIN_POPULATION = 100_000
# A city this big tells, alone, what country an article is about; a smaller
# town counts only once its country is told some other way.
_EVIDENT_POPULATION = 100_000
# What an actor's country weighs, against a place word's, in where an
# article's towns are: forces often act abroad, places stay where they are.
_ACTOR_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the article as a whole says about where it is."""

    focus_country: str | None = None
    countries: Counter[str] = field(default_factory=Counter)
    anchors: tuple[tuple[float, float], ...] = ()  # unambiguous places of the article
    # Countries the text names as such, or through their actors, and the focus
    # country's neighbours: where a town abroad may be without more evidence.
    named_countries: frozenset[str] = frozenset()
    # The place the article is mostly about, below country level, in the focus
    # country: where a reader puts an event that names no place of its own.
    main_place: Place | None = None
    # The country the article's place words name most ("in Gaza", "à
    # Tinzaouaten"), its actors left out: where an event that names no place
    # of its own happened, when "Israeli forces" or "Russian mercenaries" make
    # another country the focus.
    place_country: str | None = None
    # The country whose towns a name of the article means: its place words,
    # and its actors' countries at half weight ("Israeli strikes on Gaza" is
    # told in Gaza). None: the focus country.
    located_country: str | None = None


def article_context(
    mentions: Iterable[Mention],
    gazetteer: Gazetteer,
    actor_countries: Iterable[str] = (),
) -> PlaceContext:
    """Read every place mention of an article for its countries and anchors.

    ``actor_countries`` are the countries of named state actors ("Malian
    troops"), which also tell where an article is.
    """
    countries: Counter[str] = Counter(actor_countries)
    named: set[str] = set(countries)
    anchors = []
    places: Counter[str] = Counter()
    looked = [
        (
            mention,
            [
                c
                for c in _readings(mention, gazetteer)
                if c.kind != "city" or c.population >= _MIN_CONTEXT_POPULATION
            ],
        )
        for mention in mentions
    ]
    evident = _evident_countries(looked, named, gazetteer)
    for mention, candidates in looked:
        candidates = _possible(
            candidates, _strip(mention.name or mention.text), evident
        )
        if not candidates:
            continue
        votes = _country_votes(mention, candidates)
        countries.update(votes)
        if mention.label != "actor":
            places.update(votes)
        if any(c.kind == "country" for c in candidates):
            named.update(
                c.country for c in candidates if c.kind == "country" and c.country
            )
            continue
        if len({c.country for c in candidates if c.country}) == 1:
            best = candidates[0]
            anchors.append((best.lat, best.lon))
    focus = countries.most_common(1)[0][0] if countries else None
    located = Counter(
        {
            country: places[country] + _ACTOR_WEIGHT * (votes - places[country])
            for country, votes in countries.items()
        }
    )
    home = located.most_common(1)[0][0] if located else None
    for country in (focus, home):
        if country is not None:
            named |= gazetteer.neighbours(country)
    context = PlaceContext(
        focus_country=focus,
        located_country=home,
        countries=countries,
        anchors=tuple(anchors),
        named_countries=frozenset(named),
        place_country=places.most_common(1)[0][0] if places else focus,
    )
    return replace(context, main_place=_main_place(mentions, context, gazetteer))


def _evident_countries(
    looked: list[tuple[Mention, list[GazEntry]]],
    actor_countries: set[str],
    gazetteer: Gazetteer,
) -> frozenset[str]:
    """The countries an article plainly is about, with their neighbours.

    A country is plain when the text names it (as a place or an actor), or
    names a place of it that no common word or small namesake could be: see
    ``_plain``. Empty when the text gives none of these.
    """
    found = set(actor_countries)
    for mention, candidates in looked:
        name = _strip(mention.name or mention.text)
        found.update(
            c.country for c in candidates if c.country and _plain(c, name, candidates)
        )
    for country in list(found):
        found |= gazetteer.neighbours(country)
    return frozenset(found)


def _plain(entry: GazEntry, name: str, others: Iterable[GazEntry] = ()) -> bool:
    """True for a reading of a name that tells its country by itself.

    A country, a hand-kept base or crossing, a hand-kept province named with
    its division word ("Nord-Ouest" is also Haiti's), or a city of 100,000 ten
    times bigger than any namesake abroad ("Berlin", not "Cartagena").
    """
    if entry.key.startswith("c:"):
        return True
    if entry.key.startswith("p:"):
        return entry.kind not in _AREA_KINDS or without_division_word(name) is not None
    return entry.population >= _EVIDENT_POPULATION and all(
        c.population * 10 <= entry.population
        for c in others
        if c.country != entry.country
    )


def _possible(
    candidates: list[GazEntry], name: str, evident: frozenset[str]
) -> list[GazEntry]:
    """The readings of a name that may be meant, given the plain countries.

    "Ende" (a town in Indonesia) in a German story from Gaza, "República"
    (Brazil) in a story from Lisbon, Mozambique's Gaza Province for "Gaza":
    a small namesake abroad is a word of the text, not evidence of where the
    article is, unless the article names its country some other way.
    """
    if not evident:
        return candidates
    return [c for c in candidates if c.country in evident or _plain(c, name)]


def _country_votes(mention: Mention, candidates: list[GazEntry]) -> dict[str, float]:
    """How much a place mention says the article is in each country."""
    votes: dict[str, float] = {}
    if any(c.kind == "country" for c in candidates):
        # A country named as a place ("in Syria") says more than one named
        # as an actor ("Russia said").
        weight = 0.5 if mention.label == "actor" else 2.0
        for c in candidates:
            if c.kind == "country" and c.country:
                votes[c.country] = votes.get(c.country, 0.0) + weight
        return votes
    found = {c.country for c in candidates if c.country}
    if len(found) == 1:
        return {found.pop(): 1.0}
    # An ambiguous name votes for each of its countries, in proportion to
    # their towns' population ("Kabul" is Afghanistan's, not Israel's).
    total = sum(c.population for c in candidates) or 1
    for c in candidates:
        if c.country:
            votes[c.country] = votes.get(c.country, 0.0) + 0.5 * c.population / total
    return votes


def _main_place(
    mentions: Iterable[Mention], context: PlaceContext, gazetteer: Gazetteer
) -> Place | None:
    """The most often named place below country level in the located country."""
    home = _home(context)
    if home is None:
        return None
    counts: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.label == "actor":
            continue
        place = _resolve_one(mention, context, gazetteer)
        if (
            place is None
            or place.kind in ("country", "region")
            or place.country != home
        ):
            continue
        key = place.name
        counts[key] += 1
        first.setdefault(key, place)
    if not counts:
        return None
    # Among places named as often, the first named: the lede's. (Counter
    # keeps insertion order, and max returns the first of equals.)
    best = max(counts, key=counts.__getitem__)
    return replace(first[best], precision=max(first[best].precision, 2))


def resolve_place(
    mentions: Iterable[Mention], context: PlaceContext, gazetteer: Gazetteer
) -> Place | None:
    """Return the most precise place among an event's mentions, or None.

    Reads place mentions (label: the preposition, or "near"); returns None when
    no mention is in the gazetteer.
    """
    best: Place | None = None
    for mention in mentions:
        place = _resolve_one(mention, context, gazetteer)
        if place is None:
            continue
        if best is None or place.precision < best.precision:
            best = place
        if best.precision == 1:
            break
    return best


def _resolve_one(
    mention: Mention, context: PlaceContext, gazetteer: Gazetteer
) -> Place | None:
    name = _strip(mention.name or mention.text)
    found = _readings(mention, gazetteer)
    candidates = [
        c for c in found if not _small_alias_abroad(c, name, context, gazetteer)
    ]
    if not found:
        return _resolve_facility(mention, name, context, gazetteer)
    if not candidates:
        return None
    chosen = max(candidates, key=lambda c: _score(c, name, context))
    if _abroad_without_evidence(chosen, context, name):
        return None
    precision = 3 if chosen.kind in _AREA_KINDS else 1
    if mention.label == "near" and precision == 1:
        precision = 2
    admin1 = chosen.admin1 if chosen.kind != "city" else _admin1_name(chosen, gazetteer)
    return Place(
        name=chosen.name,
        text=mention.text,
        country=chosen.country,
        admin1=admin1,
        lat=round(chosen.lat, 5),
        lon=round(chosen.lon, 5),
        geonameid=chosen.geonameid,
        place_id=chosen.key[2:] if chosen.key.startswith("p:") else None,
        kind=chosen.kind,
        precision=precision,
    )


def _readings(mention: Mention, gazetteer: Gazetteer) -> list[GazEntry]:
    """The gazetteer's candidates for a mention, as its wording allows.

    A name the text gives with a place noun ("municipio de Argelia", label
    "named") is a town or an area, not the country that shares its name.
    """
    found = gazetteer.lookup(_strip(mention.name or mention.text))
    if mention.label == "named":
        return [c for c in found if c.kind != "country"] or found
    return found


def _resolve_facility(
    mention: Mention, name: str, context: PlaceContext, gazetteer: Gazetteer
) -> Place | None:
    """A base, camp, checkpoint or crossing the hand-kept list lacks, at its town.

    "the Kuweires air base" fits a pattern of data/facilities.yaml; the town
    "Kuweires" gives the point, near it (precision 2), under the facility's
    own name and kind.
    """
    found = gazetteer.facility(name)
    if found is None:
        return None
    kind, town = found
    towns = [c for c in gazetteer.lookup(town) if c.kind == "city"]
    if not towns:
        return None
    chosen = max(towns, key=lambda c: _score(c, town, context))
    if _abroad_without_evidence(chosen, context):
        return None
    return Place(
        name=name,
        text=mention.text,
        country=chosen.country,
        admin1=_admin1_name(chosen, gazetteer),
        lat=round(chosen.lat, 5),
        lon=round(chosen.lon, 5),
        geonameid=chosen.geonameid,
        kind=kind,
        precision=2,
    )


def _small_alias_abroad(
    entry: GazEntry, name: str, context: PlaceContext, gazetteer: Gazetteer
) -> bool:
    """True for a small town beyond the focus country's borders named by an alias.

    GeoNames keeps old and variant names of small towns that are common words
    or names ("Minister" for Minster, Ohio; "Washington" for Piqua, Ohio): a
    text far from them means the word, not the town. A town's own name, and
    the aliases of a city of 100,000, still count.
    """
    focus = _home(context)
    return (
        entry.key.startswith("g:")
        and entry.population < _ALIAS_ABROAD_MIN_POPULATION
        and focus is not None
        and entry.country != focus
        and entry.country not in gazetteer.neighbours(focus)
        and normalize(name) != normalize(entry.name)
    )


def _abroad_without_evidence(
    entry: GazEntry, context: PlaceContext, name: str = ""
) -> bool:
    """True for a town abroad that the text never ties to its country.

    "Mobile internet suspended" in a story about Bangladesh is not Mobile,
    Alabama: a GeoNames town or a hand-kept province ("South" of Cameroon's
    South Region) outside the focus country and its neighbours needs its
    country named in the text (as a place or through an actor).
    """
    # A hand-kept base or crossing is named on purpose; a hand-kept province
    # may be a common word ("South", "the Red Sea"), unless it is named with
    # its division word ("Marib province").
    checked = entry.key.startswith("g:") or (
        entry.key.startswith("p:")
        and entry.kind in _AREA_KINDS
        and without_division_word(name) is None
    )
    return (
        checked
        and _home(context) is not None
        and entry.country != _home(context)
        and entry.country not in context.named_countries
    )


def _score(candidate: GazEntry, name: str, context: PlaceContext) -> float:
    score = 0.0
    if candidate.country and candidate.country == _home(context):
        score += 4.0
    elif candidate.country and context.countries.get(candidate.country):
        score += 2.0
    if candidate.key.startswith(("p:", "c:")):
        score += 1.5  # a hand-kept or country name was written on purpose
    if candidate.kind == "country":
        # A state's name means the state ("a contingent from Benin"), not a
        # town that shares it (Benin City, Nigeria), even in a story about
        # the town's country.
        score += 2.0
    if any(
        distance_km(candidate.lat, candidate.lon, la, lo) < _NEIGHBOUR_KM
        for la, lo in context.anchors
    ):
        score += 1.0
    if candidate.population:
        score += min(math.log10(candidate.population) / 7.0, 1.0)
    return score


def _home(context: PlaceContext) -> str | None:
    """The country whose towns the article's names mean."""
    return context.located_country or context.focus_country


def _admin1_name(entry: GazEntry, gazetteer: Gazetteer) -> str | None:
    # GeoNames towns carry an admin1 code; data/admin1.csv names it. A code
    # without a name ("00": no division) gives None, never the code.
    return gazetteer.admin1_name(entry.country, entry.admin1)


def _strip(text: str) -> str:
    for lead in ("the ", "The "):
        if text.startswith(lead):
            return text[len(lead) :]
    return text


def country_place(
    iso3: str | None, countries: Mapping[str, CountryEntry], gazetteer: Gazetteer
) -> Place | None:
    """A country as a place, at ACLED's coarsest precision; None if unknown."""
    country = countries.get(iso3) if iso3 else None
    if country is None:
        return None
    mention = Mention(kind="place", start=0, end=0, text=country.name, label="in")
    return resolve_place((mention,), PlaceContext(focus_country=iso3), gazetteer)
