"""A role's head token -> the words filling the role, as a RoleChunk (finder)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from dateline.events.context import DocIndex
from dateline.events.lexicon import (
    CHUNK_LEFT_DEPS,
    PASSIVE_SUBJECTS,
    QUOTES,
    SUBJECTS,
    FinderCues,
)
from dateline.events.roles import object_of
from dateline.model import Mention, RoleChunk, RoleOption


def role_chunk(
    cues: FinderCues, index: DocIndex, token: Token, skip: set[int]
) -> RoleChunk:
    """Return the words of a role around its head token."""
    doc = index.doc
    if token.lower_ in cues.pronouns and token.pos_ == "PRON":
        antecedent = speaker_of(cues, token, index) or antecedent_of(cues, token, index)
        if antecedent is not None:
            found = role_chunk(cues, index, antecedent, set())
            return RoleChunk(
                start=token.idx,
                end=token.idx + len(token),
                text=token.text,
                head_lemma=found.head_lemma,
                inner=found.inner,
                pronoun=True,
                backed_by=found.backed_by,
            )
        return RoleChunk(
            start=token.idx,
            end=token.idx + len(token),
            text=token.text,
            head_lemma=token.lemma_.lower(),
            pronoun=True,
        )
    possessor = next(
        (
            c
            for c in token.children
            if c.dep_ == "poss" and c.lower_ in ("its", "their")
        ),
        None,
    )
    if possessor is not None:
        owner = subject_above(token)
        if owner is not None and owner.i != token.i:
            found = role_chunk(cues, index, owner, set())
            return RoleChunk(
                start=doc[token.left_edge.i].idx,
                end=token.idx + len(token),
                text=doc[token.left_edge.i : token.i + 1].text,
                head_lemma=token.lemma_.lower(),
                inner=found.inner,
            )
    left = token.i
    for child in token.lefts:
        if child.dep_ in CHUNK_LEFT_DEPS and child.i not in skip:
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in cues.genitive:
            pobj = object_of(child)
            if pobj is not None:
                right = max(right, pobj.right_edge.i)
        elif child.dep_ in ("appos",) or child.text in QUOTES:
            right = max(right, child.right_edge.i if child.dep_ == "appos" else child.i)
    # Keep a closing quote that belongs to a quoted label.
    if right + 1 < len(doc) and doc[right + 1].text in QUOTES:
        right += 1
    while left < token.i and doc[left].dep_ == "punct" and doc[left].text not in QUOTES:
        left += 1
    span = doc[left : right + 1]
    inner = tuple(inner_mentions(cues, index, span))
    quoted = any(t.text in QUOTES for t in span) and quote_pair(span)
    singular = any(
        c.dep_ in ("det", "nummod") and c.lower_ in cues.singular
        for c in token.children
    )
    text = index.span_text(span)
    return RoleChunk(
        start=span.start_char,
        end=span.end_char,
        text=text,
        head_lemma=token.lemma_.lower(),
        inner=inner,
        quoted=quoted,
        backed_by=backed_by(text, cues.backed),
        singular=singular,
    )


# A noun in one of these relations is a word of another noun's phrase
# ("Gaza" in "Gaza City", "security" in "security forces"), not a phrase of its own.
_INSIDE_PHRASE = frozenset({"compound", "amod", "nmod", "nummod"})
_ROLE_POS = frozenset({"NOUN", "PROPN", "PRON"})


def role_options(
    cues: FinderCues, index: DocIndex, head: Token, skip: set[int]
) -> tuple[RoleOption, ...]:
    """Every noun phrase of the trigger's sentence that could fill a role.

    Each comes with its relation to the trigger in the parse: the dependency
    label, the preposition that governs it ("pobj:by"), and whether it hangs
    on the trigger itself or on another word.
    """
    out = []
    for token in head.sent:
        if token.i in skip or token.pos_ not in _ROLE_POS:
            continue
        if token.dep_ in _INSIDE_PHRASE:
            continue
        if token.pos_ == "PRON" and token.lower_ not in cues.pronouns:
            continue
        relation = token.dep_
        governor = token.head
        if token.dep_ == "pobj":
            relation = f"pobj:{governor.lower_}"
            governor = governor.head
        relation += "|trigger" if governor.i in skip else "|other"
        out.append(
            RoleOption(chunk=role_chunk(cues, index, token, skip), relation=relation)
        )
    return tuple(out)


def subject_above(token: Token) -> Token | None:
    """The subject of a verb above a token in its sentence ("Turkey said its drones")."""
    step = token
    for _ in range(6):
        if step.head.i == step.i:
            return None
        step = step.head
        if step.pos_ in ("VERB", "AUX"):
            for child in step.children:
                if child.dep_ in SUBJECTS and not (
                    child.left_edge.i <= token.i <= child.right_edge.i
                ):
                    return child
    return None


def speaker_of(cues: FinderCues, pronoun: Token, doc_index: DocIndex) -> Token | None:
    """The body that says it acted: "the IRGC announced they had arrested ...".

    A group pronoun ("it", "they", "we") in a clause under a verb whose subject
    is a noun stands for that subject; a pronoun subject there is followed back
    to the sentences before. "he" and "she" are left to the earlier sentences:
    a person speaking of "they" is rarely speaking of himself.
    """
    if pronoun.lower_ not in cues.group_pronouns or pronoun.dep_ not in SUBJECTS:
        return None
    subject = subject_above(pronoun)
    if subject is None or subject.i > pronoun.i:
        return None
    if subject.pos_ == "PRON":
        if subject.lower_ not in cues.group_pronouns:
            return None
        return antecedent_of(cues, subject, doc_index)
    if subject.pos_ in ("PROPN", "NOUN"):
        return subject
    return None


def antecedent_of(
    cues: FinderCues, pronoun: Token, doc_index: DocIndex
) -> Token | None:
    """The subject of an earlier sentence a pronoun stands for ("it" -> the US)."""
    sents = doc_index.sents
    index = next((n for n, s in enumerate(sents) if s.start <= pronoun.i < s.end), 0)
    for sent in reversed(sents[max(0, index - 3) : index]):
        subject = next(
            (c for c in sent.root.children if c.dep_ in (*SUBJECTS, *PASSIVE_SUBJECTS)),
            None,
        )
        if subject is None:
            continue
        if subject.lower_ in cues.pronouns and subject.pos_ == "PRON":
            return antecedent_of(cues, subject, doc_index)
        if subject.pos_ in ("PROPN", "NOUN"):
            return subject
        return None
    return None


def in_locative(cues: FinderCues, span: Span, chunk: Span) -> bool:
    """True when a mention sits in a place phrase inside a role ("in Syria")."""
    step = span.root
    while chunk.start <= step.i < chunk.end and step.head.i != step.i:
        if step.dep_ == "pobj" and step.head.lower_ in cues.role_place_preps:
            return True
        step = step.head
    return False


def inner_mentions(cues: FinderCues, index: DocIndex, span: Span) -> Iterable[Mention]:
    """The dictionary and NER mentions inside a role's words, not in a place phrase."""
    groups = (("actor", index.actors), ("actor", index.equipment))
    seen = set()
    for _kind, spans in groups:
        for s in spans:
            if span.start <= s.start and s.end <= span.end:
                seen.add((s.start, s.end))
                if in_locative(cues, s, span):
                    continue
                yield Mention(
                    kind="actor",
                    start=s.start_char,
                    end=s.end_char,
                    text=index.span_text(s),
                    label=s.label_,
                    ref=s.kb_id_,
                    quoted=False,
                )
    for ent in index.ents_within(span.start, span.end):
        if (ent.start, ent.end) in seen or ent.label_ not in (
            "ORG",
            "NORP",
            "GPE",
            "PERSON",
        ):
            continue
        if in_locative(cues, ent, span):
            continue
        yield Mention(
            kind="actor",
            start=ent.start_char,
            end=ent.end_char,
            text=index.span_text(ent),
            label=ent.label_,
        )


def quote_pair(span: Span) -> bool:
    """True when a role's words hold an opening quote mark."""
    opens = sum(1 for t in span if t.text in ("“", "«", "‘", '"'))
    return opens >= 1


def backed_by(text: str, cues: tuple[str, ...]) -> str | None:
    """The word before a backing cue ("Turkish" in "Turkish-backed"), or None."""
    for cue in cues:
        at = text.find(cue)
        if at > 0:
            words = text[:at].split()
            return words[-1] if words else None
    return None
