"""Doc -> numbers with their qualifier and unit (finder).

"more than 700 airstrikes" is at least 700 airstrikes; "only 33" is exactly 33;
"dozens of civilians" is a vague figure with a lower bound. Numbers inside
dates, times, money and percentages are not figures.
"""

from __future__ import annotations

import logging

from spacy.tokens import Doc, Token

from dateline.model import Figure, Qualifier
from dateline.resources import LanguageProfile

logger = logging.getLogger(__name__)

_NOT_FIGURES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"})


def find_figures(doc: Doc, cues: LanguageProfile) -> list[Figure]:
    """Return every counted figure in the Doc, in text order."""
    figures = []
    used: set[int] = set()
    genitive = frozenset(cues.parsed.genitive_preps if cues.parsed else ())
    for token in doc:
        if token.i in used or token.ent_type_ in _NOT_FIGURES:
            continue
        value, qualifier = _value(token, cues)
        if value is None:
            continue
        # "two hundred": take the run of number words as one value.
        end = token.i
        while (
            end + 1 < len(doc)
            and doc[end + 1].like_num
            and doc[end + 1].ent_type_ not in _NOT_FIGURES
        ):
            nxt, _ = _value(doc[end + 1], cues)
            if nxt is None:
                break
            value = value * nxt if nxt in (100, 1000, 1_000_000) else value + nxt
            end += 1
        used.update(range(token.i, end + 1))
        last = doc[end]
        counted = _counted(last, genitive)
        unit = _unit(last, counted, cues)
        if unit is None:
            continue
        start_i = _qualifier_start(doc, token.i, cues)
        qualifier = _qualifier(doc, start_i, token.i, cues) or qualifier
        end_i = max(end, counted.i) if counted is not None and counted.i > end else end
        span = doc[start_i : end_i + 1]
        figures.append(
            Figure(
                value=value,
                qualifier=qualifier,
                unit=unit,
                text=span.text,
                start=span.start_char,
                end=span.end_char,
            )
        )
    return figures


def _value(token: Token, cues: LanguageProfile) -> tuple[int | None, Qualifier]:
    lower = token.lower_
    if lower in cues.vague_numbers:
        return cues.vague_numbers[lower], "vague"
    if lower in cues.number_words:
        return cues.number_words[lower], "exact"
    if token.like_num and token.pos_ == "NUM":
        digits = lower.replace(",", "")
        if digits.isdigit():
            return int(digits), "exact"
    return None, "exact"


def _counted(token: Token, genitive: frozenset[str]) -> Token | None:
    """The noun a number counts: "700 airstrikes", "dozens of civilians"."""
    if token.dep_ in ("nummod", "quantmod") and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in genitive:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if token.head.dep_ == "nummod" and token.head.head.pos_ == "NOUN":
        return token.head.head
    return None


def _unit(number: Token, counted: Token | None, cues: LanguageProfile) -> str | None:
    killed = set(cues.killed)
    injured = set(cues.injured)
    if counted is None:
        # "killed at least 12", "the death toll rose to 30"
        head = number.head
        if head.lemma_.lower() in killed:
            return "killed"
        if head.lemma_.lower() in injured:
            return "injured"
        return None
    lemma = counted.lemma_.lower()
    if lemma in killed:
        return "killed"
    if lemma in injured:
        return "injured"
    # "killed twelve farmers", "nine others were wounded": the verb says what
    # the count is.
    if counted.dep_ in ("dobj", "nsubjpass", "nsubj", "pobj"):
        verb = counted.head if counted.dep_ != "pobj" else counted.head.head
        if verb.lemma_.lower() in killed:
            return "killed"
        if verb.lemma_.lower() in injured:
            return "injured"
    if lemma in cues.units:
        return cues.units[lemma]
    return lemma if counted.pos_ == "NOUN" else None


def _qualifier_start(doc: Doc, index: int, cues: LanguageProfile) -> int:
    phrases = (*cues.lower_bound, *cues.upper_bound, *cues.about, *cues.exact)
    for width in (3, 2, 1):
        start = index - width
        if start < 0:
            continue
        words = doc[start:index].text.lower()
        if words in phrases:
            return start
    return index


def _qualifier(
    doc: Doc, start: int, index: int, cues: LanguageProfile
) -> Qualifier | None:
    if start == index:
        return None
    words = doc[start:index].text.lower()
    if words in cues.lower_bound:
        return "at_least"
    if words in cues.upper_bound:
        return "at_most"
    if words in cues.about:
        return "about"
    if words in cues.exact:
        return "exact"
    return None
