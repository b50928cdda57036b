"""Figures and time expressions in a sentence view (finder).

Numbers are digits in any script ("12", "1 200", "۱۲") or number words from the
language's cue file ("vingt", "عشرين", "двадцать"), joined when they run on
("двадцать три", "ثلاثة وعشرين"). A figure needs a counted noun or a word of
killing or wounding near it; otherwise it is a year, an hour or an address.
"""

from __future__ import annotations

import re

from dateline.model import Figure, Mention, Qualifier
from dateline.multilingual.lexicon import CueKind
from dateline.multilingual.text import Token
from dateline.multilingual.view import CLAUSE_PUNCT, SentenceView

_DIGITS = re.compile(r"^\d+$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
# How far a word of killing may stand from the number or its noun.
_KILL_WINDOW = 4
_MULTIPLIERS = frozenset({100, 1000, 1_000_000})
_HARM: tuple[CueKind, ...] = ("killed", "injured")
_QUALIFIERS: tuple[tuple[CueKind, Qualifier], ...] = (
    ("lower", "at_least"),
    ("upper", "at_most"),
    ("about", "about"),
    ("exact", "exact"),
)


def find_figures(view: SentenceView) -> list[Figure]:
    """Return the counted figures of one sentence."""
    words = view.words
    text = view.sentence.text
    offset = view.sentence.start
    numbers = view.starts.get("number", {})
    vague = view.starts.get("vague", {})
    figures = []
    i = 0
    while i < len(words):
        value, end, qualifier = _number_at(view, i, numbers, vague)
        if value is None:
            i += 1
            continue
        if _is_date_or_year(view, i, end, value):
            i = end
            continue
        unit, stop = _unit_after(view, i, end)
        if unit is None:
            i = end
            continue
        start_word = i
        for kind, name in _QUALIFIERS:
            begin = view.cue_ending_at(kind, i, gap=1)
            if begin is not None:
                start_word, qualifier = begin, name
                break
        start, stop_char = view.char_span(start_word, stop)
        figures.append(
            Figure(
                value=value,
                qualifier=qualifier,
                unit=unit,
                text=text[start - offset : stop_char - offset],
                start=start,
                end=stop_char,
            )
        )
        i = end
    return figures


def _number_at(
    view: SentenceView, i: int, numbers: dict[int, int], vague: dict[int, int]
) -> tuple[int | None, int, Qualifier]:
    words = view.words
    if i in vague:
        hit = _cue_value(view, "vague", i)
        return hit, vague[i], "vague"
    if _DIGITS.match(words[i].text):
        digits = words[i].text
        end = i + 1
        # "1 200", "1.200", "1,200": groups of three after a separator.
        while (
            end < len(words)
            and len(words[end].text) == 3
            and _DIGITS.match(words[end].text)
            and view.punct_before[end] in ("", ".", ",")
            and words[end].start - words[end - 1].end <= 1
        ):
            digits += words[end].text
            end += 1
        return int(digits), end, "exact"
    if i not in numbers:
        return None, i + 1, "exact"
    value = _cue_value(view, "number", i) or 0
    end = numbers[i]
    # Number words run on: "vingt et un", "двадцать три", "ثلاثة وعشرين".
    while end < len(words):
        gap = end
        if end + 1 < len(words) and words[end].norm in ("et", "y", "e", "und", "و"):
            gap = end + 1
        if gap not in numbers:
            break
        nxt = _cue_value(view, "number", gap) or 0
        value = value * nxt if nxt in _MULTIPLIERS and value < nxt else value + nxt
        end = numbers[gap]
    return value, end, "exact"


def _cue_value(view: SentenceView, kind: CueKind, i: int) -> int | None:
    for start, _, hit in view.cue_spans:
        if start == i and hit.kind == kind:
            return int(hit.value)
    return None


def _is_date_or_year(view: SentenceView, i: int, end: int, value: int) -> bool:
    words = view.words
    if _YEAR.match(words[i].text) and end == i + 1:
        return True
    near_month = view.cue_starting_at("month", end) is not None or (
        end + 1 < len(words) and view.cue_starting_at("month", end + 1) is not None
    )
    if near_month or view.cue_ending_at("month", i, gap=1) is not None:
        return True
    # "14h30", "10:45"
    return end < len(words) and view.punct_before[end] == ":" and value < 25


def _unit_after(view: SentenceView, i: int, end: int) -> tuple[str | None, int]:
    """What a number counts, and the word after the counted phrase.

    A counted noun from the cue file gives the unit; a word of killing or
    wounding next to the number or its noun makes it "killed" or "injured"
    ("tuant vingt civils", "погибли три человека", "مقتل 20 شخصا").
    """
    words = view.words
    unit = None
    stop = end
    article = _cue_value(view, "number", i) == 1 and not _DIGITS.match(words[i].text)
    if article and view.cue_starting_at("unit", end) is None:
        return None, end  # "une attaque", "ein Angriff": an article, not a count
    for j in range(end, min(end + 3, len(words))):
        if any(c in CLAUSE_PUNCT or c in ",." for c in view.punct_before[j]):
            break
        for kind in _HARM:
            harm_end = view.cue_starting_at(kind, j)
            if harm_end is not None:
                return kind, harm_end
        unit_end = view.cue_starting_at("unit", j)
        if unit_end is not None:
            unit = _unit_name(view, j)
            stop = unit_end
            break
    if unit is None:
        for kind in _HARM:
            if view.cue_ending_at(kind, i, gap=_KILL_WINDOW) is not None:
                return kind, end
        if (
            end < len(words)
            and words[end].text.isalpha()
            and not view.punct_before[end]
        ):
            # An unknown counted noun ("quinze fidèles"): its killing word may follow.
            unit, stop = words[end].lemma, end + 1
        else:
            return None, end
    lo = max(0, i - _KILL_WINDOW)
    hi = min(len(words), stop + _KILL_WINDOW)
    best: tuple[int, str] | None = None
    for kind in _HARM:
        for start in view.starts.get(kind, {}):
            if lo <= start < hi and not (i <= start < stop):
                if view.breaks_between(
                    min(start, i), max(start, stop - 1), CLAUSE_PUNCT
                ):
                    continue
                distance = i - start if start < i else start - stop
                if best is None or distance < best[0]:
                    best = (distance, kind)
    if best is not None:
        return best[1], stop
    return unit, stop


def _unit_name(view: SentenceView, j: int) -> str:
    for start, _, hit in view.cue_spans:
        if start == j and hit.kind == "unit":
            return hit.value
    return ""


def find_times(view: SentenceView) -> list[Mention]:
    """Return the time expressions of a sentence: weekdays, "hier", "12 mars"."""
    words = view.words
    out = []
    for start, stop in view.starts.get("time", {}).items():
        a, b = view.char_span(start, stop)
        out.append(_time(view, a, b))
    for start, stop in view.starts.get("month", {}).items():
        first, last = start, stop
        before = start - 1
        if (
            before >= 1
            and len(words[before].text) <= 3
            and words[before].text.isalpha()
        ):
            before -= 1  # "12 de marzo"
        if (
            before >= 0
            and _DIGITS.match(words[before].text)
            and len(words[before].text) <= 2
        ):
            first = before
        elif start >= 1 and words[start - 1].norm in ("1er", "1re"):
            first = start - 1
        if stop < len(words) and _DIGITS.match(words[stop].text):
            digits = words[stop].text
            if len(digits) <= 2 and first == start:
                last = stop + 1  # "March 12", "Mart 12"
            if last < len(words) and _YEAR.match(words[last].text):
                last += 1
            elif _YEAR.match(digits):
                last = stop + 1
        if (first, last) == (start, stop) and _in_a_name(words, start):
            continue
        a, b = view.char_span(first, last)
        out.append(_time(view, a, b))
    return sorted(out, key=lambda m: m.start)


def _in_a_name(words: list[Token], month: int) -> bool:
    """True for a capitalised month word closing a name with a particle.

    "Rio de Janeiro", "Plaza de Mayo", "Revolución de Mayo": a bare month
    after a capitalised word and "de", "do", "du" names a place or a thing,
    not a time.
    """
    if month < 2 or not words[month].text[:1].isupper():
        return False
    particle, head = words[month - 1].text, words[month - 2].text
    return particle.islower() and len(particle) <= 3 and head[:1].isupper()


def _time(view: SentenceView, start: int, end: int) -> Mention:
    offset = view.sentence.start
    return Mention(
        kind="time",
        start=start,
        end=end,
        text=view.sentence.text[start - offset : end - offset],
    )
