"""Place names the parser-free finder reads, and the words it must not read as places."""

from __future__ import annotations

from dateline.model import Document, content_id
from dateline.pipeline import Coder


def place_texts(coder: Coder, text: str, language: str) -> list[str]:
    doc = Document(id=content_id(text), text=text, language=language)
    return [m.text for m in coder.multilingual().find(doc, language).places]


def test_a_noun_after_da_in_a_name_is_not_a_town(coder: Coder) -> None:
    text = "Os manifestantes subiram as escadarias da Assembleia da República."
    assert "República" not in place_texts(coder, text, "pt"), (
        "'Assembleia da República' is Portugal's parliament, not República, Brazil"
    )


def test_a_town_after_de_in_a_name_is_still_a_town(coder: Coder) -> None:
    text = "La Fiscalía pidió al Juzgado de Garantía de Cañete ampliar la detención."
    assert "Cañete" in place_texts(coder, text, "es"), (
        "a town's name takes no article: the court is in Cañete"
    )
