"""Time mentions + publication date -> TimeSpan (resolver).

Dates are read with dateparser, in the document's language, relative to the
publication date and are never after it; "the ten days leading up to February
14th" becomes a range. Without a publication date, the year comes from the text
(see ``year_from_text``).

The codebook's rules come first, in every language: a weekday ("on Sunday",
"late Thursday", "dimanche soir") is the latest such day on or before
publication, the publication day itself included (dateparser takes the one a
week before); a day range ("November 27-28", "27 et 28 novembre") is a range,
never a year; a date without a written year is never more than a year before
publication. A night between two days ("nuit de dimanche à lundi") is the
first; "Mittwochabend" is Wednesday; a month without a day is the month; the
profile's ``relative_days`` ("last night", "anoche") count back from
publication.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

import dateparser

from dateline.model import Mention, TimeSpan

logger = logging.getLogger(__name__)

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "a": 1,
    "several": 3,
    "few": 3,
}
_RANGE_BEFORE = re.compile(
    r"(?:the\s+)?(?:past\s+|last\s+|previous\s+)?(\d+|[a-z]+)\s+(day|week|month)s?\s+"
    r"(?:leading\s+up\s+to|before|to|until|up\s+to|ending(?:\s+on)?|prior\s+to)\s+(.+)$",
    re.I,
)
_BETWEEN = re.compile(r"between\s+(.+?)\s+and\s+(.+)$", re.I)
# Arabic-Indic and Persian digits, which dateparser reads as letters.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_HAS_DAY = re.compile(
    r"\b\d{1,2}(st|nd|rd|th)?\b|yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|overnight",
    re.I,
)
_MONTH_ONLY = re.compile(
    r"^(?:in\s+|early\s+|late\s+|mid-?)?(january|february|march|april|may|june|july|august|september|october|november|december)(\s+\d{4})?$",
    re.I,
)
_DURATION = re.compile(
    r"^(?:for\s+|the\s+)?(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|several|few|many)\s+(?:days?|weeks?|months?|years?)$",
    re.I,
)
# "last month", "earlier this month": the month, not its first day.
_NAMED_MONTH = re.compile(
    r"^(?:earlier\s+|early\s+|late\s+|later\s+)?(last|this|past|previous)\s+month$",
    re.I,
)
# "15-year tenure", "a 12-day war": how long something lasts, not when.
_LENGTH_ADJECTIVE = re.compile(
    r"^(?:an?\s+|the\s+)?\d+-(?:day|week|month|year)s?\b", re.I
)
_WEEKEND = re.compile(r"\b(?:over\s+)?(?:the|this|last)\s+weekend\b", re.I)
_TWO_DAYS = re.compile(r"^(?:on\s+)?(\w+)\s+and\s+(\w+)$", re.I)
_WEEK = re.compile(r"\b(last|this|past)\s+week\b", re.I)
_LEADING_PREP = re.compile(r"^(on|in|at|since|from|by)\s+", re.I)
# Words dateparser reads relative to the reference by whole weeks: "Monday" is
# the last Monday before it, "yesterday" the day before. Their reading is kept
# as an offset per weekday of the reference (tests/test_dates.py checks that
# this is what dateparser returns), so each is parsed at most seven times, not
# once per publication date.
_WEEK_RELATIVE = re.compile(
    r"^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today"
    r"|tonight)$",
    re.I,
)
_week_offsets: dict[tuple[str, int], dt.timedelta | None] = {}
_WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
# Shorter forms in dateparser's locale data are abbreviations ("mo", "di",
# "пн") that collide with ordinary words.
_MIN_WEEKDAY_CHARS = 4
_WORD = re.compile(r"[\w'’ʼ\u200c]+(?:-\w+)?")
# Spellings of one letter that Arabic-script texts mix (Arabic and Persian yeh
# and kaf, hamza on alef, the joiner inside Persian compounds).
_SCRIPT_VARIANTS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ة": "ه",
        "\u200c": None,
        "ـ": None,
        "’": "'",
        "ʼ": "'",
    }
)
# "last Sunday" and its kin exclude the publication day itself.
_BEFORE_WORDS = frozenset(
    [
        "last",
        "past",
        "previous",
        "dernier",
        "dernière",
        "pasado",
        "pasada",
        "passado",
        "passada",
        "letzten",
        "letzter",
        "vergangenen",
        "geçen",
        "прошлой",
        "прошлое",
        "прошлую",
        "прошлый",
        "минулої",
        "минулого",
        "минулу",
        "минулий",
        "الماضي",
        "الماضية",
        "گذشته",
    ]
)
# "27-28 November", "November 27-28", "27 et 28 novembre": a day range in one month.
_DAY_RANGE = re.compile(
    r"^(?:(?P<m1>[^\W\d]+)\s+)?(?P<d1>\d{1,2})(?:st|nd|rd|th|er)?\s*"
    r"(?:-|–|—|to|and|et|y|e|und|ve|и|і|و|تا|al|au|bis)\s*(?P<d2>\d{1,2})"
    r"(?:st|nd|rd|th)?(?:\s+(?:de\s+)?(?P<m2>[^\W\d]+))?(?:,?\s+(?P<y>\d{4}))?$",
    re.I,
)
# A date the text gives without a year is never read further back than this.
_MAX_DAYS_BACK_WITHOUT_YEAR = 366
_VAGUE = re.compile(
    r"\b(recent|coming|next|years?|decades?|centur|ago\b.*\byears)", re.I
)


def year_from_text(text: str, today: dt.date | None = None) -> int | None:
    """Return the latest plausible year the text mentions ("comes into 2021")."""
    limit = (today or dt.date.today()).year
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= limit]
    return max(years) if years else None


def reference_date(published: dt.date | None, year_hint: int | None) -> dt.date | None:
    """The date relative expressions are read against."""
    if published is not None:
        return published
    if year_hint is not None:
        return dt.date(year_hint, 12, 31)
    return None


def resolve_date(
    times: Iterable[Mention],
    reference: dt.date | None,
    language: str = "en",
    *,
    anchored: bool = True,
    relative_days: Mapping[str, int] | None = None,
) -> TimeSpan | None:
    """Return the first time mention that resolves, or None.

    Reads times; returns a TimeSpan, never after the reference (publication)
    date. English gets ranges, weeks and weekends; the other languages a day,
    which dateparser reads in that language ("hier", "вчера", "أمس").
    ``anchored`` is False when the reference is only a year taken from the
    text: then a time needs a day number of its own ("February 14th"), since
    "Sunday" or "yesterday" cannot be placed without the publication day.
    ``relative_days`` is the language's profile's phrases for a night or day
    counted back from publication ("last night", "anoche": one day back).
    """
    if reference is None:
        return None
    for mention in times:
        text = " ".join(mention.text.translate(_DIGITS).split())
        if not anchored and not any(c.isdigit() for c in text):
            continue
        span = _relative_day(text, mention.text, reference, relative_days or {})
        if span is None:
            span = _codebook_rules(text, mention.text, reference, language)
        if span is None:
            if language == "en":
                span = parse_time(mention.text, reference)
            else:
                day = _parse_day(text, reference, language)
                if day is None:
                    span = None
                elif _names_only_a_month(text, language):
                    # "fin juillet", "febrero pasado": the month, not its 1st.
                    span = _month_span(day.replace(day=1), reference, mention.text)
                else:
                    span = TimeSpan(
                        start=day, end=day, text=mention.text, precision="day"
                    )
        if span is not None and _credible(span, text, reference):
            return span
    return None


# A page's header (headline, byline, "Published: ...", "GOMA, March 3 (Reuters)")
# fits in this many characters; a full date there is when the page appeared.
DATELINE_CHARS = 300


def without_datelines(
    times: Iterable[Mention], published: dt.date | None
) -> list[Mention]:
    """Drop the page's own date line from an event's time mentions.

    A full date with its year, written in the page's header, that is the
    publication day tells when the page appeared, not when the event happened
    ("date 2024-11-23 At least six mercenaries were killed ...").
    """
    kept = []
    for mention in times:
        if published is not None and mention.start < DATELINE_CHARS:
            text = " ".join(mention.text.translate(_DIGITS).split())
            if _YEAR.search(text) and published.isoformat() in text:
                continue
            if _YEAR.search(text) and _parse_day(text, published) == published:
                continue
        kept.append(mention)
    return kept


def _relative_day(
    text: str, original: str, reference: dt.date, relative_days: Mapping[str, int]
) -> TimeSpan | None:
    """A night or day named by its distance from publication ("last night")."""
    if not relative_days or any(c.isdigit() for c in text):
        return None
    folded = f" {_folded_words(text)} "
    for phrase, back in relative_days.items():
        key = _folded_words(phrase)
        if key and f" {key} " in folded:
            day = reference - dt.timedelta(days=back)
            return TimeSpan(start=day, end=day, text=original, precision="day")
    return None


def _codebook_rules(
    text: str, original: str, reference: dt.date, language: str
) -> TimeSpan | None:
    """The weekday and day-range rules of the codebook, before dateparser."""
    if not any(c.isdigit() for c in text):
        weekday = weekday_named(text, language)
        if weekday is None:
            weekday = _night_between(text, language)
        if weekday is not None:
            back = (reference.weekday() - weekday) % 7
            words = {w.casefold() for w in _WORD.findall(text)}
            if back == 0 and words & _BEFORE_WORDS:
                back = 7
            day = reference - dt.timedelta(days=back)
            return TimeSpan(start=day, end=day, text=original, precision="day")
        return None
    match = _DAY_RANGE.match(_LEADING_PREP.sub("", text).strip())
    if match and (match.group("m1") or match.group("m2")):
        month = match.group("m1") or match.group("m2")
        year = f" {match.group('y')}" if match.group("y") else ""
        first = _parse_day(f"{match.group('d1')} {month}{year}", reference, language)
        last = _parse_day(f"{match.group('d2')} {month}{year}", reference, language)
        if first and last and first < last:
            return TimeSpan(start=first, end=last, text=original, precision="range")
    return None


def _credible(span: TimeSpan, text: str, reference: dt.date) -> bool:
    """False for a date read far back although the text gives no year."""
    if _YEAR.search(text):
        return True
    return (reference - span.start).days <= _MAX_DAYS_BACK_WITHOUT_YEAR


@cache
def _weekday_names(language: str) -> dict[str, int]:
    """Weekday names of a language, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(language).info
    except (KeyError, ValueError):
        return {}
    names: dict[str, int] = {}
    for index, day in enumerate(_WEEKDAYS):
        for name in info.get(day, ()):
            key = _fold(name).replace(" ", "")
            # The first day to claim a spelling keeps it (a locale file lists
            # "دو شنبه", Monday, under Saturday too).
            if len(key) >= _MIN_WEEKDAY_CHARS and key not in names:
                names[key] = index
    return names


