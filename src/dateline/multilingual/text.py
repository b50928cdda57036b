"""Sentences, tokens and phrase look-up for languages coded without a parser.

Every token keeps its character offsets into ``Document.text``. A token is
looked up by several keys at once: its normalised form, its simplemma lemma,
Arabic forms without proclitics ("والقوات" -> "القوات", "قوات"), and the
declared stems it starts with ("bombard*"). A :class:`PhraseIndex` is a trie
over those keys, so matching costs one walk per token position whatever the
number of phrases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

import simplemma

V = TypeVar("V", bound=Hashable)

# A word: letters, digits, Arabic marks and tatweel, the Persian zero-width
# non-joiner (inside "می‌کنند"); apostrophes and hyphens split words, so
# "l'armée" and "Irak'ın" give the noun alone.
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640\u200c]+|[^\w\s]")
# A sentence ends at . ! ? ؟ … and space, when a capital, a digit or an
# uncased letter (Arabic, Persian) follows (see ``_starts_sentence``).
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])[\"»”’)]*\s+")
# Abbreviations that end in a dot without ending the sentence.
_ABBREVIATIONS = frozenset(
    {
        "m",
        "mm",
        "mme",
        "dr",
        "st",
        "sr",
        "sra",
        "gen",
        "col",
        "lt",
        "nr",
        "z",
        "bzw",
        "vgl",
        "sen",
        "gral",
        "г",
        "гг",
        "ул",
        "им",
        "т",
        "н",
        "э",
        "av",
    }
)
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_ARABIC_LETTERS = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None, "ی": "ي", "ک": "ك"})
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی", "ـ": None, "ة": "ه"})
_STEM_MIN = 2
_TURKISH_SUFFIX = re.compile(r"['’](\w+)")
STEM_MARK = "*"


def normalize(text: str, language: str) -> str:
    """Return the look-up form of a word: casefolded, one Arabic and Persian spelling."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    decomposed = unicodedata.normalize("NFD", folded)
    if language in ("ar", "fa"):
        # Short vowels and hamza seats vary in Arabic script; accents elsewhere
        # tell words apart ("marché" is not "marche").
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = unicodedata.normalize("NFC", decomposed).replace("\u200c", "")
    if language == "ar":
        out = out.translate(_ARABIC_LETTERS)
    elif language == "fa":
        out = out.translate(_PERSIAN_LETTERS)
    return out


@lru_cache(maxsize=200_000)
def lemma_of(word: str, language: str) -> str:
    """Return simplemma's lemma of a word, normalised (cached per process)."""
    return normalize(simplemma.lemmatize(word, lang=language), language)


def proclitic_forms(norm: str) -> tuple[str, ...]:
    """Arabic forms of a word without its proclitics: و/ف, ب/ل/ك, ال."""
    forms = [norm]
    if len(norm) > 3 and norm[0] in "وف":
        forms.append(norm[1:])
    for form in list(forms):
        if len(form) > 3 and form.startswith("لل"):
            forms.append("ال" + form[2:])
        elif len(form) > 3 and form[0] in "بلك":
            forms.append(form[1:])
    for form in list(forms):
        if len(form) > 4 and form.startswith("ال"):
            forms.append(form[2:])
    return tuple(dict.fromkeys(forms))


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark with its offsets and look-up keys."""

    start: int
    end: int
    text: str
    norm: str
    lemma: str
    keys: tuple[str, ...]  # surface forms and stems a phrase may name it by
    suffix: str = ""  # a Turkish case ending set off by an apostrophe ("'da", "'nın")

    @property
    def is_word(self) -> bool:
        """True for words and numbers, False for punctuation."""
        return self.text[0].isalnum() or self.text[0] == "_"

    @property
    def capitalised(self) -> bool:
        """True when the word starts with a capital letter."""
        return self.text[0].isupper()


@dataclass(frozen=True, slots=True)
class Span:
    """Tokens ``start`` (inclusive) to ``end`` (exclusive) of a sentence."""

    start: int
    end: int


def split_sentences(
    text: str, months: frozenset[str] = frozenset()
) -> list[tuple[int, int, int]]:
    """Return (start, end, paragraph) of each sentence, by character offsets.

    ``months`` are the language's month names, casefolded: a number with a
    dot before one is an ordinal day ("am 28. Oktober"), not a sentence end.
    """
    out: list[tuple[int, int, int]] = []
    breaks = [*_PARAGRAPH.finditer(text), None]
    position = 0
    for paragraph, match in enumerate(breaks):
        end = match.start() if match else len(text)
        _split_paragraph(text, position, end, paragraph, out, months)
        if match is not None:
            position = match.end()
    return out


def _split_paragraph(
    text: str,
    start: int,
    end: int,
    paragraph: int,
    out: list[tuple[int, int, int]],
    months: frozenset[str] = frozenset(),
) -> None:
    chunk = text[start:end]
    begin = 0
    for match in _SENTENCE_END.finditer(chunk):
        if not _starts_sentence(chunk[match.end() : match.end() + 3]):
            continue
        before = chunk[begin : match.start()].rstrip('"»”’)')
        last_word = re.search(r"(\w+)\.$", before)
        if last_word and (
            last_word.group(1).casefold() in _ABBREVIATIONS
            or len(last_word.group(1)) == 1
        ):
            continue
        if last_word and last_word.group(1).isdigit() and months:
            following = re.match(r"\w+", chunk[match.end() :])
            if following and following.group().casefold() in months:
                continue  # "am 28. Oktober": an ordinal day
        _add(text, start + begin, start + match.start(), paragraph, out)
        begin = match.end()
    _add(text, start + begin, end, paragraph, out)


def _starts_sentence(text: str) -> bool:
    first = text.lstrip('"«“(—–-')[:1]
    return bool(first) and (
        first.isdigit() or (first.isalpha() and not first.islower())
    )


def _add(
    text: str, start: int, end: int, paragraph: int, out: list[tuple[int, int, int]]
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end, paragraph))


def tokenize(
    text: str, start: int, end: int, language: str, stems: frozenset[str]
) -> list[Token]:
    """Tokenise ``text[start:end]`` with look-up keys for every token."""
    tokens: list[Token] = []
    skip_until = start
    for match in _WORD.finditer(text, start, end):
        if match.start() < skip_until:
            continue
        word = match.group()
        suffix = ""
        if language == "tr" and word[0].isalnum():
            ending = _TURKISH_SUFFIX.match(text, match.end(), end)
            if ending:
                # "İsrail'in", "Halep'te": the name alone is the token.
                suffix = ending.group(1)
                skip_until = ending.end()
        norm = normalize(word, language)
        lemma = lemma_of(word, language) if word[0].isalpha() else norm
        forms = proclitic_forms(norm) if language == "ar" else (norm,)
        keys = list(forms)
        if stems:
            for form in forms:
                for size in range(_STEM_MIN, len(form) + 1):
                    if form[:size] in stems:
                        keys.append(form[:size] + STEM_MARK)
        tokens.append(
            Token(match.start(), match.end(), word, norm, lemma, tuple(keys), suffix)
        )
    return tokens


def phrase_keys(phrase: str, language: str) -> tuple[tuple[str, ...], set[str]]:
    """Return a phrase's token keys and the stems it declares ("bombard*")."""
    keys: list[str] = []
    stems: set[str] = set()
    for match in _WORD.finditer(phrase.replace(STEM_MARK, " " + STEM_MARK)):
        word = match.group()
        if word == STEM_MARK and keys:
            stems.add(keys[-1])
            keys[-1] += STEM_MARK
        elif word[0].isalnum():
            keys.append(normalize(word, language))
    return tuple(keys), stems


