"""Attribution scopes from cue words, without a parser (finder).

"selon X", "según X", "по данным X", "وفقا لـ X", "به گزارش X" credit the words
after the cue; "X'e göre" the words before it; a speech verb ("a déclaré",
"заявил", "قال") credits the noun phrase before it, or after it when the verb
comes first ("a indiqué le ministère", "قال المرصد"). Hearsay and speculation
cues mark the whole sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from dateline.model import Attribution, AttributionScope, Certainty
from dateline.multilingual.lexicon import ActorHit, CueKind
from dateline.multilingual.view import SOURCE_PUNCT, SentenceView

_SCOPE_CERTAINTY: dict[str, Certainty] = {
    "reported": "reported",
    "speculative": "speculative",
    "self_claimed": "claimed",
}
# A source is a noun phrase: this many words at most.
_SOURCE_WORDS = 8


# A source phrase ends before these: "selon X, qui", "по данным X, погибли 20".
_STOP_KINDS: tuple[CueKind, ...] = (
    "complementizer",
    "clause_break",
    "speech",
    "according",
    "time",
    "number",
    "vague",
    "lower",
    "upper",
    "about",
    "killed",
    "injured",
    "victim",
    "passive",
)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a source is named (words [start, end)) and its cue's words."""

    start: int
    end: int
    cue_start: int
    cue_end: int
    speech: bool  # credited by a speech verb, who may be the doer ("a affirmé avoir abattu")


def find_scopes(
    view: SentenceView,
    actor_spans: list[tuple[int, int, ActorHit]],
    trigger_starts: set[int],
    verb_final: bool = False,
    proclitics: bool = False,
) -> tuple[list[AttributionScope], list[Source]]:
    """Return the sentence's attribution scopes and where their sources are."""
    scopes: list[AttributionScope] = []
    sources: list[Source] = []
    sentence = view.sentence
    n = len(view.words)
    stops = frozenset(trigger_starts)
    for start, end, hit in view.cue_spans:
        if hit.kind == "according":
            span = _after(view, end)
            certainty: Certainty = "stated"
        elif hit.kind == "according_after":
            span = _before(view, start)
            certainty = "stated"
        elif hit.kind == "speech":
            certainty = hit.value  # type: ignore[assignment]
            span = _speech_source(view, start, end, verb_final, actor_spans, stops)
        elif hit.kind in ("reported", "speculative", "self_claimed"):
            scopes.append(
                AttributionScope(
                    start=sentence.start,
                    end=sentence.end,
                    attribution=Attribution(
                        source=None,
                        certainty=_SCOPE_CERTAINTY[hit.kind],
                        cue=view.span_text(start, end),
                    ),
                )
            )
            continue
        else:
            continue
        if span is None or not (0 <= span[0] < span[1] <= n):
            continue
        sources.append(Source(span[0], span[1], start, end, hit.kind == "speech"))
        ref = next(
            (
                h.actor_id
                for s, e, h in reversed(actor_spans)
                if span[0] <= s and e <= span[1]
            ),
            None,
        )
        scopes.append(
            AttributionScope(
                start=sentence.start,
                end=sentence.end,
                attribution=Attribution(
                    source=_source_name(view.span_text(*span), proclitics),
                    certainty=certainty,
                    cue=view.span_text(start, end),
                    source_ref=ref,
                ),
            )
        )
    return scopes, sources


def _source_name(text: str, proclitics: bool) -> str:
    """The source as written, without quotes or an attached preposition."""
    name = text.strip("\"'«»“” ")
    if proclitics:
        if name.startswith("لل") and len(name) > 4:
            return "ال" + name[2:]  # "للمرصد السوري" -> "المرصد السوري"
        if name[:1] in ("ل", "ب") and name[1:3] == "ال":
            return name[1:]
    return name


def _after(
    view: SentenceView, start: int, stops: frozenset[int] = frozenset()
) -> tuple[int, int] | None:
    """The noun phrase from word ``start`` up to punctuation or a clause word."""
    n = len(view.words)
    while start < n and view.cue_starting_at("time", start) is not None:
        start = view.cue_starting_at("time", start) or start + 1
    if start < n and view.cue_starting_at("pronoun", start) is not None:
        return (start, start + 1)  # "selon elle": the source is named earlier
    end = start
    while end < n and end - start < _SOURCE_WORDS:
        if end > start and any(c in SOURCE_PUNCT for c in view.punct_before[end]):
            break
        if end > start and (_stops(view, end) or end in stops):
            break
        end += 1
    return (start, end) if end > start else None


def _before(
    view: SentenceView, end: int, stops: frozenset[int] = frozenset()
) -> tuple[int, int] | None:
    """The noun phrase ending at word ``end``, back to punctuation or a clause word."""
    start = end
    while start > 0 and end - start < _SOURCE_WORDS:
        if any(c in SOURCE_PUNCT for c in view.punct_before[start]):
            break
        if _stops(view, start - 1) or start - 1 in stops:
            break
        start -= 1
    return (start, end) if end > start else None


def _stops(view: SentenceView, i: int) -> bool:
    """Words a source phrase does not run through: "que", "и", a trigger-less verb.

    The last word of a stop phrase counts too: "في حين" (whereas) ends at "حين".
    """
    return view.words[i].text.isdigit() or any(
        view.cue_starting_at(kind, i) is not None
        or view.cue_ending_at(kind, i + 1) is not None
        for kind in _STOP_KINDS
    )


def _speech_source(
    view: SentenceView,
    start: int,
    end: int,
    verb_final: bool,
    actor_spans: list[tuple[int, int, ActorHit]],
    stops: frozenset[int],
) -> tuple[int, int] | None:
    """Who a speech verb credits: the phrase after an inverted verb, else before.

    In a verb-final language the speaker opens the sentence: "Bakanlık, ...
    açıkladı".
    """
    n = len(view.words)
    if verb_final:
        # "Bakanlık, ... açıkladı" unless the verb has its own subject after a
        # comma: "..., MSB açıkladı".
        own = _before(view, start, stops)
        if own is not None and "," in view.punct_before[own[0]]:
            return own
        opening = _after(view, 0, stops)
        if (
            opening is not None
            and opening[1] < start
            and opening[1] - opening[0] <= 6
            and "," in view.punct_before[opening[1]]
        ):
            return opening
    follows_punct = (
        any(c in ',:—–«»"“”' for c in view.punct_before[start]) or start == 0
    )
    after = None
    if end < n and view.cue_starting_at("complementizer", end) is None:
        after = _after(view, end, stops)
    before = _before(view, start, stops)
    if after is not None and (follows_punct or before is None):
        return after
    if (
        after is not None
        and before is not None
        and not _names_actor(before, actor_spans)
        and _names_actor(after, actor_spans)
        and not view.has("complementizer", after[0], after[1])
    ):
        return after  # "Об этом сообщили в Минобороны России"
    return before or after


def _names_actor(
    span: tuple[int, int], actor_spans: list[tuple[int, int, ActorHit]]
) -> bool:
    return any(span[0] <= s and e <= span[1] for s, e, _ in actor_spans)