_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@cache
def _month_names(language: str) -> frozenset[str]:
    """Month names of a language, from dateparser's locale data."""
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(language).info
    except (KeyError, ValueError):
        return frozenset()
    return frozenset(_fold(n) for m in _MONTHS for n in info.get(m, ()) if len(n) > 2)


def _names_only_a_month(text: str, language: str) -> bool:
    """True for a month without a day number: "juillet", "febrero pasado"."""
    if any(c.isdigit() for c in text):
        return False
    names = _month_names(language)
    return any(_fold(w) in names for w in _WORD.findall(text))


@lru_cache(maxsize=4096)
def _folded_words(text: str) -> str:
    """The words of a text, folded and joined by single spaces."""
    return " ".join(_fold(w) for w in _WORD.findall(text))


def _fold(word: str) -> str:
    return word.casefold().translate(_SCRIPT_VARIANTS)


def weekday_named(text: str, language: str) -> int | None:
    """The weekday (0 is Monday) a time expression names, if it names one.

    Words are compared with one spelling per letter; two words written apart
    ("پنج شنبه") are read as one.
    """
    names = _weekday_names(language)
    words = [_fold(w) for w in _WORD.findall(text)]
    found = set()
    skip = False
    for here, after in zip(words, [*words[1:], ""], strict=True):
        if skip:
            skip = False
        elif here + after in names and after:
            found.add(names[here + after])
            skip = True
        elif here in names:
            found.add(names[here])
        else:
            day = _compound_weekday(here, names)
            if day is not None:
                found.add(day)
    return found.pop() if len(found) == 1 else None


