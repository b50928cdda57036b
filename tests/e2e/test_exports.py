"""The analyst formats of a real store, read back as analysts read them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from dateline.cli import cli

from ..conftest import ROOT, SAMPLES

DATA = ROOT / "src" / "dateline" / "data"

# Our own passages beside the bundled samples, so the store holds what ACLED
# splits finely: violence against civilians, a protest, a drone strike, and a
# meeting (a type ACLED does not record).
PASSAGES = [
    {
        "id": "p-civilians",
        "text": "Gunmen attack village\n\nSuspected militants opened fire on "
        "villagers in Djibo on Monday, killing five civilians, local officials said.",
        "published": "2024-03-12",
        "outlet": "Reuters",
    },
    {
        "id": "p-protest",
        "text": "Thousands march in Nairobi\n\nThousands of protesters marched "
        "through Nairobi on Tuesday to demand lower taxes, police said.",
        "published": "2024-06-26",
        "outlet": "BBC",
    },
    {
        "id": "p-drone",
        "text": "Drone strike in Yemen\n\nA US drone strike killed three suspected "
        "al-Qaeda militants in Marib province on Thursday, tribal sources said.",
        "published": "2022-05-06",
        "outlet": "Al Jazeera",
    },
    {
        "id": "p-meeting",
        "text": "Ministers meet\n\nThe foreign ministers of Egypt and Jordan met in "
        "Cairo on Sunday to discuss the war in Gaza.",
        "published": "2024-01-08",
    },
]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    passages = folder / "passages.jsonl"
    passages.write_text(
        "".join(json.dumps(p) + "\n" for p in PASSAGES), encoding="utf-8"
    )
    db = folder / "dateline.db"
    for source in (SAMPLES, passages):
        result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db)])
        assert result.exit_code == 0, result.output
    return db


def _export(store: Path, fmt: str, out: Path) -> str:
    result = CliRunner().invoke(
        cli, ["export", "--db", str(store), "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return result.stderr


def _codebook() -> dict:
    return yaml.safe_load((DATA / "acled.yaml").read_text(encoding="utf-8"))


def test_acled_export_holds_only_acleds_values(store, tmp_path):
    out = tmp_path / "acled.csv"
    _export(store, "acled", out)
    frame = pd.read_csv(out)
    assert len(frame) >= 10, "the ACLED export lost most of the store"
    codebook = _codebook()
    categories = {
        (c["event_type"], c["sub_event_type"]): c["disorder_type"]
        for c in codebook["event_types"]
    }
    pairs = set(zip(frame["event_type"], frame["sub_event_type"], strict=True))
    assert pairs <= set(categories), f"not ACLED's: {pairs - set(categories)}"
    for row in frame.itertuples():
        assert row.disorder_type == categories[(row.event_type, row.sub_event_type)]
    interactions = frame["interaction"].dropna().astype(int)
    assert set(interactions) <= set(codebook["interactions"])
    for column in ("inter1", "inter2"):
        assert set(frame[column].dropna().astype(int)) <= set(codebook["inter_codes"])
    assert set(frame["region"].dropna()) <= set(codebook["regions"])
    assert set(frame["source_scale"].dropna()) <= set(codebook["source_scales"])
    assert frame["iso"].notna().all(), "an event lost its country code"
    with (DATA / "acled_countries.csv").open(encoding="utf-8") as handle:
        countries = {int(r["iso_numeric"]): r for r in csv.DictReader(handle)}
    for row in frame.itertuples():
        assert int(row.iso) in countries, f"{row.iso} is not an ISO numeric code"
        assert row.country == countries[int(row.iso)]["country"]
        assert row.region == countries[int(row.iso)]["region"]
    # admin1 is a name, never a GeoNames code such as "09".
    assert (
        not frame["admin1"].dropna().astype(str).str.fullmatch(r"[0-9A-Z]{1,3}").any()
    )
    assert frame["timestamp"].notna().all() and (frame["timestamp"] > 1.5e9).all()
    assert frame["time_precision"].dropna().isin([1, 2, 3]).all()
    assert frame["geo_precision"].dropna().isin([1, 2, 3]).all()


def test_acled_export_types_violence_by_whom_it_hits(store, tmp_path):
    out = tmp_path / "acled.csv"
    _export(store, "acled", out)
    frame = pd.read_csv(out)
    djibo = frame[frame["notes"].str.contains("villagers")]
    assert list(djibo["event_type"]) == ["Violence against civilians"], (
        "gunmen killing villagers is not a battle"
    )
    assert list(djibo["civilian_targeting"]) == ["Civilian targeting"]
    assert list(djibo["interaction"].astype(int)) == [37]
    marib = frame[frame["country"] == "Yemen"]
    assert "Air/drone strike" in set(marib["sub_event_type"])
    nairobi = frame[frame["notes"].str.contains("Nairobi")]
    assert list(nairobi["disorder_type"]) == ["Demonstrations"]
    assert list(nairobi["iso"].astype(int)) == [404]


def test_acled_export_leaves_out_and_counts_what_acled_does_not_record(store, tmp_path):
    out = tmp_path / "acled.csv"
    stderr = _export(store, "acled", out)
    frame = pd.read_csv(out)
    assert "Cairo" not in set(frame["location"].dropna()), "a meeting became ACLED"
    assert frame["event_type"].notna().all(), "a row has no ACLED event type"
    left_out = [line for line in stderr.splitlines() if "left out" in line]
    assert left_out and "CONSULT" in left_out[0], stderr
    listed = CliRunner().invoke(
        cli, ["events", "--db", str(store), "--format", "jsonl", "--limit", "1000"]
    )
    total = len(listed.stdout.splitlines())
    count = int(left_out[0].split()[0])
    assert len(frame) + count == total, "the ACLED rows and the left-out don't add up"


def test_plover_export_validates_against_the_schema(store, tmp_path):
    out = tmp_path / "events.jsonl"
    _export(store, "plover", out)
    schema = json.loads((DATA / "plover.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 10, "the PLOVER export lost most of the store"
    records = [json.loads(line) for line in lines]
    for record in records:
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, f"{record['id']}: {errors[0].message}"
    drone = next(r for r in records if "drone" in r["mode"])
    assert drone["actor"][0] == {
        "code": "USA",
        "sector": "MIL",
        "entity_text": drone["actor"][0]["entity_text"],
        "identifier_text": "Military Forces of United States",
        "dateline_actor_id": "usa-mil",
    }
    assert drone["event"] == ["ASSAULT"] and drone["quad_code"] == 4
    assert drone["event_loc"]["country_code"] == "YEM"


def test_plover_schema_rejects_what_plover_does_not_allow():
    schema = json.loads((DATA / "plover.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    good = {"id": "x", "date": "2024-01-02", "actor": [], "event": ["ASSAULT"]}
    assert validator.is_valid(good)
    for bad in (
        {**good, "event": ["BOMBING"]},
        {**good, "date": "2 January 2024"},
        {**good, "actor": [{"code": "USA", "sector": "ARMY"}]},
        {key: value for key, value in good.items() if key != "id"},
    ):
        assert not validator.is_valid(bad), f"the schema let through {bad}"


def test_cameo_export_has_a_valid_cameo_code_on_every_line(store, tmp_path):
    out = tmp_path / "events.tsv"
    _export(store, "cameo", out)
    with (DATA / "cameo.csv").open(encoding="utf-8") as handle:
        goldstein = {r["code"]: float(r["goldstein"]) for r in csv.DictReader(handle)}
    frame = pd.read_csv(out, sep="\t", dtype={"EventCode": str, "EventRootCode": str})
    assert len(frame) >= 10, "the CAMEO export lost most of the store"
    assert frame["EventCode"].isin(goldstein).all(), "a line has no valid CAMEO code"
    assert (frame["EventRootCode"] == frame["EventCode"].str[:2]).all()
    assert frame["QuadClass"].isin([1, 2, 3, 4]).all()
    for row in frame.itertuples():
        assert row.GoldsteinScale == goldstein[row.EventCode]
    drone = frame[frame["ActionGeo_FullName"] == "Marib Governorate"]
    assert list(drone["EventRootCode"]) == ["19"], "a drone strike is not FIGHT"
    assert list(drone["Actor1Code"]) == ["USAMIL"]
