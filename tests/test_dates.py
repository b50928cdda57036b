import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from dateline.dates import parse_time, resolve_date, year_from_text
from dateline.model import Mention

PUBLISHED = dt.date(2021, 2, 15)


def _m(text: str) -> Mention:
    return Mention(kind="time", start=0, end=len(text), text=text)


def test_days_leading_up_to_a_date_become_a_range():
    span = parse_time("the ten days leading up to February 14th", PUBLISHED)
    assert span is not None
    assert (span.start, span.end, span.precision) == (
        dt.date(2021, 2, 4),
        dt.date(2021, 2, 14),
        "range",
    )


def test_weekday_is_the_one_before_publication():
    span = parse_time("Tuesday", dt.date(2024, 3, 15))  # a Friday
    assert span is not None and span.start == dt.date(2024, 3, 12)


def test_yesterday_is_the_day_before_publication():
    span = parse_time("yesterday", dt.date(2023, 8, 22))
    assert span is not None and span.start == dt.date(2023, 8, 21)


def test_between_two_days_is_a_range():
    span = parse_time("between March 3 and March 5", dt.date(2024, 3, 20))
    assert span is not None and (span.start, span.end) == (
        dt.date(2024, 3, 3),
        dt.date(2024, 3, 5),
    )


def test_a_month_covers_the_month_up_to_publication():
    span = parse_time("January", dt.date(2022, 3, 1))
    assert span is not None and (span.start, span.end, span.precision) == (
        dt.date(2022, 1, 1),
        dt.date(2022, 1, 31),
        "month",
    )


def test_a_later_day_of_the_year_means_last_year():
    span = parse_time("December 20", dt.date(2022, 1, 5))
    assert span is not None and span.start == dt.date(2021, 12, 20)


def test_vague_periods_give_no_date():
    assert parse_time("recent months", PUBLISHED) is None


def test_year_comes_from_the_text_when_no_date_is_given():
    assert (
        year_from_text(
            "The further the world comes into 2021, the more it resembles 2014."
        )
        == 2021
    )


def test_no_reference_date_gives_no_date():
    assert resolve_date([_m("February 14th")], None) is None


@given(
    published=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    phrase=st.sampled_from(
        [
            "yesterday",
            "Monday",
            "last week",
            "March 3",
            "on 12 October",
            "earlier this month",
            "the five days to March 3",
            "in June",
        ]
    ),
)
def test_date_is_never_after_publication(published, phrase):
    span = parse_time(phrase, published)
    if span is not None:
        assert span.start <= span.end <= published, (
            f"{phrase!r} read against {published} gave {span}"
        )


def test_last_week_is_the_previous_monday_to_sunday():
    span = parse_time("last week", dt.date(2024, 9, 30))  # a Monday
    assert span is not None and (span.start, span.end) == (
        dt.date(2024, 9, 23),
        dt.date(2024, 9, 29),
    )


def test_the_weekend_is_saturday_and_sunday_before_publication():
    span = parse_time("over the weekend", dt.date(2024, 9, 30))
    assert span is not None and (span.start, span.end) == (
        dt.date(2024, 9, 28),
        dt.date(2024, 9, 29),
    )


def test_two_named_days_are_a_range():
    span = parse_time("Friday and Saturday", dt.date(2024, 9, 30))
    assert span is not None and (span.start, span.end) == (
        dt.date(2024, 9, 27),
        dt.date(2024, 9, 28),
    )


def test_a_duration_is_not_a_date():
    assert parse_time("seven months", dt.date(2024, 9, 30)) is None


def test_weekday_words_read_as_dateparser_reads_them_on_any_date():
    # _parse_day keeps "Monday" or "yesterday" as an offset per weekday of the
    # publication date; dateparser must agree on every date, across a year end
    # and a leap day.
    from dateline.dates import _dateparser_day, _parse_day

    words = ["Monday", "tuesday", "Wednesday", "THURSDAY", "Friday", "Saturday"]
    words += ["Sunday", "yesterday", "Today", "tonight", "on Sunday"]
    reference = dt.date(2023, 12, 20)
    while reference < dt.date(2024, 3, 10):
        for word in words:
            bare = word.removeprefix("on ")
            assert _parse_day(word, reference) == _dateparser_day(
                bare, reference, "en"
            ), (
                word,
                reference,
            )
        reference += dt.timedelta(days=3)


def test_a_weekday_equal_to_the_publication_day_is_that_day_in_every_language():
    sunday = dt.date(2024, 3, 3)
    for text, language in [
        ("on Sunday", "en"),
        ("dimanche soir", "fr"),
        ("в воскресенье", "ru"),
        ("у неділю", "uk"),
        ("يوم الأحد", "ar"),
        ("روز یکشنبه", "fa"),
        ("Pazar günü", "tr"),
        ("am Sonntag", "de"),
        ("el domingo", "es"),
        ("no domingo", "pt"),
    ]:
        span = resolve_date([_m(text)], sunday, language)
        assert span is not None and span.start == sunday, (text, language, span)