# "Saturday and Sunday", "samedi et dimanche": two days, not a night.
_AND = frozenset(["and", "et", "y", "e", "und", "и", "і", "ve", "و"])


def _night_between(text: str, language: str) -> int | None:
    """The first day of a night named by the two days it joins.

    "dans la nuit de dimanche à lundi" is Sunday's night: the dev gold dates
    it by the first day (three of three French cases).
    """
    names = _weekday_names(language)
    words = [_fold(w) for w in _WORD.findall(text)]
    days = [names[w] for w in words if w in names]
    if len(days) != 2 or (days[0] + 1) % 7 != days[1] or set(words) & _AND:
        return None
    return days[0]


# "Dienstagabend", "Sonntagmorgen": a weekday and a part of the day written as
# one word; the part is at least this long, so an inflected weekday is not one.
_MIN_DAY_PART_CHARS = 4


def _compound_weekday(word: str, names: dict[str, int]) -> int | None:
    """The weekday a compound word starts with ("mittwochabend"), if any."""
    for end in range(len(word) - _MIN_DAY_PART_CHARS, _MIN_WEEKDAY_CHARS - 1, -1):
        if word[:end] in names and word[end:].isalpha():
            return names[word[:end]]
    return None


def parse_time(text: str, reference: dt.date) -> TimeSpan | None:
    """Parse one time expression against the publication date."""
    clean = " ".join(text.split())
    match = _RANGE_BEFORE.search(clean)
    if match:
        count = _count(match.group(1))
        end = _parse_day(match.group(3), reference)
        if count is not None and end is not None:
            start = end - dt.timedelta(days=count * _UNIT_DAYS[match.group(2).lower()])
            return TimeSpan(start=start, end=end, text=text, precision="range")
    match = _BETWEEN.search(clean)
    if match:
        first = _parse_day(match.group(1), reference)
        last = _parse_day(match.group(2), reference)
        if first and last and first <= last:
            return TimeSpan(start=first, end=last, text=text, precision="range")
    if _DURATION.match(clean) or _LENGTH_ADJECTIVE.match(clean):
        # "for seven months", "two weeks": how long, not when.
        return None
    if _WEEK.search(clean):
        monday = reference - dt.timedelta(days=reference.weekday())
        if "this" in clean.lower():
            start, end = monday, reference
        else:
            start = monday - dt.timedelta(days=7)
            end = start + dt.timedelta(days=6)
        return TimeSpan(
            start=start, end=min(end, reference), text=text, precision="week"
        )
    if _WEEKEND.search(clean):
        # The weekend before publication: Saturday and Sunday.
        saturday = reference - dt.timedelta(days=(reference.weekday() - 5) % 7)
        end = min(saturday + dt.timedelta(days=1), reference)
        return TimeSpan(start=saturday, end=end, text=text, precision="range")
    match = _TWO_DAYS.match(clean)
    if match:
        first = _parse_day(match.group(1), reference)
        last = _parse_day(match.group(2), reference)
        if first and last and first <= last:
            return TimeSpan(start=first, end=last, text=text, precision="range")
    if _VAGUE.search(clean) and not _HAS_DAY.search(clean):
        return None
    named = _NAMED_MONTH.match(clean.strip())
    if named:
        first = reference.replace(day=1)
        if named.group(1).lower() != "this":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        return _month_span(first, reference, text)
    month = _MONTH_ONLY.match(clean.strip())
    if month:
        day = _parse_day(month.group(1) + (month.group(2) or ""), reference)
        if day is None:
            return None
        return _month_span(day.replace(day=1), reference, text)
    day = _parse_day(clean, reference)
    if day is None:
        return None
    return TimeSpan(start=day, end=day, text=text, precision="day")


