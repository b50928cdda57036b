"""A trigger's initiator and recipient tokens from the dependency parse (finder)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from dateline.events.lexicon import (
    DATE_NER,
    OBJECTS,
    PASSIVE_SUBJECTS,
    SUBJECTS,
    FinderCues,
)
from dateline.resources import RolePattern, Trigger

# A Doc's role fillers: head index -> its dependent's index -> (role, filler index).
RoleFillers = dict[int, dict[int, tuple[str, int]]]


class RoleMatcher:
    """A language's role patterns (data/roles/<lang>.yaml) in one DependencyMatcher."""

    def __init__(self, vocab: Vocab, patterns: Iterable[RolePattern]) -> None:
        self.matcher = DependencyMatcher(vocab)
        # Each pattern's role and where its "filler" node sits among its nodes.
        self.roles: dict[int, tuple[str, int]] = {}
        for pattern in patterns:
            self.matcher.add(pattern.id, [list(pattern.pattern)])
            ids = [node.get("RIGHT_ID") for node in pattern.pattern]
            self.roles[vocab.strings[pattern.id]] = (pattern.role, ids.index("filler"))

    def fillers(self, doc: Doc) -> RoleFillers:
        """Every role filler of a Doc, by head and dependent.

        The dependent is the head's child the pattern goes through ("by" for
        an agent); when it leads to several fillers, the first in the text.
        """
        out: RoleFillers = {}
        for match_id, tokens in self.matcher(doc):
            role, at = self.roles[match_id]
            head, dependent, filler = tokens[0], tokens[1], tokens[at]
            found = out.setdefault(head, {})
            known = found.get(dependent)
            if known is None or filler < known[1]:
                found[dependent] = (role, filler)
        return out


def roles(
    cues: FinderCues, fillers: RoleFillers, head: Token, trig: Trigger, span: Span
) -> tuple[Token | None, Token | None]:
    """Return the initiator and recipient tokens of a trigger."""
    in_trigger = set(range(span.start, span.end))
    extra = cues.type_preps.get(trig.type, frozenset())
    if trig.pos == "VERB" or head.pos_ in ("VERB", "AUX"):
        actor, target = verb_roles(cues, fillers, head, in_trigger, extra)
        if (
            trig.type in cues.theme_object
            and target is not None
            and target.dep_ in OBJECTS
        ):
            target = prep_target(cues, head, in_trigger, extra)
        if (
            trig.type in cues.theme_subject
            and actor is None
            and target is not None
            and target.dep_ in PASSIVE_SUBJECTS
        ):
            actor, target = target, prep_target(cues, head, in_trigger, extra)
        return actor, target
    actor, target = noun_roles(cues, head, in_trigger, extra)
    if actor is None and target is None:
        actor, target = between(head)
    return actor, target


def verb_roles(
    cues: FinderCues,
    fillers: RoleFillers,
    verb: Token,
    in_trigger: set[int],
    extra: frozenset[str] = frozenset(),
) -> tuple[Token | None, Token | None]:
    """The initiator and recipient of a verb trigger: subject, object, agent."""
    actor = target = None
    passive = any(
        c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children
    )
    # The verb's own dependents, as data/roles/<lang>.yaml's patterns found
    # them, in text order: a later passive subject or agent overrides.
    doc = verb.doc
    for dependent, (role, filler) in sorted(fillers.get(verb.i, {}).items()):
        if role == "subject" and actor is None:
            actor = doc[filler]
        elif role == "passive_subject":
            target = doc[filler]
        elif role == "agent":
            actor = doc[filler]
        elif role == "object" and dependent not in in_trigger and target is None:
            target = doc[filler]
    if target is None:
        target = prep_target(cues, verb, in_trigger, extra)
    victim_subject = verb.lemma_.lower() in cues.victim_subject
    if victim_subject and target is None:
        actor, target = None, actor
    if actor is None and not passive and not victim_subject:
        actor = inherited_subject(verb)
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        # "airstrikes carried out by Russia" / "militants who attacked"; a
        # participle with a direct object is the head noun acting, misparsed
        # ("forces handed over the airport").
        has_object = any(c.dep_ == "dobj" for c in verb.children)
        if passive or (verb.tag_ == "VBN" and not has_object):
            target = target or verb.head
        elif actor is None or actor.lower_ in cues.relative_pronouns:
            actor = verb.head
    if (
        actor is not None
        and actor.lower_ in cues.relative_pronouns
        and verb.dep_ == "relcl"
    ):
        actor = verb.head
    return actor, target


def prep_target(
    cues: FinderCues,
    token: Token,
    in_trigger: set[int],
    extra: frozenset[str] = frozenset(),
) -> Token | None:
    """The recipient named after a target preposition ("fired on X"), or None."""
    holders = [
        token,
        *(c for c in token.children if c.dep_ in OBJECTS and c.i in in_trigger),
    ]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and (
                child.lower_ in cues.target_preps or child.lower_ in extra
            ):
                pobj = object_of(child)
                if (
                    pobj is not None
                    and not is_platform(cues, pobj)
                    and pobj.ent_type_ not in DATE_NER
                ):
                    # "signed the deal on Thursday": a day is no recipient.
                    return pobj
    return None


