"""Doc -> stretches of text credited to a source, with certainty (finder).

Reads the parse and lemmas; returns AttributionScope records. The event a
trigger belongs to takes the innermost scope's source and the strongest
certainty of every scope around it (see ``combine``). Cues are data:
``data/cues/<lang>.yaml``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dateline.model import Attribution, AttributionScope, Certainty
from dateline.resources import LanguageProfile

logger = logging.getLogger(__name__)

# When scopes nest, the strongest doubt wins: a denial or a speculation about a
# report is still a denial or a speculation.
_STRENGTH: dict[str, int] = {
    "stated": 0,
    "claimed": 1,
    "reported": 2,
    "speculative": 3,
    "denied": 4,
}
_SOURCE_DEPS = ("nsubj", "nsubjpass")


def find_attributions(doc: Doc, cues: LanguageProfile) -> list[AttributionScope]:
    """Return every attribution scope in the Doc, in text order."""
    scopes: list[AttributionScope] = []
    parsed = cues.parsed
    genitive = frozenset(parsed.genitive_preps if parsed else ())
    anaphoric = {a.lower() for a in (parsed.anaphoric_sources if parsed else ())}
    reported_words = {w for w in cues.reported if " " not in w}
    reported_phrases = [w for w in cues.reported if " " in w]
    speculative_words = {w for w in cues.speculative if " " not in w}
    speculative_phrases = [w for w in cues.speculative if " " in w]
    according = [a for a in cues.according_to]
    actors = list(doc.spans.get("dateline_actors", []))
    for sent in doc.sents:
        lower = sent.text.lower()
        for token in sent:
            lemma = token.lemma_.lower()
            if (
                lemma in cues.speech_verbs
                and token.pos_ in ("VERB", "AUX")
                and token.dep_
                not in ("amod", "compound", "acl")  # "suspected jihadists"
            ):
                scope = _speech_scope(token, sent, genitive)
                speaker = _source_of(token)
                source = speaker.text.strip('“”" ') if speaker is not None else None
                certainty: Certainty = cues.speech_verbs[lemma]
                scopes.append(
                    _scope(
                        scope,
                        source,
                        certainty,
                        token.text,
                        anaphoric,
                        _ref_in(speaker, actors),
                    )
                )
            elif token.lower_ in reported_words:
                scopes.append(
                    _scope(_clause(token), None, "reported", token.text, anaphoric)
                )
            elif token.lower_ in speculative_words or lemma in speculative_words:
                scope = _clause(token) if token.pos_ in ("AUX", "ADV", "VERB") else sent
                scopes.append(_scope(scope, None, "speculative", token.text, anaphoric))
        for phrase in reported_phrases:
            if _has_phrase(lower, phrase):
                scopes.append(_scope(sent, None, "reported", phrase, anaphoric))
        for phrase in speculative_phrases:
            if _has_phrase(lower, phrase):
                scopes.append(_scope(sent, None, "speculative", phrase, anaphoric))
        for phrase in according:
            at = _find_phrase(lower, phrase)
            if at < 0:
                continue
            source_span = _source_after(
                doc, sent, sent.start_char + at + len(phrase), genitive
            )
            if source_span is None:
                continue
            source = source_span.text
            certainty = (
                "reported"
                if source_span.root.lemma_.lower() in ("report", "rumour")
                and not _is_anaphoric(source, anaphoric)
                else "stated"
            )
            if certainty == "reported" and not _is_anaphoric(source, anaphoric):
                source = None
            scopes.append(
                _scope(
                    sent,
                    source,
                    certainty,
                    phrase,
                    anaphoric,
                    _ref_in(source_span, actors),
                )
            )
    scopes.sort(key=lambda s: (s.start, -s.end))
    return scopes


def combine(scopes: list[AttributionScope], start: int, end: int) -> Attribution:
    """Return the attribution of a stretch from the scopes that contain it."""
    around = [s for s in scopes if s.start <= start and end <= s.end]
    if not around:
        return Attribution(source=None, certainty="stated")
    with_source = [s for s in around if s.attribution.source]
    innermost = min(with_source, key=lambda s: s.end - s.start) if with_source else None
    strongest = max(around, key=lambda s: _STRENGTH[s.attribution.certainty])
    certainty = strongest.attribution.certainty
    if (
        innermost is not None
        and _STRENGTH[innermost.attribution.certainty] > _STRENGTH[certainty]
    ):
        certainty = innermost.attribution.certainty
    return Attribution(
        source=innermost.attribution.source if innermost else None,
        certainty=certainty,
        cue=strongest.attribution.cue,
        source_ref=innermost.attribution.source_ref if innermost else None,
    )


def _scope(
    span: Span,
    source: str | None,
    certainty: Certainty,
    cue: str,
    anaphoric: set[str],
    source_ref: str | None = None,
) -> AttributionScope:
    return AttributionScope(
        start=span.start_char,
        end=span.end_char,
        attribution=Attribution(
            source=source, certainty=certainty, cue=cue, source_ref=source_ref
        ),
        anaphoric=source is not None and _is_anaphoric(source, anaphoric),
    )


def _is_anaphoric(source: str, anaphoric: set[str]) -> bool:
    return source.lower().strip() in anaphoric


def _speech_scope(verb: Token, sent: Span, genitive: frozenset[str]) -> Span:
    """The words a speech verb credits: its complement, else its sentence."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp", "pcomp") or (
            child.dep_ == "dobj" and verb.lemma_ == "deny"
        ):
            return doc[child.left_edge.i : child.right_edge.i + 1]
        if child.dep_ == "prep" and child.lower_ in genitive:
            return doc[child.left_edge.i : child.right_edge.i + 1]
    return sent


