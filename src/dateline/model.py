"""The records that flow through every stage, and their one JSON serializer.

Field names are the JSON contract: the ``jsonl`` output, the PLOVER export, the
store and the API all use them unchanged. Records are plain frozen dataclasses;
untrusted JSON is validated into them at the edges with :func:`from_json_dict`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar, cast
from urllib.parse import urlsplit

from pydantic import TypeAdapter

Certainty = Literal["stated", "claimed", "reported", "speculative", "denied"]
CERTAINTIES: tuple[str, ...] = (
    "stated",
    "claimed",
    "reported",
    "speculative",
    "denied",
)

Qualifier = Literal["exact", "at_least", "at_most", "about", "vague"]

MentionKind = Literal["actor", "place", "time", "figure"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CharSpan:
    """A stretch of ``Document.text``: ``text == document.text[start:end]``."""

    start: int  # offset into Document.text, inclusive
    end: int  # exclusive
    text: str  # Document.text[start:end], kept for readers of the JSON


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One article: clean text plus what is known about where it came from."""

    id: str  # content hash of the clean text, unless the input gave its own id
    text: str
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # "caller", "metadata", "text" or None
    language: str | None = None
    path: str | None = None  # where it was read from, for error messages


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """A sentence of a document, by offsets into its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Mention:
    """A name, place, time or figure as written, with offsets into the text."""

    kind: MentionKind
    start: int
    end: int
    text: str
    label: str | None = None  # NER or dictionary label
    ref: str | None = None  # dictionary or gazetteer id when known
    # The dictionary form to look up when the text is inflected: "Брянской
    # области" -> "Брянская область". None: look up the text itself.
    name: str | None = None
    quoted: bool = False  # written inside quotation marks ("moderate opposition")


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who acted or was acted on, resolved against the actor dictionary."""

    name: str  # canonical name, or the text itself when unresolved
    text: str  # as written in the article
    actor_id: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None
    generic: bool = False  # "gunmen", "militants": a kind of actor, not a named one
    contested_label: bool = False  # written in scare quotes


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where an event happened, with the precision the text supports."""

    name: str
    text: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    place_id: str | None = None  # id of a hand-kept entry in data/places.csv
    kind: str | None = None  # city, country, admin1, airbase, region, ...
    # ACLED geo_precision: 1 the named town, 2 near it or part of a region,
    # 3 a province or larger area.
    precision: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeSpan:
    """When, as a closed range of days; ``start == end`` for a single day."""

    start: dt.date
    end: dt.date
    text: str
    # "publication": the text gives no time for the event, so it is dated by
    # its article's publication day (flag ``date_from_publication``).
    precision: Literal["day", "week", "month", "year", "range", "publication"] = "day"


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A number the text gives, with its qualifier and what it counts."""

    value: int
    qualifier: Qualifier
    unit: str  # killed, injured, airstrikes, drones, troops, ...
    text: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """Who the text credits for a statement, and how sure the text is."""

    source: str | None
    certainty: Certainty
    cue: str | None = None  # the word(s) that decided it: "claimed", "reportedly"
    negated: bool = False
    source_ref: str | None = None  # dictionary id of the credited source, when known


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One coded event: who did what to whom, where, when, how many, per whom."""

    event_id: str
    doc_id: str
    language: str
    event_type: str  # a PLOVER type
    mode: str | None
    actor: Actor | None
    target: Actor | None
    location: Place | None
    date: TimeSpan | None
    fatalities: int | None
    injured: int | None
    figures: tuple[Figure, ...] = ()
    attributed_to: str | None = None
    # The actor-dictionary id of the credited source when it is a known body
    # (a monitor, ministry, army, armed group, agency or outlet): one source
    # named in two languages has one id.
    attributed_to_id: str | None = None
    certainty: Certainty = "stated"
    negated: bool = False
    evidence: CharSpan
    trigger: CharSpan
    mentions: tuple[Mention, ...] = ()
    flags: tuple[str, ...] = field(default=())
    # The decision stage's probability that the event happened (0-1); None
    # when no decision model was applied.
    confidence: float | None = None


def make_id(*parts: object) -> str:
    """Return a short deterministic id from the given parts."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:16]


