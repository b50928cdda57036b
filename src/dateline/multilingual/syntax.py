"""Who did what to whom from a dependency parse, for a language that has one (finder).

Reads a document's text with natasha (slovnet's morphology and syntax models
and the navec embeddings, all inside the natasha wheel: nothing is downloaded)
and the language's role patterns (``data/roles/<lang>.yaml``, spaCy
DependencyMatcher patterns over Universal Dependencies labels); returns, for a
trigger's character span, the character spans of its initiator and recipient
as the parse names them, and whether it has a subject at all (a dropped
subject, "Затем обстреляли Горловку", continues the article's doer).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from dateline.model import RoleChunk
from dateline.multilingual.roles import Role
from dateline.multilingual.view import SentenceView
from dateline.resources import RolePattern

# A finite verb with no subject of its own, in the third person or the past
# (which has no person in Russian): its doer is told earlier.
_SUBJECTLESS_FORMS = ("Person=3", "Tense=Past")
# Personal pronouns, as subjects, that stand for a doer told earlier
# (Russian, and Ukrainian for natasha's parse of it).
_PRONOUNS = frozenset({"он", "она", "они", "оно", "він", "вона", "вони", "воно"})
# Kinds of state body that a state's name after them makes that state's
# ("армии Ирака"): they stand for a named side, unlike "боевики".
_STATE_ORGANS = frozenset(
    {"generic-army", "generic-police", "generic-security-forces", "generic-government"}
)


@dataclass(frozen=True, slots=True)
class Filler:
    """A role's filler: the token's own characters and its phrase's."""

    role: str  # subject, object, agent, passive_subject
    start: int  # the filler token
    end: int
    phrase_start: int  # its subtree, without the trigger's words
    phrase_end: int
    pronoun: bool = False  # "они": stands for a doer told earlier


@dataclass(frozen=True, slots=True)
class TriggerSyntax:
    """What the parse says about one trigger."""

    fillers: tuple[Filler, ...]  # nearest the trigger's head first
    passive: bool  # a passive participle or its auxiliary
    subjectless: bool  # a finite active verb with no subject: a dropped subject


class ParsedDocument:
    """One document's parse and its role fillers, looked up by character offsets."""

    def __init__(
        self,
        doc: Doc,
        starts: list[int],
        ends: list[int],
        fillers: dict[int, list[tuple[str, int]]],
    ) -> None:
        self.doc = doc
        self.starts = starts  # character offsets of each token in the text
        self.ends = ends
        self.fillers = fillers  # head token -> (role, filler token), as matched

    def tokens_in(self, start: int, end: int) -> range:
        """Indices of the tokens inside characters [start, end)."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return range(lo, hi)

    def trigger(self, start: int, end: int) -> TriggerSyntax | None:
        """The syntax of the trigger at characters [start, end); None if unparsed."""
        inside = self.tokens_in(start, end)
        if not inside:
            return None
        doc = self.doc
        # The trigger's head: its token whose head lies outside it.
        head = next(
            (k for k in inside if doc[k].head.i not in inside or doc[k].head.i == k),
            inside[0],
        )
        token = doc[head]
        fillers = []
        # Nearest the head first: of two subjects the parse gives one verb
        # ("INTERFAX.RU - ... полицейские задержали"), the nearer is its own.
        for role, k in sorted(
            self.fillers.get(head, []), key=lambda f: abs(f[1] - head)
        ):
            if k in inside:
                continue  # "нанесли удар": the object is part of the trigger
            filler = doc[k]
            left = min((t.i for t in filler.subtree if t.i not in inside), default=k)
            right = max((t.i for t in filler.subtree if t.i not in inside), default=k)
            fillers.append(
                Filler(
                    role=role,
                    start=self.starts[k],
                    end=self.ends[k],
                    phrase_start=self.starts[left],
                    phrase_end=self.ends[right],
                    pronoun=filler.lower_ in _PRONOUNS and filler.pos_ == "PRON",
                )
            )
        passive = token.morph.get("Voice", []) == ["Pass"] or any(
            c.dep_ in ("aux:pass", "nsubj:pass") for c in token.children
        )
        finite = token.pos_ == "VERB" and token.morph.get("VerbForm", []) == ["Fin"]
        subject = any(c.dep_.startswith(("nsubj", "csubj")) for c in token.children)
        subjectless = (
            finite
            and not passive
            and not subject
            and any(f in str(token.morph) for f in _SUBJECTLESS_FORMS)
            and token.dep_ not in ("conj", "xcomp", "acl", "advcl")
        )
        return TriggerSyntax(
            fillers=tuple(fillers), passive=passive, subjectless=subjectless
        )


class RoleFillers:
    """A language's role patterns (data/roles/<lang>.yaml) in one DependencyMatcher."""

    def __init__(self, vocab: Vocab, patterns: Iterable[RolePattern]) -> None:
        self.matcher = DependencyMatcher(vocab)
        self.roles: dict[int, str] = {}
        for pattern in patterns:
            self.matcher.add(pattern.id, [list(pattern.pattern)])
            self.roles[vocab.strings[pattern.id]] = pattern.role

    def __call__(self, doc: Doc) -> dict[int, list[tuple[str, int]]]:
        """Every head token's role fillers: (role, filler token index)."""
        out: dict[int, list[tuple[str, int]]] = {}
        for match_id, tokens in self.matcher(doc):
            pair = (self.roles[match_id], tokens[-1])
            found = out.setdefault(tokens[0], [])
            if pair not in found:
                found.append(pair)
        return out


