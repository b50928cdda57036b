"""code_documents(): the one place that knows the stage order.

read -> language -> the language's backend (finders: events, attribution,
figures, place mentions) -> resolvers (actors, places, dates) -> assemble ->
decide. Each document is coded inside one boundary: a failure is reported
with the document's id and reason, and the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property, partial

from spacy.language import Language

from dateline.actors import ActorContext, resolve_actor
from dateline.assemble import (
    Article,
    Resolved,
    assemble_events,
    merge_retellings,
    realis,
)
from dateline.attribution import combine
from dateline.backends import (
    Backend,
    FindingsOf,
    LexiconBackend,
    ParsedBackend,
    ParsedLexiconBackend,
)
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
from dateline.events import find_place_mentions
from dateline.gazetteer import Gazetteer
from dateline.language import detect_language
from dateline.model import Document, Event, EventCandidate, Findings, Mention, Place
from dateline.multilingual import LANGUAGES as MULTILINGUAL
from dateline.multilingual import MultilingualFinder
from dateline.nlp import load_parser, load_pipeline
from dateline.places import (
    PlaceContext,
    article_context,
    country_place,
    resolve_place,
)
from dateline.resources import Resources, load_resources
from dateline.rolemodel import MODEL_FILE as ROLES_FILE
from dateline.rolemodel import RoleModel, choose_roles, load_role_model
from dateline.settings import Settings

logger = logging.getLogger(__name__)

# What coding one document may raise: that document is reported and skipped.
_SKIP_ON = (DatelineError, ValueError, KeyError, IndexError, TypeError, AttributeError)


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome for one document: its events, or why it was not coded."""

    document: Document
    events: tuple[Event, ...] = ()
    note: str | None = None  # "language 'fr' is not coded yet"
    error: str | None = None  # the document failed; the batch went on
    # Every candidate event with the decision stage's verdict and reasons.
    decisions: tuple[Decision, ...] = ()


