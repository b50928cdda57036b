"""Doc -> event candidates: trigger, type, mode, roles, places and times (finder).

Reads the parse, lemmas, ``doc.ents`` and the ``dateline_*`` span groups; returns
EventCandidate records with character offsets. Triggers come from
``data/triggers/<lang>.yaml``, looked up by lemma in tables built once
(:mod:`.triggers`); a trigger depending on another folds into it
(:mod:`.merge`); roles come from the parse (:mod:`.roles`) and are widened to
their words (:mod:`.chunks`); places, times, negation and plans are read
around the trigger (:mod:`.context`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from dateline.events.chunks import role_chunk, role_options
from dateline.events.context import (
    DocIndex,
    clause_of,
    conditional_threat,
    irrealis,
    negated,
    paragraph_index,
    places_of,
    running_toll,
    times_of,
)
from dateline.events.lexicon import FinderCues
from dateline.events.merge import merge_triggers
from dateline.events.roles import (
    RoleFillers,
    RoleMatcher,
    noun_roles,
    roles,
    two_sides,
    verb_roles,
)
from dateline.events.triggers import TriggerLookup, describes_noun, trigger_head
from dateline.model import CharSpan, EventCandidate
from dateline.resources import EventTypeDef, LanguageProfile, RolePattern, Trigger


class EventFinder:
    """Find event candidates in parsed Docs; build once per language and reuse."""

    def __init__(
        self,
        vocab: Vocab,
        triggers: Iterable[Trigger],
        cues: LanguageProfile,
        ontology: Mapping[str, EventTypeDef],
        role_patterns: Iterable[RolePattern] = (),
        governments: frozenset[str] = frozenset(),
    ) -> None:
        """Build the look-ups once; ``governments`` are the states' government ids."""
        self.governments = governments
        self.cues = cues
        self.lookup = TriggerLookup(triggers)
        self.role_matcher = RoleMatcher(vocab, role_patterns)
        self.finder_cues = FinderCues.from_profile(cues, ontology)

    def find(self, doc: Doc) -> list[EventCandidate]:
        """Return the event candidates of a Doc, in text order."""
        matches = self.lookup.matches(doc)
        heads = {}
        for span, trig in matches:
            head = trigger_head(span, trig)
            if not describes_noun(head, trig, self.finder_cues):
                heads[head.i] = (span, trig)
        merged = merge_triggers(self.finder_cues, doc, heads)
        index = DocIndex(doc, self.governments)
        fillers = self.role_matcher.fillers(doc)
        paragraphs = paragraph_index(doc, index.text)
        candidates = []
        for head_i, (span, trig, extra_modes, extra_heads) in sorted(merged.items()):
            head = doc[head_i]
            candidates.append(
                candidate(
                    self.finder_cues,
                    fillers,
                    index,
                    head,
                    span,
                    trig,
                    extra_modes,
                    extra_heads,
                    paragraphs,
                )
            )
        return candidates


def candidate(
    cues: FinderCues,
    fillers: RoleFillers,
    index: DocIndex,
    head: Token,
    span: Span,
    trig: Trigger,
    extra_modes: list[str],
    extra_heads: list[int],
    paragraphs: list[int],
) -> EventCandidate:
    """One event candidate: a trigger head with its roles, places and times."""
    doc = index.doc
    sent = head.sent
    actor_tok, target_tok = roles(cues, fillers, head, trig, span)
    if trig.type in cues.symmetric and actor_tok is not None and target_tok is None:
        actor_tok, target_tok = two_sides(actor_tok)
    for i in extra_heads:
        # A folded trigger may name what the host does not: "killed in
        # airstrikes carried out by Russian warplanes".
        if actor_tok is not None and target_tok is not None:
            break
        other = doc[i]
        extra_actor, extra_target = (
            verb_roles(cues, fillers, other, {i})
            if other.pos_ == "VERB"
            else noun_roles(cues, other, {i})
        )
        actor_tok = actor_tok or extra_actor
        target_tok = target_tok or extra_target
    skip = set(range(span.start, span.end))
    actor = role_chunk(cues, index, actor_tok, skip) if actor_tok is not None else None
    target = (
        role_chunk(cues, index, target_tok, skip) if target_tok is not None else None
    )
    lemmas = {head.lemma_.lower(), *(doc[i].lemma_.lower() for i in extra_heads)}
    clause = clause_of(head)
    clause_tokens = {t.i for t in clause.subtree}
    places, place_anaphora = places_of(
        cues, index, clause, clause_tokens, sent, (actor, target)
    )
    mode = trig.mode or next(iter(extra_modes), None)
    sentence, sentence_lower = index.sentence(sent)
    event_type = trig.type
    unreal = irrealis(cues, head) or running_toll(cues, head)
    if unreal and conditional_threat(cues, head, trig.type):
        event_type, mode, unreal = "THREATEN", None, False
    return EventCandidate(
        event_type=event_type,
        mode=mode,
        trigger=CharSpan(
            start=span.start_char, end=span.end_char, text=index.span_text(span)
        ),
        sentence=sentence,
        paragraph=paragraphs[head.i],
        actor=actor,
        target=target,
        places=places,
        times=times_of(index, sent, clause_tokens, cues.day_time),
        negated=negated(head) or any(negated(doc[i]) for i in extra_heads),
        killing=bool(lemmas & cues.killed),
        injuring=bool(lemmas & cues.injured),
        consequence=any(c in sentence_lower for c in cues.consequence),
        place_anaphora=place_anaphora,
        irrealis=unreal,
        options=role_options(cues, index, head, skip),
    )
