"""Where, when and whether around a trigger: places, times, negation, plans (finder).

Also the paragraph of every token and the article's place mentions.

Reads the parse, ``doc.ents`` and the ``dateline_*`` span groups of a Doc.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter

from spacy.tokens import Doc, Span, Token

from dateline.events.lexicon import (
    DATE_NER,
    IRREALIS_CLIMB,
    NEWLINE,
    OBJECTS,
    PLACE_NER,
    FinderCues,
)
from dateline.model import Mention, RoleChunk, Sentence
from dateline.resources import LanguageProfile, Resources


class DocIndex:
    """What every candidate of one Doc reads, taken from the Doc once.

    ``doc.ents``, ``doc.sents`` and the span groups build new Span objects on
    every access; a Doc has hundreds of candidates and roles.
    """

    __slots__ = (
        "_ent_starts",
        "_sentence_places",
        "_sentences",
        "_sents",
        "actors",
        "doc",
        "ents",
        "equipment",
        "governments",
        "places",
        "text",
    )

    def __init__(self, doc: Doc, governments: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        # Ids of the states' government actors: a country named as its
        # government ("Kabul said") is still a place.
        self.governments = governments
        self.ents = tuple(doc.ents)
        self._ent_starts = [e.start for e in self.ents]
        self.actors = list(doc.spans.get("dateline_actors", []))
        self.equipment = list(doc.spans.get("dateline_equipment", []))
        self.places = list(doc.spans.get("dateline_places", []))
        self._sents: list[Span] | None = None
        self.text = doc.text
        self._sentences: dict[int, tuple[Sentence, str]] = {}
        self._sentence_places: dict[int, list[Span]] = {}

    def ents_within(self, start: int, end: int) -> list[Span]:
        """The entities of ``doc[start:end]``, as ``Span.ents`` finds them."""
        out = []
        for i in range(bisect_left(self._ent_starts, start), len(self.ents)):
            ent = self.ents[i]
            if ent.end > end:
                break
            out.append(ent)
        return out

    def span_text(self, span: Span) -> str:
        """``span.text``, cut from the Doc's text instead of joined from tokens."""
        return self.text[span.start_char : span.end_char]

    def sentence(self, sent: Span) -> tuple[Sentence, str]:
        """A sentence's record and its lowercased text, made once per sentence."""
        found = self._sentences.get(sent.start)
        if found is None:
            text = self.span_text(sent)
            record = Sentence(start=sent.start_char, end=sent.end_char, text=text)
            found = self._sentences[sent.start] = (record, text.lower())
        return found

    def sentence_places(self, sent: Span) -> list[Span]:
        """A sentence's place spans: gazetteer places, place entities, countries.

        Country names tagged as actors are among them: they are places when a
        locative preposition governs them ("in Syria").
        """
        found = self._sentence_places.get(sent.start)
        if found is None:
            start, end = sent.start, sent.end
            found = [s for s in self.places if start <= s.start < end]
            found += [e for e in self.ents_within(start, end) if e.label_ in PLACE_NER]
            found += [
                s
                for s in self.actors
                if start <= s.start < end and s.kb_id_ in self.governments
            ]
            self._sentence_places[sent.start] = found
        return found

    @property
    def sents(self) -> list[Span]:
        """The Doc's sentences, listed once."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
        return self._sents


def places_of(
    cues: FinderCues,
    index: DocIndex,
    clause_head: Token,
    clause: set[int],
    sent: Span,
    roles: tuple[RoleChunk | None, ...],
) -> tuple[tuple[Mention, ...], bool]:
    """Return the sentence's place mentions, locative ones near the trigger first.

    ``clause_head`` is the verb of the trigger's clause, ``clause`` the
    indices of its subtree.
    """
    doc = index.doc
    taken = [(r.start, r.end) for r in roles if r is not None and not r.pronoun]
    spans = index.sentence_places(sent)
    mentions: list[tuple[int, Mention]] = []
    seen: set[tuple[int, int]] = set()
    for span in spans:
        key = (span.start_char, span.end_char)
        if key in seen:
            continue
        inside_role = any(s <= span.start_char and span.end_char <= e for s, e in taken)
        prep = governing_prep(span.root)
        if span.label_ not in ("DL_PLACE", *PLACE_NER) and prep is None:
            continue
        if inside_role and prep is None:
            continue
        seen.add(key)
        near = prep in cues.near or relative(cues, span.root)
        label = "near" if near else (prep or "in")
        rank = (0 if span.root.i in clause else 2) + (0 if prep else 1)
        mentions.append(
            (
                rank,
                Mention(
                    kind="place",
                    start=span.start_char,
                    end=span.end_char,
                    text=index.span_text(span),
                    label=label,
                    ref=span.kb_id_ if span.kb_id_ and span.kb_id_ != "gaz" else None,
                ),
            )
        )
    mentions.sort(key=lambda m: (m[0], m[1].start))
    anaphora = False
    for token in clause_head.subtree:
        if token.dep_ == "pobj" and token.head.lower_ in cues.locative:
            phrase = doc[token.left_edge.i : token.i + 1].text.lower()
            if phrase in cues.place_anaphora:
                anaphora = True
    return tuple(m for _, m in mentions), anaphora


# How a word of habit attaches: "often attack" (advmod), "regular raids" (amod).
_HABIT_DEPS = frozenset({"advmod", "amod"})


def irrealis(cues: FinderCues, head: Token) -> bool:
    """True for planned, expected, hypothetical or habitual events.

    A habit ("forces often raid", "regular raids") is no one event either.
    """
    step = head
    for _ in range(4):
        if any(
            (c.dep_ == "aux" and c.lower_ in cues.irrealis_words)
            or (c.dep_ in _HABIT_DEPS and c.lower_ in cues.habitual)
            for c in step.children
        ):
            return True
        if step.dep_ not in IRREALIS_CLIMB or step.head.i == step.i:
            return False
        step = step.head
        if step.lemma_.lower() in cues.irrealis_words:
            return True
    return False


# Dependents of a killing that are clauses or phrases of their own: a "since"
# inside them dates something else ("the first attack since March").
_TOLL_SKIP = frozenset({"relcl", "ccomp", "acl", "appos", "parataxis", "csubj"})


def running_toll(cues: FinderCues, head: Token) -> bool:
    """True for a death toll counted over a span, or a whole war's toll.

    "180 people have died since May", "58 militants have been killed so far
    this year", "the fighting has killed more than 20,000 people": each sums
    many killings and is no one event. A "since" inside another phrase
    ("the deadliest attack since March") dates that phrase, not the killing.
    """
    if head.lemma_.lower() not in cues.killed:
        return False
    for child in head.children:
        if child.dep_ in _TOLL_SKIP:
            continue
        words = tuple(t.lower_ for t in child.subtree)
        if any(words[: len(phrase)] == phrase for phrase in cues.running_toll):
            return True
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
    return perfect and any(
        c.dep_ == "nsubj" and c.lemma_.lower() in cues.war_nouns for c in head.children
    )


def conditional_threat(cues: FinderCues, head: Token, event_type: str) -> bool:
    """True for a planned act of force under a condition: a threat made now.

    "We will strike Mahmur if the UN cannot solve this": the speaker threatens
    (the caller has found the act planned). The act inside the "if" clause
    is the condition, not the threat; habits are no threats.
    """
    if event_type not in cues.threat_types:
        return False
    if any(c.dep_ in _HABIT_DEPS and c.lower_ in cues.habitual for c in head.children):
        return False
    marks = [t for t in head.sent if t.dep_ == "mark" and t.lower_ in cues.conditional]
    # "If the rebels attack, the army will respond": the condition is no threat.
    return any(head not in mark.head.subtree for mark in marks)


def negated(token: Token) -> bool:
    """True when a trigger is negated ("did not attack", "no strikes")."""
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
            return True
    if token.dep_ in OBJECTS and token.head.pos_ in ("VERB", "AUX"):
        return any(c.dep_ == "neg" for c in token.head.children)
    return False


def clause_of(token: Token) -> Token:
    """The verb of the clause a token is in."""
    step = token
    while step.pos_ not in ("VERB", "AUX") and step.head.i != step.i:
        step = step.head
    return step


def governing_prep(token: Token) -> str | None:
    """The preposition a place mention hangs from, within three steps."""
    step = token
    for _ in range(3):
        if step.dep_ in ("pobj",) and step.head.dep_ in ("prep", "agent"):
            return step.head.lower_
        if (
            step.dep_ not in ("compound", "conj", "appos", "pobj")
            or step.head.i == step.i
        ):
            return None
        step = step.head
    return None


def relative(cues: FinderCues, token: Token) -> bool:
    """True for "40 km west of X", "north of X", "the outskirts of X"."""
    step = token
    if step.dep_ == "pobj" and step.head.lower_ in cues.genitive:
        return step.head.head.lower_ in cues.relative_places
    return False


def times_of(
    index: DocIndex, sent: Span, clause: set[int], day_time: re.Pattern[str] | None
) -> tuple[Mention, ...]:
    """The sentence's time expressions, those in the trigger's clause first.

    "The army said on Monday that its troops killed 30 on Saturday": the
    killing is Saturday's, the statement Monday's.
    """
    doc = index.doc
    ents = [
        e
        for e in index.ents_within(sent.start, sent.end)
        if e.label_ in DATE_NER
        or (e.label_ == "TIME" and day_time is not None and day_time.search(e.text))
    ]
    out: list[tuple[int, Mention]] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        start, end = ent.start, ent.end
        # "the ten days leading up to February 14th": one expression, two entities.
        while i + 1 < len(ents) and ents[i + 1].start - end <= 5:
            end = ents[i + 1].end
            i += 1
        span = doc[start:end]
        rank = 0 if span.root.i in clause else 1
        out.append(
            (
                rank,
                Mention(
                    kind="time",
                    start=span.start_char,
                    end=span.end_char,
                    text=index.span_text(span),
                ),
            )
        )
        i += 1
    out.sort(key=lambda m: (m[0], m[1].start))
    return tuple(m for _, m in out)


def paragraph_index(doc: Doc, text: str) -> list[int]:
    """The paragraph of every token: a blank line starts the next paragraph.

    Only a token with two line breaks in it can hold a blank line, so those
    are found from the text's line breaks rather than by reading every token.
    """
    starts = doc.to_array("IDX").tolist()
    breaks_in: Counter[int] = Counter(
        bisect_right(starts, match.start()) - 1 for match in NEWLINE.finditer(text)
    )
    breaks = sorted(
        i
        for i, count in breaks_in.items()
        if count >= 2
        and (
            "\n\n" in doc[i].text or (doc[i].is_space and doc[i].text.count("\n") >= 2)
        )
    )
    index: list[int] = []
    paragraph = previous = 0
    for i in breaks:
        index.extend([paragraph] * (i - previous))
        paragraph += 1
        previous = i
    index.extend([paragraph] * (len(starts) - previous))
    return index


# A government named by its capital acts: "Kabul said", "Moscow's forces",
# "Kyiv accused Moscow".
_ACTING_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "iobj", "dative"})
# What follows a dateline's place at the head of a line: "NAIROBI, Kenya (AP) —",
# "ADDIS ABABA - ", "BAGHDAD: ".
_DATELINE_NEXT = (",", ":", "(", "—", "–", "-")


def _capital_as_place(span: Span, capitals: set[str]) -> bool:
    """A capital's name that is a place, not the state acting.

    "In the centre of Tbilisi", "the capital, Nairobi" and a dateline
    ("NAIROBI, Kenya (AP) —") name the city; a capital as subject, object or
    possessor names its government.
    """
    if span.text.casefold() not in capitals:
        return False
    text = span.doc.text
    head = text[: span.start_char].rstrip(" (")
    tail = text[span.end_char :].lstrip(" ")
    if (not head or head.endswith("\n")) and tail.startswith(_DATELINE_NEXT):
        return True
    return span.root.dep_ not in _ACTING_DEPS


def find_place_mentions(
    doc: Doc, cues: LanguageProfile, resources: Resources
) -> tuple[list[Mention], Counter[str]]:
    """Every place mention of a parsed article, and the countries of its actors.

    Reads the dictionary's place and actor spans and the NER's places; a
    mention's label is its preposition ("in", "near") or "actor" for a
    country named as a government ("Kabul said"), which still tells which
    country the article is about.
    """
    countries = (
        s
        for s in doc.spans.get("dateline_actors", [])
        if resources.is_organ(s.kb_id_, "government")
    )
    capitals = {c.capital.casefold() for c in resources.countries.values() if c.capital}
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
        if before in cues.near_preps:
            label = "near"
        elif (
            before in cues.locative_preps
            or s.label_ != "DL_ACTOR"
            or _capital_as_place(s, capitals)
        ):
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
        entry = resources.actors.get(span.kb_id_)
        # An agency or outlet tells the story from abroad ("told AFP"): its
        # home is not where the story is.
        if entry is not None and entry.country and entry.sector != "media":
            government = resources.is_organ(entry.id, "government")
            actor_countries[entry.country] += 0.5 if government else 1  # type: ignore[assignment]
    return place_mentions, actor_countries
