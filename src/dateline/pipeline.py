"""code_documents(): the one place that knows the stage order.

read -> language -> nlp -> finders (events, attribution, figures) -> resolvers
(actors, places, dates) -> Event records. Each document is coded inside one
boundary: a failure is reported with the document's id and reason, and the
batch goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from dateline.actors import ActorContext, resolve_actor, state_forces
from dateline.assemble import merge_retellings
from dateline.attribution import combine, find_attributions
from dateline.dates import (
    reference_date,
    resolve_date,
    without_datelines,
    year_from_text,
)
from dateline.decide import (
    MODEL_FILE,
    Decision,
    DecisionModel,
    decide,
    load_decision_model,
)
from dateline.errors import DatelineError
from dateline.events import EventFinder
from dateline.figures import find_figures
from dateline.gazetteer import Gazetteer
from dateline.language import detect_language
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
from dateline.multilingual import LANGUAGES as MULTILINGUAL
from dateline.multilingual import MultilingualFinder
from dateline.nlp import load_pipeline
from dateline.places import PlaceContext, article_context, resolve_place
from dateline.resources import Resources, load_resources
from dateline.settings import Settings

logger = logging.getLogger(__name__)

CODED_LANGUAGES = frozenset({"en"}) | MULTILINGUAL
# Types where a state acts through its armed forces (ACLED's practice).
_FORCE_TYPES = frozenset({"ASSAULT", "MOBILIZE", "RETREAT"})
# Sectors that fight: what they say about fighting is a party's claim.
_PARTY_SECTORS = frozenset(
    {
        "military",
        "police",
        "intelligence",
        "rebel",
        "insurgent",
        "militia",
        "paramilitary",
        "armed_group",
        "criminal",
    }
)


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome for one document: its events, or why it was not coded."""

    document: Document
    events: tuple[Event, ...] = ()
    note: str | None = None  # "language 'fr' is not coded yet"
    error: str | None = None  # the document failed; the batch went on
    # Every candidate event with the decision stage's verdict and reasons.
    decisions: tuple[Decision, ...] = ()


@dataclass(slots=True)
class _Story:
    """What earlier sentences of the same article established."""

    last_event: Event | None = None
    last_actor: Actor | None = None
    last_place: Place | None = None
    dates_by_paragraph: dict[int, TimeSpan] = field(default_factory=dict)
    last_source: str | None = None


