"""Language backends: each reads a language's documents into Findings.

A backend hides how a language is read: with a spaCy parser and the English
finders (events, attribution, figures, place mentions), or without a parser by
the multilingual finder. ``pipeline.BACKENDS`` names the backend of each coded
language; both hand the same records to the same resolvers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc

from dateline.attribution import find_attributions
from dateline.events import EventFinder, find_place_mentions
from dateline.figures import find_figures
from dateline.model import Document, Findings
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
        pairs = ((d.text, d) for d in documents)
        stream = self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size)
        for doc, document in stream:
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
