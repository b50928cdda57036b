"""One language profile: one schema and one loader for the cues of every language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dateline.errors import DataFileError
from dateline.resources import (
    LanguageProfile,
    LexiconCues,
    ParsedCues,
    Resources,
    load_profile,
)
from dateline.settings import DATA_DIR

LANGUAGES = ("ar", "de", "en", "es", "fa", "fr", "pt", "ru", "tr", "uk")


def _write(tmp_path: Path, text: str, name: str = "xx.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


_CORE = """\
source: our own test file
speech_verbs: {say: stated}
according_to: [according to]
reported: [reportedly]
speculative: [perhaps]
negation: [not]
irrealis: [will]
killed: [kill]
injured: [injure]
units: {soldier: soldiers}
number_words: {two: 2}
locative_preps: [in]
"""


def test_every_language_loads_into_one_profile_schema(resources: Resources) -> None:
    assert sorted(resources.profiles) == list(LANGUAGES), (
        "a language's cues are not loaded into Resources.profiles"
    )
    for language, profile in resources.profiles.items():
        assert isinstance(profile, LanguageProfile)
        assert profile.language == language
        assert profile.speech_verbs, f"{language}: no attribution verbs"
        assert profile.negation, f"{language}: no negation words"
    assert resources.profiles["en"].parsed is not None, "English lost its parser cues"
    for language in set(LANGUAGES) - {"en"}:
        assert resources.profiles[language].lexicon is not None, (
            f"{language}: the word-order backend would have nothing to read"
        )


def test_a_section_of_the_core_alone_is_a_valid_profile(tmp_path: Path) -> None:
    profile = load_profile(_write(tmp_path, _CORE))
    assert profile.parsed is None and profile.lexicon is None
    assert profile.speech_verbs == {"say": "stated"}


def test_unknown_key_stops_loading_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _CORE + "negaton: [never]\n")
    with pytest.raises(DataFileError) as error:
        load_profile(path)
    assert error.value.line == 13, "the error does not name the typo's line"
    assert "negaton" in str(error.value)


def test_unknown_key_in_a_backend_section_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _CORE + "parsed:\n  light_verbs: [carry]\n  lite: [x]\n")
    with pytest.raises(DataFileError) as error:
        load_profile(path)
    assert error.value.line == 15
    assert "parsed.'lite'" in str(error.value)


def test_a_bad_value_names_the_key_and_its_line(tmp_path: Path) -> None:
    text = _CORE.replace("speech_verbs: {say: stated}", "speech_verbs: {say: sure}")
    with pytest.raises(DataFileError) as error:
        load_profile(_write(tmp_path, text))
    assert error.value.line == 2, "the error does not point at the bad certainty"
    assert "speech_verbs" in str(error.value)


def test_a_profile_without_source_is_refused(tmp_path: Path) -> None:
    text = _CORE.replace("source: our own test file\n", "")
    with pytest.raises(DataFileError, match="source"):
        load_profile(_write(tmp_path, text))


def test_every_profile_key_is_documented() -> None:
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## cues/{language}.yaml") :]
    keys = {
        f.name
        for cls in (LanguageProfile, ParsedCues, LexiconCues)
        for f in dataclasses.fields(cls)
    } - {"language"}
    missing = sorted(k for k in keys if f"`{k}`" not in section)
    assert not missing, f"profile keys not documented in data/README.md: {missing}"


def test_organ_ids_come_from_the_actor_templates(resources: Resources) -> None:
    military = resources.military_of("SYR")
    assert military is not None and military.name == "Military Forces of Syria"
    assert resources.is_organ(military.id, "military")
    assert not resources.is_organ(military.id, "government")
    police = resources.organ_of("NGA", "police")
    assert police is not None and police.country == "NGA"


def test_bilateral_types_are_marked_in_the_ontology(resources: Resources) -> None:
    symmetric = {t for t, d in resources.ontology.items() if d.symmetric}
    assert symmetric == {"CONSULT", "AGREE", "COOPERATE"}
