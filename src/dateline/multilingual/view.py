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
# Quotation marks: a role standing between two is quoted ("a so-called \"terrorist\"").
QUOTES = '"«»“”„'
# Words an aside in brackets may have and not end a clause: "(MPF)", "(Conaie)".
_ASIDE_WORDS = 4


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

    def span_text(self, start: int, end: int) -> str:
        """The sentence's text from word ``start`` to the end of word ``end - 1``."""
        a, b = self.char_span(start, end)
        offset = self.sentence.start
        return self.sentence.text[a - offset : b - offset]

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


def clause_around(view: SentenceView, i: int, j: int) -> tuple[int, int]:
    """Words around a trigger up to clause punctuation or a clause break word."""
    lo = i
    while lo > 0 and (
        not any(c in CLAUSE_PUNCT for c in view.punct_before[lo])
        or (lo == i and _opens_quote(view, lo))
        or _aside_before(view, lo) is not None
    ):
        if view.cue_ending_at("clause_break", lo) is not None:
            break
        aside = _aside_before(view, lo)
        lo = aside - 1 if aside is not None and aside > 0 else lo - 1
    hi = j
    n = len(view.words)
    while hi < n and not any(c in CLAUSE_PUNCT for c in view.punct_before[hi]):
        if view.cue_starting_at("clause_break", hi) is not None:
            break
        hi += 1
    return lo, hi


def _aside_before(view: SentenceView, k: int) -> int | None:
    """Where a short aside in brackets that ends right before word k opens.

    "La Confederación ... (Conaie) denunció", "o Ministério Público Federal
    (MPF) solicitou": an acronym or a few words in brackets after a name do
    not end the clause the name is the subject of.
    """
    if view.punct_before[k] != ")":
        return None
    for start in range(k - 1, max(0, k - _ASIDE_WORDS) - 1, -1):
        if "(" in view.punct_before[start]:
            return start
        if view.punct_before[start]:
            return None
    return None


def _opens_quote(view: SentenceView, k: int) -> bool:
    """True when only a quotation mark opening a quote stands before word k.

    'Os membros da gangue "incendiaram 45 casas"': a quote that opens on the
    trigger goes on the clause its subject began, so the subject stays in the
    verb's clause. A closing mark (an odd number of marks before it) still
    ends the clause.
    """
    marks = view.punct_before[k].strip()
    if not marks or any(c not in QUOTES for c in marks):
        return False
    earlier = sum(c in QUOTES for p in view.punct_before[1:k] for c in p)
    return earlier % 2 == 0