def lemma_keys(keys: Sequence[str], language: str) -> tuple[str, ...]:
    """The same phrase as lemmas: "Исламского государства" -> "исламский государство"."""
    return tuple(k if k.endswith(STEM_MARK) else lemma_of(k, language) for k in keys)


class PhraseIndex(Generic[V]):
    """A trie of phrases over token keys; finds the longest phrase at each token."""

    _END = "\x00"

    def __init__(self, lemmas: bool = True) -> None:
        self._root: dict[str, object] = {}
        self.size = 0
        # Whether a token's lemma also matches (triggers, names), or only its
        # written forms (cue words: "des" must not match "un" through its lemma).
        self.lemmas = lemmas

    def add(self, keys: Sequence[str], value: V) -> None:
        """Add a phrase (its token keys) with the value it stands for."""
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})  # type: ignore[assignment]
        values: list[V] = node.setdefault(self._END, [])  # type: ignore[assignment]
        if value not in values:
            values.append(value)
            self.size += 1

    def longest_at(self, tokens: Sequence[Token], i: int) -> tuple[int, list[V]]:
        """Return (end, values) of the longest phrase starting at token ``i``."""
        best_end = i
        best: list[V] = []
        frontier: list[dict[str, object]] = [self._root]
        j = i
        while frontier and j < len(tokens):
            nxt: list[dict[str, object]] = []
            token = tokens[j]
            keys = (*token.keys, token.lemma) if self.lemmas else token.keys
            for node in frontier:
                for key in keys:
                    child = node.get(key)
                    if isinstance(child, dict):
                        nxt.append(child)
            j += 1
            found: list[V] = []
            for node in nxt:
                values = node.get(self._END)
                if isinstance(values, list):
                    # A word may reach several phrases at once ("قتل" and "قتل*").
                    found.extend(v for v in values if v not in found)
            if found:
                best_end, best = j, found
            frontier = nxt
        return best_end, best

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int, list[V]]]:
        """Return leftmost-longest non-overlapping matches as (start, end, values)."""
        out = []
        i = 0
        while i < len(tokens):
            end, values = self.longest_at(tokens, i)
            if values:
                out.append((i, end, values))
                i = end
            else:
                i += 1
        return out


def index_phrases(
    entries: Iterable[tuple[str, V]],
    language: str,
    with_lemmas: bool = True,
    exact: Callable[[str], bool] | None = None,
) -> tuple[PhraseIndex[V], frozenset[str]]:
    """Build a PhraseIndex from (phrase, value) pairs; returns it and its stems.

    ``exact`` marks phrases matched only as written: an English name in a
    German text is not inflected, and its German "lemma" is noise.
    """
    index: PhraseIndex[V] = PhraseIndex(lemmas=with_lemmas)
    stems: set[str] = set()
    for phrase, value in entries:
        keys, declared = phrase_keys(phrase, language)
        stems |= declared
        index.add(keys, value)
        if with_lemmas and not (exact is not None and exact(phrase)):
            index.add(lemma_keys(keys, language), value)
    return index, frozenset(stems)
