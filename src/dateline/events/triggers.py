"""Doc -> trigger spans: data/triggers/<lang>.yaml looked up by lemma (finder).

Reads lemmas, parts of speech and the parse; returns the trigger spans of a
Doc with their Trigger entries, overlapping matches filtered as spaCy's
``filter_spans`` does.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dateline.events.lexicon import (
    GAP_POS,
    MAX_GAP,
    NAME_ENTITIES,
    OBJECTS,
    FinderCues,
)
from dateline.resources import Trigger


class TriggerLookup:
    """A language's triggers in look-up tables, built once."""

    def __init__(self, triggers: Iterable[Trigger]) -> None:
        self.triggers: dict[str, Trigger] = {}
        # One-word triggers (most of them) are a dict look-up per token by
        # lowercased lemma. Phrases are looked up by their first word's lemma
        # (as written, capitalised or upper case) and their other words are
        # checked from there, with up to two gap words between any two of
        # them: "carried out an attack". Unlike a spaCy Matcher, which tries
        # every pattern at every token, this costs one dict look-up per token.
        self.single: dict[str, list[str]] = {}
        self.phrases: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
        for index, trig in enumerate(triggers):
            key = f"trigger-{index}"
            self.triggers[key] = trig
            words = trig.words.split()
            if len(words) == 1:
                self.single.setdefault(words[0].lower(), []).append(key)
                continue
            forms = tuple(
                frozenset((word, word.capitalize(), word.upper())) for word in words
            )
            for first in forms[0]:
                self.phrases.setdefault(first, []).append((key, forms))

    def matches(self, doc: Doc) -> list[tuple[Span, Trigger]]:
        """Every trigger span of a Doc with its entry, overlaps filtered."""
        spans = []
        if len(doc) and not (doc.has_annotation("LEMMA") and doc.has_annotation("POS")):
            raise ValueError("the trigger look-up needs lemmas and parts of speech")
        lemmas = [token.lemma_ for token in doc]
        found = self.phrase_matches(lemmas, [token.pos_ for token in doc])
        for i, lemma in enumerate(lemmas):
            for key in self.single.get(lemma.lower(), ()):
                found.append((key, i, i + 1))
        for key, start, end in found:
            trig = self.triggers[key]
            span = Span(doc, start, end, label=key)
            head = trigger_head(span, trig)
            if not pos_fits(head, trig.pos):
                continue
            if head.ent_type_ in NAME_ENTITIES:
                # "Rapid Support Forces", "March": a word inside a name is no trigger.
                continue
            if trig.object_lemmas and not has_object(head, trig.object_lemmas):
                continue
            if trig.pos == "NOUN" and modifies_noun(head):
                # "riot police", "protest leaders": a kind of thing, not an event.
                continue
            spans.append(span)
        return [(s, self.triggers[s.label_]) for s in filter_spans(spans)]

    def phrase_matches(
        self, lemmas: list[str], pos: list[str]
    ) -> list[tuple[str, int, int]]:
        """Every (trigger key, start, end) of a phrase trigger, gap words allowed.

        A phrase matches every way its words can be found in order, each after
        up to ``MAX_GAP`` words whose part of speech is in ``GAP_POS``; each
        distinct (key, start, end) is returned once, ordered by start and end.
        """
        found: list[tuple[str, int, int]] = []
        n = len(lemmas)
        for start, lemma in enumerate(lemmas):
            entries = self.phrases.get(lemma)
            if entries is None:
                continue
            here: list[tuple[int, int, str]] = []
            for key, forms in entries:
                positions = {start + 1}
                for form in forms[1:]:
                    following: set[int] = set()
                    for at in positions:
                        for gap in range(MAX_GAP + 1):
                            word = at + gap
                            if word >= n:
                                break
                            if lemmas[word] in form:
                                following.add(word + 1)
                            if pos[word] not in GAP_POS:
                                break
                    positions = following
                    if not positions:
                        break
                here.extend((end, -len(forms), key) for end in positions)
            # Two phrases over the same words: the one that names more of them
            # comes first ("joint military exercise" before "joint exercise"
            # with "military" as a gap word), as spaCy's Matcher orders them.
            here.sort(key=lambda match: match[:2])
            found.extend((key, start, end) for end, _, key in here)
        return found