def _month_span(start: dt.date, reference: dt.date, text: str) -> TimeSpan:
    """The month beginning on ``start``, cut at the reference date."""
    nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = min(nxt - dt.timedelta(days=1), reference)
    return TimeSpan(start=start, end=end, text=text, precision="month")


def _dateparser_day(text: str, reference: dt.date, language: str) -> dt.date | None:
    base = dt.datetime.combine(reference, dt.time(12))
    parsed = dateparser.parse(
        text,
        languages=[language],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return None if parsed is None else parsed.date()


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _WORD_NUMBERS.get(word.lower())


@lru_cache(maxsize=16384)
def _parse_day(text: str, reference: dt.date, language: str = "en") -> dt.date | None:
    if language == "en":
        text = _LEADING_PREP.sub("", text.strip())
    if language == "en" and _WEEK_RELATIVE.match(text):
        key = (text, reference.weekday())
        if key not in _week_offsets:
            parsed = _dateparser_day(text, reference, language)
            _week_offsets[key] = None if parsed is None else parsed - reference
        offset = _week_offsets[key]
        found = None if offset is None else reference + offset
    else:
        found = _dateparser_day(text, reference, language)
    if found is None:
        logger.debug("time %r (%s) does not parse", text, language)
        return None
    day: dt.date = found
    if day > reference:
        # "February 14th" read in January: the last February, not the next.
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:
            return None
        if day > reference:
            return None
    return day