def content_id(text: str) -> str:
    """Return the id of a document: a hash of its clean text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]


def to_json_dict(record: object) -> dict[str, JsonValue]:
    """Turn a record into plain JSON types, keeping the field names."""
    value = _to_json(record)
    assert isinstance(value, dict)
    return value


# Exact types dispatched before the general checks below: a page of the web
# API serialises tens of thousands of values (its hot path).
_PLAIN_TYPES = frozenset({type(None), bool, int, float, str})
_RECORD_FIELDS: dict[type, tuple[str, ...]] = {}


def _to_json(value: object) -> JsonValue:
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value  # type: ignore[return-value]
    if kind is list or kind is tuple:
        return [_to_json(v) for v in value]  # type: ignore[attr-defined]
    names = _RECORD_FIELDS.get(kind)
    if names is not None:
        return {name: _to_json(getattr(value, name)) for name in names}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _RECORD_FIELDS[kind] = _field_names(type(value))
        return {name: _to_json(getattr(value, name)) for name in names}
    raise TypeError(f"cannot serialise {type(value).__name__}")


R = TypeVar("R")


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def from_json_dict(cls: type[R], data: object) -> R:
    """Validate JSON data into a record; raises pydantic.ValidationError."""
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return cast(R, adapter.validate_python(data))


def field_names(cls: type) -> tuple[str, ...]:
    """Return a record class's field names: its JSON keys, in order."""
    return _field_names(cls)


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleChunk:
    """The words filling a role (initiator or recipient), before resolution."""

    start: int
    end: int
    text: str
    head_lemma: str  # "police" in "Russia's military police"
    inner: tuple[Mention, ...] = ()  # dictionary and NER mentions inside the chunk
    quoted: bool = False  # a label inside scare quotes
    backed_by: str | None = None  # the demonym of "Turkish-backed"
    pronoun: bool = False  # "it", "they": resolved from the previous sentences
    singular: bool = False  # "a drone", "an ISIS commander": one of them


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleOption:
    """A mention of the candidate's sentence that could fill its actor or target."""

    chunk: RoleChunk
    # Its grammatical relation to the trigger where a parse gives one
    # ("nsubj", "pobj:by", "dobj"), else None.
    relation: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventCandidate:
    """An event as a finder sees it: trigger, type, roles and nearby mentions."""

    event_type: str
    mode: str | None
    trigger: CharSpan
    sentence: Sentence
    paragraph: int
    actor: RoleChunk | None
    target: RoleChunk | None
    places: tuple[Mention, ...] = ()  # locative mentions, best first
    times: tuple[Mention, ...] = ()
    negated: bool = False
    killing: bool = False  # its victims count as fatalities
    injuring: bool = False
    consequence: bool = False  # "as a result": continues the previous event
    place_anaphora: bool = False  # "to the region": the previous event's place
    irrealis: bool = False  # "bracing to fight", "will attack": not (yet) an event
    # Every mention of the sentence that could fill a role (learned roles).
    options: tuple[RoleOption, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AttributionScope:
    """A stretch of text credited to a source, with its certainty."""

    start: int
    end: int
    attribution: Attribution
    anaphoric: bool = False  # "the same report": take the previous source


@dataclass(frozen=True, slots=True, kw_only=True)
class Findings:
    """What a language backend's finders read in one document, for the resolvers."""

    candidates: tuple[EventCandidate, ...]
    scopes: tuple[AttributionScope, ...]
    figures: tuple[Figure, ...]
    places: tuple[Mention, ...]  # every place mention, for the article context
    # Countries the article's named actors belong to, weighted: where it is.
    actor_countries: Mapping[str, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSource:
    """What incidents need to know of a document: who published it, and when."""

    doc_id: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None

    @property
    def outlet_name(self) -> str | None:
        """The outlet, or the URL's host when the outlet is not given."""
        if self.outlet:
            return self.outlet
        if self.url:
            host = urlsplit(self.url).hostname
            return host.removeprefix("www.") if host else None
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One event of an incident, as a reader compares reports."""

    event_id: str
    doc_id: str
    event_type: str
    outlet: str | None
    attributed_to: str | None
    certainty: str
    fatalities: int | None
    injured: int | None
    evidence: CharSpan
    copy_of: str | None = None  # event id of the report this one reprints
    attributed_to_id: str | None = None  # dictionary id of the credited source
    reasons: tuple[str, ...] = ()  # why it was linked to the incident


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceCounts:
    """How many reports, documents, outlets and credited sources an incident has.

    Syndicated copies count once: ``outlets`` and ``credited`` are counted over
    reports that are not copies.
    """

    reports: int
    documents: int
    copies: int  # documents every report of which reprints another document's
    outlets: int  # distinct named outlets; documents of unknown outlet add none
    # Distinct sources the reports credit: by dictionary id (attributed_to_id)
    # where the source is a known body, else by its name (attributed_to).
    credited: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceFigures:
    """What one source says was the toll: one row per source and figure."""

    source: str  # attributed_to, else the outlet's own reporting
    fatalities: int | None
    injured: int | None
    event_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """One happening and every report of it, with each source's figures."""

    incident_id: str  # derived from its first event's id; never changes
    event_type: str  # the type most reports give
    family: str
    country: str | None
    place: Place | None  # the most precise place reported
    date: TimeSpan | None  # the most precise date reported
    participants: tuple[Actor, ...]
    sources: SourceCounts
    figures: tuple[SourceFigures, ...]
    reports: tuple[Report, ...]