def trigger_head(span: Span, trig: Trigger) -> Token:
    """The token that heads a trigger: a verb phrase's first word, a noun phrase's last."""
    return span[0] if trig.pos == "VERB" else span[-1]


def has_object(head: Token, lemmas: tuple[str, ...]) -> bool:
    """True when the trigger's object (or the noun it modifies) is one of ``lemmas``."""
    wanted = set(lemmas)
    # "person" among the lemmas stands for any named person too: "Melia was
    # released on bail", "they freed Ahmed".
    people = "person" in wanted
    for child in head.children:
        if child.dep_ in (*OBJECTS, "dative", "prep", "nsubjpass") and any(
            t.lemma_.lower() in wanted or (people and _personal_name(t))
            for t in child.subtree
        ):
            return True
    if head.dep_ in ("acl", "relcl") and head.head.lemma_.lower() in wanted:
        return True
    return any(
        t.lemma_.lower() in wanted for t in head.head.children if t.dep_ == "nsubjpass"
    )


def _personal_name(token: Token) -> bool:
    """A person's name: tagged PERSON, or a proper noun tagged as nothing else."""
    return token.ent_type_ == "PERSON" or (
        token.pos_ == "PROPN" and not token.ent_type_
    )


def modifies_noun(head: Token) -> bool:
    """True for a noun that only qualifies the noun after it ("riot shields")."""
    return (
        head.dep_ == "compound"
        and head.head.i == head.i + 1
        and head.head.pos_ in ("NOUN", "PROPN")
    )


def describes_noun(head: Token, trig: Trigger, cues: FinderCues) -> bool:
    """True for a verb trigger that only qualifies a noun, telling no event.

    "the banned group", "the outlawed PKK" (an adjective); "a plan to declare
    a ceasefire" (an infinitive on a noun); "drones launched by
    the RSF", "its members detained by the government", "an agreement signed in
    Washington" (a past participle after its noun: what the noun is, told as
    background); "protesters demanding his resignation" (a type in
    ``attribute_types`` on a noun). A participle of killing or wounding stays:
    "two soldiers killed in an ambush" is how a headline tells the attack; so
    does one with a direct object, a past tense the parser took for a
    participle ("forces handed over the airport").
    """
    if trig.pos != "VERB":
        return False
    if head.dep_ == "amod":
        return True
    if head.dep_ == "acl" and any(c.tag_ == "TO" for c in head.children):
        # "the capability to target bases", "its plan to declare a
        # ceasefire", "the right to protest": a possibility, not a deed.
        return True
    if head.dep_ in ("acl", "relcl") and trig.type in cues.attribute_types:
        return True
    lemma = head.lemma_.lower()
    return (
        head.dep_ == "acl"
        and head.tag_ == "VBN"
        and lemma not in cues.killed
        and lemma not in cues.injured
        and not any(child.dep_ in OBJECTS for child in head.children)
    )


def pos_fits(head: Token, pos: str) -> bool:
    """True when a trigger head's part of speech fits the trigger's."""
    if pos == "VERB":
        return head.pos_ == "VERB" or (head.pos_ == "ADJ" and head.tag_ == "VBN")
    # Proper nouns only when written as an acronym ("IED"): "Support" in a name
    # is not one. A capitalised first word outside any entity is often tagged
    # a proper noun by the small model ("Curfew was clamped").
    return head.pos_ == "NOUN" or (
        head.pos_ == "PROPN"
        and (head.text.isupper() or (bool(head.is_sent_start) and not head.ent_type_))
    )
