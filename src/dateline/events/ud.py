"""A trigger's role fillers in a Universal Dependencies parse, as character spans (finder).

For languages whose parser gives UD labels (French: ``fr_core_news_sm``), the
roles come from ``data/roles/<lang>.yaml`` through the same
:class:`~dateline.events.roles.RoleMatcher` as English; this module turns a
trigger's matches into character spans of who acted, who was acted on, and
who reported it, so that the finder that owns the trigger (the parser-free
one) can read the names inside them. Reads the parse and morphology of a Doc;
returns :class:`ParsedRoles`, never a spaCy object.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dateline.events.roles import RoleFillers

# The dependents that stay inside a role's words: "les forces armées du Mali",
# "des hommes armés", "Paul Atanga Nji". A relative clause, a place or time
# complement of the verb, and punctuation stay out.
_LEFT_DEPS = frozenset({"det", "amod", "nummod", "flat:name", "compound", "nmod"})
_RIGHT_DEPS = frozenset({"flat:name", "flat", "fixed", "appos"})
# A noun complement joins only when it says whose: "l'ambassade de France",
# "les combattants du M23", "le groupe Wagner"; "le village ... dans la
# province de X" does not.
_OF = frozenset({"de", "du", "des", "d'", "d’"})
# A participle hanging from a noun: "13 terroristes abattus", "personnes tuées".
_PARTICIPLE_DEPS = frozenset({"acl", "amod"})
_RELATIVE_DEPS = frozenset({"acl:relcl"})
# How far back a pronoun's antecedent is looked for, as the English finder does.
_ANTECEDENT_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class Filler:
    """The words filling a role, by character offsets into the Doc's text."""

    start: int
    end: int
    pronoun: bool = False  # "ils", "elle": who it is is told before
    # A pronoun's antecedent: the subject of an earlier sentence, with the
    # offsets of that sentence.
    antecedent: tuple[int, int] | None = None
    antecedent_sentence: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class ParsedRoles:
    """Who acted, who was acted on and who reported one trigger, per the parse."""

    actor: Filler | None
    target: Filler | None
    reporters: tuple[Filler, ...] = ()


def parsed_roles(
    doc: Doc, fillers: RoleFillers, start: int, end: int
) -> ParsedRoles | None:
    """The role fillers of the trigger at ``doc.text[start:end]``, or None.

    None when no token lies in the span. A verb without a subject of its own
    shares the subject of the verb it is coordinated with ("ont attaqué le
    village et tiré sur les habitants"); a participle on a noun has that noun
    as its recipient ("13 assaillants tués").
    """
    head = _trigger_head(doc, start, end)
    if head is None:
        return None
    in_trigger = {t.i for t in doc if start <= t.idx < end}
    actor = target = None
    reporters = []
    for dependent, (role, filler) in sorted(fillers.get(head.i, {}).items()):
        token = doc[filler]
        if role == "reporter":
            reporters.append(_filler(token))
        elif role == "agent" or (role == "subject" and actor is None):
            actor = _filler(token)
        elif role == "passive_subject" or (
            role == "object" and target is None and dependent not in in_trigger
        ):
            target = _filler(token)
    if actor is None and head.dep_ == "conj":
        shared = fillers.get(head.head.i, {})
        subject = next((f for r, f in shared.values() if r == "subject"), None)
        if subject is not None:
            actor = _filler(doc[subject])
    if (
        target is None
        and head.dep_ in _PARTICIPLE_DEPS
        and "Part" in head.morph.get("VerbForm", [])
        and head.head.pos_ in ("NOUN", "PROPN")
    ):
        target = _filler(head.head)
    return ParsedRoles(actor=actor, target=target, reporters=tuple(reporters))


def _trigger_head(doc: Doc, start: int, end: int) -> Token | None:
    """The token of the span whose head lies outside it (its first, if several)."""
    tokens = [t for t in doc if start <= t.idx < end]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in inside or t.head == t), tokens[0])


def _filler(token: Token) -> Filler:
    """A role filler's words; a relative pronoun stands for the noun it hangs from."""
    if "Rel" in token.morph.get("PronType", []):
        verb = token.head
        if verb.dep_ in _RELATIVE_DEPS and verb.head.pos_ in ("NOUN", "PROPN"):
            token = verb.head
    if token.pos_ == "PRON" and (
        "Prs" in token.morph.get("PronType", []) or "3" in token.morph.get("Person", [])
    ):
        # fr_core_news_sm marks "ils", "elle" by person alone, not PronType=Prs.
        before = _antecedent(token)
        if before is None:
            return Filler(token.idx, token.idx + len(token), pronoun=True)
        named, sent = before
        return Filler(
            token.idx,
            token.idx + len(token),
            pronoun=True,
            antecedent=(named.start, named.end),
            antecedent_sentence=(sent.start_char, sent.end_char),
        )
    left = token.i
    for child in token.lefts:
        if child.dep_ in _LEFT_DEPS:
            left = min(left, child.left_edge.i)
    right = token.i
    for child in token.rights:
        if child.dep_ == "amod":
            # "forces armées congolaises", not "rançon signalés à Port-au-Prince".
            right = max(right, child.i)
        elif child.dep_ in _RIGHT_DEPS or (child.dep_ == "nmod" and _whose(child)):
            right = max(right, child.right_edge.i)
    doc = token.doc
    while right > token.i and doc[right].is_punct:
        right -= 1
    return Filler(doc[left].idx, doc[right].idx + len(doc[right]))


def _whose(noun: Token) -> bool:
    """True for a complement that names whose: "groupe Wagner", "ambassade de France"."""
    cases = [c.lower_ for c in noun.children if c.dep_ == "case"]
    return not cases or cases[0] in _OF


def _antecedent(pronoun: Token) -> tuple[Filler, Span] | None:
    """The subject of the nearest earlier sentence a pronoun may stand for.

    Up to ``_ANTECEDENT_SENTENCES`` back, the first sentence whose root has a
    noun or name as subject ("le ministre ... est en visite. Il a demandé").
    """
    sents = list(pronoun.doc.sents)
    at = next((n for n, s in enumerate(sents) if s.start <= pronoun.i < s.end), 0)
    for sent in reversed(sents[max(0, at - _ANTECEDENT_SENTENCES) : at]):
        subject = next(
            (c for c in sent.root.children if c.dep_ in ("nsubj", "nsubj:pass")), None
        )
        if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
            return _filler(subject), sent
    return None