def _ref_in(span: Span | None, actors: list[Span] | None = None) -> str | None:
    """The dictionary actor named in a source's words ("Russia's defence ministry").

    ``actors`` is the Doc's ``dateline_actors`` group, when the caller has it.
    """
    if span is None:
        return None
    if actors is None:
        actors = list(span.doc.spans.get("dateline_actors", []))
    refs = [s.kb_id_ for s in actors if span.start <= s.start and s.end <= span.end]
    return refs[-1] if refs else None


def _source_of(verb: Token) -> Span | None:
    doc = verb.doc
    for child in verb.children:
        if child.dep_ in _SOURCE_DEPS:
            if child.dep_ == "nsubjpass" and child.lower_ in ("it",):
                continue
            return doc[child.left_edge.i : child.right_edge.i + 1]
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return doc[pobj.left_edge.i : pobj.right_edge.i + 1]
    if verb.dep_ == "conj" and verb.head.i != verb.i:
        return _source_of(verb.head)
    return _speaker_before(verb)


# Longest speaker phrase read between a comma and a subject-less speech verb.
_MAX_SPEAKER_TOKENS = 12


def _speaker_before(verb: Token) -> Span | None:
    """The phrase between a comma and a reporting verb the parser left subject-less.

    "..., killing nine civilians, the Syrian Observatory for Human Rights said."
    The parser often hangs the speaker on the clause before it; the words from
    the comma to the verb are then the speaker, when they end in a noun.
    """
    doc = verb.doc
    sent = verb.sent
    start = verb.i
    while start > sent.start and doc[start - 1].text != ",":
        start -= 1
        if verb.i - start > _MAX_SPEAKER_TOKENS or doc[start].is_punct:
            return None
    if start <= sent.start or start == verb.i:
        return None
    while start < verb.i and doc[start].pos_ in ("SCONJ", "CCONJ", "ADP", "ADV"):
        start += 1  # ", as officials said": the speaker is "officials"
    last = doc[verb.i - 1]
    if start == verb.i or last.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return doc[start : verb.i]


def _clause(token: Token) -> Span:
    doc = token.doc
    head = token.head if token.dep_ in ("advmod", "aux", "amod", "acomp") else token
    return doc[head.left_edge.i : head.right_edge.i + 1]


def _source_after(
    doc: Doc, sent: Span, char: int, genitive: frozenset[str]
) -> Span | None:
    """The noun phrase that starts at a character offset ("according to X")."""
    token = next((t for t in sent if t.idx >= char), None)
    if token is None:
        return None
    # Walk to the head noun of the phrase the token starts.
    head = token
    while (
        head.dep_ in ("det", "amod", "compound", "poss", "case", "nummod")
        and head.head.i != head.i
    ):
        head = head.head
    end = head.i
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in genitive:
            end = child.right_edge.i
    return doc[token.i : end + 1]


def _has_phrase(text: str, phrase: str) -> bool:
    return _find_phrase(text, phrase) >= 0


def _find_phrase(text: str, phrase: str) -> int:
    if phrase not in text:
        return -1
    match = _phrase_pattern(phrase).search(text)
    return match.start() if match else -1


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
