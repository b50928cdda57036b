"""Where an event happened when its own words do not say all (assembler).

Pure functions over the records: a nationwide event is placed in its country,
an event with no place of its own takes the previous event's place or the
article's, and a country named only inside a role gives way to the article's
town.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from dateline.model import Event, EventCandidate, Place

if TYPE_CHECKING:
    from dateline.assemble.build import Article, Story


def told_nationwide(
    sentence: str, location: Place | None, phrases: Iterable[str]
) -> bool:
    """True when the sentence spreads its event over a whole country.

    "a nationwide curfew", "clashes across Bangladesh", "dans tout le pays":
    one of the language's ``nationwide`` phrases, where "{country}" is the
    event's own country place as the text writes it. Only an event with no
    place of its own, or a country, can be nationwide; "clashes in Dhaka and
    across the country" keeps its town.
    """
    if location is not None and location.kind != "country":
        return False
    text = sentence.casefold()
    for phrase in phrases:
        if "{country}" in phrase:
            if location is None:
                continue
            phrase = phrase.replace("{country}", location.text)
        if phrase.casefold() in text:
            return True
    return False


def inherit_place(
    location: Place | None,
    candidate: EventCandidate,
    previous: Event | None,
    story: Story,
    article: Article,
    *,
    nationwide: bool = False,
) -> tuple[Place | None, tuple[str, ...]]:
    """Where it happened when the text around it does not say; with the flags.

    An event told of a whole country (``nationwide``) is placed in the
    country it names, else the article's country, at precision 3: never in
    the article's town nor in the previous event's place.
    """
    if nationwide:
        country = location if location is not None else article.country_place
        if country is not None:
            return country, ("place_nationwide",)
    flags: list[str] = []
    if previous is not None and previous.location is not None:
        location = previous.location
        flags.append("place_from_context")
    elif location is None and candidate.place_anaphora and story.last_place is not None:
        location = story.last_place
        flags.append("place_from_context")
    main = article.main_place
    if main is not None and (
        location is None
        or (
            location.kind == "country"
            and location.country == main.country
            and _country_of_a_role(location, candidate)
        )
    ):
        # No place in the text around it, or only the country of a role
        # ("police in Kenya" in a story from Nairobi): the place the article
        # is about, at ACLED's precision 2 (a part of its area). A country
        # named as the event's own place ("clashes in Mali", "an attack on
        # Ukraine") stays: the codebook's most specific place named for it.
        location = main
        flags.append("place_from_article")
    if location is None and article.focus_country:
        # No place in the text around it: the country the article is about,
        # at ACLED's coarsest precision.
        location = article.country_place
        flags.append("place_from_country_focus")
    return location, tuple(flags)


def _country_of_a_role(location: Place, candidate: EventCandidate) -> bool:
    """True when the country is written inside the actor's or target's words."""
    spans = [
        m
        for m in candidate.places
        if m.text == location.text or m.name == location.name
    ]
    roles = [r for r in (candidate.actor, candidate.target) if r is not None]
    if not spans:
        return True
    return all(any(r.start <= m.start < r.end for r in roles) for m in spans)
