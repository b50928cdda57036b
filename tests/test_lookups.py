"""The coder's own look-ups find what the plain readings they replace find.

The trigger phrases and the case-sensitive dictionary names are looked up by
dict rather than by a spaCy ``Matcher`` (which tries every pattern at every
token); these tests build the Matcher patterns the tables stand for and check
that both find the same spans, on sentences written for these tests. The
paragraph index is checked against reading every token.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from dateline.events import EventFinder
from dateline.events.context import paragraph_index
from dateline.resources import Trigger

_BLANK = spacy.blank("en")

SENTENCES = [
    "The two navies held a joint military exercise on Monday.",
    "Sirens sounded as an air raid alert was declared across the region.",
    "A suicide car bomb exploded near the checkpoint, and troops carried out "
    "an attack on the village before they pulled out.",
    "Rebels shot down a helicopter and exchanged fire with the army; a "
    "cease-fire was agreed after an exchange of prisoners.",
    "The SDF said IS fighters and HTS units launched drone strikes at dawn.",
    "Air strikes and an air-strike on Idlib were reported by the SOHR.",
]


def _trigger_matcher(coder: Any) -> tuple[Matcher, Any]:
    nlp = coder.pipeline("en")
    finder = coder.backend("en").finder  # type: ignore[attr-defined]
    matcher = Matcher(nlp.vocab)
    gap = {
        "POS": {"IN": ["DET", "ADJ", "NUM", "PRON", "ADV", "PART"]},
        "OP": "{0,2}",
    }
    for key, trig in finder.lookup.triggers.items():
        words = trig.words.split()
        if len(words) == 1:
            continue
        pattern: list[dict[str, Any]] = []
        for n, word in enumerate(words):
            if n:
                pattern.append(gap)
            pattern.append({"LEMMA": {"IN": [word, word.capitalize(), word.upper()]}})
        matcher.add(key, [pattern])
    return matcher, finder


@pytest.mark.parametrize("text", SENTENCES)
def test_trigger_phrases_match_as_the_spacy_matcher_does(coder, text):
    matcher, finder = _trigger_matcher(coder)
    doc = coder.pipeline("en")(text)
    expected = [
        (doc.vocab.strings[match_id], start, end)
        for match_id, start, end in matcher(doc)
    ]
    found = finder.lookup.phrase_matches([t.lemma_ for t in doc], [t.pos_ for t in doc])
    assert sorted(found) == sorted(set(expected))
    assert len(found) == len(set(found)), "a match was returned twice"


def test_the_phrase_naming_more_words_comes_first(coder):
    _, finder = _trigger_matcher(coder)
    doc = coder.pipeline("en")(SENTENCES[0])
    found = finder.lookup.phrase_matches([t.lemma_ for t in doc], [t.pos_ for t in doc])
    same_span = [
        key
        for key, start, end in found
        if doc[start:end].text == "joint military exercise"
    ]
    words = [finder.lookup.triggers[key].words for key in same_span]
    assert words[0] == "joint military exercise", words


def test_phrase_gap_is_up_to_two_function_words(resources):
    finder = EventFinder(
        Vocab(),
        [Trigger(words="set fire", pos="VERB", type="ASSAULT")],
        resources.profiles["en"],
        resources.ontology,
    )

    def ends(lemmas: str, pos: str) -> list[int]:
        return [
            end
            for _, _, end in finder.lookup.phrase_matches(lemmas.split(), pos.split())
        ]

    assert ends("set fire", "VERB NOUN") == [2]
    assert ends("Set a big fire", "VERB DET ADJ NOUN") == [4]
    assert ends("set a very big fire", "VERB DET ADV ADJ NOUN") == []
    assert ends("set the house fire", "VERB DET NOUN NOUN") == []
    # A gap word may also be the next word: both readings are found.
    assert ends("set fire fire", "VERB ADJ NOUN") == [2, 3]


@pytest.mark.parametrize("text", SENTENCES)
def test_case_sensitive_names_match_as_the_spacy_matcher_does(coder, text):
    nlp = coder.pipeline("en")
    component = nlp.get_pipe("dateline_entities")
    matcher = Matcher(nlp.vocab)
    for entries in component.exact.values():
        for words, key in entries:
            matcher.add(key, [[{"ORTH": word} for word in words]])
    doc = nlp(text)
    expected = {
        (doc.vocab.strings[match_id], start, end)
        for match_id, start, end in matcher(doc)
    }
    found = component._exact_matches(doc)
    assert sorted(found) == sorted(expected)
    assert found or "IS" not in text


@given(
    st.lists(
        st.sampled_from(["word", "Two", ".", " ", "\n", "\n\n", " \n ", "\t", "\r\n"]),
        max_size=40,
    )
)
def test_paragraph_index_is_a_count_of_blank_lines_before_each_token(parts):
    doc = _BLANK("".join(parts))
    expected = []
    paragraph = 0
    for token in doc:
        if "\n\n" in token.text or (token.is_space and token.text.count("\n") >= 2):
            paragraph += 1
        expected.append(paragraph)
    assert paragraph_index(doc, doc.text) == expected