def role_vocab() -> Vocab:
    """A vocabulary whose words know their lower case, which role patterns test."""
    return Vocab(lex_attr_getters={LOWER: str.lower})


class SyntaxReader:
    """natasha's Russian parser and a language's role patterns; built once."""

    def __init__(self, patterns: Iterable[RolePattern]) -> None:
        # natasha loads its models from its own package data, at import.
        from natasha import (
            Doc as NatashaDoc,
        )
        from natasha import (
            NewsEmbedding,
            NewsMorphTagger,
            NewsSyntaxParser,
            Segmenter,
        )

        embedding = NewsEmbedding()
        self._new_doc = NatashaDoc
        self._segmenter = Segmenter()
        self._morph = NewsMorphTagger(embedding)
        self._syntax = NewsSyntaxParser(embedding)
        self.vocab = role_vocab()
        self.fillers = RoleFillers(self.vocab, patterns)

    def parse(self, text: str) -> ParsedDocument:
        """Parse a document and find every role filler in it."""
        parsed = self._new_doc(text)
        parsed.segment(self._segmenter)
        parsed.tag_morph(self._morph)
        parsed.parse_syntax(self._syntax)
        words: list[str] = []
        heads: list[int] = []
        deps: list[str] = []
        pos: list[str] = []
        morphs: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for sent in parsed.sents:
            offset = len(words)
            ids = {t.id: offset + n for n, t in enumerate(sent.tokens)}
            for n, t in enumerate(sent.tokens):
                words.append(t.text)
                heads.append(ids.get(t.head_id, offset + n))
                deps.append("ROOT" if t.rel == "root" else t.rel or "dep")
                pos.append(t.pos or "X")
                morphs.append(
                    "|".join(f"{k}={v}" for k, v in sorted((t.feats or {}).items()))
                )
                starts.append(t.start)
                ends.append(t.stop)
        doc = Doc(
            self.vocab,
            words=words,
            heads=_without_cycles(heads),
            deps=deps,
            pos=pos,
            morphs=morphs,
        )
        return ParsedDocument(doc, starts, ends, self.fillers(doc))


def parsed_roles(
    view: SentenceView,
    syntax: TriggerSyntax,
    roles: list[Role],
    actor: Role | None,
    target: Role | None,
) -> tuple[Role | None, Role | None]:
    """The word-order roles, overridden where the parse names an actor mention.

    A filler names the mention it overlaps, else the first mention inside its
    phrase ("Боевики ИГИЛ" names ИГИЛ); a filler that names none ("два танка")
    leaves the role as word order found it. A passive verb with no agent in
    the parse does not take what it was done to as its initiator.
    """
    spans = [(view.words[r.start].start, view.words[r.end - 1].end, r) for r in roles]

    def mention_of(filler: Filler) -> Role | None:
        found = []
        for n, (s, e, role) in enumerate(spans):
            own = s < filler.end and filler.start < e
            if not own and not (filler.phrase_start <= s and e <= filler.phrase_end):
                continue
            # A named side before a kind of people: "Боевики ИГИЛ" is IS.
            kind = role.demonym or (
                role.hit.actor_id.startswith("generic-")
                and role.hit.actor_id not in _STATE_ORGANS
            )
            found.append((kind, not own, n, role))
        return min(found, key=lambda f: f[:3])[3] if found else None

    agent = subject = done_to = None
    for filler in syntax.fillers:
        role = mention_of(filler)
        if role is None:
            continue
        if filler.role == "agent" and agent is None:
            agent = role
        elif filler.role == "subject" and subject is None and not syntax.passive:
            subject = role
        elif filler.role == "passive_subject" or (
            filler.role == "object" and done_to is None
        ):
            done_to = role
    doer = agent or subject
    if doer is not None:
        actor = doer
    elif syntax.passive and actor is not None and actor is (done_to or target):
        actor = None
    if done_to is not None and done_to is not actor:
        target = done_to
    if target is actor:
        target = None
    return actor, target


def dropped_subject(
    view: SentenceView, i: int, j: int, syntax: TriggerSyntax
) -> RoleChunk | None:
    """A pronoun or a dropped subject, to be read as the doer told before it.

    "Они атаковали", "Затем обстреляли Горловку": the chunk is marked a
    pronoun with no mention inside, so the assembler gives it the article's
    previous doer.
    """
    pronoun = next(
        (f for f in syntax.fillers if f.role == "subject" and f.pronoun), None
    )
    if pronoun is not None:
        start, end = pronoun.start, pronoun.end
    elif syntax.subjectless:
        start, end = view.char_span(i, j)
    else:
        return None
    offset = view.sentence.start
    return RoleChunk(
        start=start,
        end=end,
        text=view.sentence.text[start - offset : end - offset],
        head_lemma="",
        pronoun=True,
    )


def _without_cycles(heads: list[int]) -> list[int]:
    """Heads that form trees: a token whose heads lead round in a circle is a root.

    The parser does not promise a tree, and a cycle sends the matcher's
    descendant search round it for ever.
    """
    out = list(heads)
    for start in range(len(out)):
        seen = set()
        k = start
        while out[k] != k and k not in seen:
            seen.add(k)
            k = out[k]
        if out[k] != k:  # came back to a token already walked: a cycle
            out[k] = k
    return out
