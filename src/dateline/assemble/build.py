"""Resolved event candidates -> events (assembler).

Reads event candidates with the parts the resolvers gave them (actor, target,
place, date, attribution) and what the article as a whole says; returns
events. Named pure functions fill what an event's own text leaves open, in
this order: the acting side (protesters by default, a pronoun's antecedent,
the event a consequence continues, a state's forces for force types), the
place (the continued event's, "the region", the article's main place, its
country), the date (the continued event's, the paragraph's, the publication
day), the credited source ("the same report"), a party's claim, the default
count of a singular victim; an event nobody is said to do is dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dateline.assemble.parties import (
    default_protesters,
    drop_self_target,
    party_claim,
    speaker_as_killer,
    state_as_protester,
    state_forces,
    teller_as_doer,
    unnamed_state_organ,
)
from dateline.model import (
    Actor,
    Attribution,
    AttributionScope,
    CharSpan,
    Document,
    Event,
    EventCandidate,
    Figure,
    Mention,
    Place,
    TimeSpan,
    make_id,
)
from dateline.resources import Resources

# Types where a state acts through its armed forces (ACLED's practice).
_FORCE_TYPES = frozenset({"ASSAULT", "MOBILIZE", "RETREAT"})
# Types coded even when nobody is named: demonstrators are "Protesters (country)".
_ACTORLESS_TYPES = frozenset({"PROTEST"})
# Aid is told by where it arrives ("aid trucks entered Gaza"): a named place
# stands for its recipients.
_PLACED_TYPES = frozenset({"AID"})
# How far before publication the lede's day may be for the sentences after it
# to inherit it: news reports what happened in the last days.
_STORY_DAYS = 7
# Background older than this before publication is no event: the codebook
# (ANNOTATION.md, "Which events are coded") codes background only when it is
# less than a year old, and no dev gold event is dated even 200 days back.
_BACKGROUND_DAYS = 365


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolved:
    """One event candidate with its parts as the resolvers read them."""

    candidate: EventCandidate
    actor: Actor | None
    target: Actor | None
    location: Place | None
    date: TimeSpan | None
    attribution: Attribution


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """What the whole article says: where an event's own text is silent, this."""

    document: Document
    language: str
    focus_country: str | None = None
    main_place: Place | None = None  # the place below country level it is about
    country_place: Place | None = None  # the country its place words name most
    scopes: tuple[AttributionScope, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(slots=True)
class Story:
    """What earlier events of the same article established, in text order."""

    last_event: Event | None = None
    last_actor: Actor | None = None
    last_place: Place | None = None
    dates_by_paragraph: dict[int, TimeSpan] = field(default_factory=dict)
    # The first day the article gives an event, when it is in the days just
    # before publication: the day of the happening the article reports.
    story_date: TimeSpan | None = None

    def remember(self, event: Event) -> None:
        """Take note of an event just coded, for the ones after it."""
        self.last_event = event
        if event.actor is not None:
            self.last_actor = event.actor
        if event.location is not None:
            self.last_place = event.location


def realis(candidates: Iterable[EventCandidate]) -> list[EventCandidate]:
    """The candidates that tell something that happened ("will attack" does not)."""
    return [c for c in candidates if not c.irrealis]


def assemble_events(
    resolved: Iterable[Resolved], article: Article, resources: Resources
) -> list[Event]:
    """Turn an article's resolved candidates into events, in text order.

    Reads resolved candidates; sets every Event field. Each event may inherit
    from the ones before it in the same article.
    """
    items = [item for item in resolved if not item.candidate.irrealis]
    # The headline and the events told before the first dated one belong to
    # the same happening as the lede: they take its day, not the publication's.
    story = Story(story_date=story_day(items, article.document.published))
    events = []
    for item in items:
        if item.date is not None:
            story.dates_by_paragraph[item.candidate.paragraph] = item.date
        event = assemble_event(item, article, story, resources)
        if event is None:
            continue
        events.append(event)
        story.remember(event)
    return events


def story_day(items: Iterable[Resolved], published: dt.date | None) -> TimeSpan | None:
    """The first day the article gives an event, when just before publication."""
    for item in items:
        if item.date is not None and _recent_day(item.date, published):
            return item.date
    return None


def _recent_day(date: TimeSpan, published: dt.date | None) -> bool:
    """True for a single day in the week before publication (or on it)."""
    if published is None or date.start != date.end:
        return False
    return 0 <= (published - date.start).days <= _STORY_DAYS


def assemble_event(
    item: Resolved, article: Article, story: Story, resources: Resources
) -> Event | None:
    """One event from a resolved candidate and the story so far; None to drop it."""
    candidate = item.candidate
    actor, actor_flags, previous = inherit_actor(
        candidate, item.actor, story, article.focus_country, resources
    )
    target = drop_self_target(actor, item.target)
    profile = resources.profiles.get(article.language)
    location, place_flags = inherit_place(
        item.location,
        candidate,
        previous,
        story,
        article,
        nationwide=told_nationwide(
            candidate.sentence.text,
            item.location,
            profile.nationwide if profile is not None else (),
        ),
    )
    date, date_flags = inherit_date(
        item.date, candidate, previous, story, article.document.published
    )
    if background(date, article.document.published):
        return None
    attribution = credited_source(item.attribution, article.scopes, candidate)
    attribution = party_claim(attribution, actor, target, resources)
    if actor is None:
        actor = speaker_as_killer(
            candidate, target, attribution, article.focus_country, resources
        )
    units = profile.units if profile is not None else {}
    event_figures = figures_of(candidate, article.figures, units)
    fatalities, injured = default_counts(candidate, event_figures)
    flags = [*actor_flags, *place_flags, *date_flags]
    if (actor and actor.contested_label) or (target and target.contested_label):
        flags.append("contested_label")
    if unsupported(candidate, actor, target):
        return None
    document = article.document
    return Event(
        event_id=make_id(
            document.id,
            candidate.trigger.start,
            candidate.trigger.end,
            attribution.source,
        ),
        doc_id=document.id,
        language=article.language,
        event_type=candidate.event_type,
        mode=candidate.mode,
        actor=actor,
        target=target,
        location=location,
        date=date,
        fatalities=fatalities,
        injured=injured,
        figures=tuple(event_figures),
        attributed_to=attribution.source,
        attributed_to_id=attribution.source_ref if attribution.source else None,
        certainty=attribution.certainty,
        negated=candidate.negated,
        evidence=CharSpan(
            start=candidate.sentence.start,
            end=candidate.sentence.end,
            text=candidate.sentence.text,
        ),
        trigger=candidate.trigger,
        mentions=mentions_of(candidate, event_figures),
        flags=tuple(flags),
    )


def inherit_actor(
    candidate: EventCandidate,
    actor: Actor | None,
    story: Story,
    focus_country: str | None,
    resources: Resources,
) -> tuple[Actor | None, tuple[str, ...], Event | None]:
    """Who acted when the text does not name them; with flags and the continued event.

    In turn: unnamed demonstrators are protesters of the focus country; a
    pronoun is the previous event's actor; a consequence ("as a result")
    continues the previous event, actor and all; a state acting by force acts
    through its armed forces. The third value is the event continued, if any.
    """
    flags: list[str] = []
    if actor is not None and teller_as_doer(actor, candidate.event_type, resources):
        actor = None
    if actor is not None and state_as_protester(actor, candidate.event_type):
        actor = None
    if actor is None and candidate.event_type == "PROTEST":
        actor = default_protesters(candidate, focus_country, resources)
    if actor is None and not (candidate.actor and candidate.actor.pronoun):
        actor = unnamed_state_organ(candidate, focus_country, resources)
        if actor is not None:
            flags.append("actor_by_default")
    if (
        actor is None
        and candidate.actor is not None
        and candidate.actor.pronoun
        and story.last_actor is not None
    ):
        actor = replace(story.last_actor, text=candidate.actor.text)
        flags.append("actor_from_context")
    previous = story.last_event if candidate.consequence and actor is None else None
    if previous is not None:
        actor = previous.actor
        flags.append(f"continues:{previous.event_id}")
    if actor is not None and candidate.event_type in _FORCE_TYPES:
        actor = state_forces(actor, resources)
    return actor, tuple(flags), previous


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
        or (location.kind == "country" and location.country == main.country)
    ):
        # No place in the text around it, or only the country the article's
        # place is in ("police in Kenya" in a story from Nairobi): the place
        # the article is about, at ACLED's precision 2 (a part of its area).
        location = main
        flags.append("place_from_article")
    if location is None and article.focus_country:
        # No place in the text around it: the country the article is about,
        # at ACLED's coarsest precision.
        location = article.country_place
        flags.append("place_from_country_focus")
    return location, tuple(flags)


