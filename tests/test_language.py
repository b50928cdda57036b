"""Language detection: a clearly English article is never left uncoded."""

from __future__ import annotations

import logging

import pytest

from dateline.language import detect_language
from dateline.model import Document
from dateline.pipeline import CODED_LANGUAGES

SHORT_AND_BOILERPLATE_ENGLISH = [
    "Gunmen kill 5",
    "Troops shelled Idlib.",
    "Drone hits depot",
    "Share this article. Follow us on Twitter. Read more. Troops shelled Idlib.",
    "Advertisement\nAdvertisement\nSubscribe now\nSign in\nMenu\n"
    "Soldiers clashed with rebels near Goma.",
    "Home | News | Sport | Weather | Cookies | Log in\nPolice fired tear gas.",
]


@pytest.mark.parametrize("text", SHORT_AND_BOILERPLATE_ENGLISH)
def test_short_or_boilerplate_english_is_coded_in_english(text):
    document = Document(id="doc-1", text=text)
    assert detect_language(document, CODED_LANGUAGES) == "en", (
        f"{text!r} would be left uncoded or coded in another language"
    )


def test_an_unsure_guess_is_said_on_stderr(caplog):
    document = Document(id="headline-1", text="Gunmen kill 5")
    with caplog.at_level(logging.WARNING, logger="dateline"):
        assert detect_language(document, CODED_LANGUAGES) == "en"
    assert any(
        "headline-1" in r.getMessage() and "unsure" in r.getMessage()
        for r in caplog.records
    ), "an unsure guess was made without a word"


def test_a_clear_language_is_kept_even_if_not_coded():
    text = "今日、東京で大きな会議が開かれ、多くの代表が参加しました。"
    assert detect_language(Document(id="ja", text=text), CODED_LANGUAGES) == "ja"
