"""An article's events -> one event per happening (assembler).

Reads the events of one article in text order; returns them with the
retellings merged. Real pages tell one happening several times: the headline,
the lede, a caption and a paragraph further down. Two events are one happening
when nothing they say disagrees: the same type, the same or a missing or
generic party on each side, the same or a missing or inherited place, the same
or a missing day, and no two sources with different figures (each credited
source's figures stay an event of their own). The merged event keeps the most
informative telling's sentence as its evidence, fills what that telling leaves
open from the others, and keeps every telling's spans in its mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from dateline.model import Actor, Event, Place

# A count written in digits in a role's text ("133 kişi", "1,200 prisoners").
_COUNT = re.compile(r"\d[\d,.\u00a0\u202f]*")
# Flags that say a place was not written for the event itself.
_INHERITED_PLACE = (
    "place_from_context",
    "place_from_article",
    "place_from_country_focus",
)


def merge_retellings(events: Sequence[Event]) -> list[Event]:
    """Merge the events of one article that tell the same happening."""
    groups: list[list[Event]] = []
    for event in events:
        for group in groups:
            if all(_same_happening(event, other) for other in group):
                group.append(event)
                break
        else:
            groups.append([event])
    return [_merged(group) for group in groups]


def _same_happening(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type or a.negated != b.negated:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    return (
        _same_party(a.actor, b.actor)
        and _same_party(a.target, b.target)
        and not _sides_swapped(a, b)
        and _same_place(a, b)
        and _same_day(a, b)
        and _same_figures(a, b)
        and _same_count(a.target, b.target)
    )


def _same_count(a: Actor | None, b: Actor | None) -> bool:
    """False when both targets are counted and the counts differ.

    "133 kişi yakalanırken" and "125 şüpheli daha gözaltına alındı" are two
    round-ups, as two death tolls are two events.
    """
    if a is None or b is None:
        return True
    x, y = _COUNT.search(a.text), _COUNT.search(b.text)
    if x is None or y is None:
        return True
    return _digits(x.group()) == _digits(y.group())


def _digits(number: str) -> int:
    """The number's value, whatever its digits ("۱۵" is 15)."""
    return int("".join(c for c in number if c.isdigit()))


def _same_party(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None or a.generic or b.generic:
        return True
    return _party_key(a) == _party_key(b)


def _sides_swapped(a: Event, b: Event) -> bool:
    """A party that acts in one and is acted on in the other: two events."""
    for x, y in ((a.actor, b.target), (a.target, b.actor)):
        if (
            x
            and y
            and not x.generic
            and not y.generic
            and _party_key(x) == _party_key(y)
        ):
            return True
    return False


def _party_key(actor: Actor) -> str:
    return actor.actor_id or actor.name.casefold()


def _own_place(event: Event) -> Place | None:
    if event.location is None or any(f in event.flags for f in _INHERITED_PLACE):
        return None
    return event.location


def _same_place(a: Event, b: Event) -> bool:
    p, q = _own_place(a), _own_place(b)
    if p is None or q is None:
        return True
    if p.kind == "country" or q.kind == "country":
        return p.country == q.country
    return p.name == q.name


def _same_day(a: Event, b: Event) -> bool:
    s, t = a.date, b.date
    if s is None or t is None or "publication" in (s.precision, t.precision):
        return True
    if "date_from_story" in a.flags or "date_from_story" in b.flags:
        return True  # a day inherited from the lede says nothing of its own
    return s.start <= t.end and t.start <= s.end


def _same_figures(a: Event, b: Event) -> bool:
    """False when each telling's figures must stay its own.

    That is when they give different figures, or credit different sources and
    one of them gives a figure.
    """
    if a.attributed_to != b.attributed_to and (_has_figure(a) or _has_figure(b)):
        return False
    for name in ("fatalities", "injured"):
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and x != y:
            return False
    return True


def _has_figure(event: Event) -> bool:
    return event.fatalities is not None or event.injured is not None


def _informative(event: Event) -> int:
    return sum(
        (
            event.actor is not None and not event.actor.generic,
            event.target is not None,
            _own_place(event) is not None,
            event.date is not None and event.date.precision != "publication",
            event.fatalities is not None,
            event.injured is not None,
            event.attributed_to is not None,
            event.mode is not None,
        )
    )


def _merged(group: list[Event]) -> Event:
    if len(group) == 1:
        return group[0]
    # The most informative telling leads; the earliest wins a tie.
    lead = max(group, key=_informative)
    others = [e for e in group if e is not lead]
    fields: dict[str, Any] = {}
    # Figures and the credited source belong to one telling: never mixed.
    for name in ("actor", "target", "mode"):
        if getattr(lead, name) is None:
            fields[name] = next(
                (getattr(e, name) for e in others if getattr(e, name) is not None), None
            )
    if lead.actor is not None and lead.actor.generic:
        named = next((e.actor for e in others if e.actor and not e.actor.generic), None)
        if named is not None:
            fields["actor"] = named
    if _own_place(lead) is None:
        own = next((e for e in others if _own_place(e) is not None), None)
        if own is not None:
            fields["location"] = own.location
    if lead.date is None or lead.date.precision == "publication":
        dated = next(
            (e for e in others if e.date and e.date.precision != "publication"), None
        )
        if dated is not None:
            fields["date"] = dated.date
    mentions = list(lead.mentions)
    seen = {(m.kind, m.start, m.end) for m in mentions}
    for e in others:
        for m in e.mentions:
            if (m.kind, m.start, m.end) not in seen:
                seen.add((m.kind, m.start, m.end))
                mentions.append(m)
    flags = (*lead.flags, *(f"retold:{e.event_id}" for e in others))
    return replace(lead, **fields, mentions=tuple(mentions), flags=flags)