def test_last_weekday_is_a_week_back_when_it_is_the_publication_weekday():
    sunday = dt.date(2024, 3, 3)
    span = resolve_date([_m("last Sunday")], sunday)
    assert span is not None and span.start == dt.date(2024, 2, 25)


def test_part_of_day_keeps_the_weekday():
    span = resolve_date([_m("late Thursday")], dt.date(2024, 3, 3))
    assert span is not None and span.start == dt.date(2024, 2, 29)


def test_persian_weekdays_written_apart_or_joined_are_one_day():
    saturday = dt.date(2024, 3, 2)
    for text, expected in [("سه‌شنبه", 27), ("پنج شنبه", 29), ("شنبه", 2)]:
        span = resolve_date([_m(text)], saturday, "fa")
        assert span is not None and span.start.day == expected, (text, span)


def test_a_day_range_is_never_read_as_a_year():
    span = resolve_date([_m("November 27-28")], dt.date(2024, 12, 1))
    assert span is not None
    assert (span.start, span.end, span.precision) == (
        dt.date(2024, 11, 27),
        dt.date(2024, 11, 28),
        "range",
    )
    span = resolve_date([_m("27 et 28 février")], dt.date(2024, 3, 1), "fr")
    assert span is not None and (span.start.day, span.end.day) == (27, 28)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_date_without_a_year_is_within_a_year_of_publication(published):
    for text in ("in March", "March 3", "the previous morning", "Tuesday"):
        span = resolve_date([_m(text)], published)
        if span is not None:
            assert 0 <= (published - span.start).days <= 366, (text, span)


def test_without_a_publication_day_a_weekday_gives_no_date():
    # The year of "the 1971 war" says nothing about which Sunday is meant.
    reference = dt.date(1971, 12, 31)
    assert resolve_date([_m("on Sunday")], reference, anchored=False) is None
    span = resolve_date([_m("February 14th")], reference, anchored=False)
    assert span is not None and span.start == dt.date(1971, 2, 14)


def test_the_pages_own_date_line_is_not_the_events_time():
    from dateline.dates import without_datelines

    header = Mention(kind="time", start=5, end=15, text="2024-11-23")
    body = Mention(kind="time", start=900, end=906, text="Sunday")
    kept = without_datelines([header, body], dt.date(2024, 11, 23))
    assert kept == [body], "the header's date says when the page appeared"
    old = Mention(kind="time", start=5, end=18, text="Nov. 14, 2020")
    assert without_datelines([old], dt.date(2024, 11, 23)) == [old]


def test_last_month_is_the_whole_month_not_its_first_day():
    span = parse_time("last month", dt.date(2024, 2, 19))
    assert span is not None and (span.start, span.end, span.precision) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 1, 31),
        "month",
    ), "'last month' must not be dated to a single day"


def test_a_length_written_as_an_adjective_is_no_date():
    assert parse_time("15-year", dt.date(2024, 8, 4)) is None
    assert parse_time("a 12-day", dt.date(2024, 8, 4)) is None


def test_night_words_of_every_language_count_back_from_publication(resources):
    published = dt.date(2024, 5, 15)
    cases = [
        ("en", "late last night", dt.date(2024, 5, 14)),
        ("es", "anoche", dt.date(2024, 5, 14)),
        ("fa", "شب گذشته", dt.date(2024, 5, 14)),
        ("ar", "الليلة الماضية", dt.date(2024, 5, 14)),
        ("ru", "ночью", dt.date(2024, 5, 15)),
        ("uk", "вночі", dt.date(2024, 5, 15)),
    ]
    for language, text, day in cases:
        span = resolve_date(
            [_m(text)],
            published,
            language,
            relative_days=resources.profiles[language].relative_days,
        )
        assert span is not None and span.start == day, (language, text, span)


def test_a_weekday_written_with_its_part_of_the_day_is_that_weekday():
    # 2025-12-25 is a Thursday: "late Wednesday evening" is the day before.
    span = resolve_date([_m("am späten Mittwochabend")], dt.date(2025, 12, 25), "de")
    assert span is not None and span.start == dt.date(2025, 12, 24)


def test_a_night_between_two_days_is_the_first_day():
    # 2024-10-28 is a Monday: the night from Sunday to Monday is Sunday's.
    for text in ("nuit de dimanche à lundi", "nuit du dimanche au lundi"):
        span = resolve_date([_m(text)], dt.date(2024, 10, 28), "fr")
        assert span is not None and span.start == dt.date(2024, 10, 27), text


def test_two_days_joined_by_and_are_not_a_night():
    span = resolve_date([_m("samedi et dimanche")], dt.date(2024, 10, 28), "fr")
    assert span is None or span.start != dt.date(2024, 10, 26)


def test_a_month_without_a_day_is_the_month_in_every_language():
    for language, text in (("fr", "juillet"), ("es", "febrero"), ("pt", "maio")):
        span = resolve_date([_m(text)], dt.date(2025, 9, 9), language)
        assert span is not None and span.precision == "month", (language, span)
        assert span.start.day == 1 and span.end.day > 27, (language, span)
