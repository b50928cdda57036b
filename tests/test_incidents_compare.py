"""Whether two reports are one incident: parties named differently by each outlet.

Reports written by hand (Somalia, Ethiopia, Kenya): a country named as the
target, words said at a venue abroad, and two families of one happening whose
roles differ. The rules come with the real resources, as ingest loads them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.incidents import IncidentRules, cluster_events, load_rules
from dateline.model import Actor, CharSpan, DocumentSource, Event, Place, TimeSpan
from dateline.resources import Resources
from dateline.settings import Settings


def _state(iso3: str, name: str, organ: str, sector: str) -> Actor:
    return Actor(
        name=name, text=name, actor_id=f"{iso3.lower()}-{organ}", country=iso3, sector=sector
    )  # fmt: skip


SOMALIA = _state("SOM", "Somalia", "gov", "government")
KENYA = _state("KEN", "Kenya", "gov", "government")
ETHIOPIA = _state("ETH", "Ethiopia", "gov", "government")
ETHIOPIAN_ARMY = _state("ETH", "Military Forces of Ethiopia", "mil", "military")
SOMALI_POLICE = _state("SOM", "Police Forces of Somalia", "pol", "police")
SHABAAB = Actor(name="Al-Shabaab", text="al-Shabaab", actor_id="al-shabaab", country="SOM", sector="insurgent")  # fmt: skip
GUNMEN = Actor(name="militants", text="gunmen", actor_id="generic-militants", sector="armed_group", generic=True)  # fmt: skip
RESIDENTS = Actor(name="civilians", text="residents", actor_id="generic-civilians", sector="civilian", generic=True)  # fmt: skip


def _town(name: str, country: str, lat: float, lon: float, geonameid: int) -> Place:
    return Place(
        name=name, text=name, country=country, lat=lat, lon=lon,
        geonameid=geonameid, kind="city", precision=1,
    )  # fmt: skip


BAIDOA = _town("Baidoa", "SOM", 3.1138, 43.6498, 64536)
BELEDWEYNE = _town("Beledweyne", "SOM", 4.7358, 45.2036, 57000)
MOGADISHU = _town("Mogadishu", "SOM", 2.0371, 45.3438, 53654)
ANKARA = _town("Ankara", "TUR", 39.9199, 32.8543, 323786)


def _event(
    event_id: str,
    sentence: str,
    *,
    event_type: str = "ASSAULT",
    actor: Actor | None = None,
    target: Actor | None = None,
    place: Place | None = BAIDOA,
    day: int = 12,
) -> Event:
    date = dt.date(2024, 3, day)
    return Event(
        event_id=event_id,
        doc_id="doc-" + event_id,
        language="en",
        event_type=event_type,
        mode=None,
        actor=actor,
        target=target,
        location=place,
        date=TimeSpan(start=date, end=date, text="Tuesday", precision="day"),
        fatalities=None,
        injured=None,
        attributed_to=None,
        certainty="stated",
        evidence=CharSpan(start=0, end=len(sentence), text=sentence),
        trigger=CharSpan(start=0, end=1, text=sentence[:1]),
    )


def _sources(*events: Event) -> dict[str, DocumentSource]:
    return {
        e.doc_id: DocumentSource(doc_id=e.doc_id, outlet=e.doc_id, published=dt.date(2024, 3, 13))
        for e in events
    }  # fmt: skip


@pytest.fixture(scope="module")
def rules(settings: Settings, resources: Resources) -> IncidentRules:
    return load_rules(settings, resources)


def test_a_strike_on_a_country_and_on_a_group_there_are_one_incident(rules):
    # A day apart, so that the rule for one named attacker's day in one town
    # (same day only) does not decide it.
    on_country = _event("e1", "Ethiopian drones struck Somalia on Wednesday.", actor=ETHIOPIAN_ARMY, target=SOMALIA, day=13)  # fmt: skip
    on_group = _event("e2", "Ethiopian drones hit al-Shabaab near Baidoa on Tuesday.", actor=ETHIOPIAN_ARMY, target=SHABAAB)  # fmt: skip
    (incident,) = cluster_events([on_country, on_group], _sources(on_country, on_group), rules)  # fmt: skip
    reasons = [r for report in incident.reports for r in report.reasons]
    assert any("the country named as target" in r for r in reasons), reasons
    # Another country named as the target is another party, not a place.
    on_kenya = _event("e3", "Ethiopian drones struck Kenya on Wednesday.", actor=ETHIOPIAN_ARMY, target=KENYA, day=13)  # fmt: skip
    apart = cluster_events([on_kenya, on_group], _sources(on_kenya, on_group), rules)
    assert len(apart) == 2, "a strike on Kenya joined a strike on al-Shabaab in Somalia"
    # Named as the one who acts, the state is a party like any other.
    by_state = _event("e4", "Somalia attacked al-Shabaab on Tuesday.", actor=SOMALIA, target=SHABAAB)  # fmt: skip
    by_group = _event("e5", "Al-Shabaab attacked a base on Tuesday.", actor=SHABAAB, target=ETHIOPIAN_ARMY)  # fmt: skip
    assert len(cluster_events([by_state, by_group], _sources(by_state, by_group), rules)) == 2  # fmt: skip


def test_talks_abroad_and_the_deal_reported_at_home_are_one_incident(rules):
    talks = _event("e1", "Somali and Ethiopian leaders held talks in Ankara.", event_type="CONSULT", actor=SOMALIA, target=ETHIOPIA, place=ANKARA)  # fmt: skip
    deal = _event("e2", "Somalia and Ethiopia agreed to end their dispute, Mogadishu said.", event_type="AGREE", actor=SOMALIA, target=ETHIOPIA, place=MOGADISHU)  # fmt: skip
    (incident,) = cluster_events([talks, deal], _sources(talks, deal), rules)
    reasons = [r for report in incident.reports for r in report.reasons]
    assert any("where it was said" in r for r in reasons), reasons
    # Other parties at the same venue that day: another deal.
    other = _event("e3", "Kenya and Ethiopia agreed on a border deal in Ankara.", event_type="AGREE", actor=KENYA, target=ETHIOPIA, place=ANKARA)  # fmt: skip
    apart = cluster_events([deal, other], _sources(deal, other), rules)
    assert len(apart) == 2, "two deals between different states were merged"
    # Deeds keep their places: attacks in two towns stay two incidents.
    here = _event("e4", "Gunmen attacked Baidoa.", actor=GUNMEN, target=RESIDENTS)
    there = _event("e5", "Gunmen attacked Beledweyne.", actor=GUNMEN, target=RESIDENTS, place=BELEDWEYNE)  # fmt: skip
    assert len(cluster_events([here, there], _sources(here, there), rules)) == 2


def test_a_raid_and_its_arrests_are_one_incident_whoever_each_names(rules):
    raid = _event("e1", "Somali police raided a militant hideout in Baidoa on Tuesday.", actor=SOMALI_POLICE, target=GUNMEN)  # fmt: skip
    arrests = _event("e2", "Police detained 30 residents in Baidoa on Tuesday.", event_type="COERCE", actor=SOMALI_POLICE, target=RESIDENTS)  # fmt: skip
    (incident,) = cluster_events([raid, arrests], _sources(raid, arrests), rules)
    reasons = [r for report in incident.reports for r in report.reasons]
    assert any("a party in common" in r for r in reasons), reasons
    # Two reports of one family with victims in conflict are not helped.
    shooting = _event("e3", "Somali police shot dead two residents in Baidoa.", actor=SOMALI_POLICE, target=RESIDENTS, day=14)  # fmt: skip
    clash = _event("e4", "Somali police fought militants in Baidoa.", actor=SOMALI_POLICE, target=GUNMEN, day=14)  # fmt: skip
    shooting_clash = cluster_events([shooting, clash], _sources(shooting, clash), rules)
    # One named attacker in one town on one day: the existing rule joins them,
    # with its own reason, not the one for two families.
    reasons = [r for i in shooting_clash for rep in i.reports for r in rep.reasons]
    assert not any("a party in common" in r for r in reasons), reasons
    # Arrests the next day in another town are another happening.
    later = _event("e5", "Police detained 30 residents in Beledweyne.", event_type="COERCE", actor=SOMALI_POLICE, target=RESIDENTS, place=BELEDWEYNE, day=13)  # fmt: skip
    assert len(cluster_events([raid, later], _sources(raid, later), rules)) == 2
