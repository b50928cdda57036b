"""Who says so, and how sure: through the real model on sentences we wrote."""

from .conftest import code_text, only


def test_claimed_by_a_party(coder):
    event = only(
        code_text(
            coder, "ISWAP claimed that its fighters had killed 14 soldiers in Borno."
        ),
        "ASSAULT",
    )
    assert event.certainty == "claimed"
    assert event.attributed_to is not None and "ISWAP" in event.attributed_to


def test_said_credits_the_speaker(coder):
    event = only(
        code_text(
            coder, "Gunmen killed seven villagers in Zamfara, a local official said."
        ),
        "ASSAULT",
    )
    assert event.certainty == "stated"
    assert event.attributed_to == "a local official"


def test_according_to_credits_the_source(coder):
    event = only(
        code_text(
            coder,
            "According to the UN mission, peacekeepers were attacked near Bunia on Sunday.",
        ),
        "ASSAULT",
    )
    assert event.attributed_to is not None and "UN mission" in event.attributed_to


def test_reportedly_is_reported(coder):
    event = only(
        code_text(coder, "Russian forces reportedly shelled Kherson overnight."),
        "ASSAULT",
    )
    assert event.certainty == "reported"
    assert event.attributed_to is None


def test_denial_is_coded_as_denied(coder):
    events = code_text(
        coder, "The Rapid Support Forces denied attacking the camp near El Fasher."
    )
    event = only(events, "ASSAULT")
    assert event.certainty == "denied"


def test_unverified_claims_are_reported(coder):
    event = only(
        code_text(
            coder,
            "Rebels shot down a helicopter over Shan State. The claim could not be independently verified.",
        ),
        "ASSAULT",
    )
    assert event.mode == "shoot_down"


def test_figures_stay_with_their_source(coder):
    text = (
        "The army said it killed 20 militants in the raid near Bama. "
        "The militants said only three of their fighters died."
    )
    events = [e for e in code_text(coder, text) if e.fatalities is not None]
    by_value = {e.fatalities: e.attributed_to for e in events}
    assert by_value.get(20) == "The army", (
        f"the army's figure lost its source: {by_value}"
    )
    assert 3 in by_value and by_value[3] != "The army", (
        f"the militants' figure was merged: {by_value}"
    )


def test_a_party_to_the_fighting_claims_what_it_says(coder):
    event = only(
        code_text(
            coder,
            "The Nigerian army said its troops killed 15 bandits in Zamfara on Monday.",
        ),
        "ASSAULT",
    )
    assert event.certainty == "claimed", (
        "a side's own account was taken as a neutral statement"
    )


def test_a_monitor_saying_it_is_a_statement(coder):
    event = only(
        code_text(
            coder,
            "Gunmen killed four farmers in Benue on Monday, Amnesty International said.",
        ),
        "ASSAULT",
    )
    assert event.certainty == "stated"
    assert event.attributed_to == "Amnesty International"


def test_speaker_after_a_long_clause_is_credited(coder):
    # The parser hangs the speaker on the clause before it; the comma-to-verb
    # phrase is still the source.
    event = only(
        code_text(
            coder,
            "Russian warplanes struck a market in the town of Ariha in Syria's Idlib "
            "province on Tuesday, killing nine civilians and wounding 14 others, the "
            "Syrian Observatory for Human Rights said.",
        ),
        "ASSAULT",
    )
    assert event.attributed_to == "the Syrian Observatory for Human Rights"
