"""Doc -> event candidates: trigger, type, mode, roles, places and times (finder).

Reads the parse, lemmas, ``doc.ents`` and the ``dateline_*`` span groups; returns
EventCandidate records with character offsets. Triggers come from
``data/triggers/<lang>.yaml``, looked up by lemma in tables built once.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from dateline.model import CharSpan, EventCandidate, Mention, RoleChunk, Sentence
from dateline.resources import Cues, Resources, Trigger

logger = logging.getLogger(__name__)

_SUBJECTS = ("nsubj", "csubj")
_PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
_OBJECTS = ("dobj", "obj", "attr")
_CHUNK_LEFT_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nummod",
        "quantmod",
        "npadvmod",
        "punct",
        "case",
        "nmod",
        "advmod",
        "predet",
    }
)
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "them", "its", "their"})
_QUOTES = frozenset({"“", "”", '"', "«", "»", "‘", "’"})
_PLACE_NER = frozenset({"GPE", "LOC", "FAC"})
_DATE_NER = frozenset({"DATE"})
# Dependencies through which "will", "plan to", "attempt to" reach a trigger.
_IRREALIS_CLIMB = frozenset(
    {"xcomp", "ccomp", "advcl", "pobj", "pcomp", "dobj", "prep", "conj"}
)
_NAME_ENTITIES = frozenset(
    {
        "DL_ACTOR",
        "DL_PLACE",
        "DL_EQUIPMENT",
        "ORG",
        "PERSON",
        "GPE",
        "LOC",
        "FAC",
        "NORP",
        "DATE",
        "WORK_OF_ART",
        "LAW",
        "EVENT",
        "PRODUCT",
    }
)
# Words a phrase trigger may have between its own words: "carried out an
# attack", "launched two drone attacks".
_GAP_POS = frozenset({"DET", "ADJ", "NUM", "PRON", "ADV", "PART"})
_MAX_GAP = 2
_NEWLINE = re.compile("\n")
_MERGE_DEPS = frozenset(
    {"pobj", "nsubj", "nsubjpass", "dobj", "conj", "npadvmod", "appos", "pcomp"}
)


class _DocIndex:
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
        "places",
        "text",
    )

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
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
            found += [e for e in self.ents_within(start, end) if e.label_ in _PLACE_NER]
            found += [
                s
                for s in self.actors
                if start <= s.start < end and s.kb_id_.endswith("-gov")
            ]
            self._sentence_places[sent.start] = found
        return found

    @property
    def sents(self) -> list[Span]:
        if self._sents is None:
            self._sents = list(self.doc.sents)
        return self._sents


class EventFinder:
    """Find event candidates in parsed Docs; build once per language and reuse."""

    def __init__(self, vocab: Vocab, triggers: Iterable[Trigger], cues: Cues) -> None:
        self.cues = cues
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
        self._killed = frozenset(cues.killed)
        self._injured = frozenset(cues.injured)
        self._light = frozenset(cues.light_verbs)
        self._negation = frozenset(cues.negation)
        self._target_preps = frozenset(cues.target_preps)
        self._locative = frozenset(cues.locative_preps)
        self._near = frozenset(cues.near_preps)
        self._irrealis_words = frozenset(cues.irrealis)
        self._victim_subject = frozenset(cues.victim_subject_verbs)
        self._theme_object = frozenset(cues.theme_object_types)
        self._theme_subject = frozenset(cues.theme_subject_types)
        self._platforms = frozenset(cues.platforms)
        self._type_preps = {
            etype: frozenset(preps) for etype, preps in cues.type_target_preps.items()
        }
        self._symmetric = frozenset(cues.symmetric_types)
        self._folds = {host: frozenset(types) for host, types in cues.folds.items()}

    def find(self, doc: Doc) -> list[EventCandidate]:
        """Return the event candidates of a Doc, in text order."""
        matches = self._trigger_matches(doc)
        heads = {self._head(span, trig).i: (span, trig) for span, trig in matches}
        merged = self._merge(doc, heads)
        index = _DocIndex(doc)
        paragraphs = _paragraph_index(doc, index.text)
        candidates = []
        for head_i, (span, trig, extra_modes, extra_heads) in sorted(merged.items()):
            head = doc[head_i]
            candidates.append(
                self._candidate(
                    index, head, span, trig, extra_modes, extra_heads, paragraphs
                )
            )
        return candidates

    def _trigger_matches(self, doc: Doc) -> list[tuple[Span, Trigger]]:
        spans = []
        if len(doc) and not (doc.has_annotation("LEMMA") and doc.has_annotation("POS")):
            raise ValueError("the trigger look-up needs lemmas and parts of speech")
        lemmas = [token.lemma_ for token in doc]
        found = self._phrase_matches(lemmas, [token.pos_ for token in doc])
        for i, lemma in enumerate(lemmas):
            for key in self.single.get(lemma.lower(), ()):
                found.append((key, i, i + 1))
        for key, start, end in found:
            trig = self.triggers[key]
            span = Span(doc, start, end, label=key)
            head = self._head(span, trig)
            if not _pos_fits(head, trig.pos):
                continue
            if head.ent_type_ in _NAME_ENTITIES:
                # "Rapid Support Forces", "March": a word inside a name is no trigger.
                continue
            if trig.object_lemmas and not self._has_object(head, trig.object_lemmas):
                continue
            spans.append(span)
        return [(s, self.triggers[s.label_]) for s in filter_spans(spans)]

    def _phrase_matches(
        self, lemmas: list[str], pos: list[str]
    ) -> list[tuple[str, int, int]]:
        """Every (trigger key, start, end) of a phrase trigger, gap words allowed.

        A phrase matches every way its words can be found in order, each after
        up to ``_MAX_GAP`` words whose part of speech is in ``_GAP_POS``; each
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
                        for gap in range(_MAX_GAP + 1):
                            word = at + gap
                            if word >= n:
                                break
                            if lemmas[word] in form:
                                following.add(word + 1)
                            if pos[word] not in _GAP_POS:
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

    @staticmethod
    def _head(span: Span, trig: Trigger) -> Token:
        return span[0] if trig.pos == "VERB" else span[-1]

    @staticmethod
    def _has_object(head: Token, lemmas: tuple[str, ...]) -> bool:
        wanted = set(lemmas)
        for child in head.children:
            if child.dep_ in (*_OBJECTS, "dative", "prep", "nsubjpass") and any(
                t.lemma_.lower() in wanted for t in child.subtree
            ):
                return True
        if head.dep_ in ("acl", "relcl") and head.head.lemma_.lower() in wanted:
            return True
        return any(
            t.lemma_.lower() in wanted
            for t in head.head.children
            if t.dep_ == "nsubjpass"
        )

    def _merge(
        self, doc: Doc, heads: dict[int, tuple[Span, Trigger]]
    ) -> dict[int, tuple[Span, Trigger, list[str], list[int]]]:
        """Fold a trigger into the trigger it depends on: one event, not two.

        "eliminated a commander in a drone strike" is one event whose mode comes
        from the noun; "targeted X and devastated it" is one event.
        """
        out: dict[int, tuple[Span, Trigger, list[str], list[int]]] = {
            i: (span, trig, [], []) for i, (span, trig) in heads.items()
        }
        for i in sorted(heads, key=lambda k: -_depth(doc[k])):
            if i not in out:
                continue
            token = doc[i]
            consequence = token.lemma_.lower() in self._killed | self._injured
            host = _governing_trigger(token, out, consequence=True)
            if host is None or host == i:
                continue
            folds = out[i][1].type in self._folds.get(out[host][1].type, ())
            if (
                token.dep_ in ("advcl", "xcomp", "acl")
                and not consequence
                and out[host][1].type != out[i][1].type
                and not folds
            ):
                # "killed when shells hit the camp" is one assault; "protested
                # after police arrested" is two events.
                continue
            _span, trig, modes, extra = out.pop(i)
            _host_span, host_trig, host_modes, host_extra = out[host]
            if trig.type == host_trig.type:
                # Only a trigger of the same type says how: "demanded an end to
                # the fighting" is no clash.
                host_modes.extend([*([trig.mode] if trig.mode else []), *modes])
            host_extra.extend([i, *extra])
        return out

    def _candidate(
        self,
        index: _DocIndex,
        head: Token,
        span: Span,
        trig: Trigger,
        extra_modes: list[str],
        extra_heads: list[int],
        paragraphs: list[int],
    ) -> EventCandidate:
        doc = index.doc
        sent = head.sent
        actor_tok, target_tok = self._roles(head, trig, span)
        if (
            trig.type in self._symmetric
            and actor_tok is not None
            and target_tok is None
        ):
            actor_tok, target_tok = _two_sides(actor_tok)
        for i in extra_heads:
            # A folded trigger may name what the host does not: "killed in
            # airstrikes carried out by Russian warplanes".
            if actor_tok is not None and target_tok is not None:
                break
            other = doc[i]
            extra_actor, extra_target = (
                self._verb_roles(other, {i})
                if other.pos_ == "VERB"
                else self._noun_roles(other, {i})
            )
            actor_tok = actor_tok or extra_actor
            target_tok = target_tok or extra_target
        skip = set(range(span.start, span.end))
        actor = self._chunk(index, actor_tok, skip) if actor_tok is not None else None
        target = (
            self._chunk(index, target_tok, skip) if target_tok is not None else None
        )
        lemmas = {head.lemma_.lower(), *(doc[i].lemma_.lower() for i in extra_heads)}
        clause = _clause_of(head)
        clause_tokens = {t.i for t in clause.subtree}
        places, place_anaphora = self._places(
            index, clause, clause_tokens, sent, (actor, target)
        )
        mode = trig.mode or next(iter(extra_modes), None)
        sentence, sentence_lower = index.sentence(sent)
        return EventCandidate(
            event_type=trig.type,
            mode=mode,
            trigger=CharSpan(
                start=span.start_char, end=span.end_char, text=index.span_text(span)
            ),
            sentence=sentence,
            paragraph=paragraphs[head.i],
            actor=actor,
            target=target,
            places=places,
            times=_times(index, sent, clause_tokens),
            negated=self._negated(head)
            or any(self._negated(doc[i]) for i in extra_heads),
            killing=bool(lemmas & self._killed),
            injuring=bool(lemmas & self._injured),
            consequence=any(c in sentence_lower for c in self.cues.consequence),
            place_anaphora=place_anaphora,
            irrealis=self._irrealis(head),
        )

    def _roles(
        self, head: Token, trig: Trigger, span: Span
    ) -> tuple[Token | None, Token | None]:
        """Return the initiator and recipient tokens of a trigger."""
        in_trigger = set(range(span.start, span.end))
        extra = self._type_preps.get(trig.type, frozenset())
        if trig.pos == "VERB" or head.pos_ in ("VERB", "AUX"):
            actor, target = self._verb_roles(head, in_trigger, extra)
            if (
                trig.type in self._theme_object
                and target is not None
                and target.dep_ in _OBJECTS
            ):
                target = self._prep_target(head, in_trigger, extra)
            if (
                trig.type in self._theme_subject
                and actor is None
                and target is not None
                and target.dep_ in _PASSIVE_SUBJECTS
            ):
                actor, target = target, self._prep_target(head, in_trigger, extra)
            return actor, target
        actor, target = self._noun_roles(head, in_trigger, extra)
        if actor is None and target is None:
            actor, target = _between(head)
        return actor, target

    def _verb_roles(
        self, verb: Token, in_trigger: set[int], extra: frozenset[str] = frozenset()
    ) -> tuple[Token | None, Token | None]:
        actor = target = None
        passive = any(
            c.dep_ in _PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children
        )
        for child in verb.children:
            if child.dep_ in _SUBJECTS and actor is None:
                actor = child
            elif child.dep_ in _PASSIVE_SUBJECTS:
                target = child
            elif child.dep_ == "agent":
                actor = _pobj(child) or actor
            elif (
                child.dep_ in _OBJECTS and child.i not in in_trigger and target is None
            ):
                target = child
        if target is None:
            target = self._prep_target(verb, in_trigger, extra)
        victim_subject = verb.lemma_.lower() in self._victim_subject
        if victim_subject and target is None:
            actor, target = None, actor
        if actor is None and not passive and not victim_subject:
            actor = _inherited_subject(verb)
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            # "airstrikes carried out by Russia" / "militants who attacked"
            if passive or verb.tag_ == "VBN":
                target = target or verb.head
            elif actor is None or actor.lower_ in ("who", "which", "that"):
                actor = verb.head
        if (
            actor is not None
            and actor.lower_ in ("who", "which", "that")
            and verb.dep_ == "relcl"
        ):
            actor = verb.head
        return actor, target

    def _prep_target(
        self, token: Token, in_trigger: set[int], extra: frozenset[str] = frozenset()
    ) -> Token | None:
        holders = [
            token,
            *(c for c in token.children if c.dep_ in _OBJECTS and c.i in in_trigger),
        ]
        for holder in holders:
            for child in holder.children:
                if child.dep_ == "prep" and (
                    child.lower_ in self._target_preps or child.lower_ in extra
                ):
                    pobj = _pobj(child)
                    if pobj is not None and not self._is_platform(pobj):
                        return pobj
        return None

    def _noun_roles(
        self, noun: Token, in_trigger: set[int], extra: frozenset[str] = frozenset()
    ) -> tuple[Token | None, Token | None]:
        actor = target = None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                actor = _pobj(child) or actor
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
            # "airstrikes carried out by Russian warplanes"
            if actor is None and child.dep_ == "acl":
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None:
                    actor = _pobj(agent)
        target = self._prep_target(noun, in_trigger, extra)
        governor = noun.head
        if noun.dep_ in _OBJECTS and governor.pos_ in ("VERB", "AUX"):
            if governor.lemma_.lower() in self._light or actor is None:
                subject, _passive_subject = _subjects(governor)
                actor = actor or subject
                if target is None:
                    target = self._prep_target(governor, in_trigger, extra)
        elif noun.dep_ in _PASSIVE_SUBJECTS and governor.lemma_.lower() in self._light:
            agent = next((c for c in governor.children if c.dep_ == "agent"), None)
            actor = actor or (_pobj(agent) if agent is not None else None)
            target = target or self._prep_target(governor, in_trigger, extra)
        elif noun.dep_ in _SUBJECTS and governor.pos_ == "VERB":
            target = target or next(
                (c for c in governor.children if c.dep_ in _OBJECTS), None
            )
        return actor, target

    def _chunk(self, index: _DocIndex, token: Token, skip: set[int]) -> RoleChunk:
        """Return the words of a role around its head token."""
        doc = index.doc
        if token.lower_ in _PRONOUNS and token.pos_ == "PRON":
            antecedent = _antecedent(token, index)
            if antecedent is not None:
                found = self._chunk(index, antecedent, set())
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
            owner = _subject_above(token)
            if owner is not None and owner.i != token.i:
                found = self._chunk(index, owner, set())
                return RoleChunk(
                    start=doc[token.left_edge.i].idx,
                    end=token.idx + len(token),
                    text=doc[token.left_edge.i : token.i + 1].text,
                    head_lemma=token.lemma_.lower(),
                    inner=found.inner,
                )
        left = token.i
        for child in token.lefts:
            if child.dep_ in _CHUNK_LEFT_DEPS and child.i not in skip:
                left = min(left, child.left_edge.i)
        right = token.i
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                pobj = _pobj(child)
                if pobj is not None:
                    right = max(right, pobj.right_edge.i)
            elif child.dep_ in ("appos",) or child.text in _QUOTES:
                right = max(
                    right, child.right_edge.i if child.dep_ == "appos" else child.i
                )
        # Keep a closing quote that belongs to a quoted label.
        if right + 1 < len(doc) and doc[right + 1].text in _QUOTES:
            right += 1
        while (
            left < token.i
            and doc[left].dep_ == "punct"
            and doc[left].text not in _QUOTES
        ):
            left += 1
        span = doc[left : right + 1]
        inner = tuple(_inner_mentions(index, span))
        quoted = any(t.text in _QUOTES for t in span) and _quote_pair(span)
        singular = any(
            c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in token.children
        ) or any(c.dep_ == "nummod" and c.lower_ == "one" for c in token.children)
        text = index.span_text(span)
        return RoleChunk(
            start=span.start_char,
            end=span.end_char,
            text=text,
            head_lemma=token.lemma_.lower(),
            inner=inner,
            quoted=quoted,
            backed_by=_backed_by(text, self.cues.backed),
            singular=singular,
        )

    def _places(
        self,
        index: _DocIndex,
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
            inside_role = any(
                s <= span.start_char and span.end_char <= e for s, e in taken
            )
            prep = _governing_prep(span.root)
            if span.label_ not in ("DL_PLACE", *_PLACE_NER) and prep is None:
                continue
            if inside_role and prep is None:
                continue
            seen.add(key)
            label = (
                "near" if prep in self._near or _relative(span.root) else (prep or "in")
            )
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
                        ref=span.kb_id_
                        if span.kb_id_ and span.kb_id_ != "gaz"
                        else None,
                    ),
                )
            )
        mentions.sort(key=lambda m: (m[0], m[1].start))
        anaphora = False
        for token in clause_head.subtree:
            if token.dep_ == "pobj" and token.head.lower_ in self._locative:
                phrase = doc[token.left_edge.i : token.i + 1].text.lower()
                if phrase in self.cues.place_anaphora:
                    anaphora = True
        return tuple(m for _, m in mentions), anaphora

    def _is_platform(self, token: Token) -> bool:
        phrase = token.doc[token.left_edge.i : token.i + 1].text.lower()
        return (
            token.lower_ in self._platforms
            or phrase.removeprefix("the ") in self._platforms
        )

    def _irrealis(self, head: Token) -> bool:
        """True for planned, expected or hypothetical events."""
        step = head
        for _ in range(4):
            if any(
                c.dep_ == "aux" and c.lower_ in self._irrealis_words
                for c in step.children
            ):
                return True
            if step.dep_ not in _IRREALIS_CLIMB or step.head.i == step.i:
                return False
            step = step.head
            if step.lemma_.lower() in self._irrealis_words:
                return True
        return False

    def _negated(self, token: Token) -> bool:
        for child in token.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return True
        if token.dep_ in _OBJECTS and token.head.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "neg" for c in token.head.children)
        return False


