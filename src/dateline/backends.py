"""Language backends: each reads a language's documents into Findings.

A backend hides how a language is read: with a spaCy parser and the English
finders (events, attribution, figures, place mentions), or without a parser by
the multilingual finder. ``pipeline.BACKENDS`` names the backend of each coded
language; both hand the same records to the same resolvers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from dateline.attribution import find_attributions
from dateline.events import EventFinder, find_place_mentions
from dateline.events.roles import RoleFillers, RoleMatcher
from dateline.events.ud import Filler, parsed_roles
from dateline.figures import find_figures
from dateline.model import Document, EventCandidate, Findings, RoleChunk
from dateline.multilingual import MultilingualFinder
from dateline.resources import Resources
from dateline.settings import Settings

# What one document's findings are read by, once the backend may run it.
FindingsOf = Callable[[], Findings]


class Coder(Protocol):
    """What a backend takes from the pipeline's Coder: data and shared models."""

    settings: Settings
    resources: Resources

    def pipeline(self, language: str) -> Language:
        """The loaded spaCy pipeline of a language."""
        ...

    def multilingual(self) -> MultilingualFinder:
        """The parser-free finder, shared by its languages."""
        ...

    def parser(self, language: str) -> Language:
        """The language's spaCy parser alone, without our dictionary components."""
        ...


class Backend(Protocol):
    """Reads documents of its languages into findings."""

    batch_size: int  # documents gathered before the backend runs them

    def findings(
        self, documents: list[Document]
    ) -> Iterator[tuple[Document, FindingsOf]]:
        """Each document with a call that returns its findings."""
        ...


class ParsedBackend:
    """A language with a spaCy parser: ``nlp.pipe`` in batches, then the finders."""

    def __init__(self, coder: Coder, language: str) -> None:
        resources = coder.resources
        self.nlp = coder.pipeline(language)
        self.resources = resources
        self.cues = resources.profiles[language]
        self.finder = EventFinder(
            self.nlp.vocab,
            resources.triggers[language],
            self.cues,
            resources.ontology,
            resources.role_patterns.get(language, ()),
            frozenset(
                actor_id
                for actor_id in resources.actors
                if resources.is_organ(actor_id, "government")
            ),
        )
        self.batch_size = coder.settings.batch_size

    def findings(
        self, documents: list[Document]
    ) -> Iterator[tuple[Document, FindingsOf]]:
        """Parse the batch with ``nlp.pipe``; find in each parsed document."""
        for doc, document in _parsed(self.nlp, documents, self.batch_size):
            yield document, partial(self._find, doc)

    def _find(self, doc: Doc) -> Findings:
        places, actor_countries = find_place_mentions(doc, self.cues, self.resources)
        return Findings(
            candidates=tuple(self.finder.find(doc)),
            scopes=tuple(find_attributions(doc, self.cues)),
            figures=tuple(find_figures(doc, self.cues)),
            places=tuple(places),
            actor_countries=actor_countries,
        )


def _parsed(
    nlp: Language, documents: list[Document], batch_size: int
) -> Iterator[tuple[Doc, Document]]:
    """Each document with its parse, parsed in batches by ``nlp.pipe``."""
    pairs = ((d.text, d) for d in documents)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)


class LexiconBackend:
    """The languages read without a parser, one document at a time."""

    batch_size = 1

    def __init__(self, coder: Coder, language: str) -> None:
        self.coder = coder  # its finder is built on first use, inside the boundary
        self.language = language

    def findings(
        self, documents: list[Document]
    ) -> Iterator[tuple[Document, FindingsOf]]:
        """Each document with a call to the parser-free finder."""
        for document in documents:
            yield document, partial(self._find, document)

    def _find(self, document: Document) -> Findings:
        found = self.coder.multilingual().find(document, self.language)
        return Findings(
            candidates=found.candidates,
            scopes=found.scopes,
            figures=found.figures,
            places=found.places,
            actor_countries=Counter(found.actor_countries),
        )


