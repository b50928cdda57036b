"""Figures with qualifiers and units, through the real model."""

from .conftest import code_text, only


def test_more_than_700_is_a_lower_bound(coder):
    event = only(
        code_text(
            coder,
            "The coalition carried out more than 700 airstrikes on militant positions in Marib.",
        ),
        "ASSAULT",
    )
    (figure,) = [f for f in event.figures if f.unit == "airstrikes"]
    assert (figure.value, figure.qualifier) == (700, "at_least")


def test_only_33_is_exact_and_counts_as_fatalities(coder):
    event = only(
        code_text(coder, "Local monitors said only 33 fighters had been killed."),
        "ASSAULT",
    )
    assert event.fatalities == 33


def test_number_words_are_read(coder):
    event = only(
        code_text(coder, "Bandits killed twelve farmers near Gusau on Saturday."),
        "ASSAULT",
    )
    assert event.fatalities == 12


def test_injured_are_kept_apart_from_dead(coder):
    events = code_text(
        coder,
        "A roadside bomb killed four soldiers and wounded nine others in Helmand.",
    )
    assert any(e.fatalities == 4 for e in events), [
        (e.trigger.text, e.fatalities, e.injured) for e in events
    ]
    assert any(e.injured == 9 for e in events), [
        (e.trigger.text, e.fatalities, e.injured) for e in events
    ]


def test_dozens_is_no_exact_count(coder):
    event = only(
        code_text(coder, "Dozens of civilians were killed in shelling on Avdiivka."),
        "ASSAULT",
    )
    assert event.fatalities is None, "a vague figure became a count"
    assert any(f.qualifier == "vague" for f in event.figures)
