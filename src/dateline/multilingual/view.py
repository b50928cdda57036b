"""One sentence as the parser-free finders see it: words, cue hits, clause marks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dateline.model import Sentence
from dateline.multilingual.lexicon import CueHit, CueKind, Lexicon
from dateline.multilingual.text import Token, tokenize

# Punctuation that closes a clause for roles and sources.
CLAUSE_PUNCT = frozenset(';:()[]—–«»"“”')
SOURCE_PUNCT = frozenset(',;:()[]—–«»"“”.!?؟،؛')


@dataclass(slots=True)
class SentenceView:
    """Words of a sentence (punctuation kept apart) and the cues found in them."""

    sentence: Sentence
    paragraph: int
    words: list[Token]
    # Punctuation written between word i-1 and word i.
    punct_before: list[str]
    cue_spans: list[tuple[int, int, CueHit]] = field(default_factory=list)
    starts: dict[CueKind, dict[int, int]] = field(default_factory=dict)
    ends: dict[CueKind, dict[int, int]] = field(default_factory=dict)

    def has(self, kind: CueKind, start: int, end: int) -> bool:
        """True when a cue of ``kind`` lies inside words [start, end)."""
        return any(start <= s < end for s in self.starts.get(kind, {}))

    def cue_ending_at(self, kind: CueKind, end: int, gap: int = 0) -> int | None:
        """Start of a ``kind`` cue that ends at word ``end`` (up to ``gap`` earlier)."""
        ends = self.ends.get(kind, {})
        for e in range(end, end - gap - 1, -1):
            if e in ends:
                return ends[e]
        return None

    def cue_starting_at(self, kind: CueKind, start: int) -> int | None:
        """End of a ``kind`` cue that starts at word ``start``."""
        return self.starts.get(kind, {}).get(start)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of words [start, end)."""
        return self.words[start].start, self.words[end - 1].end

    def breaks_between(self, start: int, end: int, marks: frozenset[str]) -> bool:
        """True when punctuation in ``marks`` stands between words start and end."""
        return any(
            any(c in marks for c in self.punct_before[i])
            for i in range(start + 1, end + 1)
            if i < len(self.words)
        )


def build_view(
    text: str, start: int, end: int, paragraph: int, lexicon: Lexicon
) -> SentenceView:
    """Tokenise one sentence and find its cue words."""
    tokens = tokenize(text, start, end, lexicon.language, lexicon.stems)
    words = [t for t in tokens if t.is_word]
    punct = []
    previous = start
    for word in words:
        punct.append(text[previous : word.start].strip())
        previous = word.end
    view = SentenceView(
        sentence=Sentence(start=start, end=end, text=text[start:end]),
        paragraph=paragraph,
        words=words,
        punct_before=punct,
    )
    starts: dict[CueKind, dict[int, int]] = defaultdict(dict)
    ends: dict[CueKind, dict[int, int]] = defaultdict(dict)
    # Every cue at every position: kinds overlap ("morts" counts and kills).
    covered: dict[CueKind, int] = {}
    for i in range(len(words)):
        stop, hits = lexicon.cue_index.longest_at(words, i)
        for hit in hits:
            if covered.get(hit.kind, 0) > i:
                continue  # inside a longer cue of the same kind
            covered[hit.kind] = stop
            view.cue_spans.append((i, stop, hit))
            starts[hit.kind].setdefault(i, stop)
            ends[hit.kind].setdefault(stop, i)
    view.starts = dict(starts)
    view.ends = dict(ends)
    return view