class Coder:
    """Everything needed to code documents, built once per process."""

    def __init__(
        self, settings: Settings | None = None, resources: Resources | None = None
    ) -> None:
        self.settings = settings or Settings()
        self.resources = resources or load_resources(self.settings)
        self.gazetteer = Gazetteer.open(
            self.settings.cache_dir,
            self.resources.countries,
            self.resources.places,
            self.settings.min_city_population,
            admin1_names=self.resources.admin1_names,
            country_points=self.resources.country_points,
            facilities=self.resources.facilities,
        )
        self._pipelines: dict[str, Language] = {}
        self._finders: dict[str, EventFinder] = {}
        self._multilingual: MultilingualFinder | None = None
        self._decision_model: DecisionModel | None = None

    def pipeline(self, language: str) -> Language:
        """Return the loaded spaCy pipeline for a language (loaded once)."""
        if language not in self._pipelines:
            nlp = load_pipeline(language, self.settings, self.resources, self.gazetteer)
            self._pipelines[language] = nlp
            self._finders[language] = EventFinder(
                nlp.vocab,
                self.resources.triggers[language],
                self.resources.cues[language],
            )
        return self._pipelines[language]

    def code_documents(self, documents: Iterable[Document]) -> Iterator[Result]:
        """Code documents in batches with ``nlp.pipe``; one Result per document."""
        english: list[Document] = []
        for document in documents:
            try:
                language = detect_language(document, CODED_LANGUAGES)
            except (ValueError, RuntimeError) as exc:
                yield Result(document, error=f"language detection failed: {exc}")
                continue
            document = replace(document, language=language)
            if language not in CODED_LANGUAGES:
                yield Result(document, note=f"language {language!r} is not coded yet")
                continue
            if language != "en":
                yield self._guarded(
                    document, partial(self.multilingual_events_of, document)
                )
                continue
            english.append(document)
            if len(english) >= self.settings.batch_size:
                yield from self._code_batch(english)
                english = []
        if english:
            yield from self._code_batch(english)

    def _code_batch(self, documents: list[Document]) -> Iterator[Result]:
        nlp = self.pipeline("en")
        pairs = ((d.text, d) for d in documents)
        stream = nlp.pipe(pairs, as_tuples=True, batch_size=self.settings.batch_size)
        for doc, document in stream:
            yield self._guarded(document, partial(self.events_of, doc, document))

    def _guarded(self, document: Document, code: Callable[[], list[Event]]) -> Result:
        """Code one document inside the per-document boundary: report, count, go on."""
        try:
            events = code()
        except (
            DatelineError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            AttributeError,
        ) as exc:
            logger.warning(
                "skipped %s: %s: %s",
                document.path or document.id,
                type(exc).__name__,
                exc,
            )
            return Result(document, error=f"{type(exc).__name__}: {exc}")
        events = merge_retellings(events)
        model = self.decision_model
        if model is None:
            return Result(document, events=tuple(events))
        decisions = decide(events, document, model, self.settings.min_confidence)
        return Result(
            document,
            events=tuple(d.event for d in decisions if d.kept),
            decisions=tuple(decisions),
        )

    @property
    def decision_model(self) -> DecisionModel | None:
        """The decision stage's model (read once), or None when it is off."""
        if not self.settings.decide:
            return None
        if self._decision_model is None:
            self._decision_model = load_decision_model(
                self.settings.data_dir / MODEL_FILE
            )
        return self._decision_model

    def multilingual(self) -> MultilingualFinder:
        """Return the parser-free finder of the other coded languages (built once)."""
        if self._multilingual is None:
            self._multilingual = MultilingualFinder.create(
                self.settings, self.resources, self.gazetteer
            )
        return self._multilingual

    def multilingual_events_of(self, document: Document) -> list[Event]:
        """Code one document in a language read without a parser."""
        language = document.language or ""
        found = self.multilingual().find(document, language)
        place_context = article_context(
            found.places, self.gazetteer, found.actor_countries
        )
        return self._events_from(
            list(found.candidates),
            list(found.scopes),
            list(found.figures),
            document,
            language,
            place_context,
        )

    def places_of(self, document: Document) -> list[tuple[Mention, Place | None]]:
        """Resolve every place mention of a document (for the place evaluation)."""
        doc = self.pipeline("en")(document.text)
        mentions, context = self._place_context(doc)
        return [(m, resolve_place((m,), context, self.gazetteer)) for m in mentions]

    def _place_context(self, doc: Doc) -> tuple[list[Mention], PlaceContext]:
        # Country names are tagged as actors (governments); they still tell
        # which country the article is about.
        countries = (
            s for s in doc.spans.get("dateline_actors", []) if s.kb_id_.endswith("-gov")
        )
        seen = set()
        place_mentions = []
        for s in (
            *doc.spans.get("dateline_places", []),
            *(e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")),
            *countries,
        ):
            if (s.start_char, s.end_char) in seen:
                continue
            seen.add((s.start_char, s.end_char))
            before = doc[s.start - 1].lower_ if s.start > 0 else ""
            cues = self.resources.cues["en"]
            if before in cues.near_preps:
                label = "near"
            elif before in cues.locative_preps or s.label_ != "DL_ACTOR":
                label = "in"
            else:
                label = "actor"
            place_mentions.append(
                Mention(
                    kind="place",
                    start=s.start_char,
                    end=s.end_char,
                    text=s.text,
                    label=label,
                )
            )
        # Named actors tell where an article is; a government named by its
        # capital or country ("Kabul said") a little less.
        actor_countries: Counter[str] = Counter()
        for span in doc.spans.get("dateline_actors", []):
            entry = self.resources.actors.get(span.kb_id_)
            if entry is not None and entry.country:
                actor_countries[entry.country] += (
                    0.5 if entry.id.endswith("-gov") else 1
                )  # type: ignore[assignment]
        return place_mentions, article_context(
            place_mentions, self.gazetteer, actor_countries
        )

    def events_of(self, doc: Doc, document: Document) -> list[Event]:
        """Code one parsed document into events."""
        language = document.language or "en"
        finder = self._finders[language]
        cues = self.resources.cues[language]
        candidates = finder.find(doc)
        scopes = find_attributions(doc, cues)
        figures = find_figures(doc, cues)
        _, place_context = self._place_context(doc)
        return self._events_from(
            candidates, scopes, figures, document, language, place_context
        )

    def _events_from(
        self,
        candidates: list[EventCandidate],
        scopes: list[AttributionScope],
        figures: list[Figure],
        document: Document,
        language: str,
        place_context: PlaceContext,
    ) -> list[Event]:
        """Resolve a document's candidates into events, in text order."""
        actor_context = ActorContext(focus_country=place_context.focus_country)
        reference = reference_date(document.published, year_from_text(document.text))
        story = _Story()
        events = []
        for candidate in candidates:
            if candidate.irrealis:
                continue
            event = self._event(
                candidate,
                document,
                language,
                scopes,
                figures,
                place_context,
                actor_context,
                reference,
                story,
            )
            if event is None:
                continue
            events.append(event)
            story.last_event = event
            if event.actor is not None:
                story.last_actor = event.actor
            if event.location is not None:
                story.last_place = event.location
        return events

    def _event(
        self,
        candidate: EventCandidate,
        document: Document,
        language: str,
        scopes: list[AttributionScope],
        figures: list[Figure],
        place_context: PlaceContext,
        actor_context: ActorContext,
        reference: object,
        story: _Story,
    ) -> Event | None:
        resources = self.resources
        flags: list[str] = []
        actor = (
            resolve_actor(candidate.actor, actor_context, resources)
            if candidate.actor
            else None
        )
        target = (
            resolve_actor(candidate.target, actor_context, resources)
            if candidate.target
            else None
        )
        if actor is None and candidate.event_type == "PROTEST":
            # ACLED codes unnamed demonstrators as "Protesters (country)".
            generic = self.resources.actors.get("generic-protesters")
            if generic is not None:
                actor = replace(
                    generic.as_actor(
                        candidate.actor.text if candidate.actor else generic.name
                    ),
                    country=place_context.focus_country,
                    generic=True,
                )
        if (
            actor is None
            and candidate.actor is not None
            and candidate.actor.pronoun
            and story.last_actor is not None
        ):
            actor = replace(story.last_actor, text=candidate.actor.text)
            flags.append("actor_from_context")
        previous = story.last_event
        linked = candidate.consequence and actor is None and previous is not None
        if linked and previous is not None:
            actor = previous.actor
            flags.append(f"continues:{previous.event_id}")
        if actor is not None and candidate.event_type in _FORCE_TYPES:
            actor = state_forces(actor, resources)
        if (
            actor is not None
            and target is not None
            and actor.actor_id
            and actor.actor_id == target.actor_id
        ):
            target = None
        location = resolve_place(candidate.places, place_context, self.gazetteer)
        if linked and previous is not None and previous.location is not None:
            location = previous.location
            flags.append("place_from_context")
        elif (
            location is None
            and candidate.place_anaphora
            and story.last_place is not None
        ):
            location = story.last_place
            flags.append("place_from_context")
        if location is None and place_context.main_place is not None:
            # No place in the text around it: the place the article is about,
            # at ACLED's precision 2 (a part of the story's area).
            location = place_context.main_place
            flags.append("place_from_article")
        if location is None and place_context.focus_country:
            # No place in the text around it: the country the article is about,
            # at ACLED's coarsest precision.
            location = self._country_place(place_context.focus_country)
            flags.append("place_from_country_focus")
        date = resolve_date(
            without_datelines(candidate.times, document.published),
            reference,  # type: ignore[arg-type]
            language,
            anchored=document.published is not None,
        )
        if date is not None:
            story.dates_by_paragraph[candidate.paragraph] = date
        elif linked and previous is not None and previous.date is not None:
            date = previous.date
            flags.append("date_from_context")
        elif candidate.paragraph in story.dates_by_paragraph:
            date = story.dates_by_paragraph[candidate.paragraph]
            flags.append("date_from_context")
        elif document.published is not None:
            # No time in the text: the publication day keeps the event on the
            # timeline, marked as such (the codebook's gold has no date here).
            date = TimeSpan(
                start=document.published,
                end=document.published,
                text="",
                precision="publication",
            )
            flags.append("date_from_publication")
        attribution = combine(scopes, candidate.trigger.start, candidate.trigger.end)
        attribution = self._resolve_source(attribution, scopes, candidate, story)
        attribution = self._party_claim(attribution, actor, target)
        units = resources.cues[language].units if language in resources.cues else {}
        event_figures = _figures_of(candidate, figures, units)
        fatalities = _count(event_figures, "killed")
        injured = _count(event_figures, "injured")
        if (
            candidate.killing
            and fatalities is None
            and candidate.target is not None
            and candidate.target.singular
        ):
            fatalities = 1
        if (
            candidate.injuring
            and injured is None
            and candidate.target is not None
            and candidate.target.singular
        ):
            injured = 1
        if (actor and actor.contested_label) or (target and target.contested_label):
            flags.append("contested_label")
        if (
            actor is None
            and target is None
            and candidate.event_type not in ("PROTEST",)
        ):
            # Nothing says who: a bare noun ("the attack") repeats an event already
            # coded, or is not about a specific event at all.
            return None
        mentions = _mentions(candidate, event_figures)
        event_id = make_id(
            document.id,
            candidate.trigger.start,
            candidate.trigger.end,
            attribution.source,
        )
        return Event(
            event_id=event_id,
            doc_id=document.id,
            language=language,
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
            mentions=mentions,
            flags=tuple(flags),
        )

    def _party_claim(
        self, attribution: Attribution, actor: Actor | None, target: Actor | None
    ) -> Attribution:
        """A party to the fighting saying what happened is claiming it.

        "The army said it killed 20 militants": stated by the army, but the
        army is a side, so the certainty is ``claimed``.
        """
        if attribution.certainty != "stated" or attribution.source_ref is None:
            return attribution
        speaker = self.resources.actors.get(attribution.source_ref)
        if speaker is None:
            return attribution
        sides = {a.actor_id for a in (actor, target) if a is not None}
        side_countries = {
            a.country for a in (actor, target) if a is not None and a.country
        }
        armed = speaker.sector in _PARTY_SECTORS
        own_state = speaker.sector == "government" and speaker.country in side_countries
        if speaker.id in sides or armed or own_state:
            return replace(attribution, certainty="claimed")
        return attribution

    def _country_place(self, iso3: str) -> Place | None:
        country = self.resources.countries.get(iso3)
        if country is None:
            return None
        mention = Mention(kind="place", start=0, end=0, text=country.name, label="in")
        return resolve_place(
            (mention,), PlaceContext(focus_country=iso3), self.gazetteer
        )

    @staticmethod
    def _resolve_source(
        attribution: Attribution,
        scopes: list[AttributionScope],
        candidate: EventCandidate,
        story: _Story,
    ) -> Attribution:
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
                return replace(
                    attribution, source=prior.source, certainty=prior.certainty
                )
            return replace(attribution, source=None)
        return attribution


def _figures_of(
    candidate: EventCandidate, figures: list[Figure], units: dict[str, str]
) -> list[Figure]:
    """Figures that belong to the event: in its roles, its trigger phrase or its clause."""
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


def _count(figures: list[Figure], unit: str) -> int | None:
    values = [f.value for f in figures if f.unit == unit and f.qualifier != "vague"]
    return max(values) if values else None


def _mentions(candidate: EventCandidate, figures: list[Figure]) -> tuple[Mention, ...]:
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


def extract(
    documents: Iterable[Document], settings: Settings | None = None
) -> Iterator[Result]:
    """Code documents with a new Coder: the library's one-call entry point."""
    coder = Coder(settings)
    yield from coder.code_documents(documents)
