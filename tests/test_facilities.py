"""Bases, camps, checkpoints and crossings that data/places.csv lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import DataFileError
from dateline.model import Document
from dateline.resources import load_facilities

from .conftest import code_text


@pytest.mark.parametrize(
    ("text", "mention", "name", "kind", "country", "geonameid"),
    [
        (
            "Jihadists stormed the Djibo military base in northern Burkina Faso.",
            "Djibo military base",
            "Djibo military base",
            "base",
            "BFA",
            2361177,
        ),
        (
            "Israeli troops shot a Palestinian man at the Huwara checkpoint.",
            "Huwara checkpoint",
            "Huwara checkpoint",
            "checkpoint",
            "PSE",
            7870319,
        ),
        (
            "Trucks waited at the Bentiu crossing into South Sudan.",
            "Bentiu crossing",
            "Bentiu crossing",
            "crossing",
            "SSD",
            377472,
        ),
        (
            "Camp Balad in Iraq was hit by rockets on Tuesday.",
            "Camp Balad",
            "Camp Balad",
            "camp",
            "IRQ",
            98112,
        ),
    ],
)
def test_a_facility_by_pattern_is_placed_near_its_town(
    coder, text, mention, name, kind, country, geonameid
):
    resolved = coder.places_of(Document(id="t", text=text, language="en"))
    place = next(p for m, p in resolved if m.text == mention)
    assert place is not None
    assert (place.name, place.kind, place.country) == (name, kind, country)
    assert place.geonameid == geonameid  # the town's point
    assert place.precision == 2  # near the town, not the town itself


def test_the_hand_kept_entry_wins_over_the_pattern(coder):
    resolved = coder.places_of(
        Document(id="t", text="Aid trucks waited at the Rafah crossing.", language="en")
    )
    place = next(p for m, p in resolved if m.text == "Rafah crossing")
    assert place.place_id == "pse-rafah-border-crossing"


def test_a_demonym_before_base_is_not_a_place(coder):
    resolved = coder.places_of(
        Document(id="t", text="Gunmen attacked the Russian base.", language="en")
    )
    assert [m.text for m, _ in resolved if "base" in m.text] == []


def test_an_attack_on_a_base_is_placed_there(coder):
    events = code_text(
        coder,
        "Jihadists killed 12 soldiers in an attack at the Djibo military base on Friday.",
    )
    assert events
    location = events[0].location
    assert location is not None
    assert (location.name, location.kind, location.admin1) == (
        "Djibo military base",
        "base",
        "Sahel",
    )


def test_a_facility_pattern_needs_a_known_kind(tmp_path: Path):
    bad = tmp_path / "facilities.yaml"
    bad.write_text(
        "- id: fort\n  kind: fort\n  position: after\n  words: [fort]\n  source: x\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"facilities.yaml:1: unknown kind 'fort'"):
        load_facilities(bad)
