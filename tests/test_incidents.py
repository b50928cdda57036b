"""Incidents: reports of one happening merged across sources, figures kept apart."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner

from dateline.cli.incidents import incidents as incidents_command
from dateline.incidents import (
    Clusterer,
    IncidentRules,
    build_incident,
    cluster_events,
    figures_table,
    incident_id_for,
    load_rules,
    other_reports,
    score_clusters,
    update_incidents,
)
from dateline.model import (
    Actor,
    CharSpan,
    Document,
    DocumentSource,
    Event,
    Place,
    TimeSpan,
)
from dateline.read import read_inputs
from dateline.store import EventFilter, StoredDocument, open_store
from dateline.store.base import CODED

from .conftest import ROOT

ARTICLES = ROOT / "eval" / "incidents" / "articles.jsonl"

ARMY = Actor(
    name="Military Forces of Somalia",
    text="The Somali army",
    actor_id="som-mil",
    country="SOM",
    sector="military",
)
SHABAAB = Actor(
    name="Al-Shabaab",
    text="al-Shabaab",
    actor_id="al-shabaab",
    country="SOM",
    sector="insurgent",
)
GUNMEN = Actor(
    name="militants",
    text="gunmen",
    actor_id="generic-militants",
    sector="armed_group",
    generic=True,
)
CIVILIANS = Actor(
    name="civilians",
    text="villagers",
    actor_id="generic-civilians",
    sector="civilian",
    generic=True,
)


def _place(
    name: str, lat: float, lon: float, geonameid: int, precision: int = 1
) -> Place:
    return Place(
        name=name,
        text=name,
        country="SOM",
        lat=lat,
        lon=lon,
        geonameid=geonameid,
        kind="city",
        precision=precision,
    )


BAIDOA = _place("Baidoa", 3.1138, 43.6498, 64536)
OUTSIDE_BAIDOA = _place("Baidoa", 3.1138, 43.6498, 64536, precision=2)
BELEDWEYNE = _place("Beledweyne", 4.7358, 45.2036, 57000)
SOMALIA = Place(
    name="Somalia", text="Somalia", country="SOM", lat=2.04, lon=45.34, kind="country", precision=3
)  # fmt: skip


def _event(
    event_id: str,
    doc_id: str,
    sentence: str,
    *,
    day: int = 12,
    place: Place | None = BAIDOA,
    actor: Actor | None = None,
    target: Actor | None = None,
    fatalities: int | None = None,
    attributed_to: str | None = None,
    event_type: str = "ASSAULT",
    precision: Literal["day", "week"] = "day",
) -> Event:
    start = dt.date(2024, 3, day)
    end = start if precision == "day" else start + dt.timedelta(days=6)
    return Event(
        event_id=event_id,
        doc_id=doc_id,
        language="en",
        event_type=event_type,
        mode=None,
        actor=actor,
        target=target,
        location=place,
        date=TimeSpan(start=start, end=end, text="Tuesday", precision=precision),
        fatalities=fatalities,
        injured=None,
        attributed_to=attributed_to,
        certainty="claimed" if attributed_to else "stated",
        evidence=CharSpan(start=0, end=len(sentence), text=sentence),
        trigger=CharSpan(start=0, end=1, text=sentence[:1]),
    )


def _sources(*pairs: tuple[str, str]) -> dict[str, DocumentSource]:
    return {
        doc: DocumentSource(doc_id=doc, outlet=outlet, published=dt.date(2024, 3, 13))
        for doc, outlet in pairs
    }


@pytest.fixture(scope="module")
def rules() -> IncidentRules:
    return load_rules()


# --- clustering on records written by hand ---------------------------------


def test_each_side_reports_one_clash_with_its_own_toll(rules):
    army = _event(
        "e-army",
        "d1",
        "The army said it killed 12 militants who attacked its base near Baidoa on Tuesday.",
        place=OUTSIDE_BAIDOA,
        actor=ARMY,
        target=SHABAAB,
        fatalities=12,
        attributed_to="the army",
    )
    group = _event(
        "e-group",
        "d2",
        "Al-Shabaab said its fighters overran the base and killed 15 soldiers.",
        actor=SHABAAB,
        target=ARMY,
        fatalities=15,
        attributed_to="al-Shabaab",
    )
    sources = _sources(("d1", "Horn Observer"), ("d2", "Mogadishu Daily"))
    (incident,) = cluster_events([group, army], sources, rules)
    assert {r.event_id for r in incident.reports} == {"e-army", "e-group"}, (
        "two sides' accounts of one clash became two incidents"
    )
    table = figures_table(incident)
    assert "the army: 12 killed" in table and "al-Shabaab: 15 killed" in table, (
        f"a source's figure was lost or averaged: {table}"
    )
    assert incident.sources.credited == 2 and incident.sources.outlets == 2
    assert incident.place == BAIDOA, "the incident should take the most precise place"
    linked = next(r for r in incident.reports if r.reasons != ("first report",))
    assert any(r.startswith("place:") for r in linked.reasons), linked.reasons
    assert any("roles swapped" in r for r in linked.reasons), linked.reasons


def test_same_type_same_day_in_other_towns_stays_apart(rules):
    events = [
        _event("e1", "d1", "Gunmen killed three villagers in Baidoa.", actor=GUNMEN, target=CIVILIANS),
        _event("e2", "d2", "Gunmen killed a clan elder in Beledweyne.", place=BELEDWEYNE, actor=GUNMEN),
        _event("e3", "d3", "Gunmen shot three people dead in Baidoa.", actor=GUNMEN),
    ]  # fmt: skip
    found = {
        frozenset(r.event_id for r in i.reports)
        for i in cluster_events(events, {}, rules)
    }
    assert found == {frozenset({"e1", "e3"}), frozenset({"e2"})}, (
        "attacks 220 km apart on one day were merged, or one attack was split"
    )


def test_same_town_a_week_later_is_another_incident(rules):
    events = [
        _event("e1", "d1", "A bomb killed four people near Baidoa.", fatalities=4, target=CIVILIANS),
        _event("e2", "d2", "A bomb killed two people near Baidoa.", day=19, fatalities=2, target=CIVILIANS),
    ]  # fmt: skip
    assert len(cluster_events(events, {}, rules)) == 2


def test_one_attackers_day_in_one_town_is_one_incident_whoever_its_victims(rules):
    soldiers = _event(
        "e1",
        "d1",
        "Al-Shabaab attacked an army base in Baidoa.",
        actor=SHABAAB,
        target=ARMY,
    )
    villagers = _event(
        "e2",
        "d2",
        "Al-Shabaab fighters killed villagers in Baidoa.",
        actor=SHABAAB,
        target=CIVILIANS,
    )
    (incident,) = cluster_events([soldiers, villagers], {}, rules)
    linked = next(r for r in incident.reports if r.reasons != ("first report",))
    assert any("targets differ" in r for r in linked.reasons), linked.reasons
    later = _event(
        "e3",
        "d3",
        "Al-Shabaab fighters killed villagers in Baidoa.",
        day=13,
        actor=SHABAAB,
        target=CIVILIANS,
    )
    elsewhere = _event(
        "e4",
        "d4",
        "Al-Shabaab fighters killed villagers in Beledweyne.",
        place=BELEDWEYNE,
        actor=SHABAAB,
        target=CIVILIANS,
    )
    gunmen = _event(
        "e5", "d5", "Gunmen killed villagers in Baidoa.", actor=GUNMEN, target=CIVILIANS
    )
    for other in (later, elsewhere, gunmen):
        assert len(cluster_events([soldiers, other], {}, rules)) == 2, (
            "targets that conflict were overlooked on another day, in another "
            f"town or for an unnamed attacker: {other.evidence.text}"
        )


def test_a_vague_report_does_not_merge_two_incidents(rules):
    events = [
        _event("e1", "d1", "Al-Shabaab attacked Baidoa.", actor=SHABAAB),
        _event("e2", "d2", "Al-Shabaab attacked Beledweyne.", place=BELEDWEYNE, actor=SHABAAB),
        _event("e3", "d3", "Al-Shabaab attacked in Somalia.", place=SOMALIA, actor=SHABAAB),
    ]  # fmt: skip
    incidents = cluster_events(events, {}, rules)
    together = [i for i in incidents if {"e1", "e2"} <= {r.event_id for r in i.reports}]
    assert not together, "a country-wide report joined two towns' attacks into one"
    assert sum(len(i.reports) for i in incidents) == 3


def test_syndicated_copies_count_once_as_sources(rules):
    sentence = "The army said it killed 12 militants who attacked a base near Baidoa on Tuesday."
    original = _event("e1", "d1", sentence, actor=ARMY, target=SHABAAB, fatalities=12, attributed_to="the army")  # fmt: skip
    copy = _event("e2", "d2", sentence + " the wire service reported", actor=ARMY, target=SHABAAB, fatalities=12, attributed_to="the army")  # fmt: skip
    own = _event("e3", "d3", "Residents said eight wounded soldiers were taken to hospital.", actor=SHABAAB, target=ARMY)  # fmt: skip
    sources = _sources(
        ("d1", "Horn Observer"), ("d2", "Reprint Daily"), ("d3", "Bay Radio")
    )
    (incident,) = cluster_events([original, copy, own], sources, rules)
    by_id = {r.event_id: r for r in incident.reports}
    assert by_id["e2"].copy_of == "e1", "a reprint was counted as an independent report"
    assert incident.sources.documents == 3 and incident.sources.copies == 1
    assert incident.sources.outlets == 2, (
        "the reprinting outlet was counted as a source"
    )
    assert [f.fatalities for f in incident.figures] == [12], "a copy added a figure row"


def test_new_reports_join_without_changing_incident_ids(rules):
    first = _event("e1", "d1", "Gunmen attacked Baidoa.", actor=GUNMEN)
    elsewhere = _event("e2", "d2", "Gunmen attacked Beledweyne.", place=BELEDWEYNE, actor=GUNMEN)  # fmt: skip
    clusterer = Clusterer(rules)
    clusterer.add([first, elsewhere], {})
    before = {e: clusterer.incident_of(e) for e in ("e1", "e2")}
    assert before["e1"] == incident_id_for("e1")
    later = _event("e0", "d3", "Militants stormed Baidoa.", day=13, actor=GUNMEN)
    new = _event("e9", "d4", "Gunmen attacked Baidoa.", day=26, actor=GUNMEN)
    touched = clusterer.add([new, later, first], {})
    assert {e: clusterer.incident_of(e) for e in ("e1", "e2")} == before, (
        "an incident id changed when new reports arrived"
    )
    assert clusterer.incident_of("e0") == before["e1"], "a new report did not join"
    assert clusterer.incident_of("e9") == incident_id_for("e9")
    assert set(touched) == {before["e1"], incident_id_for("e9")}


def test_undated_report_is_dated_by_its_publication(rules):
    dated = _event("e1", "d1", "Gunmen attacked Baidoa on Tuesday.", actor=GUNMEN)
    undated = Event(
        **{**_fields(dated), "event_id": "e2", "doc_id": "d2", "date": None}
    )
    sources = _sources(("d2", "Bay Radio"))
    (incident,) = cluster_events([dated, undated], sources, rules)
    assert len(incident.reports) == 2
    # Published long after: not the same incident.
    late = {"d2": DocumentSource(doc_id="d2", published=dt.date(2024, 6, 1))}
    assert len(cluster_events([dated, undated], late, rules)) == 2


PROTESTERS = Actor(
    name="protesters",
    text="protesters",
    actor_id="generic-protesters",
    sector="protesters",
    generic=True,
)
POLICE = Actor(
    name="Police Forces of Somalia",
    text="Somali police",
    actor_id="som-pol",
    country="SOM",
    sector="police",
)


def test_a_protest_and_the_police_firing_on_it_are_one_incident(rules):
    protest = _event("e1", "d1", "Hundreds protested in Baidoa on Tuesday.", event_type="PROTEST", actor=PROTESTERS)  # fmt: skip
    tear_gas = _event("e2", "d2", "Police fired tear gas at protesters in Baidoa on Tuesday.", actor=POLICE, target=PROTESTERS)  # fmt: skip
    arrests = _event("e3", "d3", "Police arrested 20 protesters in Baidoa.", event_type="COERCE", actor=POLICE, target=PROTESTERS)  # fmt: skip
    (incident,) = cluster_events([protest, tear_gas, arrests], {}, rules)
    reasons = [r for report in incident.reports for r in report.reasons]
    assert any(r.startswith("one happening: ") for r in reasons), reasons
    # Elsewhere, or the next day: other happenings.
    away = _event("e4", "d4", "Police fired on protesters in Beledweyne.", place=BELEDWEYNE, actor=POLICE, target=PROTESTERS)  # fmt: skip
    next_day = _event("e5", "d5", "Police arrested 20 people in Baidoa.", day=13, event_type="COERCE", actor=POLICE)  # fmt: skip
    incidents = cluster_events([protest, away, next_day], {}, rules)
    assert len(incidents) == 3, (
        "a protest was merged with a crackdown in another town or on another day"
    )


def test_a_town_and_a_country_wide_report_of_one_day_share_a_party(rules):
    in_town = _event("e1", "d1", "Police fired tear gas at protesters in Baidoa on Tuesday.", actor=POLICE, target=PROTESTERS)  # fmt: skip
    country_wide = _event("e2", "d2", "Somali security forces beat people on Tuesday.", place=SOMALIA, actor=ARMY)  # fmt: skip
    detained = _event("e3", "d3", "Protesters were detained across Somalia on Tuesday.", place=SOMALIA, event_type="COERCE", target=PROTESTERS)  # fmt: skip
    sources = _sources(("d1", "Horn Observer"), ("d2", "Bay Radio"), ("d3", "Wire"))
    (incident,) = cluster_events([in_town, country_wide, detained], sources, rules)
    assert len(incident.reports) == 3, (
        "reports of one crackdown were split because one outlet named no town"
    )
    # With no party in common, a country-wide report proves nothing.
    unrelated = _event("e4", "d4", "Two people were killed in Somalia on Tuesday.", place=SOMALIA)  # fmt: skip
    incidents = cluster_events([in_town, unrelated], sources, rules)
    assert len(incidents) == 2, "a report sharing no party joined on day and country"
    # Sentences of one article that name no town: a protest, then arrests.
    arrests = _event("e5", "d1", "Police detained protesters on Tuesday.", place=SOMALIA, event_type="COERCE", actor=POLICE)  # fmt: skip
    march = _event("e6", "d1", "Protesters marched on Tuesday.", place=None, event_type="PROTEST", actor=PROTESTERS)  # fmt: skip
    assert len(cluster_events([arrests, march], sources, rules)) == 2, (
        "two families in one article were merged with no town to agree on"
    )


def test_a_weeks_fighting_and_a_clash_that_week_share_a_named_side(rules):
    clash = _event("e1", "d1", "Al-Shabaab attacked the army near Baidoa on Tuesday.", actor=SHABAAB, target=ARMY)  # fmt: skip
    week = _event("e2", "d2", "The army lost 12 soldiers to al-Shabaab this week.", day=10, precision="week", place=SOMALIA, actor=SHABAAB, target=ARMY)  # fmt: skip
    sources = _sources(("d1", "Horn Observer"), ("d2", "Bay Radio"))
    (incident,) = cluster_events([clash, week], sources, rules)
    assert len(incident.reports) == 2, "a week's report of one side's losses split off"
    # Only unnamed gunmen that week: too little to say it was that clash.
    vague = _event("e3", "d3", "Gunmen attacked in Somalia this week.", day=10, precision="week", place=SOMALIA, actor=GUNMEN)  # fmt: skip
    assert len(cluster_events([clash, vague], sources, rules)) == 2, (
        "a week-long country-wide report joined on an unnamed party alone"
    )


def test_the_day_of_an_attack_and_the_day_it_was_announced_are_one_incident(rules):
    attack = _event("e1", "d1", "Militants attacked Baidoa on Sunday.", day=10, actor=GUNMEN)  # fmt: skip
    announced = _event("e2", "d2", "Militants attacked Baidoa, officials said on Wednesday.", day=13, actor=GUNMEN)  # fmt: skip
    sources = _sources(("d1", "Horn Observer"), ("d2", "Bay Radio"))  # published 13th
    (incident,) = cluster_events([attack, announced], sources, rules)
    (linked,) = [r for r in incident.reports if r.reasons != ("first report",)]
    assert any("the day a report of it came out" in r for r in linked.reasons)
    # Published a week after its own date, the later report is no announcement.
    late = {"d2": DocumentSource(doc_id="d2", published=dt.date(2024, 3, 20))}
    assert len(cluster_events([attack, announced], late, rules)) == 2


def test_an_undated_report_joins_the_only_incident_at_its_town(rules):
    dated = _event("e1", "d1", "Al-Shabaab attacked the army in Baidoa.", actor=SHABAAB, target=ARMY)  # fmt: skip
    undated = Event(**{**_fields(dated), "event_id": "e2", "doc_id": "d2", "date": None})  # fmt: skip
    (incident,) = cluster_events([dated, undated], {}, rules)
    assert any("undated" in r for r in incident.reports[1].reasons)
    # Two incidents in that town: no date to choose by, so it stays alone.
    again = _event("e3", "d3", "Al-Shabaab attacked the army in Baidoa.", day=25, actor=SHABAAB, target=ARMY)  # fmt: skip
    incidents = cluster_events([dated, again, undated], {}, rules)
    alone = [i for i in incidents if [r.event_id for r in i.reports] == ["e2"]]
    assert alone, "an undated report joined one of two incidents at its town"


def test_a_report_placed_in_a_partys_country_still_meets_its_incident(rules):
    wagner = Actor(name="Wagner Group", text="Wagner", actor_id="wagner-group", country="RUS", sector="paramilitary")  # fmt: skip
    russia = Place(name="Russia", text="Russia", country="RUS", lat=61.5, lon=105.3, kind="country", precision=3)  # fmt: skip
    mali = Place(name="Kidal", text="Kidal", country="MLI", lat=18.44, lon=1.41, geonameid=2455290)  # fmt: skip
    rebels = Actor(name="Tuareg rebels", text="Tuareg rebels", actor_id="csp", country="MLI", sector="rebel")  # fmt: skip
    here = _event("e1", "d1", "Rebels ambushed Wagner near Kidal.", place=mali, actor=rebels, target=wagner)  # fmt: skip
    there = _event("e2", "d2", "Wagner lost fighters in an ambush, Russian bloggers said.", place=russia, actor=rebels, target=wagner)  # fmt: skip
    (incident,) = cluster_events([here, there], {}, rules)
    assert incident.country == "MLI", "the incident took the vague report's country"


def _fields(event: Event) -> dict[str, object]:
    return {name: getattr(event, name) for name in Event.__dataclass_fields__}


def test_clustering_100000_events_never_compares_all_pairs(rules):
    countries = [f"C{n:02d}" for n in range(40)]
    events: list[Event] = []
    expected: dict[str, int] = {}
    towns: dict[str, int] = {}
    for n in range(25_000):
        country = countries[n % len(countries)]
        town = towns[country] = towns.get(country, -1) + 1
        place = Place(
            name=f"town {country}-{town}",
            text="town",
            country=country,
            lat=-30.0 + (town % 60),
            lon=float(town // 60),
            geonameid=n + 1,
            precision=1 + n % 2,
        )
        day = dt.date(2024, 1, 1) + dt.timedelta(days=(n * 7) % 366)
        for k in range(4):
            when = day + dt.timedelta(days=k == 3)  # one report a day late
            sentence = f"Report {k} of incident {n}."
            events.append(
                Event(
                    event_id=f"e{n}-{k}",
                    doc_id=f"d{n}-{k}",
                    language="en",
                    event_type="ASSAULT" if n % 3 else "PROTEST",
                    mode=None,
                    actor=GUNMEN if n % 3 else None,
                    target=None,
                    location=place,
                    date=TimeSpan(start=when, end=when, text="Monday"),
                    fatalities=k or None,
                    injured=None,
                    evidence=CharSpan(start=0, end=len(sentence), text=sentence),
                    trigger=CharSpan(start=0, end=6, text="Report"),
                )
            )
        expected[f"e{n}-0"] = n
    clusterer = Clusterer(rules)
    clusterer.add(events, {})
    n_events = len(events)
    assert clusterer.comparisons <= 10 * n_events, (
        f"{clusterer.comparisons} comparisons for {n_events} events: blocking failed"
    )
    assert len(clusterer.incident_ids()) == 25_000
    for n in range(0, 25_000, 997):
        ids = {clusterer.incident_of(f"e{n}-{k}") for k in range(4)}
        assert len(ids) == 1, f"synthetic incident {n} was split"


def test_scores_count_a_split_incident_against_recall_only():
    gold = {("a", "ASSAULT"): "I1", ("b", "ASSAULT"): "I1", ("c", "ASSAULT"): "I2"}
    predicted = {("a", "ASSAULT"): "x", ("b", "ASSAULT"): None, ("c", "ASSAULT"): "y"}
    scores = score_clusters(gold, predicted)
    assert scores["pairwise_precision"] == 1.0 and scores["pairwise_recall"] == 0.0
    assert scores["bcubed_precision"] == 1.0
    assert scores["bcubed_recall"] == pytest.approx((0.5 + 0.5 + 1) / 3)


# --- the store and the command ---------------------------------------------


def _document(doc_id: str, outlet: str, day: int = 13) -> StoredDocument:
    return StoredDocument(
        document=Document(
            id=doc_id,
            text=f"Article {doc_id}.",
            outlet=outlet,
            published=dt.date(2024, 3, day),
        ),
        status=CODED,
    )


def test_incidents_round_trip_through_the_store(store_backend, rules):
    url = store_backend.url  # a SQLite file in tmp_path; PostgreSQL when CI sets it
    army = _event("e-army", "d1", "The army said it killed 12 militants near Baidoa.", actor=ARMY, target=SHABAAB, fatalities=12, attributed_to="the army")  # fmt: skip
    other = _event("e-far", "d1", "Gunmen attacked Beledweyne.", place=BELEDWEYNE, actor=GUNMEN)  # fmt: skip
    group = _event("e-group", "d2", "Al-Shabaab said it killed 15 soldiers in Baidoa.", actor=SHABAAB, target=ARMY, fatalities=15, attributed_to="al-Shabaab")  # fmt: skip
    store = open_store(url)
    run = store.add_run("{}")
    store.add_batch(run, [_document("d1", "Horn Observer")], [army, other])
    first = update_incidents(store, [army, other], rules)
    assert first.created == 2
    ids_before = store.incident_ids_of(["e-army", "e-far"])
    store.add_batch(run, [_document("d2", "Mogadishu Daily", 14)], [group])
    second = update_incidents(store, [group], rules)
    assert (second.created, second.joined) == (0, 1)
    again = update_incidents(store, [army, other, group], rules)
    assert again.saved == 0, "re-ingesting the same events rewrote incidents"
    store.close()

    store = open_store(url, read_only=True)
    assert store.incident_ids_of(["e-army", "e-far"]) == ids_before, (
        "incident ids changed when a new report was stored"
    )
    incident = store.incident(ids_before["e-army"])
    assert incident is not None
    assert [r.event_id for r in incident.reports] == ["e-army", "e-group"]
    assert incident.reports[1].outlet == "Mogadishu Daily"
    assert "al-Shabaab: 15 killed" in figures_table(incident)
    members = store.events_by_id([r.event_id for r in incident.reports])
    rebuilt = build_incident(
        incident.incident_id,
        [(e, r.reasons) for e, r in zip(members, incident.reports, strict=True)],
        store.document_sources(["d1", "d2"]),
        rules,
    )
    assert rebuilt == incident, "a stored incident did not come back equal"
    assert [r.event_id for r in other_reports(store, "e-army")] == ["e-group"]
    assert [i.incident_id for i in store.incidents(EventFilter(source="shabaab"))] == [
        ids_before["e-army"]
    ]
    assert len(store.incidents(EventFilter(since=dt.date(2024, 3, 13)))) == 0
    store.close()

    runner = CliRunner()
    result = runner.invoke(incidents_command, ["--db", url, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    baidoa = next(line for line in lines if line["incident_id"] == ids_before["e-army"])
    assert baidoa["sources"]["outlets"] == 2 and baidoa["sources"]["credited"] == 2
    assert {r["fatalities"] for r in baidoa["reports"]} == {12, 15}
    assert set(baidoa["reports"][0]) >= {
        "event_id", "doc_id", "outlet", "attributed_to", "certainty",
        "fatalities", "injured", "evidence",
    }  # fmt: skip
    result = runner.invoke(incidents_command, ["--db", url, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 and rows[0]["figures"]
    result = runner.invoke(incidents_command, ["--db", url, "--country", "XYZ"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2  # header only


def test_an_undated_report_in_a_later_batch_finds_its_stored_incident(
    store_backend, rules
):
    dated = _event("e1", "d1", "Al-Shabaab attacked the army in Baidoa.", actor=SHABAAB, target=ARMY)  # fmt: skip
    undated = Event(**{**_fields(dated), "event_id": "e2", "doc_id": "d2", "date": None})  # fmt: skip
    undated_doc = StoredDocument(
        document=Document(id="d2", text="Article d2.", outlet="Bay Radio"),
        status=CODED,
    )
    store = open_store(store_backend.url)
    run = store.add_run("{}")
    store.add_batch(run, [_document("d1", "Horn Observer")], [dated])
    update_incidents(store, [dated], rules)
    store.add_batch(run, [undated_doc], [undated])
    update = update_incidents(store, [undated], rules)
    assert (update.created, update.joined) == (0, 1), (
        "an undated report stored later missed the one incident at its town"
    )
    ids = store.incident_ids_of(["e1", "e2"])
    store.close()
    assert ids["e1"] == ids["e2"]


def test_incidents_command_on_a_missing_database_fails_clearly(tmp_path):
    result = CliRunner().invoke(incidents_command, ["--db", str(tmp_path / "no.db")])
    assert result.exit_code == 1
    assert "no such database" in result.output


def test_every_event_type_has_a_family(settings, resources):
    rules = load_rules(settings, resources)  # raises when a type has no family
    assert set(resources.ontology) <= set(rules.family_of)


# --- the real pipeline ------------------------------------------------------


@pytest.mark.slow
def test_two_articles_of_one_attack_become_one_incident(coder, furniture, rules):
    documents = [
        d
        for d in read_inputs([str(ARTICLES)], furniture)
        if isinstance(d, Document) and d.id in {"inc-01", "inc-02"}
    ]
    events = [e for r in coder.code_documents(documents) for e in r.events]
    sources = {
        d.id: DocumentSource(doc_id=d.id, outlet=d.outlet, published=d.published)
        for d in documents
    }
    incidents = cluster_events(events, sources, rules)
    both = [
        i for i in incidents if {r.doc_id for r in i.reports} == {"inc-01", "inc-02"}
    ]
    assert both, "the army's and al-Shabaab's reports of the Baidoa attack stayed apart"
    figures = {f.fatalities for f in both[0].figures}
    assert {12, 15} <= figures, f"a side's toll was lost: {figures_table(both[0])}"


def test_dev_set_is_well_formed():
    articles = [json.loads(line) for line in ARTICLES.read_text().splitlines()]
    gold_path = Path(ARTICLES).with_name("gold.jsonl")
    gold = [json.loads(line) for line in gold_path.read_text().splitlines()]
    ids = {a["id"] for a in articles}
    assert len(articles) >= 40 and len(ids) == len(articles)
    assert {g["doc"] for g in gold} <= ids, "a gold item names an unknown article"
    assert {a["id"] for a in articles} <= {g["doc"] for g in gold}, (
        "an article has no gold"
    )


@pytest.mark.slow
def test_one_source_named_in_french_and_english_is_credited_once(coder, rules):
    texts = {
        "ariha-en": (
            "en",
            "Wire",
            "An air strike killed five civilians at a market in Ariha in Idlib "
            "province on Monday, the Syrian Observatory for Human Rights said.",
        ),
        "ariha-fr": (
            "fr",
            "Journal",
            "Une frappe aérienne a touché un marché à Ariha, dans la province "
            "d'Idleb, lundi, tuant cinq civils, a indiqué l'Observatoire syrien "
            "des droits de l'homme.",
        ),
    }
    documents = [
        Document(
            id=doc_id,
            text=text,
            published=dt.date(2024, 3, 13),
            language=language,
            outlet=outlet,
        )
        for doc_id, (language, outlet, text) in texts.items()
    ]
    events = [e for r in coder.code_documents(documents) for e in r.events]
    assert {e.attributed_to_id for e in events} == {"sohr"}, [
        (e.language, e.attributed_to, e.attributed_to_id) for e in events
    ]
    sources = {
        d.id: DocumentSource(doc_id=d.id, outlet=d.outlet, published=d.published)
        for d in documents
    }
    (incident,) = cluster_events(events, sources, rules)
    assert incident.sources.outlets == 2
    assert incident.sources.credited == 1, "one monitor counted once per language"
    assert len(incident.figures) == 1, figures_table(incident)


@pytest.mark.slow
def test_the_malian_army_credited_in_french_and_english_counts_once(coder, furniture):
    # A real pair from the real-news dev half: one communiqué of the Malian
    # army on the Boni ambush, told by an Algerian site in French ("un
    # communiqué des Forces armées maliennes", "le communiqué militaire",
    # "selon le communiqué") and by a Romanian site in English ("the army
    # said"): one credited source, not three.
    dev = ROOT / "eval" / "news" / "dev"
    documents = [
        d
        for d in read_inputs(
            [str(dev / "fr.docs.jsonl"), str(dev / "en.docs.jsonl")], furniture
        )
        if isinstance(d, Document) and d.id in {"fr-es-001", "fr-es-032"}
    ]
    assert {d.language for d in documents} == {"fr", "en"}
    events = [e for r in coder.code_documents(documents) for e in r.events]
    sources = {
        d.id: DocumentSource(doc_id=d.id, outlet=d.outlet, published=d.published)
        for d in documents
    }
    both = [
        i
        for i in cluster_events(
            events, sources, load_rules(coder.settings, coder.resources)
        )
        if {r.doc_id for r in i.reports} == {"fr-es-001", "fr-es-032"}
    ]
    assert both, "the French and English reports of the Boni ambush stayed apart"
    (incident,) = both
    credited = {
        (r.doc_id, r.attributed_to, r.attributed_to_id)
        for r in incident.reports
        if r.attributed_to
    }
    assert {doc for doc, _, _ in credited} == {"fr-es-001", "fr-es-032"}, credited
    assert incident.sources.credited == 1, (
        f"the Malian army named in two languages counted as several: {credited}"
    )


# One sentence per language and kind of body (a monitor, a ministry, an
# agency), written for this test: the credited source resolves to the same
# dictionary id whatever the language, so an incident counts it once.
CREDITED_IN_EVERY_LANGUAGE = {
    "ar": (
        "قتل خمسة مدنيين في غارة جوية على سوق في أريحا يوم الاثنين، بحسب المرصد السوري لحقوق الإنسان.",
        "قتل خمسة مدنيين في غارة جوية على سوق في خان يونس يوم الاثنين، بحسب وزارة الصحة في غزة.",
        "قتل خمسة مدنيين في غارة جوية على سوق في كيدال يوم الاثنين، بحسب وكالة رويترز.",
    ),
    "de": (
        "Bei einem Luftangriff auf einen Markt in Ariha wurden am Montag fünf Zivilisten getötet, teilte die Syrische Beobachtungsstelle für Menschenrechte mit.",
        "Bei einem Luftangriff in Chan Junis wurden am Montag zwölf Menschen getötet, teilte das Gesundheitsministerium im Gazastreifen mit.",
        "Bei einem Angriff in Kidal wurden am Montag zwölf Soldaten getötet, berichtete die Nachrichtenagentur Reuters.",
    ),
    "en": (
        "An air strike killed five civilians at a market in Ariha on Monday, the Syrian Observatory for Human Rights said.",
        "An air strike killed twelve people in Khan Younis on Monday, the Gaza Health Ministry said.",
        "An attack killed twelve soldiers in Kidal on Monday, Reuters reported.",
    ),
    "es": (
        "Un ataque aéreo mató a cinco civiles en un mercado de Ariha el lunes, según el Observatorio Sirio de Derechos Humanos.",
        "Un ataque aéreo mató a doce personas en Jan Yunis el lunes, según el Ministerio de Salud de Gaza.",
        "Un ataque mató a doce soldados en Kidal el lunes, según la agencia Reuters.",
    ),
    "fa": (
        "به گزارش دیده‌بان حقوق بشر سوریه، در حمله هوایی به بازاری در ادلب پنج غیرنظامی کشته شدند.",
        "به گزارش وزارت بهداشت غزه، در حمله هوایی به بازاری در خان یونس پنج غیرنظامی کشته شدند.",
        "به گزارش خبرگزاری رویترز، در حمله هوایی به بازاری در ادلب پنج غیرنظامی کشته شدند.",
    ),
    "fr": (
        "Une frappe aérienne a tué cinq civils sur un marché d'Ariha lundi, selon l'Observatoire syrien des droits de l'homme.",
        "Une frappe aérienne a tué douze personnes à Khan Younès lundi, selon le ministère de la Santé de Gaza.",
        "Une attaque a tué douze soldats à Kidal lundi, selon l'agence Reuters.",
    ),
    "pt": (
        "Um ataque aéreo matou cinco civis num mercado em Ariha na segunda-feira, segundo o Observatório Sírio dos Direitos Humanos.",
        "Um ataque aéreo matou doze pessoas em Khan Younis na segunda-feira, segundo o Ministério da Saúde de Gaza.",
        "Um ataque matou doze soldados em Kidal na segunda-feira, segundo a agência Reuters.",
    ),
    "ru": (
        "Авиаудар по рынку в Арихе в понедельник убил пятерых мирных жителей, сообщила Сирийская обсерватория по правам человека.",
        "Авиаудар в Хан-Юнисе в понедельник убил двенадцать человек, сообщил Минздрав Газы.",
        "Нападение в Кидале в понедельник убило двенадцать солдат, сообщило агентство Рейтер.",
    ),
    "tr": (
        "Suriye İnsan Hakları Gözlemevi'ne göre pazartesi günü İdlib'de bir pazara düzenlenen hava saldırısında beş sivil öldü.",
        "Gazze’deki Sağlık Bakanlığı'na göre pazartesi günü Han Yunus'ta bir hava saldırısında on iki kişi öldü.",
        "Reuters'a göre pazartesi günü Kidal'de bir saldırıda on iki asker öldü.",
    ),
    "uk": (
        "Авіаудар по ринку в Арісі в понеділок убив п'ятьох цивільних, повідомила Сирійська обсерваторія з прав людини.",
        "Авіаудар по ринку в Хан-Юнісі в понеділок убив п'ятьох цивільних, за даними МОЗ Гази.",
        "Авіаудар по ринку в Кідалі в понеділок убив п'ятьох цивільних, за даними агентства Рейтер.",
    ),
}


@pytest.mark.slow
def test_monitors_ministries_and_agencies_resolve_in_every_language(coder):
    documents = [
        Document(
            id=f"{language}-{n}",
            text=text,
            language=language,
            published=dt.date(2024, 3, 13),
        )
        for language, texts in CREDITED_IN_EVERY_LANGUAGE.items()
        for n, text in enumerate(texts)
    ]
    expected = ("sohr", "gaza-health-ministry", "reuters")
    wrong = {}
    for result in coder.code_documents(documents):
        want = expected[int(result.document.id.rsplit("-", 1)[1])]
        found = {e.attributed_to_id for e in result.events}
        if found != {want}:
            wrong[result.document.id] = (
                want,
                [(e.attributed_to, e.attributed_to_id) for e in result.events],
            )
    assert not wrong, f"a known source was not resolved in its language: {wrong}"


def test_the_army_and_its_communique_count_as_the_named_army(settings, resources):
    rules = load_rules(settings, resources)
    mali_army = Actor(name="Military Forces of Mali", text="FAMa", actor_id="mli-mil", country="MLI", sector="military")  # fmt: skip
    named = _event("e1", "d1", "Deux soldats ont été tués, annonce un communiqué des FAMa.", actor=mali_army, attributed_to="un communiqué des FAMa")  # fmt: skip
    statement = _event("e2", "d1", "Neuf assaillants ont été tués, selon le communiqué.", actor=mali_army, attributed_to="le communiqué")  # fmt: skip
    generic = _event("e3", "d2", "Four Malian troops were killed, the army said.", actor=mali_army, attributed_to="the army")  # fmt: skip
    events = [
        Event(**{**_fields(named), "attributed_to_id": "mli-mil"}),
        statement,
        Event(**{**_fields(generic), "attributed_to_id": "generic-army"}),
    ]
    (incident,) = cluster_events(events, _sources(("d1", "DK News"), ("d2", "Wire")), rules)  # fmt: skip
    assert incident.sources.credited == 1, "one army counted once per wording"
    # A second named body of the same kind: "the army" could be either.
    police = Event(
        **{**_fields(generic), "event_id": "e4", "doc_id": "d3",
           "attributed_to": "Malian police", "attributed_to_id": "mli-pol",
           "evidence": CharSpan(start=0, end=20, text="Police counted four.")}
    )  # fmt: skip
    (both,) = cluster_events([*events, police], {}, rules)
    assert both.sources.credited == 3, "a generic army was given to the police"
