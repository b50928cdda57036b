"""The gazetteer's side tables: admin1 names, country points, the user's places."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.errors import DataFileError
from dateline.model import Document
from dateline.pipeline import Coder
from dateline.resources import load_admin1_names, load_country_points

from .conftest import code_text


def _place_of(coder: Coder, text: str, mention: str):
    resolved = coder.places_of(Document(id="t", text=text, language="en"))
    return next(p for m, p in resolved if m.text == mention)


def test_a_geonames_town_carries_its_admin1_name_not_its_code(coder):
    place = _place_of(
        coder, "Turkish-backed factions shelled villages near Manbij.", "Manbij"
    )
    assert place.geonameid == 167357
    assert place.admin1 == "Aleppo"


def test_a_town_in_a_division_with_a_new_style_code_gets_the_name(coder):
    # GeoNames gives Mali's newer regions long numeric codes ("12070577").
    assert coder.gazetteer.admin1_name("MLI", "12070577") == "Ménaka"


def test_a_code_without_a_division_gives_no_admin1(coder):
    # "00" is GeoNames' "no first-level division" (Singapore, Aruba).
    assert coder.gazetteer.admin1_name("SGP", "00") is None


def test_the_acled_export_names_the_admin1(tmp_path: Path):
    article = tmp_path / "manbij.txt"
    article.write_text(
        "Syrian government airstrikes killed five civilians in Manbij on Tuesday, "
        "the Syrian Observatory for Human Rights said.\n",
        encoding="utf-8",
    )
    db = tmp_path / "events.db"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["ingest", str(article), "--db", str(db), "--published", "2024-05-02"]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "acled.csv"
    result = runner.invoke(
        cli, ["export", "--db", str(db), "--format", "acled", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert {r["location"] for r in rows} == {"Manbij"}
    assert {r["admin1"] for r in rows} == {"Aleppo"}


@pytest.mark.parametrize(
    ("text", "mention", "point"),
    [
        ("Gunmen attacked a convoy in Mali on Tuesday.", "Mali", (17.0, -4.0)),
        ("Shelling was reported across Syria on Monday.", "Syria", (35.0, 38.0)),
        ("Clashes broke out in Chad overnight.", "Chad", (15.0, 19.0)),
    ],
)
def test_a_country_is_placed_at_its_packaged_point(coder, text, mention, point):
    place = _place_of(coder, text, mention)
    assert place.kind == "country"
    assert (place.lat, place.lon) == point


def test_an_event_in_a_country_gets_the_country_point(coder):
    (event,) = code_text(coder, "Gunmen killed four soldiers in Chad on Tuesday.")
    assert event.location is not None
    assert (event.location.country, event.location.lat, event.location.lon) == (
        "TCD",
        15.0,
        19.0,
    )


def test_admin1_rows_need_a_source(tmp_path: Path):
    bad = tmp_path / "admin1.csv"
    bad.write_text("country,code,name,source\nSYR,12,Idlib,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"admin1.csv:2: .*source"):
        load_admin1_names(bad)


def test_country_points_must_be_on_the_globe(tmp_path: Path):
    bad = tmp_path / "country_points.csv"
    bad.write_text("iso3,lat,lon,source\nSYR,135,38,x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"country_points.csv:2: lat/lon"):
        load_country_points(bad)


_USER_PLACES = (
    "id,name,aliases,kind,country,admin1,lat,lon,radius_km,source\n"
    "mli-kourmoula-base,Kourmoula base,Kourmoula camp,base,MLI,Gao,16.1,-0.2,,"
    "https://example.org/a-report-naming-kourmoula\n"
)


def test_a_users_places_file_extends_the_gazetteer(tmp_path: Path):
    places = tmp_path / "my_places.csv"
    places.write_text(_USER_PLACES, encoding="utf-8")
    text = "Gunmen attacked the Kourmoula camp on Tuesday, killing three soldiers.\n"
    runner = CliRunner()
    without = runner.invoke(cli, ["extract", "-", "-q"], input=text)
    assert without.exit_code == 0, without.output
    assert "mli-kourmoula-base" not in without.output
    result = runner.invoke(
        cli,
        ["extract", "-", "-q", "--places", str(places), "--published", "2024-05-02"],
        input=text,
    )
    assert result.exit_code == 0, result.output
    (line,) = [x for x in result.output.splitlines() if x.startswith("{")]
    location = json.loads(line)["location"]
    assert location["place_id"] == "mli-kourmoula-base"
    assert (location["lat"], location["lon"], location["admin1"]) == (16.1, -0.2, "Gao")


def test_a_bad_row_in_a_users_places_file_stops_with_file_and_line(tmp_path: Path):
    places = tmp_path / "my_places.csv"
    places.write_text(_USER_PLACES.replace("16.1,-0.2", "116.1,-0.2"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["extract", "-", "--places", str(places)], input="Shelling in Gao.\n"
    )
    assert result.exit_code != 0
    assert "my_places.csv:2: lat/lon out of range" in result.output
