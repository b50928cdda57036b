"""Time mentions in any coded language + publication date -> TimeSpan (resolver).

dateparser reads weekdays, "hier", "12 mars", "вчера", "أمس" in the language
given; like the English resolver, a date is never after the reference
(publication) date, and a failed parse is None plus a debug line.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import lru_cache

import dateparser

from dateline.model import Mention, TimeSpan

logger = logging.getLogger(__name__)

_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}
# Arabic-Indic and Persian digits, which dateparser reads as letters.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def resolve_time(
    times: Iterable[Mention], reference: dt.date | None, language: str
) -> TimeSpan | None:
    """Return the day of the first time mention that parses, or None.

    Reads time mentions; returns a one-day TimeSpan, never after ``reference``.
    """
    if reference is None:
        return None
    for mention in times:
        day = _parse_day(mention.text.translate(_DIGITS), reference, language)
        if day is not None:
            return TimeSpan(start=day, end=day, text=mention.text, precision="day")
    return None


@lru_cache(maxsize=16384)
def _parse_day(text: str, reference: dt.date, language: str) -> dt.date | None:
    base = dt.datetime.combine(reference, dt.time(12))
    parsed = dateparser.parse(
        " ".join(text.split()),
        languages=[language],
        settings={**_SETTINGS, "RELATIVE_BASE": base},
    )
    if parsed is None:
        logger.debug("time %r (%s) does not parse", text, language)
        return None
    day: dt.date = parsed.date()
    if day > reference:
        # "12 mars" read in February: last year's March.
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:
            return None
        if day > reference:
            return None
    return day
