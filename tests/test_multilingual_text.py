"""Sentences of the languages read without a parser."""

from __future__ import annotations

from dateline.multilingual.text import split_sentences

MONTHS = frozenset({"oktober", "juni"})


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b, _ in split_sentences(text, MONTHS)]


def test_an_ordinal_day_before_a_month_does_not_end_the_sentence() -> None:
    text = "Am 28. Oktober wurde ein Konvoi bei Kati angegriffen. Es gab Tote."
    assert sentences(text) == [
        "Am 28. Oktober wurde ein Konvoi bei Kati angegriffen.",
        "Es gab Tote.",
    ], "the attack keeps its day and its subject in one sentence"


def test_a_number_that_ends_a_sentence_still_ends_it() -> None:
    text = "Die Zahl der Toten stieg auf 12. Danach kam es zu Kämpfen."
    assert sentences(text) == [
        "Die Zahl der Toten stieg auf 12.",
        "Danach kam es zu Kämpfen.",
    ], "only a month name after it makes a number with a dot a day"