def noun_roles(
    cues: FinderCues,
    noun: Token,
    in_trigger: set[int],
    extra: frozenset[str] = frozenset(),
) -> tuple[Token | None, Token | None]:
    """The initiator and recipient of a noun trigger ("Russia's strikes on X")."""
    actor = target = None
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            actor = object_of(child) or actor
        elif child.dep_ == "poss" and child.i not in in_trigger:
            actor = child
        elif (
            child.dep_ in ("amod", "compound")
            and child.i not in in_trigger
            and child.pos_ in ("PROPN", "ADJ")
            and child.ent_type_
        ):
            actor = actor or child
    for child in noun.children:
        # "airstrikes carried out by Russian warplanes"; not "a truce mediated
        # by Egypt" or "the attack condemned by the UN": only the agent of a
        # light verb does the noun's deed.
        if actor is None and child.dep_ == "acl" and child.lemma_.lower() in cues.light:
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            if agent is not None:
                actor = object_of(agent)
    target = prep_target(cues, noun, in_trigger, extra)
    # The phrase the noun stands in for its verb: the first of "pepper spray,
    # water cannons and stun guns", the whole of "one of the blasts".
    standing = phrase_of(noun)
    governor = standing.head
    if standing.dep_ in OBJECTS and governor.pos_ in ("VERB", "AUX"):
        if governor.lemma_.lower() in cues.light or actor is None:
            subject, _passive_subject = subjects(governor)
            if subject is None and governor.dep_ == "acl":
                # "police with riot shields making arrests"
                subject = governor.head
                if subject.dep_ == "pobj" and subject.head.lower_ == "with":
                    owner = subject.head.head
                    subject = owner if owner.pos_ in ("NOUN", "PROPN") else None
            actor = actor or subject
            if target is None:
                target = prep_target(cues, governor, in_trigger, extra)
    elif standing.dep_ in PASSIVE_SUBJECTS and governor.lemma_.lower() in cues.light:
        agent = next((c for c in governor.children if c.dep_ == "agent"), None)
        actor = actor or (object_of(agent) if agent is not None else None)
        target = target or prep_target(cues, governor, in_trigger, extra)
    elif standing.dep_ in SUBJECTS and governor.pos_ == "VERB":
        target = target or next(
            (c for c in governor.children if c.dep_ in OBJECTS), None
        )
    return actor, target


def phrase_of(noun: Token) -> Token:
    """The token that carries a noun's place in its clause.

    A later conjunct stands where the first one does ("used tear gas and
    water cannons"), and "one of the blasts" where "one" does.
    """
    step = noun
    for _ in range(6):
        if step.dep_ == "conj" and step.head.pos_ in ("NOUN", "PROPN"):
            step = step.head
        elif (
            step.dep_ == "pobj"
            and step.head.lower_ == "of"
            and step.head.head.pos_ in ("NUM", "PRON")
        ):
            step = step.head.head
        else:
            break
    return step


def is_platform(cues: FinderCues, token: Token) -> bool:
    """True for a weapon platform ("from a drone"), which is no target."""
    phrase = token.doc[token.left_edge.i : token.i + 1].text.lower()
    return (
        token.lower_ in cues.platforms or phrase.removeprefix("the ") in cues.platforms
    )


def object_of(prep: Token) -> Token | None:
    """The object of a preposition, or None.

    For a clause after the preposition ("at protesters marching"), its
    subject: the parse makes "marching" the object and "protesters" its
    subject.
    """
    found = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if found is not None and found.dep_ == "pcomp":
        subject = next((c for c in found.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            return subject
    return found


def subjects(verb: Token) -> tuple[Token | None, Token | None]:
    """A verb's subject and passive subject (the subject it inherits if none)."""
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    passive = next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS), None)
    if subject is None and passive is None:
        inherited = inherited_subject(verb)
        return inherited, None
    return subject, passive


def inherited_subject(verb: Token) -> Token | None:
    """The subject a verb shares with the verb it hangs from (conj, xcomp)."""
    step = verb
    for _ in range(3):
        if step.dep_ not in ("conj", "xcomp", "advcl") or step.head.i == step.i:
            return None
        step = step.head
        for child in step.children:
            if child.dep_ in (*SUBJECTS, *PASSIVE_SUBJECTS):
                return child
    return None


def two_sides(subject: Token) -> tuple[Token, Token | None]:
    """Split "Congo and Rwanda agreed", "Saudi and Houthi negotiators met"."""
    other = next((c for c in subject.children if c.dep_ == "conj"), None)
    if other is not None:
        return subject, other
    for child in subject.children:
        if child.dep_ in ("amod", "compound", "nmod"):
            paired = next((c for c in child.children if c.dep_ == "conj"), None)
            if paired is not None:
                return child, paired
    return subject, None


def between(noun: Token) -> tuple[Token | None, Token | None]:
    """Return the two sides of "talks between the government and the OLA"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            first = object_of(child)
            if first is None:
                continue
            second = next((c for c in first.children if c.dep_ == "conj"), None)
            return first, second
    return None, None
