"""The command line over the bundled samples: what a user runs and sees."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli

from ..conftest import ROOT, SAMPLES


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "dateline.db"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_ingest_stores_documents_and_events(ingested):
    con = sqlite3.connect(ingested)
    docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert docs == 6, "a sample document was lost"
    assert events >= 10


def test_reingest_adds_nothing(ingested):
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(ingested)])
    assert result.exit_code == 0
    assert "0 events added" in result.output and "6 already stored" in result.output


def test_french_wire_document_is_coded_in_french(ingested):
    con = sqlite3.connect(ingested)
    row = con.execute(
        "SELECT language, status FROM documents WHERE id = 'wire-2023-0004'"
    ).fetchone()
    assert row == ("fr", "coded")
    records = [
        json.loads(r)
        for (r,) in con.execute(
            "SELECT record FROM events WHERE doc_id = 'wire-2023-0004'"
        )
    ]
    assert records, "the French wire report of an attack gave no event"
    assert all(r["language"] == "fr" for r in records)
    assert any(r["location"] and r["location"]["country"] == "BFA" for r in records)


def test_uncoded_language_is_stored_and_reported(tmp_path):
    article = tmp_path / "notizia.txt"
    article.write_text(
        "Uomini armati hanno attaccato un posto militare vicino a Djibo martedì, "
        "uccidendo sei soldati, secondo fonti della sicurezza. Il governo ha "
        "condannato l'attacco e ha promesso di rafforzare la sicurezza nella regione.",
        encoding="utf-8",
    )
    db = tmp_path / "it.db"
    result = CliRunner().invoke(cli, ["ingest", str(article), "--db", str(db)])
    assert "language 'it' is not coded yet" in result.output
    con = sqlite3.connect(db)
    assert con.execute("SELECT language, status FROM documents").fetchone() == (
        "it",
        "not_coded",
    )
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_events_filters_by_type_and_country(ingested):
    result = CliRunner().invoke(
        cli,
        [
            "events",
            "--db",
            str(ingested),
            "--type",
            "ASSAULT",
            "--country",
            "SYR",
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 0
    events = [json.loads(line) for line in result.output.splitlines()]
    assert events and all(
        e["event_type"] == "ASSAULT" and e["location"]["country"] == "SYR"
        for e in events
    )


def test_show_marks_the_sentence(ingested):
    listing = CliRunner().invoke(
        cli, ["events", "--db", str(ingested), "--type", "RETREAT", "--format", "jsonl"]
    )
    event_id = json.loads(listing.output.splitlines()[0])["event_id"]
    result = CliRunner().invoke(cli, ["show", event_id, "--db", str(ingested)])
    assert result.exit_code == 0
    assert "[vacated]" in result.output, "the trigger is not marked in the sentence"
    assert "precision" in result.output


def test_show_unknown_event_is_a_clear_error(ingested):
    result = CliRunner().invoke(cli, ["show", "nosuchevent", "--db", str(ingested)])
    assert result.exit_code == 1
    assert "nosuchevent: no such event" in result.output


def test_export_acled_has_acleds_columns(ingested, tmp_path):
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(
        cli, ["export", "--db", str(ingested), "--format", "acled", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    for column in (
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "inter1",
        "actor2",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    ):
        assert column in rows[0], f"ACLED column {column} missing"
    airstrike = [r for r in rows if r["sub_event_type"] == "Air/drone strike"]
    assert airstrike, "no aerial event mapped to ACLED's Air/drone strike"


def test_export_geojson_and_plover(ingested, tmp_path):
    geo = tmp_path / "events.geojson"
    assert (
        CliRunner()
        .invoke(
            cli,
            ["export", "--db", str(ingested), "--format", "geojson", "--out", str(geo)],
        )
        .exit_code
        == 0
    )
    data = json.loads(geo.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]
    lon, lat = data["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    plover = tmp_path / "events.json"
    assert (
        CliRunner()
        .invoke(
            cli,
            [
                "export",
                "--db",
                str(ingested),
                "--format",
                "plover",
                "--out",
                str(plover),
            ],
        )
        .exit_code
        == 0
    )
    lines = plover.read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line)["event"] for line in lines)


def test_extract_prints_jsonl_to_stdout_and_keeps_input_ids(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(SAMPLES / "002_wire.jsonl"), "-q"])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events and {e["doc_id"] for e in events} <= {
        "wire-2023-0001",
        "wire-2023-0002",
        "wire-2023-0003",
        "wire-2023-0004",
    }


def test_extract_with_only_bad_input_exits_1(tmp_path):
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\xff" * 50)
    result = CliRunner().invoke(cli, ["extract", str(bad)])
    assert result.exit_code == 1
    assert "skipped" in result.output and "binary file" in result.output
    assert "Error: no readable input" in result.output


def test_bad_input_in_a_batch_is_skipped_and_the_rest_coded(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Gunmen killed three villagers in Zamfara on Sunday, police said.",
        encoding="utf-8",
    )
    (folder / "b.txt").write_bytes("Soldats tués à Ménaka".encode("latin-1"))
    (folder / "c.jsonl").write_text(
        '{"id": "x", "text": "Protesters rallied in Nairobi on Monday."}\n{broken\n',
        encoding="utf-8",
    )
    db = tmp_path / "b.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "not UTF-8" in result.output
    assert (
        sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    )


def test_bad_date_option_is_a_usage_error():
    result = CliRunner().invoke(
        cli, ["extract", "x.txt", "--published", "yesterday-ish"]
    )
    assert result.exit_code == 2
    assert "is not a date" in result.output


def test_events_on_a_missing_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["events", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no such database" in result.output


def test_user_actor_file_extends_the_dictionary(tmp_path):
    extra = tmp_path / "my_actors.yaml"
    extra.write_text(
        "- id: kuvira-brigade\n  name: Kuvira Brigade\n  aliases: [Kuvira fighters]\n  country: SYR\n"
        "  sector: militia\n  source: https://example.org/kuvira\n",
        encoding="utf-8",
    )
    doc = tmp_path / "a.txt"
    doc.write_text(
        "Kuvira fighters attacked an army checkpoint near Deir ez-Zor on Monday.",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        [
            "extract",
            str(doc),
            "--actors",
            str(extra),
            "--published",
            "2024-05-02",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert event["actor"]["actor_id"] == "kuvira-brigade"


def test_invalid_user_actor_file_names_file_and_line(tmp_path):
    extra = tmp_path / "bad_actors.yaml"
    extra.write_text(
        "- id: x\n  name: X\n  aliases: []\n  country: SYR\n  sector: wizards\n  source: s\n",
        encoding="utf-8",
    )
    doc = tmp_path / "a.txt"
    doc.write_text("Nothing happened.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(doc), "--actors", str(extra)])
    assert result.exit_code == 1
    assert f"{extra}:1: unknown sector 'wizards'" in result.output


def test_the_installed_command_runs():
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "ingest" in result.stdout


def test_eval_scores_several_gold_files_per_language():
    dev = ROOT / "eval" / "dev"
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            str(dev / "fr.gold.jsonl"),
            str(dev / "es.gold.jsonl"),
            "--json",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["by_language"]) == {"fr", "es"}
    assert report["overall"]["gold"] == sum(
        s["gold"] for s in report["by_language"].values()
    )


def test_eval_refuses_one_articles_file_for_several_gold_files():
    dev = ROOT / "eval" / "dev"
    result = CliRunner().invoke(
        cli,
        [
            "eval",
            str(dev / "fr.gold.jsonl"),
            str(dev / "es.gold.jsonl"),
            "--articles",
            str(dev / "fr.docs.jsonl"),
        ],
    )
    assert (
        result.exit_code == 2 and "--articles goes with one GOLD file" in result.output
    )


def test_explain_lists_every_candidate_and_min_confidence_filters(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Gunmen killed five villagers in Mopti, Mali, on Sunday, officials said. "
        "Since 2019, insurgents have repeatedly attacked army posts in the region.\n",
        encoding="utf-8",
    )
    base = ["extract", str(article), "--published", "2024-03-04", "--format", "jsonl"]
    explained = CliRunner().invoke(cli, [*base, "--explain"])
    assert explained.exit_code == 0, explained.output
    lines = [
        line
        for line in explained.stderr.splitlines()
        if line.startswith(("kept", "dropped"))
    ]
    assert lines, "--explain must list the candidates"
    assert all(
        "because:" in line for line in explained.stderr.splitlines()[1::2][: len(lines)]
    )
    every = CliRunner().invoke(cli, [*base, "--min-confidence", "0"])
    none = CliRunner().invoke(cli, [*base, "--min-confidence", "1"])
    assert len(every.stdout.splitlines()) == len(lines), "0 keeps every candidate"
    assert none.stdout.strip() == "", "1 keeps nothing"
