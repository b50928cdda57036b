"""Document -> event candidates, attribution scopes and figures, without a parser.

Reads a document's text in one of :data:`LANGUAGES`; returns the project's
records with character offsets (EventCandidate, AttributionScope, Figure and
place Mentions), which the pipeline hands to the same resolvers as English.
Stages per sentence: regex sentences and words, simplemma lemmas, trigger,
actor and cue tries (``lexicon.py``), gazetteer look-up of names
(``placenames.py``), sources (``sources.py``), figures and times
(``numbers.py``), roles by word order, and the sentence classifier
(``classifier.py``) for the mode a trigger leaves open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from dateline.gazetteer import Gazetteer
from dateline.model import (
    AttributionScope,
    CharSpan,
    Document,
    EventCandidate,
    Figure,
    Mention,
    RoleChunk,
    RoleOption,
)
from dateline.multilingual.classifier import TypeClassifier
from dateline.multilingual.lexicon import (
    CueKind,
    Lexicon,
    TriggerHit,
    build_lexicon,
)
from dateline.multilingual.merge import merge_same_type
from dateline.multilingual.names import find_names
from dateline.multilingual.numbers import find_figures, find_times
from dateline.multilingual.placenames import LOCATED, PlaceSpan, find_places
from dateline.multilingual.roles import (
    Role,
    adjective_doer,
    assign_roles,
    carry_armed_group,
    carry_doer,
    demonym_next_to,
    demonym_roles,
    name_start,
    named_head,
    speaker_before,
)
from dateline.multilingual.sources import Source, find_scopes
from dateline.multilingual.syntax import (
    ParsedDocument,
    SyntaxReader,
    TriggerSyntax,
    dropped_subject,
    parsed_roles,
)
from dateline.multilingual.text import split_sentences
from dateline.multilingual.triggers import find_triggers
from dateline.multilingual.view import QUOTES, SentenceView, build_view, clause_around
from dateline.resources import Resources
from dateline.settings import Settings

logger = logging.getLogger(__name__)

LANGUAGES = frozenset({"ar", "de", "es", "fa", "fr", "pt", "ru", "tr", "uk"})
# Qualifiers that belong to a count before a target: "au moins vingt civils".
_BOUNDS: tuple[CueKind, ...] = ("lower", "upper", "about")
# Languages whose later mentions of a named armed group ("боевики",
# "угруповання") are read as that group (measured on each).
_CARRIED_DOER = frozenset({"ru", "uk", "tr", "fa", "ar"})
# Languages whose one-word names are proper only when written with a capital
# ("кроме того" is not Togo).
_CAPITAL_NAMES = frozenset({"ru", "uk"})
# Languages whose attacks on a state's forces that name no doer are the one
# armed group the article names (measured on these three).
_CARRIED_GROUP = frozenset({"de", "es", "pt"})


@dataclass(frozen=True, slots=True)
class Found:
    """What the finder read in one document, in text order."""

    candidates: tuple[EventCandidate, ...]
    scopes: tuple[AttributionScope, ...]
    figures: tuple[Figure, ...]
    places: tuple[Mention, ...]  # every place mention, for the article context
    # Countries of named non-state actors, and of places found by their lemma
    # ("Харкові"), which the resolver cannot look up by the text.
    actor_countries: tuple[str, ...]


class MultilingualFinder:
    """Finds events in the languages coded without a parser; built once per process."""

    def __init__(
        self,
        settings: Settings,
        resources: Resources,
        gazetteer: Gazetteer,
        classifier: TypeClassifier | None = None,
    ) -> None:
        self.settings = settings
        self.resources = resources
        self.gazetteer = gazetteer
        self.classifier = classifier
        self._lexicons: dict[str, Lexicon] = {}
        self._readers: dict[str, SyntaxReader] = {}

    @classmethod
    def create(
        cls, settings: Settings, resources: Resources, gazetteer: Gazetteer
    ) -> MultilingualFinder:
        """Build the finder with its sentence classifier (trained on first use)."""
        return cls(settings, resources, gazetteer, TypeClassifier(settings, resources))

    def lexicon(self, language: str) -> Lexicon:
        """Return a language's lexicon, built on first use."""
        if language not in self._lexicons:
            self._lexicons[language] = build_lexicon(
                language, self.settings, self.resources
            )
        return self._lexicons[language]

    def reader(self, language: str) -> SyntaxReader | None:
        """The language's parser when the settings give it one, loaded on first use."""
        if language not in self.settings.parse_roles:
            return None
        # natasha's parser is trained on Russian: a language without its own
        # role patterns reads the parse with Russian's, and shares its reader.
        key = language if language in self.resources.role_patterns else "ru"
        if key not in self._readers:
            patterns = self.resources.role_patterns.get(key, ())
            self._readers[key] = SyntaxReader(patterns)
        return self._readers[key]

    def find(self, document: Document, language: str) -> Found:
        """Read one document; raises KeyError for a language not in LANGUAGES."""
        if language not in LANGUAGES:
            raise KeyError(f"language {language!r} is not coded without a parser")
        lexicon = self.lexicon(language)
        text = document.text
        reader = self.reader(language)
        parse = reader.parse(text) if reader is not None else None
        candidates: list[EventCandidate] = []
        scopes: list[AttributionScope] = []
        figures: list[Figure] = []
        places: list[Mention] = []
        countries: list[str] = []
        untriggered: list[
            tuple[SentenceView, list[Role], list[PlaceSpan], list[Mention]]
        ] = []
        months = frozenset(m.casefold() for m in lexicon.cues.months)
        for start, end, paragraph in split_sentences(text, months):
            view = build_view(text, start, end, paragraph, lexicon)
            if not view.words:
                continue
            found = self._read_sentence(view, lexicon, untriggered, parse)
            candidates.extend(found.candidates)
            scopes.extend(found.scopes)
            figures.extend(found.figures)
            places.extend(found.places)
            countries.extend(found.actor_countries)
        if self.classifier is not None and untriggered:
            candidates.extend(self._classified(untriggered))
            candidates.sort(key=lambda c: c.trigger.start)
        if self.classifier is not None and candidates:
            candidates = self.classifier.fill_modes(candidates, language)
        if language in _CARRIED_DOER:
            candidates = carry_doer(candidates, self.resources)
        if language in _CARRIED_GROUP:
            candidates = carry_armed_group(candidates, self.resources)
        return Found(
            candidates=tuple(candidates),
            scopes=tuple(sorted(scopes, key=lambda s: (s.start, -s.end))),
            figures=tuple(figures),
            places=tuple(places),
            actor_countries=tuple(countries),
        )

    def actor_in(
        self,
        text: str,
        sentence: tuple[int, int],
        words: tuple[int, int],
        language: str,
        *,
        target: bool,
    ) -> RoleChunk | None:
        """The actor named in ``text[words]`` (a parse's role filler), or None.

        The sentence is read as always: dictionary actors first, then bare
        demonyms ("une délégation russe"); the first one inside ``words``
        fills the role. A count right before a target joins it.
        """
        lexicon = self.lexicon(language)
        view = build_view(text, sentence[0], sentence[1], 0, lexicon)
        if not view.words:
            return None
        actors = self._actor_spans(view, lexicon)
        found = sorted(
            (
                role
                for role in (*actors, *demonym_roles(view, lexicon, actors))
                if words[0] <= view.words[role.start].start
                and view.words[role.end - 1].end <= words[1]
            ),
            key=lambda r: r.start,
        )
        if not found:
            return None
        return _chunk(view, found[0], with_figure=target)

    def _classified(
        self,
        untriggered: list[
            tuple[SentenceView, list[Role], list[PlaceSpan], list[Mention]]
        ],
    ) -> list[EventCandidate]:
        """Sentences with two named sides and no trigger, typed by the classifier."""
        assert self.classifier is not None
        labels = self.classifier.classify(
            [v.sentence.text for v, _, _, _ in untriggered]
        )
        out = []
        for (view, roles, places, times), label in zip(
            untriggered, labels, strict=True
        ):
            if label is None:
                continue
            sentence = view.sentence
            out.append(
                EventCandidate(
                    event_type=label[0],
                    mode=label[1],
                    # No word names the event: the whole sentence is its trigger.
                    trigger=CharSpan(
                        start=sentence.start, end=sentence.end, text=sentence.text
                    ),
                    sentence=sentence,
                    paragraph=view.paragraph,
                    actor=_chunk(view, roles[0], with_figure=False),
                    target=_chunk(view, roles[1], with_figure=True),
                    places=tuple(
                        p.mention for p in places if p.mention.label in LOCATED
                    ),
                    times=tuple(times),
                )
            )
        return out

    def _read_sentence(
        self,
        view: SentenceView,
        lexicon: Lexicon,
        untriggered: list[
            tuple[SentenceView, list[Role], list[PlaceSpan], list[Mention]]
        ],
        parse: ParsedDocument | None = None,
    ) -> Found:
        cues = lexicon.cues
        actors = self._actor_spans(view, lexicon)
        all_triggers = find_triggers(view, lexicon)
        # A trigger inside a name is no event: "Ulusal Mutabakat Hükümeti"; nor
        # one inside a phrase that uses it otherwise: "en rechazo al ajuste".
        nominal = [(s, e) for s, e, h in view.cue_spans if h.kind == "not_trigger"]
        triggers = [
            (i, j, hits)
            for i, j, hits in all_triggers
            if not any(name_start(a) <= i and j <= a.end for a in actors)
            and not any(s <= i and j <= e for s, e in nominal)
        ]
        # "Українські дрони атакували": a weapon inside the doer's name gives the mode.
        weapons = [
            (i, j, mode)
            for i, j, hits in all_triggers
            for mode in {h.mode for h in hits if h.mode}
            if any(a.start <= i and j <= a.end for a in actors)
        ]
        place_spans = find_places(
            view,
            self.gazetteer,
            lexicon.language,
            taken={
                k
                for a in actors
                if not self.resources.is_organ(a.hit.actor_id, "government")
                for k in range(a.start, a.end)
            },
            not_places=lexicon.not_places,
            place_nouns=lexicon.place_nouns,
            locative_suffixes=lexicon.locative_suffixes,
            area_nouns=cues.area_nouns,
            adjective_endings=cues.adjective_endings,
            town_endings=cues.town_adjective_endings,
            head_final=cues.word_order == "sov",
        )
        figures = find_figures(view)
        times = find_times(view)
        scopes, sources = find_scopes(
            view,
            [(a.start, a.end, a.hit) for a in actors],
            {i for i, _, _ in triggers},
            verb_final=cues.speaker_first,
            proclitics=cues.proclitics,
        )
        located = [(p.start, p.end) for p in place_spans if p.mention.label in LOCATED]
        names = (
            find_names(
                view,
                lexicon,
                [(a.start, a.end) for a in actors],
                [(p.start, p.end) for p in place_spans],
                [(i, j) for i, j, _ in all_triggers],
                self.gazetteer.knows,
            )
            if cues.cased_names
            else []
        )
        roles = [
            a
            for a in (*actors, *demonym_roles(view, lexicon, actors), *names)
            if not any(s < a.end and a.start < e for s, e in located)
            and not any(s.start <= a.start and a.end <= s.end for s in sources)
        ]
        roles.sort(key=lambda r: r.start)
        named = [
            r
            for r in roles
            if not r.demonym
            and not r.name
            and not r.hit.actor_id.startswith("generic-")
        ]
        if (
            not triggers
            and len(named) >= 2
            and not view.has("irrealis", 0, len(view.words))
        ):
            untriggered.append((view, named, place_spans, times))
        candidates = self._sentence_candidates(
            view,
            lexicon,
            triggers,
            weapons,
            roles,
            place_spans,
            times,
            sources,
            sorted((*actors, *names), key=lambda r: r.start),
            parse,
        )
        # Every mention that could fill a role, for the learned roles stage.
        options = tuple(
            RoleOption(chunk=_chunk(view, r, with_figure=True)) for r in roles
        )
        candidates = [replace(c, options=options) for c in candidates]
        countries = [
            entry.country
            for a in actors
            if (entry := self.resources.actors.get(a.hit.actor_id)) is not None
            and entry.country
            and not self.resources.is_organ(entry.id, "government")
            and entry.sector != "media"  # the teller's home is not the story's
        ]
        return Found(
            candidates=tuple(merge_same_type(candidates)),
            scopes=tuple(scopes),
            figures=tuple(figures),
            places=tuple(p.mention for p in place_spans),
            actor_countries=tuple(countries),
        )

    def _sentence_candidates(
        self,
        view: SentenceView,
        lexicon: Lexicon,
        triggers: list[tuple[int, int, list[TriggerHit]]],
        weapons: list[tuple[int, int, str]],
        roles: list[Role],
        place_spans: list[PlaceSpan],
        times: list[Mention],
        sources: list[Source],
        actors: list[Role],
        parse: ParsedDocument | None = None,
    ) -> list[EventCandidate]:
        """A sentence's candidates; a weapon in the doer's name gives the mode.

        A candidate with no doer takes the speaker before it as its actor.
        """
        candidates = []
        for i, j, hits in triggers:
            syntax = None
            if parse is not None:
                a, b = view.char_span(i, j)
                syntax = parse.trigger(a, b)
            candidate = self._candidate(
                view, lexicon, i, j, hits, roles, place_spans, times, syntax
            )
            if candidate.mode is None and candidate.actor is not None:
                a_start, a_end = candidate.actor.start, candidate.actor.end
                mode = next(
                    (
                        m
                        for wi, wj, m in weapons
                        if a_start <= view.words[wi].start
                        and view.words[wj - 1].end <= a_end
                    ),
                    None,
                )
                if mode is not None:
                    candidate = replace(candidate, mode=mode)
            if candidate.actor is None and syntax is not None:
                candidate = replace(
                    candidate, actor=dropped_subject(view, i, j, syntax)
                )
            if candidate.actor is None:
                speaker = speaker_before(i, sources, actors)
                if speaker is not None:
                    candidate = replace(
                        candidate, actor=_chunk(view, speaker, with_figure=False)
                    )
            candidates.append(candidate)
        return candidates

    def _forces(self, actor_id: str) -> bool:
        """True for a state's armed forces or police, named or generic."""
        entry = self.resources.actors.get(actor_id)
        return entry is not None and entry.organ in ("military", "police")

    def _actor_spans(self, view: SentenceView, lexicon: Lexicon) -> list[Role]:
        out = []
        for i, j, hits in lexicon.actors.find(view.words):
            surface = view.words[i:j]
            for hit in hits:
                if hit.caps_only and not all(w.text.isupper() for w in surface):
                    continue
                if (
                    hit.proper
                    and lexicon.language in _CAPITAL_NAMES
                    and not surface[0].capitalised
                ):
                    continue
                out.append(Role(i, j, hit))
                break
        if lexicon.cues.word_order == "sov":
            out = [named_head(view, role, out) for role in out]
        return out

    def _candidate(
        self,
        view: SentenceView,
        lexicon: Lexicon,
        i: int,
        j: int,
        hits: list[TriggerHit],
        roles: list[Role],
        places: list[PlaceSpan],
        times: list[Mention],
        syntax: TriggerSyntax | None = None,
    ) -> EventCandidate:
        hit = next((h for h in hits if h.mode), hits[0])
        lo, hi = clause_around(view, i, j)
        # A name the dictionary does not know acts only as a verb's subject or
        # object: beside an event noun it is as often a place, an operation
        # or a speaker ("l'attaque de Khan Yunis", "a Operação Contenção").
        in_clause = [
            r
            for r in roles
            if lo <= r.start and r.end <= hi and not (r.name and hit.noun)
        ]
        actor, target = assign_roles(view, lexicon, i, j, in_clause, hit, lo)
        if syntax is not None:
            actor, target = parsed_roles(view, syntax, roles, actor, target)
        if lexicon.cues.adjective_doer and hit.noun:
            actor, target = adjective_doer(view, i, in_clause, actor, target)
        if (
            hit.type == "PROTEST"
            and actor is not None
            and self._forces(actor.hit.actor_id)
        ):
            actor = None  # the police do not protest; the pipeline names the crowd
        if actor is None:
            actor = demonym_next_to(i, j, in_clause, target)
        a, b = view.char_span(i, j)
        offset = view.sentence.start
        # The trigger's own clause first ("en Cali, y el derribo ... en
        # Amalfi": the downing is in Amalfi), then a place after a locative
        # word, then the nearest: the resolver keeps the first of the most
        # precise.
        near = sorted(
            (p for p in places if p.mention.label in LOCATED),
            key=lambda p: (
                not (lo <= p.start and p.end <= hi),
                not p.after_prep,
                min(abs(p.start - j), abs(i - p.end)),
            ),
        )
        return EventCandidate(
            event_type=hit.type,
            mode=hit.mode,
            trigger=CharSpan(
                start=a, end=b, text=view.sentence.text[a - offset : b - offset]
            ),
            sentence=view.sentence,
            paragraph=view.paragraph,
            actor=_chunk(view, actor, with_figure=False) if actor else None,
            target=_chunk(view, target, with_figure=True) if target else None,
            places=tuple(p.mention for p in near),
            times=tuple(sorted(times, key=lambda t: abs(t.start - a))),
            negated=view.cue_ending_at("negation", i, gap=2) is not None
            or view.cue_starting_at("negation", j) is not None,
            killing=view.has("killed", i, j),
            injuring=view.has("injured", i, j),
            irrealis=view.cue_ending_at("irrealis", i, gap=2) is not None,
        )