def _pos_fits(head: Token, pos: str) -> bool:
    if pos == "VERB":
        return head.pos_ == "VERB" or (head.pos_ == "ADJ" and head.tag_ == "VBN")
    # Proper nouns only when written as an acronym ("IED"): "Support" in a name is not one.
    return head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.text.isupper())


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth


def _governing_trigger(
    token: Token, triggers: Mapping[int, object], consequence: bool = False
) -> int | None:
    """Return the trigger this one depends on, within two steps of the parse.

    A killing or wounding verb hanging from another trigger is its consequence
    ("repelled an attack, killing 12") and folds into it.
    """
    allowed = _MERGE_DEPS | ({"advcl", "xcomp"} if consequence else set())
    if token.dep_ not in allowed and token.dep_ not in ("prep",):
        return None
    step = token.head
    for _ in range(3):
        if step.i in triggers and step.i != token.i:
            if token.dep_ == "conj" and step.pos_ != token.pos_:
                return None
            return step.i
        if step.dep_ not in (
            "prep",
            "pobj",
            "agent",
            "dobj",
            "nsubj",
            "nsubjpass",
            "conj",
        ):
            return None
        if step.head.i == step.i:
            return None
        step = step.head
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _subjects(verb: Token) -> tuple[Token | None, Token | None]:
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    passive = next((c for c in verb.children if c.dep_ in _PASSIVE_SUBJECTS), None)
    if subject is None and passive is None:
        inherited = _inherited_subject(verb)
        return inherited, None
    return subject, passive