class ParsedLexiconBackend:
    """A language with a UD parser: the parser-free finder, its roles from the parse.

    The parser-free finder reads triggers, sources, figures and places as it
    does without a parser; then each candidate's initiator and recipient are
    re-read from the parse through ``data/roles/<lang>.yaml``: an agent or
    active subject acts, a passive subject or object is acted on, a pronoun
    subject is the doer told before (the pipeline carries it), and whoever
    reports the event is its source, never one of its sides.
    """

    def __init__(self, coder: Coder, language: str) -> None:
        self.coder = coder
        self.language = language
        self.nlp = coder.parser(language)
        self.matcher = RoleMatcher(
            self.nlp.vocab, coder.resources.role_patterns.get(language, ())
        )
        self.batch_size = coder.settings.batch_size

    def findings(
        self, documents: list[Document]
    ) -> Iterator[tuple[Document, FindingsOf]]:
        """Parse the batch with ``nlp.pipe``; find in each document and its parse."""
        for doc, document in _parsed(self.nlp, documents, self.batch_size):
            yield document, partial(self._find, document, doc)

    def _find(self, document: Document, doc: Doc) -> Findings:
        found = self.coder.multilingual().find(document, self.language)
        fillers = self.matcher.fillers(doc)
        return Findings(
            candidates=tuple(
                self._reread(candidate, doc, fillers) for candidate in found.candidates
            ),
            scopes=found.scopes,
            figures=found.figures,
            places=found.places,
            actor_countries=Counter(found.actor_countries),
        )

    def _reread(
        self, candidate: EventCandidate, doc: Doc, fillers: RoleFillers
    ) -> EventCandidate:
        """A candidate with the initiator and recipient the parse gives it."""
        trigger = candidate.trigger
        if (trigger.start, trigger.end) == (
            candidate.sentence.start,
            candidate.sentence.end,
        ):
            return candidate  # typed by the classifier: no word to parse around
        found = parsed_roles(doc, fillers, trigger.start, trigger.end)
        if found is None:
            return candidate
        actor, target = candidate.actor, candidate.target
        for reporter in found.reporters:
            # "indique le communiqué de l'armée": the army reports, it is no side.
            if actor is not None and _within(actor, reporter):
                actor = None
            if target is not None and _within(target, reporter):
                target = None
        sentence = (candidate.sentence.start, candidate.sentence.end)
        new_actor = self._chunk(doc, sentence, found.actor, target=False)
        new_target = self._chunk(doc, sentence, found.target, target=True)
        # A role the words already gave, inside the parse's filler, stays.
        if new_actor is not None and actor is not None and _within(actor, found.actor):
            new_actor = actor
        if (
            new_target is not None
            and target is not None
            and _within(target, found.target)
        ):
            new_target = target
        if new_actor is not None:
            actor = new_actor
            if target is not None and _overlap(target, new_actor):
                target = None
        if new_target is not None:
            target = new_target
            if actor is not None and _overlap(actor, new_target):
                actor = None
        return replace(candidate, actor=actor, target=target)

    def _chunk(
        self, doc: Doc, sentence: tuple[int, int], filler: Filler | None, target: bool
    ) -> RoleChunk | None:
        """The actor named in a filler's words; a pronoun as a pronoun chunk."""
        if filler is None:
            return None
        text = doc.text[filler.start : filler.end]
        if filler.pronoun:
            if target:
                return None
            if filler.antecedent is not None and filler.antecedent_sentence:
                named = self.coder.multilingual().actor_in(
                    doc.text,
                    filler.antecedent_sentence,
                    filler.antecedent,
                    self.language,
                    target=False,
                )
                if named is not None:
                    # "Il a demandé": the minister of the sentence before.
                    return replace(
                        named,
                        start=filler.start,
                        end=filler.end,
                        text=text,
                        pronoun=True,
                    )
            return RoleChunk(
                start=filler.start,
                end=filler.end,
                text=text,
                head_lemma=text.lower(),
                pronoun=True,
            )
        return self.coder.multilingual().actor_in(
            doc.text,
            sentence,
            (filler.start, filler.end),
            self.language,
            target=target,
        )


def _overlap(chunk: RoleChunk, other: RoleChunk) -> bool:
    return chunk.start < other.end and other.start < chunk.end


def _within(chunk: RoleChunk, filler: Filler | None) -> bool:
    return (
        filler is not None and filler.start <= chunk.start and chunk.end <= filler.end
    )