# The backend that codes each language; a language not here is not coded yet.
BACKENDS: dict[str, Callable[[Coder, str], Backend]] = {
    "en": ParsedBackend,
    **dict.fromkeys(sorted(MULTILINGUAL), LexiconBackend),
}
CODED_LANGUAGES = frozenset(BACKENDS)
# Languages whose roles can be re-read from a UD parse, when Settings.parse_roles
# names them (French by default: see the README's section on languages).
PARSED_BACKENDS: dict[str, Callable[[Coder, str], Backend]] = {
    "fr": ParsedLexiconBackend,
}


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
        self._backends: dict[str, Backend] = {}
        self._multilingual: MultilingualFinder | None = None
        self._decision_model: DecisionModel | None = None
        self._role_model: RoleModel | None = None

    def pipeline(self, language: str) -> Language:
        """Return the loaded spaCy pipeline for a language (loaded once)."""
        if language not in self._pipelines:
            self._pipelines[language] = load_pipeline(
                language, self.settings, self.resources, self.gazetteer
            )
        return self._pipelines[language]

    def parser(self, language: str) -> Language:
        """Return a language's spaCy parser alone (loaded once)."""
        key = f"{language}:parser"
        if key not in self._pipelines:
            self._pipelines[key] = load_parser(language, self.settings)
        return self._pipelines[key]

    def multilingual(self) -> MultilingualFinder:
        """Return the parser-free finder of the other coded languages (built once)."""
        if self._multilingual is None:
            self._multilingual = MultilingualFinder.create(
                self.settings, self.resources, self.gazetteer
            )
        return self._multilingual

    def backend(self, language: str) -> Backend:
        """The backend that codes a language, built once (KeyError if none)."""
        if language not in self._backends:
            factory = BACKENDS[language]
            if language in self.settings.parse_roles:
                factory = PARSED_BACKENDS.get(language, factory)
            self._backends[language] = factory(self, language)
        return self._backends[language]

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

    @property
    def role_model(self) -> RoleModel | None:
        """The learned roles stage's model (read once), or None when it is off."""
        if not self.settings.learned_roles:
            return None
        if self._role_model is None:
            self._role_model = load_role_model(self.settings.data_dir / ROLES_FILE)
        return self._role_model

    @cached_property
    def actor_kinds(self) -> dict[str, str]:
        """What kind of actor each dictionary id names (its organ, else its sector)."""
        return {
            actor_id: entry.organ or entry.sector
            for actor_id, entry in self.resources.actors.items()
        }

    def found(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, FindingsOf]]:
        """Each coded document (language set) with a call returning its findings.

        Documents of a language not coded, or whose language cannot be told,
        are left out (``code_documents`` reports them).
        """
        waiting: dict[str, list[Document]] = {}
        for document in _with_language(documents):
            if isinstance(document, Document):
                waiting.setdefault(document.language or "", []).append(document)
        for language, batch in waiting.items():
            yield from self.backend(language).findings(batch)

    def code_found(
        self,
        document: Document,
        findings: FindingsOf,
        role_model: RoleModel | None,
    ) -> Result:
        """Code one document from its findings with the given roles model (or none).

        Lets training code the same findings under several models.
        """
        return self._guarded(
            document, partial(self._events, document, findings, role_model)
        )

    def code_documents(self, documents: Iterable[Document]) -> Iterator[Result]:
        """Code documents, gathered per language into its backend's batches."""
        waiting: dict[str, list[Document]] = {}
        for document in _with_language(documents):
            if isinstance(document, Result):
                yield document
                continue
            language = document.language or ""
            batch = waiting.setdefault(language, [])
            batch.append(document)
            if len(batch) >= self.backend(language).batch_size:
                yield from self._code_batch(language, batch)
                waiting[language] = []
        for language, batch in waiting.items():
            if batch:
                yield from self._code_batch(language, batch)

    def _code_batch(self, language: str, documents: list[Document]) -> Iterator[Result]:
        for document, findings in self.backend(language).findings(documents):
            yield self.code_found(document, findings, self.role_model)

    def _guarded(self, document: Document, code: Callable[[], list[Event]]) -> Result:
        """Code one document inside the per-document boundary: report, count, go on."""
        try:
            events = code()
        except _SKIP_ON as exc:
            error = f"{type(exc).__name__}: {exc}"
            logger.warning("skipped %s: %s", document.path or document.id, error)
            return Result(document, error=error)
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

    def _events(
        self,
        document: Document,
        findings_of: FindingsOf,
        role_model: RoleModel | None,
    ) -> list[Event]:
        """Find, resolve and assemble one document's events, in text order."""
        findings = findings_of()
        language = document.language or ""
        candidates = realis(findings.candidates)
        if role_model is not None:
            candidates = [
                choose_roles(c, c.options, role_model, language, self.actor_kinds)
                for c in candidates
            ]
        context = article_context(
            findings.places, self.gazetteer, findings.actor_countries
        )
        article = Article(
            document=document,
            language=language,
            focus_country=context.focus_country,
            main_place=context.main_place,
            country_place=country_place(
                context.place_country, self.resources.countries, self.gazetteer
            ),
            scopes=findings.scopes,
            figures=findings.figures,
        )
        resolve = partial(
            self._resolve,
            findings=findings,
            context=context,
            reference=reference_date(document.published, year_from_text(document.text)),
            published=document.published,
            language=language,
        )
        return assemble_events(map(resolve, candidates), article, self.resources)

    def _resolve(
        self,
        candidate: EventCandidate,
        findings: Findings,
        context: PlaceContext,
        reference: dt.date | None,
        published: dt.date | None,
        language: str,
    ) -> Resolved:
        """The resolvers' reading of a candidate's actor, target, place and date."""
        actors = ActorContext(focus_country=context.focus_country)
        profile = self.resources.profiles[language]
        actor, target = (
            resolve_actor(chunk, actors, self.resources, profile) if chunk else None
            for chunk in (candidate.actor, candidate.target)
        )
        return Resolved(
            candidate=candidate,
            actor=actor,
            target=target,
            location=resolve_place(candidate.places, context, self.gazetteer),
            date=resolve_date(
                without_datelines(candidate.times, published),
                reference,
                language,
                anchored=published is not None,
                relative_days=profile.relative_days,
            ),
            attribution=combine(
                list(findings.scopes), candidate.trigger.start, candidate.trigger.end
            ),
        )

    def places_of(self, document: Document) -> list[tuple[Mention, Place | None]]:
        """Resolve every place mention of a document (for the place evaluation)."""
        doc = self.pipeline("en")(document.text)
        mentions, countries = find_place_mentions(
            doc, self.resources.profiles["en"], self.resources
        )
        context = article_context(mentions, self.gazetteer, countries)
        return [(m, resolve_place((m,), context, self.gazetteer)) for m in mentions]


def _with_language(documents: Iterable[Document]) -> Iterator[Document | Result]:
    """Each document with its language set, or the result saying it is not coded."""
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
        yield document


def extract(
    documents: Iterable[Document], settings: Settings | None = None
) -> Iterator[Result]:
    """Code documents with a new Coder: the library's one-call entry point."""
    coder = Coder(settings)
    yield from coder.code_documents(documents)