def _inherited_subject(verb: Token) -> Token | None:
    """The subject a verb shares with the verb it hangs from (conj, xcomp)."""
    step = verb
    for _ in range(3):
        if step.dep_ not in ("conj", "xcomp", "advcl") or step.head.i == step.i:
            return None
        step = step.head
        for child in step.children:
            if child.dep_ in (*_SUBJECTS, *_PASSIVE_SUBJECTS):
                return child
    return None


def _clause_of(token: Token) -> Token:
    step = token
    while step.pos_ not in ("VERB", "AUX") and step.head.i != step.i:
        step = step.head
    return step


def _governing_prep(token: Token) -> str | None:
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


def _relative(token: Token) -> bool:
    """True for "40 km west of X", "north of X", "the outskirts of X"."""
    step = token
    if step.dep_ == "pobj" and step.head.lower_ == "of":
        holder = step.head.head
        return holder.lower_ in (
            "north",
            "south",
            "east",
            "west",
            "northeast",
            "northwest",
            "southeast",
            "southwest",
            "outskirts",
            "edge",
            "vicinity",
            "countryside",
            "suburbs",
            "environs",
            "border",
            "outskirt",
        )
    return False


def _two_sides(subject: Token) -> tuple[Token, Token | None]:
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


def _between(noun: Token) -> tuple[Token | None, Token | None]:
    """Return the two sides of "talks between the government and the OLA"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            first = _pobj(child)
            if first is None:
                continue
            second = next((c for c in first.children if c.dep_ == "conj"), None)
            return first, second
    return None, None


def _subject_above(token: Token) -> Token | None:
    """The subject of a verb above a token in its sentence ("Turkey said its drones")."""
    step = token
    for _ in range(6):
        if step.head.i == step.i:
            return None
        step = step.head
        if step.pos_ in ("VERB", "AUX"):
            for child in step.children:
                if child.dep_ in _SUBJECTS and not (
                    child.left_edge.i <= token.i <= child.right_edge.i
                ):
                    return child
    return None


def _antecedent(pronoun: Token, doc_index: _DocIndex) -> Token | None:
    """The subject of an earlier sentence a pronoun stands for ("it" -> the US)."""
    sents = doc_index.sents
    index = next((n for n, s in enumerate(sents) if s.start <= pronoun.i < s.end), 0)
    for sent in reversed(sents[max(0, index - 3) : index]):
        subject = next(
            (
                c
                for c in sent.root.children
                if c.dep_ in (*_SUBJECTS, *_PASSIVE_SUBJECTS)
            ),
            None,
        )
        if subject is None:
            continue
        if subject.lower_ in _PRONOUNS and subject.pos_ == "PRON":
            return _antecedent(subject, doc_index)
        if subject.pos_ in ("PROPN", "NOUN"):
            return subject
        return None
    return None


def _in_locative(span: Span, chunk: Span) -> bool:
    """True when a mention sits in a place phrase inside a role ("in Syria")."""
    step = span.root
    while chunk.start <= step.i < chunk.end and step.head.i != step.i:
        if step.dep_ == "pobj" and step.head.lower_ in (
            "in",
            "at",
            "near",
            "across",
            "inside",
            "outside",
            "around",
            "over",
        ):
            return True
        step = step.head
    return False


def _inner_mentions(index: _DocIndex, span: Span) -> Iterable[Mention]:
    groups = (("actor", index.actors), ("actor", index.equipment))
    seen = set()
    for _kind, spans in groups:
        for s in spans:
            if span.start <= s.start and s.end <= span.end:
                seen.add((s.start, s.end))
                if _in_locative(s, span):
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
        if _in_locative(ent, span):
            continue
        yield Mention(
            kind="actor",
            start=ent.start_char,
            end=ent.end_char,
            text=index.span_text(ent),
            label=ent.label_,
        )


def _quote_pair(span: Span) -> bool:
    opens = sum(1 for t in span if t.text in ("“", "«", "‘", '"'))
    return opens >= 1


def _backed_by(text: str, cues: tuple[str, ...]) -> str | None:
    for cue in cues:
        at = text.find(cue)
        if at > 0:
            words = text[:at].split()
            return words[-1] if words else None
    return None


def _times(index: _DocIndex, sent: Span, clause: set[int]) -> tuple[Mention, ...]:
    """The sentence's time expressions, those in the trigger's clause first.

    "The army said on Monday that its troops killed 30 on Saturday": the
    killing is Saturday's, the statement Monday's.
    """
    doc = index.doc
    ents = [e for e in index.ents_within(sent.start, sent.end) if e.label_ in _DATE_NER]
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


def _paragraph_index(doc: Doc, text: str) -> list[int]:
    """The paragraph of every token: a blank line starts the next paragraph.

    Only a token with two line breaks in it can hold a blank line, so those
    are found from the text's line breaks rather than by reading every token.
    """
    starts = doc.to_array("IDX").tolist()
    breaks_in: Counter[int] = Counter(
        bisect_right(starts, match.start()) - 1 for match in _NEWLINE.finditer(text)
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


def find_place_mentions(
    doc: Doc, cues: Cues, resources: Resources
) -> tuple[list[Mention], Counter[str]]:
    """Every place mention of a parsed article, and the countries of its actors.

    Reads the dictionary's place and actor spans and the NER's places; a
    mention's label is its preposition ("in", "near") or "actor" for a
    country named as a government ("Kabul said"), which still tells which
    country the article is about.
    """
    countries = (
        s for s in doc.spans.get("dateline_actors", []) if s.kb_id_.endswith("-gov")
    )
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
        elif before in cues.locative_preps or s.label_ != "DL_ACTOR":
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
        if entry is not None and entry.country:
            actor_countries[entry.country] += 0.5 if entry.id.endswith("-gov") else 1  # type: ignore[assignment]
    return place_mentions, actor_countries