def inherit_date(
    date: TimeSpan | None,
    candidate: EventCandidate,
    previous: Event | None,
    story: Story,
    published: dt.date | None,
) -> tuple[TimeSpan | None, tuple[str, ...]]:
    """When it happened when the text does not say; with the flags."""
    if date is not None:
        return date, ()
    if previous is not None and previous.date is not None:
        return previous.date, ("date_from_context",)
    if candidate.paragraph in story.dates_by_paragraph:
        return story.dates_by_paragraph[candidate.paragraph], ("date_from_context",)
    if story.story_date is not None:
        # "On Tuesday, militants attacked the base ... Five soldiers were
        # killed": the sentences after the lede go on telling its day.
        return story.story_date, ("date_from_story",)
    if published is not None:
        # No time in the text: the publication day keeps the event on the
        # timeline, marked as such (the codebook's gold has no date here).
        span = TimeSpan(
            start=published, end=published, text="", precision="publication"
        )
        return span, ("date_from_publication",)
    return None, ()


def background(date: TimeSpan | None, published: dt.date | None) -> bool:
    """True when the event ended over a year before publication: context only.

    "The NPA rebels have been fighting the government since 1969", "restarted
    the talks when he came to power in 2016": passing history, not news.
    """
    if date is None or published is None or date.precision == "publication":
        return False
    return (published - date.end).days > _BACKGROUND_DAYS