def _chunk(view: SentenceView, role: Role, with_figure: bool) -> RoleChunk:
    """The role's words as a RoleChunk; a count right before a target joins it."""
    start = name_start(role)
    if with_figure and start > 0:
        k = start - 1
        if (
            view.cue_ending_at("number", start) is not None
            or view.words[k].text.isdigit()
        ):
            start = view.cue_ending_at("number", start) or k
            for kind in _BOUNDS:
                begin = view.cue_ending_at(kind, start)
                if begin is not None:
                    start = begin
    a, b = view.char_span(start, role.end)
    offset = view.sentence.start
    text = view.sentence.text[a - offset : b - offset]
    ra, rb = view.char_span(role.start, role.end)
    before = view.sentence.text[max(0, a - offset - 1) : a - offset]
    after = view.sentence.text[b - offset : b - offset + 1]
    inner = Mention(
        kind="actor",
        start=ra,
        end=rb,
        text=view.sentence.text[ra - offset : rb - offset],
        label="PERSON" if role.name else "DL_ACTOR",
        ref=None if role.name else role.hit.actor_id,
    )
    return RoleChunk(
        start=a,
        end=b,
        text=text,
        head_lemma=view.words[role.end - 1].lemma,
        inner=(inner,),
        quoted=bool(before) and before in QUOTES and bool(after) and after in QUOTES,
    )