def credited_source(
    attribution: Attribution,
    scopes: Sequence[AttributionScope],
    candidate: EventCandidate,
) -> Attribution:
    """Resolve "the same report" to the source credited before it (or to none)."""
    source = attribution.source
    anaphoric = any(
        s.anaphoric and s.attribution.source == source
        for s in scopes
        if s.start <= candidate.trigger.start
    )
    if source and anaphoric:
        earlier = [
            s
            for s in scopes
            if s.end <= candidate.sentence.start
            and s.attribution.source
            and not s.anaphoric
        ]
        if earlier:
            prior = earlier[-1].attribution
            return replace(attribution, source=prior.source, certainty=prior.certainty)
        return replace(attribution, source=None)
    return attribution


def figures_of(
    candidate: EventCandidate, figures: Sequence[Figure], units: Mapping[str, str]
) -> list[Figure]:
    """Figures that belong to the event: in its roles, its trigger phrase or its clause.

    A singular victim of a known unit ("a soldier was killed") counts one.
    """
    out = []
    sentence = candidate.sentence
    spans = [c for c in (candidate.target, candidate.actor) if c is not None]
    for figure in figures:
        if not (sentence.start <= figure.start and figure.end <= sentence.end):
            continue
        in_target = (
            candidate.target is not None
            and candidate.target.start <= figure.start < candidate.target.end
        )
        touches_trigger = figure.start <= candidate.trigger.start < figure.end + 1 or (
            figure.start <= candidate.trigger.end <= figure.end
        )
        in_role = any(c.start <= figure.start < c.end for c in spans)
        if in_target and (candidate.killing or candidate.injuring):
            unit = "killed" if candidate.killing else "injured"
            out.append(replace(figure, unit=unit))
        elif touches_trigger or in_role or figure.unit in ("killed", "injured"):
            out.append(figure)
    target = candidate.target
    if (
        not out
        and target is not None
        and target.singular
        and target.head_lemma in units
    ):
        out.append(
            Figure(
                value=1,
                qualifier="exact",
                unit=units[target.head_lemma],
                text=target.text,
                start=target.start,
                end=target.end,
            )
        )
    return out


def default_counts(
    candidate: EventCandidate, figures: Sequence[Figure]
) -> tuple[int | None, int | None]:
    """Fatalities and injured: the figures', or one for a singular victim."""
    fatalities = _count(figures, "killed")
    injured = _count(figures, "injured")
    singular = candidate.target is not None and candidate.target.singular
    if candidate.killing and fatalities is None and singular:
        fatalities = 1
    if candidate.injuring and injured is None and singular:
        injured = 1
    return fatalities, injured


def _count(figures: Sequence[Figure], unit: str) -> int | None:
    values = [f.value for f in figures if f.unit == unit and f.qualifier != "vague"]
    return max(values) if values else None


def unsupported(
    candidate: EventCandidate, actor: Actor | None, target: Actor | None
) -> bool:
    """True when nothing says who: the event is dropped.

    A bare noun ("the attack") repeats an event already coded, or is not about
    a specific event at all.
    """
    return (
        actor is None
        and target is None
        and candidate.event_type not in _ACTORLESS_TYPES
        and not (candidate.event_type in _PLACED_TYPES and candidate.places)
    )


def mentions_of(
    candidate: EventCandidate, figures: Sequence[Figure]
) -> tuple[Mention, ...]:
    """Every span the event was read from, in text order."""
    out: list[Mention] = []
    for chunk, label in ((candidate.actor, "actor"), (candidate.target, "target")):
        if chunk is not None:
            out.append(
                Mention(
                    kind="actor",
                    start=chunk.start,
                    end=chunk.end,
                    text=chunk.text,
                    label=label,
                    quoted=chunk.quoted,
                )
            )
    out.extend(candidate.places)
    out.extend(candidate.times)
    out.extend(
        Mention(kind="figure", start=f.start, end=f.end, text=f.text, label=f.unit)
        for f in figures
    )
    return tuple(sorted(out, key=lambda m: (m.start, m.end)))
